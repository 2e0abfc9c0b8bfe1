"""State written straight through the real store (and the claims service), on moto: the consented
nomination, open draft and complete draft later stages start from (the `consented_nomination`,
`draft_claim` and `ready_claim` fixtures; the benchmarks call them inside `mocked_aws()`), and claim rows
of any status with what the table then holds."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared import runtime
from shared.domain.claims import Claim
from shared.domain.lifecycle import Status
from tests.support.calls import partner
from tests.support.catalogue import catalogue_engagement
from tests.support.claims import new_claim

if TYPE_CHECKING:
    from shared.domain.nominations import Nomination
    from shared.store import Store

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def new_consented_nomination(
    partner_id: str = "P-1001",
    engagement_id: str = "ENG-AI-WORKSHOP",
    partner_email: str | None = None,
    customer_email: str | None = None,
) -> Nomination:
    """A nomination the customer consented to (written through the store, as consent would)."""
    from shared.domain.nominations import Contact, Nomination, NominationStatus
    from shared.ids import new_id

    now = runtime.clock.now()
    engagement = catalogue_engagement(engagement_id)
    customer_email = customer_email or f"casey-{uuid.uuid4().hex[:6]}@customer.example"
    nomination = Nomination(
        nomination_id=new_id("nom", now),
        partner_id=partner_id,
        engagement_id=engagement_id,
        engagement_name=engagement.name,
        terms=engagement.terms(),
        location_id="L-" + partner_id.split("-")[1],
        customer_name="Northwind",
        customer_email=customer_email,
        tenant_id=str(uuid.uuid4()),
        status=NominationStatus.CONSENTED,
        created_at=now,
        consent_due=now + timedelta(days=30),
        consent_requested_at=now,
        consent_request_count=1,
        consent_at=now,
        decided_at=now,
        customer_contact=Contact(name="Casey Customer", email=customer_email, locale="en"),
        partner_contact=Contact(name="Pat Partner", email=partner_email or f"pat@{partner_id.lower()}.example"),
    )
    runtime.store().tx().save_nomination(nomination, None).commit()
    return nomination


def new_draft_claim(partner_id: str = "P-1001", **kw: Any) -> dict[str, Any]:
    """An open draft claim (through the claims service); returns the claim view dict."""
    from shared.api.auth import principal_from_event
    from shared.services import claims as service

    nomination = new_consented_nomination(partner_id, **kw)
    who = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": partner(partner_id)}}}})
    return service.open_claim(runtime.store(), who, nomination.nomination_id, runtime.clock.now())


def new_ready_claim(partner_id: str = "P-1001", **kw: Any) -> str:
    """A draft claim with every proof item complete, written straight to the store as the evidence
    consumer and the surveys would (real versioned S3 objects, stored survey answers); returns its id."""
    from shared.domain.claims import SurveyProof, SurveyStatus, UploadProof, UploadStatus

    claim_id = new_draft_claim(partner_id, **kw)["claim_id"]
    store, now = runtime.store(), runtime.clock.now()
    old = store.claim(claim_id)
    assert old is not None, claim_id
    new = old.model_copy(deep=True, update={"version": old.version + 1})
    tx = store.tx()
    for kind in ("findings_report", "invoice"):
        key = f"evidence/{claim_id}/{kind}/{uuid.uuid4().hex}.pdf"
        put = runtime.s3().put_object(Bucket=runtime.settings().bucket_name, Key=key, Body=b"%PDF-1.4 " + kind.encode())
        setattr(
            new.proof,
            kind,
            UploadProof(
                status=UploadStatus.RECEIVED,
                file_name=f"{kind}.pdf",
                content_type="application/pdf",
                size=13,
                s3_key=key,
                s3_version_id=put.get("VersionId"),
                received_at=now,
            ),
        )
    for kind in ("partner", "customer"):
        setattr(
            new.proof,
            f"{kind}_survey",
            SurveyProof(status=SurveyStatus.COMPLETED, sent_at=now, send_count=1, completed_at=now),
        )
        tx.put_answers(claim_id, kind, {"satisfaction": 5, "comments": f"{kind} says fine"}, now, {"kind": kind})
    tx.save_claim(new, old.version).commit()
    return claim_id


def claim_of(
    partner_id: str, n: int, status: Status = Status.DRAFT, at: datetime = T0, engagement_id: str = "ENG-T"
) -> Claim:
    """A claim row with its own id, written straight through the store (no nomination mirror)."""
    return new_claim().model_copy(
        update={
            "claim_id": f"clm_{partner_id}_{n:03d}",
            "partner_id": partner_id,
            "status": status,
            "status_changed_at": at,
            "engagement_id": engagement_id,
        }
    )


def save_all(store: Store, claims: list[Claim]) -> None:
    tx = store.tx()
    for claim in claims:
        tx.save_claim(claim, None)
    tx.commit()


def table_items(store: Store) -> list[dict[str, Any]]:
    """Every row (a Scan is fine in a test: it proves what was, and was not, written)."""
    return store.client.scan(TableName=store.table, ConsistentRead=True)["Items"]
