"""SES bounce and complaint rules (pure, shared/domain/mail_events.py): the tags a send carries fit SES's rule
and hold no address; which events count; reading the tags back (what a send wrote is what the handler reads);
anything malformed is skipped, never raised; which link is still current; what the partner is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.domain import claims as claim_rules
from shared.domain import mail_events as rules
from shared.domain import notices
from shared.domain.engagements import ProofItem
from shared.domain.nominations import Contact, NominationStatus
from shared.domain.outbox import EmailStatus
from shared.ids import hash_token, new_id, new_link_token
from shared.store.keys import notification_id_for, notification_key
from tests.support.claims import CONSENT, new_claim, sent
from tests.support.nominations import nomination
from tests.support.ses_events import ses_event, sns_record

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
HASH = hash_token("a link token")  # fixed: parametrized test ids must be the same on every xdist worker
NOM, CLM = "nom_019ab41c1e5a3f9c2b7d01", "clm_019ab41c1e5a3f9c2b7d02"  # shaped like shared/ids.py's


def test_real_ids_and_hashes_are_shaped_like_these():
    token_hash = new_link_token()[1]
    assert len(token_hash) == len(HASH) and rules.TOKEN_HASH.fullmatch(token_hash)
    for prefix, fixed in (("nom", NOM), ("clm", CLM)):
        real = new_id(prefix, NOW)
        assert len(real) == len(fixed) and rules.TAG.fullmatch(real)


# ---------------------------------------------------------------- tags
@pytest.mark.parametrize(
    "tags",
    [
        rules.consent_tags(NOM, HASH),
        rules.NOTIFICATION_TAGS,
        *(rules.survey_tags(CLM, item, HASH) for item in (ProofItem.PARTNER_SURVEY, ProofItem.CUSTOMER_SURVEY)),
    ],
)
def test_every_tag_of_a_send_fits_ses_and_names_no_one(tags):
    """SES refuses the whole email for a tag outside [A-Za-z0-9_-] or longer than 256; an address would put
    personal data into SES's event data and CloudWatch."""
    sent_tags = rules.message_tags(tags)
    assert sent_tags == [{"Name": name, "Value": value} for name, value in tags.items()]
    for tag in sent_tags:
        for text in tag.values():
            assert rules.TAG.fullmatch(text) and len(text) <= 256 and "@" not in text


@pytest.mark.parametrize(
    "bad",
    [
        {"to": "ann@northwind.example"},
        {"name": "Ann Jansen"},
        {"link": "x" * 257},
        {"link": ""},
        {"": "consent"},
        {"purpose": "consent."},
        {"notification": "clm_1.n2"},
    ],
)
def test_a_tag_ses_would_refuse_is_a_bug_not_an_ses_outage(bad):
    with pytest.raises(ValueError, match="SES would refuse"):
        rules.message_tags(bad)


@pytest.mark.parametrize(
    ("tags", "link"),
    [
        (rules.consent_tags(NOM, HASH), rules.LinkRef(rules.Purpose.CONSENT, NOM, HASH)),
        (
            rules.survey_tags(CLM, ProofItem.PARTNER_SURVEY, HASH),
            rules.LinkRef(rules.Purpose.SURVEY, CLM, HASH, ProofItem.PARTNER_SURVEY),
        ),
        (
            rules.survey_tags(CLM, ProofItem.CUSTOMER_SURVEY, HASH),
            rules.LinkRef(rules.Purpose.SURVEY, CLM, HASH, ProofItem.CUSTOMER_SURVEY),
        ),
    ],
)
def test_the_tags_a_send_writes_are_the_link_the_event_names(tags, link):
    assert rules.event_of(sns_record(ses_event(tags))) == rules.Undeliverable(link, rules.Reason.BOUNCED)
    assert rules.event_of(sns_record(ses_event(tags, "Complaint"))) == rules.Undeliverable(
        link, rules.Reason.COMPLAINED
    )


# ---------------------------------------------------------------- which events count
@pytest.mark.parametrize(
    ("event_type", "bounce_type", "expected"),
    [
        ("Bounce", "Permanent", rules.Reason.BOUNCED),
        ("Complaint", None, rules.Reason.COMPLAINED),
        ("Bounce", "Transient", rules.Skip.NOT_COUNTED),  # SES keeps trying; a mailbox full today may take mail later
        ("Bounce", "Undetermined", rules.Skip.NOT_COUNTED),
        ("Delivery", None, rules.Skip.NOT_COUNTED),
        ("Send", None, rules.Skip.NOT_COUNTED),
        ("DeliveryDelay", None, rules.Skip.NOT_COUNTED),
    ],
)
def test_only_a_permanent_bounce_or_a_complaint_counts(event_type, bounce_type, expected):
    event = rules.read_event(ses_event(rules.consent_tags(NOM, HASH), event_type, bounce_type or "Permanent"))
    assert (event.reason if isinstance(event, rules.Undeliverable) else event) == expected


