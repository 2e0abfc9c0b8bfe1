"""The claim: its shape, its proof, and every rule that changes it. Pure: `now` and the actor are passed in.

Each operation takes the current claim and returns an `Outcome`: the next claim (version + 1), the
history event to record, and the partner notification to raise (if any). The service layer writes
all three in one transaction, conditioned on the version it read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_serializer

from shared.domain import notices
from shared.domain.days import days_left
from shared.domain.engagements import SURVEY_ITEMS, UPLOAD_ITEMS, Payout, ProofItem, Question, SurveyKind, Windows
from shared.domain.labels import PROOF_ITEMS, word
from shared.domain.lifecycle import EDITABLE, Action, Status, next_status
from shared.domain.nominations import Contact, Nomination, email_domain
from shared.domain.outbox import EmailStatus, throttled
from shared.errors import Conflict, Forbidden, TooSoon, Unprocessable

SURVEY_RESEND_INTERVAL = timedelta(minutes=5)
REQUEST_INFO_REASONS = ("missing_document", "document_unreadable", "invoice_mismatch", "survey_issue", "other")
REJECT_REASONS = ("insufficient_proof", "ineligible_customer", "duplicate_claim", "workshop_not_delivered", "other")


class UploadStatus(StrEnum):
    MISSING = "missing"
    PENDING = "pending"
    RECEIVED = "received"
    REJECTED = "rejected"
    NOT_APPLICABLE = "not_applicable"


class SurveyStatus(StrEnum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    COMPLETED = "completed"
    NOT_APPLICABLE = "not_applicable"


class UploadProof(BaseModel):
    status: UploadStatus = UploadStatus.MISSING
    file_name: str | None = None
    content_type: str | None = None
    size: int | None = None
    s3_key: str | None = None
    checksum_sha256: str | None = None
    s3_version_id: str | None = None
    received_at: datetime | None = None
    reason: str | None = None


class RecipientLink(BaseModel):
    """One recipient's own link to a survey, emailed in the recipient's locale (shared/domain/outbox.py)."""

    name: str
    email: str
    locale: str = "en"
    token_hash: str = Field(exclude=True)  # never leaves the store layer
    email_status: EmailStatus | None = None

    def for_contact(self, contact: Contact) -> bool:
        return (self.name, self.email, self.locale) == (contact.name, contact.email, contact.locale)


class SurveyProof(BaseModel):
    status: SurveyStatus = SurveyStatus.NOT_SENT
    sent_at: datetime | None = None
    send_count: int = 0
    sent_to: str | None = None
    completed_at: datetime | None = None
    link_invalidated: bool = False
    answered_in_app: bool = False
    links: list[RecipientLink] = Field(default_factory=list)  # the live links: one per recipient, any one answers

    @computed_field  # type: ignore[prop-decorator]
    @property
    def email_status(self) -> EmailStatus | None:
        """The live links' emails taken together, the one to act on first: undeliverable if one bounced for good
        (only another contact helps), failed if one failed, pending while one is pending."""
        statuses = {link.email_status for link in self.links}
        order = (EmailStatus.UNDELIVERABLE, EmailStatus.FAILED, EmailStatus.PENDING, EmailStatus.SENT)
        return next((s for s in order if s in statuses), None)

    @property
    def token_hashes(self) -> set[str]:
        return {link.token_hash for link in self.links}


class Proof(BaseModel):
    findings_report: UploadProof = UploadProof()
    invoice: UploadProof = UploadProof()
    partner_survey: SurveyProof = SurveyProof()
    customer_survey: SurveyProof = SurveyProof()

    def item(self, name: ProofItem) -> UploadProof | SurveyProof:
        return getattr(self, name.value)

    def is_complete(self, name: ProofItem) -> bool:
        return self.item(name).status in (UploadStatus.RECEIVED, SurveyStatus.COMPLETED)


class Contacts(BaseModel):
    partner: list[Contact]
    customer: Contact


class Actor(BaseModel):
    email: str  # the name people read: the email, or the username of a token without one
    role: str
    sub: str | None = None  # the stable id of a signed-in user (customers, the system and older events: none)

    @model_serializer(mode="wrap")
    def _without_empty_sub(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if data.get("sub") is None:
            data.pop("sub", None)
        return data

    def same_person(self, other: Actor) -> bool:
        if self.sub and other.sub:
            return self.sub == other.sub
        return self.email.lower() == other.email.lower()


class InfoRequest(BaseModel):
    at: datetime
    by: Actor
    reason_code: str
    message: str


class Decision(BaseModel):
    outcome: Literal["approved", "rejected", "rejected_final"]
    reason_code: str | None = None
    message: str | None = None
    at: datetime
    by: Actor


class Dispute(BaseModel):
    at: datetime
    message: str


class Payment(BaseModel):
    amount: str
    currency: str
    payable_on: date
    status: Literal["scheduled", "paid"] = "scheduled"
    remittance_ref: str | None = None
    paid_at: datetime | None = None


class Event(BaseModel):
    """One immutable history entry."""

    at: datetime
    actor: Actor
    action: str
    details: dict[str, Any] = Field(default_factory=dict)


class NotificationDraft(BaseModel):
    """A partner notification (claim page + email), as its kind and its facts: shared/domain/notices.py words it in
    each reader's language. `variant` picks one of the kind's texts (e.g. a rejection that became final
    because nobody disputed it); `details` are the codes the email lists as facts."""

    model_config = ConfigDict(extra="forbid")  # a sentence passed in would be silently dropped
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    variant: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"{self.kind}.{self.variant}" if self.variant else self.kind

    @property
    def message(self) -> str:
        """In English: the text the record keeps (a log or an older client reads it)."""
        return notices.message(self.template, self.params, "en")


class Claim(BaseModel):
    claim_id: str
    partner_id: str
    partner_name: str | None = None  # as the customer knows the partner (its emails and pages)
    engagement_id: str
    engagement_name: str
    nomination_id: str
    location_id: str
    customer: dict[str, Any]
    status: Status = Status.DRAFT
    version: int = 1
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    consent_at: datetime
    submit_due: datetime
    review_due: datetime
    first_submitted_at: datetime | None = None
    submitted_at: datetime | None = None
    required: list[ProofItem]
    payout: Payout
    windows: Windows
    survey_questions: dict[SurveyKind, list[Question]] = Field(default_factory=dict)
    proof: Proof = Proof()
    contacts: Contacts
    contact_reason: str | None = None  # why the customer contact, off the customer's domains, speaks for it
    comments: str = ""
    info_requests: list[InfoRequest] = Field(default_factory=list)
    decision: Decision | None = None
    dispute: Dispute | None = None
    payment: Payment | None = None

    @property
    def missing(self) -> list[str]:
        return [item.value for item in self.required if not self.proof.is_complete(item)]

    @property
    def dispute_due(self) -> datetime | None:
        """Until when a rejection may be disputed; None unless the claim was rejected."""
        if self.decision is None or self.decision.outcome != "rejected":
            return None
        return self.decision.at + timedelta(days=self.windows.dispute_days)

    @property
    def disputed_before(self) -> bool:
        return self.dispute is not None


class Outcome(BaseModel):
    claim: Claim
    event: Event
    notification: NotificationDraft | None = None


def open_claim(nomination: Nomination, claim_id: str, now: datetime) -> Claim:
    """The draft claim of a consented nomination, on the nomination's terms; deadlines run from the
    consent time."""
    consent_at, terms = nomination.consent_at, nomination.terms
    assert consent_at is not None and nomination.customer_contact and nomination.partner_contact
    proof = Proof()
    for item in ProofItem:
        if item not in terms.proof_items:
            not_applicable = UploadStatus.NOT_APPLICABLE if item in UPLOAD_ITEMS else SurveyStatus.NOT_APPLICABLE
            proof.item(item).status = not_applicable
    return Claim(
        claim_id=claim_id,
        partner_id=nomination.partner_id,
        partner_name=nomination.partner_name,
        engagement_id=nomination.engagement_id,
        engagement_name=nomination.engagement_name,
        nomination_id=nomination.nomination_id,
        location_id=nomination.location_id,
        customer={
            "name": nomination.customer_name,
            "email": nomination.customer_email,
            "tenant_id": nomination.tenant_id,
        },
        created_at=now,
        updated_at=now,
        status_changed_at=now,
        consent_at=consent_at,
        submit_due=consent_at + timedelta(days=terms.windows.submit_days),
        review_due=consent_at + timedelta(days=terms.windows.review_days),
        required=list(terms.proof_items),
        payout=terms.payout,
        windows=terms.windows,
        survey_questions=terms.surveys,
        proof=proof,
        contacts=Contacts(partner=[nomination.partner_contact], customer=nomination.customer_contact),
        contact_reason=nomination.contact_reason,
    )


def _next(
    claim: Claim,
    now: datetime,
    actor: Actor,
    action: str,
    details: dict | None = None,
    notification: NotificationDraft | None = None,
    **changes: Any,
) -> Outcome:
    new = claim.model_copy(deep=True, update={**changes, "version": claim.version + 1, "updated_at": now})
    if new.status is not claim.status:
        new.status_changed_at = now
    event = Event(
        at=now,
        actor=actor,
        action=action,
        details={**(details or {}), "from_status": claim.status.value, "to_status": new.status.value},
    )
    return Outcome(claim=new, event=event, notification=notification)


def require_editable(claim: Claim) -> None:
    if claim.status not in EDITABLE:
        raise Conflict(
            f"The claim cannot be changed in status '{claim.status.value}'.",
            code="claim_not_editable",
            current_status=claim.status.value,
        )


# ------------------------------------------------------------------ partner edits


def update_claim(
    claim: Claim,
    now: datetime,
    actor: Actor,
    *,
    comments: str | None = None,
    partner_contacts: list[Contact] | None = None,
    customer_contact: Contact | None = None,
    contact_reason: str | None = None,
) -> Outcome | None:
    """Comments and contacts. A changed contact kills its sent-but-unanswered survey link. None when nothing
    changes: no new version, no history event. `contact_reason` is the checked reason of a new customer
    contact off the customer's domains (`nominations.contact_reason_for`), None on them."""
    require_editable(claim)
    proof = claim.proof.model_copy(deep=True)
    contacts = claim.contacts.model_copy(deep=True)
    changed: list[str] = []
    revoked: list[str] = []
    if comments is not None and comments != claim.comments:
        changed.append("comments")
    if customer_contact is not None and customer_contact != claim.contacts.customer:
        if proof.customer_survey.status is SurveyStatus.COMPLETED:
            raise Conflict(
                "The customer survey is completed, so the customer contact can no longer change.",
                code="customer_contact_locked",
                current_status=claim.status.value,
            )
        contacts.customer = customer_contact
        changed.append("customer_contact")
        if _revoke_survey(proof.customer_survey):
            revoked.append("customer_survey")
    if partner_contacts is not None and partner_contacts != claim.contacts.partner:
        contacts.partner = partner_contacts
        changed.append("partner_contacts")
        if _revoke_survey(proof.partner_survey, keep=partner_contacts):
            revoked.append("partner_survey")
    if not changed:
        return None
    details = {
        "changed": changed,
        "survey_links_revoked": revoked,
        **({"contact_reason": contact_reason} if "customer_contact" in changed and contact_reason else {}),
    }
    return _next(
        claim,
        now,
        actor,
        "claim_updated",
        details,
        proof=proof,
        comments=claim.comments if comments is None else comments,
        contacts=contacts,
        contact_reason=contact_reason if "customer_contact" in changed else claim.contact_reason,
    )


