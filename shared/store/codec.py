"""Items to and from DynamoDB's attribute values, and models to and from items."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from shared.domain.claims import Claim

_ser, _de = TypeSerializer(), TypeDeserializer()


# ---------------------------------------------------------------- (de)serialization
def to_attr(item: dict) -> dict:
    return {k: _ser.serialize(_dynamo_safe(v)) for k, v in item.items()}


def _dynamo_safe(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _dynamo_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dynamo_safe(v) for v in value]
    return value


def from_attr(item: dict) -> dict:
    return {k: _plain(_de.deserialize(v)) for k, v in item.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


def entity(model: Any, key: dict, index: dict | None = None, **extra: Any) -> dict:
    """Store a model as its JSON form plus keys; the private token hashes are kept (exclude=False)."""
    body = model.model_dump(mode="json")
    if isinstance(model, Claim):  # a survey link's token_hash is excluded from dumps; the store keeps it
        for kind in ("partner_survey", "customer_survey"):
            for stored, link in zip(body["proof"][kind]["links"], getattr(model.proof, kind).links, strict=True):
                stored["token_hash"] = link.token_hash
    return {**body, **key, **(index or {}), **extra}


def claim_from(item: dict) -> Claim:
    return Claim.model_validate(item)


def claim_rows(items: list[dict]) -> tuple[Claim | None, list[dict], dict[str, dict]]:
    """A claim partition's rows: the claim, its notifications (newest first), its survey answers."""
    claim, notes, answers = None, [], {}
    for item in items:
        if item["type"] == "claim":
            claim = claim_from(item)
        elif item["type"] == "notification":
            notes.append(item)
        elif item["type"] == "answers":
            answers[item["kind"]] = item
    # newest first by time: reminders share their claim's version, so key order alone is not time order
    notes = sorted(notes[::-1], key=lambda n: datetime.fromisoformat(n["created_at"]), reverse=True)
    return claim, notes, answers
