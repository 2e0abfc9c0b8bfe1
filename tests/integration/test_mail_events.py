"""Mail-events function on moto: SES's bounce and complaint events, in SNS records shaped exactly like SES's
event publishing, mark the very link the email carried `undeliverable` and tell its partner once; stale,
transient, untagged and malformed events change nothing and never fail the invocation. The tags the events
carry are the ones the consent and survey sends gave SES (read off the SendRawEmail requests moto received)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest

from infra.local.runner import LocalContext
from shared import runtime
from shared.domain.mail_events import TAG
from shared.domain.outbox import EmailStatus
from shared.ids import hash_token
from shared.services import notifier
from tests.support.calls import call, partner
from tests.support.customers import link_token as consent_link_token
from tests.support.customers import nominate, request_consent, tab
from tests.support.recorded import sent as emails_sent
from tests.support.recorded import ses_requests_recorded, table
from tests.support.ses_events import ses_event, sns_event, sns_record
from tests.support.surveys import get_claim, link_token, patch, send

P1 = partner("P-1001", email="pm@p-1001.example.com")
CONFIGURATION_SET = "workshop-claims-mail"  # SES_CONFIGURATION_SET of tests/support/aws.py's ENV


# ---------------------------------------------------------------- helpers


@pytest.fixture
def ses_requests(aws) -> Iterator[list[dict]]:
    with ses_requests_recorded() as requests:
        yield requests


def deliver(*records: dict) -> dict:
    from functions.mail_events import app

    return app.handler(sns_event(*records), LocalContext("mail-events", str(uuid.uuid4())))


def notifications(who: dict = P1) -> list[dict]:
    r = call("claims", "GET", "/notifications", claims=who)
    assert r.status == 200, r.text
    return r.json["items"]


def consent_sent(ses_requests: list[dict]) -> tuple[dict, dict]:
    """A nomination whose consent request went out: its row and the tags SES was given."""
    row = nominate()
    assert request_consent(row["nomination_id"]).status == 202
    return row, ses_requests[-1]["tags"]


# ---------------------------------------------------------------- the sends' tags
def test_a_consent_email_tells_ses_its_nomination_and_link_and_nothing_personal(ses_requests):
    row, tags = consent_sent(ses_requests)
    token = consent_link_token(emails_sent()[-1])
    assert tags == {"purpose": "consent", "nomination": row["nomination_id"], "link": hash_token(token)}
    assert ses_requests[-1]["configuration_set"] == CONFIGURATION_SET
    assert all(TAG.fullmatch(name) and TAG.fullmatch(value) and "@" not in value for name, value in tags.items())


def test_each_survey_email_tells_ses_its_claim_item_and_own_link(ses_requests, draft_claim):
    claim_id = draft_claim(partner_email="pm@p-1001.example.com")["claim_id"]
    contacts = [{"name": "Pat", "email": "pat@p-1001.example.com"}, {"name": "Sam", "email": "sam@p-1001.example.com"}]
    assert patch(claim_id, {"partner_contacts": contacts}).status == 200
    assert send(claim_id, "partner").status == 202
    tokens = [link_token(m) for m in emails_sent()[-2:]]
    assert [r["tags"] for r in ses_requests[-2:]] == [
        {"purpose": "survey", "claim": claim_id, "item": "partner_survey", "link": hash_token(t)} for t in tokens
    ]
    assert {r["configuration_set"] for r in ses_requests} == {CONFIGURATION_SET}


# ---------------------------------------------------------------- a consent link
def test_a_hard_bounce_marks_the_consent_link_and_tells_the_partner_once(ses_requests):
    row, tags = consent_sent(ses_requests)
    record = sns_record(ses_event(tags, recipient=ses_requests[-1]["to"][0]))
    assert deliver(record) == {"marked": 1}
    assert tab(P1, "eligible")[row["nomination_id"]]["consent_email_status"] == "undeliverable"
    [note] = [n for n in notifications() if n["kind"] == "email_undeliverable"]
    address = runtime.store().nomination(row["nomination_id"]).customer_contact.email
    assert note["message"].startswith(f"The consent request to {address} could not be delivered")
    assert note["claim_id"] is None and note["email_status"] == "pending"  # the notifier emails it

    before = table()
    assert deliver(record) == {"already_marked": 1}  # SNS delivers at least once
    assert deliver(sns_record(ses_event(tags, "Complaint"))) == {"already_marked": 1}
    assert table() == before and len([n for n in notifications() if n["kind"] == "email_undeliverable"]) == 1


def test_a_complaint_counts_and_is_worded_as_one_in_dutch(ses_requests):
    row, tags = consent_sent(ses_requests)
    assert deliver(sns_record(ses_event(tags, "Complaint"))) == {"marked": 1}
    r = call("claims", "GET", "/notifications", claims=P1, headers={"accept-language": "nl"})
    [note] = [n for n in r.json["items"] if n["kind"] == "email_undeliverable"]
    assert "heeft de toestemmingsaanvraag als spam gemarkeerd" in note["message"]


def test_an_event_for_a_replaced_link_changes_nothing(ses_requests, clock):
    row, old_tags = consent_sent(ses_requests)
    clock.offset += timedelta(minutes=6)  # a resend after the interval: a new link
    assert request_consent(row["nomination_id"]).status == 202
    before = table()
    assert deliver(sns_record(ses_event(old_tags))) == {"stale": 1}
    assert table() == before
    assert tab(P1, "eligible")[row["nomination_id"]]["consent_email_status"] == "sent"


def test_a_send_marked_after_its_bounce_came_back_keeps_it_undeliverable(ses_requests):
    """SES can bounce a suppressed address within moments: the sender's own `sent` mark comes second."""
    row, tags = consent_sent(ses_requests)
    assert deliver(sns_record(ses_event(tags))) == {"marked": 1}
    store = runtime.store()
    assert store.mark_consent_email(row["nomination_id"], tags["link"], EmailStatus.SENT) is None
    assert store.nomination(row["nomination_id"]).consent_email_status is EmailStatus.UNDELIVERABLE


