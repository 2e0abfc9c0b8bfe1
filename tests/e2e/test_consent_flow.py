"""Nominate → consent email → the customer answers on the public page → the claim opens, through the
local runner over HTTP; first consent wins across partners; refusals are clean."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
import requests

from shared.domain.notices import long_datetime
from tests.support.runner import outbox

pytestmark = pytest.mark.e2e
ENG = "ENG-AI-WORKSHOP"
CUSTOMERS = f"/engagements/{ENG}/customers"
JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}


def uid() -> str:
    return uuid.uuid4().hex[:10]


def nominate(p, tenant: str | None = None, domain: str | None = None) -> dict:
    body = {
        "location_id": "L-" + p.partner_id.split("-")[1],
        "customer_name": f"Northwind {uid()}",
        "customer_email": f"ann-{uid()}@{domain or 'c' + uid() + '.example'}",
        "tenant_id": tenant or str(uuid.uuid4()),
    }
    r = p.post(CUSTOMERS, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def ask_consent(p, nomination: dict, locale: str = "en") -> tuple[str, dict]:
    """Send the consent request; return the link and the email the customer got."""
    to = nomination["customer"]["email"]
    r = p.post(
        f"/nominations/{nomination['nomination_id']}/consent-request",
        json={
            "customer_contact": {"name": "Ann Customer", "email": to, "locale": locale},
            "partner_contact": {"name": "Pat Partner", "email": p.email},
        },
    )
    assert r.status_code == 202, r.text
    message = outbox(p.base, to)[-1]
    link = next(x for x in message["links"] if "/public/consent/" in x)
    return link, message


def rows(p, tab: str) -> dict[str, dict]:
    r = p.get(CUSTOMERS, params={"tab": tab})
    assert r.status_code == 200, r.text
    return {row["nomination_id"]: row for row in r.json()["items"]}


def iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("locale,how", [("en", "json"), ("nl", "form")])
def test_nominate_consent_by_email_accept_and_open_the_claim(as_user, locale, how):
    p = as_user("incentives-user", "P-1001")
    n = nominate(p)
    assert (n["status"], n["type"]) == ("awaiting_consent", "not started")
    link, message = ask_consent(p, n, locale)

    assert link.startswith(f"{p.base}/public/consent/")
    deadline = long_datetime(iso(n["consent_due"]), locale)
    for part in (message["text"], message["html"]):
        assert link in part and "Contoso Consulting" in part and "AI Business Value Workshop" in part
        assert deadline in part
    assert ("Beste Ann Customer" if locale == "nl" else "Hello Ann Customer") in message["text"]

    form = requests.get(link, headers=HTML, timeout=10)
    assert form.status_code == 200 and f'lang="{locale}"' in form.text and '<form method="post">' in form.text
    if how == "json":
        answer = requests.post(link, json={"decision": "accept"}, headers=JSON, timeout=10)
        assert answer.json() == {
            "decision": "accept",
            "nomination_id": n["nomination_id"],
            "status": "consented",
            "already_recorded": False,
        }
    else:  # exactly what the browser sends for the Accept button
        answer = requests.post(link, data={"decision": "accept"}, headers=HTML, timeout=10)
        assert "toestemming is vastgelegd" in answer.text
    assert answer.status_code == 200

    row = rows(p, "eligible")[n["nomination_id"]]
    assert (row["status"], row["type"], row["actions"]) == ("consented", "active", ["open_claim"])
    r = p.post("/claims", json={"nomination_id": n["nomination_id"]})
    assert r.status_code == 201, r.text
    claim, consent_at = r.json(), iso(row["consent_at"])
    assert claim["status"] == "draft" and iso(claim["consent_at"]) == consent_at
    assert iso(claim["submit_due"]) == consent_at + timedelta(days=90)
    assert iso(claim["review_due"]) == consent_at + timedelta(days=120)
    assert rows(p, "eligible")[n["nomination_id"]]["actions"] == ["view_claim"]
    assert requests.get(link, headers=JSON, timeout=10).status_code == 410  # single use


def test_first_consent_wins_and_the_late_accept_is_refused_cleanly(as_user):
    p1, p2 = as_user(partner_id="P-1001"), as_user(partner_id="P-2002")
    tenant, domain = str(uuid.uuid4()), f"c{uid()}.example"
    mine, theirs = nominate(p1, tenant, domain), nominate(p2, tenant, domain)
    (my_link, _), (their_link, _) = ask_consent(p1, mine), ask_consent(p2, theirs)
    assert requests.post(my_link, json={"decision": "accept"}, headers=JSON, timeout=10).status_code == 200

    lost = rows(p2, "ineligible")[theirs["nomination_id"]]
    assert lost["status"] == "lost_to_other_partner" and "another partner" in lost["ineligible_reason"]
    assert theirs["nomination_id"] not in rows(p2, "eligible") and mine["nomination_id"] in rows(p1, "eligible")
    late = requests.post(their_link, json={"decision": "accept"}, headers=JSON, timeout=10)
    assert late.status_code == 409 and late.json()["code"] == "customer_consented_elsewhere"
    page = requests.post(their_link, data={"decision": "accept"}, headers=HTML, timeout=10)
    assert page.status_code == 409 and "another partner" in page.text
    r = p2.post("/claims", json={"nomination_id": theirs["nomination_id"]})
    assert r.status_code == 409 and r.json()["code"] == "consent_missing"


def test_decline_puts_the_row_on_the_ineligible_tab(as_user):
    p = as_user(partner_id="P-2002")
    n = nominate(p)
    link, _ = ask_consent(p, n)
    answer = requests.post(link, data={"decision": "decline"}, headers=HTML, timeout=10)
    assert answer.status_code == 200 and "declined" in answer.text
    row = rows(p, "ineligible")[n["nomination_id"]]
    assert row["status"] == "declined" and row["ineligible_reason"] == "The customer declined consent."
    assert n["nomination_id"] not in rows(p, "eligible")


def test_a_resend_kills_the_previous_link(as_user):
    p = as_user(partner_id="P-1001")
    n = nominate(p)
    first, _ = ask_consent(p, n)
    too_soon = p.post(
        f"/nominations/{n['nomination_id']}/consent-request",
        json={
            "customer_contact": {"name": "Ann Customer", "email": n["customer"]["email"]},
            "partner_contact": {"name": "Pat Partner", "email": p.email},
        },
    )
    assert (too_soon.status_code, too_soon.json()["code"]) == (429, "too_soon") and too_soon.headers["Retry-After"]
    minutes = requests.post(f"{p.base}/local/clock", json={"advance_days": 5 / (24 * 60)}, timeout=10)
    assert minutes.status_code == 200  # a resend waits 5 minutes
    second, _ = ask_consent(p, n)
    assert first != second
    gone = requests.get(first, headers=HTML, timeout=10)
    assert gone.status_code == 410 and "no longer valid" in gone.text
    assert requests.get(second, headers=JSON, timeout=10).json()["partner_name"] == "Contoso Consulting"


@pytest.mark.parametrize(
    "engagement,change,status,code",
    [
        (ENG, {"customer_email": "not-an-email"}, 422, "validation_error"),
        (ENG, {"location_id": None}, 422, "validation_error"),
        ("ENG-NOPE", {}, 404, "engagement_not_found"),
        ("ENG-DATA-ASSESSMENT-2025", {}, 409, "engagement_not_active"),
        ("ENG-COPILOT-ACCELERATOR", {}, 409, "engagement_not_active"),
        (ENG, {"location_id": "L-9999"}, 422, "location_not_found"),
        (ENG, {"location_id": "L-2002"}, 422, "location_not_found"),
        (ENG, {"tenant_id": None}, 422, "tenant_id_required"),
    ],
)
def test_bad_nominations_are_refused_and_add_no_row(as_user, engagement, change, status, code):
    p = as_user(partner_id="P-1001")
    email = f"bad-{uid()}@c{uid()}.example"
    body = {
        k: v
        for k, v in {"location_id": "L-1001", "customer_email": email, "tenant_id": str(uuid.uuid4()), **change}.items()
        if v is not None
    }
    r = p.post(f"/engagements/{engagement}/customers", json=body)
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert r.json()["message"]
    for eid in (ENG, engagement):
        listed = p.get(f"/engagements/{eid}/customers").json()["items"]
        assert all(row["customer"]["email"] != email for row in listed)


def test_another_partners_nomination_is_404(as_user):
    owner, other = as_user(partner_id="P-1001"), as_user(partner_id="P-2002")
    n = nominate(owner)
    r = other.post(
        f"/nominations/{n['nomination_id']}/consent-request",
        json={
            "customer_contact": {"name": "X", "email": "x@x.example"},
            "partner_contact": {"name": "Y", "email": "y@y.example"},
        },
    )
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert outbox(owner.base, "x@x.example") == []
    assert rows(owner, "eligible")[n["nomination_id"]]["actions"] == ["request_consent"]
