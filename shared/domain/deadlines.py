"""What the scheduled job decides for one due entry. Pure: the entity, `now` and the job are passed in.

Due entries name a job: `claim_submit_expiry`, `claim_review_expiry`, `consent_expiry`,
`submit_reminder_<days>`, `consent_reminder_<days>` (days before the deadline).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.domain.claims import Claim, NotificationDraft
from shared.domain.days import days_left
from shared.domain.lifecycle import Status
from shared.domain.nominations import Nomination, NominationStatus

# job -> the status a claim must still be in for the job to expire it, and the deadline it enforces
CLAIM_EXPIRY_JOBS = {
    "claim_submit_expiry": (Status.DRAFT, "submit_due"),
    "claim_review_expiry": (Status.ACTION_REQUIRED, "review_due"),
    "claim_dispute_expiry": (Status.REJECTED, "dispute_due"),
}
CONSENT_EXPIRY_JOB = "consent_expiry"
REMINDER_KINDS = ("submit_reminder", "consent_reminder")
# docs/product.md "Reminders": days before the deadline, each sent once
SUBMIT_REMINDER_DAYS = (14, 7, 1)
CONSENT_REMINDER_DAYS = (7, 1)


def parse_reminder(job: str) -> tuple[str, int] | None:
    """'submit_reminder_14' -> ('submit_reminder', 14); None for any other job."""
    kind, _, days = job.rpartition("_")
    if kind in REMINDER_KINDS and days.isdigit():
        return kind, int(days)
    return None


def claim_expires(claim: Claim, job: str, now: datetime) -> bool:
    """Still in the status the job watches, with its deadline passed. Anything else (submitted in time,
    canceled, already expired) means the entry has nothing left to do."""
    status, deadline = CLAIM_EXPIRY_JOBS[job]
    due = getattr(claim, deadline)
    return claim.status is status and due is not None and now >= due


def reminder_is_live(deadline: datetime, now: datetime, days: int, series: tuple[int, ...]) -> bool:
    """Send while the deadline is ahead and no closer reminder of the series is due yet: after an outage
    or a clock jump only the most recent reminder goes out, never a burst of stale ones."""
    closer = [d for d in series if d < days]
    cutoff = deadline - timedelta(days=max(closer)) if closer else deadline
    return now < cutoff


def submit_reminder(claim: Claim, now: datetime, days: int) -> NotificationDraft:
    left = days_left(claim.submit_due, now)
    return NotificationDraft(
        kind="submit_reminder",
        params={"days_left": left, "submit_due": claim.submit_due.isoformat()},
        details={
            "reminder_days": days,
            "days_left": left,
            "submit_due": claim.submit_due.isoformat(),
            "missing": claim.missing,
        },
    )


def consent_reminder_due(nomination: Nomination) -> bool:
    """Only a customer who was asked can be waited for; before the request there is nobody to remind."""
    return nomination.status is NominationStatus.AWAITING_CONSENT and nomination.consent_requested_at is not None


def _customer(nomination: Nomination) -> dict[str, str]:
    return {"who": nomination.customer_name or nomination.customer_email, "engagement": nomination.engagement_name}


def consent_reminder(nomination: Nomination, now: datetime, days: int) -> NotificationDraft:
    left = days_left(nomination.consent_due, now)
    return NotificationDraft(
        kind="consent_reminder",
        params={**_customer(nomination), "days_left": left, "consent_due": nomination.consent_due.isoformat()},
        details={
            "reminder_days": days,
            "days_left": left,
            "nomination_id": nomination.nomination_id,
            "consent_due": nomination.consent_due.isoformat(),
        },
    )


def consent_expires(nomination: Nomination, now: datetime) -> bool:
    return nomination.status is NominationStatus.AWAITING_CONSENT and now >= nomination.consent_due


def consent_news(nomination: Nomination) -> NotificationDraft:
    """What the partner is told when its customer answers, or consents to another partner."""
    status, params = nomination.status, _customer(nomination)
    if status is NominationStatus.CONSENTED:
        assert nomination.consent_at is not None
        kind = "consent_accepted"
        submit_due = nomination.consent_at + timedelta(days=nomination.terms.windows.submit_days)
        params["submit_due"] = submit_due.isoformat()
    elif status is NominationStatus.DECLINED:
        kind = "consent_declined"
    else:
        kind = "lost_to_other_partner"
    return NotificationDraft(kind=kind, params=params, details={"nomination_id": nomination.nomination_id})


def expire_consent(nomination: Nomination, now: datetime) -> tuple[Nomination, NotificationDraft]:
    """Consent not given within the window: the nomination becomes ineligible and its link dies."""
    expired = nomination.model_copy(
        update={
            "status": NominationStatus.CONSENT_EXPIRED,
            "decided_at": now,
            "consent_token_hash": None,
            "version": nomination.version + 1,
        }
    )
    note = NotificationDraft(
        kind="consent_expired",
        params={**_customer(nomination), "consent_due": nomination.consent_due.isoformat()},
        details={"nomination_id": nomination.nomination_id, "consent_due": nomination.consent_due.isoformat()},
    )
    return expired, note
