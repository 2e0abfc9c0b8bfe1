"""Evidence through the local runner: the presigned POST sent to moto's S3 as a browser sends it (multipart,
fields then file), the runner delivering S3 → SQS events to the consumer, and the claim page following."""

from __future__ import annotations

import hashlib

import pytest
import requests

from tests.support.flows import PDF, open_draft_claim, presign, send_like_a_browser, wait_for

pytestmark = pytest.mark.e2e
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


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
