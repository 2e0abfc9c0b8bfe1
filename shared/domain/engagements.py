"""The engagement catalogue: data, not code. Availability is derived from dates."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

LOCALES = ("en", "nl")
Locale = Literal["en", "nl"]


class ProofItem(StrEnum):
    FINDINGS_REPORT = "findings_report"
    INVOICE = "invoice"
    PARTNER_SURVEY = "partner_survey"
    CUSTOMER_SURVEY = "customer_survey"


UPLOAD_ITEMS = (ProofItem.FINDINGS_REPORT, ProofItem.INVOICE)
SURVEY_ITEMS = {"partner": ProofItem.PARTNER_SURVEY, "customer": ProofItem.CUSTOMER_SURVEY}


class Availability(StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    EXPIRED = "expired"


class Payout(BaseModel):
    amount: str = Field(description="Decimal amount as a string, e.g. '5000.00'")
    currency: str


class Windows(BaseModel):
    """Deadlines in days: consent from nomination, submit/review from consent, dispute from rejection."""

    consent_days: int = 30
    submit_days: int = 90
    review_days: int = 120
    dispute_days: int = 30
    payment_days: int = 45


class Question(BaseModel):
    id: str
    type: Literal["rating", "yes_no", "text"]
    text: dict[Locale, str]
    required: bool = True
    min: int | None = None
    max: int | None = None


SurveyKind = Literal["partner", "customer"]


class Terms(BaseModel):
    """What a nomination, and the claim opened from it, is held to and paid: copied from the catalogue
    when the customer is nominated, so a later catalogue change never moves a running claim's goalposts
    (and opening a claim or sending a survey needs no second read)."""

    payout: Payout
    windows: Windows = Windows()
    proof_items: list[ProofItem] = Field(default_factory=lambda: list(ProofItem))
    surveys: dict[SurveyKind, list[Question]] = Field(default_factory=dict)


class Engagement(BaseModel):
    engagement_id: str
    name: str
    kind: str = "workshop"
    solution_area: str
    starts_on: date
    ends_on: date
    payout: Payout
    windows: Windows = Windows()
    proof_items: list[ProofItem] = Field(default_factory=lambda: list(ProofItem))
    surveys: dict[SurveyKind, list[Question]]

    def terms(self) -> Terms:
        return Terms(payout=self.payout, windows=self.windows, proof_items=self.proof_items, surveys=self.surveys)

    def availability(self, today: date) -> Availability:
        if today < self.starts_on:
            return Availability.UPCOMING
        if today > self.ends_on:
            return Availability.EXPIRED
        return Availability.ACTIVE

    def public_view(self, now: datetime) -> dict:
        """What GET /engagements shows: the catalogue row with its availability today."""
        return {
            **self.model_dump(mode="json", exclude={"surveys"}),
            "availability": self.availability(now.date()).value,
        }
