"""The local runner's demo (README.md, infra/local/demo.py): the users the sign-in page lists, tokens for
every role, and a lived-in program after start and every reset — customers on every tab, claims in every
status, on tenants of their own, with the emails those steps sent linking into the web app."""

from __future__ import annotations

import pytest
import requests

from infra.local.demo import CUSTOMERS
from infra.local.resources import DEMO_SEED
from tests.support.runner import Client, outbox, wait_for_mail

pytestmark = pytest.mark.e2e

STATUSES = {
    "draft",
    "submitted",
    "under_review",
    "action_required",
    "approved",
    "paid",
    "rejected",
    "disputed",
    "rejected_final",
    "expired",
    "canceled",
}
ENGAGEMENTS = ("ENG-AI-WORKSHOP", "ENG-SECURITY-WORKSHOP")


@pytest.fixture(scope="module")
def seeded(runner):
    """The demo as a newcomer meets it: reset (other tests move the clock and run the job)."""
    reply = requests.post(f"{runner}/local/reset", timeout=120)
    assert reply.status_code == 200
    return runner


def users(base: str) -> list[dict]:
    reply = requests.get(f"{base}/local/users", timeout=30)
    assert reply.status_code == 200
    return reply.json()["items"]


def sign_in(base: str, email: str) -> Client:
    user = next(u for u in users(base) if u["email"] == email)
    return Client(base, user["email"], user["role"], user["partner_id"])


def all_items(client: Client, path: str, **params) -> list[dict]:
    items, token = [], None
    while True:
        reply = client.get(path, params={**params, **({"next_token": token} if token else {})})
        assert reply.status_code == 200, reply.text
        items += reply.json()["items"]
        if not (token := reply.json()["next_token"]):
            return items


def tab(client: Client, engagement: str, name: str) -> list[dict]:
    return all_items(client, f"/engagements/{engagement}/customers", tab=name)


# ---------------------------------------------------------------- users and tokens
def test_the_sign_in_page_lists_each_partners_admin_and_user_two_reviewers_and_a_program_admin(seeded):
    listed = users(seeded)
    assert all(set(u) == {"email", "name", "role", "partner_id", "partner_name"} for u in listed)
    by_role = {(u["role"], u["partner_id"]) for u in listed}
    for partner in ("P-1001", "P-2002"):
        assert {("incentives-admin", partner), ("incentives-user", partner)} <= by_role
    assert sum(u["role"] == "reviewer" for u in listed) == 2  # a dispute is decided by another reviewer
    assert ("program-admin", None) in by_role
    names = {u["partner_id"]: u["partner_name"] for u in listed}
    assert names == {"P-1001": "Contoso Consulting", "P-2002": "Fabrikam Partners", None: None}
    assert len({u["email"] for u in listed}) == len(listed)


def test_every_demo_user_signs_in_and_reaches_their_pages(seeded):
    for user in users(seeded):
        client = Client(seeded, user["email"], user["role"], user["partner_id"])
        assert client.get("/labels").status_code == 200
        if user["partner_id"]:
            assert client.get("/claims").status_code == 200
            assert client.get("/payments").status_code == (200 if user["role"] == "incentives-admin" else 403)
        elif user["role"] == "reviewer":
            assert client.get("/review/claims").status_code == 200
        else:  # program staff do no claim work
            assert {client.get(p).status_code for p in ("/claims", "/review/claims", "/engagements")} == {403}


