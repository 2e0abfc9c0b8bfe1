"""Customers function: the customers page tabs, nominations, consent requests and the public consent page."""

from collections.abc import Callable
from typing import Annotated, Optional

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Form, Query

from shared import runtime
from shared.api.http import (
    caller,
    create_app,
    endpoint,
    html_response,
    json_response,
    make_handler,
    refuse_unknown_fields,
)
from shared.api.models import ConsentAnswerIn, ConsentDecision, ConsentRequest, Nominate
from shared.domain.nominations import Contact, Tab
from shared.errors import AppError
from shared.pages import consent as page
from shared.pages import html as pages
from shared.services import customers as service

app = create_app()
NextToken = Annotated[Optional[str], Query(max_length=2048)]
# The public form posts `decision=accept`; API clients post {"decision": "accept"}: Form() takes both.
Decision = Annotated[ConsentDecision, Form()]


@endpoint(app, "GET", "/engagements/{engagement_id}/customers")
def customers_tab(
    engagement_id: str, tab: Annotated[Tab, Query()] = Tab.ELIGIBLE, next_token: NextToken = None
) -> Response:
    return json_response(
        service.customers_tab(runtime.store(), caller(), engagement_id, tab, next_token, runtime.clock.now())
    )


@endpoint(app, "POST", "/engagements/{engagement_id}/customers")
def nominate(engagement_id: str, body: Nominate) -> Response:
    return json_response(service.nominate(runtime.store(), caller(), engagement_id, body, runtime.clock.now()), 201)


@endpoint(app, "POST", "/nominations/{nomination_id}/consent-request")
def request_consent(nomination_id: str, body: ConsentRequest) -> Response:
    row = service.request_consent(
        runtime.store(),
        runtime.ses(),
        runtime.settings(),
        caller(),
        nomination_id,
        Contact(**body.customer_contact.model_dump()),
        Contact(**body.partner_contact.model_dump()),
        runtime.clock.now(),
        body.contact_reason,
    )
    return json_response(row, 202)


@endpoint(app, "GET", "/public/consent/{token}")
def consent_form(token: str) -> Response:
    def show(as_json: bool) -> Response:
        link = service.live_consent_link(runtime.store(), token, runtime.clock.now())
        return json_response(link.public_view()) if as_json else html_response(page.form_page(link))

    return _public(show)


@endpoint(app, "POST", "/public/consent/{token}")
def answer_consent(token: str, decision: Decision) -> Response:
    refuse_unknown_fields(app.current_event, ConsentAnswerIn.model_fields)

    def answer(as_json: bool) -> Response:
        link, nomination, again = service.answer_consent(runtime.store(), token, decision, runtime.clock.now())
        if as_json:  # only the answer itself: the link's holder learns nothing else
            return json_response(
                {
                    "decision": decision,
                    "nomination_id": nomination.nomination_id,
                    "status": nomination.status.value,
                    "already_recorded": again,
                }
            )
        return html_response(
            pages.recorded_page(link.locale, link.sender) if again else page.answered_page(link, decision)
        )

    return _public(answer)


def _public(respond: Callable[[bool], Response]) -> Response:
    """JSON for API clients (Accept: application/json), else HTML pages, refusals included."""
    event = app.current_event
    as_json = pages.wants_json(event.headers.get("accept"))
    try:
        return respond(as_json)
    except AppError as exc:
        if as_json:
            raise
        locale = getattr(exc, "locale", None) or pages.locale_of(event.headers.get("accept-language"))
        return html_response(page.error_page(exc, locale), exc.status)


handler = make_handler(app)
