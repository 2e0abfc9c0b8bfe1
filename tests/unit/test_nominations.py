"""Pure rules of nominations and consent, the consent page and the consent email (no AWS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.domain import notices
from shared.domain.engagements import Engagement, Payout
from shared.domain.lifecycle import Status as ClaimStatus
from shared.domain.nominations import (
    NominationStatus,
    Tab,
    check_can_open_claim,
    check_can_request_consent,
    check_consent_answerable,
    consent_due,
    contact_reason_for,
    require_tenant,
    tab_for,
)
from shared.emails import render
from shared.errors import Conflict, Gone, Unprocessable
from shared.pages import consent as page
from shared.pages import html as pages
from tests.support.nominations import NOW, nomination


def link(**changes) -> page.ConsentLink:
    base = dict(
        nomination_id="nom_1",
        locale="en",
        engagement_name="AI Business Value Workshop",
        partner_name="Contoso Consulting",
        customer_name="Northwind",
        consent_due=NOW + timedelta(days=30),
    )
    return page.ConsentLink(**{**base, **changes})


# ---------------------------------------------------------------- tenant
def test_tenant_comes_from_the_directory_when_not_given():
    assert require_tenant("t-dir", None, None) == "t-dir"


def test_unknown_domain_without_tenant_asks_for_it():
    with pytest.raises(Unprocessable) as e:
        require_tenant(None, None, None)
    assert e.value.code == "tenant_id_required" and "tenant_id" in e.value.message


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_contradicting_the_directory_needs_a_reason(reason):
    with pytest.raises(Unprocessable) as e:
        require_tenant("t-dir", "t-other", reason)
    assert e.value.code == "mismatch_reason_required"


def test_a_given_tenant_wins_with_a_reason_or_without_a_directory_entry():
    assert require_tenant("t-dir", "t-other", "Subsidiary.") == "t-other"
    assert require_tenant(None, "t-given", None) == "t-given"
    assert require_tenant("t-same", "t-same", None) == "t-same"


# ---------------------------------------------------------------- windows and checks
@pytest.mark.parametrize("address", ["it@northwind.example", "IT@Northwind.Example", "ann@nw-mail.example"])
def test_a_contact_on_the_customers_domains_needs_no_reason(address):
    assert contact_reason_for(address, "ann@northwind.example", ["nw-mail.example"], None) is None


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_contact_off_the_customers_domains_needs_a_reason(reason):
    """The customer speaks for the customer: a partner's own mailbox cannot quietly answer for it."""
    with pytest.raises(Unprocessable) as refused:
        contact_reason_for("me@partner.example", "ann@northwind.example", ["nw-mail.example"], reason)
    assert refused.value.code == "contact_reason_required"
    assert refused.value.extra["domains"] == ["northwind.example", "nw-mail.example"]
    assert "me@partner.example" in refused.value.message


def test_a_given_reason_is_kept_trimmed():
    assert (
        contact_reason_for("it@outsourcer.example", "ann@northwind.example", [], "  Their IT is outsourced. ")
        == "Their IT is outsourced."
    )


def test_consent_is_due_30_days_after_nomination():
    engagement = Engagement(
        engagement_id="E",
        name="W",
        solution_area="AI",
        starts_on=NOW.date(),
        ends_on=NOW.date(),
        payout=Payout(amount="1", currency="USD"),
        surveys={},
    )
    assert consent_due(engagement.terms(), NOW) == NOW + timedelta(days=30)


def test_consent_can_be_requested_only_while_awaiting_and_in_the_window():
    check_can_request_consent(nomination(), NOW)
    with pytest.raises(Conflict) as e:
        check_can_request_consent(nomination(status=NominationStatus.DECLINED), NOW)
    assert e.value.code == "consent_not_awaited" and e.value.extra["current_status"] == "declined"
    with pytest.raises(Conflict) as e:
        check_can_request_consent(nomination(), NOW + timedelta(days=30))
    assert e.value.code == "consent_window_passed"


def test_only_the_current_link_answers_and_only_in_time():
    n = nomination(consent_token_hash="h1")
    check_consent_answerable(n, "h1", NOW)
    for args in (("h0", NOW), ("h1", NOW + timedelta(days=30))):
        with pytest.raises(Gone):
            check_consent_answerable(n, *args)
    with pytest.raises(Gone):
        check_consent_answerable(nomination(consent_token_hash="h1", status=NominationStatus.CONSENTED), "h1", NOW)


def test_a_claim_opens_only_after_consent_and_once():
    with pytest.raises(Conflict) as e:
        check_can_open_claim(nomination())
    assert e.value.code == "consent_missing"
    with pytest.raises(Conflict) as e:
        check_can_open_claim(nomination(status=NominationStatus.CONSENTED, claim_id="clm_1"))
    assert (e.value.code, e.value.extra["claim_id"]) == ("claim_exists", "clm_1")


