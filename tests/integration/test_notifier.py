"""The notifier: the table's stream records of new notifications become emails, once, in each
recipient's locale; a failed email is marked, retried, and never lost."""

from __future__ import annotations

import uuid

import pytest

from infra.local.runner import _is_new_notification
from shared import runtime
from shared.domain import notices
from shared.domain.labels import NOMINATION_STATUSES, REASON_CODES, STATUSES
from shared.domain.nominations import Contact
from shared.emails.notifications import HEADLINES
from shared.services.notifier import render_notification
from tests.support.calls import call
from tests.support.expiry import DAY, HOUR, move_to, nominate, run_job
from tests.support.notifier import ADMIN, notify, sent, under_review_with
from tests.support.recorded import body
from tests.support.review import review


def notification_rows(stream_records: list[dict]) -> list[dict]:
    return [r for r in stream_records if _is_new_notification(r)]


def test_a_decision_is_emailed_once_and_marked_sent(ready_claim, stream):
    claim_id = under_review_with(ready_claim)
    stream()  # earlier writes: claim saves, events (no notifications)
    review(claim_id, "request-info", {"reason_code": "missing_document", "message": "Attach the agenda."})
    records = stream()
    notes = notification_rows(records)
    assert len(notes) == 1
    assert notify(records) == []  # every other record (claim, event, mirror) is skipped
    [mail] = sent()
    assert mail["To"].addresses[0].addr_spec == "pat@p-1001.example"
    assert mail["Subject"] == f"AI Business Value Workshop: {HEADLINES['info_requested']['en']}"
    text = body(mail)
    assert "Attach the agenda." in text and "(a document is missing)" in text and claim_id in text
    assert "missing_document" not in text  # the reason in words, never its code
    assert "Hello Pat Partner" in text and "submit it again" in text
    assert f"Reason: {REASON_CODES['missing_document']['en']}\n" in text  # the code in words (shared/domain/labels.py)
    assert f"Status: {STATUSES['action_required']['en']}\n" in text
    link = f"http://claims.test/app/claims/{claim_id}"  # APP_BASE_URL defaults to PUBLIC_BASE_URL + /app
    assert f"Open the claim in the app:\n{link}\n" in text
    assert f'<a href="{link}">' in body(mail, "html")
    assert "Partner Center" not in text
    assert mail.get_body(("html",)) is not None
    nid = notes[0]["dynamodb"]["NewImage"]["notification_id"]["S"]
    row = runtime.store().notification(nid)
    assert (row["email_status"], row["emails_sent"]) == ("sent", ["pat@p-1001.example"])
    assert notify(records) == [] and len(sent()) == 1  # a redelivered batch sends nothing again
    view = call("claims", "GET", f"/claims/{claim_id}", claims=ADMIN).json["notifications"][0]
    assert (view["kind"], view["email_status"]) == ("info_requested", "sent")


def test_each_recipient_gets_it_in_their_locale(ready_claim, stream):
    contacts = [
        {"name": "Pat", "email": "pat@p-1001.example", "locale": "en"},
        {"name": "Noor", "email": "noor@p-1001.example", "locale": "nl"},
    ]
    claim_id = under_review_with(ready_claim, contacts)
    stream()
    review(claim_id, "request-info", {"reason_code": "other", "message": "Graag de agenda."})
    assert notify(stream()) == []
    by_to = {m["To"].addresses[0].addr_spec: m for m in sent()}
    assert set(by_to) == {"pat@p-1001.example", "noor@p-1001.example"}
    dutch = by_to["noor@p-1001.example"]
    review_due = notices.long_datetime(runtime.store().claim(claim_id).review_due, "nl")
    assert dutch["Subject"].endswith(HEADLINES["info_requested"]["nl"])
    assert "Beste Noor" in body(dutch) and f"Werk de claim bij en dien hem opnieuw in vóór {review_due}." in body(dutch)
    assert "De beoordelaar vraagt om meer informatie (andere reden): “Graag de agenda.”" in body(dutch)
    assert "Toelichting" not in body(dutch) and "reviewer" not in body(dutch)  # all of it in Dutch
    assert f"Reden: {REASON_CODES['other']['nl']}\n" in body(dutch) and "Status: Actie vereist\n" in body(dutch)
    assert f"Open de claim in de app:\nhttp://claims.test/app/claims/{claim_id}\n" in body(dutch)
    assert "Hello Pat" in body(by_to["pat@p-1001.example"])


