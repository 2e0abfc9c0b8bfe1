"""Review function: the reviewers' queue, the full claim, and their decisions (start, request info,
approve, reject, record the payment). Every action answers 200 with the claim."""

from typing import Annotated, Optional

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from shared import runtime
from shared.api.http import AcceptLanguage, caller, create_app, endpoint, json_response, localized, make_handler
from shared.api.models import Approve, Paid, Reject, RequestInfo
from shared.domain.lifecycle import Status
from shared.pages.html import locale_of
from shared.services import review as service

app = create_app()
REVIEW = "/review/claims/{claim_id}"


@endpoint(app, "GET", "/review/claims")
def review_queue(
    status: Annotated[Optional[Status], Query()] = None,
    next_token: Annotated[Optional[str], Query(max_length=2048)] = None,
) -> Response:
    return json_response(service.queue(runtime.store(), caller(), status, next_token, runtime.clock.now()))


@endpoint(app, "GET", REVIEW)
def review_claim(claim_id: str, accept_language: AcceptLanguage = None) -> Response:
    return localized(
        service.claim_detail(
            runtime.store(),
            runtime.s3(),
            runtime.settings().bucket_name,
            caller(),
            claim_id,
            runtime.clock.now(),
            locale_of(accept_language),
        )
    )


@endpoint(app, "POST", REVIEW + "/start")
def start_review(claim_id: str) -> Response:
    return json_response(service.start(runtime.store(), caller(), claim_id, runtime.clock.now()))


@endpoint(app, "POST", REVIEW + "/request-info")
def request_info(claim_id: str, body: RequestInfo) -> Response:
    return json_response(
        service.request_info(runtime.store(), caller(), claim_id, body.reason_code, body.message, runtime.clock.now())
    )


@endpoint(app, "POST", REVIEW + "/approve")
def approve(claim_id: str, body: Optional[Approve] = None) -> Response:  # no body at all means no message
    message = body.message if body else None
    return json_response(service.approve(runtime.store(), caller(), claim_id, message, runtime.clock.now()))


@endpoint(app, "POST", REVIEW + "/reject")
def reject(claim_id: str, body: Reject) -> Response:
    return json_response(
        service.reject(runtime.store(), caller(), claim_id, body.reason_code, body.message, runtime.clock.now())
    )


@endpoint(app, "POST", REVIEW + "/paid")
def record_payment(claim_id: str, body: Paid) -> Response:
    return json_response(
        service.record_payment(runtime.store(), caller(), claim_id, body.remittance_ref, runtime.clock.now())
    )


handler = make_handler(app)
