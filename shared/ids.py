"""Opaque, time-ordered ids and one-time link tokens (256-bit, stored only as a SHA-256 hash)."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime


def new_id(prefix: str, now: datetime) -> str:
    """`prefix_` + 12 hex digits of milliseconds + 10 random hex digits: sorts by creation time."""
    return f"{prefix}_{int(now.timestamp() * 1000):012x}{secrets.token_hex(5)}"


def new_link_token() -> tuple[str, str]:
    """A fresh link token and the hash we store. The token itself only ever travels in the email."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def answer_digest(answer: object) -> str:
    """A fingerprint of a public page's answer (canonical JSON): the same answer again has the same one."""
    return hashlib.sha256(json.dumps(answer, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
