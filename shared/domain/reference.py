"""The program's reference data (docs/product.md, "Program operations"): partners, their enrolled locations, the
tenant directory and the engagement catalogue. What a row may hold, the catalogue's rules, and how a write relates
to what is stored: a new row is created, the same row again changes nothing, a different row under a taken id is a
conflict (changes go through PATCH)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, cast

from shared.domain.engagements import LOCALES, SURVEY_ITEMS, Engagement, SurveyKind

Kind = Literal["partners", "locations", "tenants", "engagements"]
KINDS: tuple[Kind, ...] = ("partners", "locations", "tenants", "engagements")
ID_FIELD: dict[str, str] = {
    "partners": "partner_id",
    "locations": "location_id",
    "tenants": "tenant_id",
    "engagements": "engagement_id",
}
EVERY_ENGAGEMENT = "*"  # a location eligible for every engagement, present and future


class WriteResult(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"


def catalogue_problems(engagement: Engagement) -> list[str]:
    """The catalogue's rules, in words: what would make nominations on this engagement unworkable."""
    problems = []
    if engagement.starts_on > engagement.ends_on:
        problems.append("starts_on must not be after ends_on.")
    for name, days in engagement.windows.model_dump().items():
        if days <= 0:
            problems.append(f"windows.{name} must be a positive number of days.")
    for kind, item in SURVEY_ITEMS.items():
        if item in engagement.proof_items and not engagement.surveys.get(cast(SurveyKind, kind)):
            problems.append(f"The {kind} survey is a required proof item, so it needs at least one question.")
    for kind, questions in engagement.surveys.items():
        ids = [q.id for q in questions]
        if len(ids) != len(set(ids)):
            problems.append(f"The {kind} survey has two questions with the same id.")
        for q in questions:
            if set(q.text) != set(LOCALES) or not all(t.strip() for t in q.text.values()):
                problems.append(f"Question {q.id} needs its text in {' and '.join(LOCALES)}.")
            if q.type == "rating" and (q.min is None or q.max is None or q.min >= q.max):
                problems.append(f"Rating question {q.id} needs min < max.")
    if len(set(engagement.proof_items)) != len(engagement.proof_items):
        problems.append("proof_items names an item twice.")
    return problems


def comparable(row: dict[str, Any]) -> dict[str, Any]:
    """A row's content, without what the store adds (keys, version, type, audit stamps)."""
    return {k: v for k, v in row.items() if k not in STORED_ONLY}


STORED_ONLY = frozenset(
    {"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "type", "version", "updated_at", "updated_by"}
)
