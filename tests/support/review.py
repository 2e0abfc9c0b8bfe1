"""The review function on moto: a ready claim submitted and taken into review, a reviewer's action, and
what the claim's partition and history then hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

from shared import runtime
from tests.support.calls import Reply, call, partner, reviewer

RV = reviewer()
ADMIN = partner("P-1001", "incentives-admin")
OTHER = partner("P-2002", "incentives-admin")


def review(claim_id: str, action: str, body: object = None, claims: dict[str, str] = RV, **kw: Any) -> Reply:
    return call("review", "POST", f"/review/claims/{claim_id}/{action}", claims=claims, body=body, **kw)


def submitted(ready_claim: Callable[..., str], partner_id: str = "P-1001") -> str:
    claim_id = ready_claim(partner_id)
    who = ADMIN if partner_id == "P-1001" else OTHER
    assert call("claims", "POST", f"/claims/{claim_id}/submit", claims=who).status == 200
    return claim_id


def under_review(ready_claim: Callable[..., str]) -> str:
    claim_id = submitted(ready_claim)
    assert review(claim_id, "start").json["status"] == "under_review"
    return claim_id


def partition(claim_id: str) -> list[dict[str, Any]]:
    """Every row of the claim (state, events, notifications, payment): to prove a refusal wrote nothing."""
    r = runtime.dynamodb().query(
        TableName="workshop-claims",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"CLAIM#{claim_id}"}},
    )
    return [{k: TypeDeserializer().deserialize(v) for k, v in i.items()} for i in r["Items"]]


def actions(claim_id: str, claims: dict[str, str] = ADMIN) -> list[str]:
    return [e["action"] for e in call("claims", "GET", f"/claims/{claim_id}/history", claims=claims).json["items"]]
