"""The words for the codes the API speaks, in every locale: proof items, reason codes, claim and nomination
statuses, why a customer is ineligible, and the headline of each notification kind.

One catalogue: the emails take their words from here, and `GET /labels` serves the same dictionaries to
the web app (docs/decisions.md, "One labels catalogue"), so a reason code or an item reads the same in
an email and on a page. Pure data; tests/unit/test_labels.py checks that every code of the domain has
words in every locale.
"""

from __future__ import annotations

LOCALES = ("en", "nl")
Words = dict[str, dict[str, str]]  # code -> {locale: words}

PROOF_ITEMS: Words = {
    "findings_report": {
        "en": "Findings and recommendations document",
        "nl": "Document met bevindingen en aanbevelingen",
    },
    "invoice": {"en": "Invoice", "nl": "Factuur"},
    "partner_survey": {"en": "Partner survey", "nl": "Partnerenquête"},
    "customer_survey": {"en": "Customer survey", "nl": "Klantenquête"},
}

REASON_CODES: Words = {
    # request-info
    "missing_document": {"en": "A document is missing", "nl": "Er ontbreekt een document"},
    "document_unreadable": {"en": "A document is unreadable", "nl": "Een document is onleesbaar"},
    "invoice_mismatch": {"en": "The invoice does not match the claim", "nl": "De factuur past niet bij de claim"},
    "survey_issue": {"en": "A problem with a survey", "nl": "Een probleem met een enquête"},
    # reject
    "insufficient_proof": {"en": "Insufficient proof of execution", "nl": "Onvoldoende bewijs van uitvoering"},
    "ineligible_customer": {"en": "The customer is not eligible", "nl": "De klant komt niet in aanmerking"},
    "duplicate_claim": {"en": "Duplicate claim", "nl": "Dubbele claim"},
    "workshop_not_delivered": {"en": "The workshop was not delivered", "nl": "De workshop is niet gegeven"},
    # both
    "other": {"en": "Other reason", "nl": "Andere reden"},
}

STATUSES: Words = {  # a claim's status
    "draft": {"en": "Draft", "nl": "Concept"},
    "submitted": {"en": "Submitted", "nl": "Ingediend"},
    "under_review": {"en": "Under review", "nl": "In beoordeling"},
    "action_required": {"en": "Action required", "nl": "Actie vereist"},
    "approved": {"en": "Approved", "nl": "Goedgekeurd"},
    "paid": {"en": "Paid", "nl": "Uitbetaald"},
    "rejected": {"en": "Rejected", "nl": "Afgewezen"},
    "disputed": {"en": "Disputed", "nl": "Bezwaar ingediend"},
    "rejected_final": {"en": "Rejected (final)", "nl": "Definitief afgewezen"},
    "expired": {"en": "Expired", "nl": "Verlopen"},
    "canceled": {"en": "Canceled", "nl": "Geannuleerd"},
}

NOMINATION_STATUSES: Words = {  # a customers-page row's status
    "awaiting_consent": {"en": "Awaiting consent", "nl": "Wacht op toestemming"},
    "consented": {"en": "Consented", "nl": "Toestemming gegeven"},
    "declined": {"en": "Consent declined", "nl": "Toestemming geweigerd"},
    "consent_expired": {"en": "Consent expired", "nl": "Toestemming verlopen"},
    "lost_to_other_partner": {"en": "Consented to another partner", "nl": "Toestemming aan een andere partner"},
}

INELIGIBLE_REASONS: Words = {  # why a row is on the Ineligible tab: its nomination or claim status
    "declined": {"en": "The customer declined consent.", "nl": "De klant heeft geen toestemming gegeven."},
    "consent_expired": {
        "en": "Consent was not given within the consent window.",
        "nl": "De klant heeft niet binnen de termijn toestemming gegeven.",
    },
    "lost_to_other_partner": {
        "en": "The customer consented to this engagement with another partner.",
        "nl": "De klant heeft voor deze engagement toestemming gegeven aan een andere partner.",
    },
    "expired": {
        "en": "The claim was not submitted in time and was rejected automatically.",
        "nl": "De claim is niet op tijd ingediend en automatisch afgewezen.",
    },
    "canceled": {"en": "The claim was canceled.", "nl": "De claim is geannuleerd."},
    "rejected_final": {"en": "The claim was rejected.", "nl": "De claim is afgewezen."},
}

NOTIFICATION_KINDS: Words = {  # a notification's headline (also its email's subject)
    "info_requested": {
        "en": "More information is needed for your claim",
        "nl": "Er is meer informatie nodig voor uw claim",
    },
    "approved": {"en": "Your claim was approved", "nl": "Uw claim is goedgekeurd"},
    "rejected": {"en": "Your claim was rejected", "nl": "Uw claim is afgewezen"},
    "rejected_final": {"en": "Your claim was rejected (final decision)", "nl": "Uw claim is definitief afgewezen"},
    "expired": {"en": "Your claim was automatically rejected", "nl": "Uw claim is automatisch afgewezen"},
    "paid": {"en": "Your claim was paid", "nl": "Uw claim is uitbetaald"},
    "submit_reminder": {
        "en": "Reminder: submit your claim before the deadline",
        "nl": "Herinnering: dien uw claim in vóór de deadline",
    },
    "consent_reminder": {
        "en": "Reminder: the customer has not consented yet",
        "nl": "Herinnering: de klant heeft nog geen toestemming gegeven",
    },
    "consent_expired": {
        "en": "The customer's consent request expired",
        "nl": "De toestemmingsaanvraag aan de klant is verlopen",
    },
    "consent_accepted": {"en": "The customer gave consent", "nl": "De klant heeft toestemming gegeven"},
    "consent_declined": {"en": "The customer declined consent", "nl": "De klant heeft toestemming geweigerd"},
    "lost_to_other_partner": {
        "en": "The customer consented to another partner",
        "nl": "De klant heeft toestemming gegeven aan een andere partner",
    },
    "email_undeliverable": {"en": "An email could not be delivered", "nl": "Een e-mail kon niet worden afgeleverd"},
}

CATALOGUE: dict[str, Words] = {
    "proof_items": PROOF_ITEMS,
    "reason_codes": REASON_CODES,
    "statuses": STATUSES,
    "nomination_statuses": NOMINATION_STATUSES,
    "ineligible_reasons": INELIGIBLE_REASONS,
    "notification_kinds": NOTIFICATION_KINDS,
}


def word(words: Words, code: str, locale: str) -> str:
    """The words for `code` in `locale` (English when the locale is unknown); the code itself if unknown."""
    entry = words.get(code)
    if entry is None:
        return code
    return entry.get(locale) or entry["en"]


def catalogue(locale: str) -> dict:
    """What `GET /labels?locale=` answers: every dictionary, in one locale."""
    return {
        "locale": locale,
        **{name: {code: word(words, code, locale) for code in words} for name, words in CATALOGUE.items()},
    }
