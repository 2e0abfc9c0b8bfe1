"""Request bodies of the API (validated by Powertools, documented in the OpenAPI document)."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from shared.domain.claims import REJECT_REASONS, REQUEST_INFO_REASONS

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[^@\s<>(),;:\"\[\]]+@{_LABEL}(?:\.{_LABEL})+$")


def _email(value: str) -> str:
    """Checked here rather than with email-validator, which the Lambda runtime does not ship."""
    if not _EMAIL.match(value):
        raise ValueError("value is not a valid email address")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


EmailStr = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactIn(Strict):
    name: Name
    email: EmailStr
    locale: Literal["en", "nl"] = "en"


class OpenClaim(Strict):
    nomination_id: Name


class ClaimPatch(Strict):
    comments: Annotated[str, StringConstraints(max_length=5000)] | None = None
    partner_contacts: Annotated[list[ContactIn], Field(min_length=1, max_length=10)] | None = None
    customer_contact: ContactIn | None = None


class DisputeIn(Strict):
    message: Text


class Nominate(Strict):
    location_id: Name
    customer_email: EmailStr
    customer_name: Name | None = None
    tenant_id: Name | None = None
    mismatch_reason: Text | None = None


class ConsentRequest(Strict):
    customer_contact: ContactIn
    partner_contact: ContactIn


class UploadRequest(Strict):
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    content_type: Annotated[str, StringConstraints(min_length=3, max_length=127)]
    size: Annotated[int, Field(gt=0)]


class SurveyAnswers(Strict):
    answers: dict[str, bool | int | str]


class RequestInfo(Strict):
    reason_code: Literal[REQUEST_INFO_REASONS]  # type: ignore[valid-type]
    message: Text


class Reject(Strict):
    reason_code: Literal[REJECT_REASONS]  # type: ignore[valid-type]
    message: Text


class Approve(Strict):
    message: Text | None = None


class Paid(Strict):
    remittance_ref: Name