def test_program_admin_tokens_need_no_partner_and_partner_tokens_do(seeded):
    mint = lambda body: requests.post(f"{seeded}/local/tokens", json=body, timeout=30)  # noqa: E731
    assert mint({"email": "olga@program.example", "role": "program-admin"}).status_code == 201
    with_partner = mint({"email": "olga@program.example", "role": "program-admin", "partner_id": "P-1001"})
    token = with_partner.json()["token"]  # program staff never carry a partner id
    assert requests.get(f"{seeded}/claims", headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 403
    refused = mint({"email": "pat@contoso.example", "role": "incentives-user"})
    assert refused.status_code == 422 and "partner_id" in refused.json()["message"]
    assert mint({"email": "x@y.example", "role": "root"}).status_code == 422


# ---------------------------------------------------------------- the lived-in program
def test_every_tab_of_the_customers_page_has_customers(seeded):
    pat = sign_in(seeded, "pat@contoso.example")
    eligible = tab(pat, "ENG-AI-WORKSHOP", "eligible")
    kinds = {(r["type"], tuple(r["actions"])) for r in eligible}
    assert {
        ("not started", ("request_consent",)),
        ("not started", ("resend_consent",)),
        ("active", ("open_claim",)),
        ("active", ("view_claim",)),
    } <= kinds
    assert all(r["days_left"] >= 1 for r in eligible if r["type"] == "not started")
    ineligible = tab(pat, "ENG-AI-WORKSHOP", "ineligible")
    assert {"declined", "consent_expired", "lost_to_other_partner"} <= {r["status"] for r in ineligible}
    assert {"expired", "canceled", "rejected_final"} <= {r["claim_status"] for r in ineligible}
    assert all(r["ineligible_reason"] for r in ineligible)
    completed = tab(pat, "ENG-AI-WORKSHOP", "completed")
    assert {r["claim_status"] for r in completed} == {"approved", "paid"}
    assert tab(pat, "ENG-SECURITY-WORKSHOP", "eligible")  # the second engagement is in use too
    fay = sign_in(seeded, "fay@fabrikam.example")
    assert {r["type"] for r in tab(fay, "ENG-AI-WORKSHOP", "eligible")} == {"not started", "active"}


def test_claims_in_every_status_with_deadlines_that_make_sense(seeded):
    pat = sign_in(seeded, "pat@contoso.example")
    claims = all_items(pat, "/claims")
    assert {c["status"] for c in claims} == STATUSES
    drafts = [c for c in claims if c["status"] == "draft"]
    assert any(0 < len(c["missing"]) < 4 for c in drafts)  # some proof done, some to do
    clock = requests.get(f"{seeded}/local/clock", timeout=30).json()
    assert clock["offset_days"] == 0  # the seed leaves the application clock on the real time
    assert all(c["submit_due"] > clock["now"] for c in drafts)  # a newcomer can still finish every draft
    action = next(c for c in claims if c["status"] == "action_required")
    assert action["review_due"] > clock["now"] and action["info_requests"][0]["reason_code"] == "invoice_mismatch"
    rejected = next(c for c in claims if c["status"] == "rejected")
    assert rejected["decision"]["reason_code"] == "insufficient_proof"  # still open to a dispute
    final = pat.get(f"/claims/{next(c['claim_id'] for c in claims if c['status'] == 'rejected_final')}/history")
    deciders = {e["actor"]["email"] for e in final.json()["items"] if e["action"] in ("rejected", "rejected_final")}
    assert len(deciders) == 2  # four eyes: the dispute was decided by the other reviewer
    paid = next(c for c in claims if c["status"] == "paid")
    assert paid["payment"]["remittance_ref"] and paid["payment"]["status"] == "paid"
    assert {p["status"] for p in all_items(pat, "/payments")} == {"scheduled", "paid"}


def test_the_review_queue_has_work_waiting(seeded):
    rita = sign_in(seeded, "rita@program.example")
    for status in ("submitted", "under_review", "disputed"):
        assert all_items(rita, "/review/claims", status=status), status


def test_seeded_customers_use_tenants_of_their_own(seeded):
    """The directory's demo domains stay free: a newcomer's first nomination of one just works."""
    import json

    demo_directory = json.loads(DEMO_SEED.read_text())["tenants"]
    reserved = {d for t in demo_directory for d in t["domains"]} | {t["tenant_id"] for t in demo_directory}
    seeded_tenants = {c.tenant_id for c in CUSTOMERS.values()}
    for email in ("pat@contoso.example", "fay@fabrikam.example"):
        client = sign_in(seeded, email)
        for engagement in ENGAGEMENTS:
            for name in ("eligible", "ineligible", "completed"):
                for row in tab(client, engagement, name):
                    assert row["customer"]["tenant_id"] in seeded_tenants, row
                    assert row["customer"]["email"].rpartition("@")[2] not in reserved
                    assert row["customer"]["tenant_id"] not in reserved


def test_the_seed_emails_link_into_the_app(seeded):
    app = f"{seeded}/app"
    pat = sign_in(seeded, "pat@contoso.example")
    claims = all_items(pat, "/claims")
    asked = next(c for c in claims if c["status"] == "action_required")
    [mail] = wait_for_mail(seeded, "pat@contoso.example", lambda m: asked["claim_id"] in m["text"])
    assert f"{app}/claims/{asked['claim_id']}" in mail["links"]
    [expired] = wait_for_mail(seeded, "pat@contoso.example", lambda m: "consent request expired" in m["subject"])
    assert f"{app}/engagements/ENG-AI-WORKSHOP/customers?tab=ineligible" in expired["links"]
    [reminder] = wait_for_mail(seeded, "sam@contoso.example", lambda m: "Herinnering: dien uw claim" in m["subject"])
    assert "Nog niet compleet:" in reminder["text"] and any(x.startswith(f"{app}/claims/") for x in reminder["links"])
    assert not any("Partner Center" in m["text"] for m in outbox(seeded))


def test_a_seeded_consent_link_waits_for_the_customer(seeded):
    """A newcomer can play the customer: the consent request sent to Proseware is in the outbox, live."""
    customer = CUSTOMERS["proseware"]
    [mail] = outbox(seeded, customer.email)
    link = next(x for x in mail["links"] if "/public/consent/" in x)
    page = requests.get(link, headers={"Accept": "application/json"}, timeout=30)
    assert page.status_code == 200 and page.json()["partner_name"] == "Contoso Consulting"
