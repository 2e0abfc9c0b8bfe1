"""One OpenAPI document for the whole API, merged from each function's resolver (their routes come
from the route table, so the document, the stack and the runner cannot disagree).

Powertools documents the parameters and request bodies; this module adds what it cannot know: each
operation's success status and response shape (both from the route table), the refusals it can answer
(and in which media types: the public pages answer HTML unless asked for JSON), the headers that matter,
the links between operations (an id in one answer is a parameter of the next) that a client, or a
stateful fuzzer, follows, and for the reader of /docs: who may call each operation (in words, and as
`x-roles`), a tag per function, and examples (shared/api/openapi_examples.py).
The Schemathesis run in tests/e2e/test_fuzz.py checks every answer of the runner against this document."""

from __future__ import annotations

import importlib
import json
from functools import cache
from typing import Any, cast

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from shared.api.auth import ADMIN, PARTNER_ROLES, PROGRAM_ADMIN, REVIEWER, USER
from shared.api.http import MAX_ID_LENGTH
from shared.api.models import ConsentAnswerIn
from shared.api.openapi_examples import REQUESTS, RESPONSES
from shared.api.routes import FUNCTIONS, Route, lookup, routes_of

TITLE, VERSION = "Workshop Claims API", "1.0.0"
CLAIM, REVIEW = "/claims/{claim_id}", "/review/claims/{claim_id}"
EVIDENCE_KINDS, SURVEY_KINDS = ["findings_report", "invoice"], ["partner", "customer"]


def _ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


STRING = {"type": "string"}
REF = "#/components/schemas/{model}"
# Keywords in reading order (what it is, its fields, then words about it); the rest after them as they come.
KEYWORD_ORDER = (
    "allOf",
    "type",
    "const",
    "required",
    "properties",
    "items",
    "enum",
    "minimum",
    "additionalProperties",
    "description",
)


