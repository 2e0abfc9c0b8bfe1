"""Submit and review through the local runner over HTTP, from a claim made ready the real way (uploads
to S3, surveys answered on their public pages): each step lands in the history, in the partner's
notifications and in /local/outbox; roles see only what they may."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import requests

from tests.support.flows import PDF, mails, ok, ready_claim

pytestmark = pytest.mark.e2e


def history(client, claim_id: str) -> list[str]:
    return [e["action"] for e in ok(client.get(f"/claims/{claim_id}/history"))["items"]]


def test_info_request_resubmit_approve_and_pay(as_user):
    p, claim_id = ready_claim(as_user)
    admin, rv = as_user("incentives-admin", "P-1001"), as_user("reviewer")
    ok(p.post(f"/claims/{claim_id}/submit"), "submitted")
    assert claim_id in [c["claim_id"] for c in ok(rv.get("/review/claims"))["items"]]

    full = ok(rv.get(f"/review/claims/{claim_id}"))
    for kind in ("findings_report", "invoice"):
        download = requests.get(full["proof"][kind]["download_url"], timeout=10)
        assert download.status_code == 200 and download.content == PDF
    assert set(full["survey_answers"]) == {"partner", "customer"}
    assert full["history"][-1]["action"] == "submitted"

    ok(rv.post(f"/review/claims/{claim_id}/start"), "under_review")
    ok(
        rv.post(
            f"/review/claims/{claim_id}/request-info",
            json={"reason_code": "missing_document", "message": "Please add the attendance list."},
        ),
        "action_required",
    )
    [asked] = mails(p, "info_requested")
    assert "Please add the attendance list." in asked["text"] and claim_id in asked["text"]
    [note] = [
        n for n in ok(p.get("/notifications", params={"unread": "true"}))["items"] if n["claim_id"] == claim_id
    ]  # the runner is shared with other tests' claims
    assert (note["claim_id"], note["kind"], note["email_status"]) == (claim_id, "info_requested", "sent")
    ok(p.post(f"/notifications/{note['notification_id']}/read"))

    ok(p.patch(f"/claims/{claim_id}", json={"comments": "The attendance list is on page 3."}), "action_required")
    ok(p.post(f"/claims/{claim_id}/submit"), "submitted")
    ok(rv.post(f"/review/claims/{claim_id}/start"), "under_review")
    approved = ok(rv.post(f"/review/claims/{claim_id}/approve", json={"message": "Thanks, complete now."}), "approved")
    approved_on = datetime.fromisoformat(approved["decision"]["at"]).date()
    assert date.fromisoformat(approved["payment"]["payable_on"]) == approved_on + timedelta(days=45)
    assert approved["payment"]["amount"] == "5000.00"
    assert len(mails(p, "approved")) == 1

    [scheduled] = [x for x in ok(admin.get("/payments"))["items"] if x["claim_id"] == claim_id]
    assert (scheduled["status"], scheduled["amount"], scheduled["currency"]) == ("scheduled", "5000.00", "USD")
    assert p.get("/payments").status_code == 403

    ok(rv.post(f"/review/claims/{claim_id}/paid", json={"remittance_ref": "REM-2026-7781"}), "paid")
    assert len(mails(p, "paid")) == 1
    assert ok(admin.get(f"/claims/{claim_id}"))["payment"]["remittance_ref"] == "REM-2026-7781"
    [paid] = [x for x in ok(admin.get("/payments"))["items"] if x["claim_id"] == claim_id]
    assert (paid["status"], paid["remittance_ref"]) == ("paid", "REM-2026-7781")

    # incentives-user: never the remittance or the amount ("5000.00": a bare "5000" is also in random ids), on any page
    for path in (f"/claims/{claim_id}", f"/claims/{claim_id}/history", "/claims", "/notifications"):
        r = p.get(path)
        assert r.status_code == 200 and "REM-2026-7781" not in r.text and "5000.00" not in r.text, path
    assert ok(p.get(f"/claims/{claim_id}"))["payment"] == {"status": "paid", "payable_on": paid["payable_on"]}

    steps = history(p, claim_id)
    assert steps[steps.index("submitted") :] == [
        "submitted",
        "review_started",
        "info_requested",
        "claim_updated",
        "submitted",
        "review_started",
        "approved",
        "paid",
    ]
    page = ok(p.get(f"/claims/{claim_id}"))
    assert [n["kind"] for n in page["notifications"]] == ["paid", "approved", "info_requested"]
    assert {n["email_status"] for n in page["notifications"]} == {"sent"}


def test_reject_dispute_and_rejected_final(as_user):
    p, claim_id = ready_claim(as_user)
    rv = as_user("reviewer")
    ok(p.post(f"/claims/{claim_id}/submit"), "submitted")
    ok(rv.post(f"/review/claims/{claim_id}/start"), "under_review")
    rejected = ok(
        rv.post(
            f"/review/claims/{claim_id}/reject",
            json={"reason_code": "insufficient_proof", "message": "The invoice is unreadable."},
        ),
        "rejected",
    )
    assert rejected["decision"]["reason_code"] == "insufficient_proof"
    [mail] = mails(p, "rejected")
    assert "(insufficient proof of execution)" in mail["text"] and "dispute" in mail["text"]  # words, not the code

    ok(p.post(f"/claims/{claim_id}/dispute", json={"message": "A readable copy is attached now."}), "disputed")
    assert claim_id in [c["claim_id"] for c in ok(rv.get("/review/claims", params={"status": "disputed"}))["items"]]
    ok(rv.post(f"/review/claims/{claim_id}/start"), "under_review")
    decision = {"reason_code": "workshop_not_delivered", "message": "No attendance evidence."}
    same = rv.post(f"/review/claims/{claim_id}/reject", json=decision)  # four eyes: not the one who rejected
    assert (same.status_code, same.json()["code"]) == (403, "four_eyes"), same.text
    ok(as_user("reviewer").post(f"/review/claims/{claim_id}/reject", json=decision), "rejected_final")
    [final] = mails(p, "rejected_final")
    assert "final" in final["text"]

    again = p.post(f"/claims/{claim_id}/dispute", json={"message": "Once more"})
    assert again.status_code == 409 and again.json()["current_status"] == "rejected_final"
    steps = history(rv, claim_id)
    assert steps[steps.index("submitted") :] == [
        "submitted",
        "review_started",
        "rejected",
        "disputed",
        "review_started",
        "rejected_final",
    ]
    kinds = [n["kind"] for n in ok(p.get(f"/claims/{claim_id}"))["notifications"]]
    assert kinds == ["rejected_final", "rejected"]


@pytest.mark.parametrize("role", ["incentives-admin", "incentives-user"])
def test_partner_roles_cannot_use_review_routes(as_user, role):
    p = as_user(role, "P-1001")
    claim_id = "clm_anything"
    assert p.get("/review/claims").status_code == 403
    assert p.get(f"/review/claims/{claim_id}").status_code == 403
    for action, body in (
        ("start", None),
        ("approve", {}),
        ("paid", {"remittance_ref": "R"}),
        ("reject", {"reason_code": "other", "message": "x"}),
        ("request-info", {"reason_code": "other", "message": "x"}),
    ):
        r = p.post(f"/review/claims/{claim_id}/{action}", json=body)
        assert (r.status_code, r.json()["code"]) == (403, "forbidden"), action
