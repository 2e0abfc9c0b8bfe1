"""Email texts per template and locale: (subject, body). Placeholders are filled by `render`."""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    # Partner notifications raised by claim decisions and scheduled jobs (sent by the notifier).
    "notification": {
        "en": ("{engagement_name}: {headline}",
               "Hello {name},\n\n{message}\n\nClaim: {claim_id}\nCustomer: {customer_name}\n\n"
               "Open the claim in Partner Center to see the details.\n\nWorkshop Claims"),
        "nl": ("{engagement_name}: {headline}",
               "Beste {name},\n\n{message}\n\nClaim: {claim_id}\nKlant: {customer_name}\n\n"
               "Open de claim in Partner Center voor de details.\n\nWorkshop Claims"),
    },
}

# Each flow keeps its own texts beside this module; they are merged here.
from shared.emails import consent as _consent  # noqa: E402
from shared.emails import surveys as _surveys  # noqa: E402

TEMPLATES.update(_consent.TEMPLATES)
TEMPLATES.update(_surveys.TEMPLATES)
