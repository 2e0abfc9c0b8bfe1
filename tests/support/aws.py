"""moto in-process with the stack's resources and the demo data (`mocked_aws`: the `aws` fixture, and the
benchmarks outside pytest), in the environment the functions read (`ENV`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING
from unittest import mock

from shared import runtime

if TYPE_CHECKING:
    from infra.local.resources import Resources

ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "TABLE_NAME": "workshop-claims",
    "BUCKET_NAME": "workshop-claims-evidence",
    "SENDER_EMAIL": "no-reply@claims.example.com",
    "PUBLIC_BASE_URL": "http://claims.test",
    "SES_CONFIGURATION_SET": "workshop-claims-mail",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


@contextmanager
def mocked_aws() -> Iterator[Resources]:
    """moto in-process with the stack's resources and the demo data; the environment, clients and clock
    are restored on exit (the `aws` fixture, and the benchmarks outside pytest)."""
    from moto import mock_aws

    from infra.local.resources import create_resources, seed

    with mock.patch.dict(os.environ, ENV), mock_aws():
        os.environ.pop("AWS_ENDPOINT_URL", None)
        runtime.reset_caches()
        runtime.clock.offset = timedelta(0)
        import boto3

        try:
            resources = create_resources(
                runtime.settings(),
                runtime.dynamodb(),
                runtime.s3(),
                boto3.client("sqs", region_name="us-east-1"),
                runtime.ses(),
            )
            seed(runtime.store())
            yield resources
        finally:
            runtime.reset_caches()
            runtime.clock.offset = timedelta(0)
