"""cdk-nag (AwsSolutions) with no unacknowledged finding, every acknowledgment reviewed and reasoned, and
cfn-lint clean on the synthesized template."""

from __future__ import annotations

import json

from cdk_nag import AwsSolutionsChecks
from cfnlint.api import ManualArgs, lint_file

from shared.api.routes import FUNCTIONS

# W3005 (a DependsOn next to a GetAtt to the same resource) is emitted by CDK itself for every function and
# its role; the redundant dependency is harmless and not ours to remove.
IGNORED_LINT_RULES = ["W3005"]
LINT_REGIONS = ["us-east-1", "eu-west-1"]
LAMBDAS = (*FUNCTIONS, "evidence-consumer", "mail-events")

# Every acknowledgment in the app, by construct path and finding. A new one must be added here on purpose
# (the reasons themselves live next to the constructs and are listed in docs/deploy.md).
ACKNOWLEDGED = {
    *{(f"Fn-{name}/Role", "AwsSolutions-IAM5[Resource::*]") for name in LAMBDAS},
    *{
        (f"Fn-{name}/Role", "AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/evidence/*]")
        for name in ("evidence", "review", "evidence-consumer")
    },
    ("ExpiryScheduleRole", "AwsSolutions-IAM5[Resource::<FnexpiryFunction86F5DC25.Arn>:*]"),
    (
        "AWS679f53fac002430cb0da5b7982bd2287",
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    ),
    ("Identity/Users", "AwsSolutions-COG2"),
    ("Evidence/AccessLogs", "AwsSolutions-S1"),
    ("Web/CdnLogs", "AwsSolutions-S1"),
    *{("Web/Distribution", f"AwsSolutions-{rule}") for rule in ("CFR1", "CFR2", "CFR4")},  # CFR4: no domain_name
    *{
        ("Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB", rule)
        for rule in (
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            *(
                f"AwsSolutions-IAM5[{finding}]"
                for finding in (
                    "Action::s3:GetObject*",
                    "Action::s3:GetBucket*",
                    "Action::s3:List*",
                    "Action::s3:DeleteObject*",
                    "Action::s3:Abort*",
                    "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
                    "Resource::<WebSiteD504717C.Arn>/*",
                )
            ),
            "AwsSolutions-L1",
        )
    },
    ("NotifierDeadLetters", "AwsSolutions-SQS3"),
    ("JobDeadLetters", "AwsSolutions-SQS3"),
    ("Mail/DeadLetters", "AwsSolutions-SQS3"),
    ("Http/Fallback", "AwsSolutions-APIG4"),
    *{
        (f"Http/Api/{r}", "AwsSolutions-APIG4")
        for r in (
            "GET--public--consent--{token}",
            "POST--public--consent--{token}",
            "GET--public--surveys--{token}",
            "POST--public--surveys--{token}",
        )
    },
}


def _violations(report) -> list[str]:
    return [f"{v.rule_name} at {[r.resource_logical_id for r in v.violating_resources]}" for v in report.violations]


def test_cdk_nag_reports_no_unacknowledged_finding(synth):
    report = AwsSolutionsChecks().validate_scope(synth.stack)
    assert _violations(report) == []
    assert report.success


def test_cdk_nag_is_not_vacuous():
    """The same check on a deliberately careless stack does report findings."""
    from aws_cdk import App, Stack
    from aws_cdk import aws_s3 as s3

    stack = Stack(App(), "Careless")
    s3.Bucket(stack, "Open")
    rules = {v.rule_name for v in AwsSolutionsChecks().validate_scope(stack).violations}
    assert {"AwsSolutions-S1", "AwsSolutions-S10"} <= rules


def test_every_acknowledgment_is_expected_and_reasoned(synth):
    metadata = json.loads((synth.outdir / f"{synth.stack.stack_name}.metadata.json").read_text())
    prefix = f"/{synth.stack.stack_name}/"
    found = {}
    for path, entries in metadata.items():
        for entry in entries:
            if entry["type"] == "aws:cdk:acknowledged-rules":
                for rule, reason in entry["data"].items():
                    found[(path.removeprefix(prefix), rule.removeprefix("Annotation::"))] = reason
    assert set(found) == ACKNOWLEDGED
    for key, reason in found.items():
        assert len(reason) >= 60 and reason.rstrip().endswith("."), (key, reason)


def test_cfn_lint_finds_nothing(synth):
    matches = lint_file(synth.template_path, config=ManualArgs(ignore_checks=IGNORED_LINT_RULES, regions=LINT_REGIONS))
    assert [f"{m.rule.id} {m.message} ({m.path})" for m in matches] == []
