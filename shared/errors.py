"""Errors every layer raises and the HTTP layer maps to `{code, message}` responses."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """A refusal the caller can act on: stable `code`, a sentence `message`, an HTTP status."""

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status = status or self.status
        self.headers = headers or {}
        self.extra = extra  # extra fields merged into the body (e.g. missing, claim_id, status)

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}


class NotFound(AppError):
    status, code = 404, "not_found"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class Unauthorized(AppError):
    status, code = 401, "unauthorized"


class Conflict(AppError):
    status, code = 409, "conflict"


class Gone(AppError):
    status, code = 410, "link_gone"


class LinkGone(Gone):
    """410 for a public link, in the link's language when its row still says it (else the browser's)."""

    def __init__(self, message: str, locale: str | None = None):
        super().__init__(message)
        self.locale = locale


class PreconditionFailed(AppError):
    status, code = 412, "precondition_failed"


class Unprocessable(AppError):
    status, code = 422, "unprocessable"


class TooSoon(AppError):
    status, code = 429, "too_soon"


class UpstreamUnavailable(AppError):
    """An AWS dependency failed or throttled: retryable, nothing was written."""

    status, code = 503, "service_unavailable"
