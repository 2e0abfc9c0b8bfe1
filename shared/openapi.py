"""One OpenAPI document for the whole API, merged from each function's resolver (their routes come
from the route table, so the document, the stack and the runner cannot disagree)."""
from __future__ import annotations

import importlib
import json
from functools import cache

from shared.routes import FUNCTIONS, ROUTES, routes_of

TITLE, VERSION = "Workshop Claims API", "1.0.0"


@cache
def openapi_document() -> dict:
    doc: dict = {"openapi": "3.1.0", "info": {"title": TITLE, "version": VERSION,
                                              "description": "Partner claims for incentive-funded workshops."},
                 "paths": {}, "components": {"schemas": {}, "securitySchemes": {
                     "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}
    public = {(r.method.lower(), r.path) for r in ROUTES if r.public}
    roles = {(r.method.lower(), r.path): sorted(r.roles) for r in ROUTES}
    for function in FUNCTIONS:
        if not routes_of(function):
            continue
        app = importlib.import_module(f"functions.{function}.app").app
        part = json.loads(app.get_openapi_json_schema(title=TITLE, version=VERSION))
        for path, operations in part.get("paths", {}).items():
            for method, op in operations.items():
                op["security"] = [] if (method, path) in public else [{"bearer": []}]
                op["x-roles"] = roles.get((method, path), [])
                op.setdefault("responses", {}).update(_ERRORS)
            doc["paths"].setdefault(path, {}).update(operations)
        doc["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    doc["components"]["schemas"]["Error"] = {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "array", "items": {"type": "object"}}}}
    return doc


_ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_ERRORS = {str(code): {"description": text, "content": _ERROR_REF} for code, text in (
    (400, "Malformed request"), (401, "Missing or invalid token"), (403, "Role not allowed"),
    (404, "Not found (or another partner's)"), (409, "Refused in the current status"),
    (412, "Stale If-Match"), (422, "Validation error"), (503, "Dependency unavailable; retry"))}
