"""The local runner as a client meets it: the OpenAPI document (its /docs page: test_api_docs.py), tokens and
the authorizer's 401s, the application clock, reset, and the first reads of a signed-in partner."""

from __future__ import annotations

import importlib.util
import uuid
from datetime import timedelta

import pytest
import requests

from infra.local.demo import CUSTOMERS, users
from infra.local.runner import Tokens
from shared.api.routes import ROUTES

pytestmark = pytest.mark.e2e


def built(function: str) -> bool:
    return importlib.util.find_spec(f"functions.{function}.app") is not None


def test_openapi_document_lists_every_route_of_the_table(runner):
    reply = requests.get(f"{runner}/openapi.json", timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("application/json")
    doc = reply.json()
    assert doc["openapi"].startswith("3.1") and doc["info"]["title"] and doc["info"]["version"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert {"code", "message"} <= set(doc["components"]["schemas"]["Error"]["properties"])
    expected = [r for r in ROUTES if built(r.function)]
    assert any(r.function == "claims" for r in expected)
    for route in expected:
        operation = doc["paths"].get(route.path, {}).get(route.method.lower())
        assert operation is not None, f"{route.method} {route.path} is not documented"
        assert operation["summary"] == route.summary
        assert operation["x-roles"] == sorted(route.roles)
        assert operation["security"] == ([] if route.public else [{"bearer": []}])
        assert {"404", "422"} | ({"410"} if route.public else {"401", "403"}) <= set(operation["responses"])
    documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    assert documented == {(r.method, r.path) for r in expected}  # nothing beyond the table


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "a@b.example"},
        {"email": "a@b.example", "role": "admin"},
        {"email": "no-at-sign", "role": "reviewer"},
        {"email": "a@b.example", "role": "incentives-admin"},
        ["not", "an", "object"],
    ],
)
def test_local_tokens_refuses_bad_bodies(runner, body):
    reply = requests.post(f"{runner}/local/tokens", json=body, timeout=30)
    assert reply.status_code in (400, 422) and reply.json()["code"] in ("validation_error", "invalid_json")


