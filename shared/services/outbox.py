"""Sending a link email after its link is stored, and marking the outcome (shared/domain/outbox.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from shared import emails
from shared.domain.mailsafe import UndeliverableAddress
from shared.domain.outbox import EmailStatus
from shared.errors import Unprocessable, UpstreamUnavailable
from shared.runtime import Settings

T = TypeVar("T")


def send_link(
    ses: Any,
    settings: Settings,
    to: list[tuple[str, str]],
    message: emails.Rendered,
    mark: Callable[[EmailStatus], T | None],
    tags: dict[str, str],
) -> T | None:
    """Email a stored link, then mark its outcome. SES refusing it leaves `failed` on the record, which the
    partner sees and may send again at once; the caller is told with a 503 `email_failed`. The `tags` name the
    link, so that a later bounce or complaint finds it (shared/domain/mail_events.py)."""
    try:
        emails.send(
            ses, settings.sender_email, to, message, tags=tags, configuration_set=settings.ses_configuration_set
        )
    except UndeliverableAddress:  # a contact stored before today's address rule: only a new contact helps
        mark(EmailStatus.FAILED)
        raise Unprocessable(
            "A recipient's address cannot receive email (write it in ASCII); change the contact and send again.",
            code="undeliverable_address",
        ) from None
    except UpstreamUnavailable as exc:
        mark(EmailStatus.FAILED)
        raise UpstreamUnavailable(
            "The link is saved, but its email could not be sent; send it again.",
            code="email_failed",
            headers={"Retry-After": "30"},
        ) from exc
    return mark(EmailStatus.SENT)
