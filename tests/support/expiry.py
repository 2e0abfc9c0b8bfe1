"""The scheduled expiry job on moto, run at a moved clock, and a nomination whose consent window it can
close."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from functions.expiry import app as expiry_app
from infra.local.runner import LocalContext
from shared.runtime import Clock
from tests.support.calls import call, partner

ADMIN = partner("P-1001", "incentives-admin")
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


@dataclass
class JobContext(LocalContext):
    """The Lambda context with the time the job has left (it stops early when that runs short)."""

    remaining_ms: int = 60_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def run_job(remaining_ms: int = 60_000) -> dict[str, Any]:
    context = JobContext(function_name="expiry", aws_request_id=str(uuid.uuid4()), remaining_ms=remaining_ms)
    return expiry_app.handler({"source": "aws.events", "detail-type": "Scheduled Event"}, context)


def move_to(clock: Clock, when: datetime) -> None:
    clock.offset += when - clock.now()


def nominate(email: str = "casey@northwind.example", request: bool = True) -> str:
    r = call(
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        claims=ADMIN,
        body={
            "location_id": "L-1001",
            "customer_email": email,
            "customer_name": "Northwind",
            "tenant_id": str(uuid.uuid4()),
            "mismatch_reason": "test tenant",
        },
    )
    assert r.status == 201, r.text
    nomination_id = r.json["nomination_id"]
    if request:
        r = call(
            "customers",
            "POST",
            f"/nominations/{nomination_id}/consent-request",
            claims=ADMIN,
            body={
                "customer_contact": {"name": "Casey", "email": email},
                "partner_contact": {"name": "Pat", "email": "pat@contoso.example"},
            },
        )
        assert r.status == 202, r.text
    return nomination_id
