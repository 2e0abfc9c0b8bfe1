"""Customers function on moto: nominations, the customers page tabs, consent requests by email, the
public consent page, and first-consent-wins (including a real race between two accepts)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import pytest
from moto.dynamodb.models import DynamoDBBackend

from shared import runtime
from shared.ids import hash_token
from tests.support.calls import JSON, call, partner
from tests.support.customers import (
    CUSTOMERS,
    ENG,
    P1,
    answer,
    consent_token,
    link_token,
    nominate,
    request_consent,
    tab,
)
from tests.support.expiry import run_job
from tests.support.recorded import sent, table

FORM = {"content-type": "application/x-www-form-urlencoded", "accept": "text/html"}
P2 = partner("P-2002")
TENANT_DUP, TENANT_WON = "0ce9e1b4-0000-4000-8000-00000000d0b1", "0ce9e1b4-0000-4000-8000-000000000e11"


# ---------------------------------------------------------------- nomination
def test_nomination_writes_the_row_the_roster_entry_and_the_consent_due_entries(aws):
    r = call(
        "customers",
        "POST",
        CUSTOMERS,
        claims=P1,
        body={"location_id": "L-1001", "customer_email": "Ann@Northwind.example", "customer_name": "Northwind"},
    )
    assert r.status == 201, r.text
    row = r.json
    assert row["status"] == "awaiting_consent" and row["type"] == "not started" and row["tab"] == "eligible"
    assert row["customer"]["tenant_id"] == "7f1c2b8e-1111-4c3a-9a51-0f0e6c1a2b01"  # from the tenant directory
    assert row["actions"] == ["request_consent"] and row["days_left"] == 30
    store = runtime.store()
    n = store.nomination(row["nomination_id"])
    assert n.partner_name == "Contoso Consulting" and n.consent_due - n.created_at == timedelta(days=30)
    roster = store.tenant_roster(ENG, n.tenant_id)
    assert [(i["SK"], i.get("nomination_id"), i.get("version")) for i in roster] == [
        ("NOMINEE#P-1001", n.nomination_id, None),
        ("ROSTER", None, 1),
    ]  # one nominee, roster version 1
    due = {
        (e["job"], e["due_at"])
        for d in (7, 1, 0)
        for e in store.due_entries((n.consent_due - timedelta(days=d)).date(), n.consent_due, 50)
        if e["ref"] == n.nomination_id
    }
    assert due == {
        ("consent_expiry", n.consent_due.isoformat()),
        ("consent_reminder_7", (n.consent_due - timedelta(days=7)).isoformat()),
        ("consent_reminder_1", (n.consent_due - timedelta(days=1)).isoformat()),
    }
    assert row["nomination_id"] in tab(P1, "eligible") and row["nomination_id"] not in tab(P2, "eligible")


def test_a_tenant_id_contradicting_the_directory_needs_a_reason(aws):
    body = {
        "location_id": "L-1001",
        "customer_email": "bo@northwind.example",
        "tenant_id": "0ce9e1b4-0000-4000-8000-00000000beef",
    }
    before = table()
    r = call("customers", "POST", CUSTOMERS, claims=P1, body=body)
    assert (r.status, r.json["code"]) == (422, "mismatch_reason_required") and table() == before
    r = call("customers", "POST", CUSTOMERS, claims=P1, body={**body, "mismatch_reason": "Subsidiary tenant."})
    assert r.status == 201 and r.json["customer"]["tenant_id"] == "0ce9e1b4-0000-4000-8000-00000000beef"


def _restricted_location():
    runtime.store().seed(
        [
            (
                "locations",
                {
                    "location_id": "L-1001-B",
                    "partner_id": "P-1001",
                    "country": "NL",
                    "engagement_ids": ["ENG-SECURITY-WORKSHOP"],
                },
            )
        ]
    )


BAD_NOMINATIONS = [
    ("bad email", ENG, {"customer_email": "not-an-email"}, 422, "validation_error"),
    ("missing location", ENG, {"location_id": None}, 422, "validation_error"),
    ("unknown field", ENG, {"colour": "blue"}, 422, "validation_error"),
    ("tenant id not a GUID", ENG, {"tenant_id": "contoso"}, 422, "validation_error"),
    ("unknown engagement", "ENG-NOPE", {}, 404, "engagement_not_found"),
    ("expired engagement", "ENG-DATA-ASSESSMENT-2025", {}, 409, "engagement_not_active"),
    ("upcoming engagement", "ENG-COPILOT-ACCELERATOR", {}, 409, "engagement_not_active"),
    ("unknown location", ENG, {"location_id": "L-9999"}, 422, "location_not_found"),
    ("another partner's location", ENG, {"location_id": "L-2002"}, 422, "location_not_found"),
    ("location not eligible", ENG, {"location_id": "L-1001-B"}, 422, "location_not_eligible"),
    ("unknown domain, no tenant", ENG, {"tenant_id": None}, 422, "tenant_id_required"),
]


@pytest.mark.parametrize("case,engagement,change,status,code", BAD_NOMINATIONS, ids=[c[0] for c in BAD_NOMINATIONS])
def test_bad_nominations_are_refused_and_write_nothing(aws, case, engagement, change, status, code):
    _restricted_location()
    body = {
        "location_id": "L-1001",
        "customer_email": f"x@c{uuid.uuid4().hex[:8]}.example",
        "tenant_id": str(uuid.uuid4()),
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}
    before = table()
    r = call("customers", "POST", f"/engagements/{engagement}/customers", claims=P1, body=body)
    assert (r.status, r.json["code"]) == (status, code), r.text
    assert r.json["message"].endswith(".") and table() == before
    if case == "bad email":
        assert any("customer_email" in d["loc"] for d in r.json["details"])
    if case == "tenant id not a GUID":
        assert any("tenant_id" in d["loc"] for d in r.json["details"])
    if code == "tenant_id_required":
        assert "tenant_id" in r.json["message"]


def test_malformed_json_and_form_bodies_are_refused(aws):
    before = table()
    r = call("customers", "POST", CUSTOMERS, claims=P1, raw_body=b'{"location_id": ')
    assert (r.status, r.json["code"]) == (400, "invalid_json")
    r = call(
        "customers",
        "POST",
        CUSTOMERS,
        claims=P1,
        raw_body=b"location_id=L-1001",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status == 415 and table() == before


def test_one_nomination_per_partner_and_tenant(aws):
    first = nominate(tenant=TENANT_DUP)
    before = table()
    r = call(
        "customers",
        "POST",
        CUSTOMERS,
        claims=P1,
        body={"location_id": "L-1001", "tenant_id": TENANT_DUP, "customer_email": "other@x-dup.example"},
    )
    assert (r.status, r.json["code"]) == (409, "already_nominated") and table() == before
    assert nominate(P2, "L-2002", tenant=TENANT_DUP)["nomination_id"] != first["nomination_id"]


def test_tab_must_be_one_of_the_three(aws):
    r = call("customers", "GET", CUSTOMERS, claims=P1, query="tab=everything")
    assert (r.status, r.json["code"]) == (422, "validation_error")
    assert call("customers", "GET", CUSTOMERS, claims=P1).json == {"items": [], "next_token": None}


def test_reviewers_may_not_use_the_customers_page(aws):
    reviewer = {"sub": "rv", "email": "rv@program.example", "cognito:groups": "[reviewer]"}
    assert call("customers", "GET", CUSTOMERS, claims=reviewer).status == 403
    assert call("customers", "GET", CUSTOMERS).status == 401


# ---------------------------------------------------------------- consent request
# ---------------------------------------------------------------- the customer speaks for the customer
def test_a_consent_contact_off_the_customers_domains_needs_a_reason_and_is_flagged(aws):
    """A partner cannot quietly send the consent link to its own mailbox and accept for the customer."""
    n = nominate(customer_email="ann@northwind.example", tenant="7f1c2b8e-1111-4c3a-9a51-0f0e6c1a2b01")
    before = table()
    r = request_consent(n["nomination_id"], email_to="me@contoso.example")
    assert (r.status, r.json["code"]) == (422, "contact_reason_required"), r.text
    assert "me@contoso.example" in r.json["message"] and r.json["domains"] == ["northwind.example"]
    assert table() == before and sent() == []
    r = request_consent(
        n["nomination_id"], email_to="me@contoso.example", contact_reason="Northwind's IT is run by us under contract."
    )
    assert r.status == 202, r.text
    assert r.json["contact_reason"] == "Northwind's IT is run by us under contract."
    [flag] = r.json["risk_flags"]
    assert flag["code"] == "contact_off_domain" and "me@contoso.example" in flag["message"]
    assert tab(P1, "eligible")[n["nomination_id"]]["risk_flags"] == [flag]


@pytest.mark.parametrize("address", ["it@northwind.example", "cfo@northwind-group.example"])
def test_a_consent_contact_on_the_customers_domains_needs_no_reason(aws, address):
    """The nominated email's domain, and any other domain the tenant directory lists for the tenant."""
    tenant = str(uuid.uuid4())
    runtime.store().seed([("tenants", {"tenant_id": tenant, "domains": ["northwind-group.example"]})])
    n = nominate(customer_email="ann@northwind.example", tenant=tenant, mismatch_reason="A group company.")
    r = request_consent(n["nomination_id"], email_to=address)
    assert r.status == 202 and r.json["risk_flags"] == [] and r.json["contact_reason"] is None, r.text