def _revoke_survey(survey: SurveyProof, keep: Sequence[Contact] = ()) -> bool:
    """Kill the sent links of contacts no longer in `keep` (a changed or removed contact; a contact added
    beside them leaves their links alive). Whether any link died; with none left the survey is unsent."""
    if survey.status is not SurveyStatus.SENT:
        return False
    alive = [link for link in survey.links if any(link.for_contact(c) for c in keep)]
    if len(alive) == len(survey.links):
        return False
    survey.links = alive
    if not alive:
        survey.status, survey.link_invalidated = SurveyStatus.NOT_SENT, True
    return True


def cancel(claim: Claim, now: datetime, actor: Actor) -> Outcome:
    return _next(claim, now, actor, "canceled", status=next_status(claim.status, Action.CANCEL))


def submit(claim: Claim, now: datetime, actor: Actor) -> Outcome:
    status = next_status(claim.status, Action.SUBMIT)
    deadline = claim.submit_due if claim.status is Status.DRAFT else claim.review_due
    if now >= deadline:
        raise Conflict(
            f"The deadline to submit this claim passed at {deadline.isoformat()}.",
            code="deadline_passed",
            current_status=claim.status.value,
            deadline=deadline.isoformat(),
        )
    if claim.missing:
        raise Unprocessable(
            f"The claim cannot be submitted yet: {in_words(claim.missing)} "
            f"{'is' if len(claim.missing) == 1 else 'are'} not complete.",
            code="claim_incomplete",
            missing=claim.missing,
        )
    return _next(
        claim,
        now,
        actor,
        "submitted",
        {"resubmission": claim.first_submitted_at is not None},
        status=status,
        submitted_at=now,
        first_submitted_at=claim.first_submitted_at or now,
    )


