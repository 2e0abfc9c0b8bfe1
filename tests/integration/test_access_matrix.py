"""Access matrix generated from the route table: every non-public route × {no claims, wrong role, another
partner's resource, the right caller with its resource in a state it can act on} → 401 / 403 / 404 / 2xx,
never a 500, and every refusal with `code` and `message`. (An expired token never reaches a function: the
API's JWT authorizer refuses it.)

One moto per module (the routes only need fresh ids each, not a fresh table), so the file stays fast."""

from __future__ import annotations

from collections import defaultdict

import pytest

from shared.api.auth import ADMIN, EVERY_ROLE, PROGRAM_ADMIN, REVIEWER, USER
from shared.api.routes import ROUTES, Route
from tests.support.aws import mocked_aws
from tests.support.calls import partner, program_admin, reviewer
from tests.support.routes import right_caller, route_ids, send_route

OWNED = ("claim_id", "nomination_id", "notification_id")  # path params another partner must not see
PRIVATE = [r for r in ROUTES if not r.public]


@pytest.fixture(scope="module")
def moto_env():
    with mocked_aws() as resources:
        yield resources


def _wrong_role(route: Route) -> dict:
    if REVIEWER not in route.roles:
        return reviewer()
    return partner("P-1001", USER if USER not in route.roles else ADMIN)


@pytest.mark.parametrize("route", PRIVATE, ids=lambda r: f"{r.method} {r.path}")
def test_every_route_refuses_strangers_and_serves_its_caller(moto_env, route):
    ids = route_ids(route)
    assert send_route(route, None, ids).status == 401
    if not route.roles >= {REVIEWER, ADMIN, USER}:  # a route open to every role has no wrong role
        assert send_route(route, _wrong_role(route), ids).status == 403
    if any(f"{{{name}}}" in route.path for name in OWNED) and route.roles & {ADMIN, USER}:
        reply = send_route(route, right_caller(route, "P-2002"), ids)
        assert reply.status == 404, reply.text
    reply = send_route(route, right_caller(route), ids)
    assert 200 <= reply.status < 300, reply.text


@pytest.mark.parametrize("route", [r for r in PRIVATE if r.roles & {ADMIN, USER}], ids=lambda r: f"{r.method} {r.path}")
def test_a_partner_role_without_a_partner_id_is_forbidden(moto_env, route):
    unlinked = {k: v for k, v in right_caller(route).items() if k != "custom:partner_id"}
    assert send_route(route, unlinked, defaultdict(lambda: "any-id")).status == 403


@pytest.mark.parametrize("route", PRIVATE, ids=lambda r: f"{r.method} {r.path}")
def test_a_program_admin_is_refused_every_partner_and_reviewer_route(moto_env, route):
    """Program staff keep the reference data (docs/product.md) and do no claim work: 403 before anything is
    read, on any id; only the routes open to every signed-in role serve them."""
    if PROGRAM_ADMIN in route.roles and route.roles != EVERY_ROLE:
        pytest.skip("a program route: served to program admins (test_every_route_refuses_strangers_...)")
    reply = send_route(route, program_admin(), defaultdict(lambda: "any-id", engagement_id="ENG-AI-WORKSHOP"))
    if route.roles == EVERY_ROLE:
        assert reply.status == 200, reply.text
    else:
        assert (reply.status, reply.json["code"]) == (403, "forbidden"), reply.text


@pytest.mark.parametrize(
    "route", [r for r in PRIVATE if r.path.startswith("/program/")], ids=lambda r: f"{r.method} {r.path}"
)
@pytest.mark.parametrize("who", ["incentives-admin", "incentives-user", "reviewer"])
def test_partners_and_reviewers_are_refused_every_program_route(moto_env, route, who):
    claims = reviewer() if who == REVIEWER else partner("P-1001", who)
    reply = send_route(route, claims, defaultdict(lambda: "any-id", kind="partners"))
    assert (reply.status, reply.json["code"]) == (403, "forbidden"), reply.text