def test_consent_request_emails_a_hashed_single_link_and_a_resend_rotates_it(aws):
    n = nominate(customer_email="ann@northwind.example", tenant="7f1c2b8e-1111-4c3a-9a51-0f0e6c1a2b01")
    r = request_consent(n["nomination_id"], locale="en")
    assert r.status == 202 and r.json["actions"] == ["resend_consent"] and r.json["consent_requested_at"]
    first = sent()[-1]
    assert first["to"] == "Ann Customer <ann@northwind.example>"
    assert "Contoso Consulting" in first["subject"] and "AI Business Value Workshop" in first["subject"]
    token = link_token(first)
    assert f'href="http://claims.test/public/consent/{token}"' in first["html"]
    assert token not in json.dumps(table()) and hash_token(token) in json.dumps(table())  # stored hashed only

    runtime.clock.offset += timedelta(minutes=5)  # a resend waits 5 minutes (test_consent_requests_are_throttled)
    assert request_consent(n["nomination_id"]).status == 202
    new_token = link_token(sent()[-1])
    assert new_token != token
    assert call("customers", "GET", f"/public/consent/{token}", headers=JSON).status == 410
    assert call("customers", "GET", f"/public/consent/{new_token}", headers=JSON).status == 200
    stored = runtime.store().nomination(n["nomination_id"])
    assert stored.consent_request_count == 2 and stored.customer_contact.email == "ann@northwind.example"


