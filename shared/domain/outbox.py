"""Link emails (consent requests, surveys) go out from an outbox: the link's token and a `pending` email
are committed together, the email is sent after the commit, and its outcome is marked on the record.

Nobody is ever mailed a link that is not stored; an email SES refused stays visible as `failed` and can be
sent again at once (the resend throttles count emails that left, not ones that failed). An email that left
but bounced for good or drew a complaint becomes `undeliverable` later (shared/domain/mail_events.py): it
did leave, so it counts like `sent`; only another contact helps."""

from __future__ import annotations

from enum import StrEnum


class EmailStatus(StrEnum):
    PENDING = "pending"  # committed, not yet handed to SES (or the function stopped in between)
    SENT = "sent"
    FAILED = "failed"
    UNDELIVERABLE = "undeliverable"  # SES accepted it, then it bounced for good or the recipient complained


def throttled(status: EmailStatus | None) -> bool:
    """Whether the last send counts for the resend interval: a failed email does not."""
    return status is not EmailStatus.FAILED
