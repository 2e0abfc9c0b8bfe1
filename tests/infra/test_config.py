"""A production stage refuses the development defaults of cdk.json at synth, naming the setting to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = json.loads((ROOT / "cdk.json").read_text())["context"]
PROD = {
    "stage": "prod",
    "sender_email": "claims@contoso-program.com",
    "allowed_origins": [],
    "alarm_email": "ops@contoso-program.com",
}
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-4908-8706-050403020100"


def config(**context):
    from aws_cdk import App

    from infra.config import Config

    return Config.from_node(App(context={**DEFAULTS, **context}).node)


def test_dev_keeps_its_defaults():
    cfg = config()
    assert cfg.stage == "dev" and "http://localhost:5173" in cfg.allowed_origins and cfg.alarm_email == ""


def test_prod_with_real_settings_is_accepted():
    cfg = config(
        **{
            **PROD,
            "domain_name": "Claims.Contoso-Program.com.",
            "certificate_arn": CERTIFICATE,
            "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
        }
    )
    assert (cfg.stage, cfg.alarm_email, cfg.domain_name) == (
        "prod",
        "ops@contoso-program.com",
        "claims.contoso-program.com",
    )
    assert config(**PROD).domain_name == ""  # CloudFront's own domain


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"domain_name": "claims.contoso-program.com"}, "needs certificate_arn"),
        (
            {
                "domain_name": "claims.contoso-program.com",
                "certificate_arn": CERTIFICATE.replace("us-east-1", "eu-west-1"),
            },
            "us-east-1",
        ),
        ({"domain_name": "https://claims.contoso-program.com", "certificate_arn": CERTIFICATE}, "not a host name"),
        (
            {"domain_name": "claims.contoso-program.com", "certificate_arn": CERTIFICATE, "hosted_zone_id": "zone"},
            "hosted_zone_id",
        ),
        ({"certificate_arn": CERTIFICATE}, "certificate_arn needs domain_name"),
        ({"hosted_zone_id": "Z0123456789ABCDEFGHIJ"}, "hosted_zone_id needs domain_name"),
    ],
)
def test_a_custom_domain_needs_a_cloudfront_certificate(override, problem):
    with pytest.raises(ValueError, match=problem):
        config(**override)


def test_prod_with_the_dev_defaults_is_refused_naming_each_setting():
    with pytest.raises(ValueError) as refused:
        config(stage="prod")
    message = str(refused.value)
    assert "'prod'" in message
    for setting in ("alarm_email", "allowed_origins", "sender_email"):
        assert setting in message, (setting, message)
    assert "http://localhost:5173" in message and "claims.example.com" in message


@pytest.mark.parametrize(
    ("override", "setting", "shown"),
    [
        ({"alarm_email": ""}, "alarm_email", "required"),
        (
            {"allowed_origins": ["https://claims.contoso-program.com", "http://localhost:5173"]},
            "allowed_origins",
            "http://localhost:5173",
        ),
        ({"allowed_origins": ["http://127.0.0.1:3000"]}, "allowed_origins", "http://127.0.0.1:3000"),
        ({"allowed_origins": ["https://app.example.com"]}, "allowed_origins", "app.example.com"),
        ({"sender_email": "no-reply@claims.example.com"}, "sender_email", "claims.example.com"),
        ({"sender_email": "claims@contoso.example"}, "sender_email", "contoso.example"),
        ({"domain_name": "claims.example", "certificate_arn": CERTIFICATE}, "domain_name", "claims.example"),
        ({"domain_name": "example.org", "certificate_arn": CERTIFICATE}, "domain_name", "example.org"),
        ({"alarm_email": "ops@program.test"}, "alarm_email", "program.test"),
    ],
)
def test_prod_refuses_each_dev_default(override, setting, shown):
    with pytest.raises(ValueError, match=setting) as refused:
        config(**{**PROD, **override})
    assert shown in str(refused.value)
    assert f"-c {setting}=" in str(refused.value)  # says how to set it


def test_a_prod_named_stage_counts_as_production():
    with pytest.raises(ValueError, match="alarm_email"):
        config(**{**PROD, "stage": "prod-eu", "alarm_email": ""})
    assert config(**{**PROD, "stage": "staging", "alarm_email": ""}).alarm_email == ""


def test_the_app_refuses_a_dev_prod_before_building_anything():
    from infra.app import build

    with pytest.raises(ValueError, match="alarm_email"):
        build(context={"stage": "prod"}, nag=False)
