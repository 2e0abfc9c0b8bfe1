"""A hard bounce or a complaint of a link email (shared/domain/mail_events.py): the link's email is marked
`undeliverable` and its partner gets a notification (claim page or customers page, and by email), once.

Idempotent: the mark and the notification are one transaction, conditioned on the link still being the
one the email carried and not marked yet, and the notification's id is the link's. The same SNS message
again, or a second event about the same link, reads `already_marked` and writes nothing; an event about a
link that was replaced, answered or whose claim moved on reads `stale`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.domain import mail_events as rules
from shared.services.common import add_nomination_note, notification_context, until_committed
from shared.store import Store


@dataclass(frozen=True)
class Handled:
    outcome: str  # "marked", a Verdict (already_marked, stale) or a Skip (malformed, not_counted, ...)
    event: rules.Undeliverable | None = None

    def log(self) -> dict[str, str | None]:
        """What the log may say: ids and codes, never an address (the event is not even looked at for one)."""
        if self.event is None:
            return {"outcome": self.outcome}
        link = self.event.link
        return {
            "outcome": self.outcome,
            "reason": self.event.reason.value,
            "purpose": link.purpose.value,
            "owner_id": link.owner_id,
            "item": link.item.value if link.item else None,
        }


def handle(store: Store, record: object, now: datetime) -> Handled:
    """One SNS record. A lost race (the partner resending at that moment, the same event delivered twice at
    once) is read and decided again; it then reads stale or already marked."""
    event = rules.event_of(record)
    if not isinstance(event, rules.Undeliverable):
        return Handled(event.value)
    mark = _consent if event.link.purpose is rules.Purpose.CONSENT else _survey
    return Handled(until_committed(lambda: mark(store, event, now)), event)


def _consent(store: Store, event: rules.Undeliverable, now: datetime) -> str:
    link = event.link
    nomination = store.nomination(link.owner_id)
    verdict = rules.consent_verdict(nomination, link.token_hash)
    if verdict is not rules.Verdict.MARK:
        return verdict.value
    assert nomination is not None
    tx = store.tx().mark_consent_undeliverable(nomination.nomination_id, link.token_hash)
    add_nomination_note(
        tx,
        nomination,
        nomination.version,
        rules.consent_note(nomination, event.reason),
        now,
        undeliverable_link=link.token_hash,
    )
    tx.commit()
    return "marked"


def _survey(store: Store, event: rules.Undeliverable, now: datetime) -> str:
    link, item = event.link, event.link.item
    assert item is not None, "a survey link names its proof item (shared/domain/mail_events.py)"
    claim = store.claim(link.owner_id)
    verdict, index = rules.survey_verdict(claim, item, link.token_hash)
    if verdict is not rules.Verdict.MARK:
        return verdict.value
    assert claim is not None
    tx = store.tx().mark_survey_undeliverable(claim.claim_id, item.value, index, link.token_hash)
    tx.add_notification(
        owner_id=claim.claim_id,
        owner_version=claim.version,
        partner_id=claim.partner_id,
        claim_id=claim.claim_id,
        draft=rules.survey_note(claim, item, index, event.reason),
        created_at=now,
        email_to=[c.model_dump() for c in claim.contacts.partner],
        context=notification_context(claim),
        undeliverable_link=link.token_hash,
    )
    tx.commit()
    return "marked"
