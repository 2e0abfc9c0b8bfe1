"""The web app's security headers, one definition for both places that serve it: the local runner
(infra/local/webapp.py) and CloudFront's response headers policy (infra/constructs/webapp.py)."""

from __future__ import annotations

from collections.abc import Sequence

# CloudFront sets HSTS itself (a header the local runner, on plain http, must not send).
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(upload_origin: str, sign_in_origins: Sequence[str] = ()) -> str:
    """Scripts, fonts and frames from this origin only; styles also inline (Fluent UI's Griffel inserts them
    at run time); XHR/fetch to this origin (the API is served here too), the S3 endpoint of the presigned
    uploads and, in AWS, Cognito (its discovery document and token endpoint); never framed."""
    upload = f" {upload_origin}" if upload_origin else ""
    sign_in = "".join(f" {origin}" for origin in sign_in_origins)
    return (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        f"connect-src 'self'{upload}{sign_in}; frame-ancestors 'none'; base-uri 'self'; "
        f"form-action 'self'{upload}; object-src 'none'"
    )


def security_headers(upload_origin: str, sign_in_origins: Sequence[str] = ()) -> dict[str, str]:
    return {"Content-Security-Policy": content_security_policy(upload_origin, sign_in_origins), **STATIC_HEADERS}
