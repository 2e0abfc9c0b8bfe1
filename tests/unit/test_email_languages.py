"""Every email, in every locale, is entirely in that locale: each template is rendered in each language
with the same facts, and a rendering fails when it holds a word only the other language's texts use."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from shared.domain import labels, notices
from shared.emails import render
from shared.emails.notifications import FACT_LABELS, OPEN_IT
from shared.emails.templates import TEMPLATES
from shared.services.notifier import render_notification

# Facts without a language of their own (names, ids, addresses), so only the templates' words are judged.
FACTS = {
    "name": "Ann Jansen",
    "partner_name": "Contoso",
    "engagement_name": "Copilot Xyz",
    "customer_name": "Northwind",
    "partner_contact_name": "Pat",
    "partner_contact_email": "pat@contoso.example",
    "public_base_url": "https://claims.example.com",
    "claim_url": "https://claims.example.com/app/claims/clm_1",
    "token": "tok_1",
}
PARAMS = {
    "who": "Northwind",
    "engagement": "Copilot Xyz",
    "days_left": 7,
    "reason_code": "invoice_mismatch",
    "reviewer_message": "Xyz.",
    "submit_due": "2027-02-21T09:30:00+00:00",
    "consent_due": "2027-01-10T09:30:00+00:00",
    "review_due": "2027-03-01T09:30:00+00:00",
    "dispute_due": "2027-03-31",
    "payable_on": "2027-04-15",
    "deadline": "2027-02-21T09:30:00+00:00",
    "submit_days": 90,
    "recipient": "ann@northwind.example",
    "item": "customer_survey",
}
WORD = re.compile(r"[^\W\d_]{3,}")


def words_of(texts) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(re.sub(r"\{[a-z_]+\}", " ", text))}


def texts_in(locale: str) -> list[str]:
    """Every sentence the emails can say in `locale`: templates, notification texts, dates and labels."""
    texts = [part for by_locale in TEMPLATES.values() for part in by_locale[locale]]
    texts += [by_locale[locale] for by_locale in notices.MESSAGES.values()]
    texts += list(notices.MONTHS[locale]) + [notices.AT[locale], *notices.DAYS[locale]]
    texts += [w[locale] for table in (*labels.CATALOGUE.values(), FACT_LABELS, OPEN_IT) for w in table.values()]
    return texts


ONLY = {
    locale: words_of(texts_in(locale)) - words_of(texts_in(other)) for locale, other in (("en", "nl"), ("nl", "en"))
}


def renderings(locale: str):
    for template in ("consent_request", "survey_customer", "survey_partner"):
        dated = {
            "consent_due": notices.long_datetime(datetime(2027, 1, 10, 9, 30, tzinfo=UTC), locale),
            "submit_due": notices.long_datetime(datetime(2027, 2, 21, 9, 30, tzinfo=UTC), locale),
        }
        rendered = render(template, locale, **FACTS, **dated)
        yield template, rendered.subject + "\n" + rendered.text
    for template in notices.MESSAGES:
        kind, _, variant = template.partition(".")
        item = {
            "notification_id": "clm_1.n2",
            "kind": kind,
            "template": template,
            "params": PARAMS,
            "details": {"reason_code": "invoice_mismatch", "missing": ["invoice", "customer_survey"]},
            "email_context": {
                "claim_id": "clm_1",
                "status": "action_required",
                "engagement_name": "Copilot Xyz",
                "customer_name": "Northwind",
            },
        }
        rendered = render_notification(
            item, {"name": "Ann Jansen", "email": "ann@p.example", "locale": locale}, "https://claims.example.com/app"
        )
        yield template, rendered.subject + "\n" + rendered.text


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_every_email_is_entirely_in_its_readers_language(locale):
    other = "nl" if locale == "en" else "en"
    assert len(ONLY[other]) > 50  # the check has words to find
    for template, text in renderings(locale):
        strays = words_of([text]) & ONLY[other]
        assert not strays, f"{template} in {locale} says {sorted(strays)}"


def test_the_check_finds_a_sentence_of_the_other_language():
    """The old Dutch notification email quoted the English message after 'Toelichting:'."""
    english = notices.message("approved", PARAMS, "en")
    assert words_of([f"Toelichting: {english}"]) & ONLY["en"]


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_dates_and_codes_read_in_the_locale(locale):
    text = notices.message("info_requested", PARAMS, locale)
    assert notices.long_datetime(datetime(2027, 3, 1, 9, 30, tzinfo=UTC), locale) in text
    assert labels.REASON_CODES["invoice_mismatch"][locale].lower() in text and "invoice_mismatch" not in text
    assert notices.message("submit_reminder", {**PARAMS, "days_left": 1}, locale).startswith(
        {"en": "1 day left", "nl": "Nog 1 dag"}[locale]
    )
