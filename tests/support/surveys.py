"""The surveys function on moto: a survey sent by the partner (the link's token from its email), the public
survey page read and answered, the claim read and patched; answers each survey accepts."""

from __future__ import annotations

import re
from typing import Any

from tests.support.calls import JSON, Reply, call, partner
from tests.support.recorded import sent

P1 = partner("P-1001", email="pm@p-1001.example.com")
CUSTOMER_OK = {"satisfaction": 4, "recommendations_useful": True, "comments": "  Clear and useful.  "}
PARTNER_OK = {"delivered_as_planned": True, "customer_engagement": 5}


def link_token(message: dict[str, str]) -> str:
    found = re.search(r"http://claims\.test/public/surveys/([A-Za-z0-9_-]{43})\n", message["text"])
    assert found, message["text"]
    return found.group(1)


def send(claim_id: str, kind: str, who: dict[str, str] = P1) -> Reply:
    return call("surveys", "POST", f"/claims/{claim_id}/surveys/{kind}/send", claims=who)


def send_link(claim_id: str, kind: str) -> str:
    r = send(claim_id, kind)
    assert r.status == 202, r.text
    return link_token(sent()[-1])


def page(token: str, headers: dict[str, str] | None = None) -> Reply:
    return call("surveys", "GET", f"/public/surveys/{token}", headers=headers or JSON)


def answer(token: str, answers: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
    return call("surveys", "POST", f"/public/surveys/{token}", headers=headers or JSON, body={"answers": answers})


def get_claim(claim_id: str, who: dict[str, str] = P1) -> dict[str, Any]:
    r = call("claims", "GET", f"/claims/{claim_id}", claims=who)
    assert r.status == 200, r.text
    return r.json


def patch(claim_id: str, body: dict[str, Any], who: dict[str, str] = P1) -> Reply:
    return call("claims", "PATCH", f"/claims/{claim_id}", claims=who, body=body)
