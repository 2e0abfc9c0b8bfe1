"""The claim state machine, exhaustively: every (status, action) pair is either the transition of
docs/product.md with its effects, or a 409 `invalid_transition` naming the current status.

The expected table below is transcribed from docs/product.md, not from `lifecycle.TRANSITIONS`, so the two
check each other. Claims in every status are reached by walking legal paths through the real domain
operations (which also proves every status reachable)."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from shared.domain import claims as rules
from shared.domain.claims import Actor, Claim
from shared.domain.lifecycle import EDITABLE, FINISHED, TRANSITIONS, Action, Status, TransitionRefused, next_status
from shared.errors import AppError, Forbidden
from tests.support.claims import (
    CONSENT,
    PATHS,
    REVIEWER,
    SECOND_REVIEWER,
    apply,
    claim_in,
    complete,
    new_claim,
    time_for,
)

S, A = Status, Action

# docs/product.md "Statuses", written out by hand.
DESIGNED = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.DRAFT, A.CANCEL): S.CANCELED,
    (S.DRAFT, A.EXPIRE): S.EXPIRED,
    (S.SUBMITTED, A.START_REVIEW): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.REQUEST_INFO): S.ACTION_REQUIRED,
    (S.UNDER_REVIEW, A.APPROVE): S.APPROVED,
    (S.UNDER_REVIEW, A.REJECT): S.REJECTED,
    (S.ACTION_REQUIRED, A.SUBMIT): S.SUBMITTED,
    (S.ACTION_REQUIRED, A.EXPIRE): S.EXPIRED,
    (S.APPROVED, A.RECORD_PAYMENT): S.PAID,
    (S.REJECTED, A.DISPUTE): S.DISPUTED,
    (S.REJECTED, A.EXPIRE): S.REJECTED_FINAL,  # not disputed in time: the scheduled job makes it final
    (S.DISPUTED, A.START_REVIEW): S.UNDER_REVIEW,
}


# ---------------------------------------------------------------- a claim in every status (tests/support/claims.py)
STATES = {name: claim_in(name) for name in PATHS}


# ---------------------------------------------------------------- the table
def test_transition_table_is_the_designed_one():
    assert TRANSITIONS == DESIGNED


def test_every_status_is_reached_by_a_legal_path():
    reached = {claim.status for claim in STATES.values()}
    assert reached == set(Status)
    for name, claim in STATES.items():
        assert claim.status.value == name.removesuffix("_after_dispute")
        assert claim.version == 1 + 4 + len(PATHS[name])  # opened at 1, four proof items, then each step


def test_finished_and_editable_statuses():
    assert {S.DRAFT, S.ACTION_REQUIRED} == EDITABLE
    assert {S.APPROVED, S.PAID, S.REJECTED_FINAL, S.CANCELED, S.EXPIRED} == FINISHED
    outgoing = {status for status, _ in DESIGNED}
    assert not ({S.PAID, S.REJECTED_FINAL, S.CANCELED, S.EXPIRED} & outgoing)  # terminal


CASES = [(name, action) for name in PATHS for action in Action]


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s}-{a.value}" for s, a in CASES])
def test_every_status_action_pair(state: str, action: Action):
    claim = STATES[state]
    now = time_for(claim, action)
    target = DESIGNED.get((claim.status, action))
    if target is None:
        with pytest.raises(TransitionRefused) as refused:
            apply(claim, action, now)
        error = refused.value
        assert (error.status, error.code) == (409, "invalid_transition")
        assert error.body()["current_status"] == claim.status.value
        assert claim.status.value in error.message
        return
    if target is S.REJECTED and state == "under_review_after_dispute":
        target = S.REJECTED_FINAL
    outcome = apply(claim, action, now)
    new = outcome.claim
    assert new.status is target
    assert new.version == claim.version + 1
    assert new.updated_at == new.status_changed_at == now
    assert outcome.event.at == now
    assert outcome.event.details["from_status"] == claim.status.value
    assert outcome.event.details["to_status"] == target.value
    assert claim.status.value == state.removesuffix("_after_dispute")  # the input is never mutated
    _assert_effects(claim, action, outcome, now)


def _assert_effects(before: Claim, action: Action, outcome: rules.Outcome, now: datetime) -> None:
    """What each accepted action records beyond the status."""
    new, note = outcome.claim, outcome.notification
    if action is A.SUBMIT:
        assert new.submitted_at == now and new.first_submitted_at == (before.first_submitted_at or now)
        assert outcome.event.details["resubmission"] is (before.first_submitted_at is not None)
    elif action is A.EXPIRE and before.status is S.REJECTED:
        assert note is not None and new.decision is not None and before.decision is not None
        assert note.kind == "rejected_final" and new.decision.outcome == "rejected_final"
        assert "final" in note.message and new.decision.by == before.decision.by
    elif action is A.EXPIRE:
        assert note is not None and note.kind == "expired"
    elif action is A.REQUEST_INFO:
        assert note is not None
        assert new.info_requests[-1].reason_code == "missing_document" and note.kind == "info_requested"
        assert len(new.info_requests) == len(before.info_requests) + 1
    elif action is A.APPROVE:
        assert note is not None and new.decision is not None and new.payment is not None
        assert new.decision.outcome == "approved"
        assert new.decision.by == (SECOND_REVIEWER if before.dispute else REVIEWER)
        assert new.payment.status == "scheduled" and new.payment.amount == before.payout.amount
        assert new.payment.payable_on == (now + timedelta(days=45)).date() and note.kind == "approved"
    elif action is A.REJECT:
        assert note is not None and new.decision is not None
        assert new.decision.outcome == new.status.value and new.decision.reason_code == "insufficient_proof"
        assert note.kind == new.status.value
        assert ("final" in note.message) is (new.status is S.REJECTED_FINAL)
    elif action is A.DISPUTE:
        assert new.dispute is not None and new.dispute.at == now and note is None
    elif action is A.RECORD_PAYMENT:
        assert note is not None and new.payment is not None
        assert new.payment.status == "paid" and new.payment.remittance_ref == "REM-1" and new.payment.paid_at == now
        assert note.kind == "paid" and "REM-1" not in note.message
    else:  # cancel, start_review: no notification
        assert note is None


def test_next_status_is_total_over_the_table():
    for status in Status:
        for action in Action:
            if (status, action) in DESIGNED:
                assert next_status(status, action) is DESIGNED[status, action]
            else:
                with pytest.raises(TransitionRefused):
                    next_status(status, action)
    assert next_status(S.UNDER_REVIEW, A.REJECT, disputed_before=True) is S.REJECTED_FINAL


# ---------------------------------------------------------------- random action sequences
def _reachable() -> set[Status]:
    seen, queue = {S.DRAFT}, deque([S.DRAFT])
    while queue:
        current = queue.popleft()
        for (source, _), target in DESIGNED.items():
            if source is current and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen | {S.REJECTED_FINAL}


REACHABLE = _reachable()
STEP = st.sampled_from(
    [timedelta(minutes=1), timedelta(hours=6), timedelta(days=3), timedelta(days=29), timedelta(days=40)]
)
# Every action can come at any time, but the ones that end a claim are drawn less often so that
# sequences get deep (disputes, final rejections, payments) instead of mostly canceling.
ACTIONS = st.sampled_from(
    [*Action] + [A.SUBMIT, A.START_REVIEW, A.REJECT, A.DISPUTE] * 3 + [A.APPROVE, A.RECORD_PAYMENT, A.REQUEST_INFO]
)


class ClaimLifecycle(RuleBasedStateMachine):
    """Random partner, reviewer, job and clock actions against one claim (proof complete or not)."""

    def __init__(self) -> None:
        super().__init__()
        self.claim = new_claim()
        self.now = CONSENT + timedelta(hours=1)
        self.accepted: list[Action] = []
        self.ever_expired = False
        self.last_version = 1

    @rule(step=STEP)
    def clock_moves(self, step: timedelta) -> None:
        self.now += step

    @rule()
    def proof_completed(self) -> None:
        try:
            self.claim = complete(self.claim, self.now)
        except AppError as exc:  # not editable any more, or already completed
            assert exc.status == 409

    @rule(action=ACTIONS)
    def act(self, action: Action) -> None:
        before = self.claim
        try:
            outcome = apply(before, action, self.now)
        except AppError as exc:
            assert exc.status in (409, 422), exc
            assert exc.body()["current_status" if exc.status == 409 else "missing"]
            if (before.status, action) not in DESIGNED:
                assert exc.code == "invalid_transition" and exc.body()["current_status"] == before.status.value
            else:
                self._guard_explains(before, action, exc)
            assert self.claim is before
            return
        assert (before.status, action) in DESIGNED
        self.claim = outcome.claim
        self.accepted.append(action)
        assert self.claim.version == before.version + 1
        if action is A.REJECT:
            assert (self.claim.status is S.REJECTED_FINAL) is (A.DISPUTE in self.accepted[:-1])
        if action is A.DISPUTE:
            assert self.accepted.count(A.DISPUTE) == 1  # a second dispute can never be accepted

    def _guard_explains(self, claim: Claim, action: Action, exc: AppError) -> None:
        """A designed transition refused only by its time or proof guard."""
        if exc.code == "claim_incomplete":
            assert action is A.SUBMIT and sorted(exc.body()["missing"]) == sorted(claim.missing) != []
        elif exc.code == "deadline_passed":
            deadline = {
                A.SUBMIT: claim.submit_due if claim.status is S.DRAFT else claim.review_due,
                A.DISPUTE: claim.decision.at + timedelta(days=30) if claim.decision else None,
            }[action]
            assert deadline is not None and self.now >= deadline
        else:
            assert exc.code == "not_due" and action is A.EXPIRE
            deadline = {S.DRAFT: claim.submit_due, S.REJECTED: claim.dispute_due}.get(claim.status, claim.review_due)
            assert deadline is not None and self.now < deadline

    @invariant()
    def status_is_reachable(self) -> None:
        assert self.claim.status in REACHABLE

    @invariant()
    def version_only_grows(self) -> None:
        assert self.claim.version >= max(self.last_version, 1 + len(self.accepted))
        self.last_version = self.claim.version

    @invariant()
    def expired_never_comes_back(self) -> None:
        if self.ever_expired:
            assert self.claim.status is S.EXPIRED
        self.ever_expired = self.claim.status is S.EXPIRED

    @invariant()
    def payment_only_after_approval(self) -> None:
        assert (self.claim.payment is not None) is (self.claim.status in (S.APPROVED, S.PAID))


ClaimLifecycle.TestCase.settings = settings(
    max_examples=300, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_random_action_sequences = ClaimLifecycle.TestCase


# ------------------------------------------------------------------ four eyes


@pytest.mark.parametrize("state", ["disputed", "under_review_after_dispute"])
def test_a_dispute_is_decided_by_another_reviewer_than_the_one_who_rejected(state):
    claim = claim_in(state)
    claim = (
        claim if claim.status is S.UNDER_REVIEW else rules.start_review(claim, claim.updated_at, REVIEWER).claim
    )  # starting is no decision: the rejecter may open it
    now = claim.updated_at + timedelta(hours=1)
    same_person = Actor(email="RV@program.example", role="reviewer")  # the same mailbox, other case
    for decide in (
        lambda who: rules.approve(claim, now, who, None),
        lambda who: rules.reject(claim, now, who, "other", "No."),
        lambda who: rules.request_info(claim, now, who, "other", "More."),
    ):
        for who in (REVIEWER, same_person):
            with pytest.raises(Forbidden) as refused:
                decide(who)
            assert (refused.value.status, refused.value.code) == (403, "four_eyes")
            assert "another reviewer" in refused.value.message
        assert decide(SECOND_REVIEWER).claim.version == claim.version + 1


def test_four_eyes_compares_stable_ids_when_both_have_one():
    claim = claim_in("under_review_after_dispute")
    assert claim.decision is not None
    rejecter = claim.decision.by.model_copy(update={"sub": "s-1"})
    claim = claim.model_copy(update={"decision": claim.decision.model_copy(update={"by": rejecter})})
    now = claim.updated_at + timedelta(hours=1)
    renamed = Actor(email="new-name@program.example", role="reviewer", sub="s-1")
    with pytest.raises(Forbidden):
        rules.approve(claim, now, renamed, None)
    namesake = Actor(email=rejecter.email, role="reviewer", sub="s-2")
    assert rules.approve(claim, now, namesake, None).claim.status is S.APPROVED


def test_a_first_rejection_needs_no_second_reviewer():
    claim = claim_in("under_review")
    assert rules.reject(claim, claim.updated_at, REVIEWER, "other", "No.").claim.status is S.REJECTED
