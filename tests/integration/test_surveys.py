"""Surveys function on moto: sending (and resending) survey emails with hashed single-use links, the
public survey page (JSON and HTML form), the partner's in-app answer, links dying on a contact change,
the customer contact lock, deadlines, an SES failure marked on the survey, and a double-answer race."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from botocore.stub import Stubber

from shared import runtime
from shared.domain.nominations import Contact
from shared.ids import hash_token
from tests.support.calls import JSON, call, partner, reviewer
from tests.support.recorded import sent, table
from tests.support.surveys import (
    CUSTOMER_OK,
    P1,
    PARTNER_OK,
    answer,
    get_claim,
    link_token,
    page,
    patch,
    send,
    send_link,
)

FORM = {"content-type": "application/x-www-form-urlencoded", "accept": "text/html"}
USER = partner("P-1001", "incentives-user")


# ---------------------------------------------------------------- helpers


def post_form(token: str, fields: dict):
    return call("surveys", "POST", f"/public/surveys/{token}", headers=FORM, raw_body=urlencode(fields).encode())


def history(claim_id: str) -> list[dict]:
    return call("claims", "GET", f"/claims/{claim_id}/history", claims=P1).json["items"]


def token_stored(token: str) -> bool:
    """The link is live: its row is there and nothing became of it yet (spent and dead links keep a row)."""
    item = runtime.store().token(hash_token(token))
    return item is not None and "outcome" not in item


@pytest.fixture
def claim_id(draft_claim) -> str:
    return draft_claim(partner_email="pm@p-1001.example.com")["claim_id"]


# ---------------------------------------------------------------- sending
def test_sending_the_customer_survey_emails_a_hashed_single_link(aws, claim_id):
    r = send(claim_id, "customer")
    assert r.status == 202, r.text
    claim = runtime.store().claim(claim_id)
    status = r.json
    assert (status["claim_id"], status["kind"], status["status"], status["send_count"]) == (
        claim_id,
        "customer",
        "sent",
        1,
    )
    assert status["sent_to"] == claim.contacts.customer.email and status["link_invalidated"] is False
    assert "token_hash" not in json.dumps(status)

    message = sent()[-1]
    token = link_token(message)
    assert message["to"] == f"Casey Customer <{claim.contacts.customer.email}>"
    assert "AI Business Value Workshop" in message["subject"]
    due = f"{claim.submit_due.day} {claim.submit_due:%B %Y}"
    for part in (message["text"], message["html"]):
        assert "AI Business Value Workshop" in part and due in part and "pm@p-1001.example.com" in part
        assert claim_id not in part and "P-1001" not in part  # nothing beyond this claim's own facts
    assert f'href="http://claims.test/public/surveys/{token}"' in message["html"]
    dump = json.dumps(table())
    assert token not in dump and hash_token(token) in dump  # stored hashed only
    item = runtime.store().token(hash_token(token))
    assert (item["purpose"], item["claim_id"], item["kind"], item["expires_at"]) == (
        "survey",
        claim_id,
        "customer",
        claim.submit_due.isoformat(),
    )

    view = get_claim(claim_id)
    assert view["proof"]["customer_survey"]["status"] == "sent" and "customer_survey" in view["missing"]
    assert [e["action"] for e in history(claim_id)][-1] == "survey_sent"


def test_each_partner_contact_gets_their_own_link_in_their_own_language(aws, claim_id):
    contacts = [
        {"name": "Pat Partner", "email": "pat@p-1001.example.com"},
        {"name": "Sam Second", "email": "sam@p-1001.example.com", "locale": "nl"},
    ]
    assert patch(claim_id, {"partner_contacts": contacts}).status == 200
    r = send(claim_id, "partner")
    assert r.status == 202 and r.json["sent_to"] == "pat@p-1001.example.com, sam@p-1001.example.com"
    assert [(link["email"], link["locale"], link["email_status"]) for link in r.json["links"]] == [
        ("pat@p-1001.example.com", "en", "sent"),
        ("sam@p-1001.example.com", "nl", "sent"),
    ]
    pat, sam = sent()[-2:]
    assert (pat["to"], sam["to"]) == ("Pat Partner <pat@p-1001.example.com>", "Sam Second <sam@p-1001.example.com>")
    assert pat["subject"] == "Partner survey for the AI Business Value Workshop with Northwind"
    assert sam["subject"] == "Partnerenquête voor de AI Business Value Workshop met Northwind"
    assert "Hello Pat Partner" in pat["text"] and "Beste Sam Second" in sam["text"]
    pat_token, sam_token = link_token(pat), link_token(sam)
    assert pat_token != sam_token
    assert page(pat_token).json["locale"] == "en" and page(sam_token).json["locale"] == "nl"
    # partner staff may answer it in the web app instead: the email links to the claim's page there
    claim_page = f"http://claims.test/app/claims/{claim_id}"
    assert f"answer it on the claim page in the app:\n{claim_page}\n" in pat["text"]
    assert f'<a href="{claim_page}">' in pat["html"] and "Partner Center" not in pat["text"]
    # a colleague added later leaves both links alive; either one completes the survey, and the other dies
    added = [*contacts, {"name": "Kim Third", "email": "kim@p-1001.example.com"}]
    assert patch(claim_id, {"partner_contacts": added}).status == 200
    assert page(pat_token).status == 200 and page(sam_token).status == 200
    assert answer(sam_token, PARTNER_OK).status == 200
    assert get_claim(claim_id)["proof"]["partner_survey"]["status"] == "completed"
    assert page(pat_token).status == 410


def test_changing_one_partner_contact_revokes_only_their_link(aws, claim_id):
    contacts = [
        {"name": "Pat Partner", "email": "pat@p-1001.example.com"},
        {"name": "Sam Second", "email": "sam@p-1001.example.com", "locale": "nl"},
    ]
    assert patch(claim_id, {"partner_contacts": contacts}).status == 200
    assert send(claim_id, "partner").status == 202
    pat_token, sam_token = (link_token(m) for m in sent()[-2:])
    contacts[1]["email"] = "sam.second@p-1001.example.com"
    assert patch(claim_id, {"partner_contacts": contacts}).status == 200
    assert page(pat_token).status == 200 and page(sam_token).status == 410
    dead = page(sam_token, {"accept": "text/html", "accept-language": "en"})  # Sam's link was Dutch
    assert '<html lang="nl">' in dead.text and "Deze link is niet meer geldig" in dead.text
    form = page(pat_token, {"accept": "text/html"}).text
    assert "Workshop Claims: the partner incentive program" in form and "Privacy: your answer" in form
    assert "Questions? Ask Pat Partner at" in form
    survey = get_claim(claim_id)["proof"]["partner_survey"]
    assert survey["status"] == "sent" and [link["email"] for link in survey["links"]] == ["pat@p-1001.example.com"]


def test_survey_email_and_page_in_dutch(aws, claim_id):
    contact = {"name": "Daan de Klant", "email": "daan@customer.example", "locale": "nl"}
    assert patch(claim_id, {"customer_contact": contact}).status == 200
    token = send_link(claim_id, "customer")
    message = sent()[-1]
    assert message["subject"].startswith("Hoe was de AI Business Value Workshop")
    assert "Beste Daan de Klant" in message["text"] and "Antwoord graag vóór" in message["text"]
    assert "/app/" not in message["text"]  # the customer's email links only to the public survey page
    form = page(token).json
    assert form["locale"] == "nl" and form["questions"][0]["text"] == "Hoe tevreden bent u over de workshop (1-5)?"
    html = page(token, {"accept": "text/html"}).text
    assert 'lang="nl"' in html and "Verstuur mijn antwoorden" in html
    r = post_form(token, {"comments": "x" * 2001})
    assert r.status == 422 and "Deze vraag moet beantwoord worden." in r.text
    assert "Gebruik hooguit 2000 tekens." in r.text


@pytest.mark.parametrize(
    "kind,who,status,code",
    [
        ("everyone", P1, 404, "unknown_kind"),
        ("customer", partner("P-2002"), 404, "not_found"),
        ("customer", reviewer(), 403, "forbidden"),
        ("customer", None, 401, "unauthorized"),
    ],
)
def test_send_refusals_write_nothing(aws, claim_id, kind, who, status, code):
    before = table()
    r = send(claim_id, kind, who)
    assert (r.status, r.json["code"]) == (status, code), r.text
    assert table() == before and sent() == []


def test_a_resend_waits_five_minutes_then_rotates_the_link(aws, clock, claim_id):
    first = send_link(claim_id, "customer")
    before = table()
    r = send(claim_id, "customer")
    assert (r.status, r.json["code"]) == (429, "too_soon") and 0 < int(r.headers["retry-after"]) <= 300
    assert r.json["retry_after"] and table() == before and len(sent()) == 1

    clock.offset += timedelta(minutes=5)
    second = send_link(claim_id, "customer")
    assert second != first
    assert page(first).status == 410 and not token_stored(first)
    assert page(second).status == 200
    survey = get_claim(claim_id)["proof"]["customer_survey"]
    assert (survey["status"], survey["send_count"]) == ("sent", 2)
    assert [e["action"] for e in history(claim_id)][-2:] == ["survey_sent", "survey_resent"]


def test_sending_after_submit_due_is_refused_and_the_link_dies(aws, clock, claim_id):
    token = send_link(claim_id, "customer")
    claim = runtime.store().claim(claim_id)
    clock.offset += claim.submit_due - clock.now() + timedelta(seconds=1)
    before = table()
    r = send(claim_id, "partner")
    assert (r.status, r.json["code"]) == (409, "deadline_passed") and table() == before
    assert page(token).status == 410 and answer(token, CUSTOMER_OK).status == 410
    in_app = call(
        "surveys", "POST", f"/claims/{claim_id}/surveys/partner/response", claims=P1, body={"answers": PARTNER_OK}
    )
    assert (in_app.status, in_app.json["code"]) == (409, "deadline_passed") and table() == before


def test_an_email_failure_is_marked_failed_and_can_be_resent_at_once(aws, claim_id):
    with Stubber(runtime.ses()) as ses:
        ses.add_client_error("send_raw_email", "Throttling", "Rate exceeded", 400)
        r = send(claim_id, "customer")
    assert (r.status, r.json["code"]) == (503, "email_failed"), r.text
    assert r.json["message"] and r.headers["retry-after"] and sent() == []
    survey = get_claim(claim_id)["proof"]["customer_survey"]
    assert (survey["status"], survey["email_status"]) == ("sent", "failed")
    token = send_link(claim_id, "customer")  # at once: a failed email does not count for the interval
    assert get_claim(claim_id)["proof"]["customer_survey"]["email_status"] == "sent"
    assert page(token).status == 200


def test_a_contact_stored_before_the_address_rule_is_a_422_to_fix_not_a_500(aws, claim_id):
    store = runtime.store()
    claim = store.claim(claim_id)
    contacts = claim.contacts.model_copy(update={"customer": Contact(name="Zoë", email="zoë@customer.example")})
    store.tx().save_claim(
        claim.model_copy(update={"contacts": contacts, "version": claim.version + 1}), claim.version
    ).commit()  # as a row written before shared/domain/mailsafe.py would hold it
    r = send(claim_id, "customer")
    assert (r.status, r.json["code"]) == (422, "undeliverable_address"), r.text
    assert get_claim(claim_id)["proof"]["customer_survey"]["email_status"] == "failed" and sent() == []


def test_a_survey_link_is_stored_before_its_email_leaves(aws, claim_id):
    r = send(claim_id, "customer")
    assert r.status == 202 and r.json["email_status"] == "sent", r.text
    assert r.json["version"] == runtime.store().claim(claim_id).version  # the mark is no change: If-Match works
    assert runtime.store().token(hash_token(link_token(sent()[-1])))["claim_id"] == claim_id


# ---------------------------------------------------------------- the public page
def test_answering_both_surveys_on_their_pages_completes_them(aws, claim_id):
    customer, partner_link = send_link(claim_id, "customer"), send_link(claim_id, "partner")
    form = page(customer).json
    assert form == {
        "kind": "customer",
        "locale": "en",
        "questions": [
            {
                "id": "satisfaction",
                "text": "How satisfied are you with the workshop (1-5)?",
                "type": "rating",
                "required": True,
                "min": 1,
                "max": 5,
            },
            {
                "id": "recommendations_useful",
                "text": "Were the recommendations useful to you?",
                "type": "yes_no",
                "required": True,
            },
            {"id": "comments", "text": "Anything else you would like to tell us?", "type": "text", "required": False},
        ],
    }

    r = answer(customer, CUSTOMER_OK)
    assert (r.status, r.json) == (200, {"status": "completed"})
    r = post_form(partner_link, {"delivered_as_planned": "yes", "customer_engagement": "5", "next_steps": ""})
    assert r.status == 200 and "Thank you for your answers" in r.text

    view = get_claim(claim_id)
    assert {view["proof"][k]["status"] for k in ("customer_survey", "partner_survey")} == {"completed"}
    assert view["missing"] == ["findings_report", "invoice"]
    assert page(customer).status == 410  # single use
    assert answer(customer, CUSTOMER_OK).json == {"status": "already_recorded"}  # the same answers again
    assert answer(customer, {**CUSTOMER_OK, "satisfaction": 1}).status == 410  # other answers: the link is spent
    again = post_form(partner_link, {"delivered_as_planned": "yes", "customer_engagement": "5", "next_steps": ""})
    assert again.status == 200 and "Your answer was already recorded" in again.text
    for token in (customer, partner_link):
        assert not token_stored(token)
    customer_email = runtime.store().claim(claim_id).contacts.customer.email
    done = [e for e in history(claim_id) if e["action"] == "survey_completed"]
    assert [e["actor"] for e in done] == [
        {"email": customer_email, "role": "customer"},
        {"email": "pm@p-1001.example.com", "role": "partner_contact"},
    ]
    detail = call("review", "GET", f"/review/claims/{claim_id}", claims=reviewer()).json
    assert detail["survey_answers"]["customer"]["answers"] == {**CUSTOMER_OK, "comments": "Clear and useful."}
    assert detail["survey_answers"]["partner"]["answers"] == PARTNER_OK


BAD_ANSWERS = [
    ("required missing", {"satisfaction": 3}, {"recommendations_useful": "missing"}),
    ("rating as bool", {**CUSTOMER_OK, "satisfaction": True}, {"satisfaction": "rating_type"}),
    ("rating out of range", {**CUSTOMER_OK, "satisfaction": 6}, {"satisfaction": "rating_range"}),
    ("yes_no as string", {**CUSTOMER_OK, "recommendations_useful": "yes"}, {"recommendations_useful": "yes_no_type"}),
    ("text too long", {**CUSTOMER_OK, "comments": "x" * 2001}, {"comments": "text_too_long"}),
    ("unknown question", {**CUSTOMER_OK, "favourite_colour": "blue"}, {"favourite_colour": "unknown_question"}),
]


@pytest.mark.parametrize("case,answers,errors", BAD_ANSWERS, ids=[c[0] for c in BAD_ANSWERS])
def test_invalid_answers_are_422_per_question_and_write_nothing(aws, claim_id, case, answers, errors):
    token = send_link(claim_id, "customer")
    before = table()
    r = answer(token, answers)
    assert (r.status, r.json["code"]) == (422, "invalid_answers") and r.json["message"].endswith(".")
    assert {d["loc"][1]: d["type"] for d in r.json["details"]} == errors
    assert all(d["loc"][0] == "answers" and d["msg"] for d in r.json["details"])
    assert table() == before and page(token).status == 200


@pytest.mark.parametrize(
    "raw,status,code",
    [
        (b'{"answers": ', 400, "invalid_json"),
        (b'{"answers": [1]}', 422, "invalid_answers"),
        (b"[]", 422, "validation_error"),
        (b"", 422, "invalid_answers"),
        (b'{"answers": {}, "note": 1}', 422, "validation_error"),  # strict, like every other JSON body
        (b'{"answers": {"q": 1234567890123456789012345678901234567890}}', 400, "number_too_long"),
    ],
)
def test_malformed_bodies_are_refused(aws, claim_id, raw, status, code):
    token = send_link(claim_id, "customer")
    before = table()
    r = call("surveys", "POST", f"/public/surveys/{token}", headers=JSON, raw_body=raw)
    assert (r.status, r.json["code"]) == (status, code) and table() == before


def test_the_html_form_shows_problems_on_the_page_refilled(aws, claim_id):
    token = send_link(claim_id, "customer")
    html = page(token, {"accept": "text/html"})
    assert html.status == 200 and html.headers["content-type"].startswith("text/html")
    assert '<form method="post" novalidate>' in html.text and "<script" not in html.text
    assert html.headers["cache-control"] == "no-store"
    r = post_form(token, {"satisfaction": "4", "comments": "Good <b>day</b>"})
    assert r.status == 422 and 'role="alert"' in r.text and "This question needs an answer." in r.text
    assert 'value="4" checked' in r.text and "Good &lt;b&gt;day&lt;/b&gt;</textarea>" in r.text
    assert page(token).status == 200  # nothing spent
    r = post_form(token, {"satisfaction": "4", "recommendations_useful": "no", "comments": "Good day"})
    assert r.status == 200 and 'role="status"' in r.text
    assert runtime.store().claim(claim_id).proof.customer_survey.status == "completed"


def test_unknown_or_spent_links_show_the_410_page(aws, claim_id):
    r = page("x" * 43, {"accept": "text/html", "accept-language": "nl-NL,nl;q=0.9"})
    assert r.status == 410 and "Deze link is niet meer geldig" in r.text and "nieuwe link" in r.text
    r = page("x" * 43)
    assert (r.status, r.json["code"]) == (410, "link_gone")
    token = send_link(claim_id, "customer")
    assert answer(token, CUSTOMER_OK).status == 200
    r = post_form(token, {"satisfaction": "4", "recommendations_useful": "yes"})
    assert r.status == 410 and "This link is no longer valid" in r.text and "send a new link" in r.text


def test_a_canceled_claims_link_is_gone(aws, claim_id):
    token = send_link(claim_id, "customer")
    assert call("claims", "POST", f"/claims/{claim_id}/cancel", claims=P1).status == 200
    assert page(token).status == 410 and answer(token, CUSTOMER_OK).status == 410


@pytest.fixture
def atomic_aws(monkeypatch):
    """In-process moto is not atomic across threads (DynamoDB is): requests take turns here, while our
    read → decide → conditional write still interleaves freely."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock, original = threading.Lock(), BotocoreStubber.__call__

    def one_at_a_time(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_at_a_time)


