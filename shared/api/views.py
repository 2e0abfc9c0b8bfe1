"""The JSON shapes clients rely on (docs/openapi.json), built from domain objects and store rows."""

from __future__ import annotations

from typing import Any, overload

from shared.api.auth import Principal
from shared.domain import notices
from shared.domain.claims import Claim

NOTIFICATION_FIELDS = ("notification_id", "claim_id", "kind", "message", "created_at", "read")


def notification_view(item: dict, locale: str = "en") -> dict:
    """The notification, its text in the reader's `locale` (one stored before notifications kept their facts
    keeps the English text it was stored with)."""
    view = {k: item.get(k) for k in NOTIFICATION_FIELDS}
    if item.get("params") is not None:
        view["message"] = notices.message(item.get("template") or item["kind"], item["params"], locale)
    view["email_status"] = item.get("email_status")
    return view


@overload
def payment_view(payment: dict, principal: Principal) -> dict: ...
@overload
def payment_view(payment: None, principal: Principal) -> None: ...
@overload
def payment_view(payment: dict | None, principal: Principal) -> dict | None: ...
def payment_view(payment: dict | None, principal: Principal) -> dict | None:
    """Amounts and remittance are payment details: incentives-admin and reviewers only."""
    if payment is None:
        return None
    if principal.sees_payment_details:
        return payment
    return {"status": payment["status"], "payable_on": payment["payable_on"]}


def claim_view(
    claim: Claim,
    principal: Principal,
    notifications: list[dict] | None = None,
    answers: dict[str, dict] | None = None,
    locale: str = "en",
) -> dict[str, Any]:
    body = claim.model_dump(mode="json", exclude={"payment", "partner_id"})
    body["partner_id"] = claim.partner_id
    body["missing"] = claim.missing
    body["payment"] = payment_view(claim.model_dump(mode="json")["payment"], principal)
    if not principal.sees_payment_details:
        body.pop("payout", None)
    body["notifications"] = [notification_view(n, locale) for n in notifications or []]
    if answers is not None:
        body["survey_answers"] = {
            kind: {"answers": a["answers"], "answered_at": a["answered_at"]} for kind, a in answers.items()
        }
    return body


PAYMENT_DETAILS = ("remittance_ref", "amount", "currency")


def event_view(item: dict, principal: Principal) -> dict:
    """A history entry; payment details in it are hidden like everywhere else (incentives-user)."""
    details = item.get("details", {})
    if not principal.sees_payment_details:
        details = {k: v for k, v in details.items() if k not in PAYMENT_DETAILS}
    return {
        "at": item["at"],
        "actor": item["actor"],
        "action": item["action"],
        "details": details,
        "seq": item["seq"],
    }


def engagement_list(engagements: list, now: Any) -> dict:
    return {"items": [e.public_view(now) for e in engagements], "next_token": None}
