"""Request bodies of the API (validated by Powertools, documented in the OpenAPI document)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from shared.domain.claims import REJECT_REASONS, REQUEST_INFO_REASONS
from shared.domain.engagements import Engagement, Payout, ProofItem, Question, SurveyKind, Windows
from shared.domain.mailsafe import DOMAIN_LABEL, EMAIL, NAME, SPACE_CLASS, SPACES, address, name

NOT_BLANK = f"[^{SPACE_CLASS}]"


def _not_blank(value: str) -> str:
    """Stored without surrounding whitespace; blank is missing. Lengths count what was sent, so the
    documented `maxLength` and `pattern` (a non-blank character) say exactly what is accepted."""
    value = value.strip(SPACES)
    if not value:
        raise ValueError("must not be blank")
    return value


Text = Annotated[
    str, StringConstraints(max_length=2000), AfterValidator(_not_blank), Field(json_schema_extra={"pattern": NOT_BLANK})
]
# One line of text that may reach an email: no control characters, line breaks or bidi controls.
Name = Annotated[
    str,
    StringConstraints(max_length=200),
    AfterValidator(name),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"pattern": NAME}),
]
# Checked by shared/domain/mailsafe.py's rule (not email-validator, which the Lambda runtime does not ship), the one
# the email code sends with: ASCII addresses, as SES has no SMTPUTF8.
EmailStr = Annotated[
    str, StringConstraints(max_length=254), AfterValidator(address), Field(json_schema_extra={"pattern": EMAIL})
]


# A whole number in a body: at most what every JSON client reads exactly (RFC 8259 §6, JavaScript's
# Number.MAX_SAFE_INTEGER), so the bound is documented and a 39-digit number (shared/api/json_body.py refuses
# it as a whole) is not something the document allows.
SAFE_INTEGER = 2**53 - 1
BodyInt = Annotated[int, Field(ge=-SAFE_INTEGER, le=SAFE_INTEGER)]

TENANT_ID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
TenantId = Annotated[
    str,
    StringConstraints(pattern=TENANT_ID),
    Field(description="A Microsoft Entra tenant id: a GUID"),
    AfterValidator(str.lower),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


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
    contact_reason: Text | None = None  # why a customer contact off the customer's domains speaks for it


class DisputeIn(Strict):
    message: Text


class Nominate(Strict):
    location_id: Name
    customer_email: EmailStr
    customer_name: Name | None = None
    tenant_id: TenantId | None = None
    mismatch_reason: Text | None = None


class ConsentRequest(Strict):
    customer_contact: ContactIn
    partner_contact: ContactIn
    contact_reason: Text | None = None  # why a customer contact off the customer's domains speaks for it


class UploadRequest(Strict):
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    content_type: Annotated[str, StringConstraints(min_length=3, max_length=127)]
    size: Annotated[int, Field(gt=0, le=SAFE_INTEGER)]


ConsentDecision = Literal["accept", "decline"]


class ConsentAnswerIn(Strict):
    """The public consent page's answer as JSON (its HTML form posts the same field urlencoded)."""

    decision: ConsentDecision


class SurveyAnswers(Strict):
    answers: dict[str, bool | BodyInt | str]


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


# ---------------------------------------------------------------- reference data (program admins; docs/product.md)
RefId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
DOMAIN = f"^{DOMAIN_LABEL}(?:\\.{DOMAIN_LABEL})+$"
Domain = Annotated[str, StringConstraints(max_length=253, pattern=DOMAIN), AfterValidator(str.lower)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), Field(description="ISO 4217 code, e.g. EUR")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), Field(description="ISO 3166-1 alpha-2, e.g. NL")]
EngagementRef = Annotated[str, StringConstraints(pattern=r"^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$")]


class PartnerIn(Strict):
    partner_id: RefId
    name: Name
    currency: Currency


class LocationIn(Strict):
    location_id: RefId
    partner_id: RefId
    country: Country
    engagement_ids: Annotated[
        list[EngagementRef],
        Field(min_length=1, max_length=200, description="The engagements it may nominate for; `*` means every one"),
    ]


class TenantIn(Strict):
    tenant_id: TenantId
    domains: Annotated[list[Domain], Field(min_length=1, max_length=100)]


def _iso_date(value: object) -> object:
    """A date is written as an ISO date string ("2027-01-31"), never a number of seconds."""
    if not isinstance(value, (str, date)):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date), Field(json_schema_extra={"format": "date"})]
Amount = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{1,9}(\.[0-9]{2})?$"), Field(description="A decimal amount, e.g. 5000.00")
]


class PayoutIn(Payout):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    amount: Amount
    currency: Currency


# Catalogue numbers are bounded in the document: a deadline of more than ten years or a rating scale past a
# million is a typo, and DynamoDB stores numbers of 38 digits at most (shared/api/json_body.py refuses longer).
Days = Annotated[int, Field(ge=-36500, le=36500)]  # catalogue_problems asks for positive ones, in words
Scale = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]


class WindowsIn(Windows):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    consent_days: Days = 30
    submit_days: Days = 90
    review_days: Days = 120
    dispute_days: Days = 30
    payment_days: Days = 45


class QuestionIn(Question):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    min: Scale | None = None
    max: Scale | None = None


class EngagementIn(Engagement):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    windows: WindowsIn = WindowsIn()
    # narrows Engagement's field for input (pydantic validates with this type; mypy sees dict as invariant)
    surveys: dict[SurveyKind, list[QuestionIn]]  # type: ignore[assignment]
    engagement_id: RefId
    name: Name
    kind: Name = "workshop"
    solution_area: Name
    starts_on: IsoDate
    ends_on: IsoDate
    payout: PayoutIn


class EngagementPatch(Strict):
    """What PATCH /program/engagements/{id} may change (only while nobody has nominated on it)."""

    name: Name | None = None
    kind: Name | None = None
    solution_area: Name | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    payout: PayoutIn | None = None
    windows: WindowsIn | None = None
    proof_items: list[ProofItem] | None = None
    surveys: dict[SurveyKind, list[QuestionIn]] | None = None


REFERENCE_BODIES: dict[str, type[Strict] | type[EngagementIn]] = {
    "partners": PartnerIn,
    "locations": LocationIn,
    "tenants": TenantIn,
    "engagements": EngagementIn,
}
