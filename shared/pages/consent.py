"""The public consent page (`/public/consent/{token}`) in `en` and `nl`: the question, the thank-you
page, the refusals, and the same facts as JSON. Plain HTML forms: it works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.domain.notices import long_datetime
from shared.errors import AppError
from shared.pages.html import Sender, esc, gone_page, layout

DECISIONS = ("accept", "decline")
ELSEWHERE = "customer_consented_elsewhere"


TEXT = {
    "en": {
        "title": "Do you agree to this workshop?",
        "intro": "{partner} asks your consent to run the {workshop} with {customer}.",
        "your_organisation": "your organisation",
        "workshop": "Workshop",
        "partner": "Partner",
        "deadline": "Answer before",
        "explain": "If you accept, {partner} runs the workshop and claims its funding from the partner incentive "
        "program. Only one partner can be given consent for this workshop. If you decline, nothing "
        "further happens.",
        "legend": "Your answer",
        "accept": "Accept",
        "decline": "Decline",
        "accepted_title": "Thank you: your consent is recorded",
        "accepted": "{partner} can now plan the {workshop} with you. You can close this page.",
        "declined_title": "Your answer is recorded",
        "declined": "You declined the {workshop} with {partner}; {partner} will not claim it. You can close this page.",
        "elsewhere_title": "Consent was already given to another partner",
        "elsewhere": "Your organisation has already agreed to this workshop with another partner. Only one partner "
        "can run it, so this request can no longer be accepted. You do not need to do anything.",
        "error_title": "Your answer could not be recorded",
    },
    "nl": {
        "title": "Gaat u akkoord met deze workshop?",
        "intro": "{partner} vraagt uw toestemming om de {workshop} uit te voeren met {customer}.",
        "your_organisation": "uw organisatie",
        "workshop": "Workshop",
        "partner": "Partner",
        "deadline": "Antwoord vóór",
        "explain": "Als u akkoord gaat, voert {partner} de workshop uit en ontvangt daarvoor financiering uit het "
        "partnerstimuleringsprogramma. Slechts één partner kan toestemming krijgen voor deze workshop. "
        "Als u afwijst, gebeurt er verder niets.",
        "legend": "Uw antwoord",
        "accept": "Akkoord",
        "decline": "Afwijzen",
        "accepted_title": "Dank u wel: uw toestemming is vastgelegd",
        "accepted": "{partner} kan de {workshop} nu met u inplannen. U kunt deze pagina sluiten.",
        "declined_title": "Uw antwoord is vastgelegd",
        "declined": "U heeft de {workshop} met {partner} afgewezen; {partner} dient er geen claim voor in. "
        "U kunt deze pagina sluiten.",
        "elsewhere_title": "Toestemming is al aan een andere partner gegeven",
        "elsewhere": "Uw organisatie heeft voor deze workshop al ingestemd met een andere partner. Slechts één "
        "partner kan hem uitvoeren, dus dit verzoek kan niet meer worden aanvaard. U hoeft niets te doen.",
        "error_title": "Uw antwoord kon niet worden vastgelegd",
    },
}


@dataclass(frozen=True)
class ConsentLink:
    """What a live consent link shows: the facts its email named, in the customer's locale."""

    nomination_id: str
    locale: str
    engagement_name: str
    partner_name: str
    customer_name: str | None
    consent_due: datetime
    partner_contact: dict | None = None  # {name, email}: whom the customer may ask
    answer_digest: str | None = None  # set once answered: the link is spent

    @property
    def sender(self) -> Sender:
        contact = self.partner_contact or {}
        return Sender(self.partner_name, contact.get("name"), contact.get("email"))

    def public_view(self) -> dict:
        """The JSON form of the page: the request's facts only, nothing else about the nomination."""
        return {
            "engagement_name": self.engagement_name,
            "partner_name": self.partner_name,
            "customer_name": self.customer_name,
            "consent_due": self.consent_due.isoformat(),
            "locale": self.locale,
            "decisions": list(DECISIONS),
        }


def _text(locale: str) -> dict[str, str]:
    return TEXT.get(locale, TEXT["en"])


def _facts(link: ConsentLink) -> dict[str, str]:
    t = _text(link.locale)
    return {
        "partner": link.partner_name,
        "workshop": link.engagement_name,
        "customer": link.customer_name or t["your_organisation"],
    }


def form_page(link: ConsentLink) -> str:
    t, facts = _text(link.locale), _facts(link)
    rows = (
        (t["workshop"], esc(link.engagement_name)),
        (t["partner"], esc(link.partner_name)),
        (
            t["deadline"],
            f'<time datetime="{esc(link.consent_due.isoformat())}">'
            f"{esc(long_datetime(link.consent_due, link.locale))}</time>",
        ),
    )
    details = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows)
    buttons = "".join(f'<button type="submit" name="decision" value="{d}">{esc(t[d])}</button>' for d in DECISIONS)
    body = (
        f"<p>{esc(t['intro'].format(**facts))}</p><dl>{details}</dl><p>{esc(t['explain'].format(**facts))}</p>"
        f'<form method="post"><fieldset><legend>{esc(t["legend"])}</legend>{buttons}</fieldset></form>'
    )
    return layout(t["title"], body, link.locale, link.sender)


def answered_page(link: ConsentLink, decision: str) -> str:
    t, key = _text(link.locale), "accepted" if decision == "accept" else "declined"
    return layout(
        t[f"{key}_title"], f'<p role="status">{esc(t[key].format(**_facts(link)))}</p>', link.locale, link.sender
    )


def error_page(error: AppError, locale: str) -> str:
    """The page for a refused GET/POST: the 410 page, 'consented elsewhere', or the error's own sentence."""
    t = _text(locale)
    if error.status == 410:
        return gone_page(locale)
    if error.code == ELSEWHERE:
        return layout(t["elsewhere_title"], f"<p>{esc(t['elsewhere'])}</p>", locale)
    return layout(t["error_title"], f'<p class="error" role="alert">{esc(error.message)}</p>', locale)