def test_two_answers_racing_on_one_link_exactly_one_wins(aws, atomic_aws, claim_id):
    from shared.errors import AppError
    from shared.services import surveys as service

    token = send_link(claim_id, "customer")
    start, results = threading.Barrier(2), ["", ""]

    def one(i: int) -> None:
        link = service.survey_link(runtime.store(), token)
        start.wait(10)  # both have read the live link before either writes
        try:
            service.answer_survey(runtime.store(), link, {**CUSTOMER_OK, "satisfaction": i + 1}, runtime.clock.now())
            results[i] = "completed"
        except AppError as exc:
            results[i] = str(exc.status)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["410", "completed"], results
    stored = [json.loads(i) for i in table() if '"#ANSWER#customer"' in i]
    assert len(stored) == 1
    assert stored[0]["answers"]["M"]["satisfaction"]["N"] == str(results.index("completed") + 1)
    assert [e["action"] for e in history(claim_id)].count("survey_completed") == 1


# ---------------------------------------------------------------- the partner's in-app answer
def in_app(claim_id: str, answers: dict, who: dict = P1):
    return call(
        "surveys", "POST", f"/claims/{claim_id}/surveys/partner/response", claims=who, body={"answers": answers}
    )


def test_the_partner_answers_in_the_app_without_any_email(aws, claim_id):
    r = in_app(claim_id, PARTNER_OK, USER)
    assert r.status == 200, r.text
    survey = r.json["proof"]["partner_survey"]
    assert (survey["status"], survey["answered_in_app"], survey["send_count"]) == ("completed", True, 0)
    assert "partner_survey" not in r.json["missing"] and sent() == []
    event = history(claim_id)[-1]
    assert (event["action"], event["actor"]["role"], event["details"]["in_app"]) == (
        "survey_completed",
        "incentives-user",
        True,
    )
    r = in_app(claim_id, PARTNER_OK)
    assert (r.status, r.json["code"]) == (409, "survey_completed")
    before = table()
    r = send(claim_id, "partner")
    assert (r.status, r.json["code"]) == (409, "survey_completed") and table() == before


