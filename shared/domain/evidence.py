"""Evidence files: what may be uploaded for which proof item, where it lives, and how an arrived object is
judged. Pure: no boto3, no clock. The S3 POST policy built here is what binds a browser upload to one
server-chosen key, one content type and one exact size.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from shared.domain.claims import Claim, UploadStatus
from shared.domain.engagements import UPLOAD_ITEMS, ProofItem
from shared.domain.lifecycle import EDITABLE
from shared.errors import NotFound, Unprocessable

MAX_SIZE = 25 * 1024 * 1024  # 25 MiB
UPLOAD_TTL = timedelta(minutes=10)  # the presigned POST; short, but a large file on a slow line still makes it
DOWNLOAD_TTL = timedelta(minutes=5)
KEY_PREFIX = "evidence/"
SNIFF_BYTES = 8  # the longest signature below

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PNG = "image/png"
JPEG = "image/jpeg"

ALLOWED_TYPES: dict[ProofItem, tuple[str, ...]] = {
    ProofItem.FINDINGS_REPORT: (PDF, DOCX, DOC, PPTX),
    ProofItem.INVOICE: (PDF, PNG, JPEG),
}
ITEM_NAMES = {ProofItem.FINDINGS_REPORT: "findings and recommendations document", ProofItem.INVOICE: "invoice"}
TYPE_NAMES = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    DOCX: "Word (.docx)",
    DOC: "Word (.doc)",
    PPTX: "PowerPoint (.pptx)",
}
_OOXML, _OLE2 = b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")
SIGNATURES: dict[str, bytes] = {
    PDF: b"%PDF-",
    DOCX: _OOXML,
    PPTX: _OOXML,
    DOC: _OLE2,
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
}
FORMAT_NAMES = {
    PDF: "a PDF",
    DOCX: "a Word document",
    DOC: "a Word document",
    PPTX: "a PowerPoint document",
    PNG: "a PNG image",
    JPEG: "a JPEG image",
}

KINDS = {item.value: item for item in UPLOAD_ITEMS}
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}  # controls, bidi overrides, unassigned
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
MAX_NAME = 120


def upload_item(kind: str) -> ProofItem:
    """The proof item of a `{kind}` path segment. An unknown kind is a resource that does not exist: 404."""
    if kind not in KINDS:
        raise NotFound(f"There is no evidence kind '{kind[:40]}'; use one of: {', '.join(KINDS)}.", code="unknown_kind")
    return KINDS[kind]


def normalized_type(content_type: str) -> str:
    """`Application/PDF; charset=binary` → `application/pdf` (the policy binds the bare media type)."""
    return content_type.split(";", 1)[0].strip().lower()


def check_request(item: ProofItem, content_type: str, size: int) -> str:
    """Refuse a type the item does not take or a file over the limit; return the normalized type."""
    media_type = normalized_type(content_type)
    allowed = ALLOWED_TYPES[item]
    if media_type not in allowed:
        names = [TYPE_NAMES[t] for t in allowed]
        kinds = f"{', '.join(names[:-1])} or {names[-1]}"
        raise Unprocessable(
            f"The {ITEM_NAMES[item]} must be a {kinds} file; this one is {media_type or 'untyped'}.",
            code="content_type_not_allowed",
            allowed=list(allowed),
        )
    if size > MAX_SIZE:
        raise Unprocessable(
            f"The file is larger than the {MAX_SIZE // (1024 * 1024)} MiB limit.",
            code="file_too_large",
            max_size=MAX_SIZE,
        )
    return media_type


def display_name(file_name: str) -> str:
    """The name as shown to people: no folders, no control or bidi-override characters (the
    'invoice\u202efdp.exe' trick), no characters file systems refuse, at most 120 characters with the
    extension kept. Never used in a key."""
    name = unicodedata.normalize("NFC", file_name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE)
    name = " ".join(_UNSAFE.sub("_", name).split()).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        keep = f".{ext}" if dot and len(ext) <= 10 else ""
        name = (stem if keep else name)[: MAX_NAME - len(keep)].rstrip(" .") + keep
    return name or "file"


def content_disposition(file_name: str) -> str:
    """Download as an attachment under its display name (RFC 6266: ASCII fallback plus UTF-8 form)."""
    ascii_name = file_name.encode("ascii", "ignore").decode() or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def object_key(partner_id: str, claim_id: str, item: ProofItem, upload_id: str) -> str:
    """Server-chosen and unique per issued upload; the partner's file name never enters it."""
    return f"{KEY_PREFIX}{partner_id}/{claim_id}/{item.value}/{upload_id}"


@dataclass(frozen=True)
class KeyParts:
    partner_id: str
    claim_id: str
    item: ProofItem
    upload_id: str


def parse_key(key: str) -> KeyParts | None:
    """The parts of a key `object_key` made, or None for anything else under the bucket."""
    parts = key.removeprefix(KEY_PREFIX).split("/") if key.startswith(KEY_PREFIX) else []
    if len(parts) != 4 or not all(_ID.match(p) for p in (parts[0], parts[1], parts[3])):
        return None
    item = KINDS.get(parts[2])
    return KeyParts(parts[0], parts[1], item, parts[3]) if item else None


def post_policy(content_type: str, size: int) -> tuple[dict, list]:
    """Fields and conditions for `generate_presigned_post` (boto3 adds the bucket and exact-key conditions
    and the SigV4 ones). `content-length-range` is [size, size]: a browser knows the exact size of the
    file it sends (File.size), so the object must be exactly what was declared and checked against the
    limit — a smaller or larger body is refused by S3 itself, not only later by the consumer."""
    return {"Content-Type": content_type}, [{"Content-Type": content_type}, ["content-length-range", size, size]]


def judge(
    claim: Claim, item: ProofItem, upload_id: str, content_type: str, declared_size: int, actual_size: int, head: bytes
) -> str | None:
    """Why an arrived object is refused (a sentence the partner can act on), or None when it is fine."""
    current = claim.proof.item(item)
    if claim.status not in EDITABLE:
        return f"The file arrived after the claim became {claim.status.value}; it no longer takes files."
    if current.status is UploadStatus.RECEIVED and _is_superseded(current.s3_key, upload_id):
        return "A newer file was uploaded for this item; this earlier one was not used."
    if actual_size > MAX_SIZE:
        return f"The file is larger than the {MAX_SIZE // (1024 * 1024)} MiB limit."
    if actual_size != declared_size:
        return f"The file has {actual_size} bytes but {declared_size} were announced; upload it again."
    if not head.startswith(SIGNATURES[content_type]):
        return (
            f"The file was announced as {FORMAT_NAMES[content_type]} ({content_type}) but its content is "
            "not; upload the actual document."
        )
    return None


def _is_superseded(current_key: str | None, upload_id: str) -> bool:
    """A file that checks out after a newer upload of the same item already did must not replace it
    (upload ids sort by the time they were issued)."""
    current = parse_key(current_key) if current_key else None
    return current is not None and current.upload_id > upload_id