def test_a_notifications_email_is_never_a_link():
    """Telling the partner about it would mail the same address again."""
    assert rules.read_event(ses_event(rules.NOTIFICATION_TAGS)) is rules.Skip.NOT_A_LINK


def _tagged(**tags: object) -> dict:
    event = ses_event({})
    event["mail"]["tags"].update(tags)
    return event


@pytest.mark.parametrize(
    "event",
    [
        ses_event({}),  # only SES's own tags: sent without ours
        _tagged(purpose=["consent"], nomination=[NOM]),  # no link
        _tagged(purpose=["consent"], nomination=[NOM], link=["not-a-hash"]),
        _tagged(purpose=["consent"], nomination=[NOM], link=[HASH.upper()]),
        _tagged(purpose=["consent"], nomination=[CLM], link=[HASH]),  # a claim named as a nomination
        _tagged(purpose=["survey"], claim=[CLM], item=["invoice"], link=[HASH]),  # not a survey
        _tagged(purpose=["survey"], claim=[CLM], link=[HASH]),
        _tagged(purpose=["newsletter"], nomination=[NOM], link=[HASH]),
        _tagged(purpose=["consent", "survey"], nomination=[NOM], link=[HASH]),  # one value each
        _tagged(purpose="consent", nomination=NOM, link=HASH),  # values are lists
        _tagged(purpose=[1], nomination=[NOM], link=[HASH]),
        {**ses_event({}), "mail": {**ses_event({})["mail"], "tags": ["purpose", "consent"]}},
        {**ses_event({}), "mail": {k: v for k, v in ses_event({})["mail"].items() if k != "tags"}},
    ],
)
def test_no_tags_or_tags_not_ours_are_untagged(event):
    assert rules.read_event(event) is rules.Skip.UNTAGGED


@pytest.mark.parametrize(
    "record",
    [
        None,
        "text",
        [],
        {},
        {"Sns": None},
        {"Sns": {}},
        {"Sns": {"Message": None}},
        sns_record("not json"),
        sns_record("[]"),
        sns_record("null"),
        sns_record('"Bounce"'),
        sns_record({}),
        sns_record({"eventType": 7, "mail": {}}),
        sns_record({"eventType": "Bounce", "mail": {}}),  # no bounce
        sns_record({"eventType": "Bounce", "bounce": {"bounceType": None}, "mail": {}}),
        sns_record({"eventType": "Bounce", "bounce": "Permanent", "mail": {}}),
        sns_record({"eventType": "Complaint", "mail": {}}),  # no complaint
        sns_record({**ses_event(rules.consent_tags(NOM, HASH)), "mail": None}),
        sns_record({**ses_event(rules.consent_tags(NOM, HASH)), "mail": "x"}),
        sns_record({"notificationType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": {}}),  # not events
    ],
)
def test_malformed_records_are_skipped_not_raised(record):
    """A retry cannot fix a record: it is reported and dropped, not retried into the dead-letter queue."""
    assert rules.event_of(record) is rules.Skip.MALFORMED


# ---------------------------------------------------------------- the link now
def awaiting(**changes):
    return nomination(
        **{
            "consent_token_hash": HASH,
            "consent_email_status": EmailStatus.SENT,
            "consent_requested_at": NOW,
            "customer_contact": Contact(name="Ann", email="ann@northwind.example"),
            "partner_contact": Contact(name="Pat", email="pat@contoso.example"),
            **changes,
        }
    )


def test_the_current_consent_link_is_marked_once():
    assert rules.consent_verdict(awaiting(), HASH) is rules.Verdict.MARK
    assert rules.consent_verdict(awaiting(consent_email_status=EmailStatus.PENDING), HASH) is rules.Verdict.MARK
    marked = awaiting(consent_email_status=EmailStatus.UNDELIVERABLE)
    assert rules.consent_verdict(marked, HASH) is rules.Verdict.ALREADY_MARKED


