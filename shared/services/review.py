"""Reviewer use cases: the queue, the full claim (evidence links, survey answers, history), decisions."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.auth import Principal
from shared.domain import claims as rules
from shared.domain.claims import Claim, Outcome, UploadStatus
from shared.domain.engagements import UPLOAD_ITEMS
from shared.domain.lifecycle import Status
from shared.errors import NotFound
from shared.services.common import actor_of, commit_outcome, load_claim
from shared.store import Store, Tx
from shared.views import claim_view, event_view

DOWNLOAD_LINK_SECONDS = 300


def queue(store: Store, principal: Principal, status: Status, next_token: str | None) -> dict:
    """Every partner's claims in one status, longest waiting first (the status index, no scan)."""
    page = store.claims_in_status(status, next_token)
    return {"items": [claim_view(c, principal) for c in page.items], "next_token": page.next_token}


def claim_detail(store: Store, s3: Any, bucket: str, principal: Principal, claim_id: str) -> dict:
    """The claim with its survey answers, its history and a short-lived download link per received file."""
    claim, notes, answers, events = store.claim_dossier(claim_id)
    if claim is None:
        raise NotFound("No claim with this id.")
    view = claim_view(claim, principal, notes, answers)
    for item in UPLOAD_ITEMS:
        proof = claim.proof.item(item)
        if proof.status is UploadStatus.RECEIVED and proof.s3_key:
            params = {"Bucket": bucket, "Key": proof.s3_key}
            if proof.s3_version_id:  # the exact file that was checked, not a later overwrite
                params["VersionId"] = proof.s3_version_id
            view["proof"][item.value]["download_url"] = s3.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=DOWNLOAD_LINK_SECONDS)
    view["history"] = [event_view(e, principal) for e in events]
    return view


def _decide(store: Store, principal: Principal, claim_id: str, decide: Callable[[Claim], Outcome],
            extra: Callable[[Claim, Tx], Any] | None = None) -> dict:
    """One decision: read the claim, apply the pure rule, commit it (plus any extra writes) at once."""
    claim = load_claim(store, claim_id, principal)
    outcome = decide(claim)
    tx = store.tx()
    if extra:
        extra(outcome.claim, tx)
    return claim_view(commit_outcome(store, claim, outcome, tx=tx), principal)


def start(store: Store, principal: Principal, claim_id: str, now: datetime) -> dict:
    return _decide(store, principal, claim_id, lambda c: rules.start_review(c, now, actor_of(principal)))


def request_info(store: Store, principal: Principal, claim_id: str, reason_code: str, message: str,
                 now: datetime) -> dict:
    def expiry_entry(claim: Claim, tx: Tx) -> None:  # not resubmitted by review_due: the job expires it
        # never in a past bucket the job has already passed: a late info request expires at once
        tx.put_due(max(claim.review_due, now), "claim_review_expiry", claim.claim_id, partner_id=claim.partner_id)

    return _decide(store, principal, claim_id,
                   lambda c: rules.request_info(c, now, actor_of(principal), reason_code, message), expiry_entry)


def approve(store: Store, principal: Principal, claim_id: str, message: str | None, now: datetime) -> dict:
    return _decide(store, principal, claim_id, lambda c: rules.approve(c, now, actor_of(principal), message))


def reject(store: Store, principal: Principal, claim_id: str, reason_code: str, message: str,
           now: datetime) -> dict:
    return _decide(store, principal, claim_id,
                   lambda c: rules.reject(c, now, actor_of(principal), reason_code, message))


def record_payment(store: Store, principal: Principal, claim_id: str, remittance_ref: str, now: datetime) -> dict:
    return _decide(store, principal, claim_id,
                   lambda c: rules.record_payment(c, now, actor_of(principal), remittance_ref))
