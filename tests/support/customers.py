"""The customers function on moto, called as a partner would: nominate a customer, request its consent by
email, answer on the public consent page (the token from the email), read a tab of the customers page."""

from __future__ import annotations

import re
import uuid
from typing import Any

from shared import runtime
from tests.support.calls import JSON, Reply, call, partner
from tests.support.recorded import sent

ENG = "ENG-AI-WORKSHOP"
CUSTOMERS = f"/engagements/{ENG}/customers"
P1 = partner("P-1001")


def link_token(message: dict[str, str]) -> str:
    found = re.search(r"http://claims\.test/public/consent/([A-Za-z0-9_-]{43})\n", message["text"])
    assert found, message["text"]
    return found.group(1)


def nominate(
    who: dict[str, str] = P1, location: str = "L-1001", tenant: str | None = None, **body: Any
) -> dict[str, Any]:
    body = {
        "location_id": location,
        "customer_email": f"ann-{uuid.uuid4().hex[:6]}@c{uuid.uuid4().hex[:8]}.example",
        "customer_name": "Northwind",
        "tenant_id": tenant or str(uuid.uuid4()),
        **body,
    }
    r = call("customers", "POST", CUSTOMERS, claims=who, body=body)
    assert r.status == 201, r.text
    return r.json


def request_consent(
    nomination_id: str, who: dict[str, str] = P1, locale: str = "en", email_to: str | None = None, **extra: Any
) -> Reply:
    """To the nominated customer address itself unless told otherwise."""
    if not email_to:
        nomination = runtime.store().nomination(nomination_id)
        assert nomination is not None, nomination_id
        email_to = nomination.customer_email
    return call(
        "customers",
        "POST",
        f"/nominations/{nomination_id}/consent-request",
        claims=who,
        body={
            "customer_contact": {"name": "Ann Customer", "email": email_to, "locale": locale},
            "partner_contact": {"name": "Pat Partner", "email": "pat@contoso.example"},
            **extra,
        },
    )


def consent_token(nomination_id: str, who: dict[str, str] = P1, **kw: Any) -> str:
    r = request_consent(nomination_id, who, **kw)
    assert r.status == 202, r.text
    return link_token(sent()[-1])


def answer(token: str, decision: str = "accept", headers: dict[str, str] | None = None) -> Reply:
    return call("customers", "POST", f"/public/consent/{token}", headers=headers or JSON, body={"decision": decision})


def tab(who: dict[str, str], name: str) -> dict[str, dict[str, Any]]:
    r = call("customers", "GET", CUSTOMERS, claims=who, query=f"tab={name}")
    assert r.status == 200, r.text
    return {row["nomination_id"]: row for row in r.json["items"]}
