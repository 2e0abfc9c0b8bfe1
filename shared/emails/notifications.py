"""Email texts of partner notifications (claim decisions, expiry, payment, reminders); merged into TEMPLATES.

The notification's `message` comes from the domain in English and already gives the reason and what to
do next; the subject names the kind in the reader's language, and Dutch readers also get the next
step in Dutch. Codes (reason, status, missing items) are spelled out in the reader's language with the
words of shared/labels.py, and the email ends with a link to the exact page of the web app it is about:
the claim, or (a nomination without a claim) the customers page's tab where the customer now is.
"""

from shared.labels import NOTIFICATION_KINDS

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "notification": {
        "en": ("{engagement_name}: {headline}",
               "Hello {name},\n\n{message}\n\n{facts}Reference: {reference}\nCustomer: {customer_name}\n\n"
               "{open_it}\n{link}\n\nWorkshop Claims"),
        "nl": ("{engagement_name}: {headline}",
               "Beste {name},\n\n{headline}. {next_step}\n\nToelichting: {message}\n\n"
               "{facts}Referentie: {reference}\nKlant: {customer_name}\n\n"
               "{open_it}\n{link}\n\nWorkshop Claims"),
    },
}

HEADLINES = NOTIFICATION_KINDS  # the words live in shared/labels.py, shared with the web app
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
    "consent_accepted": "Open de claim via de klantenpagina en dien de bewijsstukken in vóór de deadline.",
    "consent_declined": "U kunt de klant opnieuw nomineren als de klant van gedachten verandert.",
    "lost_to_other_partner": "Alleen de eerste toestemming telt; deze klant kan niet meer voor u worden geclaimd.",
}

# The facts under the message ({facts}): each a label and words from shared/labels.py.
FACT_LABELS: dict[str, dict[str, str]] = {
    "status": {"en": "Status", "nl": "Status"},
    "reason": {"en": "Reason", "nl": "Reden"},
    "missing": {"en": "Still missing", "nl": "Nog niet compleet"},
}
# The line above the link ({open_it}), by the page it opens.
OPEN_IT: dict[str, dict[str, str]] = {
    "claim": {"en": "Open the claim in the app:", "nl": "Open de claim in de app:"},
    "customers": {"en": "Open the customers page in the app:", "nl": "Open de klantenpagina in de app:"},
}
