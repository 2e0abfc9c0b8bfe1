"""Who is calling (JWT authorizer claims → Principal), role and partner checks, and the route table."""

from __future__ import annotations

from collections import Counter

import pytest

from shared.api.auth import (
    ADMIN,
    ALL_ROLES,
    EVERY_ROLE,
    PARTNER_ROLES,
    PROGRAM_ADMIN,
    REVIEWER,
    USER,
    Principal,
    parse_groups,
    principal_from_event,
)
from shared.api.routes import FUNCTIONS, ROUTES, find, lookup, routes_of
from shared.errors import Forbidden, NotFound, Unauthorized

# docs/openapi.json, written out by hand: (method, path, roles or "public").
P, R, PA = PARTNER_ROLES, frozenset({REVIEWER}), frozenset({PROGRAM_ADMIN})
DESIGNED = {
    ("GET", "/engagements"): P,
    ("GET", "/labels"): EVERY_ROLE,  # the words of the codes: anyone signed in, program admins too
    ("GET", "/engagements/{engagement_id}/customers"): P,
    ("POST", "/engagements/{engagement_id}/customers"): P,
    ("POST", "/nominations/{nomination_id}/consent-request"): P,
    ("POST", "/claims"): P,
    ("GET", "/claims"): P,
    ("GET", "/claims/{claim_id}"): P,
    ("PATCH", "/claims/{claim_id}"): P,
    ("POST", "/claims/{claim_id}/cancel"): P,
    ("POST", "/claims/{claim_id}/evidence/{kind}/upload"): P,
    ("GET", "/claims/{claim_id}/evidence/{kind}"): P,
    ("POST", "/claims/{claim_id}/surveys/{kind}/send"): P,
    ("POST", "/claims/{claim_id}/surveys/partner/response"): P,
    ("POST", "/claims/{claim_id}/submit"): P,
    ("POST", "/claims/{claim_id}/dispute"): P,
    ("GET", "/claims/{claim_id}/history"): P,
    ("GET", "/notifications"): P,
    ("POST", "/notifications/{notification_id}/read"): P,
    ("GET", "/payments"): frozenset({ADMIN}),
    ("GET", "/review/claims"): R,
    ("GET", "/review/claims/{claim_id}"): R,
    ("POST", "/review/claims/{claim_id}/start"): R,
    ("POST", "/review/claims/{claim_id}/request-info"): R,
    ("POST", "/review/claims/{claim_id}/reject"): R,
    ("POST", "/review/claims/{claim_id}/approve"): R,
    ("POST", "/review/claims/{claim_id}/paid"): R,
    ("GET", "/public/consent/{token}"): "public",
    ("POST", "/public/consent/{token}"): "public",
    ("GET", "/public/surveys/{token}"): "public",
    ("POST", "/public/surveys/{token}"): "public",
    # docs/product.md: the reference data, program admins only; a partner reads its own locations
    ("GET", "/program/partners"): PA,
    ("POST", "/program/partners"): PA,
    ("GET", "/program/locations"): PA,
    ("POST", "/program/locations"): PA,
    ("GET", "/program/tenants"): PA,
    ("POST", "/program/tenants"): PA,
    ("GET", "/program/engagements"): PA,
    ("POST", "/program/engagements"): PA,
    ("PATCH", "/program/engagements/{engagement_id}"): PA,
    ("POST", "/program/imports/{kind}"): PA,
    ("GET", "/program/exports/{kind}"): PA,
    ("GET", "/program/audit"): PA,
    ("GET", "/locations"): P,
}


def event(claims: dict | None) -> dict:
    context = {"authorizer": {"jwt": {"claims": claims, "scopes": None}}} if claims is not None else {}
    return {"version": "2.0", "requestContext": context}


