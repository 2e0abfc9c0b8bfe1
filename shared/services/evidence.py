"""Evidence use cases: issue a presigned upload, show an item with a download link, and verify an object
that arrived in the bucket (the S3 event consumer). Each state change is one read and one transaction."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ClientError

from shared.api.auth import Principal
from shared.domain import claims as rules
from shared.domain import evidence as files
from shared.domain.claims import UploadProof, UploadStatus
from shared.domain.engagements import ProofItem
from shared.errors import Conflict
from shared.ids import new_id
from shared.services.common import COMMIT_ATTEMPTS, SYSTEM, actor_of, commit_outcome, iso, load_claim, until_committed
from shared.store import Store

if TYPE_CHECKING:  # request bodies are for the HTTP functions; the consumer/job never builds them
    from shared.api.models import UploadRequest

GONE = {"NoSuchKey", "NoSuchVersion", "404"}


def request_upload(
    store: Store,
    s3: Any,
    bucket: str,
    principal: Principal,
    claim_id: str,
    kind: str,
    body: UploadRequest,
    now: datetime,
) -> dict:
    """A presigned POST bound to a fresh key for this claim and item, recorded with what was declared.
    Another change of the claim at the same time (the consumer recording a file, the other item's upload)
    is no reason to refuse: the request is decided again on a fresh read."""
    item = files.upload_item(kind)
    content_type = files.check_request(item, body.content_type, body.size)
    file_name = files.display_name(body.file_name)
    return until_committed(  # still racing after the last attempt: the caller gets the 409
        lambda: _request_upload(store, s3, bucket, principal, claim_id, item, content_type, file_name, body.size, now)
    )


def _request_upload(
    store: Store,
    s3: Any,
    bucket: str,
    principal: Principal,
    claim_id: str,
    item: ProofItem,
    content_type: str,
    file_name: str,
    size: int,
    now: datetime,
) -> dict:
    claim = load_claim(store, claim_id, principal)
    upload_id = new_id("upl", now)
    outcome = rules.upload_requested(claim, now, actor_of(principal), item, file_name, upload_id)
    key = files.object_key(claim.partner_id, claim_id, item, upload_id)
    fields, conditions = files.post_policy(content_type, size)
    post = s3.generate_presigned_post(
        Bucket=bucket, Key=key, Fields=fields, Conditions=conditions, ExpiresIn=int(files.UPLOAD_TTL.total_seconds())
    )
    # S3 enforces the policy's own expiration (signed with wall time), so that is the one to report
    expires_at = json.loads(base64.b64decode(post["fields"]["policy"]))["expiration"]
    tx = store.tx().put_upload(
        claim_id,
        upload_id,
        item=item.value,
        key=key,
        content_type=content_type,
        size=size,
        file_name=file_name,
        expires_at=expires_at,
        requested_at=now.isoformat(),
        requested_by=principal.actor(),
    )
    commit_outcome(store, claim, outcome, tx=tx)
    return {"url": post["url"], "fields": post["fields"], "expires_at": expires_at, "upload_id": upload_id, "key": key}


def evidence_view(store: Store, s3: Any, bucket: str, principal: Principal, claim_id: str, kind: str) -> dict:
    """The item's status and metadata; a received file also gets a short-lived link to exactly the
    version that was checked."""
    item = files.upload_item(kind)
    proof = cast(UploadProof, load_claim(store, claim_id, principal).proof.item(item))  # an upload item
    received = proof.status is UploadStatus.RECEIVED and proof.s3_key
    download_url = (
        s3.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": bucket,
                "Key": proof.s3_key,
                "ResponseContentType": proof.content_type,
                "ResponseContentDisposition": files.content_disposition(proof.file_name or "file"),
                **({"VersionId": proof.s3_version_id} if proof.s3_version_id else {}),
            },
            ExpiresIn=int(files.DOWNLOAD_TTL.total_seconds()),
        )
        if received
        else None
    )
    return {
        "kind": item.value,
        "status": proof.status.value,
        "file_name": proof.file_name,
        "size": proof.size,
        "content_type": proof.content_type,
        "checksum_sha256": proof.checksum_sha256,
        "received_at": iso(proof.received_at),
        "reason": proof.reason,
        "download_url": download_url,
    }


# ---------------------------------------------------------------- the S3 event consumer


@dataclass(frozen=True)
class Arrived:
    """What is actually in the bucket: read by us, never taken from the event."""

    version_id: str | None
    size: int
    head: bytes
    sha256: str | None


@dataclass(frozen=True)
class Checked:
    """The consumer's result for one object (ids only: safe to log)."""

    result: str  # received | rejected | duplicate | unknown_key | unknown_upload | object_gone
    claim_id: str | None = None
    upload_id: str | None = None


def check_object(store: Store, s3: Any, bucket: str, key: str, version_id: str | None, now: datetime) -> Checked:
    """Verify one created object against the upload the API issued for its key, then record it received or
    rejected in one transaction (the upload's `processed` flag makes a re-delivered event a no-op). A lost
    race with another claim change is re-decided on a fresh read; only a persistent one raises Conflict
    so that the record is retried, never lost."""
    parts = files.parse_key(key)
    if parts is None:
        return Checked("unknown_key")
    ids = {"claim_id": parts.claim_id, "upload_id": parts.upload_id}
    upload = store.upload(parts.claim_id, parts.upload_id)
    claim = store.claim(parts.claim_id) if upload and upload.get("key") == key else None
    if claim is None or upload is None:
        return Checked("unknown_upload", **ids)
    if upload["processed"]:
        if upload.get("outcome") == UploadStatus.REJECTED:  # finish a discard an earlier attempt may have missed
            _discard(s3, bucket, key, upload.get("s3_version_id"))
        return Checked("duplicate", **ids)
    arrived = _read(s3, bucket, key, version_id)
    if arrived is None:
        return Checked("object_gone", **ids)
    for attempt in range(COMMIT_ATTEMPTS):  # a claim change racing this one: re-read, decide again
        if attempt:
            claim = store.claim(parts.claim_id)
            assert claim is not None  # claims are never deleted
        reason = files.judge(
            claim, parts.item, parts.upload_id, upload["content_type"], upload["size"], arrived.size, arrived.head
        )
        result = UploadProof(
            status=UploadStatus.REJECTED if reason else UploadStatus.RECEIVED,
            file_name=upload["file_name"],
            content_type=upload["content_type"],
            size=arrived.size,
            s3_key=key,
            s3_version_id=arrived.version_id,
            checksum_sha256=arrived.sha256,
            received_at=None if reason else now,
            reason=reason,
        )
        outcome = rules.upload_checked(claim, now, SYSTEM, parts.item, result)
        tx = store.tx().mark_upload_processed(parts.claim_id, parts.upload_id, arrived.version_id, result.status.value)
        try:
            commit_outcome(store, claim, outcome, tx=tx)
            break
        except Conflict:
            again = store.upload(parts.claim_id, parts.upload_id)
            if again and again["processed"]:
                return Checked("duplicate", **ids)  # a concurrent delivery of the same event won
            if attempt == COMMIT_ATTEMPTS - 1:
                raise  # still racing: the record is retried by the queue, never lost
    if reason:
        _discard(s3, bucket, key, arrived.version_id)
    return Checked(result.status.value, **ids)


def _read(s3: Any, bucket: str, key: str, version_id: str | None) -> Arrived | None:
    """Size, first bytes and SHA-256 of the object version, streamed (never more than the limit)."""
    try:
        obj = s3.get_object(Bucket=bucket, Key=key, **({"VersionId": version_id} if version_id else {}))
    except ClientError as exc:
        if exc.response["Error"]["Code"] in GONE:
            return None
        raise
    size, body = obj["ContentLength"], obj["Body"]
    if size > files.MAX_SIZE:
        body.close()
        return Arrived(obj.get("VersionId"), size, b"", None)
    digest, head = hashlib.sha256(), b""
    for chunk in body.iter_chunks(1024 * 1024):
        digest.update(chunk)
        head += chunk[: files.SNIFF_BYTES - len(head)]
    return Arrived(obj.get("VersionId"), size, head, digest.hexdigest())


def _discard(s3: Any, bucket: str, key: str, version_id: str | None) -> None:
    """Delete exactly the refused version (deleting a version that is already gone succeeds)."""
    s3.delete_object(Bucket=bucket, Key=key, **({"VersionId": version_id} if version_id else {}))
