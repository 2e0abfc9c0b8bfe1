"""Survey rules (pure): the JSON form of the questions, answer validation (typed JSON and HTML form
strings), the survey guards on the claim, and the public page's accessibility basics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shared.domain import claims as rules
from shared.domain.engagements import ProofItem, Question
from shared.domain.surveys import (
    MESSAGES,
    TEXT_MAX,
    AnswerError,
    InvalidAnswers,
    check_answers,
    from_form,
    survey_form,
    validate_answers,
)
from shared.errors import AppError
from shared.pages.survey import SurveyLink, form_page
from tests.support.claims import CONSENT, PARTNER, links, new_claim

# ---------------------------------------------------------------- strategies
IDS = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
JSON_SCALARS = (
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=False) | st.text(max_size=30)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def question(draw, qid: str) -> Question:
    kind = draw(st.sampled_from(["rating", "yes_no", "text"]))
    low: int | None = None
    high: int | None = None
    if kind == "rating":
        low = draw(st.integers(-3, 5))
        high = draw(st.integers(low, low + 10))
    return Question(
        id=qid,
        type=kind,
        required=draw(st.booleans()),
        min=low,
        max=high,
        text={"en": f"Question {qid}?", "nl": f"Vraag {qid}?"},
    )


@st.composite
def questions(draw) -> list[Question]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    return [draw(question(qid)) for qid in ids]


def valid_value(q: Question):
    if q.type == "rating":
        return st.integers(q.min, q.max)
    if q.type == "yes_no":
        return st.booleans()
    return st.text(min_size=1, max_size=50).filter(lambda s: s.strip())


@st.composite
def survey_and_valid_answers(draw) -> tuple[list[Question], dict]:
    qs = draw(questions())
    answers = {q.id: draw(valid_value(q)) for q in qs if q.required or draw(st.booleans())}
    return qs, answers


def one_of_type(case: tuple[list[Question], dict], data, kind: str) -> tuple[list[Question], dict, Question]:
    """The survey, its valid answers, and one question of this type (examples without one are skipped)."""
    qs, answers = case
    candidates = [q for q in qs if q.type == kind]
    assume(candidates)
    return qs, answers, data.draw(st.sampled_from(candidates))


def types_of(errors: list[AnswerError]) -> dict[str, str]:
    return {e.question_id: e.type for e in errors}


# ---------------------------------------------------------------- validation
@given(survey_and_valid_answers())
def test_valid_answers_pass_and_come_back_cleaned(case):
    qs, answers = case
    cleaned, errors = validate_answers(qs, answers)
    assert errors == []
    expected = {k: v.strip() if isinstance(v, str) else v for k, v in answers.items()}
    assert cleaned == expected == check_answers(qs, answers)


@given(questions(), st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=8))
def test_any_json_answers_give_cleaned_answers_or_one_error_per_named_question(qs, answers):
    cleaned, errors = validate_answers(qs, answers)  # never raises, whatever the values
    known = {q.id for q in qs}
    assert len(types_of(errors)) == len(errors)
    for e in errors:
        assert (e.question_id in known) or (e.type == "unknown_question" and e.question_id in answers)
        assert e.message("en") and e.message("nl")
        assert e.detail() == {"loc": ["answers", e.question_id], "msg": e.message(), "type": e.type}
    assert set(cleaned) <= known and not set(cleaned) & set(types_of(errors))
    if errors:
        with pytest.raises(InvalidAnswers) as refused:
            check_answers(qs, answers)
        body = refused.value.body()
        assert (refused.value.status, body["code"]) == (422, "invalid_answers")
        assert body["details"] == [e.detail() for e in errors]


@given(survey_and_valid_answers(), st.data())
def test_a_missing_required_answer_is_named_and_a_missing_optional_one_is_fine(case, data):
    qs, answers = case
    q = data.draw(st.sampled_from(qs))
    answers.pop(q.id, None)
    blank = data.draw(st.sampled_from([None, "", "   "])) if q.type == "text" else None
    cleaned, errors = validate_answers(qs, {**answers, q.id: blank} if blank is not None else answers)
    assert types_of(errors) == ({q.id: "missing"} if q.required else {})
    assert q.id not in cleaned


@given(survey_and_valid_answers(), IDS, JSON_VALUES)
def test_unknown_question_ids_are_refused(case, extra, value):
    qs, answers = case
    assume(extra not in {q.id for q in qs})
    _, errors = validate_answers(qs, {**answers, extra: value})
    assert types_of(errors) == {extra: "unknown_question"}


@given(survey_and_valid_answers(), st.data())
def test_a_rating_is_a_whole_number_in_its_range_and_never_a_bool(case, data):
    qs, answers, q = one_of_type(case, data, "rating")
    assert q.min is not None and q.max is not None
    outside = st.integers(max_value=q.min - 1) | st.integers(min_value=q.max + 1)
    bad, expected = data.draw(
        st.sampled_from(
            [
                (outside, "rating_range"),
                (st.booleans(), "rating_type"),
                (st.floats(allow_nan=False), "rating_type"),
                (st.integers(q.min, q.max).map(str), "rating_type"),
            ]
        )
    )
    _, errors = validate_answers(qs, {**answers, q.id: data.draw(bad)})
    assert types_of(errors) == {q.id: expected}
    assert errors[0].message() == f"Choose a whole number from {q.min} to {q.max}."


@given(survey_and_valid_answers(), st.data())
def test_yes_no_is_a_bool_only(case, data):
    qs, answers, q = one_of_type(case, data, "yes_no")
    bad = data.draw(st.integers(0, 1) | st.sampled_from(["yes", "no", "true"]) | st.lists(st.booleans(), max_size=2))
    _, errors = validate_answers(qs, {**answers, q.id: bad})
    assert types_of(errors) == {q.id: "yes_no_type"}


@given(survey_and_valid_answers(), st.data())
def test_text_is_a_string_of_at_most_2000_characters(case, data):
    qs, answers, q = one_of_type(case, data, "text")
    size = data.draw(st.integers(1, TEXT_MAX + 50))
    cleaned, errors = validate_answers(qs, {**answers, q.id: f"  {'x' * size}\n"})
    assert types_of(errors) == ({} if size <= TEXT_MAX else {q.id: "text_too_long"})
    assert size > TEXT_MAX or cleaned[q.id] == "x" * size
    _, errors = validate_answers(qs, {**answers, q.id: data.draw(st.integers() | st.booleans())})
    assert types_of(errors) == {q.id: "text_type"}


def form_encoded(q: Question, value) -> str:
    if q.type == "yes_no":
        return "yes" if value else "no"
    return str(value)


@given(survey_and_valid_answers(), st.data())
def test_the_html_form_gives_the_same_answers_as_json(case, data):
    """A browser posts strings ("3", "yes"/"no"; untouched fields blank): same cleaned answers as JSON."""
    qs, answers = case
    fields = {q.id: form_encoded(q, answers[q.id]) if q.id in answers else "" for q in qs}
    fields = {k: v for k, v in fields.items() if v or data.draw(st.booleans())}
    assert validate_answers(qs, from_form(qs, fields)) == validate_answers(qs, answers)


def test_form_strings_that_do_not_convert_are_named_by_validation():
    qs = [
        Question(id="r", type="rating", min=1, max=5, text={"en": "R"}),
        Question(id="y", type="yes_no", text={"en": "Y"}),
    ]
    answers = from_form(qs, {"r": "five", "y": "maybe", "extra": "1"})
    assert answers == {"r": "five", "y": "maybe", "extra": "1"}
    assert types_of(validate_answers(qs, answers)[1]) == {
        "r": "rating_type",
        "y": "yes_no_type",
        "extra": "unknown_question",
    }
    assert from_form(qs, {"r": " 4 ", "y": "NO"}) == {"r": 4, "y": False}


def test_every_message_exists_in_both_locales():
    assert set(MESSAGES["en"]) == set(MESSAGES["nl"])
    for kind in MESSAGES["en"]:
        error = AnswerError("q", kind, {"min": 1, "max": 5})
        assert error.message("en") != error.message("nl")
        assert error.message("fr") == error.message("en")


# ---------------------------------------------------------------- the JSON form
@given(questions(), st.sampled_from(["en", "nl"]))
def test_the_survey_form_shape(qs, locale):
    form = survey_form("customer", locale, qs)
    assert (form["kind"], form["locale"]) == ("customer", locale)
    for q, view in zip(qs, form["questions"], strict=True):
        assert view["text"] == q.text[locale]
        assert (view["id"], view["type"], view["required"]) == (q.id, q.type, q.required)
        assert set(view) == (
            {"id", "text", "type", "required", "min", "max"}
            if q.type == "rating"
            else {"id", "text", "type", "required"}
        )


def test_a_rating_without_bounds_is_one_to_five_and_a_missing_translation_falls_back_to_english():
    q = Question(id="r", type="rating", text={"en": "Rate it"})
    assert survey_form("partner", "nl", [q])["questions"] == [
        {"id": "r", "text": "Rate it", "type": "rating", "required": True, "min": 1, "max": 5}
    ]
    assert types_of(validate_answers([q], {"r": 6})[1]) == {"r": "rating_range"}


# ---------------------------------------------------------------- the claim's survey guards
def refusal(fn, *args, **kwargs) -> AppError:
    with pytest.raises(AppError) as refused:
        fn(*args, **kwargs)
    return refused.value


def test_answering_is_refused_after_submit_due_when_completed_and_when_not_applicable():
    claim = new_claim()
    late = claim.submit_due
    assert refusal(rules.survey_completed, claim, late, PARTNER, "partner", in_app=True).code == "deadline_passed"
    done = rules.survey_completed(claim, late - timedelta(seconds=1), PARTNER, "partner", in_app=True).claim
    assert done.proof.partner_survey.answered_in_app and "partner_survey" not in done.missing
    assert (
        refusal(rules.survey_completed, done, late - timedelta(seconds=1), PARTNER, "partner").code
        == "survey_completed"
    )
    without = new_claim(items=[ProofItem.FINDINGS_REPORT, ProofItem.INVOICE])
    assert refusal(rules.survey_completed, without, CONSENT, PARTNER, "customer").code == "not_applicable"


def test_a_completed_survey_cannot_be_sent_again():
    claim = rules.survey_sent(new_claim(), CONSENT, PARTNER, "customer", links(new_claim(), "customer")).claim
    done = rules.survey_completed(claim, CONSENT, rules.Actor(email="c@x.example", role="customer"), "customer").claim
    assert done.proof.customer_survey.links == []
    assert not rules.survey_answerable(done, "customer", "h1", CONSENT)
    error = refusal(
        rules.survey_sent, done, CONSENT + timedelta(hours=1), PARTNER, "customer", links(done, "customer", "h2")
    )
    assert (error.status, error.code) == (409, "survey_completed")


# ---------------------------------------------------------------- the public page
class Inputs(HTMLParser):
    """Collects form controls, labels, and whether any script is present."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.labels: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "textarea", "select"):
            self.controls.append({"tag": tag, **a})
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag == "script" or any(k.startswith("on") for k in a):
            self.scripts += 1


