"""The Powertools layer is the version the tests ran with: the one constraints.txt pins.

AWS publishes each release's layer ARN per region under a public SSM parameter,
/aws/service/powertools/python/<arch>/<python>/<version>; CloudFormation resolves it at deploy time in the
target region. No layer number is kept here, so none can drift from the pin. A release AWS has not (yet)
published in a region fails the deploy before anything changes, instead of running another version."""

from __future__ import annotations

import re
from pathlib import Path

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_ssm as ssm
from constructs import Construct

CONSTRAINTS = Path(__file__).resolve().parents[1] / "constraints.txt"
_PIN = re.compile(r"^aws[-_]lambda[-_]powertools==(?P<version>\S+)\s*$", re.IGNORECASE | re.MULTILINE)


def pinned_version(constraints: Path = CONSTRAINTS) -> str:
    found = _PIN.search(constraints.read_text())
    if not found:
        raise ValueError(f"{constraints.name} pins no aws-lambda-powertools version (aws-lambda-powertools==x.y.z)")
    return found["version"]


def layer_parameter(runtime: lambda_.Runtime, architecture: lambda_.Architecture, version: str) -> str:
    return f"/aws/service/powertools/python/{architecture.name}/{runtime.name}/{version}"


def powertools_layer(
    scope: Construct, runtime: lambda_.Runtime, architecture: lambda_.Architecture
) -> lambda_.ILayerVersion:
    arn = ssm.StringParameter.value_for_string_parameter(
        scope, layer_parameter(runtime, architecture, pinned_version())
    )
    return lambda_.LayerVersion.from_layer_version_arn(scope, "PowertoolsLayer", arn)