def test_answering_in_the_app_kills_the_emailed_link(aws, claim_id):
    token = send_link(claim_id, "partner")
    assert in_app(claim_id, PARTNER_OK).status == 200
    assert not token_stored(token) and page(token).status == 410


@pytest.mark.parametrize(
    "who,answers,status,code",
    [
        (P1, {"delivered_as_planned": "yes"}, 422, "invalid_answers"),
        (P1, {"customer_engagement": 3}, 422, "invalid_answers"),
        (P1, {"delivered_as_planned": None}, 422, "validation_error"),
        (partner("P-2002"), PARTNER_OK, 404, "not_found"),
        (reviewer(), PARTNER_OK, 403, "forbidden"),
    ],
)
def test_in_app_refusals_write_nothing(aws, claim_id, who, answers, status, code):
    before = table()
    r = in_app(claim_id, answers, who)
    assert (r.status, r.json["code"]) == (status, code), r.text
    assert table() == before


# ---------------------------------------------------------------- contacts (PATCH /claims/{id})
def test_changing_the_customer_contact_kills_the_sent_link_and_a_resend_works(aws, clock, claim_id):
    old = send_link(claim_id, "customer")
    contact = {"name": "Robin Replacement", "email": "robin@customer.example", "locale": "en"}
    r = patch(claim_id, {"customer_contact": contact})
    assert r.status == 200, r.text
    survey = r.json["proof"]["customer_survey"]
    assert (survey["status"], survey["link_invalidated"], survey["send_count"]) == ("not_sent", True, 1)
    assert not token_stored(old)
    assert page(old).status == 410 and answer(old, CUSTOMER_OK).status == 410
    assert page(old, {"accept": "text/html"}).status == 410
    event = history(claim_id)[-1]
    assert event["details"]["survey_links_revoked"] == ["customer_survey"]

    new = send_link(claim_id, "customer")  # no waiting: the old link is dead, not merely recent
    assert sent()[-1]["to"] == "Robin Replacement <robin@customer.example>"
    survey = get_claim(claim_id)["proof"]["customer_survey"]
    assert (survey["status"], survey["link_invalidated"], survey["send_count"]) == ("sent", False, 2)
    assert answer(new, CUSTOMER_OK).status == 200


