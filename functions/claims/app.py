"""Claims function: the partner's claims, their lifecycle actions, history, notifications, payments."""

from typing import Annotated, Literal, Optional

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header, Query

from shared import runtime
from shared.api.http import (
    AcceptLanguage,
    caller,
    create_app,
    endpoint,
    etag,
    if_match,
    json_response,
    localized,
    make_handler,
)
from shared.api.models import ClaimPatch, DisputeIn, OpenClaim
from shared.api.views import engagement_list
from shared.domain import labels
from shared.domain.lifecycle import Status
from shared.domain.nominations import Contact
from shared.pages.html import locale_of
from shared.services import claims as service

app = create_app()
NextToken = Annotated[Optional[str], Query(max_length=2048)]


@endpoint(app, "GET", "/engagements")
def list_engagements() -> Response:
    return json_response(engagement_list(runtime.store().engagements(), runtime.clock.now()))


@endpoint(app, "GET", "/labels")
def get_labels(locale: Annotated[Literal["en", "nl"], Query()] = "en") -> Response:
    """One catalogue the app reads once per locale (docs/decisions.md): the same words the emails use."""
    return json_response(labels.catalogue(locale), headers={"Cache-Control": "private, max-age=3600"})


@endpoint(app, "GET", "/claims")
def list_claims(
    status: Annotated[Optional[Status], Query()] = None,
    engagement_id: Annotated[Optional[str], Query(max_length=200)] = None,
    next_token: NextToken = None,
) -> Response:
    return json_response(service.list_claims(runtime.store(), caller(), status, engagement_id, next_token))


@endpoint(app, "POST", "/claims")
def open_claim(body: OpenClaim) -> Response:
    return json_response(service.open_claim(runtime.store(), caller(), body.nomination_id, runtime.clock.now()), 201)


@endpoint(app, "GET", "/claims/{claim_id}")
def get_claim(claim_id: str, accept_language: AcceptLanguage = None) -> Response:
    view, version = service.claim_page(runtime.store(), caller(), claim_id, locale=locale_of(accept_language))
    return localized(view, etag(version))


@endpoint(app, "PATCH", "/claims/{claim_id}")
def patch_claim(claim_id: str, body: ClaimPatch) -> Response:
    view = service.update_claim(
        runtime.store(),
        caller(),
        claim_id,
        runtime.clock.now(),
        expected_version=if_match(app),
        comments=body.comments,
        partner_contacts=[Contact(**c.model_dump()) for c in body.partner_contacts] if body.partner_contacts else None,
        customer_contact=Contact(**body.customer_contact.model_dump()) if body.customer_contact else None,
        given_reason=body.contact_reason,
    )
    return json_response(view, headers=etag(view["version"]))


@endpoint(app, "POST", "/claims/{claim_id}/cancel")
def cancel_claim(claim_id: str) -> Response:
    return json_response(service.cancel(runtime.store(), caller(), claim_id, runtime.clock.now()))


@endpoint(app, "POST", "/claims/{claim_id}/submit")
def submit_claim(
    claim_id: str,
    idempotency_key: Annotated[Optional[str], Header(alias="Idempotency-Key", max_length=200)] = None,
) -> Response:
    return json_response(service.submit(runtime.store(), caller(), claim_id, runtime.clock.now(), idempotency_key))


@endpoint(app, "POST", "/claims/{claim_id}/dispute")
def dispute_claim(claim_id: str, body: DisputeIn) -> Response:
    return json_response(service.dispute(runtime.store(), caller(), claim_id, body.message, runtime.clock.now()))


@endpoint(app, "GET", "/claims/{claim_id}/history")
def claim_history(claim_id: str, next_token: NextToken = None) -> Response:
    return json_response(service.history(runtime.store(), caller(), claim_id, next_token))


@endpoint(app, "GET", "/notifications")
def list_notifications(
    unread: Annotated[bool, Query()] = False, next_token: NextToken = None, accept_language: AcceptLanguage = None
) -> Response:
    return localized(service.notifications(runtime.store(), caller(), unread, next_token, locale_of(accept_language)))


@endpoint(app, "POST", "/notifications/{notification_id}/read")
def read_notification(notification_id: str, accept_language: AcceptLanguage = None) -> Response:
    return localized(
        service.mark_read(runtime.store(), caller(), notification_id, runtime.clock.now(), locale_of(accept_language))
    )


@endpoint(app, "GET", "/payments")
def list_payments(next_token: NextToken = None) -> Response:
    return json_response(service.payments(runtime.store(), caller(), next_token))


handler = make_handler(app)
