"""The public survey page (`/public/surveys/{token}`) in `en` and `nl`: the questions as a plain HTML form
(no JavaScript: radio buttons for ratings and yes/no, a text area for text, a label for every input), the
answers' problems shown on the page with the form re-filled, the thank-you page, and the refusals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.domain.engagements import Question
from shared.domain.notices import long_datetime
from shared.domain.surveys import TEXT_MAX, AnswerError, question_text, rating_bounds
from shared.errors import AppError
from shared.pages.html import Sender, esc, gone_page, layout

ROLES = {"customer": "customer", "partner": "partner_contact"}  # who answers a link, as history records it

TEXT = {
    "en": {
        "title_customer": "Your feedback on the {workshop}",
        "title_partner": "Partner survey: {workshop}",
        "intro_customer": "Thank you for taking part in the workshop. Please answer the questions below; it takes "
        "a few minutes.",
        "intro_partner": "Please answer the questions below about the workshop you delivered. The claim can only "
        "be submitted once this survey is answered.",
        "deadline": "Please answer before",
        "required": "required",
        "optional": "optional",
        "yes": "Yes",
        "no": "No",
        "scale": "{min} is the lowest, {max} the highest",
        "submit": "Send my answers",
        "errors_title": "Please check your answers",
        "thanks_title": "Thank you for your answers",
        "thanks": "Your answers are recorded. You can close this page.",
        "error_title": "Your answers could not be recorded",
    },
    "nl": {
        "title_customer": "Uw mening over de {workshop}",
        "title_partner": "Partnerenquête: {workshop}",
        "intro_customer": "Dank u wel voor uw deelname aan de workshop. Beantwoord hieronder een paar vragen; het "
        "kost maar een paar minuten.",
        "intro_partner": "Beantwoord hieronder de vragen over de workshop die u heeft gegeven. De claim kan pas "
        "worden ingediend als deze enquête is beantwoord.",
        "deadline": "Antwoord graag vóór",
        "required": "verplicht",
        "optional": "optioneel",
        "yes": "Ja",
        "no": "Nee",
        "scale": "{min} is het laagst, {max} het hoogst",
        "submit": "Verstuur mijn antwoorden",
        "errors_title": "Controleer uw antwoorden",
        "thanks_title": "Dank u wel voor uw antwoorden",
        "thanks": "Uw antwoorden zijn vastgelegd. U kunt deze pagina sluiten.",
        "error_title": "Uw antwoorden konden niet worden vastgelegd",
    },
}


@dataclass(frozen=True)
class SurveyLink:
    """What a live survey link shows: the questions and facts its email named, in the recipient's locale
    (a snapshot in the token item, so the page needs no catalogue read)."""

    claim_id: str
    kind: str
    locale: str
    engagement_name: str
    submit_due: datetime
    questions: list[Question]
    token_hash: str
    recipient: str
    partner_name: str | None = None
    partner_contact: dict | None = None  # {name, email}: whom the reader may ask
    answer_digest: str | None = None  # set once answered: the link is spent

    @property
    def sender(self) -> Sender | None:
        contact = self.partner_contact or {}
        return Sender(self.partner_name, contact.get("name"), contact.get("email")) if self.partner_name else None

    @property
    def actor(self) -> dict[str, str]:
        return {"email": self.recipient, "role": ROLES[self.kind]}


def _text(locale: str) -> dict[str, str]:
    return TEXT.get(locale, TEXT["en"])


def _title(link: SurveyLink) -> str:
    return _text(link.locale)[f"title_{link.kind}"].format(workshop=link.engagement_name)


def form_page(link: SurveyLink, values: dict[str, str] | None = None, errors: Sequence[AnswerError] = ()) -> str:
    """The questions; after a refused POST, the same form with what was sent and a message per problem."""
    t, values = _text(link.locale), values or {}
    by_question = {e.question_id: e.message(link.locale) for e in errors}
    deadline = (
        f'<p>{esc(t["deadline"])} <time datetime="{esc(link.submit_due.isoformat())}">'
        f"{esc(long_datetime(link.submit_due, link.locale))}</time>.</p>"
    )
    fields = "".join(_question(q, link.locale, values.get(q.id, ""), by_question.get(q.id)) for q in link.questions)
    # novalidate: the server checks every answer and explains problems in the recipient's language
    form = f'<form method="post" novalidate>{fields}<button type="submit">{esc(t["submit"])}</button></form>'
    body = f"<p>{esc(t[f'intro_{link.kind}'])}</p>{deadline}{_summary(link, errors)}{form}"
    return layout(_title(link), body, link.locale, link.sender)


def _summary(link: SurveyLink, errors: Sequence[AnswerError]) -> str:
    if not errors:
        return ""
    texts = {q.id: question_text(q, link.locale) for q in link.questions}
    items = "".join(
        f'<li><a href="#q-{esc(e.question_id)}">{esc(texts.get(e.question_id, e.question_id))}</a>: '
        f"{esc(e.message(link.locale))}</li>"
        for e in errors
    )
    return (
        f'<div role="alert" aria-labelledby="errors-title"><h2 id="errors-title" class="error">'
        f"{esc(_text(link.locale)['errors_title'])}</h2><ul>{items}</ul></div>"
    )


def _question(q: Question, locale: str, value: str, error: str | None) -> str:
    t, qid = _text(locale), esc(q.id)
    need = f'<span class="hint">({esc(t["required"] if q.required else t["optional"])})</span>'
    message = f'<p class="error" id="q-{qid}-error">{esc(error)}</p>' if error else ""
    described = f' aria-describedby="q-{qid}-error" aria-invalid="true"' if error else ""
    required = " required" if q.required else ""
    if q.type == "text":
        return (
            f'<div class="question"><label for="q-{qid}">{esc(question_text(q, locale))} {need}</label>{message}'
            f'<textarea id="q-{qid}" name="{qid}" rows="4" maxlength="{TEXT_MAX}"{required}{described}>'
            f"{esc(value)}</textarea></div>"
        )
    if q.type == "rating":
        low, high = rating_bounds(q)
        options = [(str(n), str(n)) for n in range(low, high + 1)]
        need += f' <span class="hint">({esc(t["scale"].format(min=low, max=high))})</span>'
    else:
        options = [("yes", t["yes"]), ("no", t["no"])]
    radios = "".join(
        f'<label for="q-{qid}-{v}"><input type="radio" id="q-{qid}-{v}" name="{qid}" value="{v}"'
        f"{' checked' if value == v else ''}{required}> {esc(label)}</label>"
        for v, label in options
    )
    return (
        f'<fieldset id="q-{qid}"{described}><legend>{esc(question_text(q, locale))} {need}</legend>'
        f"{message}{radios}</fieldset>"
    )


def thanks_page(link: SurveyLink) -> str:
    t = _text(link.locale)
    return layout(t["thanks_title"], f'<p role="status">{esc(t["thanks"])}</p>', link.locale, link.sender)


def error_page(error: AppError, locale: str) -> str:
    """The page for a refused GET/POST: the 410 page (says what to do), or the error's own sentence."""
    if error.status == 410:
        return gone_page(locale)
    t = _text(locale)
    return layout(t["error_title"], f'<p class="error" role="alert">{esc(error.message)}</p>', locale)
