"""The response models describe what the handlers answer: every route of the route table called on moto by its
right caller, with its resources in a state it can act on (tests/support/routes.py), and the public pages asked
for JSON; each success answer must be valid for its route's model (shared/api/responses.py, named by the route's
`answers`), pass through the model unchanged (the views build their answers through it), and be valid for the
document's schema of it (generated from the model: stricter where a field may be left out but is never null).
Every list is read with items in it, so the item shapes are checked too.

One moto per module, as in the access matrix: each route gets fresh resources, not a fresh table."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from shared.api.openapi import openapi_document
from shared.api.responses import RESPONSES
from shared.api.routes import ROUTES, Route
from tests.support import customers, surveys
from tests.support.aws import mocked_aws
from tests.support.calls import JSON, Reply, call, partner, program_admin
from tests.support.recorded import sent
from tests.support.routes import review_step, right_caller, route_ids, send_route, submitted_claim
from tests.support.store import new_draft_claim

DOCUMENT = "urn:workshop-claims:openapi"
ANSWERING = [r for r in ROUTES if r.answers != "Csv"]  # an export answers the file itself


@pytest.fixture(scope="module")
def moto_env():
    with mocked_aws() as resources:
        _lived_in()
        yield resources


def _lived_in() -> None:
    """Something in every list: a paid claim (payments, its history, notifications), one waiting in the queue,
    a nomination, a program admin's change (the audit history)."""
    paid = submitted_claim()
    for step in ("start", "approve", "paid"):
        review_step(paid, step)
    submitted_claim()
    customers.nominate()
    body = {"partner_id": "P-AUDITED", "name": "Audited", "currency": "EUR"}
    assert call("program", "POST", "/program/partners", claims=program_admin(), body=body).status in (200, 201)


def _document_validator(name: str) -> Draft202012Validator:
    resource = Resource.from_contents(openapi_document(), default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource(DOCUMENT, resource)
    return Draft202012Validator({"$ref": f"{DOCUMENT}#/components/schemas/{name}"}, registry=registry)


def check(answers: str, reply: Reply, status: int = 200) -> Any:
    assert reply.status == status, reply.text
    body = reply.json
    model = RESPONSES[answers].model_validate(body)
    assert model.answer() == body  # nothing the model would add, drop or change
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in _document_validator(answers).iter_errors(body)]
    assert problems == [], problems
    if "items" in body:
        assert body["items"], f"{answers}: an empty page checks no item"
    return body


@pytest.mark.parametrize("route", [r for r in ANSWERING if not r.public], ids=lambda r: f"{r.method} {r.path}")
def test_every_route_answers_what_its_model_describes(moto_env, route: Route):
    reply = send_route(route, right_caller(route), route_ids(route))
    check(route.answers, reply, route.status)


def test_a_reference_row_sent_again_answers_the_same_shape(moto_env):
    body = {"partner_id": "P-AGAIN", "name": "Again", "currency": "EUR"}
    check("Partner", call("program", "POST", "/program/partners", claims=program_admin(), body=body), 201)
    check("Partner", call("program", "POST", "/program/partners", claims=program_admin(), body=body), 200)


def test_an_import_with_refused_rows_answers_its_report(moto_env):
    csv = "partner_id,name,currency\r\nP-IMPORTED,Imported,EUR\r\n!bad,Bad,euro\r\n"
    reply = call(
        "program",
        "POST",
        "/program/imports/partners",
        claims=program_admin(),
        raw_body=csv.encode(),
        headers={"content-type": "text/csv"},
    )
    assert check("ImportReport", reply)["refused"]


def test_the_dossier_of_a_claim_with_received_files_and_answers(moto_env):
    claim_id = submitted_claim()
    dossier = check("ReviewClaim", call("review", "GET", f"/review/claims/{claim_id}", claims=right_caller(_DOSSIER)))
    assert dossier["history"] and dossier["proof"]["invoice"]["download_url"] and dossier["survey_answers"]


def test_the_queue_filtered_by_a_status(moto_env):
    queue = call("review", "GET", "/review/claims", claims=right_caller(_DOSSIER), query="status=paid")
    assert check("ReviewQueue", queue)["counts"]["paid"] >= 1


def test_the_claim_list_and_unread_notifications(moto_env):
    new_draft_claim()
    check("PageClaim", call("claims", "GET", "/claims", claims=partner()))
    check("PageNotification", call("claims", "GET", "/notifications", claims=partner(), query="unread=true"))


def test_the_public_consent_page_and_its_answers(moto_env):
    nomination = customers.nominate()
    assert customers.request_consent(nomination["nomination_id"]).status == 202
    token = customers.link_token(sent()[-1])
    check("ConsentPage", call("customers", "GET", f"/public/consent/{token}", headers=JSON))
    answer = {"decision": "accept"}
    for _ in range(2):  # the same answer again is recorded once, and says so
        check("ConsentAnswer", call("customers", "POST", f"/public/consent/{token}", headers=JSON, body=answer))


def test_the_public_survey_page_and_its_answers(moto_env):
    token = surveys.send_link(new_draft_claim()["claim_id"], "customer")
    check("SurveyForm", surveys.page(token))
    done = [check("SurveyDone", surveys.answer(token, surveys.CUSTOMER_OK))["status"] for _ in range(2)]
    assert done == ["completed", "already_recorded"]


_DOSSIER = next(r for r in ROUTES if (r.method, r.path) == ("GET", "/review/claims/{claim_id}"))