# ---------------------------------------------------------------- tabs and rows
@pytest.mark.parametrize(
    "status,claim_status,tab",
    [
        (NominationStatus.AWAITING_CONSENT, None, Tab.ELIGIBLE),
        (NominationStatus.CONSENTED, None, Tab.ELIGIBLE),
        (NominationStatus.CONSENTED, ClaimStatus.SUBMITTED, Tab.ELIGIBLE),
        (NominationStatus.CONSENTED, ClaimStatus.APPROVED, Tab.COMPLETED),
        (NominationStatus.CONSENTED, ClaimStatus.PAID, Tab.COMPLETED),
        (NominationStatus.CONSENTED, ClaimStatus.EXPIRED, Tab.INELIGIBLE),
        (NominationStatus.DECLINED, None, Tab.INELIGIBLE),
        (NominationStatus.CONSENT_EXPIRED, None, Tab.INELIGIBLE),
        (NominationStatus.LOST_TO_OTHER_PARTNER, None, Tab.INELIGIBLE),
    ],
)
def test_tab_of_each_state(status, claim_status, tab):
    assert tab_for(status, claim_status) is tab


def test_rows_say_type_days_left_actions_and_why_ineligible():
    row = nomination().row(NOW + timedelta(days=10, hours=1))  # 19 d 23 h left: rounded up to 20
    assert (row["type"], row["days_left"], row["actions"]) == ("not started", 20, ["request_consent"])
    assert nomination(consent_requested_at=NOW).row(NOW)["actions"] == ["resend_consent"]
    active = nomination(status=NominationStatus.CONSENTED, consent_at=NOW).row(NOW)
    assert (active["type"], active["days_left"], active["actions"]) == ("active", None, ["open_claim"])
    lost = nomination(status=NominationStatus.LOST_TO_OTHER_PARTNER).row(NOW)
    assert lost["tab"] == "ineligible" and "another partner" in lost["ineligible_reason"] and lost["actions"] == []
    assert nomination().row(NOW + timedelta(days=40))["days_left"] == 0


# ---------------------------------------------------------------- the consent page
def test_deadlines_read_as_dates_in_the_customers_language():
    due = datetime(2026, 12, 23, 8, 5, tzinfo=UTC)
    assert notices.long_datetime(due, "en") == "23 December 2026, 08:05 UTC"
    assert notices.long_datetime(due, "nl") == "23 december 2026 om 08:05 UTC"


def test_json_or_html_and_the_language_of_a_page_without_a_link():
    assert pages.wants_json("application/json") and pages.wants_json("text/html, application/json;q=0.9")
    assert not pages.wants_json("text/html,*/*") and not pages.wants_json(None)
    assert pages.locale_of("nl-NL,nl;q=0.9,en;q=0.8") == "nl"
    assert pages.locale_of("en-GB,nl;q=0.5") == "en" and pages.locale_of(None) == "en"


def test_the_form_shows_workshop_partner_deadline_and_two_buttons_without_script():
    html = page.form_page(link())
    assert '<html lang="en">' in html and "<h1>Do you agree to this workshop?</h1>" in html
    for fact in ("AI Business Value Workshop", "Contoso Consulting", "23 December 2026"):
        assert fact in html
    assert '<form method="post">' in html and "<legend>Your answer</legend>" in html
    assert 'name="decision" value="accept"' in html and 'name="decision" value="decline"' in html
    assert "<script" not in html.lower()


def test_the_form_escapes_what_partners_typed():
    html = page.form_page(link(partner_name="<script>alert(1)</script>", customer_name='"Quote" & Co'))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;Quote&quot; &amp; Co" in html


def test_dutch_form_and_answers():
    assert "Akkoord" in page.form_page(link(locale="nl")) and '<html lang="nl">' in page.form_page(link(locale="nl"))
    assert "toestemming is vastgelegd" in page.answered_page(link(locale="nl"), "accept")
    assert "afgewezen" in page.answered_page(link(locale="nl"), "decline")
    assert "consent is recorded" in page.answered_page(link(), "accept")


def test_refusal_pages():
    assert "no longer valid" in page.error_page(Gone("x"), "en")
    assert "niet meer geldig" in page.error_page(Gone("x"), "nl")
    elsewhere = page.error_page(Conflict("x", code=page.ELSEWHERE), "en")
    assert "another partner" in elsewhere and "<form" not in elsewhere
    assert "Try &lt;again&gt;." in page.error_page(Conflict("Try <again>."), "en")


def test_the_public_json_names_only_the_request():
    assert link().public_view() == {
        "engagement_name": "AI Business Value Workshop",
        "partner_name": "Contoso Consulting",
        "customer_name": "Northwind",
        "consent_due": "2026-12-23T09:30:00+00:00",
        "locale": "en",
        "decisions": ["accept", "decline"],
    }


# ---------------------------------------------------------------- the consent email
@pytest.mark.parametrize(
    "locale,greeting,deadline", [("en", "Hello Ann", "23 December 2026"), ("nl", "Beste Ann", "23 december 2026")]
)
def test_consent_email_names_workshop_partner_deadline_and_the_absolute_link(locale, greeting, deadline):
    message = render(
        "consent_request",
        locale,
        name="Ann",
        partner_name="Contoso Consulting",
        engagement_name="AI Business Value Workshop",
        consent_due=notices.long_datetime(NOW + timedelta(days=30), locale),
        partner_contact_name="Pat",
        partner_contact_email="pat@contoso.example",
        public_base_url="https://claims.example.com",
        token="tok_123",
    )
    url = "https://claims.example.com/public/consent/tok_123"
    assert "Contoso Consulting" in message.subject and "AI Business Value Workshop" in message.subject
    for part in (message.text, message.html):
        assert greeting in part and "Contoso Consulting" in part and "AI Business Value Workshop" in part
        assert deadline in part and url in part
    assert f'<a href="{url}">' in message.html and f"\n{url}\n" in message.text
