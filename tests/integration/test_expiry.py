"""The scheduled expiry job (functions/expiry) on moto: deadlines and reminders happen once, whatever
the number, overlap or timing of the runs. The clock is moved, never slept on."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest

from functions.expiry import app as expiry_app
from shared import runtime
from shared.domain import notices
from shared.domain.nominations import NominationStatus
from shared.services import expiry
from shared.store import Store
from tests.support.calls import call
from tests.support.expiry import ADMIN, DAY, HOUR, move_to, nominate, run_job
from tests.support.review import review, under_review


def claim_of(claim_id: str):
    claim, notes, _ = runtime.store().claim_page(claim_id)
    return claim, notes


def history(claim_id: str) -> list[dict]:
    return runtime.store().history(claim_id, None).items


def kinds(notes: list[dict]) -> list[str]:
    return [n["kind"] for n in notes]


def nomination_notes(nomination_id: str) -> list[dict]:
    r = runtime.dynamodb().query(
        TableName="workshop-claims",
        KeyConditionExpression="PK = :pk AND begins_with(SK, :n)",
        ExpressionAttributeValues={":pk": {"S": f"NOM#{nomination_id}"}, ":n": {"S": "#NOTE#"}},
    )
    notes = [{k: v.get("S") for k, v in i.items()} for i in r["Items"]]
    return sorted(notes, key=lambda n: n["created_at"], reverse=True)  # newest first


def tab(name: str) -> list[str]:
    r = call("customers", "GET", "/engagements/ENG-AI-WORKSHOP/customers", claims=ADMIN, query=f"tab={name}")
    return [row["nomination_id"] for row in r.json["items"]]


# ------------------------------------------------------------------ claims: reminders, then auto-rejection


def test_a_draft_gets_each_reminder_once_then_is_expired_once(draft_claim, clock):
    claim_id = draft_claim()["claim_id"]
    due = runtime.store().claim(claim_id).submit_due
    assert run_job()["processed"] == 0  # the first run starts the cursor

    for days in (14, 7, 1):
        move_to(clock, due - days * DAY + HOUR)
        first, second = run_job(), run_job()
        assert (first["reminded"], first["processed"]) == (1, 1), first
        assert (second["processed"], second["reminded"]) == (0, 0), second
        claim, notes = claim_of(claim_id)
        assert claim.version == 1 and claim.status.value == "draft"  # a reminder does not touch the claim
        assert notes[0]["kind"] == "submit_reminder" and f"{days} day" in notes[0]["message"]
        assert notes[0]["notification_id"] == f"{claim_id}.n1r{days}"
        assert notes[0]["email_to"] == [{"name": "Pat Partner", "email": "pat@p-1001.example", "locale": "en"}]

    move_to(clock, due + HOUR)
    summary, again = run_job(), run_job()
    assert (summary["expired"], summary["processed"], summary["more"]) == (1, 1, False), summary
    assert again["processed"] == 0 and again["expired"] == 0
    claim, notes = claim_of(claim_id)
    assert claim.status.value == "expired" and claim.version == 2
    assert kinds(notes) == ["expired", "submit_reminder", "submit_reminder", "submit_reminder"]
    assert [n["details"].get("reminder_days") for n in notes[1:]] == [1, 7, 14]  # newest first
    event = history(claim_id)[-1]
    assert event["action"] == "expired" and event["actor"]["role"] == "system"
    assert event["details"]["reason"] == "automatically rejected: not submitted within 90 days of consent"
    assert notes[0]["email_status"] == "pending" and notes[0]["email_to"]  # the notifier emails it
    assert summary["cursor"] == clock.now().date().isoformat()
    # the customers page moves the nomination to ineligible with the claim
    assert runtime.store().nomination(claim.nomination_id).tab.value == "ineligible"


def test_a_claim_submitted_a_minute_before_the_deadline_is_not_expired(ready_claim, clock):
    claim_id = ready_claim()
    due = runtime.store().claim(claim_id).submit_due
    run_job()
    move_to(clock, due - timedelta(minutes=1))
    assert call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN).status == 200
    move_to(clock, due + HOUR)
    summary = run_job()
    assert summary["expired"] == 0 and summary["skipped"] >= 1 and summary["errors"] == 0, summary
    assert runtime.store().claim(claim_id).status.value == "submitted"
    assert run_job()["processed"] == 0


def test_the_version_condition_sees_a_submit_that_lands_after_the_job_read_the_draft(ready_claim, clock, monkeypatch):
    """The job's clock is past the deadline, the partner's a minute before it (clock skew between
    Lambdas): the submit commits between the job's read and its write. The job must not expire it."""
    claim_id = ready_claim()
    store = Store(runtime.dynamodb(), runtime.settings().table_name)  # the job's own; the partner uses runtime's
    draft = store.claim(claim_id)
    assert draft is not None
    due = draft.submit_due
    store.save_job_cursor(expiry.JOB, due.date(), due)
    move_to(clock, due - timedelta(minutes=1))
    read = store.claim
    submitted: list[int] = []

    def read_then_partner_submits(cid):
        claim = read(cid)
        if not submitted:
            submitted.append(call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN).status)
        return claim

    monkeypatch.setattr(store, "claim", read_then_partner_submits)  # a concurrent writer; the store itself is real
    summary = expiry.run(store, due + timedelta(seconds=1))
    assert submitted == [200]
    assert (summary["expired"], summary["skipped"], summary["errors"]) == (0, 1, 0), summary
    claim = store.claim(claim_id)
    assert claim is not None and claim.status.value == "submitted"
    assert [e["action"] for e in history(claim_id)][-1] == "submitted"


