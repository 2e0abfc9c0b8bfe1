"""Customers page use cases: nominate a customer, list a tab, request consent by email, and the
customer's answer on the public consent page (first consent wins)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared import emails
from shared.api.auth import Principal
from shared.domain.deadlines import CONSENT_REMINDER_DAYS, consent_news
from shared.domain.engagements import Availability, Engagement
from shared.domain.mail_events import consent_tags
from shared.domain.nominations import (
    Contact,
    Nomination,
    NominationStatus,
    Tab,
    check_can_nominate_again,
    check_can_request_consent,
    check_consent_answerable,
    consent_due,
    require_tenant,
    sends_today,
)
from shared.domain.notices import long_datetime
from shared.domain.outbox import EmailStatus
from shared.domain.reference import EVERY_ENGAGEMENT
from shared.errors import Conflict, LinkGone, NotFound, Unprocessable
from shared.ids import answer_digest, hash_token, new_id, new_link_token
from shared.pages.consent import ELSEWHERE, ConsentLink
from shared.runtime import Settings
from shared.services.common import add_nomination_note, contact_reason, until_committed
from shared.services.outbox import send_link
from shared.store import Store, TokenOutcome, Tx, TxConflict

if TYPE_CHECKING:  # request bodies are for the HTTP functions; the consumer/job never builds them
    from shared.api.models import Nominate

ANSWER_ATTEMPTS = 3  # a lost race is re-read and re-decided; the re-read settles it (gone, elsewhere)
GONE_MESSAGE = "This consent link is no longer valid."


def _elsewhere() -> Conflict:
    return Conflict(
        "The customer has already consented to this engagement with another partner; only the first consent counts.",
        code=ELSEWHERE,
    )


# ---------------------------------------------------------------- partner side
def nominate(store: Store, principal: Principal, engagement_id: str, body: Nominate, now: datetime) -> dict:
    partner_id = principal.partner_id
    assert partner_id, "partner routes always have a partner id"
    domain = body.customer_email.rpartition("@")[2]
    found = store.nomination_context(engagement_id, body.location_id, domain, partner_id)
    engagement = _engagement_of(found, engagement_id, now)
    location = found["location"]
    if location is None or location.get("partner_id") != partner_id:  # another partner's: as if missing
        raise Unprocessable("This location is not one of your enrolled locations.", code="location_not_found")
    eligible = location.get("engagement_ids") or []
    if EVERY_ENGAGEMENT not in eligible and engagement_id not in eligible:
        raise Unprocessable("This location is not eligible for this engagement.", code="location_not_eligible")
    directory = found["directory"]
    tenant_id = require_tenant(directory["tenant_id"] if directory else None, body.tenant_id, body.mismatch_reason)
    terms = engagement.terms()
    nomination = Nomination(
        nomination_id=new_id("nom", now),
        partner_id=partner_id,
        engagement_id=engagement_id,
        engagement_name=engagement.name,
        partner_name=(found["partner"] or {}).get("name"),
        location_id=body.location_id,
        customer_name=body.customer_name,
        customer_email=body.customer_email,
        tenant_id=tenant_id,
        mismatch_reason=body.mismatch_reason,
        created_at=now,
        terms=terms,
        consent_due=consent_due(terms, now),
    )
    _commit_nomination(store, nomination, now)
    return nomination.row(now)


def _engagement_of(found: dict[str, Any], engagement_id: str, now: datetime) -> Engagement:
    if found["engagement"] is None:
        raise NotFound("No engagement with this id.", code="engagement_not_found")
    engagement = Engagement.model_validate(found["engagement"])
    availability = engagement.availability(now.date())
    if availability is not Availability.ACTIVE:
        raise Conflict(
            f"Customers can only be nominated while the engagement is active; it is '{availability.value}'.",
            code="engagement_not_active",
            availability=availability.value,
        )
    return engagement


def _commit_nomination(store: Store, n: Nomination, now: datetime) -> None:
    """The nomination, its roster entry (one per partner and tenant), the check that nobody won the tenant
    yet, and the consent expiry and reminders for the scheduled job: one transaction. When the partner's
    entry is taken, the partner may still nominate again after a lost consent or a canceled claim."""
    try:
        _nomination_tx(store, n, now, previous=None, own_lock=None).commit()
    except TxConflict as exc:
        if "consent_lock" in exc.labels and "roster" not in exc.labels:
            raise _elsewhere() from exc
        if "roster" not in exc.labels:
            raise
        until_committed(lambda: _nominate_again(store, n, now))


def _nomination_tx(store: Store, n: Nomination, now: datetime, previous: str | None, own_lock: dict | None) -> Tx:
    tx = store.tx().save_nomination(n, None).join_roster(n, now, replacing=previous)
    # held by the partner's own consent, whose claim it canceled: still its own, still the same
    tx.check_consent_lock(n, held_by=own_lock["nomination_id"] if own_lock else None)
    tx.put_deadline(
        n.consent_due,
        "consent_expiry",
        "consent_reminder",
        CONSENT_REMINDER_DAYS,
        n.nomination_id,
        partner_id=n.partner_id,
    )
    return tx


def _nominate_again(store: Store, n: Nomination, now: datetime) -> None:
    """The partner's entry names an earlier nomination of this tenant: decide from it (and the consent lock)
    whether this is a new try, then replace the entry, conditioned on what was read."""
    roster = store.tenant_roster(n.engagement_id, n.tenant_id)
    lock = next((i for i in roster if i.get("type") == "consent_lock"), None)
    if lock and lock["partner_id"] != n.partner_id:
        raise _elsewhere()
    entry = next(i for i in roster if i.get("type") == "roster" and i["partner_id"] == n.partner_id)
    previous = store.nomination(entry["nomination_id"])
    assert previous is not None, "a roster entry names a stored nomination"
    if previous.status is NominationStatus.LOST_TO_OTHER_PARTNER:
        raise _elsewhere()
    check_can_nominate_again(previous)
    _nomination_tx(store, n, now, previous=previous.nomination_id, own_lock=lock).commit()


def customers_tab(
    store: Store, principal: Principal, engagement_id: str, tab: Tab, next_token: str | None, now: datetime
) -> dict:
    assert principal.partner_id, "partner routes always have a partner id"
    page = store.nominations(principal.partner_id, engagement_id, tab, next_token)
    return {"items": [n.row(now) for n in page.items], "next_token": page.next_token}


def request_consent(
    store: Store,
    ses: Any,
    settings: Settings,
    principal: Principal,
    nomination_id: str,
    customer: Contact,
    partner: Contact,
    now: datetime,
    given_reason: str | None = None,
) -> dict:
    """Store a fresh link with its email pending (a resend kills the previous link in the same transaction),
    then email it and mark the outcome: nobody is mailed a link that is not stored."""
    token, token_hash = new_link_token()

    def commit() -> Nomination:
        nomination = store.nomination(nomination_id)
        if nomination is None:
            raise NotFound("No nomination with this id.")
        principal.owns(nomination.partner_id, "nomination")
        check_can_request_consent(nomination, now)
        reason = contact_reason(store, customer.email, nomination.customer_email, nomination.tenant_id, given_reason)
        updated = nomination.model_copy(
            update={
                "contact_reason": reason,
                "customer_contact": customer,
                "partner_contact": partner,
                "consent_requested_at": now,
                "consent_request_count": nomination.consent_request_count + 1,
                "consent_token_hash": token_hash,
                "consent_email_status": EmailStatus.PENDING,
                "consent_sends_today": sends_today(nomination, now),
                "version": nomination.version + 1,
            }
        )
        tx = store.tx().save_nomination(updated, nomination.version)
        if nomination.consent_token_hash:
            tx.retire_token(nomination.consent_token_hash, "consent", nomination.consent_locale, nomination.consent_due)
        tx.put_token(
            token_hash,
            "consent",
            nomination.consent_due,
            nomination_id=nomination_id,
            locale=customer.locale,
            engagement_name=nomination.engagement_name,
            partner_name=_partner_name(nomination, partner),
            customer_name=nomination.customer_name,
            consent_due=nomination.consent_due.isoformat(),
            partner_contact={"name": partner.name, "email": partner.email},
        )
        tx.commit()
        return updated

    stored = until_committed(commit)
    message = emails.render(
        "consent_request",
        customer.locale,
        name=customer.name,
        partner_name=_partner_name(stored, partner),
        engagement_name=stored.engagement_name,
        consent_due=long_datetime(stored.consent_due, customer.locale),
        partner_contact_name=partner.name,
        partner_contact_email=partner.email,
        public_base_url=settings.public_base_url,
        token=token,
    )
    sent = send_link(
        ses,
        settings,
        [(customer.name, customer.email)],
        message,
        lambda status: store.mark_consent_email(nomination_id, token_hash, status),
        consent_tags(nomination_id, token_hash),
    )
    return (sent or stored).row(now)


def _partner_name(nomination: Nomination, partner: Contact) -> str:
    return nomination.partner_name or partner.name


# ---------------------------------------------------------------- the customer's public page
def consent_link(store: Store, token: str, now: datetime) -> ConsentLink:
    """The page behind a link (one GetItem). Rotated, expired, unknown or past its window: 410, in the
    link's language when its row says it; answered: the link with what was answered (`answer_digest`)."""
    item = store.token(hash_token(token))
    if not item or item.get("purpose") != "consent":
        raise LinkGone(GONE_MESSAGE)
    if item.get("outcome") == TokenOutcome.RETIRED or now >= datetime.fromisoformat(item["expires_at"]):
        raise LinkGone(GONE_MESSAGE, item.get("locale"))
    if item.get("outcome") == TokenOutcome.LOST:
        raise _elsewhere()
    return ConsentLink(
        nomination_id=item["nomination_id"],
        locale=item.get("locale", "en"),
        engagement_name=item["engagement_name"],
        partner_name=item["partner_name"],
        customer_name=item.get("customer_name"),
        consent_due=datetime.fromisoformat(item["consent_due"]),
        partner_contact=item.get("partner_contact"),
        answer_digest=item.get("answer_digest"),
    )