class ResponseSchema(GenerateJsonSchema):
    """The response models (shared/api/responses.py) as the document shows them: open objects whose named
    fields are typed (no `title`s, no `additionalProperties: true` said twice), a field that may be left out
    without a default (an answer never fills one in), `X | None` as `{"type": [X, "null"]}`, and a shape that
    extends another (`extends_base`) as allOf [the other, its own fields]."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def normalize_name(self, name: str) -> str:
        return super().normalize_name(name.replace("[", "").replace("]", ""))  # Page[Claim] is PageClaim

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if not isinstance(inner.get("type"), str):
            return self.get_union_of_schemas([inner, {"type": "null"}])
        nullable = {**inner, "type": [inner["type"], "null"]}
        if "enum" in inner:
            nullable["enum"] = [*inner["enum"], None]
        return nullable

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        return _no_open_marker(super().dict_schema(schema))

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = _no_open_marker(super().model_schema(schema))
        json_schema.pop("title", None)
        cls = cast("type[BaseModel]", schema["cls"])
        if not cls.__dict__.get("extends_base"):
            return json_schema
        base: type[BaseModel] = cls.__bases__[0]
        own = [name for name in cls.model_fields if name not in base.model_fields]
        own_schema = {
            "type": "object",
            "required": [name for name in json_schema.get("required", []) if name in own],
            "properties": {name: json_schema["properties"][name] for name in own},
        }
        described = {"description": json_schema["description"]} if "description" in json_schema else {}
        return {"allOf": [self.generate_inner(base.__pydantic_core_schema__), own_schema], **described}


def _no_open_marker(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    """Every object is open unless it says otherwise: `additionalProperties: true` adds nothing."""
    if json_schema.get("additionalProperties") is True:
        del json_schema["additionalProperties"]
    return json_schema


def response_schemas(known: dict[str, Any]) -> dict[str, Any]:
    """The response components, generated from the models. A model nested in one (a deadline, a risk flag) is
    written out where it is used; an enum or request model the document already has (`known`: Status,
    EngagementIn) is referred to."""
    from shared.api.responses import COMPONENTS

    _, generated = models_json_schema(
        [(model, "serialization") for model in COMPONENTS], ref_template=REF, schema_generator=ResponseSchema
    )
    defs = generated["$defs"]
    names = [model.__name__ for model in COMPONENTS]
    shared = {name: defs[name] for name in defs if name not in names and (name in known or "enum" in defs[name])}
    nested = {name: schema for name, schema in defs.items() if name not in names and name not in shared}

    def inline(schema: Any) -> Any:
        if isinstance(schema, list):
            return [inline(s) for s in schema]
        if not isinstance(schema, dict):
            return schema
        ref = schema.get("$ref", "").removeprefix(REF.format(model=""))
        if ref in nested:
            return inline({**nested[ref], **{k: v for k, v in schema.items() if k != "$ref"}})
        return {key: inline(value) for key, value in schema.items()}

    return {name: _tidy(inline(defs[name])) for name in names} | {n: s for n, s in shared.items() if n not in known}


def _tidy(schema: Any) -> Any:
    """The keywords in KEYWORD_ORDER, at every depth (a `properties` mapping keeps its fields' order)."""
    if isinstance(schema, list):
        return [_tidy(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    keys = sorted(schema, key=lambda k: KEYWORD_ORDER.index(k) if k in KEYWORD_ORDER else len(KEYWORD_ORDER))
    return {
        key: {n: _tidy(s) for n, s in schema[key].items()} if key == "properties" else _tidy(schema[key])
        for key in keys
    }


REFERENCE_PATHS = {f"/program/{kind}" for kind in ("partners", "locations", "tenants", "engagements")}

# Refusals: every operation may answer these ...
ALWAYS = {
    400: "Malformed request: body not JSON or not UTF-8, or a next_token this list did not issue",
    404: "Not found (or another partner's)",
    409: "Refused in the current status",
    422: "Validation error (`details` names the fields), or a rule the request breaks",
    503: "Dependency unavailable; nothing was written; retry after `Retry-After` seconds",
}
SIGNED_IN = {401: "Missing or invalid token", 403: "Role not allowed"}
PUBLIC = {410: "The link is used, replaced, unknown or past its window"}
WITH_BODY = {413: "The body is larger than 256 KiB", 415: "The body must be JSON (HTML forms only on the public pages)"}
# ... and some only these.
SPECIFIC: dict[tuple[str, str], dict[int, str]] = {
    ("PATCH", CLAIM): {412: "If-Match is not the claim's current version"},
    ("POST", CLAIM + "/surveys/{kind}/send"): {
        429: "Sent moments ago; resend after `Retry-After` seconds",
        503: "`email_failed`: the link is saved but its email could not be sent (shown as `failed`); send again",
    },
    ("POST", "/nominations/{nomination_id}/consent-request"): {
        429: "Sent moments ago, or 5 times today; resend after `Retry-After` seconds",
        503: "`email_failed`: the link is saved but its email could not be sent (shown as `failed`); send again",
    },
}
HEADERS: dict[int, dict] = {
    503: {"Retry-After": {"description": "Seconds to wait", "required": True, "schema": STRING}},
    429: {"Retry-After": {"description": "Seconds to wait", "required": True, "schema": STRING}},
}
ETAG = {
    "ETag": {"description": "The claim's version, quoted; send it back as If-Match", "required": True, "schema": STRING}
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": STRING,
    "description": "The ETag of the claim as last read (a stale one is refused with 412), or `*` for any "
    "current version.",
}

# Who may call an operation, in words (the description) and as `x-roles`; each function's operations are a tag
SAME_FOR_EVERY_PARTNER = {"/engagements", "/labels"}  # the catalogue and the words: no partner's data
ROLE_WORDS = {ADMIN: "partner admins", USER: "partner users", REVIEWER: "reviewers", PROGRAM_ADMIN: "program admins"}
TAGS = {
    "claims": "The partner's claims: open, edit, submit, cancel, dispute; their history, notifications and payments",
    "customers": "Nominations and the customer's consent, with the public consent page",
    "evidence": "Proof documents: presigned uploads and their status",
    "surveys": "Partner and customer surveys, with the public survey page",
    "review": "The reviewers' queue and decisions",
    "program": "The reference data program admins keep: partners, locations, tenants, the engagement catalogue",
}

# Links: (from method, path, status) → {name: (to method, path, parameters, request body)}.
_CLAIM_ID = {"claim_id": "$response.body#/claim_id"}
_FIRST_CLAIM = {"claim_id": "$response.body#/items/0/claim_id"}
_PARTNER_CLAIM_OPS = [
    ("GET", CLAIM),
    ("PATCH", CLAIM),
    ("POST", CLAIM + "/submit"),
    ("POST", CLAIM + "/cancel"),
    ("POST", CLAIM + "/dispute"),
    ("GET", CLAIM + "/history"),
    ("GET", CLAIM + "/evidence/{kind}"),
    ("POST", CLAIM + "/evidence/{kind}/upload"),
    ("POST", CLAIM + "/surveys/{kind}/send"),
    ("POST", CLAIM + "/surveys/partner/response"),
]
_REVIEW_OPS = [
    ("GET", REVIEW),
    ("POST", REVIEW + "/start"),
    ("POST", REVIEW + "/request-info"),
    ("POST", REVIEW + "/approve"),
    ("POST", REVIEW + "/reject"),
    ("POST", REVIEW + "/paid"),
]
LINKS: dict[tuple[str, str, int], list[tuple[str, str, dict, dict | None]]] = {
    ("GET", "/engagements", 200): [
        (
            "GET",
            "/engagements/{engagement_id}/customers",
            {"engagement_id": "$response.body#/items/0/engagement_id"},
            None,
        ),
        (
            "POST",
            "/engagements/{engagement_id}/customers",
            {"engagement_id": "$response.body#/items/0/engagement_id"},
            None,
        ),
    ],
    ("POST", "/engagements/{engagement_id}/customers", 201): [
        (
            "POST",
            "/nominations/{nomination_id}/consent-request",
            {"nomination_id": "$response.body#/nomination_id"},
            None,
        ),
        ("POST", "/claims", {}, {"nomination_id": "$response.body#/nomination_id"}),
    ],
    ("GET", "/engagements/{engagement_id}/customers", 200): [
        (
            "POST",
            "/nominations/{nomination_id}/consent-request",
            {"nomination_id": "$response.body#/items/0/nomination_id"},
            None,
        ),
        ("POST", "/claims", {}, {"nomination_id": "$response.body#/items/0/nomination_id"}),
    ],
    ("POST", "/claims", 201): [(m, p, _CLAIM_ID, None) for m, p in _PARTNER_CLAIM_OPS],
    ("GET", "/claims", 200): [(m, p, _FIRST_CLAIM, None) for m, p in _PARTNER_CLAIM_OPS],
    ("GET", CLAIM, 200): [
        ("PATCH", CLAIM, {"claim_id": "$request.path.claim_id", "If-Match": "$response.header.ETag"}, None)
    ],
    ("GET", "/notifications", 200): [
        (
            "POST",
            "/notifications/{notification_id}/read",
            {"notification_id": "$response.body#/items/0/notification_id"},
            None,
        ),
        ("GET", CLAIM, {"claim_id": "$response.body#/items/0/claim_id"}, None),
    ],
    ("GET", "/review/claims", 200): [(m, p, _FIRST_CLAIM, None) for m, p in _REVIEW_OPS],
    ("POST", REVIEW + "/start", 200): [(m, p, _CLAIM_ID, None) for m, p in _REVIEW_OPS],
}


@cache
def openapi_document() -> dict:
    doc: dict = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": "Partner claims for incentive-funded workshops."},
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": {},
        "components": {
            "schemas": {},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
    for function in FUNCTIONS:
        if not routes_of(function):
            continue
        app = importlib.import_module(f"functions.{function}.app").app
        part = json.loads(app.get_openapi_json_schema(title=TITLE, version=VERSION), parse_float=_bound)
        for path, operations in part.get("paths", {}).items():
            for method, op in operations.items():
                route = lookup(method.upper(), path)
                op["security"] = [] if route.public else [{"bearer": []}]
                op["x-roles"] = sorted(route.roles)
                op["tags"] = [route.function]
                op["description"] = _who(route)
                _describe(op, method.upper(), path, route.public)
                _examples(op, method.upper(), path)
            doc["paths"].setdefault(path, {}).update(operations)
        doc["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    for name in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):  # Powertools' own
        doc["components"]["schemas"].pop(name, None)  # shapes: our Error answers instead, see shared/api/http.py
    schemas = doc["components"]["schemas"]
    schemas.update(response_schemas(schemas), ConsentAnswerIn=ConsentAnswerIn.model_json_schema())
    _link(doc)
    return doc


def _bound(text: str) -> int | float:
    """Powertools' schema model types every bound as a float (`"maximum": 9007199254740991.0`): a whole
    number is written back as one (exactly: the bounds we set are at most 2**53)."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _content(schema: dict, public: bool) -> dict:
    """JSON; the public pages answer HTML unless the request asks for JSON (`Accept: application/json`)."""
    content = {"application/json": {"schema": schema}}
    if public:
        content["text/html"] = {"schema": STRING}
    return content


def _describe(op: dict, method: str, path: str, public: bool) -> None:
    route = lookup(method, path)
    success = {"description": op.get("summary") or "Success", "content": _content(_ref(route.answers), public)}
    if route.answers == "Csv":  # an export: the file itself
        success["content"] = {"text/csv": {"schema": STRING}}
    if path == "/program/imports/{kind}":  # the handler reads the file itself
        op["requestBody"] = {"required": True, "content": {"text/csv": {"schema": STRING}}}
    if method in ("GET", "PATCH") and path == CLAIM:
        success["headers"] = ETAG
    refusals = {
        **ALWAYS,
        **(PUBLIC if public else SIGNED_IN),
        **(WITH_BODY if method != "GET" else {}),
        **SPECIFIC.get((method, path), {}),
    }
    also = (
        {"200": {**success, "description": "The very same row was already there; nothing changed"}}
        if method == "POST" and path in REFERENCE_PATHS
        else {}
    )
    op["responses"] = (
        {str(route.status): success}
        | also
        | {
            str(code): {
                "description": text,
                "content": _content(_ref("Error"), public),
                **({"headers": HEADERS[code]} if code in HEADERS else {}),
            }
            for code, text in sorted(refusals.items())
        }
    )
    for parameter in op.get("parameters", []):
        if parameter["in"] == "path" and parameter["name"] == "kind" and path.startswith("/program/"):
            continue  # Powertools documents the four kinds (a Literal)
        if parameter["in"] == "path" and parameter["name"] == "kind":
            parameter["schema"] = {"type": "string", "enum": SURVEY_KINDS if "/surveys/" in path else EVIDENCE_KINDS}
        elif parameter["in"] == "path" and not public:  # longer cannot name anything: 404 (shared/api/http.py)
            parameter["schema"] = {**parameter["schema"], "maxLength": MAX_ID_LENGTH}
    if (method, path) == ("PATCH", CLAIM):
        op.setdefault("parameters", []).append(IF_MATCH)
    if path in ("/public/consent/{token}", "/public/surveys/{token}") and method == "POST":
        _public_form_body(op, path)


def _who(route: Route) -> str:
    """Who may call the operation, in words (its `x-roles` says the same as a list)."""
    if route.public:
        return (
            "**Roles:** none: a public page, no sign-in. The token in the emailed link is the credential; "
            "a spent or unknown one is 410."
        )
    roles = sorted(route.roles, key=list(ROLE_WORDS).index)
    words = ", ".join(f"{ROLE_WORDS[r]} (`{r}`)" for r in roles)
    text = f"**Roles:** {words}{' only' if len(roles) == 1 else ''}. A signed-in caller in another role gets 403."
    if route.roles & PARTNER_ROLES and route.path not in SAME_FOR_EVERY_PARTNER:
        text += (
            " A partner sees and acts on its own partner's data only: another partner's id is 404, like an unknown one."
        )
    return text


def _examples(op: dict, method: str, path: str) -> None:
    """The examples of shared/api/openapi_examples.py on their media types (a media type the operation does not
    have fails here, so the examples cannot drift from the document)."""
    route = lookup(method, path)
    for media_type, examples in REQUESTS.get((method, path), {}).items():
        op["requestBody"]["content"][media_type]["examples"] = examples
    for media_type, examples in RESPONSES.get((method, path), {}).items():
        op["responses"][str(route.status)]["content"][media_type]["examples"] = examples


def _public_form_body(op: dict, path: str) -> None:
    """The public pages' forms post `application/x-www-form-urlencoded` (a browser may add fields of its own,
    so the form is open); API clients post the same as JSON, as strictly as every other JSON body."""
    if path.startswith("/public/consent/"):
        op["requestBody"]["content"]["application/json"] = {"schema": _ref("ConsentAnswerIn")}
    else:  # the survey's questions come with its link, so the handler reads the body itself
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": _ref("SurveyAnswers")},
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "additionalProperties": STRING}},
            },
        }


def _link(doc: dict) -> None:
    operation_ids = {(m.upper(), p): op["operationId"] for p, ops in doc["paths"].items() for m, op in ops.items()}
    for (method, path, status), targets in LINKS.items():
        response = doc["paths"][path][method.lower()]["responses"][str(status)]
        response["links"] = {
            f"{operation_ids[(m, p)]}": {
                "operationId": operation_ids[(m, p)],
                **({"parameters": params} if params else {}),
                **({"requestBody": body} if body else {}),
            }
            for m, p, params, body in targets
        }
