"""Emails: rendered here from the templates (text and HTML, in the contact's locale), sent by SES.

Templates live in `templates.py`: one entry per email, per locale, as a subject and a text body with
{placeholders}. The HTML part is made from the same text (escaped, paragraphs, links), so the two never
drift apart.

Only the template's own links are links: a URL in the HTML part is linked only when it starts with one of
the link values the caller passed (LINKS: the public page or the web app), never from data. Names are
data (shared/domain/mailsafe.py): one line each, and defanged (a zero-width space after `.`, `:`, `/`, `@`) so
neither we nor a mail client's auto-linker make a link of "https://evil.example" or "evil.example" in a
partner-written name. Addresses go through the same rule the request models validate with, so an
accepted address is a sendable one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from shared.domain import mailsafe
from shared.domain.mail_events import message_tags
from shared.emails.templates import TEMPLATES
from shared.errors import UpstreamUnavailable

URL = re.compile(r"https?://[^\s<>\"']+")
LINKS = ("public_base_url", "claim_url", "link")  # values that start the template's links
LINK_PARTS = frozenset({*LINKS, "token"})  # placed by the template into its link lines, verbatim
ADDRESSES = frozenset({"partner_contact_email"})  # an address a reader may write to: kept as it is
# Texts of the app itself (and the reviewer's message within `message`): not names, kept as they are.
# Anything else is data and defanged, so a new placeholder is safe by default.
APP_TEXT = frozenset({"message", "facts", "headline", "open_it", "reference", "consent_due", "submit_due"})


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(template: str, locale: str, **context: Any) -> Rendered:
    by_locale = TEMPLATES[template]
    subject, body = by_locale.get(locale) or by_locale["en"]
    text = body.format(**{k: _body_value(k, v) for k, v in context.items()}).strip() + "\n"
    title = mailsafe.one_line(subject.format(**{k: mailsafe.one_line(v) for k, v in context.items()}))
    links = tuple(str(context[k]) for k in LINKS if URL.match(str(context.get(k) or "")))
    return Rendered(subject=title, text=text, html=_html(title, text, links))


def _body_value(key: str, value: Any) -> str:
    if key in LINK_PARTS or key in ADDRESSES:
        return mailsafe.one_line(value)
    if key in APP_TEXT:
        return mailsafe.text(value)
    return mailsafe.defang(value)


def _html(title: str, text: str, links: tuple[str, ...] = ()) -> str:
    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        return f'<a href="{url}">{url}</a>' if links and html.unescape(url).startswith(links) else url

    def paragraph(block: str) -> str:
        escaped = html.escape(block.strip())
        return f"<p>{URL.sub(link, escaped).replace(chr(10), '<br>')}</p>"

    paragraphs = "\n".join(paragraph(b) for b in text.split("\n\n") if b.strip())
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f'<body style="font-family:sans-serif;line-height:1.5;max-width:40em">{paragraphs}</body></html>'
    )


def send(
    ses: Any,
    sender: str,
    to: list[tuple[str, str]],
    message: Rendered,
    *,
    tags: Mapping[str, str] | None = None,
    configuration_set: str = "",
) -> str:
    """Send one email (to: [(name, address)]); SES failure is a retryable 503 `email_failed`. An address the
    request models would refuse (stored before shared/domain/mailsafe.py's rule) raises UndeliverableAddress:
    no retry can deliver it. `tags` say what the email is (shared/domain/mail_events.py: ids only, checked
    against SES's rule); SES hands them back with a bounce or complaint of the `configuration_set`."""
    options: dict[str, Any] = {"Tags": message_tags(tags)} if tags else {}
    if configuration_set:
        options["ConfigurationSetName"] = configuration_set
    mime = EmailMessage()
    mime["Subject"] = message.subject
    mime["From"] = sender
    recipients = [(mailsafe.one_line(name), mailsafe.sendable(addr)) for name, addr in to]
    mime["To"] = ", ".join(formataddr(pair) for pair in recipients)
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    try:
        r = ses.send_raw_email(
            Source=sender,
            Destinations=[addr for _, addr in recipients],
            RawMessage={"Data": mime.as_bytes()},
            **options,
        )
    except Exception as exc:  # botocore ClientError/EndpointConnectionError: nothing was sent
        raise UpstreamUnavailable(
            "The email could not be sent; nothing was changed. Try again shortly.",
            code="email_failed",
            headers={"Retry-After": "30"},
        ) from exc
    return r["MessageId"]
