"""The function's settings come from its environment, which the stack sets: a missing variable is an error
that names it, at the container's start in Lambda, never a default pointing at another table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.runtime import MissingSettings, Settings

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "TABLE_NAME": "claims-table",
    "BUCKET_NAME": "evidence-dev-1",
    "SENDER_EMAIL": "no-reply@program.example",
    "PUBLIC_BASE_URL": "https://d1.cloudfront.net/",
    "AWS_REGION": "eu-west-1",
}


def test_the_environment_is_read_as_the_stack_sets_it(monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("APP_BASE_URL", raising=False)
    settings = Settings.from_env()
    assert (settings.table_name, settings.bucket_name, settings.region) == (
        "claims-table",
        "evidence-dev-1",
        "eu-west-1",
    )
    assert (settings.public_base_url, settings.app_base_url) == (
        "https://d1.cloudfront.net",
        "https://d1.cloudfront.net/app",
    )


@pytest.mark.parametrize("missing", [("TABLE_NAME",), ("BUCKET_NAME", "SENDER_EMAIL"), ("PUBLIC_BASE_URL",)])
def test_a_missing_variable_is_an_error_naming_it(monkeypatch, missing):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    for name in missing:
        monkeypatch.delenv(name)
    with pytest.raises(MissingSettings) as refused:
        Settings.from_env()
    assert all(name in str(refused.value) for name in missing)


def test_in_lambda_a_function_without_its_environment_fails_its_init():
    env = {k: v for k, v in os.environ.items() if k not in ENV and k != "AWS_DEFAULT_REGION"}
    env.update(AWS_LAMBDA_FUNCTION_NAME="WorkshopClaims-dev-claims", AWS_REGION="eu-west-1", PYTHONPATH=str(ROOT))
    started = subprocess.run(
        [sys.executable, "-c", "import functions.claims.app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert "MissingSettings" in started.stderr and "TABLE_NAME" in started.stderr
    outside = {k: v for k, v in env.items() if k != "AWS_LAMBDA_FUNCTION_NAME"}  # e.g. `make openapi`
    assert (
        subprocess.run(
            [sys.executable, "-c", "import functions.claims.app"],
            cwd=ROOT,
            env=outside,
            capture_output=True,
            timeout=60,
        ).returncode
        == 0
    )
