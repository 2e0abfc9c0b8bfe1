"""Evidence rules: allowed types, size limit, magic bytes, display names, the key layout, and the presigned
POST policy — decoded and checked condition by condition, because moto does not enforce any of them."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from shared.domain import evidence as files
from shared.domain.claims import UploadProof, UploadStatus
from shared.domain.engagements import ProofItem
from shared.domain.lifecycle import Status
from shared.errors import NotFound, Unprocessable
from tests.support.calls import call, partner

PDF_BYTES = b"%PDF-1.7\n..."
HEADS = {
    files.PDF: b"%PDF-1.4",
    files.DOCX: b"PK\x03\x04\x14\x00",
    files.PPTX: b"PK\x03\x04\x14\x00",
    files.DOC: bytes.fromhex("D0CF11E0A1B11AE1"),
    files.PNG: b"\x89PNG\r\n\x1a\n",
    files.JPEG: b"\xff\xd8\xff\xe0",
}


# ---------------------------------------------------------------- kinds, types, sizes


def test_only_the_two_upload_items_are_kinds():
    assert files.upload_item("invoice") is ProofItem.INVOICE
    assert files.upload_item("findings_report") is ProofItem.FINDINGS_REPORT
    for kind in ("partner_survey", "INVOICE", "receipt", ""):
        with pytest.raises(NotFound) as err:
            files.upload_item(kind)
        assert err.value.code == "unknown_kind"


@pytest.mark.parametrize(
    ("item", "content_type"),
    [
        (ProofItem.FINDINGS_REPORT, files.PDF),
        (ProofItem.FINDINGS_REPORT, files.DOCX),
        (ProofItem.FINDINGS_REPORT, files.DOC),
        (ProofItem.FINDINGS_REPORT, files.PPTX),
        (ProofItem.INVOICE, files.PDF),
        (ProofItem.INVOICE, files.PNG),
        (ProofItem.INVOICE, files.JPEG),
    ],
)
def test_allowed_types_per_item(item, content_type):
    assert files.check_request(item, content_type, 1) == content_type


def test_declared_type_is_normalized_to_the_bare_media_type():
    assert files.check_request(ProofItem.INVOICE, "Application/PDF; charset=binary", 10) == files.PDF


@pytest.mark.parametrize(
    ("item", "content_type"),
    [
        (ProofItem.FINDINGS_REPORT, files.PNG),
        (ProofItem.FINDINGS_REPORT, files.JPEG),
        (ProofItem.INVOICE, files.DOCX),
        (ProofItem.INVOICE, "text/html"),
        (ProofItem.INVOICE, "image/svg+xml"),
        (ProofItem.FINDINGS_REPORT, "application/zip"),
        (ProofItem.FINDINGS_REPORT, "application/octet-stream"),
    ],
)
def test_other_types_are_refused(item, content_type):
    with pytest.raises(Unprocessable) as err:
        files.check_request(item, content_type, 1)
    assert err.value.code == "content_type_not_allowed"
    assert set(err.value.extra["allowed"]) == set(files.ALLOWED_TYPES[item])


def test_size_limit_is_25_mib_inclusive():
    assert files.MAX_SIZE == 25 * 1024 * 1024
    assert files.check_request(ProofItem.INVOICE, files.PDF, files.MAX_SIZE) == files.PDF
    with pytest.raises(Unprocessable) as err:
        files.check_request(ProofItem.INVOICE, files.PDF, files.MAX_SIZE + 1)
    assert err.value.code == "file_too_large"


# ---------------------------------------------------------------- names and keys


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("report.pdf", "report.pdf"),
        ("C:\\Users\\pat\\Documents\\report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override removed
        ("a\x00b\nc\td.pdf", "abcd.pdf"),
        ('what<is>:this"|?*.pdf', "what_is__this____.pdf"),
        ("  spaced   out  .pdf ", "spaced out .pdf"),
        ("...", "file"),
        ("", "file"),
        ("Bericht-über-Änderungen.pdf", "Bericht-über-Änderungen.pdf"),
    ],
)
def test_display_name(given, shown):
    assert files.display_name(given) == shown


def test_long_names_keep_their_extension():
    shown = files.display_name("x" * 300 + ".docx")
    assert len(shown) == files.MAX_NAME and shown.endswith(".docx")


def test_key_layout_round_trips_and_never_holds_the_file_name():
    key = files.object_key("P-1001", "clm_abc", ProofItem.INVOICE, "upl_0001")
    assert key == "evidence/P-1001/clm_abc/invoice/upl_0001"
    parts = files.parse_key(key)
    assert parts is not None, key
    assert (parts.partner_id, parts.claim_id, parts.item, parts.upload_id) == (
        "P-1001",
        "clm_abc",
        ProofItem.INVOICE,
        "upl_0001",
    )


@pytest.mark.parametrize(
    "key",
    [
        "evidence/clm_abc/invoice/abc.pdf",
        "evidence/P-1001/clm_abc/partner_survey/upl_1",
        "evidence/P-1001/clm_abc/invoice/upl_1/extra",
        "other/P-1001/clm_abc/invoice/upl_1",
        "evidence/P-1001/clm abc/invoice/upl_1",
        "evidence/P-1001/clm_abc/invoice/../upl_1",
        "evidence/",
    ],
)
def test_foreign_keys_do_not_parse(key):
    assert files.parse_key(key) is None


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    assert files.content_disposition("Überblick.pdf") == (
        "attachment; filename=\"berblick.pdf\"; filename*=UTF-8''%C3%9Cberblick.pdf"
    )


# ---------------------------------------------------------------- judging an arrived object


def _claim(status=Status.DRAFT, invoice: UploadProof | None = None):
    from shared.domain.claims import Claim, Contacts, Proof
    from shared.domain.engagements import Payout, Windows
    from shared.domain.nominations import Contact

    now = datetime(2026, 11, 23, tzinfo=UTC)
    contact = Contact(name="Pat", email="pat@example.com")
    return Claim(
        claim_id="clm_1",
        partner_id="P-1001",
        engagement_id="E",
        engagement_name="E",
        nomination_id="n",
        location_id="L",
        customer={},
        status=status,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
        consent_at=now,
        submit_due=now + timedelta(days=90),
        review_due=now + timedelta(days=120),
        required=list(ProofItem),
        payout=Payout(amount="1", currency="USD"),
        windows=Windows(),
        proof=Proof(invoice=invoice or UploadProof()),
        contacts=Contacts(partner=[contact], customer=contact),
    )


@pytest.mark.parametrize("content_type", list(HEADS))
def test_matching_magic_bytes_pass(content_type):
    assert files.judge(_claim(), ProofItem.INVOICE, "upl_2", content_type, 10, 10, HEADS[content_type]) is None


@pytest.mark.parametrize(
    ("declared", "head"),
    [
        (files.PDF, b"\x89PNG\r\n\x1a\n"),
        (files.PDF, b"<html><b"),
        (files.PNG, b"%PDF-1.4"),
        (files.JPEG, b"GIF89a.."),
        (files.DOCX, bytes.fromhex("D0CF11E0A1B11AE1")),
        (files.DOC, b"PK\x03\x04...."),
        (files.PDF, b""),
    ],
)
def test_mismatching_magic_bytes_are_rejected_with_a_readable_reason(declared, head):
    reason = files.judge(_claim(), ProofItem.INVOICE, "upl_2", declared, 10, 10, head)
    assert reason and declared in reason and "upload the actual document" in reason


def test_size_must_be_what_was_declared_and_within_the_limit():
    claim = _claim()

    def reason(announced: int, size: int) -> str:
        found = files.judge(claim, ProofItem.INVOICE, "upl_2", files.PDF, announced, size, PDF_BYTES)
        assert found is not None, (announced, size)
        return found

    assert "announced" in reason(10, 11)
    assert "announced" in reason(10, 9)
    too_big = files.MAX_SIZE + 1
    assert "25 MiB" in reason(too_big, too_big)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.UNDER_REVIEW, Status.CANCELED, Status.EXPIRED])
def test_a_file_arriving_after_the_claim_closed_is_rejected(status):
    reason = files.judge(_claim(status), ProofItem.INVOICE, "upl_2", files.PDF, 10, 10, PDF_BYTES)
    assert reason and status.value in reason


def test_action_required_still_takes_files():
    assert files.judge(_claim(Status.ACTION_REQUIRED), ProofItem.INVOICE, "upl_2", files.PDF, 10, 10, PDF_BYTES) is None


def test_an_older_upload_arriving_late_does_not_replace_a_newer_received_file():
    newer = UploadProof(
        status=UploadStatus.RECEIVED,
        s3_key=files.object_key("P-1001", "clm_1", ProofItem.INVOICE, "upl_0000000000020000000000"),
    )
    claim = _claim(invoice=newer)
    reason = files.judge(claim, ProofItem.INVOICE, "upl_0000000000010000000000", files.PDF, 10, 10, PDF_BYTES)
    assert reason and "newer" in reason
    assert files.judge(claim, ProofItem.INVOICE, "upl_0000000000030000000000", files.PDF, 10, 10, PDF_BYTES) is None


# ---------------------------------------------------------------- the presigned POST policy


def test_presigned_post_policy_binds_every_condition(aws, draft_claim, clock):
    """Every condition of the policy the endpoint signs. content-length-range is [size, size]: a browser
    knows File.size exactly, so S3 itself refuses any body that is not exactly the declared (and
    limit-checked) size; the consumer checks again because moto does not enforce policies."""
    claim = draft_claim()
    before = clock.now()
    r = call(
        "evidence",
        "POST",
        f"/claims/{claim['claim_id']}/evidence/invoice/upload",
        claims=partner(),
        body={"file_name": "../März invoice.pdf", "content_type": "application/pdf", "size": 1234},
    )
    assert r.status == 201, r.text
    post = r.json
    fields = post["fields"]
    policy = json.loads(base64.b64decode(fields["policy"]))
    key = post["key"]
    assert key == f"evidence/P-1001/{claim['claim_id']}/invoice/{post['upload_id']}"
    assert "März" not in key and ".pdf" not in key

    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(0) < expiration - datetime.now(UTC) <= timedelta(minutes=15)
    assert post["expires_at"] == policy["expiration"]
    assert clock.now() - before < timedelta(minutes=1)

    conditions = policy["conditions"]
    singles = {k: v for c in conditions if isinstance(c, dict) for k, v in c.items()}
    ranges = [c for c in conditions if isinstance(c, list)]
    assert ranges == [["content-length-range", 1234, 1234]]  # no starts-with: nothing is left open
    assert singles == {
        "bucket": "workshop-claims-evidence",
        "key": key,
        "Content-Type": "application/pdf",
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "x-amz-credential": fields["x-amz-credential"],
        "x-amz-date": fields["x-amz-date"],
        "x-amz-security-token": fields["x-amz-security-token"],
    }
    assert len(conditions) == len(singles) + len(ranges)
    assert fields["x-amz-credential"].endswith("/us-east-1/s3/aws4_request")
    # every field the browser must send is covered by a condition, and nothing else is sent
    assert set(fields) == set(singles) - {"bucket"} | {"policy", "x-amz-signature"}
    assert all(fields[name] == singles[name] for name in singles if name != "bucket")