def live_consent_link(store: Store, token: str, now: datetime) -> ConsentLink:
    """The consent form: an answered link is as dead as any other (single use)."""
    link = consent_link(store, token, now)
    if link.answer_digest:
        raise LinkGone(GONE_MESSAGE, link.locale)
    return link


def answer_consent(store: Store, token: str, decision: str, now: datetime) -> tuple[ConsentLink, Nomination, bool]:
    """Accept or decline; the third value says the very same answer was already recorded (nothing changes).
    A transaction that lost a race is re-decided from a fresh read, which then answers as the winner left
    things (already recorded, link gone, or consented elsewhere)."""
    digest = answer_digest({"decision": decision})
    for _ in range(ANSWER_ATTEMPTS):
        link = consent_link(store, token, now)
        nomination = store.nomination(link.nomination_id)
        if nomination is None:
            raise LinkGone(GONE_MESSAGE, link.locale)
        if link.answer_digest:
            if link.answer_digest != digest:
                raise LinkGone(GONE_MESSAGE, link.locale)
            return link, nomination, True
        if nomination.status is NominationStatus.LOST_TO_OTHER_PARTNER:
            raise _elsewhere()
        token_hash = hash_token(token)
        check_consent_answerable(nomination, token_hash, now)
        try:
            if decision == "accept":
                return link, _accept(store, nomination, token_hash, digest, now), False
            return link, _decline(store, nomination, token_hash, digest, now), False
        except TxConflict:
            continue
    raise Conflict("The answer collided with another change; try again.", code="concurrent_update")