def test_consent_requests_are_throttled_so_no_mailbox_can_be_flooded(aws):
    n = nominate()
    assert request_consent(n["nomination_id"]).status == 202
    before, mails = table(), len(sent())
    again = request_consent(n["nomination_id"])
    assert (again.status, again.json["code"]) == (429, "too_soon") and 295 <= int(again.headers["retry-after"]) <= 300
    assert (table(), len(sent())) == (before, mails)  # refused before anything is sent or written
    runtime.clock.offset += timedelta(minutes=5)
    assert request_consent(n["nomination_id"]).status == 202
    runtime.clock.offset = timedelta(0)
    start = runtime.clock.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    runtime.clock.offset = start - runtime.clock.now()  # a fresh UTC day: five more, then none until tomorrow
    for _ in range(5):
        assert request_consent(n["nomination_id"]).status == 202
        runtime.clock.offset += timedelta(minutes=6)
    capped = request_consent(n["nomination_id"])
    assert (capped.status, capped.json["code"]) == (429, "too_many_sends")
    until_tomorrow = (start + timedelta(days=1) - runtime.clock.now()).total_seconds()
    assert abs(int(capped.headers["retry-after"]) - until_tomorrow) < 5


def test_consent_email_in_dutch(aws):
    n = nominate()
    token = consent_token(n["nomination_id"], locale="nl")
    message = sent()[-1]
    due = runtime.store().nomination(n["nomination_id"]).consent_due
    assert message["subject"].startswith("Contoso Consulting vraagt uw toestemming")
    for part in (message["text"], message["html"]):
        assert "Beste Ann Customer" in part and "AI Business Value Workshop" in part
        assert f"{due.day} december {due.year}" in part and f"/public/consent/{token}" in part
    page = call("customers", "GET", f"/public/consent/{token}", headers={"accept": "text/html"})
    assert page.status == 200 and '<html lang="nl">' in page.text and "Akkoord" in page.text


