"""Fixtures shared by every suite.

- `aws`: moto in-process (mock_aws) with the stack's resources created and the demo data seeded.
- `call(function, method, path, ...)`: invoke a function's real Lambda handler with an API Gateway
  HTTP API v2 event, as the deployed API (or the local runner) would; returns a `Reply`.
- `partner(...)`, `reviewer()`: JWT-authorizer claims for a caller.
- `clock`: the application clock (advance it instead of sleeping).
- `synth`: the CDK app synthesized once per session (tests/synth.py): tests/infra and the IAM-enforced tier.
- `consented_nomination(...)`, `draft_claim(...)`, `ready_claim(...)`: the state later stages start from,
  built through the real store and services (not the HTTP routes of other functions). They are the
  plain functions `new_consented_nomination`, `new_draft_claim`, `new_ready_claim`, which work inside
  `mocked_aws()` too (the benchmarks use them outside pytest).
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest

from infra.local.runner import LocalContext, http_event
from shared import runtime
from shared.api.routes import find

ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "TABLE_NAME": "workshop-claims",
    "BUCKET_NAME": "workshop-claims-evidence",
    "SENDER_EMAIL": "no-reply@claims.example.com",
    "PUBLIC_BASE_URL": "http://claims.test",
    "SES_CONFIGURATION_SET": "workshop-claims-mail",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


@contextmanager
def mocked_aws() -> Iterator[Any]:
    """moto in-process with the stack's resources and the demo data; the environment, clients and clock
    are restored on exit (the `aws` fixture, and the benchmarks outside pytest)."""
    from moto import mock_aws

    from infra.local.resources import create_resources, seed

    with mock.patch.dict(os.environ, ENV), mock_aws():
        os.environ.pop("AWS_ENDPOINT_URL", None)
        runtime.reset_caches()
        runtime.clock.offset = timedelta(0)
        import boto3

        try:
            resources = create_resources(
                runtime.settings(),
                runtime.dynamodb(),
                runtime.s3(),
                boto3.client("sqs", region_name="us-east-1"),
                runtime.ses(),
            )
            seed(runtime.store())
            yield resources
        finally:
            runtime.reset_caches()
            runtime.clock.offset = timedelta(0)


@pytest.fixture
def aws():
    with mocked_aws() as resources:
        yield resources


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


def program_admin(email: str = "olga@program.example") -> dict:
    return {"sub": email, "email": email, "cognito:groups": "[program-admin]"}


def call(
    function: str,
    method: str,
    path: str,
    *,
    claims: dict | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: str = "",
    raw_body: bytes | None = None,
) -> Reply:
    """Invoke `functions.<function>.app.handler` exactly as API Gateway would for this route."""
    route, params, _ = find(method, path)
    assert route is not None, f"{method} {path} is not in the route table"
    assert route.function == function, f"{method} {path} belongs to {route.function}, not {function}"
    hdrs = {"content-type": "application/json", **{k.lower(): v for k, v in (headers or {}).items()}}
    data = raw_body if raw_body is not None else (b"" if body is None else json.dumps(body).encode())
    event = http_event(method, path, query, hdrs, data, f"{route.method} {route.path}", params, claims, "127.0.0.1")
    handler = importlib.import_module(f"functions.{function}.app").handler
    result = handler(event, LocalContext(function_name=function, aws_request_id=str(uuid.uuid4())))
    return Reply(
        result["statusCode"], {k.lower(): v for k, v in (result.get("headers") or {}).items()}, result.get("body") or ""
    )


@functools.cache
def catalogue_engagement(engagement_id: str):
    """An engagement as the seeded catalogue has it (read from the seed file: a catalogue Query per
    nomination would cost moto ~0.1 s)."""
    from infra.local.resources import CATALOGUE
    from shared.domain.engagements import Engagement

    return next(
        Engagement.model_validate(e) for e in json.loads(CATALOGUE.read_text()) if e["engagement_id"] == engagement_id
    )


def catalogue_row(engagement_id: str, like: str = "ENG-AI-WORKSHOP") -> dict:
    """A new, valid catalogue entry (a program admin's POST body): a copy of a seeded one under a new id."""
    return {**catalogue_engagement(like).model_dump(mode="json"), "engagement_id": engagement_id}


def new_consented_nomination(
    partner_id: str = "P-1001",
    engagement_id: str = "ENG-AI-WORKSHOP",
    partner_email: str | None = None,
    customer_email: str | None = None,
):
    """A nomination the customer consented to (written through the store, as consent would)."""
    from shared.domain.nominations import Contact, Nomination, NominationStatus
    from shared.ids import new_id

    now = runtime.clock.now()
    engagement = catalogue_engagement(engagement_id)
    customer_email = customer_email or f"casey-{uuid.uuid4().hex[:6]}@customer.example"
    nomination = Nomination(
        nomination_id=new_id("nom", now),
        partner_id=partner_id,
        engagement_id=engagement_id,
        engagement_name=engagement.name,
        terms=engagement.terms(),
        location_id="L-" + partner_id.split("-")[1],
        customer_name="Northwind",
        customer_email=customer_email,
        tenant_id=str(uuid.uuid4()),
        status=NominationStatus.CONSENTED,
        created_at=now,
        consent_due=now + timedelta(days=30),
        consent_requested_at=now,
        consent_request_count=1,
        consent_at=now,
        decided_at=now,
        customer_contact=Contact(name="Casey Customer", email=customer_email, locale="en"),
        partner_contact=Contact(name="Pat Partner", email=partner_email or f"pat@{partner_id.lower()}.example"),
    )
    runtime.store().tx().save_nomination(nomination, None).commit()
    return nomination


def new_draft_claim(partner_id: str = "P-1001", **kw: Any) -> dict:
    """An open draft claim (through the claims service); returns the claim view dict."""
    from shared.api.auth import principal_from_event
    from shared.services import claims as service

    nomination = new_consented_nomination(partner_id, **kw)
    who = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": partner(partner_id)}}}})
    return service.open_claim(runtime.store(), who, nomination.nomination_id, runtime.clock.now())


def new_ready_claim(partner_id: str = "P-1001", **kw: Any) -> str:
    """A draft claim with every proof item complete, written straight to the store as the evidence
    consumer and the surveys would (real versioned S3 objects, stored survey answers); returns its id."""
    from shared.domain.claims import SurveyProof, SurveyStatus, UploadProof, UploadStatus

    claim_id = new_draft_claim(partner_id, **kw)["claim_id"]
    store, now = runtime.store(), runtime.clock.now()
    old = store.claim(claim_id)
    new = old.model_copy(deep=True, update={"version": old.version + 1})
    tx = store.tx()
    for kind in ("findings_report", "invoice"):
        key = f"evidence/{claim_id}/{kind}/{uuid.uuid4().hex}.pdf"
        put = runtime.s3().put_object(Bucket=runtime.settings().bucket_name, Key=key, Body=b"%PDF-1.4 " + kind.encode())
        setattr(
            new.proof,
            kind,
            UploadProof(
                status=UploadStatus.RECEIVED,
                file_name=f"{kind}.pdf",
                content_type="application/pdf",
                size=13,
                s3_key=key,
                s3_version_id=put.get("VersionId"),
                received_at=now,
            ),
        )
    for kind in ("partner", "customer"):
        setattr(
            new.proof,
            f"{kind}_survey",
            SurveyProof(status=SurveyStatus.COMPLETED, sent_at=now, send_count=1, completed_at=now),
        )
        tx.put_answers(claim_id, kind, {"satisfaction": 5, "comments": f"{kind} says fine"}, now, {"kind": kind})
    tx.save_claim(new, old.version).commit()
    return claim_id


# Factories as fixtures (they need the `aws` fixture); tests/bench/__main__.py calls the functions above directly.
@pytest.fixture
def consented_nomination(aws):
    return new_consented_nomination


@pytest.fixture
def draft_claim(aws):
    return new_draft_claim


@pytest.fixture
def ready_claim(aws):
    return new_ready_claim


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory):
    from tests.synth import synthesize

    return synthesize(tmp_path_factory.mktemp("cdk.out"))


SYNTH_USERS = ("tests/infra", "tests/integration/test_iam_enforced.py")


def pytest_collection_modifyitems(items):
    """E2E tests share one local runner per worker; keep each file on one xdist worker. The tests reading
    the synthesized stack share one synthesis: one worker for all of them."""
    for item in items:
        if any(user in str(item.fspath) for user in SYNTH_USERS):
            item.add_marker(pytest.mark.xdist_group("synth"))
        elif "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.xdist_group(os.path.dirname(str(item.fspath))))
