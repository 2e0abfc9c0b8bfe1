"""The scheduled job: deadlines (auto-rejection, consent expiry) and reminders, from the due index.

Reads: each day's bucket of the due index (`DUE#<day>`, entries sorted by due time) from the cursor up
to today, only entries due by `now` — never a scan, so the work is proportional to what is due, not to
the size of the table. Per entry: one GetItem of its claim or nomination, then ONE transaction that
makes the change AND deletes the entry. Two conditions make the job safe to repeat:
- the entity's `version` (the one that was read): a claim submitted a second before the deadline, or a
  consent given meanwhile, fails the transaction; the entry is re-read and re-decided (now: skip);
- the entry must still exist: a second, overlapping or retried run that read it too fails and skips,
  so nothing changes twice and no notification (hence no email) is raised twice.

Cursor (`JOB#expiry`): the first day that may still hold work. A run moves it to today, or leaves it on
the first day where it stopped (bounded work: at most MAX_ENTRIES per run, and it stops while the
invocation still has TIME_RESERVE_MS left) or where an entry failed (it stays in the index and is
retried next run; the days after it are still processed). A backlog therefore drains over runs, each
returning `more: true` while it may not be done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from shared.domain import claims as rules
from shared.domain import deadlines
from shared.domain.deadlines import CONSENT_REMINDER_DAYS, SUBMIT_REMINDER_DAYS
from shared.domain.lifecycle import Status
from shared.errors import Conflict
from shared.observability import logger
from shared.services.common import SYSTEM, add_nomination_note, commit_outcome, notification_context
from shared.store import Store, Tx, TxConflict
from shared.store.rows import DueEntry

JOB = "expiry"
MAX_ENTRIES = 1000  # ~20 ms each on DynamoDB: well inside the timeout, which TIME_RESERVE_MS guards too
PAGE_SIZE = 100
TIME_RESERVE_MS = 10_000
# With no cursor yet (a fresh deployment, or a table restored without it) nothing says what already ran,
# so the first run reads from the day the service began: one Query per day, once, is cheap, while any
# shorter look-back would silently never expire a claim whose deadline fell before it.
SERVICE_START = date(2026, 1, 1)
ATTEMPTS = 3  # a lost race is re-read and re-decided; the fresh read settles it
OUTCOMES = ("expired", "consent_expired", "reminded", "skipped", "deferred", "errors")
LEFT_IN_INDEX = ("deferred", "errors")  # outcomes that leave the entry for the next run


def run(
    store: Store, now: datetime, time_left_ms: Callable[[], int] = lambda: 1 << 30, max_entries: int = MAX_ENTRIES
) -> dict:
    """One scheduled run; returns its summary (counts per outcome, `more`, the new cursor)."""
    today = now.date()
    saved = store.job_cursor(JOB)
    day = date.fromisoformat(saved["day"]) if saved else min(SERVICE_START, today)
    batch = _Run(store, now, time_left_ms, max_entries)
    cursor: date | None = None
    while day <= today:
        complete = batch.day(day)
        if cursor is None and not complete:
            cursor = day
        if batch.stopped:
            break
        day += timedelta(days=1)
    cursor = min(cursor or today, today)
    store.save_job_cursor(JOB, cursor, now)
    return {
        "processed": batch.processed,
        **{k: batch.counts[k] for k in OUTCOMES},
        "more": batch.stopped,
        "cursor": cursor.isoformat(),
    }


@dataclass
class _Run:
    store: Store
    now: datetime
    time_left_ms: Callable[[], int]
    max_entries: int
    counts: Counter = field(default_factory=Counter)
    processed: int = 0
    stopped: bool = False

    def _can_continue(self) -> bool:
        self.stopped = self.processed >= self.max_entries or self.time_left_ms() < TIME_RESERVE_MS
        return not self.stopped

    def day(self, day: date) -> bool:
        """Handle a day's entries due by now; True when none is left behind."""
        complete, after = True, None
        while self._can_continue():
            limit = min(PAGE_SIZE, self.max_entries - self.processed)
            entries = self.store.due_entries(day, until=self.now, limit=limit, after=after)
            for entry in entries:
                if not self._can_continue():
                    return False
                outcome = handle(self.store, entry, self.now)
                self.counts[outcome] += 1
                self.processed += 1
                complete = complete and outcome not in LEFT_IN_INDEX
            if len(entries) < limit:
                return complete
            after = entries[-1]["SK"]  # past the entries this run leaves in place
        return False