@pytest.mark.parametrize(
    ("locale", "frame"),
    [
        (
            "en",
            (
                "Workshop Claims: the partner incentive program",
                "On behalf of Contoso Consulting",
                "Questions? Ask Pat Partner at Contoso Consulting:",
                "Privacy: your answer is used only",
            ),
        ),
        (
            "nl",
            (
                "Workshop Claims: het partnerstimuleringsprogramma",
                "Namens Contoso Consulting",
                "Vragen? Neem contact op met Pat Partner van Contoso Consulting:",
                "Privacy: uw antwoord",
            ),
        ),
    ],
)
def test_the_consent_page_names_the_program_the_partner_whom_to_ask_and_what_happens_to_the_answer(aws, locale, frame):
    token = consent_token(nominate()["nomination_id"], locale=locale)
    for page in (
        call("customers", "GET", f"/public/consent/{token}", headers={"accept": "text/html"}),
        answer(token, headers={"accept": "text/html"}),
    ):
        assert page.status == 200 and all(line in page.text for line in frame), page.text
        assert '<a href="mailto:pat@contoso.example">pat@contoso.example</a>' in page.text


def test_a_dead_link_answers_in_its_own_language_whatever_the_browser_says(aws):
    n = nominate()
    old = consent_token(n["nomination_id"], locale="nl")
    runtime.clock.offset += timedelta(minutes=5)  # a resend waits 5 minutes
    try:
        consent_token(n["nomination_id"], locale="nl")  # rotates the link
    finally:
        runtime.clock.offset = timedelta(0)
    english_browser = {"accept": "text/html", "accept-language": "en-GB,en;q=0.9"}
    page = call("customers", "GET", f"/public/consent/{old}", headers=english_browser)
    assert page.status == 410 and '<html lang="nl">' in page.text and "Deze link is niet meer geldig" in page.text
    unknown = call("customers", "GET", f"/public/consent/{'x' * 43}", headers=english_browser)
    assert unknown.status == 410 and "This link is no longer valid" in unknown.text  # no row: the browser's


def test_an_email_ses_refuses_is_marked_failed_and_can_be_sent_again_at_once(aws, monkeypatch):
    """The link is stored before its email leaves (outbox): a refused email shows `failed`, its link is the
    stored one, and the partner may resend without waiting (a failed send is not throttled or counted)."""
    n = nominate()
    monkeypatch.setenv("SENDER_EMAIL", "unverified@claims.example.com")  # SES refuses an unverified sender
    runtime.settings.cache_clear()
    r = request_consent(n["nomination_id"])
    assert (r.status, r.json["code"]) == (503, "email_failed") and r.headers.get("retry-after")
    assert "send it again" in r.json["message"] and sent() == []
    failed = runtime.store().nomination(n["nomination_id"])
    assert failed.consent_email_status == "failed" and failed.consent_sends_today == 0
    assert tab(P1, "eligible")[n["nomination_id"]]["consent_email_status"] == "failed"
    monkeypatch.undo()
    runtime.settings.cache_clear()
    again = request_consent(n["nomination_id"])  # the same minute: not too soon after a failed email
    assert again.status == 202 and again.json["consent_email_status"] == "sent", again.text
    assert call("customers", "GET", f"/public/consent/{link_token(sent()[-1])}", headers=JSON).status == 200
    assert runtime.store().nomination(n["nomination_id"]).consent_sends_today == 1


