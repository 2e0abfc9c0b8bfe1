"""Evidence on moto: the upload and status handlers, and the S3 → SQS consumer fed with exactly the
messages moto's S3 puts on the queue (URL-encoded keys, no version id, the s3:TestEvent)."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

import pytest
import requests

from functions.evidence import consumer
from shared import runtime
from shared.api.auth import principal_from_event
from shared.services import claims as claims_service
from tests.support.calls import call, partner, reviewer
from tests.support.evidence import OWNER, PDF, PNG, browser_post, consume, queued, request_upload, upload

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import ObjectVersionTypeDef

# ---------------------------------------------------------------- helpers


def principal_of(claims: dict):
    return principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": claims}}}})


def evidence(claim_id: str, kind: str = "invoice", who: dict = OWNER):
    return call("evidence", "GET", f"/claims/{claim_id}/evidence/{kind}", claims=who)


def claim_of(claim_id: str):
    return runtime.store().claim(claim_id)


def history(claim_id: str) -> list[dict]:
    return runtime.store().history(claim_id, None).items


def partition(claim_id: str) -> list[dict]:
    """Every row of the claim's partition (claim, events, uploads, notifications)."""
    r = runtime.dynamodb().query(
        TableName=runtime.settings().table_name,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"CLAIM#{claim_id}"}},
    )
    return r["Items"]


def versions(key: str) -> list[ObjectVersionTypeDef]:
    r = runtime.s3().list_object_versions(Bucket=runtime.settings().bucket_name, Prefix=key)
    return [v for v in r.get("Versions", []) if v["Key"] == key]


@pytest.fixture
def claim_id(draft_claim):
    return draft_claim("P-1001")["claim_id"]


# ---------------------------------------------------------------- the upload request


def test_upload_request_records_the_upload_and_marks_the_item_pending(aws, claim_id):
    r = request_upload(claim_id, "findings_report", file_name="C:\\docs\\Findings\u202e.pdf")
    assert r.status == 201, r.text
    assert r.headers["cache-control"] == "no-store"
    post = r.json
    assert set(post) == {"url", "fields", "expires_at", "upload_id", "key"}
    assert post["url"] == "https://workshop-claims-evidence.s3.us-east-1.amazonaws.com/"  # the bucket's own host
    row = runtime.store().upload(claim_id, post["upload_id"])
    assert row["key"] == post["key"] and row["item"] == "findings_report" and row["processed"] is False
    assert (row["content_type"], row["size"], row["file_name"]) == ("application/pdf", len(PDF), "Findings.pdf")
    claim = claim_of(claim_id)
    assert claim.proof.findings_report.status == "pending" and claim.version == 2
    assert history(claim_id)[-1]["action"] == "evidence_upload_requested"
    doc = evidence(claim_id, "findings_report").json
    assert doc["status"] == "pending" and doc["download_url"] is None and doc["file_name"] == "Findings.pdf"