def test_stale_reminders_are_never_sent_after_a_clock_jump(draft_claim, clock):
    claim_id = draft_claim()["claim_id"]
    run_job()
    clock.offset += 91 * DAY
    summary = run_job()
    assert (summary["expired"], summary["reminded"], summary["skipped"]) == (1, 0, 3), summary
    assert kinds(claim_of(claim_id)[1]) == ["expired"]


def test_only_the_most_recent_overdue_reminder_is_sent(draft_claim, clock):
    claim_id = draft_claim()["claim_id"]
    due = runtime.store().claim(claim_id).submit_due
    run_job()
    move_to(clock, due - 3 * DAY)  # the 14- and 7-day reminders are both due: one email, not two
    summary = run_job()
    assert (summary["reminded"], summary["skipped"]) == (1, 1), summary
    note = claim_of(claim_id)[1][0]
    assert note["details"]["reminder_days"] == 7 and note["message"].startswith("3 days left")


def test_canceled_and_submitted_claims_only_lose_their_due_entries(draft_claim, ready_claim, clock):
    canceled = draft_claim()["claim_id"]
    assert call("claims", "POST", f"/claims/{canceled}/cancel", claims=ADMIN).status == 200
    submitted = ready_claim()
    assert call("claims", "POST", f"/claims/{submitted}/submit", claims=ADMIN).status == 200
    run_job()
    clock.offset += 91 * DAY
    summary = run_job()
    assert (summary["expired"], summary["reminded"], summary["skipped"]) == (0, 0, 8), summary
    assert runtime.store().claim(canceled).status.value == "canceled"
    assert runtime.store().claim(submitted).status.value == "submitted"
    assert run_job()["processed"] == 0


def decided(ready_claim, action: str, reason_code: str, message: str) -> str:
    """A claim submitted, taken into review, and then asked for information or rejected."""
    claim_id = under_review(ready_claim)
    r = review(claim_id, action, {"reason_code": reason_code, "message": message})
    assert r.status == 200, r.text
    return claim_id


def test_action_required_past_review_due_is_expired(ready_claim, clock):
    claim_id = decided(ready_claim, "request-info", "missing_document", "Please add the signed invoice.")
    review_due = runtime.store().claim(claim_id).review_due
    run_job()
    move_to(clock, review_due - HOUR)
    assert run_job()["expired"] == 0
    move_to(clock, review_due + HOUR)
    summary = run_job()
    assert summary["expired"] == 1, summary
    claim, notes = claim_of(claim_id)
    assert claim.status.value == "expired" and notes[0]["kind"] == "expired"
    assert history(claim_id)[-1]["details"]["reason"] == (
        "automatically rejected: information was not provided before the review deadline"
    )


def test_a_claim_opened_after_its_submit_due_is_expired_at_the_next_run(consented_nomination, clock):
    """Its due entry goes to today's bucket, not to the day of submit_due that the job has already passed."""
    nomination = consented_nomination()
    clock.offset += 100 * DAY
    run_job()  # the cursor is now past the day of submit_due
    r = call("claims", "POST", "/claims", claims=ADMIN, body={"nomination_id": nomination.nomination_id})
    assert r.status == 201, r.text
    clock.offset += HOUR
    assert run_job()["expired"] == 1
    assert claim_of(r.json["claim_id"])[0].status.value == "expired"


def rejected(ready_claim) -> str:
    return decided(ready_claim, "reject", "insufficient_proof", "The invoice is not for this workshop.")