def test_the_link_is_stored_before_the_email_leaves(aws):
    """Every link a customer receives is already stored (the email is sent after the commit)."""
    n = nominate()
    r = request_consent(n["nomination_id"])
    assert r.status == 202 and r.json["consent_email_status"] == "sent", r.text
    token = link_token(sent()[-1])
    assert runtime.store().token(hash_token(token))["nomination_id"] == n["nomination_id"]


@pytest.mark.parametrize("case", ["unknown", "another partner's", "invalid body"])
def test_consent_request_refusals_write_nothing(aws, case):
    n = nominate()
    before = table()
    if case == "invalid body":
        r = call(
            "customers",
            "POST",
            f"/nominations/{n['nomination_id']}/consent-request",
            claims=P1,
            body={"customer_contact": {"name": "Ann", "email": "nope"}},
        )
        assert (r.status, r.json["code"]) == (422, "validation_error")
    else:
        r = request_consent(
            "nom_missing" if case == "unknown" else n["nomination_id"], who=P2, email_to="ann@northwind.example"
        )
        assert r.status == 404
    assert table() == before and sent() == []


# ---------------------------------------------------------------- the public page
def test_accept_through_the_html_form_then_the_link_is_spent(aws):
    n = nominate()
    token = consent_token(n["nomination_id"])
    page = call("customers", "GET", f"/public/consent/{token}", headers={"accept": "text/html"})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert '<form method="post">' in page.text and 'value="accept"' in page.text and "<script" not in page.text
    r = call("customers", "POST", f"/public/consent/{token}", headers=FORM, raw_body=b"decision=accept")
    assert r.status == 200 and "consent is recorded" in r.text
    row = tab(P1, "eligible")[n["nomination_id"]]
    assert (row["status"], row["type"], row["actions"]) == ("consented", "active", ["open_claim"])
    lock = runtime.store().tenant_roster(ENG, n["customer"]["tenant_id"])
    assert [i["nomination_id"] for i in lock if i["type"] == "consent_lock"] == [n["nomination_id"]]
    # the very same answer again (a double click, back + resubmit) is told it was recorded; nothing changes
    again = call("customers", "POST", f"/public/consent/{token}", headers=FORM, raw_body=b"decision=accept")
    assert again.status == 200 and "Your answer was already recorded" in again.text
    assert runtime.store().nomination(n["nomination_id"]).version == 3
    other = call("customers", "POST", f"/public/consent/{token}", headers=FORM, raw_body=b"decision=decline")
    assert other.status == 410 and "no longer valid" in other.text  # anything else: the link is spent
    assert call("customers", "GET", f"/public/consent/{token}", headers=JSON).json["code"] == "link_gone"


def test_a_json_answer_with_a_field_the_page_does_not_take_is_refused_and_the_form_is_not(aws):
    """API clients post strict JSON, like every other body (a 39-digit number in an unknown field was a 400
    the document did not allow); a browser's form may carry a field of its own (its button's name)."""
    token = consent_token(nominate()["nomination_id"])
    before = table()
    r = call(
        "customers", "POST", f"/public/consent/{token}", headers=JSON, body={"decision": "accept", "note": "yes please"}
    )
    assert (r.status, r.json["code"]) == (422, "validation_error") and "note" in r.json["message"]
    assert table() == before
    r = call("customers", "POST", f"/public/consent/{token}", headers=FORM, raw_body=b"decision=accept&send=Send")
    assert r.status == 200 and "recorded" in r.text


def test_accept_as_json_answers_only_the_decision(aws):
    n = nominate()
    token = consent_token(n["nomination_id"])
    facts = call("customers", "GET", f"/public/consent/{token}", headers=JSON).json
    assert facts["engagement_name"] == "AI Business Value Workshop" and facts["partner_name"] == "Contoso Consulting"
    assert facts["decisions"] == ["accept", "decline"] and "customer_email" not in json.dumps(facts)
    r = answer(token)
    assert r.status == 200 and r.json == {
        "decision": "accept",
        "nomination_id": n["nomination_id"],
        "status": "consented",
        "already_recorded": False,
    }
    assert answer(token).json["already_recorded"] is True
    claim = call("claims", "POST", "/claims", claims=P1, body={"nomination_id": n["nomination_id"]})
    consent_at = runtime.store().nomination(n["nomination_id"]).consent_at
    assert claim.status == 201 and claim.json["status"] == "draft"
    assert claim.json["submit_due"].replace("Z", "+00:00") == (consent_at + timedelta(days=90)).isoformat()
    assert tab(P1, "eligible")[n["nomination_id"]]["actions"] == ["view_claim"]


