"""Fault injection: the AWS clients in `shared.runtime` are wrapped so one operation fails the way AWS fails
(throttling, a cancelled transaction, SES or S3 errors). Every fault must map to its documented status and
`code` (503 + Retry-After when retrying helps, 409 `concurrent_update` for a transaction race), never a 500,
and leave the table exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any
from unittest import mock

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from shared import runtime
from tests.support.aws import mocked_aws
from tests.support.calls import call, partner, reviewer
from tests.support.evidence import consume, queued, upload
from tests.support.routes import BODIES, nominated, notification, submitted_claim
from tests.support.store import new_consented_nomination, new_draft_claim, new_ready_claim


@pytest.fixture(scope="module")
def moto_env():
    with mocked_aws() as resources:
        yield resources


def table_items() -> list[dict]:
    """Test-only: every item of the table (a Scan, through a client the faults do not touch)."""
    client = boto3.client("dynamodb", region_name="us-east-1")
    pages = client.get_paginator("scan").paginate(TableName=runtime.settings().table_name, ConsistentRead=True)
    return sorted((item for page in pages for item in page["Items"]), key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def aws_error(code: str, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": f"injected {code}"}}, operation)


def cancelled(*reasons: str) -> ClientError:
    """TransactWriteItems cancelled, with one reason per item (`None` for the items that were fine)."""
    error = aws_error("TransactionCanceledException", "TransactWriteItems")
    error.response["CancellationReasons"] = [{"Code": r} for r in reasons]
    return error


@contextmanager
def failing(client: Callable[[], Any], *operations: str, error: Exception):
    """Make the named operations of the (cached) runtime client raise `error`."""
    instance = client()
    with mock.patch.multiple(instance, **{op: mock.Mock(side_effect=error) for op in operations}):
        yield


# Each request: (function, method, path, body, claims), built from fresh state.
REQUESTS: dict[str, Callable[[], tuple]] = {
    "patch claim": lambda: (
        "claims",
        "PATCH",
        f"/claims/{new_draft_claim()['claim_id']}",
        {"comments": "x"},
        partner(),
    ),
    "submit": lambda: ("claims", "POST", f"/claims/{new_ready_claim()}/submit", None, partner()),
    "open claim": lambda: (
        "claims",
        "POST",
        "/claims",
        {"nomination_id": new_consented_nomination().nomination_id},
        partner(),
    ),
    "claim page": lambda: ("claims", "GET", f"/claims/{new_draft_claim()['claim_id']}", None, partner()),
    "claim list": lambda: ("claims", "GET", "/claims", None, partner()),
    "mark read": lambda: ("claims", "POST", f"/notifications/{notification()}/read", None, partner()),
    "nominate": lambda: (
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        BODIES[("POST", "/engagements/{engagement_id}/customers")]({}),
        partner(),
    ),
    "start review": lambda: ("review", "POST", f"/review/claims/{submitted_claim()}/start", None, reviewer()),
    "review queue": lambda: ("review", "GET", "/review/claims", None, reviewer()),
    "upload": lambda: (
        "evidence",
        "POST",
        f"/claims/{new_draft_claim()['claim_id']}/evidence/invoice/upload",
        BODIES[("POST", "/claims/{claim_id}/evidence/{kind}/upload")]({}),
        partner(),
    ),
    "review claim": lambda: ("review", "GET", f"/review/claims/{submitted_claim()}", None, reviewer()),
    "consent request": lambda: (
        "customers",
        "POST",
        f"/nominations/{nominated()}/consent-request",
        BODIES[("POST", "/nominations/{nomination_id}/consent-request")]({}),
        partner(),
    ),
    "survey send": lambda: (
        "surveys",
        "POST",
        f"/claims/{new_draft_claim()['claim_id']}/surveys/customer/send",
        None,
        partner(),
    ),
}

DDB, S3, SES = runtime.dynamodb, runtime.s3, runtime.ses
THROTTLED = {"status": 503, "code": "service_unavailable", "retry": True}
RACE = {"status": 409, "code": "concurrent_update", "retry": False}
NO_EMAIL = {"status": 503, "code": "email_failed", "retry": True}
WRITES = ("transact_write_items",)
READS = ("get_item", "query", "batch_get_item")
CASES = [
    ("patch claim", DDB, WRITES, aws_error("ProvisionedThroughputExceededException", "TransactWriteItems"), THROTTLED),
    ("submit", DDB, WRITES, aws_error("ThrottlingException", "TransactWriteItems"), THROTTLED),
    ("submit", DDB, WRITES, cancelled("None", "TransactionConflict"), RACE),
    ("start review", DDB, WRITES, cancelled("TransactionConflict", "None", "None"), RACE),
    ("start review", DDB, WRITES, cancelled("None", "ThrottlingError"), THROTTLED),
    ("open claim", DDB, WRITES, aws_error("InternalServerError", "TransactWriteItems"), THROTTLED),
    ("nominate", DDB, WRITES, aws_error("ProvisionedThroughputExceededException", "TransactWriteItems"), THROTTLED),
    ("claim page", DDB, READS, aws_error("ProvisionedThroughputExceededException", "Query"), THROTTLED),
    ("claim list", DDB, READS, aws_error("ThrottlingException", "Query"), THROTTLED),
    ("review queue", DDB, READS, EndpointConnectionError(endpoint_url="https://dynamodb"), THROTTLED),
    ("mark read", DDB, ("update_item",), aws_error("ProvisionedThroughputExceededException", "UpdateItem"), THROTTLED),
    ("upload", S3, ("generate_presigned_post",), NoCredentialsError(), THROTTLED),
    ("upload", DDB, WRITES, aws_error("ThrottlingException", "TransactWriteItems"), THROTTLED),
    ("review claim", S3, ("generate_presigned_url",), NoCredentialsError(), THROTTLED),
    ("consent request", SES, ("send_raw_email",), aws_error("Throttling", "SendRawEmail"), NO_EMAIL),
    ("consent request", SES, ("send_raw_email",), aws_error("MessageRejected", "SendRawEmail"), NO_EMAIL),
    ("survey send", SES, ("send_raw_email",), EndpointConnectionError(endpoint_url="https://email"), NO_EMAIL),
]
# A link email is sent after its link is stored (the outbox): its failure is the one fault that writes,
# namely the email's outcome `failed` for the partner to see, and the same request then sends at once.
EMAIL_STATUS = {"consent request": "consent_email_status", "survey send": "email_status"}


def _case_id(case: tuple) -> str:
    error = case[3]
    return f"{case[0]}-{error.response['Error']['Code'] if isinstance(error, ClientError) else type(error).__name__}"


@pytest.mark.parametrize(
    ("request_name", "client", "operations", "error", "expected"), CASES, ids=[_case_id(c) for c in CASES]
)
def test_a_fault_maps_to_its_status_and_writes_nothing(moto_env, request_name, client, operations, error, expected):
    function, method, path, body, claims = REQUESTS[request_name]()
    before = table_items()
    with failing(client, *operations, error=error):
        reply = call(function, method, path, claims=claims, body=body)
    assert (reply.status, reply.json["code"]) == (expected["status"], expected["code"]), reply.text
    assert reply.json["message"]
    assert ("retry-after" in reply.headers) == expected["retry"], reply.headers
    if request_name not in EMAIL_STATUS:
        assert table_items() == before, "a failed request must not write anything"
    # the same request succeeds once the dependency recovers: the fault left nothing half-done
    again = call(function, method, path, claims=claims, body=body)
    assert again.status < 300, again.text
    if request_name in EMAIL_STATUS:
        assert again.json[EMAIL_STATUS[request_name]] == "sent"


@pytest.mark.parametrize(
    "error",
    [aws_error("SlowDown", "GetObject"), aws_error("InternalError", "GetObject"), cancelled("None", "ThrottlingError")],
    ids=lambda e: e.response["Error"]["Code"],
)
def test_a_failing_evidence_check_is_retried_by_the_queue_and_writes_nothing(moto_env, error):
    claim_id = new_draft_claim()["claim_id"]
    queued(moto_env)  # drain what earlier tests left
    upload(claim_id)
    messages = queued(moto_env)
    before = table_items()
    client, operations = (DDB, WRITES) if error.operation_name == "TransactWriteItems" else (S3, ("get_object",))
    # every record failed: Powertools fails the whole batch, so SQS redelivers it (nothing is lost)
    with failing(client, *operations, error=error), pytest.raises(BatchProcessingError):
        consume(moto_env, messages)
    assert table_items() == before
    assert consume(moto_env, messages) == set()
    assert runtime.store().claim(claim_id).proof.invoice.status == "received"
