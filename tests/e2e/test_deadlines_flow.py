"""Deadlines through the local runner over HTTP: the clock is moved with /local/clock and the scheduled
job run with /local/jobs/expiry. Each reminder and each expiry happens once, reaches the partner on the
claim page and by email, and a second run does nothing. Every test only moves the clock forward."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import requests

from tests.support.flows import consent_link, open_draft_claim, ready_claim
from tests.support.runner import outbox

pytestmark = pytest.mark.e2e
CUSTOMERS = "/engagements/ENG-AI-WORKSHOP/customers"
HOUR = timedelta(hours=1)


def iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def move_clock_to(base: str, when: datetime) -> None:
    now = iso(requests.get(f"{base}/local/clock", timeout=10).json()["now"])
    assert when > now, "tests only move the clock forward"
    r = requests.post(f"{base}/local/clock", json={"advance_days": (when - now) / timedelta(days=1)}, timeout=10)
    assert r.status_code == 200, r.text


def run_job(base: str) -> dict:
    """One scheduled run; again while it reports more (other tests' entries may be due too)."""
    for _ in range(10):
        r = requests.post(f"{base}/local/jobs/expiry", timeout=120)
        assert r.status_code == 200, r.text
        summary = r.json()
        assert summary["errors"] == 0, summary
        if not summary["more"]:
            return summary
    raise AssertionError(f"the job still reports more after 10 runs: {summary}")


def claim(p, claim_id: str) -> dict:
    r = p.get(f"/claims/{claim_id}")
    assert r.status_code == 200, r.text
    return r.json()


def mails(p, subject_part: str) -> list[dict]:
    return [m for m in outbox(p.base, p.email) if subject_part in m["subject"]]


def test_draft_reminded_once_then_expired_once_and_the_partner_is_told(as_user):
    p, claim_id = open_draft_claim(as_user)
    due = iso(claim(p, claim_id)["submit_due"])
    run_job(p.base)

    move_clock_to(p.base, due - timedelta(days=7) + HOUR)  # the 14-day reminder is overtaken: only the 7-day one
    run_job(p.base)
    run_job(p.base)
    notes = claim(p, claim_id)["notifications"]
    assert [n["kind"] for n in notes] == ["submit_reminder"] and "7 days left" in notes[0]["message"]
    reminders = mails(p, "Reminder")
    assert len(reminders) == 1 and "7 days left" in reminders[0]["text"]

    move_clock_to(p.base, due + HOUR)
    run_job(p.base)
    run_job(p.base)
    c = claim(p, claim_id)
    assert c["status"] == "expired"
    assert [n["kind"] for n in c["notifications"]] == ["expired", "submit_reminder"]
    expired = mails(p, "automatically rejected")
    assert len(expired) == 1 and "not submitted within 90 days of consent" in expired[0]["text"]
    assert len(mails(p, "Reminder")) == 1  # the 1-day reminder was stale by then: never sent
    events = p.get(f"/claims/{claim_id}/history").json()["items"]
    assert events[-1]["action"] == "expired" and events[-1]["actor"]["role"] == "system"
    assert events[-1]["details"]["reason"] == "automatically rejected: not submitted within 90 days of consent"
    # never reactivated
    assert p.post(f"/claims/{claim_id}/submit").status_code == 409
    assert p.patch(f"/claims/{claim_id}", json={"comments": "late"}).status_code == 409


def test_a_claim_submitted_a_minute_before_the_deadline_is_not_expired(as_user):
    p, claim_id = ready_claim(as_user)
    due = iso(claim(p, claim_id)["submit_due"])
    run_job(p.base)
    move_clock_to(p.base, due - timedelta(minutes=1))
    r = p.post(f"/claims/{claim_id}/submit")
    assert r.status_code == 200, r.text
    move_clock_to(p.base, due + HOUR)
    run_job(p.base)
    c = claim(p, claim_id)
    assert c["status"] == "submitted" and "expired" not in [n["kind"] for n in c["notifications"]]


def test_consent_not_given_in_30_days_moves_the_nomination_to_ineligible(as_user):
    partners: list = []  # the partner consent_link signs in as: their address is the partner contact

    def signed_in(**kw):
        partners.append(as_user(**kw))
        return partners[-1]

    link, nomination = consent_link(signed_in)
    p = partners[0]
    run_job(p.base)

    def kinds() -> list[str]:
        return [
            n["kind"]
            for n in p.get("/notifications").json()["items"]
            if n["notification_id"].startswith(nomination["nomination_id"] + ".")
        ]

    move_clock_to(p.base, iso(nomination["consent_due"]) - timedelta(days=1) + HOUR)
    run_job(p.base)
    run_job(p.base)
    assert kinds() == ["consent_reminder"]  # the 7-day one was overtaken: one reminder, not two
    assert len(mails(p, "has not consented yet")) == 1

    move_clock_to(p.base, iso(nomination["consent_due"]) + HOUR)
    run_job(p.base)
    run_job(p.base)
    rows = {row["nomination_id"]: row for row in p.get(CUSTOMERS, params={"tab": "ineligible"}).json()["items"]}
    row = rows[nomination["nomination_id"]]
    assert row["status"] == "consent_expired" and "not given" in row["ineligible_reason"]
    eligible = p.get(CUSTOMERS, params={"tab": "eligible"}).json()["items"]
    assert nomination["nomination_id"] not in [x["nomination_id"] for x in eligible]
    assert kinds() == ["consent_expired", "consent_reminder"]
    assert len(mails(p, "consent request expired")) == 1
    assert requests.get(link, headers={"Accept": "application/json"}, timeout=10).status_code == 410
    assert p.post("/claims", json={"nomination_id": nomination["nomination_id"]}).status_code == 409
