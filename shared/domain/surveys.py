"""Surveys: the JSON form of an engagement's questions, and the checking of answers. Pure.

Answers arrive as JSON (`{id: value}` with typed values) or from the public HTML form (strings);
`from_form` turns form fields into typed values, then both go through the same `validate_answers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from shared.domain.engagements import Locale, Question
from shared.errors import Unprocessable

TEXT_MAX = 2000
RATING_DEFAULT = (1, 5)
YES_NO_FORM = {"yes": True, "no": False}

MESSAGES = {
    "en": {
        "missing": "This question needs an answer.",
        "unknown_question": "There is no question with this id.",
        "rating_type": "Choose a whole number from {min} to {max}.",
        "rating_range": "Choose a whole number from {min} to {max}.",
        "yes_no_type": "Answer yes or no.",
        "text_type": "Answer with text.",
        "text_too_long": "Keep the answer to {max} characters or fewer.",
    },
    "nl": {
        "missing": "Deze vraag moet beantwoord worden.",
        "unknown_question": "Er is geen vraag met deze id.",
        "rating_type": "Kies een geheel getal van {min} tot en met {max}.",
        "rating_range": "Kies een geheel getal van {min} tot en met {max}.",
        "yes_no_type": "Antwoord met ja of nee.",
        "text_type": "Antwoord met tekst.",
        "text_too_long": "Gebruik hooguit {max} tekens.",
    },
}


@dataclass(frozen=True)
class AnswerError:
    question_id: str
    type: str
    params: dict[str, int] = field(default_factory=dict)

    def message(self, locale: str = "en") -> str:
        return MESSAGES.get(locale, MESSAGES["en"])[self.type].format(**self.params)

    def detail(self) -> dict:
        """One entry of the 422 `details` list (the API's error shape)."""
        return {"loc": ["answers", self.question_id], "msg": self.message(), "type": self.type}


class InvalidAnswers(Unprocessable):
    code = "invalid_answers"

    def __init__(self, errors: list[AnswerError]):
        ids = ", ".join(dict.fromkeys(e.question_id for e in errors))
        super().__init__(f"Some answers are missing or not valid ({ids}).", details=[e.detail() for e in errors])
        self.errors = errors


def rating_bounds(question: Question) -> tuple[int, int]:
    low, high = RATING_DEFAULT
    return (low if question.min is None else question.min, high if question.max is None else question.max)


def question_text(question: Question, locale: str) -> str:
    return (
        question.text.get(cast(Locale, locale))
        or question.text.get("en")
        or next(iter(question.text.values()), question.id)
    )


def survey_form(kind: str, locale: str, questions: list[Question]) -> dict:
    """`{kind, locale, questions: [{id, text, type, required, min?, max?}]}` (docs/openapi.json)."""

    def view(q: Question) -> dict:
        out: dict[str, Any] = {"id": q.id, "text": question_text(q, locale), "type": q.type, "required": q.required}
        if q.type == "rating":
            out["min"], out["max"] = rating_bounds(q)
        return out

    return {"kind": kind, "locale": locale, "questions": [view(q) for q in questions]}


def from_form(questions: list[Question], fields: dict[str, str]) -> dict[str, Any]:
    """HTML form fields (strings) as typed answers; blanks are unanswered. What cannot be converted is
    passed on as it came, so validation names it."""
    types = {q.id: q.type for q in questions}
    answers: dict[str, Any] = {}
    for name, raw in fields.items():
        value = raw.strip()
        if not value:
            continue
        if types.get(name) == "rating" and value.lstrip("-").isdigit():
            answers[name] = int(value)
        elif types.get(name) == "yes_no":
            answers[name] = YES_NO_FORM.get(value.lower(), value)
        else:
            answers[name] = raw
    return answers


def validate_answers(questions: list[Question], answers: dict[str, Any]) -> tuple[dict[str, Any], list[AnswerError]]:
    """The cleaned answers (text trimmed, blanks and nulls dropped) and the errors, one per question at most.
    The answers are only usable when the error list is empty."""
    known = {q.id for q in questions}
    errors = [AnswerError(qid, "unknown_question") for qid in answers if qid not in known]
    cleaned: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q.id)
        if isinstance(value, str) and q.type == "text":
            value = value.strip() or None
        if value is None:
            if q.required:
                errors.append(AnswerError(q.id, "missing"))
            continue
        error = _check(q, value)
        if error:
            errors.append(error)
        else:
            cleaned[q.id] = value
    return cleaned, errors


def _check(q: Question, value: Any) -> AnswerError | None:
    if q.type == "rating":
        low, high = rating_bounds(q)
        bounds = {"min": low, "max": high}
        if isinstance(value, bool) or not isinstance(value, int):  # bool is an int subclass: not a rating
            return AnswerError(q.id, "rating_type", bounds)
        return None if low <= value <= high else AnswerError(q.id, "rating_range", bounds)
    if q.type == "yes_no":
        return None if isinstance(value, bool) else AnswerError(q.id, "yes_no_type")
    if not isinstance(value, str):
        return AnswerError(q.id, "text_type")
    return None if len(value) <= TEXT_MAX else AnswerError(q.id, "text_too_long", {"max": TEXT_MAX})


def check_answers(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """The cleaned answers, or 422 `invalid_answers` listing every problem."""
    cleaned, errors = validate_answers(questions, answers)
    if errors:
        raise InvalidAnswers(errors)
    return cleaned
