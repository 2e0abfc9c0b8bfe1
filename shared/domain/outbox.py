"""Link emails (consent requests, surveys) go out from an outbox: the link's token and a `pending` email
are committed together, the email is sent after the commit, and its outcome is marked on the record.

Nobody is ever mailed a link that is not stored; an email SES refused stays visible as `failed` and can be
sent again at once (the resend throttles count emails that left, not ones that failed)."""
from __future__ import annotations

from enum import StrEnum


class EmailStatus(StrEnum):
    PENDING = "pending"  # committed, not yet handed to SES (or the function stopped in between)
    SENT = "sent"
    FAILED = "failed"


def throttled(status: EmailStatus | None) -> bool:
    """Whether the last send counts for the resend interval: a failed email does not."""
    return status is not EmailStatus.FAILED
