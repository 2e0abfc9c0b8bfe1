"""Page tokens: a Query's LastEvaluatedKey as an opaque next_token, checked on the way back in."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from shared.domain.lifecycle import Status
from shared.errors import AppError
from shared.store.codec import from_attr, to_attr
from shared.store.keys import PK, SK

PAGE_SIZE = 50


# ---------------------------------------------------------------- page tokens
def encode_page(last_key: dict | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(from_attr(last_key), separators=(",", ":")).encode()).decode()


def decode_page(
    token: str | None,
    key_attrs: tuple[str, str],
    partition_value: str,
    sk_begins: str | None = None,
    sk_max: str | None = None,
) -> dict | None:
    """An opaque next_token back into an ExclusiveStartKey, refused unless it belongs to this query:
    exactly the table's and the index's key attributes, this partition, this sort-key range (DynamoDB
    answers any other start key with a ValidationException, which would be a 500)."""
    if not token:
        return None
    pk_attr, sk_attr = key_attrs
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4)))
        valid = (
            isinstance(key, dict)
            and set(key) == {PK, SK, pk_attr, sk_attr}
            and all(isinstance(v, str) for v in key.values())
            and key[pk_attr] == partition_value
            and key[sk_attr].startswith(sk_begins or "")
            and (sk_max is None or key[sk_attr] <= sk_max)
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise AppError("next_token is not valid for this list.", code="invalid_next_token", status=400)
    return to_attr(key)


def decode_positions(token: str | None, statuses: tuple[Status, ...]) -> dict[Status, str | None]:
    """A merged list's next_token back into each status's own position: its page token, "" for from the
    start, None for exhausted (each inner token is checked again by the Query that uses it)."""
    if not token:
        return {}
    try:
        raw = json.loads(base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4)))
        valid = (
            isinstance(raw, dict)
            and set(raw) == {s.value for s in statuses}
            and all(v is None or isinstance(v, str) for v in raw.values())
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise AppError("next_token is not valid for this list.", code="invalid_next_token", status=400)
    return {s: (raw[s.value] or "") if raw[s.value] is not None else None for s in statuses}


_T = TypeVar("_T")


@dataclass
class Page(Generic[_T]):
    items: list[_T]
    next_token: str | None
