"""Surveys through the local runner over HTTP: both surveys emailed → links in /local/outbox → answered
on the public pages → completed; a contact change kills a sent link and a resend works; the customer
contact locks after completion; no sending after submit_due (the clock moved with POST /local/clock)."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.support.flows import JSON, answers_for, fill, open_draft_claim, send_survey
from tests.support.runner import outbox

pytestmark = pytest.mark.e2e


def proof(p, claim_id: str, item: str) -> dict:
    return p.get(f"/claims/{claim_id}").json()["proof"][item]


def test_both_surveys_by_email_answered_on_their_pages(as_user):
    p, claim_id = open_draft_claim(as_user)
    claim = p.get(f"/claims/{claim_id}").json()
    assert {claim["proof"][k]["status"] for k in ("partner_survey", "customer_survey")} == {"not_sent"}
    links = {kind: send_survey(p, claim_id, kind) for kind in ("partner", "customer")}
    message = outbox(p.base, claim["contacts"]["customer"]["email"])[-1]
    assert "AI Business Value Workshop" in message["text"] and "UTC" in message["text"] and message["html"]

    for kind, link in links.items():
        form = requests.get(link, headers=JSON, timeout=10).json()
        assert (form["kind"], form["locale"]) == (kind, "en") and form["questions"]
        r = fill(link)
        assert (r.status_code, r.json()) == (200, {"status": "completed"})
        assert requests.get(link, headers=JSON, timeout=10).status_code == 410
        again = requests.post(link, json={"answers": answers_for(form)}, headers=JSON, timeout=10)
        assert again.json() == {"status": "already_recorded"}  # the same answers again change nothing

    claim = p.get(f"/claims/{claim_id}").json()
    assert {claim["proof"][k]["status"] for k in ("partner_survey", "customer_survey")} == {"completed"}
    assert sorted(claim["missing"]) == ["findings_report", "invoice"]
    actions = [e["action"] for e in p.get(f"/claims/{claim_id}/history").json()["items"]]
    assert actions.count("survey_sent") == 2 and actions.count("survey_completed") == 2


def test_a_contact_change_kills_the_link_a_resend_works_and_completion_locks_the_contact(as_user):
    p, claim_id = open_draft_claim(as_user)
    old = send_survey(p, claim_id, "customer")
    assert requests.get(old, headers=JSON, timeout=10).status_code == 200
    domain = p.get(f"/claims/{claim_id}").json()["contacts"]["customer"]["email"].split("@")[1]
    contact = {"name": "Robin Replacement", "email": f"robin-{uuid.uuid4().hex[:6]}@{domain}", "locale": "nl"}
    r = p.patch(f"/claims/{claim_id}", json={"customer_contact": contact})
    assert r.status_code == 200, r.text

    assert requests.get(old, headers=JSON, timeout=10).status_code == 410
    assert requests.post(old, json={"answers": {"satisfaction": 5}}, headers=JSON, timeout=10).status_code == 410
    gone = requests.get(old, headers={"Accept": "text/html"}, timeout=10)
    assert gone.status_code == 410 and "no longer valid" in gone.text
    survey = proof(p, claim_id, "customer_survey")
    assert (survey["status"], survey["link_invalidated"]) == ("not_sent", True)

    new = send_survey(p, claim_id, "customer")
    assert outbox(p.base, contact["email"])[-1]["subject"].startswith("Hoe was de")
    assert requests.get(new, headers=JSON, timeout=10).json()["locale"] == "nl"
    survey = proof(p, claim_id, "customer_survey")
    assert (survey["status"], survey["link_invalidated"], survey["send_count"]) == ("sent", False, 2)
    assert fill(new).status_code == 200

    r = p.patch(f"/claims/{claim_id}", json={"customer_contact": {**contact, "email": f"late@{domain}"}})
    assert (r.status_code, r.json()["code"]) == (409, "customer_contact_locked")
    assert p.get(f"/claims/{claim_id}").json()["contacts"]["customer"]["email"] == contact["email"]
    assert p.patch(f"/claims/{claim_id}", json={"comments": "still editable"}).status_code == 200


def test_a_resend_is_limited_and_refused_after_submit_due(as_user):
    """Moves the runner's clock forward 90 days: keep it the last test of the file."""
    p, claim_id = open_draft_claim(as_user)
    link = send_survey(p, claim_id, "partner")
    r = p.post(f"/claims/{claim_id}/surveys/partner/send")
    assert (r.status_code, r.json()["code"]) == (429, "too_soon") and int(r.headers["Retry-After"]) > 0

    moved = requests.post(f"{p.base}/local/clock", json={"advance_days": 90}, timeout=10)
    assert moved.status_code == 200
    r = p.post(f"/claims/{claim_id}/surveys/partner/send")
    assert (r.status_code, r.json()["code"]) == (409, "deadline_passed")
    assert requests.get(link, headers=JSON, timeout=10).status_code == 410
    assert proof(p, claim_id, "partner_survey")["send_count"] == 1
