"""The scheduled job's pure rules (shared/domain/deadlines.py) and the reminder notification ids."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.domain import deadlines, notices
from shared.domain.claims import open_claim
from shared.domain.days import days_left
from shared.domain.engagements import Engagement
from shared.domain.lifecycle import Status
from shared.domain.nominations import Contact, Nomination, NominationStatus, Tab
from shared.store.keys import notification_id_for, notification_key

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
DAY = timedelta(days=1)
ENGAGEMENT = Engagement.model_validate(json.loads(Path("shared/data/engagements.json").read_text())[0])


def nomination(**kw) -> Nomination:
    fields = dict(
        nomination_id="nom_1",
        partner_id="P-1001",
        engagement_id=ENGAGEMENT.engagement_id,
        engagement_name=ENGAGEMENT.name,
        location_id="L-1001",
        terms=ENGAGEMENT.terms(),
        customer_name="Northwind",
        customer_email="casey@northwind.example",
        tenant_id="t-1",
        created_at=T0,
        consent_due=T0 + 30 * DAY,
        partner_contact=Contact(name="Pat", email="pat@contoso.example"),
    )
    return Nomination(**{**fields, **kw})


def claim(**kw):
    consented = nomination(
        status=NominationStatus.CONSENTED,
        consent_at=T0,
        customer_contact=Contact(name="Casey", email="casey@northwind.example"),
    )
    return open_claim(consented, "clm_1", T0).model_copy(update=kw)


@pytest.mark.parametrize(
    "job, parsed",
    [
        ("submit_reminder_14", ("submit_reminder", 14)),
        ("consent_reminder_1", ("consent_reminder", 1)),
        ("claim_submit_expiry", None),
        ("consent_expiry", None),
        ("submit_reminder_x", None),
        ("other_reminder_7", None),
    ],
)
def test_parse_reminder(job, parsed):
    assert deadlines.parse_reminder(job) == parsed


def test_draft_expires_at_submit_due_not_a_second_before():
    c = claim()
    assert not deadlines.claim_expires(c, "claim_submit_expiry", c.submit_due - timedelta(seconds=1))
    assert deadlines.claim_expires(c, "claim_submit_expiry", c.submit_due)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CANCELED, Status.EXPIRED, Status.ACTION_REQUIRED])
def test_only_a_draft_is_expired_by_the_submit_job(status):
    c = claim(status=status)
    assert not deadlines.claim_expires(c, "claim_submit_expiry", c.submit_due + 5 * DAY)


def test_review_job_expires_only_action_required_past_review_due():
    c = claim(status=Status.ACTION_REQUIRED)
    assert not deadlines.claim_expires(c, "claim_review_expiry", c.review_due - timedelta(minutes=1))
    assert deadlines.claim_expires(c, "claim_review_expiry", c.review_due)
    assert not deadlines.claim_expires(claim(status=Status.SUBMITTED), "claim_review_expiry", c.review_due)


@pytest.mark.parametrize(
    "days, at, live",
    [
        (14, -14 * DAY, True),
        (14, -7 * DAY - timedelta(seconds=1), True),
        (14, -7 * DAY, False),  # overtaken by the 7-day reminder: stale, never sent
        (7, -7 * DAY, True),
        (7, -DAY, False),
        (1, -DAY, True),
        (1, -timedelta(seconds=1), True),
        (1, timedelta(0), False),
        (1, 91 * DAY, False),  # the deadline passed: stale
    ],
)
def test_reminder_is_live_until_overtaken_or_past_the_deadline(days, at, live):
    deadline = T0 + 90 * DAY
    assert deadlines.reminder_is_live(deadline, deadline + at, days, (14, 7, 1)) is live


def test_days_left_rounds_up_and_never_says_zero():
    deadline = T0 + 14 * DAY
    assert days_left(deadline, T0 + timedelta(minutes=5)) == 14
    assert days_left(deadline, deadline - timedelta(minutes=1)) == 1
    assert days_left(deadline, deadline) == days_left(deadline, deadline + timedelta(minutes=1)) == 0


@pytest.mark.parametrize(
    "before_due, left",
    [(6 * DAY + timedelta(hours=1), 7), (6 * DAY, 6), (6 * DAY - timedelta(seconds=1), 6), (timedelta(seconds=1), 1)],
)
def test_the_customers_page_and_the_reminder_email_count_days_left_alike(before_due, left):
    """The page said 6 while the email sent at the same moment said 7: one rule now (shared/domain/days.py)."""
    n = nomination(consent_requested_at=T0)
    now = n.consent_due - before_due
    assert n.row(now)["days_left"] == left
    assert deadlines.consent_reminder(n, now, 7).details["days_left"] == left


def test_submit_reminder_names_the_days_left_and_the_deadline():
    c = claim()
    note = deadlines.submit_reminder(c, c.submit_due - 7 * DAY + timedelta(hours=1), 7)
    assert note.kind == "submit_reminder"
    assert "7 days left" in note.message and notices.long_datetime(c.submit_due, "en") in note.message
    assert note.details["missing"] == c.missing


def test_consent_reminder_only_while_awaiting_a_requested_consent():
    assert not deadlines.consent_reminder_due(nomination())
    assert deadlines.consent_reminder_due(nomination(consent_requested_at=T0))
    assert not deadlines.consent_reminder_due(nomination(consent_requested_at=T0, status=NominationStatus.DECLINED))
    note = deadlines.consent_reminder(nomination(consent_requested_at=T0), T0 + 29 * DAY, 1)
    assert note.kind == "consent_reminder" and "1 day left" in note.message


def test_consent_expires_at_consent_due_to_the_ineligible_tab():
    n = nomination(consent_requested_at=T0, consent_token_hash="h" * 64)
    assert not deadlines.consent_expires(n, n.consent_due - timedelta(seconds=1))
    assert deadlines.consent_expires(n, n.consent_due)
    assert not deadlines.consent_expires(nomination(status=NominationStatus.CONSENTED), n.consent_due)
    expired, note = deadlines.expire_consent(n, n.consent_due)
    assert expired.status is NominationStatus.CONSENT_EXPIRED and expired.tab is Tab.INELIGIBLE
    assert expired.version == n.version + 1 and expired.consent_token_hash is None
    assert note.kind == "consent_expired"


def test_reminder_notification_ids_are_distinct_and_keyed_beside_their_owner():
    assert notification_id_for("clm_1", 3) == "clm_1.n3"
    assert notification_id_for("clm_1", 3, 14) == "clm_1.n3r14"
    assert notification_key("clm_1.n3r14") == {"PK": "CLAIM#clm_1", "SK": "#NOTE#00000003r14"}
    assert notification_key("clm_1.n3") == {"PK": "CLAIM#clm_1", "SK": "#NOTE#00000003"}
    assert notification_key("nom_1.n2r7") == {"PK": "NOM#nom_1", "SK": "#NOTE#00000002r7"}


@pytest.mark.parametrize("bad", ["", "clm_1", "clm_1.nx", "clm_1.n3r", "clm_1.n3x14", ".n3"])
def test_notification_key_refuses_ids_never_issued(bad):
    with pytest.raises(ValueError):
        notification_key(bad)
