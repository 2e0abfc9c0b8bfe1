"""The shape of each stored item that is not a domain model (links' tokens, uploads, due entries): what
its writer may put and what its readers may read. TypedDicts, not models: they cost nothing at import or
per read, and mypy checks every key a writer names (`**fields: Unpack[...]`) and every key a reader reads."""

from __future__ import annotations

from typing import Any, Literal, Required, TypedDict

ContactRow = dict[str, str]  # {name, email}: whom the reader of a public page may ask


class TokenFields(TypedDict, total=False):
    """What a link's token row says besides its purpose and expiry: the public page is drawn from it alone."""

    locale: str
    engagement_name: str
    partner_name: str
    partner_contact: ContactRow
    # a consent link
    nomination_id: str
    customer_name: str | None
    consent_due: str
    # a survey link
    claim_id: str
    kind: str
    questions: list[dict[str, Any]]
    submit_due: str
    recipient: str


class TokenRow(TokenFields, total=False):
    purpose: Required[Literal["consent", "survey"]]
    expires_at: Required[str]
    outcome: str  # a TokenOutcome; absent while the link is live
    expires_at_epoch: int  # keys.TTL_ATTRIBUTE: DynamoDB deletes the row a while after the link expires
    answer_digest: str
    answered_at: str


class UploadFields(TypedDict):
    """What a presigned upload was granted for: the consumer accepts the object only if it matches."""

    item: str
    key: str
    content_type: str
    size: int
    file_name: str
    expires_at: str
    requested_at: str
    requested_by: dict[str, str]


class UploadRow(UploadFields, total=False):
    upload_id: Required[str]
    claim_id: Required[str]
    processed: Required[bool]
    s3_version_id: str | None
    outcome: str


class DueFields(TypedDict, total=False):
    partner_id: str


class DueEntry(DueFields, total=False):
    """A deadline or reminder to act on (`Store.due_entries`); its key is what consumes it (`Tx.delete_due`)."""

    PK: Required[str]
    SK: Required[str]
    job: Required[str]
    ref: Required[str]
    due_at: Required[str]
