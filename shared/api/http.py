"""The HTTP layer every API function shares: routes from the route table, auth before anything else,
and one error shape (`{code, message[, details]}`) for every refusal, including the framework's own."""

from __future__ import annotations

import base64
import binascii
import contextvars
import inspect
import json
import re
import warnings
from collections.abc import Callable, Collection
from functools import wraps
from typing import Annotated, Any, Optional

from aws_lambda_powertools import Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType, RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent
from botocore.exceptions import BotoCoreError, ClientError

from shared import runtime
from shared.api.auth import Principal, principal_from_event
from shared.api.json_body import MAX_BODY_BYTES, BodyError, object_body
from shared.api.routes import Route, allowed_methods, find, lookup
from shared.errors import AppError, Conflict, PreconditionFailed, UpstreamUnavailable
from shared.observability import SERVICE, logger, metrics
from shared.store import TxConflict

# Trace the AWS SDK only: the default patches every library X-Ray knows (requests, sqlite3, httplib, ...),
# importing them at cold start for calls we never make (~45 ms per handler, see docs/performance.md).
tracer = Tracer(service=SERVICE, patch_modules=("botocore",))

FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")  # HTML forms (public pages: urlencoded)
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Routes whose body is a file the handler reads itself (text/csv): no JSON rules, only a valid encoding.
RAW_BODY_ROUTES = frozenset({("POST", "/program/imports/{kind}")})
warnings.filterwarnings("ignore", "No application metrics to publish")
# Our ids are far shorter. A longer path parameter cannot name anything, and DynamoDB refuses a key over
# 1 KiB (sort) / 2 KiB (partition) with a ValidationException, which would be a 500. Public pages' link
# tokens are only ever hashed, so they need no limit. The OpenAPI document states it as maxLength.
MAX_ID_LENGTH = 200
_caller: contextvars.ContextVar[Principal] = contextvars.ContextVar("caller")
THROTTLING = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "Throttling",
    "TooManyRequestsException",
    "SlowDown",
    "ServiceUnavailable",
    "InternalServerError",
    "InternalError",
}
TX_THROTTLING = {"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}


def _throttled_transaction(exc: ClientError) -> bool:
    """A transaction cancelled because an item was throttled: as retryable as a throttled call."""
    reasons = exc.response.get("CancellationReasons") or []
    return any((r or {}).get("Code") in TX_THROTTLING for r in reasons)


def caller() -> Principal:
    return _caller.get()


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type="application/json",
        body=json.dumps(body, default=str, ensure_ascii=False),
        headers=headers or {},
    )


def html_response(html: str, status: int = 200) -> Response:
    return Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=html,
        headers={
            "Cache-Control": "no-store",
            "X-Frame-Options": "DENY",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "form-action 'self'; img-src 'self' data:",
        },
    )


def error_response(error: AppError) -> Response:
    return json_response(error.body(), error.status, error.headers)


def _validation_details(errors: Any) -> list[dict]:
    return [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg") or e.get("type", "invalid")),
            "type": str(e.get("type", "value_error")),
        }
        for e in errors
    ]