def test_the_partners_notification_email_is_tagged_as_such_and_its_bounce_ignored(ses_requests):
    """Telling the partner about a bounce of their own notification would mail that address again."""
    row, tags = consent_sent(ses_requests)
    assert deliver(sns_record(ses_event(tags))) == {"marked": 1}
    [note] = [n for n in notifications() if n["kind"] == "email_undeliverable"]
    assert notifier.deliver(runtime.store(), runtime.ses(), runtime.settings(), note["notification_id"]) == "sent"
    assert ses_requests[-1]["tags"] == {"purpose": "notification"}
    assert ses_requests[-1]["configuration_set"] == CONFIGURATION_SET
    before = table()
    assert deliver(sns_record(ses_event(ses_requests[-1]["tags"]))) == {"not_a_link": 1}
    assert table() == before


# ---------------------------------------------------------------- a survey link
def test_a_bounce_marks_only_that_recipients_survey_link(ses_requests, draft_claim):
    claim_id = draft_claim(partner_email="pm@p-1001.example.com")["claim_id"]
    contacts = [{"name": "Pat", "email": "pat@p-1001.example.com"}, {"name": "Sam", "email": "sam@p-1001.example.com"}]
    assert patch(claim_id, {"partner_contacts": contacts}).status == 200
    assert send(claim_id, "partner").status == 202
    pat, sam = ses_requests[-2:]
    assert deliver(sns_record(ses_event(sam["tags"], recipient="sam@p-1001.example.com"))) == {"marked": 1}

    survey = get_claim(claim_id)["proof"]["partner_survey"]
    assert [(link["email"], link["email_status"]) for link in survey["links"]] == [
        ("pat@p-1001.example.com", "sent"),
        ("sam@p-1001.example.com", "undeliverable"),
    ]
    assert survey["email_status"] == "undeliverable" and survey["status"] == "sent"
    [note] = [n for n in get_claim(claim_id)["notifications"] if n["kind"] == "email_undeliverable"]
    assert note["message"].startswith("The email with the partner survey to sam@p-1001.example.com could not")
    assert note["claim_id"] == claim_id
    stored = runtime.store().notification(note["notification_id"])
    assert [c["email"] for c in stored["email_to"]] == ["pat@p-1001.example.com", "sam@p-1001.example.com"]

    before = table()
    assert deliver(sns_record(ses_event(sam["tags"], "Complaint"))) == {"already_marked": 1}
    assert table() == before
    assert deliver(sns_record(ses_event(pat["tags"], "Complaint"))) == {"marked": 1}  # another link: its own
    assert len([n for n in get_claim(claim_id)["notifications"] if n["kind"] == "email_undeliverable"]) == 2


def test_a_survey_link_replaced_by_a_resend_is_stale(ses_requests, draft_claim, clock):
    claim_id = draft_claim()["claim_id"]
    assert send(claim_id, "customer").status == 202
    old = ses_requests[-1]["tags"]
    clock.offset += timedelta(minutes=6)
    assert send(claim_id, "customer").status == 202
    before = table()
    assert deliver(sns_record(ses_event(old))) == {"stale": 1}
    assert table() == before


# ---------------------------------------------------------------- what changes nothing
def test_transient_bounces_and_other_events_change_nothing(ses_requests):
    row, tags = consent_sent(ses_requests)
    before = table()
    assert deliver(
        sns_record(ses_event(tags, bounce_type="Transient")),
        sns_record(ses_event(tags, bounce_type="Undetermined")),
        sns_record(ses_event(tags, "Delivery")),
    ) == {"not_counted": 3}
    assert table() == before


def test_garbage_is_reported_and_dropped_without_failing_the_invocation(ses_requests):
    """Each is logged and counted; none raises (which would retry it into the DLQ), and the good record among
    them is still handled."""
    row, tags = consent_sent(ses_requests)
    garbage = [
        {"no": "Sns"},
        sns_record("not json"),
        sns_record({"eventType": "Bounce"}),
        sns_record({"eventType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": "x"}),
        sns_record(ses_event({"purpose": "consent", "nomination": "nom_x", "link": "zz"})),
        sns_record(ses_event({"purpose": "consent", "nomination": "nom_gone", "link": "a" * 64})),
        sns_record(ses_event({"purpose": "survey", "claim": "clm_gone", "item": "partner_survey", "link": "b" * 64})),
        sns_record(ses_event({})),
    ]
    before = table()
    assert deliver(*garbage) == {"malformed": 4, "untagged": 2, "stale": 2}
    assert table() == before
    assert deliver(*garbage[:2], sns_record(ses_event(tags)))["marked"] == 1
    from functions.mail_events import app

    context = LocalContext("mail-events", str(uuid.uuid4()))
    assert app.handler({"unexpected": True}, context) == {"malformed": 1}
    assert app.handler({"Records": "x"}, context) == {"malformed": 1}
