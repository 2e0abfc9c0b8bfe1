"""Every private route of the route table called on moto with fresh resources (only those its path or body
names) in a state its right caller can act on: the bodies each accepts, the ids, the right caller, and the
call that must never answer 500 (the access matrix, the malformed bodies, the faults and the IAM-enforced
tier)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from shared.api.auth import ADMIN, PROGRAM_ADMIN, USER
from shared.api.routes import Route
from tests.support.calls import Reply, call, partner, program_admin, reviewer
from tests.support.catalogue import catalogue_row
from tests.support.store import new_consented_nomination, new_draft_claim, new_ready_claim

CONTACT = {"name": "Casey", "email": "casey@northwind.example"}
BODIES: dict[tuple[str, str], Callable[[dict[str, str]], Any]] = {
    ("POST", "/claims"): lambda ids: {"nomination_id": ids["nomination_id"]},
    ("PATCH", "/claims/{claim_id}"): lambda ids: {"comments": "ok"},
    ("POST", "/claims/{claim_id}/dispute"): lambda ids: {"message": "Please look again."},
    ("POST", "/engagements/{engagement_id}/customers"): lambda ids: {
        "location_id": "L-1001",
        "customer_email": f"ann@c{uuid.uuid4().hex[:8]}.example",
        "tenant_id": str(uuid.uuid4()),
    },
    ("POST", "/nominations/{nomination_id}/consent-request"): lambda ids: {
        "customer_contact": CONTACT,
        "partner_contact": {"name": "Pat", "email": "pat@p.example"},
        "contact_reason": "The customer asked us to write to its IT lead.",
    },
    ("POST", "/claims/{claim_id}/evidence/{kind}/upload"): lambda ids: {
        "file_name": "report.pdf",
        "content_type": "application/pdf",
        "size": 1000,
    },
    ("POST", "/claims/{claim_id}/surveys/partner/response"): lambda ids: {
        "answers": {"delivered_as_planned": True, "customer_engagement": 4}
    },
    ("POST", "/review/claims/{claim_id}/request-info"): lambda ids: {
        "reason_code": "missing_document",
        "message": "Add the invoice.",
    },
    ("POST", "/review/claims/{claim_id}/reject"): lambda ids: {
        "reason_code": "insufficient_proof",
        "message": "Not enough proof.",
    },
    ("POST", "/review/claims/{claim_id}/approve"): lambda ids: {},
    ("POST", "/review/claims/{claim_id}/paid"): lambda ids: {"remittance_ref": "RM-1"},
    ("POST", "/program/partners"): lambda ids: {"partner_id": _fresh("P"), "name": "Northwind", "currency": "EUR"},
    ("POST", "/program/locations"): lambda ids: {
        "location_id": _fresh("L"),
        "partner_id": "P-1001",
        "country": "NL",
        "engagement_ids": ["*"],
    },
    ("POST", "/program/tenants"): lambda ids: {"tenant_id": str(uuid.uuid4()), "domains": [f"{_fresh('d')}.example"]},
    ("POST", "/program/engagements"): lambda ids: catalogue_row(_fresh("ENG")),
    ("PATCH", "/program/engagements/{engagement_id}"): lambda ids: {"name": "Renamed before anyone nominated"},
}
RAW_BODIES: dict[tuple[str, str], Callable[[dict[str, str]], str]] = {
    ("POST", "/program/imports/{kind}"): lambda ids: f"partner_id,name,currency\r\n{_fresh('P')},A,EUR\r\n"
}


def _fresh(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def submitted_claim() -> str:
    claim_id = new_ready_claim()
    call("claims", "POST", f"/claims/{claim_id}/submit", claims=partner())
    return claim_id


def review_step(claim_id: str, step: str) -> None:
    reply = call(
        "review",
        "POST",
        f"/review/claims/{claim_id}/{step}",
        claims=reviewer(),
        body=BODIES.get(("POST", f"/review/claims/{{claim_id}}/{step}"), lambda ids: None)({}),
    )
    assert reply.status == 200, reply.text


# what a claim goes through before the route's right caller can act on it
PRIOR_STEPS = {
    "/dispute": ("start", "reject"),
    "/approve": ("start",),
    "/reject": ("start",),
    "/request-info": ("start",),
    "/paid": ("start", "approve"),
}


def _claim_for(route: Route) -> str:
    if route.path.endswith("/submit"):
        return new_ready_claim()
    if route.function != "review" and not route.path.endswith("/dispute"):
        return new_draft_claim()["claim_id"]
    claim_id = submitted_claim()
    for step in next((s for end, s in PRIOR_STEPS.items() if route.path.endswith(end)), ()):
        review_step(claim_id, step)
    return claim_id


def nominated() -> str:
    """A nomination awaiting consent (consent may be requested for it)."""
    reply = call(
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        claims=partner(),
        body=BODIES[("POST", "/engagements/{engagement_id}/customers")]({}),
    )
    assert reply.status == 201, reply.text
    return reply.json["nomination_id"]


def route_ids(route: Route) -> dict[str, str]:
    """Fresh P-1001 resources (only those the path or body names) in a state its right caller can act on."""
    ids = {"engagement_id": "ENG-AI-WORKSHOP", "kind": "partner" if "/surveys/" in route.path else "findings_report"}
    if route.path.startswith("/program/"):
        ids["kind"] = "partners"
    if route.path == "/program/engagements/{engagement_id}":  # one nobody has nominated on yet
        ids["engagement_id"] = _fresh("ENG")
        assert (
            call(
                "program",
                "POST",
                "/program/engagements",
                claims=program_admin(),
                body=catalogue_row(ids["engagement_id"]),
            ).status
            == 201
        )
    if "{claim_id}" in route.path:
        ids["claim_id"] = _claim_for(route)
    if "{nomination_id}" in route.path:
        ids["nomination_id"] = nominated()
    if route.path == "/claims":
        ids["nomination_id"] = new_consented_nomination().nomination_id
    if "{notification_id}" in route.path:
        ids["notification_id"] = notification()
    return ids


def notification() -> str:
    """The id of a fresh notification of P-1001 (asking for more information notifies the partner)."""
    claim_id = submitted_claim()
    for step in ("start", "request-info"):
        review_step(claim_id, step)
    return call("claims", "GET", "/notifications", claims=partner()).json["items"][0]["notification_id"]


def send_route(route: Route, claims: dict[str, str] | None, ids: dict[str, str]) -> Reply:
    path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], route.path)
    body, raw = BODIES.get((route.method, route.path)), RAW_BODIES.get((route.method, route.path))
    reply = call(
        route.function,
        route.method,
        path,
        claims=claims,
        body=body(ids) if body else None,
        raw_body=raw(ids).encode() if raw else None,
        headers={"content-type": "text/csv"} if raw else None,
    )
    assert reply.status != 500, (route.method, route.path, reply.text)
    if reply.status >= 400:
        assert {"code", "message"} <= set(reply.json), reply.text
    return reply


def right_caller(route: Route, partner_id: str = "P-1001") -> dict[str, str]:
    if route.roles == {PROGRAM_ADMIN}:
        return program_admin()
    if ADMIN in route.roles:
        return partner(partner_id, ADMIN)
    if USER in route.roles:
        return partner(partner_id, USER)
    return reviewer()
