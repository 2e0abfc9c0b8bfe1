"""Fixtures shared by every suite.

- `aws`: moto in-process (mock_aws) with the stack's resources created and the demo data seeded.
- `call(function, method, path, ...)`: invoke a function's real Lambda handler with an API Gateway
  HTTP API v2 event, as the deployed API (or the local runner) would; returns a `Reply`.
- `partner(...)`, `reviewer()`: JWT-authorizer claims for a caller.
- `clock`: the application clock (advance it instead of sleeping).
- `consented_nomination(...)`, `draft_claim(...)`: the state later stages start from, built through
  the real store and services (not the HTTP routes of other functions).
"""
from __future__ import annotations

import importlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from infra.local.runner import LocalContext, http_event
from shared import runtime
from shared.routes import find

ENV = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "TABLE_NAME": "workshop-claims", "BUCKET_NAME": "workshop-claims-evidence",
    "SENDER_EMAIL": "no-reply@claims.example.com", "PUBLIC_BASE_URL": "http://claims.test",
    "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true", "POWERTOOLS_LOG_LEVEL": "WARNING",
}


@pytest.fixture
def aws(monkeypatch):
    from moto import mock_aws

    from infra.local.resources import create_resources, seed

    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        runtime.reset_caches()
        runtime.clock.offset = timedelta(0)
        import boto3

        resources = create_resources(runtime.settings(), runtime.dynamodb(), runtime.s3(),
                                     boto3.client("sqs", region_name="us-east-1"), runtime.ses())
        seed(runtime.store())
        yield resources
    runtime.reset_caches()
    runtime.clock.offset = timedelta(0)


@pytest.fixture
def clock(aws):
    return runtime.clock


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


def partner(partner_id: str = "P-1001", role: str = "incentives-admin", email: str | None = None) -> dict:
    email = email or f"pm-{uuid.uuid4().hex[:8]}@{partner_id.lower()}.example.com"
    return {"sub": email, "email": email, "cognito:groups": f"[{role}]", "custom:partner_id": partner_id}


def reviewer(email: str = "rv@program.example.com") -> dict:
    return {"sub": email, "email": email, "cognito:groups": "[reviewer]"}


def call(function: str, method: str, path: str, *, claims: dict | None = None, body: Any = None,
         headers: dict[str, str] | None = None, query: str = "", raw_body: bytes | None = None) -> Reply:
    """Invoke `functions.<function>.app.handler` exactly as API Gateway would for this route."""
    route, params, _ = find(method, path)
    assert route is not None, f"{method} {path} is not in the route table"
    assert route.function == function, f"{method} {path} belongs to {route.function}, not {function}"
    hdrs = {"content-type": "application/json", **{k.lower(): v for k, v in (headers or {}).items()}}
    data = raw_body if raw_body is not None else (b"" if body is None else json.dumps(body).encode())
    event = http_event(method, path, query, hdrs, data, f"{route.method} {route.path}", params, claims, "127.0.0.1")
    handler = importlib.import_module(f"functions.{function}.app").handler
    result = handler(event, LocalContext(function_name=function, aws_request_id=str(uuid.uuid4())))
    return Reply(result["statusCode"], {k.lower(): v for k, v in (result.get("headers") or {}).items()},
                 result.get("body") or "")


@pytest.fixture
def consented_nomination(aws):
    """Factory: a nomination the customer consented to (written through the store, as consent would)."""
    from shared.domain.nominations import Contact, Nomination, NominationStatus
    from shared.ids import new_id

    def make(partner_id: str = "P-1001", engagement_id: str = "ENG-AI-WORKSHOP", partner_email: str | None = None,
             customer_email: str | None = None) -> Nomination:
        now = runtime.clock.now()
        customer_email = customer_email or f"casey-{uuid.uuid4().hex[:6]}@customer.example"
        nomination = Nomination(
            nomination_id=new_id("nom", now), partner_id=partner_id, engagement_id=engagement_id,
            engagement_name="AI Business Value Workshop", location_id="L-" + partner_id.split("-")[1],
            customer_name="Northwind", customer_email=customer_email, tenant_id=str(uuid.uuid4()),
            status=NominationStatus.CONSENTED, created_at=now, consent_due=now + timedelta(days=30),
            consent_requested_at=now, consent_request_count=1, consent_at=now, decided_at=now,
            customer_contact=Contact(name="Casey Customer", email=customer_email, locale="en"),
            partner_contact=Contact(name="Pat Partner", email=partner_email or f"pat@{partner_id.lower()}.example"))
        runtime.store().tx().save_nomination(nomination, None).commit()
        return nomination

    return make


@pytest.fixture
def draft_claim(consented_nomination):
    """Factory: an open draft claim (through the claims service); returns the claim view dict."""
    from shared.auth import principal_from_event
    from shared.services import claims as service

    def make(partner_id: str = "P-1001", **kw: Any) -> dict:
        nomination = consented_nomination(partner_id, **kw)
        who = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": partner(partner_id)}}}})
        return service.open_claim(runtime.store(), who, nomination.nomination_id, runtime.clock.now())

    return make


def pytest_collection_modifyitems(items):
    """E2E tests share one local runner per worker; keep each file on one xdist worker."""
    for item in items:
        if "tests/e2e" in str(item.fspath) or "tests/infra" in str(item.fspath):
            item.add_marker(pytest.mark.xdist_group(os.path.dirname(str(item.fspath))))
