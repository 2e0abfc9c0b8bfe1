"""The functions' real Lambda handlers invoked as API Gateway would (`call`), and the JWT-authorizer claims
of each kind of caller (`partner`, `reviewer`, `program_admin`)."""

from __future__ import annotations

import importlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from infra.local.runner import LocalContext, http_event
from shared.api.routes import find

JSON = {"accept": "application/json"}  # the headers of a public page's request for JSON


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


def partner(partner_id: str = "P-1001", role: str = "incentives-admin", email: str | None = None) -> dict[str, str]:
    email = email or f"pm-{uuid.uuid4().hex[:8]}@{partner_id.lower()}.example.com"
    return {"sub": email, "email": email, "cognito:groups": f"[{role}]", "custom:partner_id": partner_id}


def reviewer(email: str = "rv@program.example.com") -> dict[str, str]:
    return {"sub": email, "email": email, "cognito:groups": "[reviewer]"}


def program_admin(email: str = "olga@program.example") -> dict[str, str]:
    return {"sub": email, "email": email, "cognito:groups": "[program-admin]"}


def call(
    function: str,
    method: str,
    path: str,
    *,
    claims: dict[str, Any] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: str = "",
    raw_body: bytes | None = None,
) -> Reply:
    """Invoke `functions.<function>.app.handler` exactly as API Gateway would for this route."""
    route, params, _ = find(method, path)
    assert route is not None, f"{method} {path} is not in the route table"
    assert route.function == function, f"{method} {path} belongs to {route.function}, not {function}"
    hdrs = {"content-type": "application/json", **{k.lower(): v for k, v in (headers or {}).items()}}
    data = raw_body if raw_body is not None else (b"" if body is None else json.dumps(body).encode())
    event = http_event(method, path, query, hdrs, data, f"{route.method} {route.path}", params, claims, "127.0.0.1")
    handler = importlib.import_module(f"functions.{function}.app").handler
    result = handler(event, LocalContext(function_name=function, aws_request_id=str(uuid.uuid4())))
    return Reply(
        result["statusCode"], {k.lower(): v for k, v in (result.get("headers") or {}).items()}, result.get("body") or ""
    )
