"""The public pages' shell: small, accessible HTML that works without JavaScript, in `en` or `nl`.

Pages (consent, survey) render their own body with `esc` and wrap it with `layout`; `wants_json` and
`locale_of` are what both pages need to answer in the customer's format and language (dates:
shared/domain/notices.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

esc = html.escape

STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem;"
    "color:#1b1b1b}h1{font-size:1.5rem}fieldset{border:1px solid #8a8a8a;margin:1rem 0;padding:.5rem 1rem}"
    "button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}.error{color:#a4000f;font-weight:600}"
    "label{display:block;margin:.25rem 0}:focus{outline:3px solid #005fcc}"
    ".program{font-weight:600;margin:0}.from{margin:0;color:#404040}"
    "footer{border-top:1px solid #8a8a8a;margin-top:2rem;padding-top:.5rem;font-size:.9rem;color:#404040}"
)

# The frame of every public page: the program, who the page is from, whom to ask, and what happens to
# the answer.
FRAME = {
    "en": {
        "program": "Workshop Claims: the partner incentive program for customer workshops",
        "from": "On behalf of {partner}",
        "ask": "Questions? Ask {name} at {partner}:",
        "privacy": "Privacy: your answer is used only to fund this workshop, and only {who} and the program's "
        "reviewers see it.",
        "the_partner": "the partner",
    },
    "nl": {
        "program": "Workshop Claims: het partnerstimuleringsprogramma voor klantworkshops",
        "from": "Namens {partner}",
        "ask": "Vragen? Neem contact op met {name} van {partner}:",
        "privacy": "Privacy: uw antwoord wordt alleen gebruikt voor de financiering van deze workshop, en "
        "alleen {who} en de beoordelaars van het programma zien het.",
        "the_partner": "de partner",
    },
}
GONE = {
    "en": (
        "This link is no longer valid",
        "The link was already used, was replaced by a newer one, or its time ran out. "
        "If you still need to answer, ask the partner who contacted you to send a new link.",
    ),
    "nl": (
        "Deze link is niet meer geldig",
        "De link is al gebruikt, vervangen door een nieuwere, of verlopen. "
        "Moet u nog antwoorden? Vraag de partner die contact met u opnam om een nieuwe link.",
    ),
}
RECORDED = {
    "en": (
        "Your answer was already recorded",
        "We received this same answer before, so nothing has changed. You can close this page.",
    ),
    "nl": (
        "Uw antwoord was al vastgelegd",
        "We hadden precies dit antwoord al ontvangen, dus er is niets veranderd. U kunt deze pagina sluiten.",
    ),
}


@dataclass(frozen=True)
class Sender:
    """Who a public page is from: the partner, and the person there the reader may ask."""

    partner_name: str
    contact_name: str | None = None
    contact_email: str | None = None


def layout(title: str, body: str, locale: str = "en", sender: Sender | None = None) -> str:
    f = FRAME.get(locale, FRAME["en"])
    header = f'<p class="program">{esc(f["program"])}</p>'
    footer = ""
    if sender:
        header += f'<p class="from">{esc(f["from"].format(partner=sender.partner_name))}</p>'
        if sender.contact_name and sender.contact_email:
            ask = f["ask"].format(name=sender.contact_name, partner=sender.partner_name)
            footer = f'<p>{esc(ask)} <a href="mailto:{esc(sender.contact_email)}">{esc(sender.contact_email)}</a></p>'
    footer += f"<p>{esc(f['privacy'].format(who=sender.partner_name if sender else f['the_partner']))}</p>"
    return (
        f'<!doctype html><html lang="{esc(locale)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f'<body><header>{header}</header><main id="main"><h1>{esc(title)}</h1>{body}</main>'
        f"<footer>{footer}</footer></body></html>"
    )


def gone_page(locale: str = "en") -> str:
    title, text = GONE.get(locale, GONE["en"])
    return layout(title, f"<p>{esc(text)}</p>", locale)


def recorded_page(locale: str, sender: Sender | None = None) -> str:
    """The very same answer posted again (a double click, back + resubmit): told so, nothing changes."""
    title, text = RECORDED.get(locale, RECORDED["en"])
    return layout(title, f'<p role="status">{esc(text)}</p>', locale, sender)


def wants_json(accept: str | None) -> bool:
    return "application/json" in (accept or "").lower()


def locale_of(accept_language: str | None) -> str:
    """The locale for a page with no link behind it (unknown token): the browser's first language."""
    return "nl" if (accept_language or "").split(",")[0].strip().lower().startswith("nl") else "en"