@pytest.mark.parametrize(
    "found",
    [
        None,
        awaiting(consent_token_hash="f" * 64),
        awaiting(consent_token_hash=None),
        awaiting(status=NominationStatus.CONSENTED),
        awaiting(status=NominationStatus.LOST_TO_OTHER_PARTNER),
    ],
)
def test_a_consent_link_nobody_can_act_on_is_stale(found):
    assert rules.consent_verdict(found, HASH) is rules.Verdict.STALE


def two_partner_contacts() -> claim_rules.Claim:
    claim = new_claim()
    contacts = claim.contacts.model_copy(
        update={
            "partner": [
                Contact(name="Pat", email="pat@contoso.example"),
                Contact(name="Sam", email="sam@contoso.example"),
            ]
        }
    )
    return claim.model_copy(update={"contacts": contacts})


def test_each_survey_link_is_its_own():
    claim = sent(two_partner_contacts(), "partner", CONSENT + timedelta(days=1), token_hash=HASH)
    [first, second] = claim.proof.partner_survey.links
    assert rules.survey_verdict(claim, ProofItem.PARTNER_SURVEY, first.token_hash) == (rules.Verdict.MARK, 0)
    assert rules.survey_verdict(claim, ProofItem.PARTNER_SURVEY, second.token_hash) == (rules.Verdict.MARK, 1)
    assert rules.survey_verdict(claim, ProofItem.CUSTOMER_SURVEY, HASH) == (rules.Verdict.STALE, -1)
    assert rules.survey_verdict(claim, ProofItem.PARTNER_SURVEY, "f" * 64) == (rules.Verdict.STALE, -1)
    assert rules.survey_verdict(None, ProofItem.PARTNER_SURVEY, HASH) == (rules.Verdict.STALE, -1)
    second.email_status = EmailStatus.UNDELIVERABLE
    assert rules.survey_verdict(claim, ProofItem.PARTNER_SURVEY, second.token_hash) == (rules.Verdict.ALREADY_MARKED, 1)
    canceled = claim.model_copy(update={"status": claim_rules.Status.CANCELED})
    assert rules.survey_verdict(canceled, ProofItem.PARTNER_SURVEY, HASH) == (rules.Verdict.STALE, -1)


def test_the_survey_shows_an_undeliverable_link_first():
    claim = sent(two_partner_contacts(), "partner", CONSENT + timedelta(days=1), token_hash=HASH)
    survey = claim.proof.partner_survey
    survey.links[0].email_status, survey.links[1].email_status = EmailStatus.FAILED, EmailStatus.UNDELIVERABLE
    assert survey.email_status is EmailStatus.UNDELIVERABLE


# ---------------------------------------------------------------- what the partner is told
@pytest.mark.parametrize(
    ("reason", "en", "nl"),
    [
        (
            rules.Reason.BOUNCED,
            "The consent request to ann@northwind.example could not be delivered",
            "De toestemmingsaanvraag aan ann@northwind.example kon niet worden afgeleverd",
        ),
        (
            rules.Reason.COMPLAINED,
            "ann@northwind.example marked the consent request as spam",
            "ann@northwind.example heeft de toestemmingsaanvraag als spam gemarkeerd",
        ),
    ],
)
def test_the_partner_is_told_which_address_in_their_language(reason, en, nl):
    note = rules.consent_note(awaiting(customer_name="Northwind"), reason)
    assert note.kind == "email_undeliverable" and note.template == f"email_undeliverable.consent_{reason.value}"
    assert note.message.startswith(en) and "Northwind" in note.message
    assert notices.message(note.template, note.params, "nl").startswith(nl)


def test_a_survey_note_names_the_survey_and_the_recipient():
    claim = sent(new_claim(), "customer", CONSENT + timedelta(days=1), token_hash=HASH)
    note = rules.survey_note(claim, ProofItem.CUSTOMER_SURVEY, 0, rules.Reason.BOUNCED)
    assert note.message.startswith("The email with the customer survey to casey@northwind.example could not")
    assert "klantenquête aan casey@northwind.example" in notices.message(note.template, note.params, "nl")


def test_one_notification_per_link_ever():
    """Its id is the link's, next to its owner's version: a second one for the same link cannot be written."""
    note_id = notification_id_for("clm_1", 3, undeliverable_link=HASH)
    assert note_id == f"clm_1.n3u{HASH[:16]}"
    assert notification_key(note_id) == {"PK": "CLAIM#clm_1", "SK": f"#NOTE#00000003u{HASH[:16]}"}
    assert notification_key(notification_id_for("nom_1", 2, undeliverable_link=HASH))["PK"] == "NOM#nom_1"
    with pytest.raises(ValueError):
        notification_key(f"clm_1.n3u{HASH[:15]}X")