def test_a_rejection_not_disputed_in_time_becomes_final_once(ready_claim, clock):
    """docs/product.md: the scheduled job moves an undisputed rejection to rejected_final when the window
    closes, so lists show a final state; the partner is told, and a late dispute is refused."""
    claim_id = rejected(ready_claim)
    due = runtime.store().claim(claim_id).dispute_due
    assert claim_of(claim_id)[1][0]["message"].endswith(f"until {notices.long_date(due, 'en')}.")
    move_to(clock, due - HOUR)
    assert run_job()["expired"] == 0 and claim_of(claim_id)[0].status.value == "rejected"
    move_to(clock, due + HOUR)
    assert run_job()["expired"] == 1
    claim, notes = claim_of(claim_id)
    assert claim.status.value == "rejected_final" and notes[0]["kind"] == "rejected_final"
    assert history(claim_id)[-1]["action"] == "rejected_final"
    assert run_job()["expired"] == 0  # once
    late = call("claims", "POST", f"/claims/{claim_id}/dispute", claims=ADMIN, body={"message": "Please look again."})
    assert (late.status, late.json["code"]) == (409, "invalid_transition")


def test_a_disputed_rejection_is_left_to_the_reviewers(ready_claim, clock):
    claim_id = rejected(ready_claim)
    r = call("claims", "POST", f"/claims/{claim_id}/dispute", claims=ADMIN, body={"message": "Please look again."})
    assert r.status == 200, r.text
    move_to(clock, runtime.store().claim(claim_id).decision.at + 31 * DAY)
    summary = run_job()
    assert summary["expired"] == 0 and claim_of(claim_id)[0].status.value == "disputed", summary


# ------------------------------------------------------------------ nominations: consent reminders and expiry


def test_consent_reminders_once_then_the_nomination_expires_to_ineligible(aws, clock):
    nomination_id = nominate()
    store = runtime.store()
    nomination = store.nomination(nomination_id)
    token_hash = nomination.consent_token_hash
    assert token_hash and store.token(token_hash)
    run_job()
    for days in (7, 1):
        move_to(clock, nomination.consent_due - days * DAY + HOUR)
        assert run_job()["reminded"] == 1 and run_job()["processed"] == 0
        note = nomination_notes(nomination_id)[0]
        assert note["kind"] == "consent_reminder" and note["notification_id"] == f"{nomination_id}.n2r{days}"
    assert store.nomination(nomination_id).version == nomination.version  # reminders do not touch it

    move_to(clock, nomination.consent_due + HOUR)
    summary = run_job()
    assert summary["consent_expired"] == 1 and run_job()["processed"] == 0
    expired = store.nomination(nomination_id)
    assert expired.status.value == "consent_expired" and expired.version == nomination.version + 1
    assert store.token(token_hash)["outcome"] == "retired"  # the consent link is dead; its row keeps its language
    assert nomination_id in tab("ineligible") and nomination_id not in tab("eligible")
    notes = nomination_notes(nomination_id)
    assert [n["kind"] for n in notes] == ["consent_expired", "consent_reminder", "consent_reminder"]
    # the partner sees it among their notifications
    listed = call("claims", "GET", "/notifications", claims=ADMIN).json["items"]
    assert [n["kind"] for n in listed][:3] == ["consent_expired", "consent_reminder", "consent_reminder"]
    assert call("claims", "POST", "/claims", claims=ADMIN, body={"nomination_id": nomination_id}).status == 409


def test_no_consent_reminder_before_consent_was_requested(aws, clock):
    nomination_id = nominate(request=False)
    due = runtime.store().nomination(nomination_id).consent_due
    run_job()
    move_to(clock, due - DAY + HOUR)
    summary = run_job()
    assert (summary["reminded"], summary["skipped"]) == (0, 2), summary
    move_to(clock, due + HOUR)
    assert run_job()["consent_expired"] == 1
    assert [n["kind"] for n in nomination_notes(nomination_id)] == ["consent_expired"]


def test_a_consented_nomination_does_not_expire(aws, clock):
    nomination_id = nominate()
    store = runtime.store()
    nomination = store.nomination(nomination_id)
    consented = nomination.model_copy(
        update={"status": NominationStatus.CONSENTED, "consent_at": clock.now(), "version": nomination.version + 1}
    )
    store.tx().save_nomination(consented, nomination.version).commit()
    run_job()
    clock.offset += 31 * DAY
    summary = run_job()
    assert (summary["consent_expired"], summary["skipped"]) == (0, 3), summary
    assert store.nomination(nomination_id).status.value == "consented"


# ------------------------------------------------------------------ repeated, overlapping, bounded runs


