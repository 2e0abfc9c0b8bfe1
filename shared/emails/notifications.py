"""Email texts of partner notifications (claim decisions, expiry, payment, reminders, consent news); merged
into TEMPLATES.

The whole email is in the reader's language: the subject names the kind (shared/domain/labels.py), the message
is the notification's text in that language (shared/domain/notices.py), and the facts under it spell out the
codes (status, reason, missing items) in words. It ends with a link to the exact page of the web app it is
about: the claim, or (a nomination without a claim) the customers page's tab where the customer now is.
"""

from shared.domain.labels import NOTIFICATION_KINDS

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "notification": {
        "en": (
            "{engagement_name}: {headline}",
            "Hello {name},\n\n{message}\n\n{facts}Reference: {reference}\nCustomer: {customer_name}\n\n"
            "{open_it}\n{link}\n\nWorkshop Claims",
        ),
        "nl": (
            "{engagement_name}: {headline}",
            "Beste {name},\n\n{message}\n\n{facts}Referentie: {reference}\nKlant: {customer_name}\n\n"
            "{open_it}\n{link}\n\nWorkshop Claims",
        ),
    },
}

HEADLINES = NOTIFICATION_KINDS  # the words live in shared/domain/labels.py, shared with the web app
FALLBACK_HEADLINE = {"en": "An update on your claim", "nl": "Een update over uw claim"}

# The facts under the message ({facts}): each a label and words from shared/domain/labels.py.
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
