"""What a handler needs from its environment: settings, the clock, lazily made AWS clients.

Nothing here runs at import: a Lambda's cold start pays for a client only when a request needs it.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the boto3 stubs are a development tool: the Lambda runtime never imports them
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ses import SESClient


@dataclass(frozen=True)
class Settings:
    table_name: str
    bucket_name: str
    sender_email: str
    public_base_url: str  # where the public consent and survey pages are (the API)
    region: str
    app_base_url: str = ""  # the web app, which partner emails link into (e.g. {app}/claims/{claim_id})
    # SES configuration set every email names, whose event destination reports bounces and complaints
    # (functions/mail_events); "" = none (the local runner and the tests' moto by default)
    ses_configuration_set: str = ""

    @classmethod
    def from_env(cls) -> Settings:
        """From the function's environment, which the stack sets (and the local runner and the tests do):
        a missing variable is an error naming it, never a default that points at another table or bucket."""
        env = os.environ
        missing = [name for name in REQUIRED if not env.get(name)]
        region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
        if missing or not region:
            raise MissingSettings(missing + ([] if region else ["AWS_REGION"]))
        public_base_url = env["PUBLIC_BASE_URL"].rstrip("/")
        return cls(
            table_name=env["TABLE_NAME"],
            bucket_name=env["BUCKET_NAME"],
            sender_email=env["SENDER_EMAIL"],
            public_base_url=public_base_url,
            region=region,
            app_base_url=(env.get("APP_BASE_URL") or public_base_url + "/app").rstrip("/"),
            ses_configuration_set=env.get("SES_CONFIGURATION_SET", ""),
        )


REQUIRED = ("TABLE_NAME", "BUCKET_NAME", "SENDER_EMAIL", "PUBLIC_BASE_URL")


class MissingSettings(RuntimeError):
    def __init__(self, names: list[str]):
        super().__init__(f"The function's environment lacks {', '.join(names)} (the stack sets them: infra/stack.py)")


def check_at_cold_start() -> None:
    """In Lambda, read the settings while the container starts: a function deployed without its environment
    fails its init (and says why in the log), not each request with a 500. Elsewhere (generating the OpenAPI
    document, importing a handler in a test) nothing is read until a request needs it."""
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        settings()
    init_done()


def init_done() -> None:
    """The function's init is over (functions/__init__.py turned the collector off for it): freeze what it
    built, which lives as long as the container, out of every later collection, and collect again."""
    gc.freeze()
    gc.enable()


class Clock:
    """UTC now. `offset` is only ever moved by the local runner's /local/clock (never deployed)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


clock = Clock()


@cache
def settings() -> Settings:
    return Settings.from_env()


def _client(service: Literal["dynamodb", "s3", "ses"], **config: Any) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        service, region_name=settings().region, config=Config(retries={"mode": "standard", "max_attempts": 3}, **config)
    )


@cache
def dynamodb() -> DynamoDBClient:
    return _client("dynamodb")


@cache
def s3() -> S3Client:
    # SigV4 presigning. In AWS the bucket's own regional host (https://<bucket>.s3.<region>.amazonaws.com, in
    # us-east-1 too), the one origin the web app's CSP and the bucket's CORS name; path-style against a local
    # endpoint (the runner's moto), which has no per-bucket host names, or when S3_ADDRESSING_STYLE says so
    # (moto's IAM enforcement reads the bucket from the path only: tests/integration/test_iam_enforced.py).
    style = os.environ.get("S3_ADDRESSING_STYLE") or ("path" if os.environ.get("AWS_ENDPOINT_URL") else "virtual")
    return _client(
        "s3", signature_version="s3v4", s3={"addressing_style": style, "us_east_1_regional_endpoint": "regional"}
    )


@cache
def ses() -> SESClient:
    return _client("ses")


@cache
def store() -> Any:
    from shared.store import Store

    return Store(dynamodb(), settings().table_name)


def reset_caches() -> None:
    """Forget clients and settings (tests and the local runner change the environment)."""
    for f in (settings, dynamodb, s3, ses, store):
        f.cache_clear()
