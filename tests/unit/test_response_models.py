"""The response models (shared/api/responses.py): every route's answer names one, the document's response
components are exactly theirs, and no handler loads them (or builds a validator of theirs) at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shared.api import responses
from shared.api.openapi import openapi_document, response_schemas
from shared.api.routes import ROUTES

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in ROOT.glob("functions/*/app.py"))


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_every_route_answers_with_a_response_model(route):
    assert route.answers == "Csv" or route.answers in responses.RESPONSES


def test_the_document_takes_every_response_schema_from_the_models():
    schemas = openapi_document()["components"]["schemas"]
    generated = response_schemas(schemas)
    assert set(responses.RESPONSES) <= set(generated)
    assert {name: schemas[name] for name in generated} == generated


def test_a_shape_that_extends_another_is_documented_as_the_other_and_more():
    schemas = openapi_document()["components"]["schemas"]
    assert schemas["ReviewClaim"]["allOf"][0] == {"$ref": "#/components/schemas/Claim"}
    assert schemas["ReviewQueueItem"]["allOf"][0] == {"$ref": "#/components/schemas/Claim"}
    assert schemas["CatalogueEngagement"]["allOf"][0] == {"$ref": "#/components/schemas/EngagementIn"}
    assert "items" in schemas["ReviewQueue"]["allOf"][0]["properties"]  # the page, written out


def test_open_objects_name_their_fields_and_keep_every_other_key():
    body = {"at": "2026-01-01T00:00:00+00:00", "actor": {}, "action": "x", "details": {}, "seq": 1, "more": [1]}
    assert responses.HistoryEvent.model_validate(body).answer() == body
    claim = {"claim_id": "c", "status": "draft", "version": 1, "engagement_id": "e", "nomination_id": "n"}
    claim |= {"missing": [], "proof": {}}
    assert responses.Claim.model_validate(claim).answer() == claim  # a default adds no key


@pytest.mark.parametrize("module", HANDLERS)
def test_no_handler_loads_the_response_models_at_import(module):
    code = f"import sys, {module}; print('shared.api.responses' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_importing_the_models_builds_no_validator():
    code = "from shared.api import responses as r; print(any(m.__pydantic_complete__ for m in r.COMPONENTS))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