def test_changing_the_partner_contacts_kills_the_partner_link_only(aws, claim_id):
    partner_link, customer_link = send_link(claim_id, "partner"), send_link(claim_id, "customer")
    r = patch(claim_id, {"partner_contacts": [{"name": "New Pat", "email": "new@p-1001.example.com"}]})
    assert r.status == 200 and r.json["proof"]["partner_survey"]["link_invalidated"] is True
    assert page(partner_link).status == 410 and page(customer_link).status == 200


def test_the_customer_contact_is_locked_once_the_customer_survey_is_completed(aws, claim_id):
    assert answer(send_link(claim_id, "customer"), CUSTOMER_OK).status == 200
    current = runtime.store().claim(claim_id).contacts.customer.model_dump()
    before = table()
    r = patch(claim_id, {"customer_contact": {"name": "Too Late", "email": "late@customer.example"}})
    assert (r.status, r.json["code"]) == (409, "customer_contact_locked") and r.json["message"].endswith(".")
    assert table() == before
    assert patch(claim_id, {"customer_contact": current, "comments": "still editable"}).status == 200
    assert get_claim(claim_id)["comments"] == "still editable"


def test_a_contact_change_after_completion_does_not_touch_the_partner_survey(aws, claim_id):
    assert in_app(claim_id, PARTNER_OK).status == 200
    r = patch(claim_id, {"partner_contacts": [{"name": "New Pat", "email": "new@p-1001.example.com"}]})
    assert r.status == 200 and r.json["proof"]["partner_survey"]["status"] == "completed"
