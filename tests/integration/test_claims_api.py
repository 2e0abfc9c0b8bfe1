"""The claims function through its real Lambda handler on moto: lists, the claim page, edits, cancel,
history, and the error shape of docs/openapi.json for every kind of bad request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from shared import runtime
from shared.domain.lifecycle import Status
from shared.store.paging import PAGE_SIZE
from tests.support.calls import call, partner, reviewer
from tests.support.catalogue import catalogue_engagement
from tests.support.store import claim_of, save_all, table_items

ADMIN = partner("P-1001", "incentives-admin", "pat@p-1001.example")
USER = partner("P-1001", "incentives-user", "uma@p-1001.example")
OTHER = partner("P-2002", "incentives-admin")
RV = reviewer()
CLAIM_FIELDS = {
    "claim_id",
    "status",
    "engagement_id",
    "nomination_id",
    "customer",
    "consent_at",
    "submit_due",
    "review_due",
    "version",
    "proof",
    "contacts",
    "comments",
    "missing",
    "info_requests",
    "decision",
    "payment",
    "notifications",
}
PROOF = ("findings_report", "invoice", "partner_survey", "customer_survey")


def get(path: str, who: dict | None = ADMIN, **kw):
    return call("claims", "GET", path, claims=who, **kw)


def post(path: str, body: object = None, who: dict | None = ADMIN, **kw):
    return call("claims", "POST", path, claims=who, body=body, **kw)


def patch(claim_id: str, body: object, who: dict | None = ADMIN, **kw):
    return call("claims", "PATCH", f"/claims/{claim_id}", claims=who, body=body, **kw)


def assert_error(reply, status: int, code: str | None = None) -> dict:
    assert reply.status == status, (reply.status, reply.text)
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json
    assert isinstance(body["code"], str) and isinstance(body["message"], str) and body["message"].endswith(".")
    if code:
        assert body["code"] == code, body
    return body


# ---------------------------------------------------------------- engagements
def at(clock, when: datetime) -> None:
    """Put the application clock at a fixed moment (the catalogue's dates are absolute)."""
    clock.offset = timedelta(0)
    clock.offset = when - clock.now()


def test_engagements_with_their_availability(aws, clock):
    at(clock, datetime(2026, 11, 23, 12, tzinfo=UTC))
    reply = get("/engagements")
    assert reply.status == 200 and reply.json["next_token"] is None
    rows = {e["engagement_id"]: e for e in reply.json["items"]}
    assert {
        k: rows[k]["availability"] for k in ("ENG-AI-WORKSHOP", "ENG-DATA-ASSESSMENT-2025", "ENG-COPILOT-ACCELERATOR")
    } == {"ENG-AI-WORKSHOP": "active", "ENG-DATA-ASSESSMENT-2025": "expired", "ENG-COPILOT-ACCELERATOR": "upcoming"}
    ai = rows["ENG-AI-WORKSHOP"]
    assert ai["payout"] == {"amount": "5000.00", "currency": "USD"} and ai["windows"]["submit_days"] == 90
    assert ai["proof_items"] == list(PROOF) and "surveys" not in ai
    at(clock, datetime(2028, 1, 1, 0, 0, 1, tzinfo=UTC))  # the availability follows the application clock
    later = {e["engagement_id"]: e["availability"] for e in get("/engagements", USER).json["items"]}
    assert later["ENG-COPILOT-ACCELERATOR"] == "active" and later["ENG-AI-WORKSHOP"] == "expired"
    assert get("/engagements", RV).status == 200


# ---------------------------------------------------------------- the list
def test_list_claims_filters_by_status_and_engagement(draft_claim):
    mine = [draft_claim()["claim_id"] for _ in range(3)]
    security = draft_claim(engagement_id="ENG-SECURITY-WORKSHOP")["claim_id"]
    theirs = draft_claim("P-2002")["claim_id"]
    assert post(f"/claims/{mine[0]}/cancel").status == 200

    def ids(query: str = "", who: dict = ADMIN) -> set[str]:
        reply = get("/claims", who, query=query)
        assert reply.status == 200 and reply.json["next_token"] is None
        return {c["claim_id"] for c in reply.json["items"]}

    assert ids() == {*mine, security} and theirs not in ids()
    assert ids("status=draft") == {mine[1], mine[2], security}
    assert ids("status=canceled", USER) == {mine[0]}
    assert ids("engagement_id=ENG-SECURITY-WORKSHOP") == {security}
    assert ids("status=draft&engagement_id=ENG-AI-WORKSHOP") == {mine[1], mine[2]}
    assert ids("status=paid") == set() and ids(who=OTHER) == {theirs}
    row = get("/claims").json["items"][0]
    assert CLAIM_FIELDS - {"notifications"} <= set(row)


def test_list_claims_pages_with_an_opaque_next_token(aws):
    total = PAGE_SIZE + 12
    save_all(runtime.store(), [claim_of("P-1001", n) for n in range(total)] + [claim_of("P-2002", 1)])
    seen, token, pages = [], None, 0
    while True:
        reply = get("/claims", query=f"next_token={token}" if token else "")
        assert reply.status == 200
        pages += 1
        seen += [c["claim_id"] for c in reply.json["items"]]
        token = reply.json["next_token"]
        if token is None:
            break
        assert "clm_" not in token and "P-1001" not in token
    assert pages == 2 and len(seen) == len(set(seen)) == total
    assert all(c.startswith("clm_P-1001_") for c in seen)
    first_token = get("/claims").json["next_token"]
    assert_error(get("/claims", OTHER, query=f"next_token={first_token}"), 400, "invalid_next_token")
    assert_error(get("/claims", query="next_token=%21%21garbage"), 400, "invalid_next_token")
    assert_error(get("/claims", query="next_token=" + "a" * 3000), 422, "validation_error")


# ---------------------------------------------------------------- the claim page
def test_claim_page_shape_and_etag(draft_claim):
    claim = draft_claim()
    reply = get(f"/claims/{claim['claim_id']}")
    assert reply.status == 200 and reply.headers["etag"] == '"1"'
    body = reply.json
    assert set(body) >= CLAIM_FIELDS
    assert body["status"] == "draft" and body["version"] == 1 and body["comments"] == ""
    assert set(body["proof"]) == set(PROOF) and body["missing"] == list(PROOF)
    assert body["proof"]["invoice"]["status"] == "missing"
    assert (
        body["proof"]["customer_survey"]["status"] == "not_sent"
        and "token_hash" not in body["proof"]["customer_survey"]
    )
    assert body["contacts"]["customer"]["email"] == body["customer"]["email"]
    assert body["contacts"]["partner"][0]["name"] == "Pat Partner"
    assert body["info_requests"] == [] and body["decision"] is None and body["payment"] is None
    assert body["notifications"] == []
    consent = body["consent_at"]
    assert body["submit_due"] > consent and body["review_due"] > body["submit_due"]
    assert "payout" in body and "payout" not in get(f"/claims/{claim['claim_id']}", USER).json  # admin only


def test_another_partners_claim_is_404_like_an_unknown_one(draft_claim, consented_nomination):
    """Not a 403, and not a different 404 either: the body says nothing about whether the claim exists."""
    claim_id, unknown = draft_claim("P-2002")["claim_id"], "clm_0000000000000000000000"
    nomination_id = consented_nomination("P-2002").nomination_id
    before = table_items(runtime.store())
    for suffix in ("", "/history"):
        foreign, missing = get(f"/claims/{claim_id}{suffix}"), get(f"/claims/{unknown}{suffix}")
        assert_error(foreign, 404, "not_found")
        assert foreign.text == missing.text
    for action in ("cancel", "submit"):
        assert post(f"/claims/{claim_id}/{action}").text == post(f"/claims/{unknown}/{action}").text
    assert patch(claim_id, {"comments": "mine"}).text == patch(unknown, {"comments": "mine"}).text
    assert (
        post("/claims", {"nomination_id": nomination_id}).text
        == post("/claims", {"nomination_id": "nom_0000000000000000000000"}).text
    )
    assert table_items(runtime.store()) == before
    assert get(f"/claims/{claim_id}", OTHER).status == 200


# ---------------------------------------------------------------- edits
def test_patch_with_if_match(draft_claim):
    claim_id = draft_claim()["claim_id"]
    first = patch(claim_id, {"comments": "first"}, headers={"If-Match": '"1"'})
    assert first.status == 200 and first.json["comments"] == "first" and first.headers["etag"] == '"2"'
    unconditional = patch(claim_id, {"comments": "second"})
    assert unconditional.status == 200 and unconditional.json["version"] == 3
    before = table_items(runtime.store())
    for stale in ('"1"', 'W/"2"', "2", '"not-a-version"'):
        assert_error(patch(claim_id, {"comments": "lost"}, headers={"If-Match": stale}), 412, "precondition_failed")
    assert table_items(runtime.store()) == before
    assert get(f"/claims/{claim_id}").json["comments"] == "second"
    contacts = patch(
        claim_id,
        {
            "partner_contacts": [{"name": "Sam", "email": "Sam@Contoso.EXAMPLE"}],
            "customer_contact": {"name": "Robin", "email": "robin@customer.example", "locale": "nl"},
        },
        headers={"If-Match": 'W/"3"'},
    )
    assert contacts.status == 200
    assert contacts.json["contacts"]["partner"] == [{"name": "Sam", "email": "Sam@contoso.example", "locale": "en"}]
    assert contacts.json["contacts"]["customer"]["locale"] == "nl"


def test_a_customer_contact_off_the_customers_domains_needs_a_reason_which_reviewers_see(draft_claim):
    """The customer survey speaks for the customer too (docs/product.md): a partner's own mailbox needs a reason."""
    claim_id = draft_claim()["claim_id"]
    own_mailbox = {"name": "Me", "email": "me@contoso.example"}
    before = table_items(runtime.store())
    refused = assert_error(patch(claim_id, {"customer_contact": own_mailbox}), 422, "contact_reason_required")
    assert "me@contoso.example" in refused["message"] and table_items(runtime.store()) == before
    reason = "The customer's buyer asked us to collect the answers."
    changed = patch(claim_id, {"customer_contact": own_mailbox, "contact_reason": reason})
    assert changed.status == 200 and changed.json["contacts"]["customer"]["email"] == "me@contoso.example"
    event = get(f"/claims/{claim_id}/history").json["items"][-1]
    assert event["details"]["contact_reason"] == reason
    back = patch(claim_id, {"customer_contact": {"name": "Casey", "email": "casey@customer.example"}})
    assert back.status == 200 and runtime.store().claim(claim_id).contact_reason is None


def test_if_match_star_matches_any_current_version(draft_claim):
    """RFC 9110 §13.1.1: `*` matches whatever version the claim has now."""
    claim_id = draft_claim()["claim_id"]
    patch(claim_id, {"comments": "first"})
    star = patch(claim_id, {"comments": "second"}, headers={"If-Match": "*"})
    assert star.status == 200 and star.json["comments"] == "second" and star.headers["etag"] == '"3"'


def test_a_patch_that_changes_nothing_writes_nothing(draft_claim):
    claim_id = draft_claim()["claim_id"]
    changed = patch(claim_id, {"comments": "Workshop held on 3 May."})
    before = table_items(runtime.store())
    same = patch(
        claim_id,
        {"comments": "Workshop held on 3 May.", "customer_contact": changed.json["contacts"]["customer"]},
        headers={"If-Match": '"2"'},
    )
    assert same.status == 200 and same.json["version"] == 2 and same.headers["etag"] == '"2"'
    assert table_items(runtime.store()) == before  # no new version, no history event
    assert [e["action"] for e in get(f"/claims/{claim_id}/history").json["items"]].count("claim_updated") == 1


def test_cancel_then_cancel_again_is_409_with_the_status(draft_claim):
    claim_id = draft_claim()["claim_id"]
    canceled = post(f"/claims/{claim_id}/cancel", who=USER)
    assert canceled.status == 200 and canceled.json["status"] == "canceled" and canceled.json["version"] == 2
    before = table_items(runtime.store())
    again = assert_error(post(f"/claims/{claim_id}/cancel"), 409, "invalid_transition")
    assert again["current_status"] == "canceled" and "canceled" in again["message"]
    assert_error(patch(claim_id, {"comments": "late"}), 409, "claim_not_editable")
    assert table_items(runtime.store()) == before


def test_history_oldest_first_with_the_actor(draft_claim):
    claim_id = draft_claim()["claim_id"]
    patch(claim_id, {"comments": "hello"}, who=USER)
    post(f"/claims/{claim_id}/cancel")
    reply = get(f"/claims/{claim_id}/history", USER)
    assert reply.status == 200 and reply.json["next_token"] is None
    items = reply.json["items"]
    assert [e["action"] for e in items] == ["claim_opened", "claim_updated", "canceled"]
    assert [e["seq"] for e in items] == [1, 2, 3] and items[0]["at"] <= items[1]["at"] <= items[2]["at"]
    assert items[1]["actor"] == {"sub": "uma@p-1001.example", "email": "uma@p-1001.example", "role": "incentives-user"}
    assert items[2]["actor"] == {"sub": "pat@p-1001.example", "email": "pat@p-1001.example", "role": "incentives-admin"}
    assert items[2]["details"]["from_status"] == "draft" and items[2]["details"]["to_status"] == "canceled"
    assert get(f"/claims/{claim_id}/history", RV).json["items"] == items  # reviewers read every history


def test_open_claim_rules(consented_nomination):
    nomination = consented_nomination()
    opened = post("/claims", {"nomination_id": nomination.nomination_id})
    assert opened.status == 201 and opened.json["status"] == "draft"
    again = assert_error(post("/claims", {"nomination_id": nomination.nomination_id}), 409, "claim_exists")
    assert again["claim_id"] == opened.json["claim_id"]
    assert_error(post("/claims", {"nomination_id": nomination.nomination_id}, OTHER), 404, "not_found")
    assert_error(post("/claims", {"nomination_id": "nom_unknown"}), 404, "not_found")


def test_a_claim_keeps_the_terms_its_customer_was_nominated_under(consented_nomination):
    """The catalogue may change while a customer consents and a claim runs: the claim is paid, timed and
    surveyed on the terms of the nomination, never on today's catalogue."""
    nomination = consented_nomination()
    store = runtime.store()
    changed = catalogue_engagement(nomination.engagement_id).model_dump(mode="json")
    changed["payout"] = {"amount": "1.00", "currency": "EUR"}
    changed["windows"]["submit_days"] = 7
    changed["surveys"]["customer"] = [{"id": "new", "type": "text", "text": {"en": "New?", "nl": "Nieuw?"}}]
    store.seed([("engagements", changed)])

    claim = post("/claims", {"nomination_id": nomination.nomination_id}).json
    assert claim["payout"] == nomination.terms.payout.model_dump(mode="json")
    assert datetime.fromisoformat(claim["submit_due"]) == nomination.consent_at + timedelta(days=90)
    sent = call("surveys", "POST", f"/claims/{claim['claim_id']}/surveys/customer/send", claims=ADMIN)
    assert sent.status == 202, sent.text
    token = store.token(next(iter(store.claim(claim["claim_id"]).proof.customer_survey.token_hashes)))
    assert [q["id"] for q in token["questions"]] == [q.id for q in nomination.terms.surveys["customer"]] != ["new"]


def test_submit_lists_what_is_missing_and_replays_with_an_idempotency_key(draft_claim, ready_claim):
    incomplete = draft_claim()["claim_id"]
    body = assert_error(post(f"/claims/{incomplete}/submit"), 422, "claim_incomplete")
    assert sorted(body["missing"]) == sorted(PROOF)
    claim_id = ready_claim()
    key = {"Idempotency-Key": "submit-1"}
    first = post(f"/claims/{claim_id}/submit", headers=key)
    assert first.status == 200 and first.json["status"] == "submitted"
    replay = post(f"/claims/{claim_id}/submit", headers=key)
    assert replay.status == 200 and replay.json == first.json
    assert_error(post(f"/claims/{claim_id}/submit"), 409, "invalid_transition")
    assert_error(post(f"/claims/{incomplete}/submit", headers=key), 422, "idempotency_key_reused")


# ---------------------------------------------------------------- the error shape
def test_no_token_is_401_and_a_wrong_role_is_403(draft_claim):
    claim_id = draft_claim()["claim_id"]
    for path in ("/claims", "/engagements", f"/claims/{claim_id}"):
        assert_error(get(path, None), 401, "unauthorized")
    assert_error(post(f"/claims/{claim_id}/cancel", body="{not json", who=None), 401)  # auth before parsing
    assert_error(get("/claims", RV), 403, "forbidden")
    assert_error(get(f"/claims/{claim_id}", RV), 403, "forbidden")
    assert_error(get("/payments", USER), 403, "forbidden")
    assert get("/payments").status == 200
    no_partner = {**ADMIN, "custom:partner_id": ""}
    assert_error(get("/claims", no_partner), 403, "forbidden")
    assert_error(get("/claims", {**ADMIN, "cognito:groups": "[guests]"}), 403, "forbidden")


def test_malformed_and_mistyped_bodies(draft_claim):
    claim_id = draft_claim()["claim_id"]
    before = table_items(runtime.store())
    for raw, status, code in (
        (b"{not json", 400, "invalid_json"),
        (b'{"comments": "x"', 400, "invalid_json"),
        (b"   ", 400, "invalid_json"),
        (b"", 422, "validation_error"),
        (b"null", 422, "validation_error"),
    ):
        assert_error(call("claims", "PATCH", f"/claims/{claim_id}", claims=ADMIN, raw_body=raw), status, code)
    mistyped = assert_error(
        patch(claim_id, {"comments": 42, "customer_contact": {"name": "", "email": "nope"}}), 422, "validation_error"
    )
    locs = [tuple(d["loc"]) for d in mistyped["details"]]
    assert ("body", "comments") in locs and ("body", "customer_contact", "email") in locs
    assert all(isinstance(d["msg"], str) and d["msg"] and isinstance(d["type"], str) for d in mistyped["details"])
    assert_error(patch(claim_id, {"unknown_field": 1}), 422, "validation_error")
    assert_error(patch(claim_id, ["comments"]), 422, "validation_error")
    assert_error(post("/claims", {"nomination_id": None}), 422, "validation_error")
    assert_error(
        call("claims", "PATCH", f"/claims/{claim_id}", claims=ADMIN, raw_body=b'{"comments": "\xff"}'),
        400,
        "invalid_encoding",
    )
    form = call(
        "claims",
        "PATCH",
        f"/claims/{claim_id}",
        claims=ADMIN,
        raw_body=b"comments=hi",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(form, 415, "unsupported_media_type")
    assert table_items(runtime.store()) == before


def test_unknown_query_values_are_422(aws):
    body = assert_error(get("/claims", query="status=bogus"), 422, "validation_error")
    assert body["details"][0]["loc"] == ["query", "status"]
    assert_error(get("/notifications", query="unread=perhaps"), 422, "validation_error")
    assert get("/claims", query="status=draft&unknown=1").status == 200  # unknown parameters are ignored


def test_every_status_value_is_accepted_as_a_filter(aws):
    for status in Status:
        assert get("/claims", query=f"status={status.value}").status == 200


def test_unknown_routes_and_wrong_methods_in_the_handler(aws):
    event_path: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/claims/c1/nothing",
        "rawQueryString": "",
        "headers": {},
        "isBase64Encoded": False,
        "requestContext": {"http": {"method": "GET", "path": "/claims/c1/nothing"}, "stage": "$default"},
    }
    from functions.claims.app import handler
    from infra.local.runner import LocalContext

    result = handler(event_path, LocalContext("claims", "r1"))
    assert result["statusCode"] == 404
    event_path["requestContext"]["http"] = {"method": "DELETE", "path": "/claims/c1"}
    event_path["rawPath"] = "/claims/c1"
    assert handler(event_path, LocalContext("claims", "r2"))["statusCode"] == 405


@pytest.fixture(scope="module")
def dispatcher():
    from infra.local.runner import Runner

    return Runner(port=0, moto_port=1, schedule_seconds=0)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/nothing-here", 404, "not_found"),
        ("GET", "/claims/c1/unknown", 404, "not_found"),
        ("DELETE", "/claims/c1", 405, "method_not_allowed"),
        ("PUT", "/engagements", 405, "method_not_allowed"),
        ("GET", "/claims/c1/cancel", 405, "method_not_allowed"),
        ("GET", "/claims", 401, "unauthorized"),
    ],
)
def test_the_runner_answers_unknown_routes_and_wrong_methods_as_json(dispatcher, method, path, status, code):
    request = Request(EnvironBuilder(method=method, path=path).get_environ())
    got_status, headers, body = dispatcher.dispatch(request)
    assert (got_status, headers["Content-Type"]) == (status, "application/json")
    import json

    assert json.loads(body)["code"] == code
