"""Submit: exactly one of many concurrent submits wins, Idempotency-Key replays, and the submit rules
(what is missing, deadlines, who may submit)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from shared import runtime
from shared.api.auth import principal_from_event
from shared.domain.claims import SurveyProof, UploadProof
from shared.errors import AppError
from shared.services import claims as service
from tests.support.calls import call, partner
from tests.support.review import actions, partition, review

ADMIN = partner("P-1001")


def principal(claims: dict):
    return principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": claims}}}})


@pytest.fixture(autouse=True)
def atomic_aws(aws, monkeypatch):
    """DynamoDB runs each request atomically; in-process moto does not (a transaction checks, then
    writes, and restores a table snapshot on failure), so requests to it take turns here. Our code's
    read → decide → conditional write still interleaves freely between threads."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock, original = threading.Lock(), BotocoreStubber.__call__

    def one_at_a_time(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_at_a_time)


def race(claim_id: str, key: str | None, n: int = 10) -> list[tuple[int, dict]]:
    """n submits released at once. They call the service from threads: one resolver instance is one
    Lambda container and serves one request at a time, so the race is between service calls, as
    between containers in the cloud."""
    who, start = principal(ADMIN), threading.Barrier(n)

    def one(_: int) -> tuple[int, dict]:
        start.wait()
        try:
            return 200, service.submit(runtime.store(), who, claim_id, runtime.clock.now(), key)
        except AppError as exc:
            return exc.status, exc.body()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def test_ten_concurrent_submits_make_one_submit_event(ready_claim):
    claim_id = ready_claim()
    results = race(claim_id, None)
    assert [s for s, _ in results].count(200) == 1
    assert {(s, b["code"]) for s, b in results if s != 200} <= {(409, "concurrent_update"), (409, "invalid_transition")}
    assert actions(claim_id).count("submitted") == 1
    assert runtime.store().claim(claim_id).status == "submitted"


def test_ten_concurrent_submits_with_one_idempotency_key_all_get_the_same_answer(ready_claim):
    claim_id = ready_claim()
    results = race(claim_id, "key-123")
    assert {s for s, _ in results} == {200}
    assert all(b == results[0][1] for _, b in results) and results[0][1]["status"] == "submitted"
    assert actions(claim_id).count("submitted") == 1


def test_replay_returns_the_first_answer_and_another_claim_with_the_key_is_422(ready_claim):
    first, second = ready_claim(), ready_claim()
    headers = {"Idempotency-Key": "abc-1"}
    one = call("claims", "POST", f"/claims/{first}/submit", claims=ADMIN, headers=headers)
    assert one.status == 200 and one.json["status"] == "submitted"
    review(first, "start")
    replay = call("claims", "POST", f"/claims/{first}/submit", claims=ADMIN, headers=headers)
    assert (replay.status, replay.json) == (200, one.json)  # the first answer, though the claim moved on
    before = partition(second)
    reused = call("claims", "POST", f"/claims/{second}/submit", claims=ADMIN, headers=headers)
    assert (reused.status, reused.json["code"]) == (422, "idempotency_key_reused")
    assert partition(second) == before
    # keys belong to one partner: another partner's identical key is a different key
    other = ready_claim("P-2002")
    assert call("claims", "POST", f"/claims/{other}/submit", claims=partner("P-2002"), headers=headers).status == 200


def test_a_refused_submit_does_not_burn_the_key(draft_claim, ready_claim):
    claim_id = draft_claim()["claim_id"]
    headers = {"Idempotency-Key": "retry-me"}
    assert call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN, headers=headers).status == 422
    ready = ready_claim()
    assert call("claims", "POST", f"/claims/{ready}/submit", claims=ADMIN, headers=headers).status == 200


def test_submit_names_every_missing_item(ready_claim):
    claim_id = ready_claim()
    store = runtime.store()
    old = store.claim(claim_id)
    new = old.model_copy(deep=True, update={"version": old.version + 1})
    new.proof.invoice, new.proof.customer_survey = UploadProof(), SurveyProof()
    store.tx().save_claim(new, old.version).commit()
    before = partition(claim_id)
    r = call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    assert (r.status, r.json["code"], r.json["missing"]) == (422, "claim_incomplete", ["invoice", "customer_survey"])
    assert "the invoice and the customer survey" in r.json["message"]  # the items in words; `missing` has the ids
    assert partition(claim_id) == before


def test_submit_after_submit_due_is_refused(ready_claim, clock):
    claim_id = ready_claim()
    clock.offset += timedelta(days=90)
    before = partition(claim_id)
    r = call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    assert (r.status, r.json["code"], r.json["current_status"]) == (409, "deadline_passed", "draft")
    assert partition(claim_id) == before


def test_resubmission_is_allowed_until_review_due(ready_claim, clock):
    claim_id = ready_claim()
    call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    review(claim_id, "start")
    review(claim_id, "request-info", {"reason_code": "other", "message": "More please."})
    clock.offset += timedelta(days=100)  # past submit_due, before review_due
    assert call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN).json["status"] == "submitted"
    review(claim_id, "start")
    review(claim_id, "request-info", {"reason_code": "other", "message": "Again."})
    clock.offset += timedelta(days=20)  # past review_due
    r = call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    assert (r.status, r.json["code"], r.json["current_status"]) == (409, "deadline_passed", "action_required")


@pytest.mark.parametrize("status_path", ["/cancel", "/submit"])
def test_submit_and_cancel_refused_in_other_statuses(ready_claim, status_path):
    claim_id = ready_claim()
    call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    r = call("claims", "POST", f"/claims/{claim_id}{status_path}", claims=ADMIN)
    assert (r.status, r.json["current_status"]) == (409, "submitted")


def test_cancel_a_draft_then_nothing_else(ready_claim):
    claim_id = ready_claim()
    r = call("claims", "POST", f"/claims/{claim_id}/cancel", claims=partner("P-1001", "incentives-user"))
    assert r.status == 200 and r.json["status"] == "canceled"
    r = call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    assert (r.status, r.json["current_status"]) == (409, "canceled")
    assert actions(claim_id)[-1] == "canceled"


def test_another_partner_cannot_submit_or_cancel(ready_claim):
    claim_id = ready_claim()
    for action in ("submit", "cancel"):
        r = call("claims", "POST", f"/claims/{claim_id}/{action}", claims=partner("P-2002"))
        assert (r.status, r.json["code"]) == (404, "not_found")
    assert (
        call(
            "claims",
            "POST",
            f"/claims/{claim_id}/submit",
            claims={"sub": "rv", "email": "rv@x.example", "cognito:groups": "[reviewer]"},
        ).status
        == 403
    )


def test_idempotency_key_too_long_is_422(ready_claim):
    claim_id = ready_claim()
    r = call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN, headers={"Idempotency-Key": "k" * 201})
    assert (r.status, r.json["code"]) == (422, "validation_error")
