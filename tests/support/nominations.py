"""A nomination built with the pure domain model (no AWS), at a fixed moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from shared.domain.engagements import Payout, Terms
from shared.domain.nominations import Nomination

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def nomination(**changes: Any) -> Nomination:
    base = dict(
        nomination_id="nom_1",
        partner_id="P-1001",
        engagement_id="ENG-AI-WORKSHOP",
        engagement_name="AI Business Value Workshop",
        location_id="L-1001",
        customer_email="a@b.example",
        tenant_id="t-1",
        created_at=NOW,
        consent_due=NOW + timedelta(days=30),
        terms=Terms(payout=Payout(amount="1", currency="USD")),
    )
    return Nomination(**{**base, **changes})
