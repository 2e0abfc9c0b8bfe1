"""Evidence through the local runner: the presigned POST sent to moto's S3 as a browser sends it (multipart,
fields then file), the runner delivering S3 → SQS events to the consumer, and the claim page following."""

from __future__ import annotations

import hashlib
import time
import uuid

import pytest
import requests

from tests.e2e.conftest import outbox

pytestmark = pytest.mark.e2e
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>"
    b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def open_draft_claim(as_user) -> tuple[object, str]:
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


def presign(p, claim_id: str, kind: str, data: bytes, content_type: str, file_name: str) -> dict:
    r = p.post(
        f"/claims/{claim_id}/evidence/{kind}/upload",
        json={"file_name": file_name, "content_type": content_type, "size": len(data)},
    )
    assert r.status_code == 201, r.text
    return r.json()


def wait_for(p, claim_id: str, kind: str, status: str, timeout: float = 30) -> dict:
    """The consumer runs asynchronously in the runner (an SQS poll), so this one waits in wall time."""
    deadline = time.monotonic() + timeout
    while True:
        doc = p.get(f"/claims/{claim_id}/evidence/{kind}").json()
        if doc["status"] == status or time.monotonic() > deadline:
            assert doc["status"] == status, doc
            return doc
        time.sleep(0.2)


def send_like_a_browser(post: dict, data: bytes, file_name: str, content_type: str) -> requests.Response:
    """multipart/form-data with the policy fields first and the file part last (S3 ignores fields after it)."""
    r = requests.post(post["url"], data=post["fields"], files={"file": (file_name, data, content_type)}, timeout=30)
    assert r.status_code in (200, 201, 204), r.text
    return r


def test_a_pdf_is_received_and_a_fake_pdf_is_rejected_and_missing_follows(as_user):
    p, claim_id = open_draft_claim(as_user)
    assert set(p.get(f"/claims/{claim_id}").json()["missing"]) == {
        "findings_report",
        "invoice",
        "partner_survey",
        "customer_survey",
    }

    report = presign(p, claim_id, "findings_report", PDF, "application/pdf", "Findings & recommendations.pdf")
    assert report["url"].startswith("http://127.0.0.1:")  # moto's S3, reachable from here
    send_like_a_browser(report, PDF, "Findings & recommendations.pdf", "application/pdf")
    doc = wait_for(p, claim_id, "findings_report", "received")
    assert (doc["file_name"], doc["size"], doc["content_type"]) == (
        "Findings & recommendations.pdf",
        len(PDF),
        "application/pdf",
    )
    assert doc["checksum_sha256"] == hashlib.sha256(PDF).hexdigest()
    download = requests.get(doc["download_url"], timeout=10)
    assert download.status_code == 200 and download.content == PDF
    assert "attachment" in download.headers.get("Content-Disposition", "")
    claim = p.get(f"/claims/{claim_id}").json()
    assert claim["proof"]["findings_report"]["status"] == "received"
    assert set(claim["missing"]) == {"invoice", "partner_survey", "customer_survey"}

    fake = presign(p, claim_id, "invoice", PNG, "application/pdf", "invoice.pdf")
    send_like_a_browser(fake, PNG, "invoice.pdf", "application/pdf")
    doc = wait_for(p, claim_id, "invoice", "rejected")
    assert doc["reason"] == (
        "The file was announced as a PDF (application/pdf) but its content is not; upload the actual document."
    )
    assert doc["download_url"] is None
    claim = p.get(f"/claims/{claim_id}").json()
    assert claim["proof"]["invoice"]["status"] == "rejected" and claim["proof"]["invoice"]["reason"] == doc["reason"]
    assert "invoice" in claim["missing"]
    assert requests.get(fake["url"] + "/" + fake["key"], timeout=10).status_code in (403, 404)  # deleted

    image = presign(p, claim_id, "invoice", PNG, "image/png", "invoice.png")
    send_like_a_browser(image, PNG, "invoice.png", "image/png")
    wait_for(p, claim_id, "invoice", "received")
    assert set(p.get(f"/claims/{claim_id}").json()["missing"]) == {"partner_survey", "customer_survey"}

    actions = [e["action"] for e in p.get(f"/claims/{claim_id}/history").json()["items"]]
    assert [a for a in actions if a.startswith("evidence_")] == [
        "evidence_upload_requested",
        "evidence_received",
        "evidence_upload_requested",
        "evidence_rejected",
        "evidence_upload_requested",
        "evidence_received",
    ]
    reviewer = as_user("reviewer")
    assert reviewer.get(f"/claims/{claim_id}/evidence/invoice").json()["download_url"]
    assert as_user("incentives-admin", "P-2002").get(f"/claims/{claim_id}/evidence/invoice").status_code == 404
