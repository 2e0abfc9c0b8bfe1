"""Nominations (a partner adds a customer) and consent: eligibility and the customers-page tabs."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from shared.domain.days import days_left
from shared.domain.engagements import Locale, Terms
from shared.domain.labels import INELIGIBLE_REASONS as WORDS
from shared.domain.lifecycle import Status as ClaimStatus
from shared.domain.outbox import EmailStatus, throttled
from shared.errors import Conflict, Gone, TooSoon, Unprocessable


class NominationStatus(StrEnum):
    AWAITING_CONSENT = "awaiting_consent"
    CONSENTED = "consented"
    DECLINED = "declined"
    CONSENT_EXPIRED = "consent_expired"
    LOST_TO_OTHER_PARTNER = "lost_to_other_partner"


class Tab(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    COMPLETED = "completed"


# The statuses that make a row ineligible, with the reason the row shows (words: shared/domain/labels.py)
INELIGIBLE_REASONS = {
    status: WORDS[status.value]["en"]
    for status in (
        NominationStatus.DECLINED,
        NominationStatus.CONSENT_EXPIRED,
        NominationStatus.LOST_TO_OTHER_PARTNER,
        ClaimStatus.EXPIRED,
        ClaimStatus.CANCELED,
        ClaimStatus.REJECTED_FINAL,
    )
}


class Contact(BaseModel):
    name: str
    email: str
    locale: Locale = "en"


class Nomination(BaseModel):
    nomination_id: str
    partner_id: str
    engagement_id: str
    engagement_name: str
    partner_name: str | None = None  # shown on the consent email and page
    location_id: str
    terms: Terms  # the engagement's terms when the customer was nominated
    customer_name: str | None = None
    customer_email: str
    tenant_id: str
    mismatch_reason: str | None = None
    status: NominationStatus = NominationStatus.AWAITING_CONSENT
    version: int = 1
    created_at: datetime
    consent_due: datetime
    consent_requested_at: datetime | None = None
    consent_request_count: int = 0
    consent_sends_today: int = 0  # of the UTC day of consent_requested_at
    consent_token_hash: str | None = None
    consent_email_status: EmailStatus | None = None  # the current link's email (shared/domain/outbox.py)
    contact_reason: str | None = None  # why the consent contact, off the customer's domains, speaks for it
    customer_contact: Contact | None = None
    partner_contact: Contact | None = None
    decided_at: datetime | None = None
    consent_at: datetime | None = None
    claim_id: str | None = None
    claim_status: ClaimStatus | None = None  # mirrored from the claim so the tabs are one query

    @property
    def consent_locale(self) -> str:
        """The language of the consent link, its email and its pages: the consent contact's."""
        return self.customer_contact.locale if self.customer_contact else "en"

    @property
    def tab(self) -> Tab:
        return tab_for(self.status, self.claim_status)

    @property
    def ineligible_reason(self) -> str | None:
        if self.tab is not Tab.INELIGIBLE:
            return None
        claim_reason = INELIGIBLE_REASONS.get(self.claim_status) if self.claim_status is not None else None
        return INELIGIBLE_REASONS.get(self.status) or claim_reason

    def actions(self) -> list[str]:
        """What the customers page offers on this row."""
        if self.status is NominationStatus.AWAITING_CONSENT:
            return ["resend_consent"] if self.consent_requested_at else ["request_consent"]
        if self.status is NominationStatus.CONSENTED:
            return ["view_claim"] if self.claim_id else ["open_claim"]
        return ["view_claim"] if self.claim_id else []

    def row(self, now: datetime) -> dict:
        """One row of the customers page."""
        active = self.status is NominationStatus.CONSENTED
        due = self.consent_due if self.status is NominationStatus.AWAITING_CONSENT else None
        return {
            "nomination_id": self.nomination_id,
            "engagement_id": self.engagement_id,
            "customer": {"name": self.customer_name, "email": self.customer_email, "tenant_id": self.tenant_id},
            "location_id": self.location_id,
            "status": self.status.value,
            "type": "active" if active else "not started",
            "tab": self.tab.value,
            "consent_due": self.consent_due.isoformat(),
            "days_left": days_left(due, now) if due else None,
            "consent_requested_at": self.consent_requested_at.isoformat() if self.consent_requested_at else None,
            "consent_email_status": self.consent_email_status.value if self.consent_email_status else None,
            "consent_at": self.consent_at.isoformat() if self.consent_at else None,
            "claim_id": self.claim_id,
            "claim_status": self.claim_status.value if self.claim_status else None,
            "ineligible_reason": self.ineligible_reason,
            "actions": self.actions(),
            "created_at": self.created_at.isoformat(),
            "contact_reason": self.contact_reason,
            "risk_flags": contact_flags("consent request", self.customer_contact, self.contact_reason),
        }