def _decided(n: Nomination, status: NominationStatus, now: datetime, **changes: Any) -> Nomination:
    return n.model_copy(
        update={"status": status, "decided_at": now, "consent_token_hash": None, "version": n.version + 1, **changes}
    )


def _decline(store: Store, n: Nomination, token_hash: str, digest: str, now: datetime) -> Nomination:
    declined = _decided(n, NominationStatus.DECLINED, now)
    tx = store.tx().save_nomination(declined, n.version).spend_token(token_hash, digest, now)
    add_nomination_note(tx, declined, declined.version, consent_news(declined), now)
    tx.commit()
    return declined


def _accept(store: Store, n: Nomination, token_hash: str, digest: str, now: datetime) -> Nomination:
    """First consent wins: the (engagement, tenant) lock, this consent, the spent link, and every other
    partner's open nomination of the tenant moved to ineligible (their links marked), in one transaction,
    on condition that nobody joined the roster since it was read (else the caller re-reads and retries)."""
    roster = store.tenant_roster(n.engagement_id, n.tenant_id)
    lock = next((i for i in roster if i.get("type") == "consent_lock"), None)
    if lock and lock["partner_id"] != n.partner_id:
        # The winner moved every open nominee (its roster check proves it saw them all): n was read before that.
        raise _elsewhere()
    others = [i["nomination_id"] for i in roster if i.get("type") == "roster" and i["nomination_id"] != n.nomination_id]
    rivals = [r for r in store.nominations_by_id(others) if r.status is NominationStatus.AWAITING_CONSENT]
    roster_version = next((int(i["version"]) for i in roster if i.get("type") == "roster_head"), None)
    consented = _decided(n, NominationStatus.CONSENTED, now, consent_at=now)
    tx = store.tx()
    # the partner's own earlier consent, whose claim it canceled, gives way to this one
    tx.take_consent_lock(n, now, replacing=lock["nomination_id"] if lock else None)
    tx.save_nomination(consented, n.version).spend_token(token_hash, digest, now)
    add_nomination_note(tx, consented, consented.version, consent_news(consented), now)
    tx.check_roster(n.engagement_id, n.tenant_id, roster_version)
    for rival in rivals:
        _add_loss(tx, rival, now, label="rival")
    tx.commit()
    return consented


def _add_loss(tx: Any, n: Nomination, now: datetime, label: str) -> None:
    """Move an open nomination to 'lost to another partner' and tell its partner; its link stays, answering
    'consented elsewhere'."""
    lost = _decided(n, NominationStatus.LOST_TO_OTHER_PARTNER, now, consent_token_hash=n.consent_token_hash)
    tx.save_nomination(lost, n.version, label=label)
    add_nomination_note(tx, lost, lost.version, consent_news(lost), now)
    if n.consent_token_hash:
        tx.mark_token_lost(f"{label}_token", n.consent_token_hash)
