"""What the API answers: one pydantic model per response shape, the one source of both the views' JSON
(shared/api/views.py builds its answers through them) and the OpenAPI document's response schemas
(shared/api/openapi.py generates them from these models; there is no hand-written schema beside them).

Every shape is an open object (DESIGN §4): the fields clients rely on are named and typed, more may follow
(`extra="allow"`: a view's other keys pass through unchanged). A field typed `X | Absent` with a default may be
left out of an answer but is never null; `X | None` may be null. A class docstring is the schema's description,
so only a shape the document describes has one; comments say the rest.

Cold start: nothing imports this module at a handler's import (views import it when they first answer), and
`defer_build=True` leaves every validator and serializer unbuilt until a model is first used."""

from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from shared.api.models import EngagementIn
from shared.domain.lifecycle import Status
from shared.domain.nominations import Tab

# May be left out of the answer (the field is not required), but is never null when there.
Absent = SkipJsonSchema[None]


class Answer(BaseModel):
    # True: the document shows the shape as allOf [its base, its own fields] (a Claim, and more).
    extends_base: ClassVar[bool] = False

    def answer(self) -> dict[str, Any]:
        """The JSON body: exactly the fields the view gave (a default never adds a key), extras included."""
        return self.model_dump(mode="json", exclude_unset=True)


class Open(Answer):
    # The named fields are typed; any others a view adds are kept as they are (and documented as allowed).
    model_config = ConfigDict(extra="allow", defer_build=True)


Words = Annotated[dict[str, str], Field(description="code → its words in the locale")]
LinkEmail = Annotated[
    Literal["pending", "sent", "failed", "undeliverable"] | None,
    Field(
        description="The current link's email: stored first, then sent; failed may be sent again at once; "
        "undeliverable: SES accepted it, then it bounced for good or the recipient complained (change the contact)"
    ),
]


class RiskFlag(Open):
    code: str
    message: str


# ---------------------------------------------------------------- claims
class Notification(Open):
    notification_id: str
    kind: str
    message: str
    claim_id: Annotated[str | None, Field(description="null for a nomination's (consent reminder, consent expired)")]
    created_at: str
    read: bool
    email_status: str | None = None


class Claim(Open):
    claim_id: str
    status: Status
    version: int
    engagement_id: str
    nomination_id: str
    location_id: str | Absent = None
    partner_id: str | Absent = None
    missing: list[str]
    proof: dict[str, Any]
    comments: str | None = None
    notifications: list[Notification] | Absent = None


class HistoryEvent(Open):
    at: str
    actor: dict[str, Any]
    action: str
    details: dict[str, Any]
    seq: int


class DossierPartner(Open):
    partner_id: str
    name: str | None


class DossierPayout(Open):
    amount: str
    currency: str


class DossierEngagement(Open):
    engagement_id: str
    name: str
    payout: DossierPayout


class Deadline(Open):
    at: str
    days_left: Annotated[int, Field(ge=0)]
    passed: bool


class ReviewClaim(Claim):
    """Received files carry `download_url` (Content-Disposition: attachment) and, for PDF/PNG/JPEG, `preview_url` (inline)"""  # noqa: E501

    extends_base = True
    history: list[HistoryEvent]
    partner: DossierPartner
    customer: dict[str, Any] | Absent = None
    tenant_id: str | None = None
    engagement: DossierEngagement
    deadlines: Annotated[
        dict[str, Deadline], Field(description="submit_due, review_due, and dispute_due once rejected")
    ]
    risk_flags: list[RiskFlag]
    survey_questions: dict[str, Any] | Absent = None
    survey_answers: dict[str, Any] | Absent = None


class ReviewQueueItem(Claim):
    extends_base = True
    waiting_since: str
    partner_name: str | None
    age_days: Annotated[int, Field(ge=0, description="Whole days since waiting_since")]
    kind: Literal["new", "resubmission", "dispute"]


class Engagement(Open):
    engagement_id: str
    name: str
    availability: str


class Payment(Open):
    claim_id: str
    status: str
    payable_on: str


class Labels(Open):
    locale: Literal["en", "nl"]
    proof_items: Words
    reason_codes: Words
    statuses: Words
    nomination_statuses: Words
    ineligible_reasons: Words
    notification_kinds: Words


# ---------------------------------------------------------------- customers
class Nomination(Open):
    nomination_id: str
    engagement_id: str
    location_id: str | Absent = None
    status: str
    tab: Tab
    claim_id: str | None = None
    consent_due: str | Absent = None
    consent_email_status: LinkEmail = None
    contact_reason: str | None = None
    risk_flags: list[RiskFlag] | Absent = None


