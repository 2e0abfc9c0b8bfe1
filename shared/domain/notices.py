"""The text of each partner notification, in every locale, made from its kind and its facts (`params`).

A notification is stored as a kind and facts, not as a sentence: the claim page and the notifications page
show it in the reader's language (Accept-Language), and its email in the recipient's locale. Dates are
written out in the locale (`long_date`), codes in words (shared/domain/labels.py); the reviewer's own words are
quoted as written. Pure: no I/O.

Facts by name: `who` (the customer), `engagement`, `days_left`, `reason_code`, `reviewer_message`, `item` (a
proof item, in words as `{survey}`), `recipient` (an address an email went to), and dates as ISO strings:
`submit_due`, `consent_due`, `review_due`, `dispute_due`, `payable_on`, `deadline`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shared.domain.labels import LOCALES, PROOF_ITEMS, REASON_CODES, word

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
AT = {"en": "{date}, {time} UTC", "nl": "{date} om {time} UTC"}
DAYS = {"en": ("{n} day", "{n} days"), "nl": ("{n} dag", "{n} dagen")}

MESSAGES: dict[str, dict[str, str]] = {
    "submit_reminder": {
        "en": "{days_left} left to submit this claim: the deadline is {submit_due}. Claims not submitted by then "
        "are rejected automatically.",
        "nl": "Nog {days_left} om deze claim in te dienen: de deadline is {submit_due}. Claims die dan niet zijn "
        "ingediend, worden automatisch afgewezen.",
    },
    "consent_reminder": {
        "en": "{who} has not answered the consent request yet: {days_left} left (until {consent_due}). You can "
        "send the request again from the customers page.",
        "nl": "{who} heeft nog niet geantwoord op de toestemmingsaanvraag: nog {days_left} (tot {consent_due}). "
        "U kunt de aanvraag opnieuw versturen vanaf de klantenpagina.",
    },
    "consent_accepted": {
        "en": "{who} consented to the {engagement}. Open the claim from the customers page and submit its proof "
        "before {submit_due}.",
        "nl": "{who} heeft toestemming gegeven voor de {engagement}. Open de claim via de klantenpagina en dien "
        "de bewijsstukken in vóór {submit_due}.",
    },
    "consent_declined": {
        "en": "{who} declined consent for the {engagement}. You may nominate the customer again if they change "
        "their mind.",
        "nl": "{who} heeft geen toestemming gegeven voor de {engagement}. U kunt de klant opnieuw nomineren als "
        "die van gedachten verandert.",
    },
    "lost_to_other_partner": {
        "en": "{who} consented to the {engagement} with another partner. Only the first consent counts, so this "
        "customer can no longer be claimed by you for it.",
        "nl": "{who} heeft voor de {engagement} toestemming gegeven aan een andere partner. Alleen de eerste "
        "toestemming telt, dus u kunt deze klant er niet meer voor claimen.",
    },
    "consent_expired": {
        "en": "{who} did not give consent for the {engagement} before {consent_due}. You may nominate the "
        "customer again if they still want the workshop.",
        "nl": "{who} heeft vóór {consent_due} geen toestemming gegeven voor de {engagement}. U kunt de klant "
        "opnieuw nomineren als die de workshop alsnog wil.",
    },
    "expired.not_submitted": {
        "en": "Your claim was rejected automatically: it was not submitted within {submit_days} days of consent "
        "(by {deadline}). An expired claim cannot be reopened.",
        "nl": "Uw claim is automatisch afgewezen: hij is niet binnen {submit_days} dagen na de toestemming "
        "ingediend (uiterlijk {deadline}). Een verlopen claim kan niet opnieuw worden geopend.",
    },
    "expired.info_not_provided": {
        "en": "Your claim was rejected automatically: the information the reviewer asked for was not provided "
        "by {deadline}. An expired claim cannot be reopened.",
        "nl": "Uw claim is automatisch afgewezen: de informatie waar de beoordelaar om vroeg, is niet vóór "
        "{deadline} aangeleverd. Een verlopen claim kan niet opnieuw worden geopend.",
    },
    "info_requested": {
        "en": "The reviewer asks for more information ({reason}): “{reviewer_message}” Update the claim and "
        "submit it again before {review_due}.",
        "nl": "De beoordelaar vraagt om meer informatie ({reason}): “{reviewer_message}” Werk de claim bij en "
        "dien hem opnieuw in vóór {review_due}.",
    },
    "approved": {
        "en": "Your claim was approved. The payment is planned for {payable_on}; you need not do anything.",
        "nl": "Uw claim is goedgekeurd. De betaling staat gepland op {payable_on}; u hoeft niets te doen.",
    },
    "approved.with_message": {
        "en": "Your claim was approved. The payment is planned for {payable_on}; you need not do anything. "
        "The reviewer wrote: “{reviewer_message}”",
        "nl": "Uw claim is goedgekeurd. De betaling staat gepland op {payable_on}; u hoeft niets te doen. "
        "De beoordelaar schreef: “{reviewer_message}”",
    },
    "rejected": {
        "en": "Your claim was rejected ({reason}): “{reviewer_message}” If you disagree, you may dispute it on "
        "the claim page until {dispute_due}.",
        "nl": "Uw claim is afgewezen ({reason}): “{reviewer_message}” Bent u het er niet mee eens, dan kunt u "
        "tot {dispute_due} bezwaar maken op de claimpagina.",
    },
    "rejected_final": {
        "en": "Your claim was rejected ({reason}): “{reviewer_message}” This decision is final.",
        "nl": "Uw claim is afgewezen ({reason}): “{reviewer_message}” Deze beslissing is definitief.",
    },
    "rejected_final.not_disputed": {
        "en": "The time to dispute the rejection ended on {dispute_due} without a dispute, so the rejection is final.",
        "nl": "De termijn om bezwaar te maken tegen de afwijzing is op {dispute_due} verstreken zonder bezwaar; "
        "de afwijzing is dus definitief.",
    },
    "paid": {
        "en": "Your claim was paid; the remittance details are on the payments page.",
        "nl": "Uw claim is uitbetaald; de betalingsgegevens staan op de betalingspagina.",
    },
    # SES's later word on a link email (shared/domain/mail_events.py): only another contact helps
    "email_undeliverable.consent_bounced": {
        "en": "The consent request to {recipient} could not be delivered: the address does not accept email. "
        "Check the address with {who} and send the request again, to the right contact, from the "
        "customers page.",
        "nl": "De toestemmingsaanvraag aan {recipient} kon niet worden afgeleverd: het adres neemt geen e-mail "
        "aan. Controleer het adres bij {who} en verstuur de aanvraag opnieuw, naar het juiste contact, "
        "vanaf de klantenpagina.",
    },
    "email_undeliverable.consent_complained": {
        "en": "{recipient} marked the consent request as spam, so no more email reaches that address. Ask {who} "
        "for another contact and send the request to them from the customers page.",
        "nl": "{recipient} heeft de toestemmingsaanvraag als spam gemarkeerd, dus er komt geen e-mail meer aan "
        "op dat adres. Vraag {who} om een ander contact en verstuur de aanvraag daarheen vanaf de "
        "klantenpagina.",
    },
    "email_undeliverable.survey_bounced": {
        "en": "The email with the {survey} to {recipient} could not be delivered: the address does not accept "
        "email. Check the address, change the contact on the claim page and send the survey again.",
        "nl": "De e-mail met de {survey} aan {recipient} kon niet worden afgeleverd: het adres neemt geen e-mail "
        "aan. Controleer het adres, wijzig het contact op de claimpagina en verstuur de enquête opnieuw.",
    },
    "email_undeliverable.survey_complained": {
        "en": "{recipient} marked the email with the {survey} as spam, so no more email reaches that address. "
        "Change the contact on the claim page and send the survey again.",
        "nl": "{recipient} heeft de e-mail met de {survey} als spam gemarkeerd, dus er komt geen e-mail meer aan "
        "op dat adres. Wijzig het contact op de claimpagina en verstuur de enquête opnieuw.",
    },
}
DATES = ("submit_due", "consent_due", "review_due", "deadline")  # deadlines: the hour matters on the last day
DAY_DATES = ("dispute_due", "payable_on")


def long_date(value: datetime | date, locale: str) -> str:
    """'22 December 2026' / '22 december 2026'."""
    return f"{value.day} {MONTHS.get(locale, MONTHS['en'])[value.month - 1]} {value.year}"


def long_datetime(value: datetime, locale: str) -> str:
    """'22 December 2026, 14:05 UTC' / '22 december 2026 om 14:05 UTC' (deadlines are UTC)."""
    return AT.get(locale, AT["en"]).format(date=long_date(value, locale), time=f"{value:%H:%M}")


def days(n: int, locale: str) -> str:
    one, many = DAYS.get(locale, DAYS["en"])
    return (one if n == 1 else many).format(n=n)


def message(template: str, params: dict[str, Any], locale: str) -> str:
    """The notification's text in `locale` (English when unknown)."""
    locale = locale if locale in LOCALES else "en"
    values: dict[str, Any] = {**params}
    for name in DATES:
        if params.get(name):
            values[name] = long_datetime(datetime.fromisoformat(params[name]), locale)
    for name in DAY_DATES:
        if params.get(name):
            values[name] = long_date(date.fromisoformat(str(params[name])[:10]), locale)
    if "days_left" in params:
        values["days_left"] = days(int(params["days_left"]), locale)
    if params.get("reason_code"):
        values["reason"] = word(REASON_CODES, params["reason_code"], locale).lower()
    if params.get("item"):
        values["survey"] = word(PROOF_ITEMS, params["item"], locale).lower()
    return MESSAGES[template][locale].format(**values)
