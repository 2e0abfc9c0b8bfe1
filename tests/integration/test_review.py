"""The review function and the partner side of the decisions (dispute, history, notifications, payments),
through the real handlers on moto."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from shared import runtime
from shared.domain.lifecycle import Status
from tests.support.calls import call, partner, reviewer
from tests.support.review import ADMIN, OTHER, RV, actions, partition, review, submitted, under_review

RV2 = {**reviewer("second@program.example.com"), "sub": "second-reviewer-sub"}
USER = partner("P-1001", "incentives-user")


# ------------------------------------------------------------------ the queue


def test_queue_lists_submitted_claims_oldest_first_across_partners(ready_claim, clock):
    first = submitted(ready_claim, "P-2002")
    clock.offset += timedelta(minutes=5)
    second = submitted(ready_claim)
    draft = ready_claim()
    r = call("review", "GET", "/review/claims", claims=RV)
    assert r.status == 200
    ids = [c["claim_id"] for c in r.json["items"]]
    assert ids == [first, second] and draft not in ids and r.json["next_token"] is None
    assert r.json["items"][0]["status"] == "submitted"
    assert [c["partner_name"] for c in r.json["items"]] == ["Fabrikam Partners", "Contoso Consulting"]
    assert [
        c["claim_id"] for c in call("review", "GET", "/review/claims", claims=RV, query="status=draft").json["items"]
    ] == [draft]


def test_queue_pages_with_next_token(ready_claim):
    store = runtime.store()
    first = store.claim(submitted(ready_claim))
    ids = [first.claim_id]
    for n in range(1, 51):  # copies of a submitted claim, each waiting a second less (cheaper than 50 flows)
        copy = first.model_copy(
            update={
                "claim_id": f"{first.claim_id}-{n:02d}",
                "status_changed_at": first.status_changed_at + timedelta(seconds=n),
            }
        )
        store.tx().save_claim(copy, None).commit()
        ids.append(copy.claim_id)
    page1 = call("review", "GET", "/review/claims", claims=RV, query="status=submitted").json
    assert len(page1["items"]) == 50 and page1["next_token"]
    page2 = call(
        "review", "GET", "/review/claims", claims=RV, query=f"status=submitted&next_token={page1['next_token']}"
    )
    assert page2.status == 200 and page2.json["next_token"] is None
    assert [c["claim_id"] for c in page1["items"] + page2.json["items"]] == ids


def test_default_queue_is_everything_waiting_for_a_reviewer_oldest_first(ready_claim, clock):
    """Submitted, resubmitted after an info request, disputed and under review: one list, oldest wait
    first, each with since when, its age in whole days and its kind; counts per status for the tabs."""
    new = submitted(ready_claim)
    clock.offset += timedelta(days=1)
    resubmitted = under_review(ready_claim)
    review(resubmitted, "request-info", {"reason_code": "other", "message": "More."})
    clock.offset += timedelta(days=1)
    assert call("claims", "POST", f"/claims/{resubmitted}/submit", claims=ADMIN).status == 200
    clock.offset += timedelta(days=1)
    disputed = under_review(ready_claim)
    review(disputed, "reject", {"reason_code": "other", "message": "No."})
    clock.offset += timedelta(days=1)
    assert (
        call("claims", "POST", f"/claims/{disputed}/dispute", claims=ADMIN, body={"message": "Look again"}).status
        == 200
    )
    clock.offset += timedelta(days=1)
    reviewing = under_review(ready_claim)
    draft = ready_claim()
    clock.offset += timedelta(hours=12)
    r = call("review", "GET", "/review/claims", claims=RV)
    assert r.status == 200, r.text
    items = {c["claim_id"]: c for c in r.json["items"]}
    assert [c["claim_id"] for c in r.json["items"]] == [new, resubmitted, disputed, reviewing]
    assert draft not in items and r.json["next_token"] is None
    assert {i: (c["status"], c["kind"], c["age_days"]) for i, c in items.items()} == {
        new: ("submitted", "new", 5),
        resubmitted: ("submitted", "resubmission", 3),
        disputed: ("disputed", "dispute", 1),
        reviewing: ("under_review", "new", 0),
    }
    assert r.json["counts"] == {"submitted": 2, "disputed": 1, "under_review": 1}
    # a dispute under review is still a dispute; ?status= still filters and counts its own status too
    review(disputed, "start")
    only = call("review", "GET", "/review/claims", claims=RV, query="status=under_review").json
    assert {c["claim_id"]: c["kind"] for c in only["items"]} == {disputed: "dispute", reviewing: "new"}
    drafts = call("review", "GET", "/review/claims", claims=RV, query="status=draft").json
    assert drafts["counts"]["draft"] >= 1 and drafts["counts"]["under_review"] == 2


def test_default_queue_pages_across_statuses(ready_claim, clock):
    store = runtime.store()
    first = store.claim(submitted(ready_claim))
    expected = [first.claim_id]
    for n in range(1, 56):  # alternate statuses, each entering it a second later
        status = (Status.SUBMITTED, Status.DISPUTED)[n % 2]
        at = first.status_changed_at + timedelta(seconds=n)
        copy = first.model_copy(
            update={
                "claim_id": f"{first.claim_id}-{n:02d}",
                "status": status,
                "status_changed_at": at,
                "submitted_at": at,
            }
        )
        store.tx().save_claim(copy, None).commit()
        expected.append(copy.claim_id)
    page1 = call("review", "GET", "/review/claims", claims=RV).json
    assert len(page1["items"]) == 50 and page1["next_token"]
    page2 = call("review", "GET", "/review/claims", claims=RV, query=f"next_token={page1['next_token']}").json
    assert page2["next_token"] is None
    assert [c["claim_id"] for c in page1["items"] + page2["items"]] == expected
    assert page2["counts"] == {"submitted": 28, "disputed": 28, "under_review": 0}


@pytest.mark.parametrize("query,code", [("status=bogus", "validation_error"), ("next_token=abc", "invalid_next_token")])
def test_queue_refuses_bad_parameters(aws, query, code):
    r = call("review", "GET", "/review/claims", claims=RV, query=query)
    assert r.status in (400, 422) and r.json["code"] == code


# ------------------------------------------------------------------ the full claim


def test_full_claim_has_download_links_survey_answers_and_history(ready_claim):
    claim_id = submitted(ready_claim, "P-2002")
    r = call("review", "GET", f"/review/claims/{claim_id}", claims=RV)
    assert r.status == 200
    view = r.json
    assert view["claim_id"] == claim_id and view["partner_id"] == "P-2002" and view["status"] == "submitted"
    assert view["survey_answers"]["customer"]["answers"]["comments"] == "customer says fine"
    assert set(view["survey_answers"]) == {"partner", "customer"}
    assert [e["action"] for e in view["history"]] == ["claim_opened", "submitted"]
    assert view["history"][-1]["actor"]["role"] == "incentives-admin"
    s3 = runtime.s3()
    for kind in ("findings_report", "invoice"):
        item = view["proof"][kind]
        query = parse_qs(urlparse(item["download_url"]).query)
        assert query["versionId"] == [item["s3_version_id"]] and query["X-Amz-Expires"] == ["300"]
        # the link names exactly the checked object version
        body = s3.get_object(Bucket="workshop-claims-evidence", Key=item["s3_key"], VersionId=query["versionId"][0])[
            "Body"
        ].read()
        assert body == b"%PDF-1.4 " + kind.encode()


def test_dossier_names_partner_engagement_deadlines_links_and_risk_flags(ready_claim, clock):
    claim_id = submitted(ready_claim, "P-2002")
    store = runtime.store()
    claim = store.claim(claim_id)
    nomination = store.nomination(claim.nomination_id)  # as if the partner overrode the tenant directory
    store.tx().save_nomination(
        nomination.model_copy(update={"mismatch_reason": "Subsidiary tenant", "version": nomination.version + 1}),
        nomination.version,
    ).commit()
    # the invoice is a file a browser cannot show inline, with a name that is not ASCII
    invoice = claim.proof.invoice.model_copy(update={"content_type": "application/zip", "file_name": "fäktura 1.zip"})
    store.tx().save_claim(
        claim.model_copy(
            update={"proof": claim.proof.model_copy(update={"invoice": invoice}), "version": claim.version + 1}
        ),
        claim.version,
    ).commit()
    clock.offset += timedelta(days=10, hours=1)
    view = call("review", "GET", f"/review/claims/{claim_id}", claims=RV).json
    assert view["partner"] == {"partner_id": "P-2002", "name": "Fabrikam Partners"}
    assert view["customer"]["email"] and view["tenant_id"] == claim.customer["tenant_id"]
    assert view["engagement"] == {
        "engagement_id": "ENG-AI-WORKSHOP",
        "name": claim.engagement_name,
        "payout": claim.payout.model_dump(mode="json"),
    }
    submit_due = view["deadlines"]["submit_due"]
    assert submit_due == {"at": claim.submit_due.isoformat(), "days_left": 80, "passed": False}
    assert view["deadlines"]["review_due"]["days_left"] == 110 and "dispute_due" not in view["deadlines"]
    assert [f["code"] for f in view["risk_flags"]] == ["tenant_mismatch"]
    assert "Subsidiary tenant" in view["risk_flags"][0]["message"]
    assert view["survey_questions"] == {
        kind: [q.model_dump(mode="json") for q in questions] for kind, questions in claim.survey_questions.items()
    }
    report = view["proof"]["findings_report"]
    download = parse_qs(urlparse(report["download_url"]).query)
    preview = parse_qs(urlparse(report["preview_url"]).query)
    assert download["response-content-disposition"] == [
        "attachment; filename=\"findings_report.pdf\"; filename*=UTF-8''findings_report.pdf"
    ]
    assert preview["response-content-disposition"][0].startswith("inline; ")
    assert preview["response-content-type"] == ["application/pdf"]
    assert download["versionId"] == preview["versionId"] == [report["s3_version_id"]]
    invoice_links = view["proof"]["invoice"]
    assert "preview_url" not in invoice_links  # a zip is downloaded, never shown inline
    assert parse_qs(urlparse(invoice_links["download_url"]).query)["response-content-disposition"] == [
        "attachment; filename=\"f_ktura 1.zip\"; filename*=UTF-8''f%C3%A4ktura%201.zip"
    ]


def test_dossier_counts_the_dispute_deadline_once_rejected(ready_claim, clock):
    claim_id = under_review(ready_claim)
    review(claim_id, "reject", {"reason_code": "other", "message": "No."})
    clock.offset += timedelta(days=31)
    deadlines = call("review", "GET", f"/review/claims/{claim_id}", claims=RV).json["deadlines"]
    assert deadlines["dispute_due"]["passed"] is True and deadlines["dispute_due"]["days_left"] == 0
    assert call("review", "GET", f"/review/claims/{claim_id}", claims=RV).json["risk_flags"] == []


def test_full_claim_without_received_files_has_no_links(draft_claim):
    claim_id = draft_claim()["claim_id"]
    view = call("review", "GET", f"/review/claims/{claim_id}", claims=RV).json
    assert "download_url" not in view["proof"]["invoice"] and view["survey_answers"] == {}


def test_unknown_claim_is_404(aws):
    for method, action in (("GET", ""), ("POST", "/start")):
        r = call("review", method, f"/review/claims/clm_nope{action}", claims=RV)
        assert (r.status, r.json["code"]) == (404, "not_found")


# ------------------------------------------------------------------ decisions


def test_request_info_then_resubmit_then_approve(ready_claim, clock):
    claim_id = under_review(ready_claim)
    r = review(claim_id, "request-info", {"reason_code": "missing_document", "message": "Add the attendance list."})
    assert r.status == 200 and r.json["status"] == "action_required"
    assert r.json["info_requests"][0]["reason_code"] == "missing_document"
    review_due = datetime.fromisoformat(r.json["review_due"])
    due = runtime.store().due_entries(review_due.date(), review_due, 100)
    assert [(d["job"], d["ref"], d["partner_id"]) for d in due if d["ref"] == claim_id] == [
        ("claim_review_expiry", claim_id, "P-1001")
    ]

    patched = call("claims", "PATCH", f"/claims/{claim_id}", claims=ADMIN, body={"comments": "See page 3."})
    assert patched.status == 200
    clock.offset += timedelta(days=1)
    resubmitted = call("claims", "POST", f"/claims/{claim_id}/submit", claims=USER)
    assert resubmitted.status == 200 and resubmitted.json["status"] == "submitted"
    assert review(claim_id, "start").status == 200
    approved = review(claim_id, "approve", {"message": "Thanks."})
    assert approved.status == 200 and approved.json["status"] == "approved"
    approved_at = datetime.fromisoformat(approved.json["decision"]["at"])
    assert approved.json["payment"] == {
        "amount": "5000.00",
        "currency": "USD",
        "status": "scheduled",
        "payable_on": (approved_at + timedelta(days=45)).date().isoformat(),
        "remittance_ref": None,
        "paid_at": None,
    }
    assert actions(claim_id) == [
        "claim_opened",
        "submitted",
        "review_started",
        "info_requested",
        "claim_updated",
        "submitted",
        "review_started",
        "approved",
    ]


@pytest.mark.parametrize("body", [None, {}, {"message": "Well documented."}])
def test_approve_body_is_optional(ready_claim, body):
    claim_id = under_review(ready_claim)
    r = review(claim_id, "approve", body)
    assert r.status == 200 and r.json["decision"]["message"] == (body or {}).get("message")


@pytest.mark.parametrize(
    "action,body",
    [
        ("request-info", {"reason_code": "insufficient_proof", "message": "x"}),  # a reject code
        ("request-info", {"reason_code": "missing_document"}),
        ("reject", {"reason_code": "missing_document", "message": "x"}),  # an info-request code
        ("reject", {"reason_code": "other", "message": "   "}),
        ("approve", {"message": "ok", "amount": 1}),
        ("approve", {"message": ""}),
        ("paid", {}),
        ("paid", {"remittance_ref": ""}),
    ],
)
def test_bad_bodies_are_422_and_change_nothing(ready_claim, action, body):
    claim_id = under_review(ready_claim)
    before = partition(claim_id)
    r = review(claim_id, action, body)
    assert r.status == 422 and r.json["code"] == "validation_error" and r.json["details"]
    assert partition(claim_id) == before


def test_invalid_json_is_400(ready_claim):
    claim_id = under_review(ready_claim)
    r = review(claim_id, "approve", raw_body=b"{nope")
    assert (r.status, r.json["code"]) == (400, "invalid_json")


@pytest.mark.parametrize(
    "action,body",
    [
        ("start", None),
        ("approve", None),
        ("paid", {"remittance_ref": "R-1"}),
        ("reject", {"reason_code": "other", "message": "no"}),
        ("request-info", {"reason_code": "other", "message": "?"}),
    ],
)
def test_refused_transitions_are_409_with_the_current_status(draft_claim, action, body):
    claim_id = draft_claim()["claim_id"]
    before = partition(claim_id)
    r = review(claim_id, action, body)
    assert r.status == 409 and r.json["code"] == "invalid_transition" and r.json["current_status"] == "draft"
    assert "draft" in r.json["message"]
    assert partition(claim_id) == before


def test_reject_dispute_then_rejected_final(ready_claim, clock):
    claim_id = under_review(ready_claim)
    rejected = review(claim_id, "reject", {"reason_code": "insufficient_proof", "message": "Invoice unreadable."})
    assert rejected.json["status"] == "rejected" and rejected.json["decision"]["reason_code"] == "insufficient_proof"
    clock.offset += timedelta(days=29)
    disputed = call("claims", "POST", f"/claims/{claim_id}/dispute", claims=USER, body={"message": "Readable now."})
    assert disputed.status == 200 and disputed.json["status"] == "disputed"
    assert disputed.json["dispute"]["message"] == "Readable now."
    assert [
        c["claim_id"] for c in call("review", "GET", "/review/claims", claims=RV, query="status=disputed").json["items"]
    ] == [claim_id]
    assert review(claim_id, "start").json["status"] == "under_review"
    final = review(claim_id, "reject", {"reason_code": "workshop_not_delivered", "message": "Still no."}, claims=RV2)
    assert final.status == 200 and final.json["status"] == "rejected_final"
    assert final.json["decision"]["outcome"] == "rejected_final"
    again = call("claims", "POST", f"/claims/{claim_id}/dispute", claims=ADMIN, body={"message": "Once more"})
    assert (again.status, again.json["current_status"]) == (409, "rejected_final")
    assert actions(claim_id)[-4:] == ["rejected", "disputed", "review_started", "rejected_final"]
    kinds = [n["kind"] for n in call("claims", "GET", f"/claims/{claim_id}", claims=ADMIN).json["notifications"]]
    assert kinds == ["rejected_final", "rejected"]  # newest first


@pytest.mark.parametrize(
    "action,body",
    [
        ("approve", None),
        ("reject", {"reason_code": "other", "message": "No."}),
        ("request-info", {"reason_code": "other", "message": "More."}),
    ],
)
def test_four_eyes_a_dispute_is_decided_by_another_reviewer(ready_claim, action, body):
    claim_id = under_review(ready_claim)
    review(claim_id, "reject", {"reason_code": "other", "message": "No."})
    call("claims", "POST", f"/claims/{claim_id}/dispute", claims=ADMIN, body={"message": "Look again."})
    assert review(claim_id, "start").status == 200  # opening the dispute is no decision
    before = partition(claim_id)
    # the same person, whatever the token says of them beyond its stable id
    same = review(claim_id, action, body, claims={**RV, "email": "renamed@program.example.com"})
    assert (same.status, same.json["code"]) == (403, "four_eyes") and "another reviewer" in same.json["message"]
    assert partition(claim_id) == before
    other = review(claim_id, action, body, claims=RV2)
    assert other.status == 200, other.text
    event = call("claims", "GET", f"/claims/{claim_id}/history", claims=RV).json["items"][-1]
    assert event["actor"] == {"sub": RV2["sub"], "email": RV2["email"], "role": "reviewer"}


def test_a_token_without_email_still_names_the_actor(ready_claim):
    """A Cognito access token carries `username` (or only `sub`), no `email`."""
    claim_id = submitted(ready_claim)
    access = {"sub": "5b1c-uuid", "username": "rita", "cognito:groups": "[reviewer]"}
    assert review(claim_id, "start", claims=access).status == 200
    bare = {"sub": "9f00-uuid", "cognito:groups": "[reviewer]"}
    assert review(claim_id, "request-info", {"reason_code": "other", "message": "More."}, claims=bare).status == 200
    actors = [e["actor"] for e in call("claims", "GET", f"/claims/{claim_id}/history", claims=RV).json["items"][-2:]]
    assert actors == [
        {"sub": "5b1c-uuid", "email": "rita", "role": "reviewer"},
        {"sub": "9f00-uuid", "email": "9f00-uuid", "role": "reviewer"},
    ]


def test_dispute_window_closes_after_30_days(ready_claim, clock):
    claim_id = under_review(ready_claim)
    review(claim_id, "reject", {"reason_code": "other", "message": "No."})
    clock.offset += timedelta(days=30)
    before = partition(claim_id)
    r = call("claims", "POST", f"/claims/{claim_id}/dispute", claims=ADMIN, body={"message": "Late"})
    assert (r.status, r.json["code"], r.json["current_status"]) == (409, "deadline_passed", "rejected")
    assert partition(claim_id) == before


@pytest.mark.parametrize("body", [None, {}, {"message": ""}, {"message": "x", "extra": 1}])
def test_dispute_needs_a_message(ready_claim, body):
    claim_id = under_review(ready_claim)
    review(claim_id, "reject", {"reason_code": "other", "message": "No."})
    r = call("claims", "POST", f"/claims/{claim_id}/dispute", claims=ADMIN, body=body)
    assert r.status == 422 and r.json["code"] == "validation_error"


def test_other_partner_cannot_dispute_or_read_history(ready_claim):
    claim_id = under_review(ready_claim)
    review(claim_id, "reject", {"reason_code": "other", "message": "No."})
    for method, path, body in (("POST", "/dispute", {"message": "mine"}), ("GET", "/history", None)):
        r = call("claims", method, f"/claims/{claim_id}{path}", claims=OTHER, body=body)
        assert r.status == 404
    assert call("claims", "GET", f"/claims/{claim_id}/history", claims=RV).status == 200


# ------------------------------------------------------------------ payments and what each role sees


def test_approval_schedules_payment_and_paid_records_remittance(ready_claim):
    claim_id = under_review(ready_claim)
    approved = review(claim_id, "approve")
    payable_on = approved.json["payment"]["payable_on"]
    listed = call("claims", "GET", "/payments", claims=ADMIN).json["items"]
    assert [(p["claim_id"], p["status"], p["amount"], p["payable_on"]) for p in listed] == [
        (claim_id, "scheduled", "5000.00", payable_on)
    ]
    paid = review(claim_id, "paid", {"remittance_ref": "REM-2026-0042"})
    assert paid.status == 200 and paid.json["status"] == "paid"
    assert paid.json["payment"]["remittance_ref"] == "REM-2026-0042" and paid.json["payment"]["status"] == "paid"
    listed = call("claims", "GET", "/payments", claims=ADMIN).json["items"]
    assert [(p["status"], p["remittance_ref"]) for p in listed] == [("paid", "REM-2026-0042")]
    assert call("claims", "GET", "/payments", claims=OTHER).json["items"] == []
    again = review(claim_id, "paid", {"remittance_ref": "REM-2"})
    assert (again.status, again.json["current_status"]) == (409, "paid")


def test_incentives_user_never_sees_amounts_or_remittance(ready_claim):
    claim_id = under_review(ready_claim)
    review(claim_id, "approve", {"message": "Fine."})
    review(claim_id, "paid", {"remittance_ref": "REM-SECRET-9"})
    assert call("claims", "GET", "/payments", claims=USER).status == 403
    for path in (f"/claims/{claim_id}", f"/claims/{claim_id}/history", "/claims", "/notifications"):
        text = call("claims", "GET", path, claims=USER).text
        assert "REM-SECRET-9" not in text and "5000" not in text, path
    view = call("claims", "GET", f"/claims/{claim_id}", claims=USER).json
    assert view["payment"] == {"status": "paid", "payable_on": view["payment"]["payable_on"]}
    admin_history = call("claims", "GET", f"/claims/{claim_id}/history", claims=ADMIN).text
    assert (
        "REM-SECRET-9" in admin_history
        and "REM-SECRET-9" in call("claims", "GET", f"/claims/{claim_id}", claims=ADMIN).text
    )


@pytest.mark.parametrize("who", [ADMIN, USER])
@pytest.mark.parametrize(
    "method,path,body",
    [
        ("GET", "/review/claims", None),
        ("GET", "/review/claims/{id}", None),
        ("POST", "/review/claims/{id}/start", None),
        ("POST", "/review/claims/{id}/approve", {}),
        ("POST", "/review/claims/{id}/paid", {"remittance_ref": "R"}),
        ("POST", "/review/claims/{id}/reject", {"reason_code": "other", "message": "x"}),
        ("POST", "/review/claims/{id}/request-info", {"reason_code": "other", "message": "x"}),
    ],
)
def test_partners_get_403_on_review_routes(ready_claim, who, method, path, body):
    claim_id = submitted(ready_claim)
    before = partition(claim_id)
    r = call("review", method, path.format(id=claim_id), claims=who, body=body)
    assert (r.status, r.json["code"]) == (403, "forbidden")
    assert partition(claim_id) == before


def test_no_token_is_401(aws):
    assert call("review", "GET", "/review/claims").status == 401


# ------------------------------------------------------------------ notifications on the claim page


def test_each_decision_raises_a_partner_notification(ready_claim):
    claim_id = under_review(ready_claim)
    review(claim_id, "request-info", {"reason_code": "invoice_mismatch", "message": "Amount differs."})
    call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    review(claim_id, "start")
    review(claim_id, "approve")
    review(claim_id, "paid", {"remittance_ref": "R-1"})
    notes = call("claims", "GET", "/notifications", claims=USER).json["items"]
    assert [n["kind"] for n in notes] == ["paid", "approved", "info_requested"]  # newest first
    assert all(n["claim_id"] == claim_id and n["read"] is False for n in notes)
    assert "(the invoice does not match the claim)" in notes[-1]["message"]  # the reason in words, not its code
    assert "Amount differs." in notes[-1]["message"]
    row = runtime.store().notification(notes[-1]["notification_id"])
    assert row["email_status"] == "pending" and row["email_to"][0]["email"] == "pat@p-1001.example"
    assert row["email_context"]["claim_id"] == claim_id

    read = call("claims", "POST", f"/notifications/{notes[-1]['notification_id']}/read", claims=ADMIN)
    assert read.status == 200 and read.json["read"] is True
    unread = call("claims", "GET", "/notifications", claims=ADMIN, query="unread=true").json["items"]
    assert [n["kind"] for n in unread] == ["paid", "approved"]
    for nid in (notes[0]["notification_id"], "nonsense", "clm_x.nabc"):
        assert call("claims", "POST", f"/notifications/{nid}/read", claims=OTHER).status == 404


def test_payable_on_is_45_days_after_approval(ready_claim, clock):
    claim_id = under_review(ready_claim)
    clock.offset += timedelta(days=3)
    approved = review(claim_id, "approve").json
    assert date.fromisoformat(approved["payment"]["payable_on"]) == (clock.now() + timedelta(days=45)).date()


def test_the_dossier_gives_the_partners_reason_for_a_contact_off_the_customers_domains(draft_claim):
    claim_id = draft_claim()["claim_id"]
    reason = "The customer's buyer asked us to collect the answers."
    r = call(
        "claims",
        "PATCH",
        f"/claims/{claim_id}",
        claims=partner("P-1001"),
        body={"customer_contact": {"name": "Me", "email": "me@contoso.example"}, "contact_reason": reason},
    )
    assert r.status == 200, r.text
    [flag] = call("review", "GET", f"/review/claims/{claim_id}", claims=RV).json["risk_flags"]
    assert flag["code"] == "contact_off_domain" and reason in flag["message"]


def test_a_customer_contact_off_the_customers_domains_is_flagged(ready_claim):
    """docs/product.md "the customer speaks for the customer": the nominated email's domain and the tenant's
    domains in the directory are the customer's; a link sent anywhere else is for the reviewer to see."""
    claim_id = submitted(ready_claim)
    store = runtime.store()
    claim = store.claim(claim_id)
    tenant = claim.customer["tenant_id"]
    store.seed([("tenants", {"tenant_id": tenant, "domains": ["northwind-group.example"]})])

    def flags_with_survey_contact(address: str) -> list[dict]:
        current = store.claim(claim_id)
        contacts = current.contacts.model_copy(
            update={"customer": current.contacts.customer.model_copy(update={"email": address})}
        )
        store.tx().save_claim(
            current.model_copy(update={"contacts": contacts, "version": current.version + 1}), current.version
        ).commit()
        return call("review", "GET", f"/review/claims/{claim_id}", claims=RV).json["risk_flags"]

    nominated_domain = claim.customer["email"].rpartition("@")[2]
    assert flags_with_survey_contact(f"cfo@{nominated_domain}") == []
    assert flags_with_survey_contact("cfo@northwind-group.example") == []
    [flag] = flags_with_survey_contact("me@contoso.example")
    assert flag["code"] == "contact_off_domain"
    assert "customer survey went to me@contoso.example" in flag["message"]
    assert "northwind-group.example" in flag["message"] and nominated_domain in flag["message"]
