"""Claims built with the pure domain rules (no AWS): a fresh draft from a consented nomination, the proof
items completed, a claim walked by legal paths into every status, and survey links sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from shared.domain import claims as rules
from shared.domain.claims import Actor, Claim, UploadProof, UploadStatus
from shared.domain.engagements import Engagement, Payout, ProofItem
from shared.domain.lifecycle import Action
from shared.domain.nominations import Contact, Nomination, NominationStatus

CONSENT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
PARTNER = Actor(email="pat@contoso.example", role="incentives-admin")
REVIEWER = Actor(email="rv@program.example", role="reviewer")
SECOND_REVIEWER = Actor(email="rv2@program.example", role="reviewer", sub="rv2-sub")
SYSTEM = Actor(email="system@workshop-claims", role="system")


def engagement(items: list[ProofItem] | None = None) -> Engagement:
    return Engagement(
        engagement_id="ENG-T",
        name="Test Workshop",
        solution_area="AI",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        payout=Payout(amount="5000.00", currency="USD"),
        proof_items=list(ProofItem) if items is None else items,
        surveys={"partner": [], "customer": []},
    )


def new_claim(
    consent_at: datetime = CONSENT, items: list[ProofItem] | None = None, opened_at: datetime | None = None
) -> Claim:
    contact = Contact(name="Casey", email="casey@northwind.example")
    nomination = Nomination(
        nomination_id="nom_1",
        partner_id="P-1001",
        engagement_id="ENG-T",
        engagement_name="Test Workshop",
        location_id="L-1001",
        terms=engagement(items).terms(),
        customer_email="casey@northwind.example",
        tenant_id="t-1",
        status=NominationStatus.CONSENTED,
        created_at=consent_at - timedelta(days=2),
        consent_due=consent_at + timedelta(days=28),
        consent_at=consent_at,
        customer_contact=contact,
        partner_contact=Contact(name="Pat", email="pat@contoso.example"),
    )
    return rules.open_claim(nomination, "clm_1", opened_at or consent_at)


def complete(claim: Claim, now: datetime) -> Claim:
    """Every required proof item done, through the domain operations."""
    for item in (ProofItem.FINDINGS_REPORT, ProofItem.INVOICE):
        if item in claim.missing:
            received = UploadProof(status=UploadStatus.RECEIVED, file_name=f"{item.value}.pdf", size=10)
            claim = rules.upload_checked(claim, now, SYSTEM, item, received).claim
    for kind, item in (("partner", ProofItem.PARTNER_SURVEY), ("customer", ProofItem.CUSTOMER_SURVEY)):
        if item in claim.missing:
            claim = rules.survey_completed(claim, now, PARTNER, kind, in_app=True).claim
    return claim


def apply(claim: Claim, action: Action, now: datetime) -> rules.Outcome:
    """The domain operation behind each action, with valid arguments (a dispute decided by a second
    reviewer: four eyes)."""
    decider = SECOND_REVIEWER if claim.dispute else REVIEWER
    match action:
        case Action.SUBMIT:
            return rules.submit(claim, now, PARTNER)
        case Action.CANCEL:
            return rules.cancel(claim, now, PARTNER)
        case Action.EXPIRE:
            return rules.expire(claim, now, SYSTEM)
        case Action.START_REVIEW:
            return rules.start_review(claim, now, REVIEWER)
        case Action.REQUEST_INFO:
            return rules.request_info(claim, now, decider, "missing_document", "Please add the invoice.")
        case Action.APPROVE:
            return rules.approve(claim, now, decider, "Well done.")
        case Action.REJECT:
            return rules.reject(claim, now, decider, "insufficient_proof", "Not enough.")
        case Action.DISPUTE:
            return rules.dispute(claim, now, PARTNER, "We delivered it.")
        case Action.RECORD_PAYMENT:
            return rules.record_payment(claim, now, REVIEWER, "REM-1")
    raise AssertionError(action)


def time_for(claim: Claim, action: Action) -> datetime:
    """A moment at which the action's time guards hold: past every deadline for expire, else soon."""
    if action is Action.EXPIRE:
        return max(claim.review_due, claim.dispute_due or claim.review_due) + timedelta(seconds=1)
    return claim.updated_at + timedelta(hours=1)


# Legal paths from a fresh draft to every status (the key names a state; two reach under_review).
PATHS: dict[str, list[Action]] = {
    "draft": [],
    "submitted": [Action.SUBMIT],
    "under_review": [Action.SUBMIT, Action.START_REVIEW],
    "action_required": [Action.SUBMIT, Action.START_REVIEW, Action.REQUEST_INFO],
    "approved": [Action.SUBMIT, Action.START_REVIEW, Action.APPROVE],
    "paid": [Action.SUBMIT, Action.START_REVIEW, Action.APPROVE, Action.RECORD_PAYMENT],
    "rejected": [Action.SUBMIT, Action.START_REVIEW, Action.REJECT],
    "disputed": [Action.SUBMIT, Action.START_REVIEW, Action.REJECT, Action.DISPUTE],
    "under_review_after_dispute": [
        Action.SUBMIT,
        Action.START_REVIEW,
        Action.REJECT,
        Action.DISPUTE,
        Action.START_REVIEW,
    ],
    "rejected_final": [
        Action.SUBMIT,
        Action.START_REVIEW,
        Action.REJECT,
        Action.DISPUTE,
        Action.START_REVIEW,
        Action.REJECT,
    ],
    "canceled": [Action.CANCEL],
    "expired": [Action.EXPIRE],
}


def claim_in(state: str) -> Claim:
    claim = complete(new_claim(), CONSENT + timedelta(days=1))
    for action in PATHS[state]:
        claim = apply(claim, action, time_for(claim, action)).claim
    return claim


def links(claim: Claim, kind: str, token_hash: str = "h1") -> list[rules.RecipientLink]:
    """One link per recipient of the survey: `token_hash` for the first, `token_hash`.2, … for the others."""
    contacts = claim.contacts.partner if kind == "partner" else [claim.contacts.customer]
    return [
        rules.RecipientLink(
            name=c.name, email=c.email, locale=c.locale, token_hash=token_hash if i == 0 else f"{token_hash}.{i + 1}"
        )
        for i, c in enumerate(contacts)
    ]


def sent(claim: Claim, kind: str, now: datetime, token_hash: str = "h1") -> Claim:
    return rules.survey_sent(claim, now, PARTNER, kind, links(claim, kind, token_hash)).claim
