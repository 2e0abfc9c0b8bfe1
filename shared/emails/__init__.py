"""Emails: rendered here from the templates (text and HTML, in the contact's locale), sent by SES.

Templates live in `templates.py`: one entry per email, per locale, as a subject and a text body with
{placeholders}. The HTML part is made from the same text (escaped, paragraphs, links), so the two never
drift apart.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from shared.emails.templates import TEMPLATES
from shared.errors import UpstreamUnavailable

URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(template: str, locale: str, **context: Any) -> Rendered:
    by_locale = TEMPLATES[template]
    subject, body = by_locale.get(locale) or by_locale["en"]
    text = body.format(**context).strip() + "\n"
    return Rendered(subject=subject.format(**context), text=text, html=_html(subject.format(**context), text))


def _html(title: str, text: str) -> str:
    def paragraph(block: str) -> str:
        escaped = html.escape(block.strip())
        linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        return f"<p>{linked.replace(chr(10), '<br>')}</p>"

    paragraphs = "\n".join(paragraph(b) for b in text.split("\n\n") if b.strip())
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body style="font-family:sans-serif;line-height:1.5;max-width:40em">{paragraphs}</body></html>')


def send(ses: Any, sender: str, to: list[tuple[str, str]], message: Rendered) -> str:
    """Send one email (to: [(name, address)]); SES failure is a retryable 503 `email_failed`."""
    mime = EmailMessage()
    mime["Subject"] = message.subject
    mime["From"] = sender
    mime["To"] = ", ".join(formataddr(pair) for pair in to)
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    try:
        r = ses.send_raw_email(Source=sender, Destinations=[addr for _, addr in to],
                               RawMessage={"Data": mime.as_bytes()})
    except Exception as exc:  # botocore ClientError/EndpointConnectionError: nothing was sent
        raise UpstreamUnavailable("The email could not be sent; nothing was changed. Try again shortly.",
                                  code="email_failed", headers={"Retry-After": "30"}) from exc
    return r["MessageId"]