class ConsentPage(Open):
    engagement_name: str
    partner_name: str
    customer_name: str | None = None
    consent_due: str
    locale: str
    decisions: list[str]


class ConsentAnswer(Open):
    decision: str
    nomination_id: str
    status: str


# ---------------------------------------------------------------- evidence
class UploadForm(Open):
    url: str
    fields: dict[str, str]
    expires_at: str
    upload_id: str
    key: str


class Evidence(Open):
    kind: str
    status: str
    download_url: str | None


# ---------------------------------------------------------------- surveys
class SurveyStatus(Open):
    claim_id: str
    kind: str
    status: str
    version: int
    email_status: LinkEmail = None


class SurveyQuestion(Open):
    # named for the reader; their shape is the catalogue's (shared/domain/engagements.py Question)
    id: Any
    text: Any
    type: Any
    required: Any


class SurveyForm(Open):
    kind: str
    locale: str
    questions: list[SurveyQuestion]


class SurveyDone(Open):
    # already_recorded: the very same answers were sent again through the spent link (nothing changed)
    status: Literal["completed", "already_recorded"]


class Error(Open):
    code: str
    message: str
    details: list[dict[str, Any]] | Absent = None


# ---------------------------------------------------------------- reference data (docs/product.md)
class Partner(Open):
    partner_id: str
    name: str
    currency: str


class Location(Open):
    location_id: str
    partner_id: str
    country: str
    engagement_ids: list[str]


class Tenant(Open):
    tenant_id: str
    domains: list[str]


class CatalogueEngagement(EngagementIn, Answer):
    # a catalogue row as the program admin wrote it (its request body, defaults filled in)
    model_config = ConfigDict(extra="allow", defer_build=True)
    extends_base = True


class RefusedRow(Open):
    row: Annotated[int, Field(description="The line of the file (the header is line 1)")]
    code: str
    message: str


class ImportReport(Open):
    applied: int
    unchanged: int
    refused: list[RefusedRow]


class AuditActor(Open):
    sub: str
    email: str
    role: str


class AuditEvent(Open):
    at: str
    kind: str
    ref_id: str
    action: Literal["created", "updated"]
    actor: AuditActor
    before: dict[str, Any] | None
    after: dict[str, Any]


# ---------------------------------------------------------------- pages
Item = TypeVar("Item")


class Page(Open, Generic[Item]):
    items: list[Item]
    next_token: Annotated[
        str | None, Field(description="Pass it back as `next_token` for the next page; null on the last.")
    ]

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        return f"Page{params[0].__name__}"  # Page[Claim] is PageClaim, in the document too


class ReviewQueue(Page[ReviewQueueItem]):
    extends_base = True
    counts: Annotated[
        dict[str, int],
        Field(description="status → how many claims are in it (each waiting status, and the filtered one)"),
    ]


PageClaim = Page[Claim]
PageEngagement = Page[Engagement]
PageNomination = Page[Nomination]
PageHistoryEvent = Page[HistoryEvent]
PageNotification = Page[Notification]
PagePayment = Page[Payment]
PagePartner = Page[Partner]
PageLocation = Page[Location]
PageTenant = Page[Tenant]
PageCatalogueEngagement = Page[CatalogueEngagement]
PageAuditEvent = Page[AuditEvent]


# The document's response components, in its order; a route's `answers` (shared/api/routes.py) names one of them.
COMPONENTS: tuple[type[Answer], ...] = (
    Claim,
    ReviewClaim,
    Engagement,
    Nomination,
    HistoryEvent,
    Notification,
    Payment,
    UploadForm,
    Evidence,
    SurveyStatus,
    ConsentPage,
    ConsentAnswer,
    SurveyForm,
    SurveyDone,
    Labels,
    Error,
    ReviewQueueItem,
    ReviewQueue,
    Partner,
    Location,
    Tenant,
    CatalogueEngagement,
    ImportReport,
    AuditEvent,
    PageClaim,
    PageEngagement,
    PageNomination,
    PageHistoryEvent,
    PageNotification,
    PagePayment,
    PagePartner,
    PageLocation,
    PageTenant,
    PageCatalogueEngagement,
    PageAuditEvent,
)
RESPONSES: dict[str, type[Answer]] = {model.__name__: model for model in COMPONENTS}
