"""The JSON shapes clients rely on, built from domain objects and store rows through their response models
(shared/api/responses.py, the models docs/openapi.json is generated from): a view that gives a field of the
wrong type fails here, not in a client. The models are imported on a view's first answer, not with the
handler (cold start), and build their validators then (`defer_build`)."""

from __future__ import annotations

from typing import Any, overload

from shared.api.auth import Principal
from shared.domain import notices
from shared.domain.claims import Claim

NOTIFICATION_FIELDS = ("notification_id", "claim_id", "kind", "message", "created_at", "read")


def notification_view(item: dict, locale: str = "en") -> dict[str, Any]:
    """The notification, its text in the reader's `locale`."""
    from shared.api.responses import Notification

    return Notification.model_validate(_notification(item, locale)).answer()


def _notification(item: dict, locale: str) -> dict[str, Any]:
    """The notification's fields, unchecked: a claim's view checks them as part of the claim's model."""
    view = {k: item.get(k) for k in NOTIFICATION_FIELDS}
    view["message"] = notification_message(item, locale)
    view["email_status"] = item.get("email_status")
    return view


def notification_message(item: dict, locale: str = "en") -> str | None:
    """A notification's text in `locale` (one stored before notifications kept their facts keeps the English
    text it was stored with)."""
    if item.get("params") is not None:
        return notices.message(item.get("template") or item["kind"], item["params"], locale)
    return item.get("message")


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
    from shared.api import responses

    body = claim.model_dump(mode="json")
    body["missing"] = claim.missing
    body["payment"] = payment_view(body["payment"], principal)
    if not principal.sees_payment_details:
        body.pop("payout", None)
    body["notifications"] = [_notification(n, locale) for n in notifications or []]
    if answers is not None:
        body["survey_answers"] = {
            kind: {"answers": a["answers"], "answered_at": a["answered_at"]} for kind, a in answers.items()
        }
    return responses.Claim.model_validate(body).answer()


PAYMENT_DETAILS = ("remittance_ref", "amount", "currency")


def event_view(item: dict, principal: Principal) -> dict[str, Any]:
    """A history entry; payment details in it are hidden like everywhere else (incentives-user)."""
    from shared.api.responses import HistoryEvent

    details = item.get("details", {})
    if not principal.sees_payment_details:
        details = {k: v for k, v in details.items() if k not in PAYMENT_DETAILS}
    return HistoryEvent(
        at=item["at"], actor=item["actor"], action=item["action"], details=details, seq=item["seq"]
    ).answer()


def engagement_list(engagements: list, now: Any) -> dict[str, Any]:
    from shared.api.responses import Engagement, PageEngagement

    items = [Engagement.model_validate(e.public_view(now)) for e in engagements]
    return PageEngagement(items=items, next_token=None).answer()