def test_ses_failure_marks_failed_reports_the_record_and_the_retry_sends_it(ready_claim, stream, monkeypatch):
    claim_id = under_review_with(ready_claim)
    stream()
    monkeypatch.setenv("SENDER_EMAIL", "unverified@elsewhere.example")  # SES (moto) rejects the sender
    runtime.settings.cache_clear()
    approved = review(claim_id, "approve")
    assert approved.status == 200  # the decision commits whatever happens to the email
    records = notification_rows(stream())
    assert notify(records) == [records[0]["dynamodb"]["SequenceNumber"]]
    nid = records[0]["dynamodb"]["NewImage"]["notification_id"]["S"]
    row = runtime.store().notification(nid)
    assert (row["email_status"], row["email_error"]) == ("failed", "MessageRejected")
    assert "@" not in row["email_error"] and sent() == []
    page = call("claims", "GET", f"/claims/{claim_id}", claims=ADMIN).json
    assert page["status"] == "approved" and page["notifications"][0]["email_status"] == "failed"

    monkeypatch.setenv("SENDER_EMAIL", "no-reply@claims.example.com")
    runtime.settings.cache_clear()
    assert notify(records) == []  # the stream retries the record
    assert len(sent()) == 1 and runtime.store().notification(nid)["email_status"] == "sent"


class FlakySes:
    """SES that refuses some recipients (moto cannot fail one address of many)."""

    def __init__(self, refuse: set[str]):
        self.refuse = refuse
        self.delivered: list[str] = []

    def send_raw_email(self, Source, Destinations, RawMessage, **options):  # noqa: N803 (boto3's names)
        from botocore.exceptions import ClientError

        if set(Destinations) & self.refuse:
            raise ClientError({"Error": {"Code": "Throttling", "Message": f"slow down {Destinations}"}}, "SendRawEmail")
        self.delivered += Destinations
        return {"MessageId": str(uuid.uuid4())}


def test_a_retry_only_sends_to_the_recipients_that_failed(ready_claim, stream, monkeypatch):
    contacts = [
        {"name": "A", "email": "a@p-1001.example"},
        {"name": "B", "email": "b@p-1001.example"},
        {"name": "C", "email": "c@p-1001.example"},
    ]
    claim_id = under_review_with(ready_claim, contacts)
    stream()
    review(claim_id, "reject", {"reason_code": "other", "message": "No."})
    records = notification_rows(stream())
    ses = FlakySes({"b@p-1001.example"})
    with monkeypatch.context() as patch:  # undone before the aws fixture resets runtime's caches
        patch.setattr(runtime, "ses", lambda: ses)
        assert len(notify(records)) == 1
        assert ses.delivered == ["a@p-1001.example", "c@p-1001.example"]  # one bad address holds up nobody
        nid = records[0]["dynamodb"]["NewImage"]["notification_id"]["S"]
        assert runtime.store().notification(nid)["email_error"] == "Throttling"
        ses.refuse = set()
        assert notify(records) == []
    assert ses.delivered == ["a@p-1001.example", "c@p-1001.example", "b@p-1001.example"]
    assert runtime.store().notification(nid)["email_status"] == "sent"


def test_an_address_no_retry_can_deliver_is_failed_for_good_not_retried(ready_claim, stream):
    """An address stored before the address rule (shared/domain/mailsafe.py) cannot be sent: the notification shows
    `failed`, the others get theirs, and the record is not reported for a retry that would end on the DLQ."""
    claim_id = under_review_with(ready_claim)
    store = runtime.store()
    claim = store.claim(claim_id)
    contacts = claim.contacts.model_copy(
        update={
            "partner": [Contact(name="Zoë", email="zoë@p-1001.example"), Contact(name="A", email="a@p-1001.example")]
        }
    )
    store.tx().save_claim(
        claim.model_copy(update={"contacts": contacts, "version": claim.version + 1}), claim.version
    ).commit()  # as a row written before the rule would hold them
    stream()
    review(claim_id, "approve")
    records = notification_rows(stream())
    assert notify(records) == []
    nid = records[0]["dynamodb"]["NewImage"]["notification_id"]["S"]
    row = runtime.store().notification(nid)
    assert (row["email_status"], row["email_error"], row["emails_sent"]) == (
        "failed",
        "UndeliverableAddress",
        ["a@p-1001.example"],
    )


def test_only_failed_records_of_a_batch_are_reported(ready_claim, stream, monkeypatch):
    ok = under_review_with(ready_claim)
    bad = under_review_with(ready_claim, [{"name": "X", "email": "x@p-1001.example"}])
    stream()
    review(ok, "approve")
    review(bad, "approve")
    records = notification_rows(stream())
    with monkeypatch.context() as patch:
        patch.setattr(runtime, "ses", lambda: FlakySes({"x@p-1001.example"}))
        assert notify(records) == [records[1]["dynamodb"]["SequenceNumber"]]


def test_every_kind_has_texts_in_both_locales():
    kinds = {
        "info_requested",
        "approved",
        "rejected",
        "rejected_final",
        "expired",
        "paid",
        "submit_reminder",
        "consent_reminder",
        "consent_expired",
        "consent_accepted",
        "consent_declined",
        "lost_to_other_partner",
        "email_undeliverable",
    }
    assert set(HEADLINES) == kinds == {template.split(".")[0] for template in notices.MESSAGES}
    assert all(set(m) == {"en", "nl"} for m in notices.MESSAGES.values())
    assert all(set(h) == {"en", "nl"} and all(h.values()) for h in HEADLINES.values())


