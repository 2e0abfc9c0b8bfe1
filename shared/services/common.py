"""What the use cases share: loading a claim the caller may see, committing an Outcome, deciding again
after a lost race, nomination notifications and the customer-contact rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from shared.api.auth import Principal
from shared.domain.claims import Actor, Claim, NotificationDraft, Outcome
from shared.domain.nominations import Nomination, contact_reason_for, email_domain
from shared.errors import Conflict, NotFound, PreconditionFailed
from shared.store import Store, Tx, TxConflict

T = TypeVar("T")
COMMIT_ATTEMPTS = 3  # a lost race is re-read and decided again: the winner's change is then seen


def until_committed(attempt: Callable[[], T]) -> T:
    """Read, decide and commit again when the commit lost a race to another writer; the last loss is a 409."""
    for _ in range(COMMIT_ATTEMPTS - 1):
        try:
            return attempt()
        except TxConflict:
            continue
        except Conflict as exc:
            if exc.code != "concurrent_update":
                raise
    return attempt()


def actor_of(principal: Principal) -> Actor:
    return Actor(**principal.actor())


SYSTEM = Actor(email="system@workshop-claims", role="system")


def load_claim(store: Store, claim_id: str, principal: Principal, expected_version: int | None = None) -> Claim:
    """The claim, if this caller may see it (another partner's claim is 404 like a missing one)."""
    claim = visible(store.claim(claim_id), principal)
    if expected_version is not None and expected_version != claim.version:
        raise PreconditionFailed(
            "The claim changed since you read it (If-Match is stale); reload it.", current_version=claim.version
        )
    return claim


def visible(claim: Claim | None, principal: Principal) -> Claim:
    """The claim as read, if it exists for this caller; else 404."""
    if claim is None:
        raise NotFound("No claim with this id.")
    principal.owns(claim.partner_id, "claim")
    return claim


def notification_context(claim: Claim) -> dict:
    """What a notification email may say: this claim's own facts, nothing else."""
    return {
        "claim_id": claim.claim_id,
        "engagement_name": claim.engagement_name,
        "customer_name": claim.customer.get("name") or claim.customer.get("email"),
        "status": claim.status.value,
        "submit_due": claim.submit_due.isoformat(),
        "review_due": claim.review_due.isoformat(),
    }


def commit_outcome(
    store: Store, before: Claim, outcome: Outcome, *, tx: Tx | None = None, if_match: bool = False
) -> Claim:
    """Write the claim (conditioned on the version read), its event, notification, payment and the
    nomination's mirror in one transaction. A lost race is 412 with If-Match, else 409."""
    tx = tx or store.tx()
    claim = outcome.claim
    tx.save_claim(claim, before.version)
    tx.add_event(claim, outcome.event)
    if outcome.notification:
        tx.add_notification(
            owner_id=claim.claim_id,
            owner_version=claim.version,
            partner_id=claim.partner_id,
            claim_id=claim.claim_id,
            draft=outcome.notification,
            created_at=claim.updated_at,
            email_to=[c.model_dump() for c in claim.contacts.partner],
            context=notification_context(claim),
        )
    if claim.status is not before.status:
        tx.mirror_claim_status(claim)
    if claim.payment is not None and claim.payment != before.payment:
        tx.save_payment(claim)
    try:
        tx.commit()
    except TxConflict as exc:
        if "claim" in exc.labels and if_match:
            raise PreconditionFailed("The claim changed since you read it; reload it.") from exc
        raise Conflict(
            "Someone else changed this claim at the same time; reload and try again.",
            code="concurrent_update",
            current_status=before.status.value,
        ) from exc
    return claim


def add_nomination_note(
    tx: Tx,
    nomination: Nomination,
    version: int,
    draft: NotificationDraft,
    now: datetime,
    reminder_days: int | None = None,
    undeliverable_link: str | None = None,
) -> None:
    """A partner notification owned by the nomination (no claim yet), emailed to its partner contact."""
    contact = nomination.partner_contact
    context = {
        "nomination_id": nomination.nomination_id,
        "claim_id": None,
        "engagement_id": nomination.engagement_id,
        "engagement_name": nomination.engagement_name,
        "customer_name": nomination.customer_name or nomination.customer_email,
        "status": nomination.status.value,
        "consent_due": nomination.consent_due.isoformat(),
    }
    tx.add_notification(
        owner_id=nomination.nomination_id,
        owner_version=version,
        partner_id=nomination.partner_id,
        claim_id=None,
        draft=draft,
        created_at=now,
        email_to=[contact.model_dump()] if contact else [],
        context=context,
        reminder_days=reminder_days,
        undeliverable_link=undeliverable_link,
    )


def contact_reason(store: Store, address: str, customer_email: str, tenant_id: str, given: str | None) -> str | None:
    """The checked reason for a customer contact (docs/product.md "the customer speaks for the customer"); the
    tenant directory is read only for an address off the nominated email's domain."""
    same = email_domain(address) == email_domain(customer_email)
    return contact_reason_for(address, customer_email, [] if same else store.tenant_domains(tenant_id), given)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def drop_dead_links(tx: Tx, before: Claim, after: Claim, spent: str | None = None) -> Tx:
    """A survey link the change ended (answered elsewhere, sent anew, its contact changed) dies in the same
    transaction, leaving a tombstone in its recipient's language; `spent` is the link the caller spends."""
    for kind in ("partner_survey", "customer_survey"):
        alive = getattr(after.proof, kind).token_hashes
        for link in getattr(before.proof, kind).links:
            if link.token_hash not in alive and link.token_hash != spent:
                tx.retire_token(link.token_hash, "survey", link.locale, before.submit_due)
    return tx
