"""Evidence on moto: an upload requested and posted to the presigned URL as a browser would, and the S3
events queued for the evidence consumer, delivered to it like the event source mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import boto3
import requests

from functions.evidence import consumer
from infra.local.runner import LocalContext, sqs_event
from tests.support.calls import Reply, call, partner

if TYPE_CHECKING:  # the boto3 stubs are a development tool, as in shared/runtime.py
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_sqs.type_defs import MessageTypeDef

    from infra.local.resources import Resources

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
OWNER = partner("P-1001", email="pat@p-1001.example.com")


def request_upload(
    claim_id: str,
    kind: str = "invoice",
    *,
    data: bytes = PDF,
    content_type: str = "application/pdf",
    file_name: str = "Invoice 2026-11.pdf",
    size: int | None = None,
    who: dict[str, str] | None = OWNER,
) -> Reply:
    body = {"file_name": file_name, "content_type": content_type, "size": len(data) if size is None else size}
    return call("evidence", "POST", f"/claims/{claim_id}/evidence/{kind}/upload", claims=who, body=body)


def browser_post(post: dict[str, Any], data: bytes, content_type: str = "application/pdf", name: str = "x.pdf") -> None:
    """A multipart form POST to the presigned URL: the fields first, the file last, as a browser sends it."""
    r = requests.post(post["url"], data=post["fields"], files={"file": (name, data, content_type)}, timeout=10)
    assert r.status_code in (200, 201, 204), r.text


def upload(
    claim_id: str, kind: str = "invoice", data: bytes = PDF, content_type: str = "application/pdf"
) -> dict[str, Any]:
    r = request_upload(claim_id, kind, data=data, content_type=content_type)
    assert r.status == 201, r.text
    browser_post(r.json, data, content_type)
    return r.json


def sqs() -> SQSClient:
    return boto3.client("sqs", region_name="us-east-1")


def queued(aws: Resources) -> list[MessageTypeDef]:
    messages: list[MessageTypeDef] = []
    while (
        got := sqs()
        .receive_message(QueueUrl=aws.evidence_queue_url, MaxNumberOfMessages=10, AttributeNames=["All"])
        .get("Messages")
    ):
        messages += got
    return messages


def consume(aws: Resources, messages: Sequence[Mapping[str, Any]] | None = None) -> set[str]:
    """Deliver messages (default: everything queued) to the consumer like the event source mapping:
    delete what succeeded; return the message ids reported as failed."""
    messages = queued(aws) if messages is None else messages
    result = consumer.handler(sqs_event(messages), LocalContext("evidence-consumer", "req-1")) or {}
    failed = {str(f["itemIdentifier"]) for f in result.get("batchItemFailures", [])}
    for m in messages:
        if m["MessageId"] not in failed:
            sqs().delete_message(QueueUrl=aws.evidence_queue_url, ReceiptHandle=m["ReceiptHandle"])
    return failed