def test_a_nomination_notification_renders_without_a_claim():
    item = {
        "notification_id": "nom_123.n4r7",
        "kind": "consent_reminder",
        "message": "The customer did not answer.",
        "params": {
            "who": "Northwind",
            "engagement": "AI Business Value Workshop",
            "days_left": 7,
            "consent_due": "2026-12-20T10:00:00+00:00",
        },
        "email_context": {
            "nomination_id": "nom_123",
            "claim_id": None,
            "consent_due": "2026-12-20T10:00:00+00:00",
            "engagement_name": "AI Business Value Workshop",
            "customer_name": "Northwind",
        },
    }
    mail = render_notification(
        item, {"name": "Noor", "email": "noor@p.example", "locale": "nl"}, "https://claims.example.com/app"
    )
    assert "Referentie: nom_123" in mail.text and "Klant: Northwind" in mail.text and "None" not in mail.text
    assert "nog 7 dagen (tot 20 december 2026 om 10:00 UTC)" in mail.text
    assert mail.subject == f"AI Business Value Workshop: {HEADLINES['consent_reminder']['nl']}"
    # written before nominations carried their engagement: the engagements page
    assert "Open de klantenpagina in de app:\nhttps://claims.example.com/app/engagements\n" in mail.text


@pytest.mark.parametrize(("status", "tab"), [("awaiting_consent", "eligible"), ("consent_expired", "ineligible")])
def test_a_nomination_notification_links_to_the_customers_tab_where_the_customer_now_is(status, tab):
    item = {
        "notification_id": "nom_123.n4",
        "kind": "consent_expired",
        "message": "Northwind did not consent.",
        "email_context": {
            "nomination_id": "nom_123",
            "claim_id": None,
            "engagement_id": "ENG-AI-WORKSHOP",
            "status": status,
            "engagement_name": "AI Business Value Workshop",
            "customer_name": "Northwind",
        },
    }
    link = f"https://claims.example.com/app/engagements/ENG-AI-WORKSHOP/customers?tab={tab}"
    english = render_notification(item, {"name": "Pat", "email": "pat@p.example"}, "https://claims.example.com/app/")
    assert f"Open the customers page in the app:\n{link}\n" in english.text and f'<a href="{link}">' in english.html
    assert f"Status: {NOMINATION_STATUSES[status]['en']}\n" in english.text
    dutch = render_notification(
        item, {"name": "Noor", "email": "noor@p.example", "locale": "nl"}, "https://claims.example.com/app"
    )
    assert f"Open de klantenpagina in de app:\n{link}\n" in dutch.text
    assert f"Status: {NOMINATION_STATUSES[status]['nl']}\n" in dutch.text


def test_a_submit_reminder_lists_what_is_missing_in_words():
    item = {
        "notification_id": "clm_1.n3r7",
        "kind": "submit_reminder",
        "message": "7 days left to submit this claim.",
        "details": {"missing": ["invoice", "customer_survey"]},
        "email_context": {
            "claim_id": "clm_1",
            "status": "draft",
            "submit_due": "2026-12-20T10:00:00+00:00",
            "engagement_name": "AI Business Value Workshop",
            "customer_name": "Northwind",
        },
    }
    dutch = render_notification(
        item, {"name": "Noor", "email": "noor@p.example", "locale": "nl"}, "https://x.example/app"
    )
    assert "Nog niet compleet: Factuur, Klantenquête\n" in dutch.text and "Status: Concept\n" in dutch.text
    english = render_notification(item, {"name": "Pat", "email": "pat@p.example"}, "https://x.example/app")
    assert "Still missing: Invoice, Customer survey\n" in english.text
    assert "https://x.example/app/claims/clm_1\n" in english.text


def test_the_consent_expiry_email_links_to_the_ineligible_tab(aws, clock, stream):
    """Through the real job and notifier: a nomination's email (no claim yet) opens the customers page on
    the tab where the customer now is; the reminder before it, the eligible tab."""
    nomination_id = nominate("casey@northwind.example")
    due = runtime.store().nomination(nomination_id).consent_due
    run_job()
    customers = "http://claims.test/app/engagements/ENG-AI-WORKSHOP/customers"
    for when, kind, tab in (
        (due - DAY + HOUR, "consent_reminder", "eligible"),
        (due + HOUR, "consent_expired", "ineligible"),
    ):
        move_to(clock, when)
        run_job()
        assert notify(stream()) == []
        [mail] = [m for m in sent() if m["Subject"].endswith(HEADLINES[kind]["en"])]
        assert mail["To"].addresses[0].addr_spec == "pat@contoso.example"
        assert f"Open the customers page in the app:\n{customers}?tab={tab}\n" in body(mail)
        assert "Partner Center" not in body(mail)