# ---------------------------------------------------------------- principal
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["reviewer"], {REVIEWER}),
        (("incentives-admin", "reviewer"), {ADMIN, REVIEWER}),
        ("[incentives-admin]", {ADMIN}),
        ("[incentives-admin incentives-user]", {ADMIN, USER}),
        ("incentives-user", {USER}),
        # a group whose name merely contains a role's name grants nothing
        ("incentives-admin,reviewer", {"incentives-admin,reviewer"}),
        ("[x,reviewer]", {"x,reviewer"}),
        ("[reviewer-trainees incentives-user]", {"reviewer-trainees", USER}),
        ("[reviewer]x", {"[reviewer]x"}),
        ("", set()),
        ("[]", set()),
        (None, set()),
        (42, set()),
        ({"a": 1}, set()),
    ],
)
def test_parse_groups_forms(value, expected):
    assert parse_groups(value) == frozenset(expected)


def test_principal_from_the_http_api_authorizer_claims():
    who = principal_from_event(
        event(
            {
                "sub": "abc",
                "email": "pat@contoso.example",
                "cognito:groups": "[incentives-user]",
                "custom:partner_id": "P-1001",
                "exp": "1900000000",
            }
        )
    )
    assert who == Principal(subject="abc", email="pat@contoso.example", groups=frozenset({USER}), partner_id="P-1001")
    assert who.role == USER and who.actor() == {"sub": "abc", "email": "pat@contoso.example", "role": USER}
    assert not who.sees_payment_details and not who.is_reviewer


@pytest.mark.parametrize(
    "evt",
    [
        {},
        {"requestContext": None},
        {"requestContext": {"authorizer": None}},
        {"requestContext": {"authorizer": {"jwt": None}}},
        event({}),
        event(None),
    ],
)
def test_no_claims_is_401(evt):
    with pytest.raises(Unauthorized) as refused:
        principal_from_event(evt)
    assert refused.value.status == 401 and refused.value.code == "unauthorized"


def test_an_empty_partner_id_is_no_partner():
    who = principal_from_event(event({"sub": "x", "cognito:groups": "[incentives-admin]", "custom:partner_id": ""}))
    assert who.partner_id is None
    with pytest.raises(Forbidden):
        who.require_any(PARTNER_ROLES)


def test_strongest_role_is_recorded():
    def role(*groups: str) -> str:
        return Principal("s", "e@x.example", frozenset(groups), "P-1").role

    assert role(USER, ADMIN) == ADMIN and role(ADMIN, REVIEWER) == REVIEWER and role("other") == "none"
    assert role(PROGRAM_ADMIN) == PROGRAM_ADMIN


def test_a_program_admin_may_use_only_the_program_routes_and_those_open_to_every_role():
    """Program staff keep the reference data (docs/product.md): no claim work, neither a partner's nor a reviewer's;
    and nobody else may touch the reference data."""
    admin = Principal("s", "olga@program.example", frozenset({PROGRAM_ADMIN}), None)
    assert not admin.is_reviewer and not admin.sees_payment_details
    for route in ROUTES:
        if route.public:
            continue
        if route.roles in (EVERY_ROLE, PA):
            admin.require_any(route.roles)
            assert route.roles == EVERY_ROLE or route.path.startswith("/program/")
        else:
            with pytest.raises(Forbidden):
                admin.require_any(route.roles)


def test_only_admins_and_reviewers_see_payment_details():
    seen = {g: Principal("s", "e", frozenset({g}), "P-1").sees_payment_details for g in ALL_ROLES}
    assert seen == {ADMIN: True, REVIEWER: True, USER: False}


def test_require_any():
    admin = Principal("s", "e", frozenset({ADMIN}), "P-1")
    admin.require_any(PARTNER_ROLES)
    admin.require_any(ALL_ROLES)
    for roles in (frozenset({REVIEWER}), frozenset()):
        with pytest.raises(Forbidden) as refused:
            admin.require_any(roles)
        assert refused.value.status == 403
    with pytest.raises(Forbidden):
        Principal("s", "e", frozenset({USER}), "P-1").require_any(frozenset({ADMIN}))
    Principal("s", "e", frozenset({REVIEWER}), None).require_any(frozenset({REVIEWER}))
    with pytest.raises(Forbidden):
        Principal("s", "e", frozenset({"someone-else"}), "P-1").require_any(ALL_ROLES)


