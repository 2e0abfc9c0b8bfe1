"""Surveys function: send (or resend) a survey by email, the partner survey answered in the app, and the
public survey page (HTML form, or JSON with `Accept: application/json`)."""

import json
from collections.abc import Callable
from urllib.parse import parse_qsl

from aws_lambda_powertools.event_handler import Response

from shared import runtime
from shared.api.http import (
    FORMS,
    caller,
    create_app,
    endpoint,
    html_response,
    json_response,
    make_handler,
    refuse_unknown_fields,
)
from shared.api.models import SurveyAnswers
from shared.domain.surveys import InvalidAnswers, from_form, survey_form
from shared.errors import AppError, Unprocessable
from shared.pages import survey as page
from shared.pages.html import locale_of, recorded_page, wants_json
from shared.services import surveys as service

app = create_app()


@endpoint(app, "POST", "/claims/{claim_id}/surveys/{kind}/send")
def send_survey(claim_id: str, kind: str) -> Response:
    status = service.send_survey(
        runtime.store(), runtime.ses(), runtime.settings(), caller(), claim_id, kind, runtime.clock.now()
    )
    return json_response(status, 202)


@endpoint(app, "POST", "/claims/{claim_id}/surveys/partner/response")
def answer_partner_survey(claim_id: str, body: SurveyAnswers) -> Response:
    return json_response(service.answer_in_app(runtime.store(), caller(), claim_id, body.answers, runtime.clock.now()))


@endpoint(app, "GET", "/public/surveys/{token}")
def survey_page(token: str) -> Response:
    def show(as_json: bool) -> Response:
        link = service.survey_link(runtime.store(), token)
        service.live_claim(runtime.store(), link, runtime.clock.now())  # single use: an answered link is dead
        if as_json:
            return json_response(survey_form(link.kind, link.locale, link.questions))
        return html_response(page.form_page(link))

    return _public(show)


@endpoint(app, "POST", "/public/surveys/{token}")
def answer_survey(token: str) -> Response:
    def answer(as_json: bool) -> Response:
        link = service.survey_link(runtime.store(), token)
        fields = _form_fields()
        answers = from_form(link.questions, fields) if fields is not None else _json_answers()
        try:
            recorded_now = service.answer_survey(runtime.store(), link, answers, runtime.clock.now())
        except InvalidAnswers as exc:
            if as_json:
                raise
            return html_response(page.form_page(link, fields, exc.errors), exc.status)
        if as_json:
            return json_response({"status": "completed" if recorded_now else "already_recorded"})
        return html_response(page.thanks_page(link) if recorded_now else recorded_page(link.locale, link.sender))

    return _public(answer)


def _form_fields() -> dict[str, str] | None:
    """The posted HTML form's fields, or None when the body is not a form."""
    event = app.current_event
    if not (event.headers.get("content-type") or "").lower().startswith(FORMS):
        return None
    return dict(parse_qsl(event.decoded_body or "", keep_blank_values=True))


def _json_answers() -> dict:
    try:
        body = json.loads(app.current_event.decoded_body or "null")
    except ValueError:
        raise AppError("The request body is not valid JSON.", code="invalid_json") from None
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, dict):
        raise Unprocessable(
            'Send the answers as {"answers": {question id: value}}.',
            code="invalid_answers",
            details=[{"loc": ["answers"], "msg": "An object of answers is required.", "type": "dict_type"}],
        )
    refuse_unknown_fields(app.current_event, SurveyAnswers.model_fields)
    return answers


def _public(respond: Callable[[bool], Response]) -> Response:
    """JSON for API clients (Accept: application/json), else HTML pages, refusals included: in the link's
    locale when the link is known, else the browser's."""
    event = app.current_event
    as_json = wants_json(event.headers.get("accept"))
    try:
        return respond(as_json)
    except AppError as exc:
        if as_json:
            raise
        locale = getattr(exc, "locale", None) or locale_of(event.headers.get("accept-language"))
        return html_response(page.error_page(exc, locale), exc.status)


handler = make_handler(app)