def test_local_tokens_mints_a_token_the_api_accepts(runner):
    reply = requests.post(
        f"{runner}/local/tokens",
        json={"email": "pat@contoso.example", "role": "incentives-user", "partner_id": "P-1001"},
        timeout=30,
    )
    assert reply.status_code == 201
    token = reply.json()["token"]
    assert requests.get(f"{runner}/claims", headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 200
    assert requests.post(f"{runner}/local/tokens", data="{nope", timeout=30).status_code == 400


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer not.a.jwt",
        "Basic dXNlcjpwYXNz",
        "Bearer " + Tokens().mint("pat@contoso.example", "incentives-admin", "P-1001"),  # another key's signature
    ],
)
def test_no_or_bad_token_is_401(runner, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    for path in ("/claims", "/engagements", f"/claims/clm_{uuid.uuid4().hex}"):
        reply = requests.get(runner + path, headers=headers, timeout=30)
        assert reply.status_code == 401 and reply.json()["code"] == "unauthorized"


def test_the_authorizer_checks_expiry_issuer_audience_and_signature():
    """In process: the runner's signing key never leaves it, so expired tokens are minted here."""
    import jwt

    tokens = Tokens()
    good = tokens.mint("pat@contoso.example", "incentives-admin", "P-1001")
    claims = tokens.verify(f"Bearer {good}")
    assert claims is not None
    assert claims["cognito:groups"] == "[incentives-admin]" and claims["custom:partner_id"] == "P-1001"
    assert claims["email"] == "pat@contoso.example" and claims["exp"].isdigit()
    assert (
        tokens.verify(f"Bearer {tokens.mint('pat@contoso.example', 'reviewer', None, ttl=timedelta(seconds=-5))}")
        is None
    )
    payload = jwt.decode(good, options={"verify_signature": False})
    key = tokens._key  # the same key, other claims: only issuer/audience differ
    for changed in ({"iss": "https://evil.example"}, {"aud": "someone-else"}):
        assert tokens.verify("Bearer " + jwt.encode({**payload, **changed}, key, algorithm="RS256")) is None
    unsigned = jwt.encode(payload, "", algorithm="none")  # alg "none": PyJWT takes "" for no key
    assert tokens.verify(f"Bearer {unsigned}") is None
    assert tokens.verify(f"Bearer {good[:-4]}AAAA") is None
    assert tokens.verify(good) is None  # no "Bearer " scheme


def test_reads_of_a_signed_in_partner(runner, as_user):
    pat = as_user("incentives-admin", "P-1001")
    engagements = pat.get("/engagements")
    assert engagements.status_code == 200
    rows = engagements.json()["items"]
    assert any(e["availability"] == "active" for e in rows)
    assert {"engagement_id", "name", "solution_area", "payout", "windows", "proof_items"} <= set(rows[0])
    claims = pat.get("/claims")
    assert claims.status_code == 200 and set(claims.json()) == {"items", "next_token"}
    assert as_user("reviewer").get("/claims").status_code == 403
    assert pat.get("/claims", params={"status": "nope"}).status_code == 422
    assert pat.get("/claims/clm_unknown").json()["code"] == "not_found"
    assert pat.request("DELETE", "/claims/clm_unknown").status_code == 405
    assert pat.get("/nothing").status_code == 404


def test_clock_moves_the_application_and_reset_empties_the_data(runner, as_user):
    """One test on purpose: reset is also what brings the clock back for the tests after this one."""
    pat = as_user("incentives-admin", "P-1001")
    engagement = next(
        e["engagement_id"] for e in pat.get("/engagements").json()["items"] if e["availability"] == "active"
    )
    email = f"casey@c{uuid.uuid4().hex[:8]}.example.com"
    added = pat.post(
        f"/engagements/{engagement}/customers",
        json={"location_id": "L-1001", "customer_email": email, "tenant_id": str(uuid.uuid4())},
    )
    assert added.status_code == 201

    def row() -> dict | None:
        items = pat.get(f"/engagements/{engagement}/customers", params={"tab": "eligible"}).json()["items"]
        return next((r for r in items if r["customer"]["email"] == email), None)

    listed = row()
    assert listed is not None, email
    days_left = listed["days_left"]
    before = requests.get(f"{runner}/local/clock", timeout=30).json()
    for bad in ({"advance_days": -1}, {"advance_days": "1"}, {"advance_days": True}, {}):
        assert requests.post(f"{runner}/local/clock", json=bad, timeout=30).status_code == 422
    moved = requests.post(f"{runner}/local/clock", json={"advance_days": 10.5}, timeout=30)
    assert moved.status_code == 200
    assert moved.json()["offset_days"] == pytest.approx(before["offset_days"] + 10.5)
    listed = row()
    assert listed is not None
    assert listed["days_left"] in (days_left - 10, days_left - 11)  # whole days left, 10.5 days later

    reset = requests.post(f"{runner}/local/reset", timeout=60)
    assert reset.status_code == 200 and reset.json()["reset"] is True
    assert requests.get(f"{runner}/local/clock", timeout=30).json()["offset_days"] == 0
    assert row() is None
    # the outbox is emptied too: what it holds now is the demo seed's own mail (infra/local/demo.py)
    people, domains = {u["email"] for u in users()}, {c.domain for c in CUSTOMERS.values()}
    for mail in requests.get(f"{runner}/local/outbox", timeout=30).json()["items"]:
        for to in mail["to"]:
            address = str(to).rpartition("<")[2].rstrip(">")
            assert address in people or address.rpartition("@")[2] in domains, to
    assert any(e["availability"] == "active" for e in pat.get("/engagements").json()["items"])  # re-seeded
