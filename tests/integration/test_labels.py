"""GET /labels: the words of every code in `en` or `nl`, for anyone signed in; the same words the emails use."""

from __future__ import annotations

import pytest

from shared.domain import labels
from tests.support.calls import call, partner, reviewer
from tests.support.notifier import notify, sent, under_review_with
from tests.support.recorded import body
from tests.support.review import review

PROGRAM_ADMIN = {"sub": "olga", "email": "olga@program.example", "cognito:groups": "[program-admin]"}


@pytest.mark.parametrize(
    "who",
    [partner("P-1001", "incentives-admin"), partner("P-2002", "incentives-user"), reviewer(), PROGRAM_ADMIN],
    ids=["admin", "user", "reviewer", "program-admin"],
)
def test_every_signed_in_role_reads_the_catalogue(aws, who):
    reply = call("claims", "GET", "/labels", claims=who)
    assert reply.status == 200, reply.text
    assert reply.json == labels.catalogue("en")  # English unless asked
    assert reply.headers["cache-control"] == "private, max-age=3600"  # read once per session by the app


def test_each_locale_has_the_same_codes_in_its_own_words(aws):
    english = call("claims", "GET", "/labels", claims=partner(), query="locale=en").json
    dutch = call("claims", "GET", "/labels", claims=partner(), query="locale=nl").json
    assert (english["locale"], dutch["locale"]) == ("en", "nl")
    for name in (
        "proof_items",
        "reason_codes",
        "statuses",
        "nomination_statuses",
        "ineligible_reasons",
        "notification_kinds",
    ):
        assert set(english[name]) == set(dutch[name]) and english[name] != dutch[name], name
    assert set(english["statuses"]) == {
        "draft",
        "submitted",
        "under_review",
        "action_required",
        "approved",
        "paid",
        "rejected",
        "disputed",
        "rejected_final",
        "expired",
        "canceled",
    }
    assert set(english["proof_items"]) == {"findings_report", "invoice", "partner_survey", "customer_survey"}
    assert dutch["reason_codes"]["invoice_mismatch"] == "De factuur past niet bij de claim"


@pytest.mark.parametrize("query", ["locale=fr", "locale=", "locale=EN", "locale=nl-NL"])
def test_an_unknown_locale_is_422(aws, query):
    reply = call("claims", "GET", "/labels", claims=partner(), query=query)
    assert reply.status == 422 and reply.json["code"] == "validation_error", reply.text
    assert reply.json["details"][0]["loc"][-1] == "locale"


def test_without_a_token_it_is_401(aws):
    assert call("claims", "GET", "/labels").status == 401


def test_the_email_says_what_the_catalogue_says(ready_claim, stream):  # noqa: F811 (the fixture)
    """A Dutch partner contact's email names the reason and status in the words GET /labels?locale=nl gives."""
    contacts = [{"name": "Noor", "email": "noor@p-1001.example", "locale": "nl"}]
    claim_id = under_review_with(ready_claim, contacts)
    stream()
    review(claim_id, "request-info", {"reason_code": "invoice_mismatch", "message": "Het bedrag klopt niet."})
    assert notify(stream()) == []
    [mail] = sent()
    words = call("claims", "GET", "/labels", claims=partner(), query="locale=nl").json
    assert f"Reden: {words['reason_codes']['invoice_mismatch']}\n" in body(mail)
    assert f"Status: {words['statuses']['action_required']}\n" in body(mail)
    assert mail["Subject"].endswith(words["notification_kinds"]["info_requested"])
