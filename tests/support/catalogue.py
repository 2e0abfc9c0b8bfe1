"""The seeded engagement catalogue: an engagement as it has it, and a new valid entry copied from one."""

from __future__ import annotations

import functools
import json
from typing import Any

from shared.domain.engagements import Engagement


@functools.cache
def catalogue_engagement(engagement_id: str) -> Engagement:
    """An engagement as the seeded catalogue has it (read from the seed file: a catalogue Query per
    nomination would cost moto ~0.1 s)."""
    from infra.local.resources import CATALOGUE

    return next(
        Engagement.model_validate(e) for e in json.loads(CATALOGUE.read_text()) if e["engagement_id"] == engagement_id
    )


def catalogue_row(engagement_id: str, like: str = "ENG-AI-WORKSHOP") -> dict[str, Any]:
    """A new, valid catalogue entry (a program admin's POST body): a copy of a seeded one under a new id."""
    return {**catalogue_engagement(like).model_dump(mode="json"), "engagement_id": engagement_id}
