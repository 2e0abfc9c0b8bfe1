"""A user's steps through the local runner over HTTP, as the e2e tests and the benchmarks take them: a
consent link emailed to the customer, a claim opened after its consent, evidence uploaded to the presigned
URL as a browser sends it, surveys sent and answered on their public pages, a claim made ready; and the
answers and emails they check."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import requests

from shared.emails.notifications import HEADLINES
from tests.support.runner import Client, outbox, wait_for_mail

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>"
    b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
JSON = {"Accept": "application/json"}


def consent_link(as_user: Callable[..., Client]) -> tuple[str, dict[str, Any]]:
    """A new nomination and the consent link emailed to its customer: (link, nomination)."""
    p = as_user(partner_id="P-1001")
    email = f"ann-{uuid.uuid4().hex[:8]}@c{uuid.uuid4().hex[:8]}.example"
    r = p.post(
        "/engagements/ENG-AI-WORKSHOP/customers",
        json={"location_id": "L-1001", "customer_email": email, "tenant_id": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    nomination = r.json()
    r = p.post(
        f"/nominations/{nomination['nomination_id']}/consent-request",
        json={
            "customer_contact": {"name": "Ann", "email": email},
            "partner_contact": {"name": "Pat", "email": p.email},
        },
    )
    assert r.status_code == 202, r.text
    link = next(x for x in outbox(p.base, email)[-1]["links"] if "/public/consent/" in x)
    return link, nomination


def open_draft_claim(as_user: Callable[..., Client]) -> tuple[Client, str]:
    """Nominate, get the consent by email, accept it on the public link, open the claim: (partner, claim id)."""
    p = as_user("incentives-user", "P-1001")
    email = f"ann-{uuid.uuid4().hex[:8]}@c{uuid.uuid4().hex[:8]}.example"
    r = p.post(
        "/engagements/ENG-AI-WORKSHOP/customers",
        json={"location_id": "L-1001", "customer_email": email, "tenant_id": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    nomination_id = r.json()["nomination_id"]
    r = p.post(
        f"/nominations/{nomination_id}/consent-request",
        json={
            "customer_contact": {"name": "Ann", "email": email},
            "partner_contact": {"name": "Pat", "email": p.email},
        },
    )
    assert r.status_code == 202, r.text
    link = next(x for x in outbox(p.base, email)[-1]["links"] if "/public/consent/" in x)
    path = link[link.index("/public/") :]
    r = requests.post(p.base + path, json={"decision": "accept"}, headers={"Accept": "application/json"}, timeout=10)
    assert r.status_code == 200, r.text
    r = p.post("/claims", json={"nomination_id": nomination_id})
    assert r.status_code == 201, r.text
    return p, r.json()["claim_id"]


def presign(p: Client, claim_id: str, kind: str, data: bytes, content_type: str, file_name: str) -> dict[str, Any]:
    r = p.post(
        f"/claims/{claim_id}/evidence/{kind}/upload",
        json={"file_name": file_name, "content_type": content_type, "size": len(data)},
    )
    assert r.status_code == 201, r.text
    return r.json()


def wait_for(p: Client, claim_id: str, kind: str, status: str, timeout: float = 30) -> dict[str, Any]:
    """The consumer runs asynchronously in the runner (an SQS poll), so this one waits in wall time."""
    deadline = time.monotonic() + timeout
    while True:
        doc = p.get(f"/claims/{claim_id}/evidence/{kind}").json()
        if doc["status"] == status or time.monotonic() > deadline:
            assert doc["status"] == status, doc
            return doc
        time.sleep(0.2)


def send_like_a_browser(post: dict[str, Any], data: bytes, file_name: str, content_type: str) -> requests.Response:
    """multipart/form-data with the policy fields first and the file part last (S3 ignores fields after it)."""
    r = requests.post(post["url"], data=post["fields"], files={"file": (file_name, data, content_type)}, timeout=30)
    assert r.status_code in (200, 201, 204), r.text
    return r


def send_survey(p: Client, claim_id: str, kind: str) -> str:
    """Send (or resend) a survey; return the link from the newest email to its recipient."""
    claim = p.get(f"/claims/{claim_id}").json()
    to = claim["contacts"]["customer"]["email"] if kind == "customer" else claim["contacts"]["partner"][0]["email"]
    r = p.post(f"/claims/{claim_id}/surveys/{kind}/send")
    assert r.status_code == 202, r.text
    assert (r.json()["kind"], r.json()["status"]) == (kind, "sent")
    link = next(x for x in outbox(p.base, to)[-1]["links"] if "/public/surveys/" in x)
    assert link.startswith(f"{p.base}/public/surveys/")
    return link


def answers_for(form: dict[str, Any]) -> dict[str, Any]:
    values = {"rating": lambda q: q["max"], "yes_no": lambda q: True, "text": lambda q: "Clear and useful."}
    return {q["id"]: values[q["type"]](q) for q in form["questions"]}


def fill(link: str) -> requests.Response:
    form = requests.get(link, headers=JSON, timeout=10)
    assert form.status_code == 200, form.text
    return requests.post(link, json={"answers": answers_for(form.json())}, headers=JSON, timeout=10)


def ready_claim(as_user: Callable[..., Client]) -> tuple[Client, str]:
    """(partner incentives-user, claim id) with all four proof items complete."""
    p, claim_id = open_draft_claim(as_user)
    for kind in ("findings_report", "invoice"):
        send_like_a_browser(
            presign(p, claim_id, kind, PDF, "application/pdf", f"{kind}.pdf"), PDF, f"{kind}.pdf", "application/pdf"
        )
    for kind in ("findings_report", "invoice"):
        wait_for(p, claim_id, kind, "received")
    for kind in ("partner", "customer"):
        assert fill(send_survey(p, claim_id, kind)).status_code == 200
    assert p.get(f"/claims/{claim_id}").json()["missing"] == []
    return p, claim_id


def ok(response: requests.Response, status: str | None = None) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    if status:
        assert body["status"] == status, body
    return body


def mails(p: Client, kind: str) -> list[dict[str, Any]]:
    """The partner contact's one email of a notification kind (its headline is the subject's end)."""
    return wait_for_mail(p.base, p.email, lambda m: m["subject"].endswith(HEADLINES[kind]["en"]))