def test_decline_moves_the_row_to_ineligible(aws):
    n = nominate()
    token = consent_token(n["nomination_id"])
    r = answer(token, "decline")
    assert r.status == 200 and r.json["status"] == "declined"
    row = tab(P1, "ineligible")[n["nomination_id"]]
    assert row["ineligible_reason"] == "The customer declined consent." and row["actions"] == []
    assert n["nomination_id"] not in tab(P1, "eligible")
    assert answer(token).status == 410
    r = request_consent(n["nomination_id"])
    assert (r.status, r.json["code"]) == (409, "consent_not_awaited")
    # a tenant that declined was never consented: another partner may still win it
    other = nominate(P2, "L-2002", tenant=n["customer"]["tenant_id"])
    assert answer(consent_token(other["nomination_id"], P2)).status == 200


@pytest.mark.parametrize("body,headers", [({"decision": "maybe"}, JSON), ({}, JSON), (None, FORM)])
def test_bad_answers_are_422_and_spend_nothing(aws, body, headers):
    token = consent_token(nominate()["nomination_id"])
    before = table()
    r = call(
        "customers",
        "POST",
        f"/public/consent/{token}",
        headers=headers,
        body=body,
        raw_body=b"decision=perhaps" if body is None else None,
    )
    assert (r.status, r.json["code"]) == (422, "validation_error") and table() == before


def test_unknown_and_expired_links_are_410(aws, clock):
    unknown = call("customers", "GET", "/public/consent/nope", headers={"accept-language": "nl-NL,nl;q=0.9"})
    assert unknown.status == 410 and "niet meer geldig" in unknown.text
    token = consent_token(nominate()["nomination_id"])
    clock.offset += timedelta(days=30, seconds=1)
    r = call("customers", "GET", f"/public/consent/{token}", headers={"accept": "text/html"})
    assert r.status == 410 and "no longer valid" in r.text
    assert answer(token).json["code"] == "link_gone"


# ---------------------------------------------------------------- first consent wins
def test_first_consent_wins_and_the_other_partner_is_refused_cleanly(aws):
    tenant = str(uuid.uuid4())
    mine, theirs = nominate(P1, tenant=tenant), nominate(P2, "L-2002", tenant=tenant)
    my_token, their_token = consent_token(mine["nomination_id"]), consent_token(theirs["nomination_id"], P2)
    assert answer(my_token).status == 200

    row = tab(P2, "ineligible")[theirs["nomination_id"]]
    assert row["status"] == "lost_to_other_partner" and "another partner" in row["ineligible_reason"]
    assert theirs["nomination_id"] not in tab(P2, "eligible") and mine["nomination_id"] in tab(P1, "eligible")
    before = table()
    late = answer(their_token)
    assert (late.status, late.json["code"]) == (409, "customer_consented_elsewhere") and late.json["message"]
    page = call("customers", "GET", f"/public/consent/{their_token}", headers={"accept": "text/html"})
    assert page.status == 409 and "another partner" in page.text and "<form" not in page.text
    assert table() == before
    r = call("claims", "POST", "/claims", claims=P2, body={"nomination_id": theirs["nomination_id"]})
    assert (r.status, r.json["code"]) == (409, "consent_missing")
    r = call(
        "customers",
        "POST",
        CUSTOMERS,
        claims=partner("P-2002"),
        body={"location_id": "L-2002", "tenant_id": tenant, "customer_email": "new@late.example"},
    )
    assert r.status == 409  # already nominated; a third partner would get customer_consented_elsewhere


