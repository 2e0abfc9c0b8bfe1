"""Partner claim use cases: the claim page, opening, editing, cancel, submit, dispute, lists."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import cast

from shared.api.auth import Principal
from shared.api.views import claim_view, event_view, notification_view, payment_view
from shared.domain import claims as rules
from shared.domain.deadlines import SUBMIT_REMINDER_DAYS as REMINDER_DAYS
from shared.domain.lifecycle import Status
from shared.domain.nominations import Contact, check_can_open_claim
from shared.errors import Conflict, NotFound, Unprocessable
from shared.ids import new_id
from shared.services.common import actor_of, commit_outcome, contact_reason, drop_dead_links, load_claim, visible
from shared.store import Page, Store, TxConflict

IDEMPOTENCY_TTL = timedelta(hours=24)


def _partner_id(principal: Principal) -> str:
    """The caller's partner: the routes here are partner routes, whose callers always have one."""
    return cast(str, principal.partner_id)


def claim_page(
    store: Store, principal: Principal, claim_id: str, with_answers: bool = False, locale: str = "en"
) -> tuple[dict, int]:
    claim, notes, answers = store.claim_page(claim_id)
    if claim is None:
        raise NotFound("No claim with this id.")
    principal.owns(claim.partner_id, "claim")
    return claim_view(claim, principal, notes, answers if with_answers else None, locale), claim.version


def list_claims(
    store: Store, principal: Principal, status: Status | None, engagement_id: str | None, next_token: str | None
) -> dict:
    page = store.claims_of_partner(_partner_id(principal), status, engagement_id, next_token)
    return {"items": [claim_view(c, principal) for c in page.items], "next_token": page.next_token}


def open_claim(store: Store, principal: Principal, nomination_id: str, now: datetime) -> dict:
    nomination = store.nomination(nomination_id)
    if nomination is None:
        raise NotFound("No nomination with this id.")
    principal.owns(nomination.partner_id, "nomination")
    check_can_open_claim(nomination)
    claim = rules.open_claim(nomination, new_id("clm", now), now)
    event = rules.Event(
        at=now,
        actor=actor_of(principal),
        action="claim_opened",
        details={
            "nomination_id": nomination_id,
            "submit_due": claim.submit_due.isoformat(),
            "review_due": claim.review_due.isoformat(),
        },
    )
    opened = nomination.model_copy(
        update={"claim_id": claim.claim_id, "claim_status": claim.status, "version": nomination.version + 1}
    )
    tx = store.tx().save_claim(claim, None).add_event(claim, event)
    tx.save_nomination(opened, nomination.version)
    # never in a day the job has already passed: a claim opened after its submit_due expires at the next run
    late = claim.submit_due <= now
    tx.put_deadline(
        max(claim.submit_due, now),
        "claim_submit_expiry",
        "submit_reminder",
        () if late else REMINDER_DAYS,
        claim.claim_id,
        partner_id=claim.partner_id,
    )
    try:
        tx.commit()
    except TxConflict as exc:  # a concurrent open won: tell this caller which claim exists
        current = store.nomination(nomination_id)
        if current and current.claim_id:
            raise Conflict(
                "A claim is already open for this nomination.", code="claim_exists", claim_id=current.claim_id
            ) from exc
        raise Conflict("The nomination changed at the same time; try again.", code="concurrent_update") from exc
    return claim_view(claim, principal, [])


def update_claim(
    store: Store,
    principal: Principal,
    claim_id: str,
    now: datetime,
    *,
    expected_version: int | None,
    comments: str | None,
    partner_contacts: list[Contact] | None,
    customer_contact: Contact | None,
    given_reason: str | None = None,
) -> dict:
    claim = load_claim(store, claim_id, principal, expected_version)
    reason = None
    if customer_contact is not None and customer_contact != claim.contacts.customer:
        reason = contact_reason(
            store, customer_contact.email, claim.customer["email"], claim.customer["tenant_id"], given_reason
        )
    outcome = rules.update_claim(
        claim,
        now,
        actor_of(principal),
        comments=comments,
        partner_contacts=partner_contacts,
        customer_contact=customer_contact,
        contact_reason=reason,
    )
    if outcome is None:
        return claim_view(claim, principal)
    tx = drop_dead_links(store.tx(), claim, outcome.claim)  # a revoked survey link dies with this transaction
    return claim_view(commit_outcome(store, claim, outcome, tx=tx, if_match=expected_version is not None), principal)