def handle(store: Store, entry: DueEntry, now: datetime) -> str:
    """One due entry, decided from a fresh read each attempt. Never raises: a failure is logged and
    counted, and the entry stays in the index for the next run."""
    try:
        for _ in range(ATTEMPTS):
            try:
                return _decide(store, entry, now)
            except TxConflict as exc:
                if "due" in exc.labels:  # another run consumed the entry first
                    return "skipped"
        logger.warning("due entry kept changing; left for the next run", extra=_ids(entry))
        return "deferred"
    except Exception:  # one bad entry must not stop the others
        logger.exception("due entry failed; left for the next run", extra=_ids(entry))
        return "errors"


def _ids(entry: DueEntry) -> dict:
    return {"job": entry.get("job"), "ref": entry.get("ref"), "due_at": entry.get("due_at")}


def _decide(store: Store, entry: DueEntry, now: datetime) -> str:
    job, ref = entry["job"], entry["ref"]
    consume = store.tx().delete_due(entry)
    if job in deadlines.CLAIM_EXPIRY_JOBS:
        return _claim_expiry(store, consume, job, ref, now)
    if job == deadlines.CONSENT_EXPIRY_JOB:
        return _consent_expiry(store, consume, ref, now)
    reminder = deadlines.parse_reminder(job)
    if reminder and reminder[0] == "submit_reminder":
        return _submit_reminder(store, consume, ref, reminder[1], now)
    if reminder:
        return _consent_reminder(store, consume, ref, reminder[1], now)
    raise ValueError(f"unknown due job {job!r}")


def _skip(tx: Tx) -> str:
    """Nothing to do: consume the entry. The caller checks the entity is still as read (a change meanwhile,
    e.g. a new info request re-writing this entry, is decided again)."""
    tx.commit()
    return "skipped"


def _claim_expiry(store: Store, consume: Tx, job: str, claim_id: str, now: datetime) -> str:
    claim = store.claim(claim_id)
    if claim is None or not deadlines.claim_expires(claim, job, now):
        return _skip(consume.check_claim(claim_id, claim.version) if claim else consume)
    try:
        commit_outcome(store, claim, rules.expire(claim, now, SYSTEM), tx=consume)
    except Conflict as exc:  # commit_outcome words a lost race for HTTP; the job wants which condition
        if isinstance(exc.__cause__, TxConflict):
            raise exc.__cause__ from None
        raise
    return "expired"


def _submit_reminder(store: Store, consume: Tx, claim_id: str, days: int, now: datetime) -> str:
    """A reminder does not change the claim (its version stays, so no partner's If-Match goes stale):
    the transaction only checks the version it read, and the notification id carries `r<days>`."""
    claim = store.claim(claim_id)
    if (
        claim is None
        or claim.status is not Status.DRAFT
        or not deadlines.reminder_is_live(claim.submit_due, now, days, SUBMIT_REMINDER_DAYS)
    ):
        return _skip(consume.check_claim(claim_id, claim.version) if claim else consume)
    consume.check_claim(claim_id, claim.version)
    consume.add_notification(
        owner_id=claim_id,
        owner_version=claim.version,
        partner_id=claim.partner_id,
        claim_id=claim_id,
        draft=deadlines.submit_reminder(claim, now, days),
        created_at=now,
        email_to=[c.model_dump() for c in claim.contacts.partner],
        context=notification_context(claim),
        reminder_days=days,
    )
    consume.commit()
    return "reminded"


def _consent_expiry(store: Store, consume: Tx, nomination_id: str, now: datetime) -> str:
    nomination = store.nomination(nomination_id)
    if nomination is None or not deadlines.consent_expires(nomination, now):
        return _skip(consume.check_nomination(nomination_id, nomination.version) if nomination else consume)
    expired, note = deadlines.expire_consent(nomination, now)
    consume.save_nomination(expired, nomination.version)
    if nomination.consent_token_hash:  # dead (past its window): a tombstone keeps its language for the page
        consume.retire_token(
            nomination.consent_token_hash, "consent", nomination.consent_locale, nomination.consent_due
        )
    add_nomination_note(consume, expired, expired.version, note, now)
    consume.commit()
    return "consent_expired"


def _consent_reminder(store: Store, consume: Tx, nomination_id: str, days: int, now: datetime) -> str:
    nomination = store.nomination(nomination_id)
    if (
        nomination is None
        or not deadlines.consent_reminder_due(nomination)
        or not deadlines.reminder_is_live(nomination.consent_due, now, days, CONSENT_REMINDER_DAYS)
    ):
        return _skip(consume.check_nomination(nomination_id, nomination.version) if nomination else consume)
    consume.check_nomination(nomination_id, nomination.version)
    add_nomination_note(
        consume,
        nomination,
        nomination.version,
        deadlines.consent_reminder(nomination, now, days),
        now,
        reminder_days=days,
    )
    consume.commit()
    return "reminded"