def in_words(items: list[str]) -> str:
    """'the invoice and the partner survey': proof items as a partner reads them."""
    names = [f"the {word(PROOF_ITEMS, item, 'en').lower()}" for item in items]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def expire(claim: Claim, now: datetime, actor: Actor) -> Outcome:
    """Auto-rejection by the scheduled job: a draft past submit_due, or an info request past review_due; and a
    rejection not disputed by dispute_due becomes final."""
    status = next_status(claim.status, Action.EXPIRE)
    if status is Status.REJECTED_FINAL:
        return _rejection_final(claim, now, actor)
    deadline = claim.submit_due if claim.status is Status.DRAFT else claim.review_due
    if now < deadline:
        raise Conflict("The claim's deadline has not passed yet.", code="not_due", current_status=claim.status.value)
    variant = "not_submitted" if claim.status is Status.DRAFT else "info_not_provided"
    note = NotificationDraft(
        kind="expired",
        variant=variant,
        params={"deadline": deadline.isoformat(), "submit_days": claim.windows.submit_days},
        details={"deadline": deadline.isoformat()},
    )
    why = (
        f"not submitted within {claim.windows.submit_days} days of consent"
        if claim.status is Status.DRAFT
        else "information was not provided before the review deadline"
    )
    return _next(claim, now, actor, "expired", {"reason": f"automatically rejected: {why}"}, note, status=status)