def consent_due(terms: Terms, nominated_at: datetime) -> datetime:
    return nominated_at + timedelta(days=terms.windows.consent_days)


CONSENT_RESEND_INTERVAL = timedelta(minutes=5)  # like surveys: a double click or an impatient resend
CONSENT_SENDS_PER_DAY = 5  # a customer's mailbox is not a partner's megaphone


def check_can_request_consent(nomination: Nomination, now: datetime) -> None:
    """While awaiting consent and inside its window; at most one send per 5 minutes and 5 per UTC day, so
    the consent request can never be used to flood a mailbox (429 with Retry-After). An email that failed
    may be sent again at once, and does not count for the day."""
    if nomination.status is not NominationStatus.AWAITING_CONSENT:
        raise Conflict(
            f"Consent can only be requested while awaiting consent; this nomination is '{nomination.status.value}'.",
            code="consent_not_awaited",
            current_status=nomination.status.value,
        )
    if now >= nomination.consent_due:
        raise Conflict(
            "The consent window of this nomination has passed.",
            code="consent_window_passed",
            current_status=nomination.status.value,
        )
    last = nomination.consent_requested_at
    if last and throttled(nomination.consent_email_status) and now < last + CONSENT_RESEND_INTERVAL:
        _too_soon(
            "The consent request was sent moments ago; it can be sent again after {at}.",
            last + CONSENT_RESEND_INTERVAL,
            now,
        )
    if last and last.date() == now.date() and nomination.consent_sends_today >= CONSENT_SENDS_PER_DAY:
        tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
        _too_soon(
            f"The consent request was sent {CONSENT_SENDS_PER_DAY} times today; it can be sent again after {{at}}.",
            tomorrow,
            now,
            code="too_many_sends",
        )


def _too_soon(message: str, allowed: datetime, now: datetime, code: str = "too_soon") -> None:
    raise TooSoon(
        message.format(at=allowed.isoformat()),
        code=code,
        retry_after=allowed.isoformat(),
        headers={"Retry-After": str(max(1, int((allowed - now).total_seconds())))},
    )


def sends_today(nomination: Nomination, now: datetime) -> int:
    """The consent sends of `now`'s UTC day, this one included."""
    last = nomination.consent_requested_at
    return nomination.consent_sends_today + 1 if last and last.date() == now.date() else 1


def check_consent_answerable(nomination: Nomination, token_hash: str, now: datetime) -> None:
    """A consent link works once, only while it is the current one and the window is open."""
    if (
        nomination.status is not NominationStatus.AWAITING_CONSENT
        or nomination.consent_token_hash != token_hash
        or now >= nomination.consent_due
    ):
        raise Gone("This consent link is no longer valid.")


