"""The notifier on moto: the table's stream read like the event source mapping, records delivered to the
notifier, and the emails it sent; a claim under review (with partner contacts) to be notified about."""

from __future__ import annotations

import email
import uuid
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from typing import Any

import boto3
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from infra.local.runner import LocalContext
from tests.support.calls import call, partner
from tests.support.review import review

ADMIN = partner("P-1001")


def stream_reader(stream_arn: str) -> Callable[[], list[dict[str, Any]]]:
    """Reads the table's stream like the event source mapping: each call returns the records since the last."""
    client = boto3.client("dynamodbstreams", region_name="us-east-1")
    shards = client.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]
    iterators = [
        client.get_shard_iterator(StreamArn=stream_arn, ShardId=s["ShardId"], ShardIteratorType="TRIM_HORIZON")[
            "ShardIterator"
        ]
        for s in shards
    ]

    def new_records() -> list[dict[str, Any]]:
        records = []
        for i, iterator in enumerate(iterators):
            got = client.get_records(ShardIterator=iterator)
            iterators[i] = got["NextShardIterator"]
            records += [dict(r, eventSourceARN=stream_arn) for r in got["Records"]]
        return records

    return new_records


def notify(records: list[dict[str, Any]]) -> list[str]:
    """Invoke the notifier; the sequence numbers it reports failed."""
    from functions.notifier.app import handler

    result = handler({"Records": records}, LocalContext("notifier", str(uuid.uuid4())))
    return [str(f["itemIdentifier"]) for f in result["batchItemFailures"]]


def sent() -> list[EmailMessage]:
    return [
        email.message_from_string(m.raw_data, policy=policy.default)
        for m in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    ]


def under_review_with(ready_claim: Callable[..., str], contacts: list[dict[str, str]] | None = None) -> str:
    claim_id = ready_claim()
    if contacts:
        assert (
            call("claims", "PATCH", f"/claims/{claim_id}", claims=ADMIN, body={"partner_contacts": contacts}).status
            == 200
        )
    call("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    review(claim_id, "start")
    return claim_id