class _Resolver(APIGatewayHttpResolver):
    """A path parameter is any one segment, as API Gateway's `{name}` matches it. Powertools' own pattern
    knows a subset of characters only, so an id with any other character matched no route (405)."""

    @staticmethod
    def _compile_regex(rule: str, base_regex: str = "^{}$") -> re.Pattern[str]:
        return re.compile(base_regex.format(re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", rule)))


def create_app() -> APIGatewayHttpResolver:
    app = _Resolver(enable_validation=True)

    @app.exception_handler(AppError)
    def _app_error(exc: AppError) -> Response:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response:
        details = _validation_details(exc.errors())
        if any(d["type"] == "json_invalid" for d in details):
            return json_response(
                {"code": "invalid_json", "message": "The request body is not valid JSON.", "details": details}, 400
            )
        fields = ", ".join(sorted({".".join(d["loc"][1:]) or d["loc"][0] for d in details if d["loc"]}))
        return json_response(
            {"code": "validation_error", "message": f"The request is not valid ({fields}).", "details": details}, 422
        )

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported(exc: RequestUnsupportedContentType) -> Response:
        return json_response({"code": "unsupported_media_type", "message": "Send the body as application/json."}, 415)

    @app.exception_handler(UnicodeDecodeError)
    def _encoding(exc: UnicodeDecodeError) -> Response:
        return json_response({"code": "invalid_encoding", "message": "The request body must be UTF-8."}, 400)

    @app.exception_handler(TxConflict)
    def _conflict(exc: TxConflict) -> Response:
        return error_response(
            Conflict("Someone else changed this at the same time; reload and try again.", code="concurrent_update")
        )

    @app.exception_handler([ClientError, BotoCoreError])  # a list: Powertools ignores a tuple of classes
    def _aws(exc: Exception) -> Response:
        code = exc.response["Error"]["Code"] if isinstance(exc, ClientError) else type(exc).__name__
        if isinstance(exc, ClientError) and code not in THROTTLING and not _throttled_transaction(exc):
            raise exc  # a bug (bad request to AWS): let the 500 handler log it
        logger.warning("aws dependency unavailable", extra={"aws_error": code})
        return error_response(
            UpstreamUnavailable("A storage service is busy; try again shortly.", headers={"Retry-After": "2"})
        )

    @app.not_found
    def _not_found(exc: Exception) -> Response:
        _, _, path_exists = find(app.current_event.http_method, app.current_event.path)
        if path_exists:
            return json_response(
                {"code": "method_not_allowed", "message": "This path does not support that method."},
                405,
                {"Allow": allowed_methods(app.current_event.path)},
            )
        return json_response({"code": "not_found", "message": "No such route."}, 404)

    return app


def endpoint(app: Any, method: str, path: str, **route_kwargs: Any) -> Callable:
    """Register a handler for a route-table entry (the table must list it: one source of truth)."""
    route = lookup(method, path)

    def register(fn: Callable) -> Callable:
        @wraps(fn)
        def handler(*args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        # Powertools reads a handler's return annotation as its response model (response validation and the
        # OpenAPI document). Ours return a ready Response (`-> Response`, for the type checker) and the answer's
        # schema comes from the route table (shared/api/openapi.py): Powertools sees the parameters only.
        handler.__signature__ = inspect.signature(fn).replace(  # type: ignore[attr-defined]
            return_annotation=inspect.Signature.empty
        )
        app.route(route.powertools_path, route.method, summary=route.summary, **route_kwargs)(handler)
        return fn

    return register


def make_handler(app: APIGatewayHttpResolver) -> Callable[[dict, Any], dict]:
    """The Lambda entry point: authenticate and authorize from the route table before the body is even
    parsed (401/403 never leak validation details), then let the resolver route and validate."""
    runtime.check_at_cold_start()

    # Every log line of a request carries API Gateway's request id (its access log's `requestId`).
    @logger.inject_lambda_context(clear_state=True, correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics
    def handler(event: dict, context: Any) -> dict:
        method, _, path = str(event.get("routeKey", "")).partition(" ")
        route, _, _ = find(method, path) if path else (None, {}, False)
        token = None
        content_type = {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("content-type", "").lower()
        # HTML forms post to the public pages only, urlencoded as ours do. multipart is refused before the
        # resolver: Powertools raises a bare ValueError on a malformed one (no boundary), which was a 500.
        if (
            route is not None
            and route.method in WRITES
            and not _media_type_ok(route, content_type, bool(event.get("body")))
        ):
            return _serialize(
                json_response({"code": "unsupported_media_type", "message": "Send the body as application/json."}, 415)
            )
        if route is not None and not route.public:
            try:
                principal = principal_from_event(event)
                principal.require_any(route.roles)
            except AppError as exc:
                return _serialize(error_response(exc))
            if any(len(value) > MAX_ID_LENGTH for value in (event.get("pathParameters") or {}).values()):
                return _serialize(json_response({"code": "not_found", "message": "No such resource."}, 404))
            token = _caller.set(principal)
        if route is not None and route.method in WRITES:
            checked = _checked_body(route, event, content_type)
            if isinstance(checked, Response):
                return _serialize(checked)
            event = checked
        try:
            return app.resolve(event, context)
        except Exception:  # the resolver's own handlers map every expected error; this is a bug
            logger.exception("unhandled error")
            return _serialize(
                json_response({"code": "internal_error", "message": "Something went wrong on our side."}, 500)
            )
        finally:
            if token is not None:
                _caller.reset(token)

    return handler


def _media_type_ok(route: Route, content_type: str, has_body: bool) -> bool:
    """A body is JSON (no content type means JSON, as Powertools reads it); a public page also takes its
    urlencoded form; a file route takes its file. multipart never (see make_handler)."""
    if content_type.startswith("multipart/"):
        return False
    if not has_body or (route.method, route.path) in RAW_BODY_ROUTES:
        return True
    return (
        not content_type
        or content_type.startswith("application/json")
        or (route.public and content_type.startswith(FORMS))
    )


def _checked_body(route: Route, event: dict, content_type: str) -> dict | Response:
    """The body checked once, before the resolver, for every write route: UTF-8 (and valid base64 when
    flagged so), at most MAX_BODY_BYTES, and, unless it is a form or a file, one strict JSON object
    (shared/api/json_body.py). A route without a body model takes no body or any object (and ignores it), as
    before. Returns the event with its body as checked text, or the refusal."""
    body = event.get("body")
    if not body:
        return event
    try:
        if event.get("isBase64Encoded"):
            try:
                raw = base64.b64decode(body, validate=True)
            except (binascii.Error, ValueError):
                raise BodyError("invalid_encoding", "The request body is not valid base64.") from None
        else:
            try:
                raw = body.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates in the event's string: no UTF-8 body had them
                raise BodyError("invalid_encoding", "The request body must be UTF-8.") from None
        if (route.method, route.path) in RAW_BODY_ROUTES:
            return event  # the handler reads the file's bytes and refuses what it cannot read
        if len(raw) > MAX_BODY_BYTES:
            raise BodyError("body_too_large", f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.", 413)
        if route.public and content_type.startswith(FORMS):
            raw.decode("utf-8")  # a form's fields are only ever UTF-8 text
        else:
            object_body(raw)
        return {**event, "body": raw.decode("utf-8"), "isBase64Encoded": False}
    except UnicodeDecodeError:
        return json_response({"code": "invalid_encoding", "message": "The request body must be UTF-8."}, 400)
    except BodyError as exc:
        extra = (
            {"details": [{"loc": ["body"], "msg": exc.message, "type": "model_attributes_type"}]}
            if exc.code == "validation_error"
            else {}
        )
        return json_response({"code": exc.code, "message": exc.message, **extra}, exc.status)


def refuse_unknown_fields(event: BaseProxyEvent, known: Collection[str]) -> None:
    """A JSON body a handler reads itself names only the fields it takes, as the models' extra="forbid" does
    for the others: a field the route ignores would be a sentence, or an answer, silently dropped. An HTML
    form is not held to it (a browser may add a field of its own, its button's name)."""
    if (event.headers.get("content-type") or "").lower().startswith(FORMS) or not event.body:
        return
    body = event.json_body  # checked strictly by make_handler already
    unknown = sorted(set(body) - set(known)) if isinstance(body, dict) else []
    if unknown:
        raise RequestValidationError(
            [
                {"loc": ("body", name), "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
                for name in unknown
            ]
        )


def _serialize(response: Response) -> dict:
    return {
        "statusCode": response.status_code,
        "headers": {"Content-Type": response.content_type, **(response.headers or {})},
        "body": response.body,
        "isBase64Encoded": False,
    }


# A route that words notifications for the reader takes this header: Dutch for `nl…`, else English.
AcceptLanguage = Annotated[
    Optional[str],
    Header(  # noqa: UP045 (Powertools reads the annotation at runtime)
        alias="Accept-Language",
        max_length=200,
        description="The reader's language for notification texts: `nl` (Dutch) or anything else (English).",
    ),
]


def localized(body: Any, headers: dict[str, str] | None = None, status: int = 200) -> Response:
    """A response whose words follow Accept-Language: caches must keep one copy per language."""
    return json_response(body, status, headers={**(headers or {}), "Vary": "Accept-Language"})


def if_match(app: Any) -> int | None:
    """The `If-Match` version (ETag is the quoted claim version); None when absent or `*` (RFC 9110: any
    current version; the claim's existence is checked anyway)."""
    value = app.current_event.headers.get("if-match")
    if value is None or value.strip() == "*":
        return None
    try:
        return int(value.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise PreconditionFailed("If-Match does not match the current version of the claim.") from None


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}