def _rejection_final(claim: Claim, now: datetime, actor: Actor) -> Outcome:
    due = claim.dispute_due
    assert due is not None and claim.decision is not None, "only a rejected claim has a dispute window"
    if now < due:
        raise Conflict("The dispute window has not closed yet.", code="not_due", current_status=claim.status.value)
    note = NotificationDraft(
        kind=Status.REJECTED_FINAL.value,
        variant="not_disputed",
        params={"dispute_due": due.date().isoformat()},
        details={"deadline": due.isoformat()},
    )
    decision = claim.decision.model_copy(update={"outcome": Status.REJECTED_FINAL.value})
    return _next(
        claim,
        now,
        actor,
        Status.REJECTED_FINAL.value,
        {"reason": "not disputed in time"},
        note,
        status=Status.REJECTED_FINAL,
        decision=decision,
    )


def dispute(claim: Claim, now: datetime, actor: Actor, message: str) -> Outcome:
    status = next_status(claim.status, Action.DISPUTE)
    assert claim.decision is not None
    window_end = claim.dispute_due
    assert window_end is not None
    if now >= window_end:
        raise Conflict(
            f"The dispute window closed at {window_end.isoformat()}.",
            code="deadline_passed",
            current_status=claim.status.value,
            deadline=window_end.isoformat(),
        )
    return _next(
        claim, now, actor, "disputed", {"message": message}, status=status, dispute=Dispute(at=now, message=message)
    )