def link_for(qs: list[Question], locale: str = "en") -> SurveyLink:
    return SurveyLink(
        claim_id="clm_1",
        kind="customer",
        locale=locale,
        engagement_name="AI <Workshop>",
        submit_due=datetime(2027, 2, 21, 9, 30, tzinfo=UTC),
        questions=qs,
        token_hash="h",
        recipient="c@x.example",
    )


@given(questions(), st.sampled_from(["en", "nl"]))
def test_every_input_has_a_label_and_the_page_has_no_script(qs, locale):
    parsed = Inputs()
    parsed.feed(form_page(link_for(qs, locale)))
    assert parsed.scripts == 0
    assert parsed.controls and all(c["id"] in parsed.labels for c in parsed.controls)
    for q in qs:
        mine = [c for c in parsed.controls if c.get("name") == q.id]
        if q.type == "text":
            assert [c["tag"] for c in mine] == ["textarea"]
        else:
            assert {c["type"] for c in mine} == {"radio"}
            assert len(mine) == (q.max - q.min + 1 if q.type == "rating" else 2)


def test_a_refused_form_is_refilled_and_explains_each_problem_in_the_recipients_language():
    qs = [
        Question(id="r", type="rating", min=1, max=5, text={"en": "Rate", "nl": "Cijfer"}),
        Question(id="y", type="yes_no", text={"en": "Useful?", "nl": "Nuttig?"}),
        Question(id="t", type="text", required=False, text={"en": "More", "nl": "Meer"}),
    ]
    values = {"r": "4", "t": "<b>fine</b>"}
    errors = validate_answers(qs, from_form(qs, values))[1]
    page = form_page(link_for(qs, "nl"), values, errors)
    assert 'lang="nl"' in page and "Controleer uw antwoorden" in page and "Deze vraag moet beantwoord worden." in page
    assert 'value="4" checked' in page and "&lt;b&gt;fine&lt;/b&gt;</textarea>" in page
    assert 'id="q-y-error"' in page and 'aria-describedby="q-y-error"' in page
    assert "AI &lt;Workshop&gt;" in page and "<Workshop>" not in page
