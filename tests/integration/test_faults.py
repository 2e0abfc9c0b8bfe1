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
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from shared import runtime
from tests.conftest import (
    call,
    mocked_aws,
    new_consented_nomination,
    new_draft_claim,
    new_ready_claim,
    partner,
    reviewer,
)


@pytest.fixture(scope="module")
def moto_env():
    with mocked_aws() as resources:
        yield resources


def table_items() -> list[dict]:
    """Test-only: every item of the table (a Scan, through a client the faults do not touch)."""
    client = boto3.client("dynamodb", region_name="us-east-1")
    pages = client.get_paginator("scan").paginate(TableName=runtime.settings().table_name, ConsistentRead=True)
    return sorted((item for page in pages for item in page["Items"]), key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def aws_error(code: str, operation: str, **extra: Any) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": f"injected {code}"}, **extra}, operation)


def cancelled(*reasons: str) -> ClientError:
    """TransactWriteItems cancelled, with one reason per item (`None` for the items that were fine)."""
    return aws_error("TransactionCanceledException", "TransactWriteItems",
                     CancellationReasons=[{"Code": r} for r in reasons])


@contextmanager
def failing(client: Callable[[], Any], *operations: str, error: Exception):
    """Make the named operations of the (cached) runtime client raise `error`."""
    instance = client()
    with mock.patch.multiple(instance, **{op: mock.Mock(side_effect=error) for op in operations}):
        yield


def _submitted() -> str:
    claim_id = new_ready_claim()
    assert call("claims", "POST", f"/claims/{claim_id}/submit", claims=partner()).status == 200
    return claim_id


def _noted() -> str:
    """The id of a fresh notification of P-1001 (asking for more information notifies the partner)."""
    claim_id = _submitted()
    call("review", "POST", f"/review/claims/{claim_id}/start", claims=reviewer())
    call("review", "POST", f"/review/claims/{claim_id}/request-info", claims=reviewer(),
         body={"reason_code": "missing_document", "message": "Add the invoice."})
    return call("claims", "GET", "/notifications", claims=partner()).json["items"][0]["notification_id"]


# Each request: (function, method, path, body, claims), built from fresh state.
REQUESTS: dict[str, Callable[[], tuple]] = {
    "patch claim": lambda: ("claims", "PATCH", f"/claims/{new_draft_claim()['claim_id']}", {"comments": "x"},
                            partner()),
    "submit": lambda: ("claims", "POST", f"/claims/{new_ready_claim()}/submit", None, partner()),
    "open claim": lambda: ("claims", "POST", "/claims", {"nomination_id": new_consented_nomination().nomination_id},
                           partner()),
    "claim page": lambda: ("claims", "GET", f"/claims/{new_draft_claim()['claim_id']}", None, partner()),
    "claim list": lambda: ("claims", "GET", "/claims", None, partner()),
    "mark read": lambda: ("claims", "POST", f"/notifications/{_noted()}/read", None, partner()),
    "nominate": lambda: ("customers", "POST", "/engagements/ENG-AI-WORKSHOP/customers",
                         {"location_id": "L-1001", "customer_email": "ann@fault-test.example"}, partner()),
    "start review": lambda: ("review", "POST", f"/review/claims/{_submitted()}/start", None, reviewer()),
    "review queue": lambda: ("review", "GET", "/review/claims", None, reviewer()),
    "upload": lambda: ("evidence", "POST", f"/claims/{new_draft_claim()['claim_id']}/evidence/invoice/upload",
                       {"file_name": "invoice.pdf", "content_type": "application/pdf", "size": 1000}, partner()),
    "review claim": lambda: ("review", "GET", f"/review/claims/{_submitted()}", None, reviewer()),
    "consent request": lambda: ("customers", "POST",
                                f"/nominations/{_requestable_nomination()}/consent-request",
                                {"customer_contact": {"name": "Ann", "email": "ann@northwind.example"},
                                 "partner_contact": {"name": "Pat", "email": "pat@p-1001.example"}}, partner()),
    "survey send": lambda: ("surveys", "POST", f"/claims/{new_draft_claim()['claim_id']}/surveys/customer/send",
                            None, partner()),
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
    ("mark read", DDB, ("update_item",), aws_error("ProvisionedThroughputExceededException", "UpdateItem"),
     THROTTLED),
    ("upload", S3, ("generate_presigned_post",), NoCredentialsError(), THROTTLED),
    ("upload", DDB, WRITES, aws_error("ThrottlingException", "TransactWriteItems"), THROTTLED),
    ("review claim", S3, ("generate_presigned_url",), NoCredentialsError(), THROTTLED),
    ("consent request", SES, ("send_raw_email",), aws_error("Throttling", "SendRawEmail"), NO_EMAIL),
    ("consent request", SES, ("send_raw_email",), aws_error("MessageRejected", "SendRawEmail"), NO_EMAIL),
    ("survey send", SES, ("send_raw_email",), EndpointConnectionError(endpoint_url="https://email"), NO_EMAIL),
]


def _requestable_nomination() -> str:
    """A nomination waiting for consent (consent may be requested for it)."""
    from shared.domain.nominations import NominationStatus

    nomination = new_consented_nomination()
    pending = nomination.model_copy(update={"status": NominationStatus.PENDING, "consent_at": None,
                                            "decided_at": None, "version": nomination.version + 1})
    runtime.store().tx().save_nomination(pending, nomination.version).commit()
    return nomination.nomination_id


def _case_id(case: tuple) -> str:
    error = case[3]
    return f"{case[0]}-{error.response['Error']['Code'] if isinstance(error, ClientError) else type(error).__name__}"


@pytest.mark.parametrize(("request_name", "client", "operations", "error", "expected"), CASES,
                         ids=[_case_id(c) for c in CASES])
def test_a_fault_maps_to_its_status_and_writes_nothing(moto_env, request_name, client, operations, error, expected):
    function, method, path, body, claims = REQUESTS[request_name]()
    before = table_items()
    with failing(client, *operations, error=error):
        reply = call(function, method, path, claims=claims, body=body)
    assert (reply.status, reply.json["code"]) == (expected["status"], expected["code"]), reply.text
    assert reply.json["message"]
    assert ("retry-after" in reply.headers) == expected["retry"], reply.headers
    assert table_items() == before, "a failed request must not write anything"
    # the same request succeeds once the dependency recovers: the fault left nothing half-done
    assert call(function, method, path, claims=claims, body=body).status < 300