@pytest.mark.parametrize(
    ("kind", "body", "status", "code"),
    [
        ("receipt", {}, 404, "unknown_kind"),
        ("partner_survey", {}, 404, "unknown_kind"),
        (
            "invoice",
            {"content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            422,
            "content_type_not_allowed",
        ),
        ("findings_report", {"content_type": "image/png"}, 422, "content_type_not_allowed"),
        ("invoice", {"content_type": "text/html"}, 422, "content_type_not_allowed"),
        ("invoice", {"size": 25 * 1024 * 1024 + 1}, 422, "file_too_large"),
        ("invoice", {"size": 0}, 422, "validation_error"),
        ("invoice", {"file_name": ""}, 422, "validation_error"),
        ("invoice", {"extra": 1}, 422, "validation_error"),
    ],
)
def test_bad_upload_requests_are_refused_and_change_nothing(aws, claim_id, kind, body, status, code):
    before = partition(claim_id)
    full = {"file_name": "a.pdf", "content_type": "application/pdf", "size": 10, **body}
    r = call("evidence", "POST", f"/claims/{claim_id}/evidence/{kind}/upload", claims=OWNER, body=full)
    assert (r.status, r.json["code"]) == (status, code), r.text
    assert r.json["message"].endswith(".")
    assert partition(claim_id) == before


def test_another_partners_claim_is_404_and_a_reviewer_may_not_request_uploads(aws, claim_id):
    before = partition(claim_id)
    r = request_upload(claim_id, who=partner("P-2002"))
    assert (r.status, r.json["code"]) == (404, "not_found")
    assert request_upload("clm_nope").status == 404
    assert request_upload(claim_id, who=reviewer()).status == 403
    assert request_upload(claim_id, who=None).status == 401
    assert partition(claim_id) == before


def test_a_closed_claim_takes_no_uploads(aws, claim_id):
    claims_service.cancel(runtime.store(), principal_of(OWNER), claim_id, runtime.clock.now())
    before = partition(claim_id)
    r = request_upload(claim_id)
    assert (r.status, r.json["code"], r.json["current_status"]) == (409, "claim_not_editable", "canceled")
    assert partition(claim_id) == before


# ---------------------------------------------------------------- the consumer


def test_a_pdf_becomes_received_with_its_metadata(aws, claim_id):
    post = upload(claim_id)
    assert consume(aws) == set()  # includes moto's s3:TestEvent, which is ignored
    proof = claim_of(claim_id).proof.invoice
    assert proof.status == "received" and proof.size == len(PDF) and proof.file_name == "Invoice 2026-11.pdf"
    assert proof.checksum_sha256 == hashlib.sha256(PDF).hexdigest()
    assert proof.s3_key == post["key"] and proof.s3_version_id == versions(post["key"])[0]["VersionId"]
    assert "invoice" not in claim_of(claim_id).missing
    event = history(claim_id)[-1]
    assert event["action"] == "evidence_received" and event["actor"]["role"] == "system"
    assert event["details"]["checksum_sha256"] == proof.checksum_sha256
    assert runtime.store().upload(claim_id, post["upload_id"])["processed"] is True

    doc = evidence(claim_id).json
    assert doc["status"] == "received" and doc["size"] == len(PDF) and doc["received_at"]
    got = requests.get(doc["download_url"], timeout=10)
    assert got.content == PDF
    assert "X-Amz-Expires=300" in doc["download_url"] and "versionId=" in doc["download_url"]
    assert evidence(claim_id, who=reviewer()).json["download_url"]
    assert evidence(claim_id, who=partner("P-2002")).status == 404
    assert evidence(claim_id, "receipt").status == 404


def test_a_redelivered_event_changes_nothing(aws, claim_id):
    upload(claim_id)
    messages = queued(aws)
    assert consume(aws, messages) == set()
    before = partition(claim_id)
    assert consume(aws, messages) == set()  # at-least-once delivery: the same event again
    assert partition(claim_id) == before


def test_non_pdf_bytes_declared_as_pdf_are_rejected_and_the_object_deleted(aws, claim_id):
    post = upload(claim_id, data=PNG)  # declared application/pdf by default
    assert consume(aws) == set()
    proof = claim_of(claim_id).proof.invoice
    assert proof.status == "rejected"
    assert "application/pdf" in proof.reason and "upload the actual document" in proof.reason
    assert "invoice" in claim_of(claim_id).missing
    assert versions(post["key"]) == []
    assert history(claim_id)[-1]["action"] == "evidence_rejected"
    doc = evidence(claim_id).json
    assert doc["status"] == "rejected" and doc["reason"] == proof.reason and doc["download_url"] is None


def test_a_body_other_than_the_declared_size_is_rejected(aws, claim_id):
    r = request_upload(claim_id, size=len(PDF) + 5)
    browser_post(r.json, PDF)  # S3 would refuse it (content-length-range); moto does not
    assert consume(aws) == set()
    assert "announced" in claim_of(claim_id).proof.invoice.reason


def test_a_file_arriving_after_the_claim_closed_is_rejected(aws, claim_id):
    post = upload(claim_id)
    claims_service.cancel(runtime.store(), principal_of(OWNER), claim_id, runtime.clock.now())
    assert consume(aws) == set()
    claim = claim_of(claim_id)
    assert claim.status == "canceled" and claim.proof.invoice.status == "rejected"
    assert "canceled" in claim.proof.invoice.reason
    assert versions(post["key"]) == []


def test_unknown_keys_are_logged_without_details_and_dropped(aws, claim_id, caplog):
    s3, bucket = runtime.s3(), runtime.settings().bucket_name
    s3.put_object(Bucket=bucket, Key="evidence/casey@customer.example/secret plan.pdf", Body=PDF)
    s3.put_object(Bucket=bucket, Key=f"evidence/P-1001/{claim_id}/invoice/upl_never_issued", Body=PDF)
    with caplog.at_level(logging.WARNING):
        assert consume(aws) == set()
    results = sorted(r.result for r in caplog.records if r.getMessage() == "evidence object checked")
    assert results == ["unknown_key", "unknown_upload"]
    logged = " ".join(consumer.logger.registered_formatter.format(r) for r in caplog.records)
    assert "casey" not in logged and "secret" not in logged
    assert claim_of(claim_id).version == 1
    assert queued(aws) == []  # dropped, not left to loop


def test_one_bad_record_does_not_fail_the_others(aws, claim_id, draft_claim):
    other = draft_claim("P-1001")["claim_id"]
    upload(claim_id)
    upload(other, "findings_report")
    messages = queued(aws)
    poison = dict(messages[0], MessageId="poison-1", Body="this is not an S3 event")
    failed = consume(aws, [*messages, poison])
    assert failed == {"poison-1"}
    assert claim_of(claim_id).proof.invoice.status == "received"
    assert claim_of(other).proof.findings_report.status == "received"


def _edit_before_each_transaction(claim_id, times: int):
    """Another writer changes the claim between the consumer's read and its transaction, `times` times."""
    fired: list[bool] = []
    editing: list[bool] = []  # the edit's own transaction passes through this hook too

    def concurrent_edit(**_):
        if len(fired) < times and not editing:
            fired.append(True)
            editing.append(True)
            claims_service.update_claim(
                runtime.store(),
                principal_of(OWNER),
                claim_id,
                runtime.clock.now(),
                expected_version=None,
                comments=f"edited meanwhile {len(fired)}",
                partner_contacts=None,
                customer_contact=None,
            )
            editing.clear()

    return concurrent_edit


def test_a_concurrent_claim_change_is_decided_again_on_a_fresh_read(aws, claim_id):
    upload(claim_id)
    client, edit = runtime.dynamodb(), _edit_before_each_transaction(claim_id, times=1)
    client.meta.events.register_first("before-call.dynamodb.TransactWriteItems", edit)
    try:
        assert consume(aws, queued(aws)) == set()
    finally:
        client.meta.events.unregister("before-call.dynamodb.TransactWriteItems", edit)
    claim = claim_of(claim_id)
    assert claim.proof.invoice.status == "received" and claim.comments == "edited meanwhile 1"


def test_a_persistent_race_fails_only_that_record_and_the_retry_succeeds(aws, claim_id):
    upload(claim_id)
    messages = queued(aws)
    client, edit = runtime.dynamodb(), _edit_before_each_transaction(claim_id, times=3)
    client.meta.events.register_first("before-call.dynamodb.TransactWriteItems", edit)
    try:
        failed = consume(aws, messages)
    finally:
        client.meta.events.unregister("before-call.dynamodb.TransactWriteItems", edit)
    upload_message = next(m["MessageId"] for m in messages if "ObjectCreated" in m["Body"])
    assert failed == {upload_message}
    assert claim_of(claim_id).proof.invoice.status == "pending"

    assert consume(aws, [m for m in messages if m["MessageId"] in failed]) == set()
    claim = claim_of(claim_id)
    assert claim.proof.invoice.status == "received" and claim.comments == "edited meanwhile 3"


def test_a_reupload_replaces_the_current_file_and_the_earlier_one_stays(aws, claim_id):
    first = upload(claim_id)
    consume(aws)
    second = upload(claim_id, data=PDF + b"% v2\n")
    assert claim_of(claim_id).proof.invoice.status == "received"  # the good file stays while the next is checked
    consume(aws)
    proof = claim_of(claim_id).proof.invoice
    assert proof.s3_key == second["key"] and proof.size == len(PDF) + 5
    assert len(versions(first["key"])) == 1  # the earlier file is still in the bucket
    received = [e["details"]["s3_key"] for e in history(claim_id) if e["action"] == "evidence_received"]
    assert received == [first["key"], second["key"]]


def test_an_older_upload_arriving_late_does_not_replace_a_newer_one(aws, claim_id):
    older = request_upload(claim_id).json
    newer = upload(claim_id)
    consume(aws)
    browser_post(older, PDF)
    consume(aws)
    proof = claim_of(claim_id).proof.invoice
    assert proof.status == "received" and proof.s3_key == newer["key"]
    assert "newer" in history(claim_id)[-1]["details"]["reason"]
