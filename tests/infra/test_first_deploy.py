"""A first deploy that works on a new account, and again after a create that rolled back: no fixed names on
what outlives the stack, no reserved concurrency the default quota refuses, and the Powertools layer of the
version the tests ran with."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from shared.api.routes import FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
LAMBDAS = (*FUNCTIONS, "evidence-consumer", "mail-events")
KEPT = {"Retain", "RetainExceptOnCreate", "Snapshot"}
# CloudFormation properties that give a resource its physical name.
NAME_PROPERTIES = {
    "BucketName",
    "TableName",
    "QueueName",
    "TopicName",
    "LogGroupName",
    "UserPoolName",
    "FunctionName",
    "RoleName",
    "Name",
    "ApiName",
    "StateMachineName",
    "AliasName",
}


def _kept(resource: dict) -> bool:
    return bool({resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy")} & KEPT)


# ---------------------------------------------------------------- names and retention
def test_nothing_that_outlives_the_stack_has_a_fixed_name(synth):
    """A retained resource with a fixed name is still there when the retry creates it again: the retry fails.
    A name is acceptable only when it is new with every stack (it holds the stack id's unique part)."""
    kept = {synth.paths.get(lid, lid): r for lid, r in synth.resources.items() if _kept(r)}
    assert {"Data/Table", "Evidence/Bucket", "Evidence/AccessLogs", "Identity/Users"} <= set(kept)
    fixed = {
        path: name
        for path, r in kept.items()
        for key, name in r.get("Properties", {}).items()
        if key in NAME_PROPERTIES and '{"Ref": "AWS::StackId"}' not in json.dumps(name)
    }
    assert fixed == {}


def test_the_evidence_bucket_is_kept_once_it_exists_and_gone_with_a_failed_create(synth):
    """Empty on a create that rolls back (nothing can upload before the stack exists): deleted then. Kept on
    stack deletion and on replacement, once it may hold evidence."""
    bucket = synth.resource("Evidence/Bucket")
    assert (bucket["DeletionPolicy"], bucket["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")


def test_the_evidence_bucket_name_is_unique_to_this_stack_and_fits_s3(synth):
    name = synth.resource("Evidence/Bucket")["Properties"]["BucketName"]
    stack_uuid = {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}  # the stack id's last part
    sep, parts = name["Fn::Join"]
    assert sep == "-" and parts == ["evidence-dev", stack_uuid]
    from infra.config import Config

    longest_stage = "s" * 16
    Config("s" * 16, "a@b.co", ("https://a.co",), "").validate()  # 16 characters pass the check…
    with pytest.raises(ValueError, match="stage"):
        Config("s" * 17, "a@b.co", ("https://a.co",), "").validate()  # …17 do not
    assert len(f"evidence-{longest_stage}-{'0' * 36}") <= 63  # S3's limit, with a UUID


def test_functions_read_the_bucket_name_from_the_bucket(synth):
    """The name is CloudFormation's to resolve: functions get it by reference, never a recomputed string."""
    bucket = synth.logical_id("Evidence/Bucket")
    for name in LAMBDAS:
        env = synth.resource(f"Fn-{name}/Function")["Properties"]["Environment"]["Variables"]
        assert env["BUCKET_NAME"] == {"Ref": bucket}


# ---------------------------------------------------------------- the expiry job without reserved concurrency
def test_no_function_reserves_concurrency(synth):
    """A new account's quota is 10 and Lambda keeps a floor unreserved: any reservation fails the create."""
    functions = synth.of_type("AWS::Lambda::Function")
    assert [lid for lid, f in functions.items() if "ReservedConcurrentExecutions" in f["Properties"]] == []


def test_an_expiry_run_with_all_its_retries_ends_before_the_next_run_starts(synth):
    """One run at a time without a reservation: the schedule fires at fixed times (no flexible window), and
    the scheduler's delivery window + Lambda's retry window + the run's timeout fit in one period."""
    schedule = synth.resource("ExpirySchedule")["Properties"]
    assert schedule["FlexibleTimeWindow"] == {"Mode": "OFF"}
    rate = re.fullmatch(r"rate\((\d+) minutes\)", schedule["ScheduleExpression"])
    assert rate, schedule["ScheduleExpression"]
    period = int(rate[1]) * 60
    delivery = schedule["Target"]["RetryPolicy"]["MaximumEventAgeInSeconds"]
    retries = synth.resource("Fn-expiry/Function/EventInvokeConfig")["Properties"]["MaximumEventAgeInSeconds"]
    timeout = synth.resource("Fn-expiry/Function")["Properties"]["Timeout"]
    assert delivery + retries + timeout <= period, (delivery, retries, timeout, period)


# ---------------------------------------------------------------- the Powertools layer
def _pinned_powertools() -> str:
    [pin] = [
        line.split("==")[1].strip()
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if re.match(r"aws[-_]lambda[-_]powertools==", line, re.IGNORECASE)
    ]
    return pin


def test_the_layer_is_the_powertools_version_constraints_txt_pins_and_the_tests_ran_with(synth):
    pinned = _pinned_powertools()
    assert version("aws-lambda-powertools") == pinned  # what this test run imported
    parameters = synth.template.get("Parameters", {})
    [(name, parameter)] = [
        (n, p) for n, p in parameters.items() if str(p.get("Default", "")).startswith("/aws/service/powertools/")
    ]
    assert parameter["Type"] == "AWS::SSM::Parameter::Value<String>"
    assert parameter["Default"] == f"/aws/service/powertools/python/arm64/python3.14/{pinned}"
    for path in [f"Fn-{n}/Function" for n in LAMBDAS] + ["TokenGate/Function"]:
        assert synth.resource(path)["Properties"]["Layers"] == [{"Ref": name}], path


def test_a_different_pin_names_a_different_layer(tmp_path):
    from aws_cdk import aws_lambda as lambda_

    from infra.powertools import layer_parameter, pinned_version

    constraints = tmp_path / "constraints.txt"
    constraints.write_text("boto3==1.0\naws_lambda_powertools==3.99.1\n")
    assert pinned_version(constraints) == "3.99.1"
    assert (
        layer_parameter(lambda_.Runtime.PYTHON_3_14, lambda_.Architecture.ARM_64, "3.99.1")
        == "/aws/service/powertools/python/arm64/python3.14/3.99.1"
    )
    constraints.write_text("boto3==1.0\n")
    with pytest.raises(ValueError, match="aws-lambda-powertools"):
        pinned_version(constraints)