def check_can_nominate_again(previous: Nomination) -> None:
    """The same partner may nominate a customer again (a new nomination, a new consent window) after its
    consent expired or was declined, or after it canceled the claim. Every other case is refused, saying
    which (a consent won by another partner is the caller's to check: it holds the lock)."""
    if previous.status in (NominationStatus.DECLINED, NominationStatus.CONSENT_EXPIRED):
        return
    if previous.status is NominationStatus.AWAITING_CONSENT:
        raise Conflict(
            f"You already nominated this customer for this engagement; that nomination awaits the "
            f"customer's consent until {previous.consent_due.date().isoformat()}.",
            code="already_nominated",
            nomination_id=previous.nomination_id,
        )
    if previous.status is NominationStatus.CONSENTED and previous.claim_status is ClaimStatus.CANCELED:
        return
    if previous.status is NominationStatus.CONSENTED and previous.claim_id is None:
        raise Conflict(
            "The customer already consented to your nomination for this engagement; open its claim.",
            code="already_consented",
            nomination_id=previous.nomination_id,
        )
    if previous.status is NominationStatus.CONSENTED:
        status = previous.claim_status.value if previous.claim_status else "open"
        raise Conflict(
            f"You already have a claim for this customer and engagement (it is '{status}'); a customer "
            "is claimed once per engagement.",
            code="claim_exists",
            claim_id=previous.claim_id,
        )
    raise Conflict(
        f"This customer can no longer be nominated for this engagement ('{previous.status.value}').",
        code="already_nominated",
        nomination_id=previous.nomination_id,
    )


def check_can_open_claim(nomination: Nomination) -> None:
    if nomination.claim_id and nomination.claim_status is ClaimStatus.CANCELED:
        raise Conflict(
            "This customer's claim was canceled; to claim for this customer again, nominate them "
            "again (a new consent is needed).",
            code="claim_canceled",
            claim_id=nomination.claim_id,
        )
    if nomination.claim_id:
        raise Conflict(
            "A claim is already open for this nomination.", code="claim_exists", claim_id=nomination.claim_id
        )
    if nomination.status is not NominationStatus.CONSENTED:
        raise Conflict(
            f"The customer has not consented (nomination is '{nomination.status.value}').",
            code="consent_missing",
            current_status=nomination.status.value,
        )


def require_tenant(directory_tenant: str | None, given_tenant: str | None, mismatch_reason: str | None) -> str:
    """The tenant id of a nomination: the given one, else the directory's for the email domain."""
    if given_tenant is None:
        if directory_tenant is None:
            raise Unprocessable(
                "The customer's email domain is not in the tenant directory; provide the customer's tenant_id.",
                code="tenant_id_required",
            )
        return directory_tenant
    if directory_tenant and directory_tenant != given_tenant and not (mismatch_reason or "").strip():
        raise Unprocessable(
            "The tenant_id differs from the tenant directory for this email domain; explain why in mismatch_reason.",
            code="mismatch_reason_required",
        )
    return given_tenant


def email_domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def contact_reason_for(
    address: str, customer_email: str, tenant_domains: list[str], contact_reason: str | None
) -> str | None:
    """The customer speaks for the customer (docs/product.md): consent and customer-survey links go to an address
    on the nominated email's domain or on a domain the tenant directory lists for the tenant. Any other
    address needs the partner's reason, which is kept (and flagged to reviewers); None when on the domains."""
    domains = {email_domain(customer_email), *(d.lower() for d in tenant_domains)}
    if email_domain(address) in domains:
        return None
    if not (contact_reason or "").strip():
        raise Unprocessable(
            f"{address} is not on the customer's domains ({', '.join(sorted(domains))}); say why "
            "this contact speaks for the customer in contact_reason.",
            code="contact_reason_required",
            domains=sorted(domains),
        )
    return (contact_reason or "").strip()


def contact_flags(what: str, contact: Contact | None, contact_reason: str | None) -> list[dict[str, str]]:
    """The risk flag of a contact the partner placed off the customer's domains, with its reason."""
    if contact is None or not contact_reason:
        return []
    return [
        {
            "code": "contact_off_domain",
            "message": f"The {what} went to {contact.email}, which is not on the customer's domains; the "
            f"partner's reason: {contact_reason}",
        }
    ]


def tab_for(status: NominationStatus, claim_status: ClaimStatus | None) -> Tab:
    """Which customers-page tab a nomination is on (the store keys its index by this)."""
    if status not in (NominationStatus.CONSENTED, NominationStatus.AWAITING_CONSENT):
        return Tab.INELIGIBLE
    if claim_status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        return Tab.COMPLETED
    if claim_status in INELIGIBLE_REASONS:
        return Tab.INELIGIBLE
    return Tab.ELIGIBLE
