"""The claim lifecycle as a hypothesis state machine: random sequences of partner, reviewer, clock and
expiry-job steps through the services on moto, checked against a model of the transition table.

Checked after every step: the stored status is the model's (so only legal transitions happened), an
accepted action adds exactly one history event and a higher version while a refused one changes nothing,
no submit is accepted at or after its deadline, and `missing` (stored and in the view) matches the proof."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime, timedelta

from hypothesis import Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from shared import runtime
from shared.api.auth import principal_from_event
from shared.domain.lifecycle import EDITABLE, TRANSITIONS, Action, Status
from shared.errors import AppError
from shared.services import claims as claims_service
from shared.services import expiry
from shared.services import review as review_service
from tests.support.aws import mocked_aws
from tests.support.calls import partner, reviewer
from tests.support.store import new_ready_claim

PARTNER = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": partner("P-1001")}}}})
REVIEWER = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": reviewer()}}}})
SECOND = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": reviewer("rv2@program.example")}}}})
DONE = frozenset({"received", "completed"})


def decider(store, cid):
    """A dispute is decided by another reviewer than the one who rejected it (four eyes)."""
    claim = store.claim(cid)
    return SECOND if claim is not None and claim.dispute else REVIEWER


STEPS = {  # every action a caller can take, through its service (expiry is the job's: see expiry_job)
    Action.SUBMIT: lambda store, cid, now: claims_service.submit(store, PARTNER, cid, now, None),
    Action.CANCEL: lambda store, cid, now: claims_service.cancel(store, PARTNER, cid, now),
    Action.DISPUTE: lambda store, cid, now: claims_service.dispute(store, PARTNER, cid, "Look again.", now),
    Action.START_REVIEW: lambda store, cid, now: review_service.start(store, REVIEWER, cid, now),
    Action.REQUEST_INFO: lambda store, cid, now: review_service.request_info(
        store, decider(store, cid), cid, "missing_document", "Add the invoice.", now
    ),
    Action.APPROVE: lambda store, cid, now: review_service.approve(store, decider(store, cid), cid, None, now),
    Action.REJECT: lambda store, cid, now: review_service.reject(
        store, decider(store, cid), cid, "insufficient_proof", "Not enough.", now
    ),
    Action.RECORD_PAYMENT: lambda store, cid, now: review_service.record_payment(store, REVIEWER, cid, "RM-1", now),
}


class ClaimLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._moto = ExitStack()
        self._moto.enter_context(mocked_aws())  # a fresh table per example
        self.store = runtime.store()
        try:
            self.claim_id = new_ready_claim()
        except BaseException:  # hypothesis calls teardown only for a machine it could build
            self._moto.close()
            raise
        self.status = Status.DRAFT  # the model
        self.disputed = False
        claim = self.store.claim(self.claim_id)
        self.version, self.events = claim.version, self._event_count()
        self._missing_matches_the_proof(claim)

    def teardown(self) -> None:
        self._moto.close()

    # ---------------------------------------------------------------- model and checks
    def _now(self) -> datetime:
        return runtime.clock.now()

    def _event_count(self) -> int:
        count, token = 0, None
        while True:
            page = self.store.history(self.claim_id, token)
            count, token = count + len(page.items), page.next_token
            if not token:
                return count

    def _expected(self, action: Action) -> Status | None:
        """The status the model says `action` leads to now, or None when it must be refused."""
        target = TRANSITIONS.get((self.status, action))
        if target is None:
            return None
        claim, now = self.store.claim(self.claim_id), self._now()
        deadline = claim.submit_due if self.status is Status.DRAFT else claim.review_due
        if action is Action.SUBMIT and (now >= deadline or claim.missing):
            return None
        if action is Action.EXPIRE and now < deadline:
            return None
        if action is Action.DISPUTE and now >= claim.decision.at + timedelta(days=claim.windows.dispute_days):
            return None
        if target is Status.REJECTED and self.disputed:
            return Status.REJECTED_FINAL
        return target

    def _attempt(self, expected: Status | None, step) -> None:
        """Run one step; it must be accepted exactly when the model expects it, with one event and a new
        version, or refused (a 4xx) with nothing changed."""
        try:
            step()
            accepted = True
        except AppError as exc:
            assert exc.status in (409, 422), exc.body()
            accepted = False
        self._check(expected, accepted)

    def _check(self, expected: Status | None, accepted: bool) -> None:
        assert accepted == (expected is not None), (self.status, expected)
        claim, events = self.store.claim(self.claim_id), self._event_count()
        if accepted:
            assert claim.status is expected
            self._missing_matches_the_proof(claim)
            assert claim.version > self.version and events == self.events + 1, (claim.version, events)
            self.disputed = self.disputed or self.status is Status.REJECTED and expected is Status.DISPUTED
            self.status = expected
            event(f"reached {expected.value}")  # shown by --hypothesis-show-statistics
        else:
            assert (claim.status, claim.version, events) == (self.status, self.version, self.events)
        self.version, self.events = claim.version, events

    def _missing_matches_the_proof(self, claim) -> None:
        proof = claim.proof.model_dump(mode="json")
        assert claim.missing == [i.value for i in claim.required if proof[i.value]["status"] not in DONE]
        view, _ = claims_service.claim_page(self.store, PARTNER, self.claim_id)
        assert view["missing"] == claim.missing and view["status"] == claim.status.value

    # ---------------------------------------------------------------- partner and reviewer actions
    def _act(self, action: Action) -> None:
        expected = self._expected(action)
        self._attempt(expected, lambda: STEPS[action](self.store, self.claim_id, self._now()))
        if action is Action.SUBMIT and expected is not None:  # deadlines honoured
            claim = self.store.claim(self.claim_id)
            assert claim.submitted_at < (claim.review_due if claim.info_requests else claim.submit_due)

    # uniform rule choice rarely walks a long legal path in 15 steps: one rule takes a step the transition
    # table allows (deadlines may still refuse it; cancel, a dead end, is left to the other rule), the
    # other any action at all (mostly refusals)
    @precondition(lambda self: bool(self._onward()))
    @rule(data=st.data())
    def legal_action(self, data: st.DataObject) -> None:
        self._act(data.draw(st.sampled_from(self._onward())))

    def _onward(self) -> list[Action]:
        return [a for a in STEPS if a is not Action.CANCEL and (self.status, a) in TRANSITIONS]

    @rule(action=st.sampled_from(list(STEPS)))
    def any_action(self, action: Action) -> None:
        self._act(action)

    @rule(comments=st.text(max_size=20))
    def patch_comments(self, comments: str) -> None:
        def step() -> None:
            claims_service.update_claim(
                self.store,
                PARTNER,
                self.claim_id,
                self._now(),
                expected_version=None,
                comments=comments,
                partner_contacts=None,
                customer_contact=None,
            )

        if self.status in EDITABLE and comments == self.store.claim(self.claim_id).comments:
            step()  # accepted, and nothing changes: no new version, no event
            self._check(None, False)
        else:
            self._attempt(self.status if self.status in EDITABLE else None, step)

    # ---------------------------------------------------------------- time and the scheduled job
    @rule(days=st.sampled_from([1, 7, 29, 45, 91]))
    def advance_clock(self, days: int) -> None:
        runtime.clock.offset += timedelta(days=days)

    @precondition(lambda self: self.status in (Status.DRAFT, Status.ACTION_REQUIRED))
    @rule()
    def expiry_job(self) -> None:
        expected = self._expected(Action.EXPIRE)
        summary = expiry.run(self.store, self._now())
        assert not summary["more"], summary
        # not expiring it must change nothing (a reminder is a notification, not a claim event)
        self._check(expected, self.store.claim(self.claim_id).status is Status.EXPIRED)


# no shrink phase: one example takes ~1 s on moto, so shrinking a failure would blow the CI budget
ClaimLifecycle.TestCase.settings = settings(
    max_examples=15, stateful_step_count=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
TestClaimLifecycle = ClaimLifecycle.TestCase