def test_owns_hides_another_partners_resource_as_404():
    pat = Principal("s", "e", frozenset({USER}), "P-1001")
    pat.owns("P-1001")
    with pytest.raises(NotFound) as refused:
        pat.owns("P-2002", "claim")
    assert (refused.value.status, refused.value.message) == (404, "No claim with this id.")  # as if unknown
    Principal("s", "e", frozenset({REVIEWER}), None).owns("P-2002")  # reviewers see every partner


# ---------------------------------------------------------------- route table
def test_every_designed_route_is_in_the_table_with_its_roles():
    table = {(r.method, r.path): ("public" if r.public else r.roles) for r in ROUTES}
    for key, roles in DESIGNED.items():
        assert key in table, key
        if key[1] in ("/engagements", "/claims/{claim_id}/history", "/claims/{claim_id}/evidence/{kind}"):
            assert table[key] == ALL_ROLES, key  # reviewers read these too (shared with their review)
        else:
            assert table[key] == roles, key
    assert set(table) == set(DESIGNED)


def test_method_and_path_are_unique_and_well_formed():
    pairs = Counter((r.method, r.path) for r in ROUTES)
    assert max(pairs.values()) == 1
    for r in ROUTES:
        assert r.method in ("GET", "POST", "PATCH", "PUT", "DELETE")
        assert r.path.startswith("/") and not r.path.endswith("/") and r.summary
        assert r.function in FUNCTIONS
        assert r.public == r.path.startswith("/public/")
        if r.public:
            assert r.roles == frozenset()
        else:
            assert r.roles and r.roles <= EVERY_ROLE
    assert {r.function for r in ROUTES} == set(FUNCTIONS) - {"expiry", "notifier"}
    assert sum(len(routes_of(f)) for f in FUNCTIONS) == len(ROUTES)


def test_no_two_routes_match_the_same_concrete_path():
    for r in ROUTES:
        concrete = r.path.replace("{", "").replace("}", "")
        matches = [o for o in ROUTES if o.method == r.method and o.pattern.match(concrete)]
        assert matches[0] is r, (r.path, [o.path for o in matches])


def test_find_returns_the_route_and_its_parameters():
    route, params, exists = find("GET", "/claims/clm_123")
    assert route is not None and (route.path, params, exists) == ("/claims/{claim_id}", {"claim_id": "clm_123"}, True)
    route, params, _ = find("POST", "/claims/c1/evidence/invoice/upload")
    assert route is not None and route.function == "evidence" and params == {"claim_id": "c1", "kind": "invoice"}
    route, params, _ = find("POST", "/claims/c1/surveys/partner/response")
    assert route is not None and route.summary.startswith("Answer the partner survey")
    route = find("GET", "/public/consent/abc")[0]
    assert route is not None and route.public


@pytest.mark.parametrize(
    ("method", "path", "exists"),
    [
        ("DELETE", "/claims/c1", True),
        ("PUT", "/engagements", True),
        ("GET", "/claims/c1/cancel", True),
        ("GET", "/nope", False),
        ("GET", "/claims/c1/", False),
        ("GET", "/claims//history", False),
        ("GET", "/claims/a/b", False),
        ("GET", "", False),
    ],
)
def test_find_detects_wrong_methods_and_unknown_paths(method, path, exists):
    assert find(method, path) == (None, {}, exists)


def test_lookup_is_exact():
    assert lookup("GET", "/claims/{claim_id}").function == "claims"
    with pytest.raises(LookupError):
        lookup("GET", "/claims/clm_1")
    assert lookup("GET", "/review/claims").powertools_path == "/review/claims"
    assert lookup("POST", "/review/claims/{claim_id}/approve").powertools_path == "/review/claims/<claim_id>/approve"
