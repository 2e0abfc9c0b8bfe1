"""The public pages' shell: small, accessible HTML that works without JavaScript, in `en` or `nl`.

Pages (consent, survey) render their own body with `esc` and wrap it with `layout`; `wants_json` and
`locale_of` are what both pages need to answer in the customer's format and language (dates:
shared/notices.py).
"""
from __future__ import annotations

import html

esc = html.escape

STYLE = ("body{font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem;"
         "color:#1b1b1b}h1{font-size:1.5rem}fieldset{border:1px solid #8a8a8a;margin:1rem 0;padding:.5rem 1rem}"
         "button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}.error{color:#a4000f;font-weight:600}"
         "label{display:block;margin:.25rem 0}:focus{outline:3px solid #005fcc}")

GONE = {
    "en": ("This link is no longer valid",
           "The link was already used, was replaced by a newer one, or its time ran out. "
           "If you still need to answer, ask the partner who contacted you to send a new link."),
    "nl": ("Deze link is niet meer geldig",
           "De link is al gebruikt, vervangen door een nieuwere, of verlopen. "
           "Moet u nog antwoorden? Vraag de partner die contact met u opnam om een nieuwe link."),
}

def layout(title: str, body: str, locale: str = "en") -> str:
    return (f'<!doctype html><html lang="{esc(locale)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
            f'<body><main id="main"><h1>{esc(title)}</h1>{body}</main></body></html>')


def gone_page(locale: str = "en") -> str:
    title, text = GONE.get(locale, GONE["en"])
    return layout(title, f"<p>{esc(text)}</p>", locale)


def wants_json(accept: str | None) -> bool:
    return "application/json" in (accept or "").lower()


def locale_of(accept_language: str | None) -> str:
    """The locale for a page with no link behind it (unknown token): the browser's first language."""
    return "nl" if (accept_language or "").split(",")[0].strip().lower().startswith("nl") else "en"
