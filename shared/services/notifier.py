"""Email one partner notification to each of its recipients, in the recipient's locale.

Idempotent per notification and recipient: each delivered address is added to the notification's
`emails_sent` set right after SES accepts it, and a retried record skips those addresses, so a retry
re-sends only what failed. (The one gap, a crash between SES accepting and the mark, can repeat one
email; claiming before sending would instead risk losing it, and a decision must never be lost.)
"""
from __future__ import annotations

from typing import Any

from shared.emails import Rendered, render, send
from shared.emails.notifications import FALLBACK_HEADLINE, HEADLINES, NEXT_STEPS_NL
from shared.store import Store


class EmailFailed(Exception):
    """Some recipients were not reached; `code` names why without any personal data."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def render_notification(item: dict, contact: dict) -> Rendered:
    locale = contact.get("locale") if contact.get("locale") in ("en", "nl") else "en"
    context, kind = item.get("email_context") or {}, item["kind"]
    dates = {k: str(context.get(k) or "")[:10] for k in ("submit_due", "review_due", "consent_due")}
    return render("notification", locale, name=contact.get("name") or contact["email"],
                  headline=HEADLINES.get(kind, FALLBACK_HEADLINE)[locale], message=item["message"],
                  next_step=NEXT_STEPS_NL.get(kind, "").format(**dates),
                  reference=context.get("claim_id") or context.get("nomination_id") or item["notification_id"],
                  customer_name=context.get("customer_name") or "-",
                  engagement_name=context.get("engagement_name") or "Workshop Claims")


def deliver(store: Store, ses: Any, sender: str, notification_id: str) -> str:
    """Send what is still unsent; 'sent' when every recipient has it, else EmailFailed (retry later)."""
    item = store.notification(notification_id)
    if item is None or item.get("email_status") in (None, "none", "sent"):
        return "skipped"
    done, errors = set(item.get("emails_sent") or ()), []
    for contact in item.get("email_to") or []:
        if contact["email"] in done:
            continue
        try:
            send(ses, sender, [(contact.get("name") or "", contact["email"])],
                 render_notification(item, contact))
        except Exception as exc:  # one bad recipient must not keep the others from their email
            errors.append(_error_code(exc))
            continue
        store.mark_email_sent(notification_id, contact["email"])
    if errors:
        store.set_email_status(notification_id, "failed", errors[0])
        raise EmailFailed(errors[0])
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