def cancel(store: Store, principal: Principal, claim_id: str, now: datetime) -> dict:
    claim = load_claim(store, claim_id, principal)
    return claim_view(commit_outcome(store, claim, rules.cancel(claim, now, actor_of(principal))), principal)


def dispute(store: Store, principal: Principal, claim_id: str, message: str, now: datetime) -> dict:
    claim = load_claim(store, claim_id, principal)
    return claim_view(commit_outcome(store, claim, rules.dispute(claim, now, actor_of(principal), message)), principal)


def submit(store: Store, principal: Principal, claim_id: str, now: datetime, idempotency_key: str | None) -> dict:
    """Submit once. With an Idempotency-Key, a replay returns the first answer; the key's record is
    written in the same transaction as the submit, so exactly one submit can ever hold it."""
    fingerprint = hashlib.sha256(f"submit:{claim_id}".encode()).hexdigest()
    if idempotency_key:
        read, earlier = store.claim_and_idempotent_response(claim_id, _partner_id(principal), idempotency_key)
        if earlier is not None:
            return _answer(earlier, fingerprint)
        claim = visible(read, principal)
    else:
        claim = load_claim(store, claim_id, principal)
    try:
        outcome = rules.submit(claim, now, actor_of(principal))
        view = claim_view(outcome.claim, principal)
        tx = store.tx()
        if idempotency_key:
            tx.put_idempotency(_partner_id(principal), idempotency_key, fingerprint, view, now + IDEMPOTENCY_TTL)
        commit_outcome(store, claim, outcome, tx=tx)
    except Conflict:
        # A concurrent request with the same key won after our first look (so the claim we read is
        # stale or already submitted): answer as it did.
        if idempotency_key and (earlier := _replay(store, principal, idempotency_key, fingerprint)):
            return earlier
        raise
    return view


def _replay(store: Store, principal: Principal, key: str, fingerprint: str) -> dict | None:
    """The stored answer of an earlier request with this key, if any; the key on another request is 422."""
    earlier = store.idempotent_response(_partner_id(principal), key)
    return None if earlier is None else _answer(earlier, fingerprint)


def _answer(earlier: dict, fingerprint: str) -> dict:
    if earlier["fingerprint"] != fingerprint:
        raise Unprocessable(
            "This Idempotency-Key was already used for a different request.", code="idempotency_key_reused"
        )
    return json.loads(earlier["response"])


def history(store: Store, principal: Principal, claim_id: str, next_token: str | None) -> dict:
    """One Query: the events name their partner, so they show whether the caller may see them. Only a page
    without events (an unknown id, or past the last event) reads the claim to tell which."""
    page = store.history(claim_id, next_token)
    if page.items:
        principal.owns(page.items[0]["partner_id"], "claim")
    else:
        load_claim(store, claim_id, principal)
    return {"items": [event_view(i, principal) for i in page.items], "next_token": page.next_token}


def notifications(
    store: Store, principal: Principal, unread_only: bool, next_token: str | None, locale: str = "en"
) -> dict:
    page = store.notifications(_partner_id(principal), unread_only, next_token)
    return {"items": [notification_view(i, locale) for i in page.items], "next_token": page.next_token}


def mark_read(store: Store, principal: Principal, notification_id: str, now: datetime, locale: str = "en") -> dict:
    item = store.mark_notification_read(notification_id, _partner_id(principal), now)
    if item is None:
        raise NotFound("No notification with this id.")
    return notification_view(item, locale)


def payments(store: Store, principal: Principal, next_token: str | None) -> dict:
    page: Page[dict] = store.payments_of_partner(_partner_id(principal), next_token)
    fields = (
        "claim_id",
        "engagement_id",
        "engagement_name",
        "customer",
        "amount",
        "currency",
        "payable_on",
        "status",
        "remittance_ref",
        "paid_at",
    )
    return {
        "items": [
            payment_view({k: i.get(k) for k in fields}, principal) | {"claim_id": i["claim_id"]} for i in page.items
        ],
        "next_token": page.next_token,
    }
