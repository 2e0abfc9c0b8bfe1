"""The OpenAPI document as the reader of /docs meets it (shared/api/openapi.py, shared/api/openapi_examples.py): who may
call each operation, in words and as `x-roles`; a request-body example for every write that takes a body and
an answer example for the main reads; and every example in the document valid against its own schema (and a
request body's also accepted by the model its handler validates it with)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError

from shared.api import models, reference_csv
from shared.api.openapi import ROLE_WORDS, openapi_document
from shared.api.openapi_examples import REQUESTS, RESPONSES
from shared.api.routes import ROUTES, lookup

WRITES = ("POST", "PUT", "PATCH", "DELETE")
MAIN_READS = [
    ("GET", "/engagements"),
    ("GET", "/claims"),
    ("GET", "/claims/{claim_id}"),
    ("GET", "/claims/{claim_id}/history"),
    ("GET", "/notifications"),
    ("GET", "/engagements/{engagement_id}/customers"),
    ("GET", "/claims/{claim_id}/evidence/{kind}"),
    ("GET", "/review/claims"),
    ("GET", "/review/claims/{claim_id}"),
    ("GET", "/public/consent/{token}"),
    ("GET", "/public/surveys/{token}"),
]


@pytest.fixture(scope="module")
def doc() -> dict:
    return openapi_document()


def operations(doc: dict) -> Iterator[tuple[str, str, dict]]:
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op


def examples_in(doc: dict) -> Iterator[tuple[str, dict, Any]]:
    """(where, schema, value) for every example in the document: on media types and parameters (`example`,
    `examples`), and JSON Schema `examples` on the component schemas."""

    def walk(node: Any, where: str) -> Iterator[tuple[str, dict, Any]]:
        if isinstance(node, dict):
            if "schema" in node and isinstance(node["schema"], dict):
                if "example" in node:
                    yield where, node["schema"], node["example"]
                for name, item in (node.get("examples") or {}).items():
                    assert "value" in item, f"{where}: example {name} has no value"
                    yield f"{where} [{name}]", node["schema"], item["value"]
            for key, child in node.items():
                yield from walk(child, f"{where}/{key}")
        elif isinstance(node, list):
            for i, child in enumerate(node):
                yield from walk(child, f"{where}/{i}")

    yield from walk(doc["paths"], "#/paths")
    for name, schema in doc["components"]["schemas"].items():
        for i, value in enumerate(schema.get("examples", [])):
            yield f"#/components/schemas/{name}/examples/{i}", schema, value


def validator(doc: dict, schema: dict) -> Draft202012Validator:
    """The schema with the document's components beside it, so its `#/components/...` references resolve."""
    return Draft202012Validator(
        {**schema, "components": doc["components"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_every_operation_says_who_may_call_it(doc):
    for method, path, op in operations(doc):
        route = lookup(method, path)
        assert op["x-roles"] == sorted(route.roles), (method, path)
        assert op["tags"] == [route.function], (method, path)
        description = op["description"]
        assert description.startswith("**Roles:**"), (method, path)
        if route.public:
            assert op["x-roles"] == [] and "no sign-in" in description, (method, path)
            continue
        assert op["x-roles"], (method, path)
        for role in op["x-roles"]:
            assert f"{ROLE_WORDS[role]} (`{role}`)" in description, (method, path, role)
        for role in set(ROLE_WORDS) - set(op["x-roles"]):
            assert f"`{role}`" not in description, (method, path, role)
        assert "403" in description
    assert {t["name"] for t in doc["tags"]} == {r.function for r in ROUTES}


def test_every_write_with_a_body_has_a_request_example(doc):
    writes = [(m, p, op) for m, p, op in operations(doc) if m in WRITES and "requestBody" in op]
    assert len(writes) > 15
    for method, path, op in writes:
        for media_type, media in op["requestBody"]["content"].items():
            assert media.get("examples"), f"{method} {path} {media_type} has no example"


def test_the_main_reads_have_an_answer_example(doc):
    for method, path in MAIN_READS:
        status = str(lookup(method, path).status)
        media = doc["paths"][path][method.lower()]["responses"][status]["content"]["application/json"]
        assert media.get("examples"), f"{method} {path} has no answer example"


def test_every_example_is_valid_against_its_schema(doc):
    found = list(examples_in(doc))
    assert len(found) >= sum(
        len(named) for table in (REQUESTS, RESPONSES) for media in table.values() for named in media.values()
    )  # every one of shared/api/openapi_examples.py is found
    problems = [
        f"{where}: {error.message} at {'/'.join(map(str, error.absolute_path)) or 'the top'}"
        for where, schema, value in found
        for error in validator(doc, schema).iter_errors(value)
    ]
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_invalid_example(doc):
    """The check above can fail: a value its schema refuses is reported."""
    schema = doc["paths"]["/claims"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert list(validator(doc, schema).iter_errors({"nomination_id": 7}))
    assert list(validator(doc, schema).iter_errors({"nomination_id": "nom_1", "extra": True}))
    assert not list(validator(doc, schema).iter_errors({"nomination_id": "nom_1"}))


def _model(schema: dict) -> type[BaseModel] | None:
    """The shared.api.models class a request body's schema names (directly, or as the one object of `anyOf`)."""
    refs = [schema.get("$ref")] + [s.get("$ref") for s in schema.get("anyOf", [])]
    names = [r.rsplit("/", 1)[1] for r in refs if r]
    model = getattr(models, names[0], None) if names else None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def test_request_examples_are_accepted_by_the_handlers_models(doc):
    checked = 0
    for method, path, op in operations(doc):
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            media = content["application/json"]
            model = _model(media["schema"])
            for name, item in media.get("examples", {}).items():
                if model is not None:
                    try:
                        model.model_validate(item["value"])
                    except ValidationError as exc:
                        pytest.fail(f"{method} {path} example {name}: {exc}")
                    checked += 1
        if "text/csv" in content and path == "/program/imports/{kind}":
            for item in content["text/csv"]["examples"].values():
                rows = reference_csv.parse("partners", item["value"].encode())
                assert rows and all("__error__" not in cells for _, cells in rows), rows
                for _, cells in rows:
                    models.REFERENCE_BODIES["partners"].model_validate(cells)
                checked += 1
    assert checked >= 20
