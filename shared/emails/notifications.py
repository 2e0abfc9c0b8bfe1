"""Email texts of partner notifications (claim decisions, expiry, payment, reminders); merged into TEMPLATES.

The notification's `message` comes from the domain in English and already gives the reason and what to
do next; the subject names the kind in the reader's language, and Dutch readers also get the next
step in Dutch.
"""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "notification": {
        "en": ("{engagement_name}: {headline}",
               "Hello {name},\n\n{message}\n\nReference: {reference}\nCustomer: {customer_name}\n\n"
               "Open it in Partner Center to see the details.\n\nWorkshop Claims"),
        "nl": ("{engagement_name}: {headline}",
               "Beste {name},\n\n{headline}. {next_step}\n\nToelichting: {message}\n\n"
               "Referentie: {reference}\nKlant: {customer_name}\n\n"
               "Open deze in Partner Center voor de details.\n\nWorkshop Claims"),
    },
}

HEADLINES: dict[str, dict[str, str]] = {
    "info_requested": {"en": "More information is needed for your claim",
                       "nl": "Er is meer informatie nodig voor uw claim"},
    "approved": {"en": "Your claim was approved", "nl": "Uw claim is goedgekeurd"},
    "rejected": {"en": "Your claim was rejected", "nl": "Uw claim is afgewezen"},
    "rejected_final": {"en": "Your claim was rejected (final decision)", "nl": "Uw claim is definitief afgewezen"},
    "expired": {"en": "Your claim was automatically rejected", "nl": "Uw claim is automatisch afgewezen"},
    "paid": {"en": "Your claim was paid", "nl": "Uw claim is uitbetaald"},
    "submit_reminder": {"en": "Reminder: submit your claim before the deadline",
                        "nl": "Herinnering: dien uw claim in vóór de deadline"},
    "consent_reminder": {"en": "Reminder: the customer has not consented yet",
                         "nl": "Herinnering: de klant heeft nog geen toestemming gegeven"},
    "consent_expired": {"en": "The customer's consent request expired",
                        "nl": "De toestemmingsaanvraag aan de klant is verlopen"},
}
FALLBACK_HEADLINE = {"en": "An update on your claim", "nl": "Een update over uw claim"}

# {submit_due}, {review_due} and {consent_due} are dates (YYYY-MM-DD) from the notification's context.
NEXT_STEPS_NL: dict[str, str] = {
    "info_requested": "Werk de bewijsstukken of opmerkingen bij en dien de claim opnieuw in vóór {review_due}.",
    "approved": "U hoeft niets te doen: de betaling volgt in de betaalcyclus.",
    "rejected": "Bent u het er niet mee eens, maak dan via de claim bezwaar binnen de termijn in de toelichting.",
    "rejected_final": "Deze beslissing is definitief.",
    "expired": "Een verlopen claim kan niet opnieuw worden geopend.",
    "paid": "De betaling is verwerkt; de details staan op de betalingspagina.",
    "submit_reminder": "Maak de bewijsstukken compleet en dien de claim in vóór {submit_due}.",
    "consent_reminder": "Vraag de klant de toestemmingsaanvraag vóór {consent_due} te beantwoorden, "
                        "of verstuur hem opnieuw.",
    "consent_expired": "De klant staat nu bij 'niet in aanmerking'; nomineer opnieuw als de klant alsnog wil.",
}
