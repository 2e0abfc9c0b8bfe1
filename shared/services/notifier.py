"""Email one partner notification to each of its recipients, in the recipient's locale.

Idempotent per notification and recipient: each delivered address is added to the notification's
`emails_sent` set right after SES accepts it, and a retried record skips those addresses, so a retry
re-sends only what failed. (The one gap, a crash between SES accepting and the mark, can repeat one
email; claiming before sending would instead risk losing it, and a decision must never be lost.)
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from shared.api.views import notification_message
from shared.domain import labels
from shared.domain.mail_events import NOTIFICATION_TAGS
from shared.domain.mailsafe import UndeliverableAddress
from shared.domain.nominations import NominationStatus, Tab, tab_for
from shared.emails import Rendered, render, send
from shared.emails.notifications import FACT_LABELS, FALLBACK_HEADLINE, HEADLINES, OPEN_IT
from shared.runtime import Settings
from shared.store import Store


class EmailFailed(Exception):
    """Some recipients were not reached; `code` names why without any personal data."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def render_notification(item: dict, contact: dict, app_base_url: str) -> Rendered:
    locale = cast(str, contact.get("locale")) if contact.get("locale") in ("en", "nl") else "en"
    context, kind = item.get("email_context") or {}, item["kind"]
    page, link = app_link(context, app_base_url)
    return render(
        "notification",
        locale,
        name=contact.get("name") or contact["email"],
        headline=HEADLINES.get(kind, FALLBACK_HEADLINE)[locale],
        message=notification_message(item, locale),
        facts=_facts(context, item.get("details") or {}, locale),
        reference=context.get("claim_id") or context.get("nomination_id") or item["notification_id"],
        customer_name=context.get("customer_name") or "-",
        engagement_name=context.get("engagement_name") or "Workshop Claims",
        open_it=OPEN_IT[page][locale],
        link=link,
    )


def app_link(context: dict, app_base_url: str) -> tuple[str, str]:
    """The page of the web app a notification is about: its claim, or (a nomination without a claim) the
    customers page of its engagement on the tab where the customer now is."""
    base = app_base_url.rstrip("/")
    if context.get("claim_id"):
        return "claim", f"{base}/claims/{quote(context['claim_id'], safe='')}"
    engagement_id = context.get("engagement_id")
    if not engagement_id:  # a notification written before nominations carried their engagement
        return "customers", f"{base}/engagements"
    status = context.get("status")
    tab = tab_for(NominationStatus(status), None) if status in set(NominationStatus) else Tab.ELIGIBLE
    return "customers", f"{base}/engagements/{quote(engagement_id, safe='')}/customers?tab={tab.value}"


def _facts(context: dict, details: dict, locale: str) -> str:
    """The codes behind the message, in words of the reader's language: status, reason, missing items."""
    lines = []
    status = context.get("status")
    if status:
        words = labels.STATUSES if context.get("claim_id") else labels.NOMINATION_STATUSES
        lines.append((FACT_LABELS["status"], labels.word(words, status, locale)))
    if details.get("reason_code"):
        lines.append((FACT_LABELS["reason"], labels.word(labels.REASON_CODES, details["reason_code"], locale)))
    if details.get("missing"):
        items = ", ".join(labels.word(labels.PROOF_ITEMS, m, locale) for m in details["missing"])
        lines.append((FACT_LABELS["missing"], items))
    return "".join(f"{label[locale]}: {value}\n" for label, value in lines)


def deliver(store: Store, ses: Any, settings: Settings, notification_id: str) -> str:
    """Send what is still unsent; 'sent' when every recipient has it, else EmailFailed (retry later).
    Links point into the web app (APP_BASE_URL); sent through the SES configuration set. Tagged as a
    notification: a bounce of it is not a link's (shared/domain/mail_events.py)."""
    item = store.notification(notification_id)
    if item is None or item.get("email_status") in (None, "none", "sent"):
        return "skipped"
    done, errors, undeliverable = set(item.get("emails_sent") or ()), [], []
    for contact in item.get("email_to") or []:
        if contact["email"] in done:
            continue
        try:
            send(
                ses,
                settings.sender_email,
                [(contact.get("name") or "", contact["email"])],
                render_notification(item, contact, settings.app_base_url),
                tags=NOTIFICATION_TAGS,
                configuration_set=settings.ses_configuration_set,
            )
        except UndeliverableAddress:  # stored before today's address rule: no retry can ever deliver it
            undeliverable.append("UndeliverableAddress")
            continue
        except Exception as exc:  # one bad recipient must not keep the others from their email
            errors.append(_error_code(exc))
            continue
        store.mark_email_sent(notification_id, contact["email"])
    if errors:
        store.set_email_status(notification_id, "failed", errors[0])
        raise EmailFailed(errors[0])
    if undeliverable:  # failed for good, shown on the notification; retrying would only fill the DLQ
        store.set_email_status(notification_id, "failed", undeliverable[0])
        return "failed"
    store.set_email_status(notification_id, "sent")
    return "sent"


def _error_code(exc: Exception) -> str:
    """SES's error code (e.g. MessageRejected) or the exception type: never the message, which may
    quote an address."""
    cause = exc.__cause__ or exc
    response = getattr(cause, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or type(cause).__name__)
    return type(cause).__name__
