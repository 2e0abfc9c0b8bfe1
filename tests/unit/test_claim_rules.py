"""The claim's guards and effects (docs/product.md): deadlines from the consent time, complete-before-submit,
the dispute window, the payment date, surveys and contacts, and not-applicable proof items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain import claims as rules
from shared.domain import notices
from shared.domain.claims import SurveyProof, SurveyStatus, UploadProof, UploadStatus
from shared.domain.engagements import ProofItem
from shared.domain.lifecycle import Status
from shared.domain.nominations import Contact
from shared.domain.outbox import EmailStatus
from shared.errors import AppError
from tests.support.claims import CONSENT, PARTNER, REVIEWER, SYSTEM, claim_in, complete, links, new_claim, sent

ITEMS = list(ProofItem)
SURVEY_OF = {ProofItem.PARTNER_SURVEY: "partner", ProofItem.CUSTOMER_SURVEY: "customer"}
US = timedelta(microseconds=1)


def refusal(fn, *args, **kwargs) -> AppError:
    with pytest.raises(AppError) as refused:
        fn(*args, **kwargs)
    return refused.value


def finish(claim: rules.Claim, item: ProofItem, now: datetime) -> rules.Claim:
    """One proof item done, the way the evidence consumer or the survey page does it."""
    if item in SURVEY_OF:
        return rules.survey_completed(claim, now, PARTNER, SURVEY_OF[item]).claim
    received = UploadProof(status=UploadStatus.RECEIVED, file_name="f.pdf", size=100)
    return rules.upload_checked(claim, now, SYSTEM, item, received).claim


def update(claim: rules.Claim, now: datetime, actor: rules.Actor, **changes: Any) -> rules.Outcome:
    """`update_claim` of a change (it answers None when nothing would change)."""
    outcome = rules.update_claim(claim, now, actor, **changes)
    assert outcome is not None, changes
    return outcome


def notification(outcome: rules.Outcome) -> rules.NotificationDraft:
    assert outcome.notification is not None, outcome.event
    return outcome.notification


def survey_of(claim: rules.Claim, kind: str) -> SurveyProof:
    survey = claim.proof.item(rules.SURVEY_ITEMS[kind])
    assert isinstance(survey, SurveyProof), survey
    return survey


# ---------------------------------------------------------------- deadlines
@given(
    consent=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),
    opened_after=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=80)),
)
def test_deadlines_run_from_the_consent_time_not_the_opening(consent: datetime, opened_after: timedelta):
    claim = new_claim(consent, opened_at=consent + opened_after)
    assert claim.consent_at == consent
    assert claim.submit_due == consent + timedelta(days=90)
    assert claim.review_due == consent + timedelta(days=120)
    assert claim.status is Status.DRAFT and claim.version == 1 and claim.missing == [i.value for i in ITEMS]


def test_submit_is_refused_at_and_after_submit_due():
    claim = complete(new_claim(), CONSENT + timedelta(days=1))
    assert rules.submit(claim, claim.submit_due - US, PARTNER).claim.status is Status.SUBMITTED
    for late in (claim.submit_due, claim.submit_due + timedelta(days=3)):
        error = refusal(rules.submit, claim, late, PARTNER)
        assert (error.status, error.code) == (409, "deadline_passed")
        assert error.body()["current_status"] == "draft"
        assert error.body()["deadline"] == claim.submit_due.isoformat()


def test_a_late_incomplete_claim_is_told_about_the_deadline():
    claim = new_claim()
    assert refusal(rules.submit, claim, claim.submit_due, PARTNER).code == "deadline_passed"


def test_resubmission_runs_until_review_due():
    claim = claim_in("action_required")
    between = claim.submit_due + timedelta(days=5)
    resubmitted = rules.submit(claim, between, PARTNER)
    assert resubmitted.claim.status is Status.SUBMITTED and resubmitted.event.details["resubmission"] is True
    assert claim.first_submitted_at is not None and resubmitted.claim.submitted_at is not None
    assert resubmitted.claim.first_submitted_at == claim.first_submitted_at < resubmitted.claim.submitted_at
    assert rules.submit(claim, claim.review_due - US, PARTNER).claim.status is Status.SUBMITTED
    error = refusal(rules.submit, claim, claim.review_due, PARTNER)
    assert (error.code, error.body()["current_status"]) == ("deadline_passed", "action_required")


def test_expiry_only_once_due():
    draft, waiting = new_claim(), claim_in("action_required")
    for claim, deadline in ((draft, draft.submit_due), (waiting, waiting.review_due)):
        assert refusal(rules.expire, claim, deadline - US, SYSTEM).code == "not_due"
        outcome = rules.expire(claim, deadline, SYSTEM)
        assert outcome.claim.status is Status.EXPIRED and outcome.event.actor == SYSTEM
        assert notification(outcome).kind == "expired"
        assert notification(outcome).details["deadline"] == deadline.isoformat()
    assert "90 days" in notification(rules.expire(draft, draft.submit_due, SYSTEM)).message


# ---------------------------------------------------------------- complete before submit
@settings(max_examples=60, deadline=None)
@given(order=st.permutations(ITEMS), done=st.integers(min_value=0, max_value=len(ITEMS)))
def test_submit_lists_exactly_the_missing_items_in_any_order_of_completion(order: list[ProofItem], done: int):
    claim, now = new_claim(), CONSENT + timedelta(days=1)
    for item in order[:done]:
        claim = finish(claim, item, now)
    expected = {i.value for i in order[done:]}
    assert set(claim.missing) == expected
    if expected:
        error = refusal(rules.submit, claim, now, PARTNER)
        assert (error.status, error.code) == (422, "claim_incomplete")
        assert sorted(error.body()["missing"]) == sorted(expected)
        assert all(words in error.message for words in (rules.in_words([i]) for i in expected))
        assert "_" not in error.message  # words, not codes such as partner_survey
    else:
        assert rules.submit(claim, now, PARTNER).claim.status is Status.SUBMITTED


@settings(max_examples=40, deadline=None)
@given(required=st.lists(st.sampled_from(ITEMS), unique=True), done=st.sets(st.sampled_from(ITEMS)))
def test_not_applicable_items_are_never_missing(required: list[ProofItem], done: set[ProofItem]):
    claim, now = new_claim(items=required), CONSENT + timedelta(days=1)
    for item in ITEMS:
        if item not in required:
            assert claim.proof.item(item).status in (UploadStatus.NOT_APPLICABLE, SurveyStatus.NOT_APPLICABLE)
    for item in done & set(required):
        claim = finish(claim, item, now)
    assert set(claim.missing) == {i.value for i in required if i not in done}
    if not claim.missing:
        assert rules.submit(claim, now, PARTNER).claim.status is Status.SUBMITTED


def test_not_applicable_items_refuse_uploads_and_surveys():
    claim, now = new_claim(items=[ProofItem.INVOICE]), CONSENT + timedelta(days=1)
    assert (
        refusal(rules.upload_requested, claim, now, PARTNER, ProofItem.FINDINGS_REPORT, "f.pdf", "up_1").code
        == "not_applicable"
    )
    assert (
        refusal(rules.survey_sent, claim, now, PARTNER, "customer", links(claim, "customer")).code == "not_applicable"
    )


# ---------------------------------------------------------------- dispute, approval, payment
def test_dispute_window_is_thirty_days_from_the_rejection():
    rejected = claim_in("rejected")
    assert rejected.decision is not None
    decided = rejected.decision.at
    assert (
        rules.dispute(rejected, decided + timedelta(days=30) - US, PARTNER, "Please look again.").claim.status
        is Status.DISPUTED
    )
    error = refusal(rules.dispute, rejected, decided + timedelta(days=30), PARTNER, "Too late?")
    assert (error.status, error.code, error.body()["current_status"]) == (409, "deadline_passed", "rejected")


def test_dispute_only_once_and_the_second_rejection_is_final():
    final = claim_in("rejected_final")
    assert final.decision is not None and final.decision.outcome == "rejected_final" and final.dispute is not None
    error = refusal(rules.dispute, final, final.decision.at + timedelta(hours=1), PARTNER, "Again")
    assert (error.code, error.body()["current_status"]) == ("invalid_transition", "rejected_final")


@given(hours=st.integers(min_value=0, max_value=23), minutes=st.integers(min_value=0, max_value=59))
def test_approval_schedules_payment_45_days_later(hours: int, minutes: int):
    under_review = claim_in("under_review")
    at = datetime(2026, 11, 23, hours, minutes, tzinfo=UTC)
    outcome = rules.approve(under_review, at, REVIEWER, None)
    payment = outcome.claim.payment
    assert payment is not None
    assert payment.payable_on.isoformat() == "2027-01-07"
    assert payment.status == "scheduled"
    assert (payment.amount, payment.currency) == ("5000.00", "USD")
    assert notification(outcome).details == {"payable_on": "2027-01-07"}
    assert "5000" not in notification(outcome).message  # amounts are for incentives-admin only


def test_request_info_keeps_every_request_and_names_the_review_deadline():
    claim = claim_in("action_required")
    claim = rules.submit(claim, claim.updated_at + timedelta(hours=1), PARTNER).claim
    claim = rules.start_review(claim, claim.updated_at + timedelta(hours=1), REVIEWER).claim
    outcome = rules.request_info(claim, claim.updated_at + timedelta(hours=1), REVIEWER, "invoice_mismatch", "Fix it")
    assert [r.reason_code for r in outcome.claim.info_requests] == ["missing_document", "invoice_mismatch"]
    assert outcome.claim.info_requests[-1].by == REVIEWER
    assert notices.long_datetime(claim.review_due, "en") in notification(outcome).message
    assert "the invoice does not match the claim" in notification(outcome).message  # the reason in words


# ---------------------------------------------------------------- contacts, comments and survey links
NEW_CUSTOMER = Contact(name="Robin", email="robin@northwind.example", locale="nl")
NEW_PARTNERS = [Contact(name="Sam", email="sam@contoso.example")]


@pytest.mark.parametrize(
    ("kind", "change"),
    [("customer", {"customer_contact": NEW_CUSTOMER}), ("partner", {"partner_contacts": NEW_PARTNERS})],
)
def test_changing_a_contact_revokes_its_sent_survey(kind: str, change: dict):
    now = CONSENT + timedelta(days=1)
    claim = sent(new_claim(), kind, now)
    assert rules.survey_answerable(claim, kind, "h1", now)
    outcome = update(claim, now, PARTNER, **change)
    survey = survey_of(outcome.claim, kind)
    assert (survey.status, survey.links, survey.link_invalidated) == (SurveyStatus.NOT_SENT, [], True)
    assert outcome.event.details["survey_links_revoked"] == [f"{kind}_survey"]
    assert not rules.survey_answerable(outcome.claim, kind, "h1", now)
    other = "partner" if kind == "customer" else "customer"
    assert outcome.claim.proof.item(rules.SURVEY_ITEMS[other]).status is SurveyStatus.NOT_SENT
    resent = sent(outcome.claim, kind, now, "h2")  # the partner re-triggers it; no resend wait for a new link
    assert rules.survey_answerable(resent, kind, "h2", now) and not survey_of(resent, kind).link_invalidated


PAT = Contact(name="Pat", email="pat@contoso.example", locale="en")
NOOR = Contact(name="Noor", email="noor@contoso.example", locale="nl")
KIM = Contact(name="Kim", email="kim@contoso.example")


def test_each_partner_contact_has_a_link_of_their_own_and_any_one_completes_the_survey():
    now = CONSENT + timedelta(days=1)
    two = update(new_claim(), now, PARTNER, partner_contacts=[PAT, NOOR]).claim
    claim = sent(two, "partner", now)
    survey = claim.proof.partner_survey
    assert [(link.email, link.locale, link.token_hash) for link in survey.links] == [
        ("pat@contoso.example", "en", "h1"),
        ("noor@contoso.example", "nl", "h1.2"),
    ]
    assert survey.sent_to == "pat@contoso.example, noor@contoso.example"
    assert all(rules.survey_answerable(claim, "partner", token_hash, now) for token_hash in ("h1", "h1.2"))
    done = rules.survey_completed(claim, now, PARTNER, "partner").claim
    assert done.proof.partner_survey.links == [] and not rules.survey_answerable(done, "partner", "h1", now)


def test_adding_a_partner_contact_keeps_the_others_links_and_changing_one_revokes_only_its_own():
    now = CONSENT + timedelta(days=1)
    claim = sent(update(new_claim(), now, PARTNER, partner_contacts=[PAT, NOOR]).claim, "partner", now)
    added = update(claim, now, PARTNER, partner_contacts=[PAT, NOOR, KIM])
    assert added.event.details["survey_links_revoked"] == []
    assert added.claim.proof.partner_survey.token_hashes == {"h1", "h1.2"}
    renamed = NOOR.model_copy(update={"locale": "en"})  # a changed contact: their email would be in the wrong language
    changed = update(added.claim, now, PARTNER, partner_contacts=[PAT, renamed, KIM])
    assert changed.event.details["survey_links_revoked"] == ["partner_survey"]
    survey = changed.claim.proof.partner_survey
    assert (survey.status, survey.token_hashes, survey.link_invalidated) == (SurveyStatus.SENT, {"h1"}, False)
    removed = update(changed.claim, now, PARTNER, partner_contacts=[KIM]).claim.proof.partner_survey
    assert (removed.status, removed.links, removed.link_invalidated) == (SurveyStatus.NOT_SENT, [], True)


def test_the_survey_email_status_is_the_worst_of_its_links():
    now = CONSENT + timedelta(days=1)
    claim = sent(update(new_claim(), now, PARTNER, partner_contacts=[PAT, NOOR]).claim, "partner", now)
    survey = claim.proof.partner_survey
    assert survey.email_status is EmailStatus.PENDING
    survey.links[0].email_status = EmailStatus.SENT
    assert survey.email_status is EmailStatus.PENDING
    survey.links[1].email_status = EmailStatus.FAILED
    assert survey.email_status is EmailStatus.FAILED
    survey.links[1].email_status = EmailStatus.SENT
    assert survey.email_status is EmailStatus.SENT and "token_hash" not in str(survey.model_dump())


def test_the_same_contact_again_revokes_nothing():
    now = CONSENT + timedelta(days=1)
    claim = sent(sent(new_claim(), "customer", now), "partner", now)
    outcome = update(
        claim,
        now,
        PARTNER,
        customer_contact=claim.contacts.customer,
        partner_contacts=claim.contacts.partner,
        comments="Hello",
    )
    assert outcome.event.details == {
        "changed": ["comments"],
        "survey_links_revoked": [],
        "from_status": "draft",
        "to_status": "draft",
    }
    assert outcome.claim.proof == claim.proof and outcome.claim.comments == "Hello"


def test_customer_contact_locks_once_the_customer_survey_is_completed():
    now = CONSENT + timedelta(days=1)
    claim = rules.survey_completed(sent(new_claim(), "customer", now), now, PARTNER, "customer").claim
    error = refusal(rules.update_claim, claim, now, PARTNER, customer_contact=NEW_CUSTOMER)
    assert (error.status, error.code) == (409, "customer_contact_locked")
    kept = update(claim, now, PARTNER, partner_contacts=NEW_PARTNERS).claim
    assert kept.proof.customer_survey.status is SurveyStatus.COMPLETED and kept.contacts.partner == NEW_PARTNERS


def test_a_completed_partner_survey_survives_a_partner_contact_change():
    now = CONSENT + timedelta(days=1)
    claim = rules.survey_completed(new_claim(), now, PARTNER, "partner", in_app=True).claim
    outcome = update(claim, now, PARTNER, partner_contacts=NEW_PARTNERS)
    assert outcome.claim.proof.partner_survey.status is SurveyStatus.COMPLETED
    assert outcome.event.details["survey_links_revoked"] == []


def test_edits_only_while_editable():
    for state in ("submitted", "under_review", "approved", "rejected", "canceled", "expired"):
        claim = claim_in(state)
        error = refusal(rules.update_claim, claim, claim.updated_at, PARTNER, comments="late")
        assert (error.code, error.body()["current_status"]) == ("claim_not_editable", state)
    waiting = claim_in("action_required")
    assert update(waiting, waiting.updated_at, PARTNER, comments="added").claim.comments == "added"


def test_survey_resend_waits_five_minutes_and_stops_at_submit_due():
    now = CONSENT + timedelta(days=1)
    claim = sent(new_claim(), "customer", now)
    error = refusal(
        rules.survey_sent, claim, now + timedelta(minutes=4), PARTNER, "customer", links(claim, "customer", "h2")
    )
    assert (error.status, error.code) == (429, "too_soon") and int(error.headers["Retry-After"]) == 60
    again = sent(claim, "customer", now + timedelta(minutes=5), "h2")
    assert again.proof.customer_survey.send_count == 2 and not rules.survey_answerable(again, "customer", "h1", now)
    late = refusal(rules.survey_sent, claim, claim.submit_due, PARTNER, "customer", links(claim, "customer", "h3"))
    assert late.code == "deadline_passed"
    assert not rules.survey_answerable(again, "customer", "h2", claim.submit_due)


def test_a_completed_survey_cannot_be_sent_or_completed_again():
    now = CONSENT + timedelta(days=1)
    claim = rules.survey_completed(sent(new_claim(), "partner", now), now, PARTNER, "partner").claim
    assert (
        refusal(rules.survey_sent, claim, now, PARTNER, "partner", links(claim, "partner")).code == "survey_completed"
    )
    assert refusal(rules.survey_completed, claim, now, PARTNER, "partner").code == "survey_completed"


def test_a_rejected_replacement_never_removes_a_received_file():
    now = CONSENT + timedelta(days=1)
    claim = finish(new_claim(), ProofItem.INVOICE, now)
    claim = rules.upload_requested(claim, now, PARTNER, ProofItem.INVOICE, "new.pdf", "up_2").claim
    assert claim.proof.invoice.status is UploadStatus.RECEIVED  # stays until the replacement checks out
    bad = UploadProof(status=UploadStatus.REJECTED, file_name="new.pdf", reason="not a PDF")
    outcome = rules.upload_checked(claim, now, SYSTEM, ProofItem.INVOICE, bad)
    assert outcome.claim.proof.invoice.status is UploadStatus.RECEIVED and outcome.event.action == "evidence_rejected"