def test_a_new_nomination_of_a_consented_tenant_is_refused(aws):
    runtime.store().seed(
        [
            ("partners", {"partner_id": "P-3003", "name": "Tailspin Advisors", "currency": "EUR"}),
            ("locations", {"location_id": "L-3003", "partner_id": "P-3003", "country": "NL", "engagement_ids": ["*"]}),
        ]
    )
    n = nominate(tenant=TENANT_WON)
    answer(consent_token(n["nomination_id"]))
    before = table()
    r = call(
        "customers",
        "POST",
        CUSTOMERS,
        claims=partner("P-3003"),
        body={"location_id": "L-3003", "tenant_id": TENANT_WON, "customer_email": "c@won.example"},
    )
    assert (r.status, r.json["code"]) == (409, "customer_consented_elsewhere") and table() == before


def notes(who: dict) -> list[dict]:
    r = call("claims", "GET", "/notifications", claims=who)
    assert r.status == 200, r.text
    return r.json["items"]


def test_partners_are_told_when_the_customer_accepts_declines_or_consents_elsewhere(aws):
    """docs/product.md: a notification on the customers page (and its email to the partner contact) each time."""
    tenant = str(uuid.uuid4())
    mine, theirs = nominate(tenant=tenant), nominate(P2, "L-2002", tenant=tenant)
    rival_token = consent_token(theirs["nomination_id"], P2)  # P2's partner contact will hear it lost
    answer(consent_token(mine["nomination_id"]))
    [accepted] = [n for n in notes(P1) if n["kind"] == "consent_accepted"]
    assert accepted["claim_id"] is None and "consented" in accepted["message"]
    [lost] = [n for n in notes(P2) if n["kind"] == "lost_to_other_partner"]
    assert "another partner" in lost["message"]
    assert call("customers", "GET", f"/public/consent/{rival_token}", headers=JSON).status == 409
    other = nominate()
    answer(consent_token(other["nomination_id"]), "decline")
    assert [n["kind"] for n in notes(P1)].count("consent_declined") == 1
    row = runtime.store().notification([n for n in notes(P1) if n["kind"] == "consent_declined"][0]["notification_id"])
    assert row["email_to"] == [{"name": "Pat Partner", "email": "pat@contoso.example", "locale": "en"}]


# ---------------------------------------------------------------- nominating again after a lost consent
def renominate(tenant: str, who: dict = P1, location: str = "L-1001"):
    return call(
        "customers",
        "POST",
        CUSTOMERS,
        claims=who,
        body={
            "location_id": location,
            "tenant_id": tenant,
            "customer_email": f"ann-{uuid.uuid4().hex[:6]}@again.example",
        },
    )


def lose_consent(how: str, nomination_id: str) -> None:
    if how == "declined":
        answer(consent_token(nomination_id), "decline")
    else:  # the consent window passed and the scheduled job expired it
        runtime.clock.offset += timedelta(days=31)
        run_job()
    assert runtime.store().nomination(nomination_id).status.value == (
        "declined" if how == "declined" else "consent_expired"
    )


@pytest.mark.parametrize("how", ["declined", "expired"])
def test_after_a_lost_consent_the_same_partner_nominates_again_and_the_customer_can_consent(aws, how):
    tenant = str(uuid.uuid4())
    first = nominate(tenant=tenant)
    lose_consent(how, first["nomination_id"])
    again = renominate(tenant)
    assert again.status == 201, again.text
    assert again.json["nomination_id"] != first["nomination_id"] and again.json["days_left"] == 30
    assert answer(consent_token(again.json["nomination_id"])).json["status"] == "consented"
    assert tab(P1, "ineligible")[first["nomination_id"]]["status"] == (
        "declined" if how == "declined" else "consent_expired"
    )


