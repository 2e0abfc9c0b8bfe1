"""Email texts of the surveys flow: {name: {locale: (subject, body)}}; merged into TEMPLATES.

Only this claim's facts go in (its workshop, customer, deadline, the partner's own contact): never
another claim's or partner's data. Links stand on a line of their own so no punctuation sticks to them.
The partner survey also links to the claim's page in the web app ({claim_url}), where it can be answered;
the customer's email links only to the public survey page.
"""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "survey_customer": {
        "en": (
            "How was the {engagement_name}? A short survey",
            "Hello {name},\n\n"
            "Thank you for taking part in the {engagement_name}. Please tell us in a few questions how "
            "the workshop went for you:\n"
            "{public_base_url}/public/surveys/{token}\n\n"
            "Please answer before {submit_due}. The link is personal and works once.\n\n"
            "Questions about the workshop? Contact {partner_contact_name} ({partner_contact_email}).\n\n"
            "Workshop Claims",
        ),
        "nl": (
            "Hoe was de {engagement_name}? Een korte enquête",
            "Beste {name},\n\n"
            "Dank u wel voor uw deelname aan de {engagement_name}. Vertel ons in een paar vragen hoe de "
            "workshop voor u is verlopen:\n"
            "{public_base_url}/public/surveys/{token}\n\n"
            "Antwoord graag vóór {submit_due}. De link is persoonlijk en werkt één keer.\n\n"
            "Vragen over de workshop? Neem contact op met {partner_contact_name} ({partner_contact_email}).\n\n"
            "Workshop Claims",
        ),
    },
    "survey_partner": {
        "en": (
            "Partner survey for the {engagement_name} with {customer_name}",
            "Hello {name},\n\n"
            "Please fill in the partner survey for the {engagement_name} you delivered to {customer_name}. "
            "The claim can only be submitted once it is answered:\n"
            "{public_base_url}/public/surveys/{token}\n\n"
            "Please answer before {submit_due}. The link works once. You can also answer it on the claim "
            "page in the app:\n"
            "{claim_url}\n\n"
            "Workshop Claims",
        ),
        "nl": (
            "Partnerenquête voor de {engagement_name} met {customer_name}",
            "Beste {name},\n\n"
            "Vul de partnerenquête in voor de {engagement_name} die u voor {customer_name} heeft gegeven. "
            "De claim kan pas worden ingediend als die is beantwoord:\n"
            "{public_base_url}/public/surveys/{token}\n\n"
            "Antwoord graag vóór {submit_due}. De link werkt één keer. U kunt ook antwoorden op de "
            "claimpagina in de app:\n"
            "{claim_url}\n\n"
            "Workshop Claims",
        ),
    },
}
