"""Reviewer use cases: the queue, the full claim (evidence links, survey answers, history), decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from shared.api.auth import Principal
from shared.api.views import claim_view, event_view
from shared.domain import claims as rules
from shared.domain.claims import Claim, Outcome, UploadStatus
from shared.domain.engagements import UPLOAD_ITEMS
from shared.domain.lifecycle import Status
from shared.errors import NotFound
from shared.services.common import actor_of, commit_outcome, load_claim
from shared.store import Store, Tx

DOWNLOAD_LINK_SECONDS = 300


def queue(store: Store, principal: Principal, status: Status | None, next_token: str | None, now: datetime) -> dict:
    """Every claim waiting for a reviewer (or, with `status`, every partner's claims in that status),
    oldest first (the status index, no scan); each says since when and what kind of wait it is, and the
    counts per waiting status feed the console's tabs."""
    page = (
        store.claims_in_status(status, next_token)
        if status is not None
        else store.claims_waiting(rules.REVIEW_WAITING, next_token)
    )
    names = store.partner_names([claim.partner_id for claim in page.items])
    items = []
    for claim in page.items:
        view = claim_view(claim, principal)
        view.update(rules.queue_entry(claim, now), partner_name=names.get(claim.partner_id))
        items.append(view)
    items.sort(key=lambda v: v["waiting_since"])  # a claim under review waits since its submission
    counted = list(rules.REVIEW_WAITING) + (
        [status] if status is not None and status not in rules.REVIEW_WAITING else []
    )
    return {
        "items": items,
        "next_token": page.next_token,
        "counts": {s.value: store.count_in_status(s) for s in counted},
    }


PREVIEWABLE = frozenset({"application/pdf", "image/png", "image/jpeg"})  # a browser shows these inline


def content_disposition(kind: str, file_name: str | None) -> str:
    """`attachment` or `inline` with the file's name: a plain-ASCII fallback and the exact UTF-8 name
    (RFC 6266 / RFC 5987), so any name the partner gave survives."""
    name = file_name or "document"
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def claim_detail(
    store: Store, s3: Any, bucket: str, principal: Principal, claim_id: str, now: datetime, locale: str = "en"
) -> dict:
    """The reviewer's dossier: the claim with its survey answers and the questions' text, who the partner
    is, the engagement and its payout, deadlines with days left, risk flags, the whole history, and per
    received file a short-lived download link (an attachment) and, for PDF/PNG/JPEG, a preview link."""
    claim, notes, answers, events = store.claim_dossier(claim_id)
    if claim is None:
        raise NotFound("No claim with this id.")
    profile, nomination, tenant = store.dossier_context(
        claim.partner_id, claim.nomination_id, claim.customer.get("tenant_id")
    )
    view = claim_view(claim, principal, notes, answers, locale)
    for item in UPLOAD_ITEMS:
        proof = claim.proof.item(item)
        if proof.status is UploadStatus.RECEIVED and proof.s3_key:
            params = {"Bucket": bucket, "Key": proof.s3_key}
            if proof.s3_version_id:  # the exact file that was checked, not a later overwrite
                params["VersionId"] = proof.s3_version_id
            links = view["proof"][item.value]
            links["download_url"] = s3.generate_presigned_url(
                "get_object",
                ExpiresIn=DOWNLOAD_LINK_SECONDS,
                Params={**params, "ResponseContentDisposition": content_disposition("attachment", proof.file_name)},
            )
            if proof.content_type in PREVIEWABLE:
                links["preview_url"] = s3.generate_presigned_url(
                    "get_object",
                    ExpiresIn=DOWNLOAD_LINK_SECONDS,
                    Params={
                        **params,
                        "ResponseContentDisposition": content_disposition("inline", proof.file_name),
                        "ResponseContentType": proof.content_type,
                    },
                )
    view["partner"] = {"partner_id": claim.partner_id, "name": (profile or {}).get("name")}
    view["tenant_id"] = claim.customer.get("tenant_id")
    view["engagement"] = {
        "engagement_id": claim.engagement_id,
        "name": claim.engagement_name,
        "payout": claim.payout.model_dump(mode="json"),
    }
    view["deadlines"] = rules.dossier_deadlines(claim, now)
    consent_contact = nomination.customer_contact.email if nomination and nomination.customer_contact else None
    view["risk_flags"] = rules.risk_flags(
        claim,
        nomination.mismatch_reason if nomination else None,
        consent_contact,
        nomination.contact_reason if nomination else None,
        (tenant or {}).get("domains", []),
    )
    view["survey_questions"] = {
        kind: [q.model_dump(mode="json") for q in questions] for kind, questions in claim.survey_questions.items()
    }
    view["history"] = [event_view(e, principal) for e in events]
    return view


def _decide(
    store: Store,
    principal: Principal,
    claim_id: str,
    decide: Callable[[Claim], Outcome],
    extra: Callable[[Claim, Tx], Any] | None = None,
) -> dict:
    """One decision: read the claim, apply the pure rule, commit it (plus any extra writes) at once."""
    claim = load_claim(store, claim_id, principal)
    outcome = decide(claim)
    tx = store.tx()
    if extra:
        extra(outcome.claim, tx)
    return claim_view(commit_outcome(store, claim, outcome, tx=tx), principal)


def start(store: Store, principal: Principal, claim_id: str, now: datetime) -> dict:
    return _decide(store, principal, claim_id, lambda c: rules.start_review(c, now, actor_of(principal)))


def request_info(
    store: Store, principal: Principal, claim_id: str, reason_code: str, message: str, now: datetime
) -> dict:
    def expiry_entry(claim: Claim, tx: Tx) -> None:  # not resubmitted by review_due: the job expires it
        # never in a past bucket the job has already passed: a late info request expires at once
        tx.put_due(max(claim.review_due, now), "claim_review_expiry", claim.claim_id, partner_id=claim.partner_id)

    return _decide(
        store,
        principal,
        claim_id,
        lambda c: rules.request_info(c, now, actor_of(principal), reason_code, message),
        expiry_entry,
    )


def approve(store: Store, principal: Principal, claim_id: str, message: str | None, now: datetime) -> dict:
    return _decide(store, principal, claim_id, lambda c: rules.approve(c, now, actor_of(principal), message))


def reject(store: Store, principal: Principal, claim_id: str, reason_code: str, message: str, now: datetime) -> dict:
    def dispute_window(claim: Claim, tx: Tx) -> None:  # not disputed by dispute_due: the job makes it final
        if claim.dispute_due is not None:
            tx.put_due(claim.dispute_due, "claim_dispute_expiry", claim.claim_id, partner_id=claim.partner_id)

    return _decide(
        store,
        principal,
        claim_id,
        lambda c: rules.reject(c, now, actor_of(principal), reason_code, message),
        dispute_window,
    )


def record_payment(store: Store, principal: Principal, claim_id: str, remittance_ref: str, now: datetime) -> dict:
    return _decide(
        store, principal, claim_id, lambda c: rules.record_payment(c, now, actor_of(principal), remittance_ref)
    )
