"""Strict JSON for request bodies (and JSON inside CSV cells): RFC 8259 only, bounded, never a 500.

`json.loads` alone accepts NaN/Infinity (not JSON) and turns 1e400 into inf; it raises a bare ValueError on
an integer of 4300+ digits (Python's int_max_str_digits) and RecursionError on deep nesting, neither of
which is a JSONDecodeError; and it parses anything at the top. The limits, each far above any body we take:

- MAX_DEPTH 32: DynamoDB refuses a document nested deeper than 32 levels, so nothing deeper could be stored;
  our deepest body (an engagement's surveys) is 5 levels. Checked on the raw text before parsing, so a
  deep body costs one linear scan, not a recursion.
- MAX_DIGITS 38: DynamoDB's Number precision, so every integer we accept can be stored exactly; a number
  with a fraction or exponent has at most 38 digits before its exponent, is at most MAX_NUMBER_CHARS
  characters long, and is finite (1e400 is not infinity here).
- MAX_BODY_BYTES 256 KiB: the largest body we take (a catalogue engagement, 200 location engagement ids,
  100 tenant domains) is a few tens of KiB.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 32
MAX_DIGITS = 38
MAX_NUMBER_CHARS = 64
MAX_BODY_BYTES = 256 * 1024

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)  # JSON strings (their brackets do not nest anything)
_BRACKETS = re.compile(r"[\[\]{}]")


class BodyError(ValueError):
    """A body refused as a whole: its stable code, message and HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise BodyError("number_too_long", f"A number in the body has more than {MAX_DIGITS} digits.")
    return int(text)


def _float(text: str) -> float:
    mantissa = text.lower().partition("e")[0]
    if len(text) > MAX_NUMBER_CHARS or sum(c.isdigit() for c in mantissa) > MAX_DIGITS:
        raise BodyError("number_too_long", f"A number in the body has more than {MAX_DIGITS} digits.")
    value = float(text)
    if not math.isfinite(value):
        raise BodyError("invalid_json", "The request body is not valid JSON: a number is out of range.")
    return value


def _constant(name: str) -> Any:
    raise BodyError("invalid_json", f"The request body is not valid JSON: {name} is not a JSON number.")


def depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (its strings skipped); stops past MAX_DEPTH."""
    level = peak = 0
    for match in _BRACKETS.finditer(_STRING.sub("", text)):
        level += 1 if match.group() in "[{" else -1
        if level > peak:
            peak = level
            if peak > MAX_DEPTH:
                break
    return peak


def loads(text: str) -> Any:
    """Parse strictly; every refusal is a BodyError (400) with a stable code."""
    if depth(text) > MAX_DEPTH:
        raise BodyError("body_too_deep", f"The request body nests deeper than {MAX_DEPTH} levels.")
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except BodyError:
        raise
    except (ValueError, RecursionError):  # JSONDecodeError, and anything the limits above did not foresee
        raise BodyError("invalid_json", "The request body is not valid JSON.") from None
    if "\\u" in text:  # an escaped lone surrogate ("\ud800") is no character: no UTF-8, no email, no page
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise BodyError("invalid_encoding", "The request body escapes half a UTF-16 surrogate pair.") from None
    return value


def decode(raw: bytes) -> str:
    """UTF-8 only (no BOM games, no surrogates: Python's codec refuses CESU-8 and lone surrogates)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("invalid_encoding", "The request body must be UTF-8.") from None


def object_body(raw: bytes) -> dict[str, Any] | None:
    """A request body that must be one JSON object, or `null` where a route's body is optional (the route's
    model decides: an optional body documents `null` as "no body"; the caller handles an empty body)."""
    if len(raw) > MAX_BODY_BYTES:
        raise BodyError("body_too_large", f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.", 413)
    value = loads(decode(raw))
    if value is not None and not isinstance(value, dict):
        raise BodyError("validation_error", "The request body must be a JSON object.", 422)
    return value
