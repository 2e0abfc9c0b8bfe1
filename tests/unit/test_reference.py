"""Reference data rules (docs/product.md): the catalogue's rules, and the CSV codec of imports and exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.api import reference_csv
from shared.domain.engagements import Engagement
from shared.domain.reference import catalogue_problems
from shared.errors import Unprocessable

CATALOGUE = json.loads((Path(__file__).resolve().parents[2] / "shared" / "data" / "engagements.json").read_text())


@pytest.mark.parametrize("row", CATALOGUE, ids=lambda e: e["engagement_id"])
def test_the_shipped_catalogue_keeps_its_own_rules(row):
    assert catalogue_problems(Engagement.model_validate(row)) == []


def test_each_broken_rule_is_named():
    row = {
        **CATALOGUE[0],
        "starts_on": "2027-01-02",
        "ends_on": "2027-01-01",
        "windows": {"consent_days": -1},
        "proof_items": ["invoice", "invoice", "customer_survey"],
        "surveys": {
            "customer": [
                {"id": "a", "type": "rating", "text": {"en": "A", "nl": "A"}},
                {"id": "a", "type": "text", "text": {"en": "B", "nl": "B"}},
            ]
        },
    }
    assert catalogue_problems(Engagement.model_validate(row)) == [
        "starts_on must not be after ends_on.",
        "windows.consent_days must be a positive number of days.",
        "The customer survey has two questions with the same id.",
        "Rating question a needs min < max.",
        "proof_items names an item twice.",
    ]


def test_a_required_survey_without_questions_is_named():
    row = {**CATALOGUE[0], "surveys": {"partner": CATALOGUE[0]["surveys"]["partner"], "customer": []}}
    assert catalogue_problems(Engagement.model_validate(row)) == [
        "The customer survey is a required proof item, so it needs at least one question."
    ]


def test_csv_cells_become_json_fields_and_back():
    text = (
        "engagement_id,name,solution_area,starts_on,ends_on,payout.amount,payout.currency,proof_items,surveys\r\n"
        'E-1,"Name, with comma",AI,2027-01-01,2027-12-31,10.00,EUR,invoice; findings_report,"{""partner"":[]}"\r\n'
    )
    [(line, row)] = reference_csv.parse("engagements", ("\ufeff" + text).encode())
    assert line == 2 and row == {
        "engagement_id": "E-1",
        "name": "Name, with comma",
        "solution_area": "AI",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "payout": {"amount": "10.00", "currency": "EUR"},
        "proof_items": ["invoice", "findings_report"],
        "surveys": {"partner": []},
    }
    rendered = reference_csv.render("engagements", [row])
    assert reference_csv.parse("engagements", rendered.encode()) == [(2, row)]


def test_blank_lines_are_skipped_and_short_rows_reported():
    rows = reference_csv.parse("partners", b"partner_id,name,currency\n\nP-1,A,EUR\nP-2,B\n")
    assert rows[0] == (3, {"partner_id": "P-1", "name": "A", "currency": "EUR"})
    assert rows[1][0] == 4 and "2 cells" in rows[1][1]["__error__"]


def test_too_many_rows_are_refused_whole():
    text = "partner_id,name,currency\n" + "P,A,EUR\n" * (reference_csv.MAX_ROWS + 1)
    with pytest.raises(Unprocessable) as refused:
        reference_csv.parse("partners", text.encode())
    assert refused.value.code == "too_many_rows"
