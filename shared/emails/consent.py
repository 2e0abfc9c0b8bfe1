"""Email texts of the consent flow: {name: {locale: (subject, body)}}; merged into TEMPLATES.

The link stands on a line of its own so no punctuation sticks to it when the HTML part links it.
"""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "consent_request": {
        "en": (
            "{partner_name} asks your consent for the {engagement_name}",
            "Hello {name},\n\n"
            "{partner_name} would like to run the {engagement_name} with your organisation, funded by "
            "the partner incentive program. The workshop can only go ahead with your consent.\n\n"
            "Please accept or decline here:\n"
            "{public_base_url}/public/consent/{token}\n\n"
            "Please answer before {consent_due}. The link is personal and works once.\n\n"
            "Questions? Contact {partner_contact_name} ({partner_contact_email}).\n\n"
            "Workshop Claims",
        ),
        "nl": (
            "{partner_name} vraagt uw toestemming voor de {engagement_name}",
            "Beste {name},\n\n"
            "{partner_name} wil de {engagement_name} met uw organisatie uitvoeren, gefinancierd door "
            "het partnerstimuleringsprogramma. De workshop kan alleen doorgaan met uw toestemming.\n\n"
            "Geef hier uw toestemming of wijs het verzoek af:\n"
            "{public_base_url}/public/consent/{token}\n\n"
            "Antwoord graag vóór {consent_due}. De link is persoonlijk en werkt één keer.\n\n"
            "Vragen? Neem contact op met {partner_contact_name} ({partner_contact_email}).\n\n"
            "Workshop Claims",
        ),
    },
}