# ------------------------------------------------------------------ reviewer decisions

# every claim waiting for a reviewer (docs/product.md "Review"): to be started, or being reviewed
REVIEW_WAITING = (Status.SUBMITTED, Status.DISPUTED, Status.UNDER_REVIEW)


def queue_entry(claim: Claim, now: datetime) -> dict[str, Any]:
    """What the review queue says of a claim: since when it waits for a reviewer (its submission, or its
    dispute), how many whole days that is, and whether it is new, a resubmission or a dispute."""
    if claim.dispute is not None:
        kind, since = "dispute", claim.dispute.at
    else:
        kind = "resubmission" if claim.info_requests else "new"
        since = claim.submitted_at or claim.status_changed_at
    return {"waiting_since": since.isoformat(), "age_days": max(0, (now - since) // timedelta(days=1)), "kind": kind}


def dossier_deadlines(claim: Claim, now: datetime) -> dict[str, dict[str, Any]]:
    """Each deadline of the claim with its days left, counted as everywhere else (`days_left`); a passed
    one says so and has none left. The dispute deadline exists once the claim is rejected."""
    dates = {"submit_due": claim.submit_due, "review_due": claim.review_due}
    if claim.dispute_due is not None:
        dates["dispute_due"] = claim.dispute_due
    return {
        name: {"at": at.isoformat(), "days_left": days_left(at, now), "passed": now >= at} for name, at in dates.items()
    }


def risk_flags(
    claim: Claim,
    mismatch_reason: str | None,
    consent_contact: str | None,
    consent_reason: str | None,
    tenant_domains: list[str],
) -> list[dict[str, str]]:
    """What a reviewer should look at twice, from what the data records: a tenant id the partner gave that
    contradicts the tenant directory (with the partner's reason), and a consent or customer-survey link sent
    to an address off the customer's domains (docs/product.md "the customer speaks for the customer": the
    nominated email's domain and the tenant's domains in the directory)."""
    flags = []
    if mismatch_reason:
        flags.append(
            {
                "code": "tenant_mismatch",
                "message": "The partner gave a tenant id that differs from the tenant directory's entry "
                f"for the customer's domain; their reason: {mismatch_reason}",
            }
        )
    customer_domains = {email_domain(str(claim.customer.get("email") or "")), *(d.lower() for d in tenant_domains)}
    for what, address, reason in (
        ("consent request", consent_contact, consent_reason),
        ("customer survey", claim.contacts.customer.email, claim.contact_reason),
    ):
        if address and email_domain(address) not in customer_domains:
            why = f"the partner's reason: {reason}" if reason else "the partner gave no reason"
            flags.append(
                {
                    "code": "contact_off_domain",
                    "message": f"The {what} went to {address}, which is not on the customer's domains "
                    f"({', '.join(sorted(d for d in customer_domains if d))}); {why}.",
                }
            )
    return flags


def require_four_eyes(claim: Claim, actor: Actor) -> None:
    """A dispute (disputed, or under review after one) is decided by another reviewer than the one who
    rejected the claim (docs/product.md "four eyes")."""
    rejected_by = claim.decision.by if claim.decision and claim.decision.outcome == "rejected" else None
    if claim.dispute is not None and rejected_by is not None and rejected_by.same_person(actor):
        raise Forbidden(
            "You rejected this claim, so its dispute must be decided by another reviewer (four eyes).",
            code="four_eyes",
            rejected_by=rejected_by.email,
        )


def start_review(claim: Claim, now: datetime, actor: Actor) -> Outcome:
    return _next(claim, now, actor, "review_started", status=next_status(claim.status, Action.START_REVIEW))


def request_info(claim: Claim, now: datetime, actor: Actor, reason_code: str, message: str) -> Outcome:
    status = next_status(claim.status, Action.REQUEST_INFO)
    require_four_eyes(claim, actor)
    request = InfoRequest(at=now, by=actor, reason_code=reason_code, message=message)
    note = NotificationDraft(
        kind="info_requested",
        params={"reason_code": reason_code, "reviewer_message": message, "review_due": claim.review_due.isoformat()},
        details={"reason_code": reason_code, "review_due": claim.review_due.isoformat()},
    )
    return _next(
        claim,
        now,
        actor,
        "info_requested",
        {"reason_code": reason_code, "message": message},
        note,
        status=status,
        info_requests=[*claim.info_requests, request],
    )


def approve(claim: Claim, now: datetime, actor: Actor, message: str | None) -> Outcome:
    status = next_status(claim.status, Action.APPROVE)
    require_four_eyes(claim, actor)
    payable_on = (now + timedelta(days=claim.windows.payment_days)).date()
    payment = Payment(amount=claim.payout.amount, currency=claim.payout.currency, payable_on=payable_on)
    note = NotificationDraft(  # no amount: amounts are payment details (incentives-admin only)
        kind="approved",
        variant="with_message" if message else None,
        params={"payable_on": payable_on.isoformat(), **({"reviewer_message": message} if message else {})},
        details={"payable_on": payable_on.isoformat()},
    )
    decision = Decision(outcome="approved", message=message, at=now, by=actor)
    return _next(
        claim,
        now,
        actor,
        "approved",
        {"message": message, "payable_on": payable_on.isoformat()},
        note,
        status=status,
        decision=decision,
        payment=payment,
    )


def reject(claim: Claim, now: datetime, actor: Actor, reason_code: str, message: str) -> Outcome:
    status = next_status(claim.status, Action.REJECT, disputed_before=claim.disputed_before)
    require_four_eyes(claim, actor)
    final = status is Status.REJECTED_FINAL
    dispute_by = (now + timedelta(days=claim.windows.dispute_days)).date().isoformat()
    note = NotificationDraft(
        kind=status.value,
        params={
            "reason_code": reason_code,
            "reviewer_message": message,
            **({} if final else {"dispute_due": dispute_by}),
        },
        details={"reason_code": reason_code},
    )
    outcome = cast(Literal["rejected", "rejected_final"], status.value)  # what REJECT leads to
    decision = Decision(outcome=outcome, reason_code=reason_code, message=message, at=now, by=actor)
    return _next(
        claim,
        now,
        actor,
        status.value,
        {"reason_code": reason_code, "message": message},
        note,
        status=status,
        decision=decision,
    )


def record_payment(claim: Claim, now: datetime, actor: Actor, remittance_ref: str) -> Outcome:
    status = next_status(claim.status, Action.RECORD_PAYMENT)
    assert claim.payment is not None
    payment = claim.payment.model_copy(update={"status": "paid", "remittance_ref": remittance_ref, "paid_at": now})
    note = NotificationDraft(kind="paid")
    return _next(claim, now, actor, "paid", {"remittance_ref": remittance_ref}, note, status=status, payment=payment)


# ------------------------------------------------------------------ proof: uploads


def upload_requested(
    claim: Claim, now: datetime, actor: Actor, item: ProofItem, file_name: str, upload_id: str
) -> Outcome:
    require_editable(claim)
    proof = claim.proof.model_copy(deep=True)
    current = proof.item(item)
    if current.status is UploadStatus.NOT_APPLICABLE:
        raise Conflict(f"{item.value} is not required for this engagement.", code="not_applicable")
    if current.status is not UploadStatus.RECEIVED:  # a received file stays until its replacement checks out
        setattr(proof, item.value, UploadProof(status=UploadStatus.PENDING, file_name=file_name))
    return _next(
        claim,
        now,
        actor,
        "evidence_upload_requested",
        {"item": item.value, "file_name": file_name, "upload_id": upload_id},
        proof=proof,
    )


def upload_checked(claim: Claim, now: datetime, actor: Actor, item: ProofItem, result: UploadProof) -> Outcome:
    """The evidence consumer's verdict on an uploaded object (received, or rejected with a reason)."""
    proof = claim.proof.model_copy(deep=True)
    if result.status is UploadStatus.REJECTED and proof.item(item).status is UploadStatus.RECEIVED:
        action = "evidence_rejected"  # a bad replacement never removes a good file
    else:
        setattr(proof, item.value, result)
        action = "evidence_received" if result.status is UploadStatus.RECEIVED else "evidence_rejected"
    details = {"item": item.value, **result.model_dump(mode="json", exclude_none=True, exclude={"status"})}
    return _next(claim, now, actor, action, details, proof=proof)


# ------------------------------------------------------------------ proof: surveys


def _open_survey(claim: Claim, now: datetime, kind: str) -> tuple[Proof, SurveyProof]:
    """A copy of the proof and the survey in it, if that survey may still be sent or answered."""
    item = SURVEY_ITEMS[kind]
    if now >= claim.submit_due:
        raise Conflict(
            "The submission deadline has passed: surveys can no longer be sent or answered.",
            code="deadline_passed",
            current_status=claim.status.value,
        )
    require_editable(claim)
    proof = claim.proof.model_copy(deep=True)
    survey = cast(SurveyProof, proof.item(item))  # a survey item
    if survey.status is SurveyStatus.NOT_APPLICABLE:
        raise Conflict(f"{item.value} is not required for this engagement.", code="not_applicable")
    if survey.status is SurveyStatus.COMPLETED:
        raise Conflict(
            f"The {kind} survey is already completed.", code="survey_completed", current_status=claim.status.value
        )
    return proof, survey


def survey_sent(claim: Claim, now: datetime, actor: Actor, kind: str, links: list[RecipientLink]) -> Outcome:
    """A fresh link for each recipient, its email pending; the previous links die."""
    item = SURVEY_ITEMS[kind]
    proof, survey = _open_survey(claim, now, kind)
    if (
        survey.status is SurveyStatus.SENT
        and survey.sent_at
        and throttled(survey.email_status)
        and now < survey.sent_at + SURVEY_RESEND_INTERVAL
    ):
        allowed = survey.sent_at + SURVEY_RESEND_INTERVAL
        raise TooSoon(
            f"The survey was sent moments ago; it can be sent again after {allowed.isoformat()}.",
            retry_after=allowed.isoformat(),
            headers={"Retry-After": str(max(1, int((allowed - now).total_seconds())))},
        )
    resend = survey.send_count > 0
    sent_to = ", ".join(link.email for link in links)
    setattr(
        proof,
        item.value,
        survey.model_copy(
            update={
                "status": SurveyStatus.SENT,
                "sent_at": now,
                "send_count": survey.send_count + 1,
                "sent_to": sent_to,
                "link_invalidated": False,
                "links": [link.model_copy(update={"email_status": EmailStatus.PENDING}) for link in links],
            }
        ),
    )
    return _next(
        claim,
        now,
        actor,
        "survey_resent" if resend else "survey_sent",
        {"item": item.value, "to": sent_to},
        proof=proof,
    )


def survey_answerable(claim: Claim, kind: str, token_hash: str | None, now: datetime) -> bool:
    """A survey link works while it is one of the live ones, unanswered, and before submit_due."""
    survey = cast(SurveyProof, claim.proof.item(SURVEY_ITEMS[kind]))
    return (
        survey.status is SurveyStatus.SENT
        and token_hash in survey.token_hashes
        and claim.status in EDITABLE
        and now < claim.submit_due
    )


def survey_completed(claim: Claim, now: datetime, actor: Actor, kind: str, in_app: bool = False) -> Outcome:
    item = SURVEY_ITEMS[kind]
    proof, survey = _open_survey(claim, now, kind)
    setattr(
        proof,
        item.value,
        survey.model_copy(
            update={
                "status": SurveyStatus.COMPLETED,
                "completed_at": now,
                "links": [],
                "link_invalidated": False,
                "answered_in_app": in_app,
            }
        ),
    )
    return _next(claim, now, actor, "survey_completed", {"item": item.value, "in_app": in_app}, proof=proof)