@pytest.fixture
def atomic_requests(monkeypatch):
    """DynamoDB applies a TransactWriteItems atomically; moto applies it step by step (and restores a copy of
    the table on failure), so two threads can interleave inside one. Serve one request at a time, so the
    overlapping runs below race as they would on DynamoDB, each request atomic."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock, original = threading.Lock(), BotocoreStubber.process_request

    def process_request(self, request):
        with lock:
            return original(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", process_request)


def test_overlapping_runs_change_nothing_twice(draft_claim, clock, atomic_requests):
    claim_ids = [draft_claim()["claim_id"] for _ in range(8)]
    nominations = [nominate(f"casey{i}@northwind.example") for i in range(4)]
    run_job()
    clock.offset += 91 * DAY
    summaries: list[dict] = []
    gate = threading.Barrier(2)

    def worker():
        gate.wait()
        summaries.append(expiry.run(runtime.store(), runtime.clock.now()))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(s["expired"] for s in summaries) == 8 and sum(s["consent_expired"] for s in summaries) == 4
    assert sum(s["errors"] + s["deferred"] for s in summaries) == 0, summaries
    for claim_id in claim_ids:
        claim, notes = claim_of(claim_id)
        assert claim.status.value == "expired" and claim.version == 2
        assert kinds(notes) == ["expired"]
        assert [e["action"] for e in history(claim_id)].count("expired") == 1
    for nomination_id in nominations:
        assert [n["kind"] for n in nomination_notes(nomination_id)] == ["consent_expired"]
    assert run_job()["processed"] == 0


def test_errors_on_one_entry_do_not_stop_the_others_and_it_is_retried(draft_claim, clock):
    claim_ids = [draft_claim()["claim_id"] for _ in range(3)]
    store = runtime.store()
    broken = claim_ids[1]
    store.client.update_item(
        TableName=store.table,
        Key={"PK": {"S": f"CLAIM#{broken}"}, "SK": {"S": "#CLAIM"}},
        UpdateExpression="SET submit_due = :bad",
        ExpressionAttributeValues={":bad": {"S": "?"}},
    )
    first_due_day = (store.claim(claim_ids[0]).submit_due - 14 * DAY).date().isoformat()
    run_job()
    clock.offset += 91 * DAY
    summary = run_job()
    # the broken claim's four entries (three reminders, the expiry) fail; the others' are done
    assert (summary["expired"], summary["skipped"], summary["errors"]) == (2, 6, 4), summary
    assert [store.claim(c).status.value for c in (claim_ids[0], claim_ids[2])] == ["expired", "expired"]
    # failed entries stay in the index and hold the cursor on their first day, so the next run retries them
    assert summary["cursor"] == first_due_day
    again = run_job()
    assert (again["errors"], again["processed"], again["cursor"]) == (4, 4, first_due_day)


def test_bounded_runs_continue_where_they_stopped(draft_claim, clock):
    claim_ids = [draft_claim()["claim_id"] for _ in range(7)]
    run_job()
    clock.offset += 91 * DAY
    store = runtime.store()
    runs: list[dict[str, Any]] = []
    while not runs or runs[-1]["more"]:
        runs.append(expiry.run(store, clock.now(), max_entries=5))
        assert len(runs) < 10, runs
    assert [r["processed"] for r in runs][:-1] == [5] * (len(runs) - 1)
    assert sum(r["expired"] for r in runs) == 7 and sum(r["skipped"] for r in runs) == 21
    assert all(store.claim(c).status.value == "expired" for c in claim_ids)


def test_a_run_stops_while_the_invocation_still_has_time_left(draft_claim, clock):
    claim_id = draft_claim()["claim_id"]
    run_job()
    clock.offset += 91 * DAY
    before = runtime.store().job_cursor(expiry.JOB)["day"]
    summary = run_job(remaining_ms=expiry.TIME_RESERVE_MS - 1)
    assert (summary["processed"], summary["more"], summary["cursor"]) == (0, True, before)
    assert run_job()["expired"] == 1 and runtime.store().claim(claim_id).status.value == "expired"


@pytest.mark.parametrize("age_days", [6, 60])
def test_the_first_run_reads_from_the_service_start(draft_claim, clock, age_days):
    claim_id = draft_claim()["claim_id"]
    clock.offset += (90 + age_days) * DAY  # no run ever happened: no cursor
    summary = run_job()
    assert summary["expired"] == 1, summary
    assert runtime.store().claim(claim_id).status.value == "expired"
    assert summary["cursor"] == clock.now().date().isoformat()


def test_each_run_publishes_a_metric_per_outcome(draft_claim, clock, monkeypatch, capsys):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    expiry_app.metrics.clear_metrics()  # disabled (as in the other tests) Powertools keeps, not flushes, them
    draft_claim()
    run_job()
    clock.offset += 91 * DAY
    capsys.readouterr()
    summary = run_job()
    emf = next(json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line)
    metrics = emf["_aws"]["CloudWatchMetrics"][0]
    assert metrics["Namespace"] == "WorkshopClaims"
    assert {m["Name"] for m in metrics["Metrics"]} == {"processed", *expiry.OUTCOMES}
    assert (emf["expired"], emf["skipped"], emf["processed"], emf["errors"]) == ([1.0], [3.0], [4.0], [0.0])
    assert (summary["expired"], summary["skipped"], summary["processed"]) == (1, 3, 4)