def test_after_canceling_its_claim_the_partner_nominates_again_and_only_it_may(aws):
    tenant = str(uuid.uuid4())
    first = nominate(tenant=tenant)
    answer(consent_token(first["nomination_id"]))
    claim = call("claims", "POST", "/claims", claims=P1, body={"nomination_id": first["nomination_id"]}).json
    assert call("claims", "POST", f"/claims/{claim['claim_id']}/cancel", claims=P1).status == 200
    reopened = call("claims", "POST", "/claims", claims=P1, body={"nomination_id": first["nomination_id"]})
    assert (reopened.status, reopened.json["code"]) == (409, "claim_canceled")
    assert "nominate" in reopened.json["message"]
    assert (renominate(tenant, P2, "L-2002").json["code"]) == "customer_consented_elsewhere"  # still locked
    again = renominate(tenant)
    assert again.status == 201, again.text
    assert answer(consent_token(again.json["nomination_id"])).json["status"] == "consented"  # the lock moves on
    opened = call("claims", "POST", "/claims", claims=P1, body={"nomination_id": again.json["nomination_id"]})
    assert opened.status == 201, opened.text
    assert runtime.store().tenant_roster(ENG, tenant)[0]["nomination_id"] == again.json["nomination_id"]


@pytest.mark.parametrize(
    "state, code, words",
    [
        ("awaiting consent", "already_nominated", "awaits the customer's consent until"),
        ("consented", "already_consented", "open its claim"),
        ("claim open", "claim_exists", "'draft'"),
    ],
)
def test_nominating_again_is_refused_while_the_first_try_is_alive_saying_which_case(aws, state, code, words):
    tenant = str(uuid.uuid4())
    first = nominate(tenant=tenant)
    if state != "awaiting consent":
        answer(consent_token(first["nomination_id"]))
    if state == "claim open":
        opened = call("claims", "POST", "/claims", claims=P1, body={"nomination_id": first["nomination_id"]})
        assert opened.status == 201, opened.text
    before = table()
    r = renominate(tenant)
    assert (r.status, r.json["code"]) == (409, code) and words in r.json["message"], r.text
    assert table() == before


def racing_transactions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the next two transactions meet (both answers have read everything first), then commit one
    at a time as DynamoDB does (moto's in-process transactions are not atomic across threads)."""
    original, lock, barrier = DynamoDBBackend.transact_write_items, threading.Lock(), threading.Barrier(2)
    calls = iter(range(10**6))

    def transact(self, items):
        if next(calls) < 2:
            barrier.wait(timeout=10)
        with lock:
            return original(self, items)

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", transact)


def _race(tokens: list[str]) -> list[str]:
    from shared.errors import AppError
    from shared.services import customers as service

    results: list[str] = [""] * len(tokens)

    def accept(i: int) -> None:
        try:
            _, _, again = service.answer_consent(runtime.store(), tokens[i], "accept", runtime.clock.now())
            results[i] = "already_recorded" if again else "accepted"
        except AppError as exc:
            results[i] = exc.code

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_partners_accepting_at_once_exactly_one_wins(aws, monkeypatch):
    tenant = str(uuid.uuid4())
    a, b = nominate(P1, tenant=tenant), nominate(P2, "L-2002", tenant=tenant)
    tokens = [consent_token(a["nomination_id"]), consent_token(b["nomination_id"], P2)]
    racing_transactions(monkeypatch)
    results = _race(tokens)
    assert sorted(results) == ["accepted", "customer_consented_elsewhere"], results
    store = runtime.store()
    winner, loser = (a, b) if results[0] == "accepted" else (b, a)
    locks = [i for i in store.tenant_roster(ENG, tenant) if i["type"] == "consent_lock"]
    assert [lk["nomination_id"] for lk in locks] == [winner["nomination_id"]]
    assert store.nomination(winner["nomination_id"]).status.value == "consented"
    assert store.nomination(loser["nomination_id"]).status.value == "lost_to_other_partner"
    assert store.token(hash_token(tokens[results.index("accepted")]))["outcome"] == "answered"  # spent


def test_the_same_link_accepted_twice_at_once_is_answered_once(aws, monkeypatch):
    token = consent_token(nominate()["nomination_id"])
    racing_transactions(monkeypatch)
    results = _race([token, token])
    assert sorted(results) == ["accepted", "already_recorded"], results  # the loser is told it is recorded
