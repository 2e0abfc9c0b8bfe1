"""Template assertions on the synthesized stack: routes from the route table, least privilege per function
(statement by statement), data and queue security settings, schedules, sign-in, alarms and outputs."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from shared.api.auth import EVERY_ROLE
from shared.api.routes import FUNCTIONS, ROUTES
from shared.store.keys import INDEXES, PK, SK, TTL_ATTRIBUTE
from tests.support.synth import props, tls_only

ROOT = Path(__file__).resolve().parents[2]
LAMBDAS = (*FUNCTIONS, "evidence-consumer", "mail-events")
HANDLERS = {
    "evidence-consumer": "functions.evidence.consumer.handler",
    "mail-events": "functions.mail_events.app.handler",
}
SENDERS = ("customers", "surveys", "notifier")  # each names the configuration set: SES_CONFIGURATION_SET
TABLE, STREAM = "<Data/Table.Arn>", "<Data/Table.StreamArn>"
EVIDENCE_OBJECTS = "<Evidence/Bucket.Arn>/evidence/*"
SENDER = "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<Mail/Domain>"
CONFIGURATION_SET = "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<Mail/ConfigurationSet>"


def allow(actions: list[str], *resources: str) -> tuple:
    return "Allow", tuple(sorted(actions)), tuple(sorted(resources))


def table(*actions: str) -> tuple:
    return allow([f"dynamodb:{a}" for a in actions], TABLE)


def indexes(*names: str) -> tuple:
    return allow(["dynamodb:Query"], *(f"{TABLE}/index/{n}" for n in names))


def objects(*actions: str) -> tuple:
    return allow([f"s3:{a}" for a in actions], EVIDENCE_OBJECTS)


SEND_EMAIL = allow(["ses:SendRawEmail"], SENDER, CONFIGURATION_SET)  # SES checks both (tests/infra/test_mail_events.py)
SQS_SEND = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
# Written out by hand from what each function calls (see infra/permissions.py for the why of each action);
# tests/integration/test_iam_enforced.py proves each set by running the handlers with it enforced.
EXPECTED = {
    "claims": {table("GetItem", "Query", "BatchGetItem", "PutItem", "UpdateItem"), indexes("GSI1", "GSI2")},
    "customers": {
        table("GetItem", "Query", "BatchGetItem", "PutItem", "UpdateItem", "ConditionCheckItem"),
        indexes("GSI1"),
        SEND_EMAIL,
    },
    "evidence": {table("GetItem", "PutItem"), objects("PutObject", "GetObject", "GetObjectVersion")},
    "evidence-consumer": {
        table("GetItem", "PutItem", "UpdateItem"),
        objects("GetObject", "GetObjectVersion", "DeleteObjectVersion"),
        allow(
            [
                "sqs:ReceiveMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueUrl",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
            ],
            "<Evidence/Uploads.Arn>",
        ),
    },
    "surveys": {table("GetItem", "PutItem", "UpdateItem"), SEND_EMAIL},
    "review": {
        table("GetItem", "Query", "BatchGetItem", "PutItem", "UpdateItem"),
        indexes("GSI2"),
        objects("GetObject", "GetObjectVersion"),
    },
    "program": {table("GetItem", "Query", "BatchGetItem", "PutItem"), indexes("GSI1", "GSI2")},
    "expiry": {
        table("GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"),
        allow(SQS_SEND, "<JobDeadLetters.Arn>"),
    },
    "notifier": {
        table("GetItem", "UpdateItem"),
        SEND_EMAIL,
        allow(SQS_SEND, "<NotifierDeadLetters.Arn>"),
        allow(["dynamodb:ListStreams"], "*"),
        allow(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], STREAM),
    },
    "mail-events": {table("GetItem", "PutItem", "UpdateItem"), allow(SQS_SEND, "<Mail/DeadLetters.Arn>")},
}


def function(synth, name: str) -> dict:
    return synth.resource(f"Fn-{name}/Function")["Properties"]


# ---------------------------------------------------------------- routes
def _function_of_integration(synth, integration_id: str) -> str:
    uri = synth.resources[integration_id]["Properties"]["IntegrationUri"]
    return synth.paths[uri["Fn::GetAtt"][0]].removeprefix("Fn-").removesuffix("/Function")


def test_every_route_of_the_table_exists_with_its_function_and_the_authorizer_iff_not_public(synth):
    authorizer = synth.logical_id("Http/Api/Cognito")
    routes = {r["Properties"]["RouteKey"]: r["Properties"] for r in synth.of_type("AWS::ApiGatewayV2::Route").values()}
    assert set(routes) == {f"{r.method} {r.path}" for r in ROUTES} | {"$default"}
    for route in ROUTES:
        deployed = routes[f"{route.method} {route.path}"]
        integration_id = deployed["Target"]["Fn::Join"][1][1]["Ref"]
        assert _function_of_integration(synth, integration_id) == route.function, route
        assert synth.resources[integration_id]["Properties"]["PayloadFormatVersion"] == "2.0"
        if route.public:
            assert deployed.get("AuthorizationType", "NONE") == "NONE" and "AuthorizerId" not in deployed, route
        else:
            assert deployed["AuthorizationType"] == "JWT" and deployed["AuthorizerId"] == {"Ref": authorizer}, route


def test_unmatched_requests_reach_the_claims_handler_for_a_json_404_without_authorizer(synth):
    [fallback] = [
        r["Properties"]
        for r in synth.of_type("AWS::ApiGatewayV2::Route").values()
        if r["Properties"]["RouteKey"] == "$default"
    ]
    assert "AuthorizerId" not in fallback
    assert _function_of_integration(synth, fallback["Target"]["Fn::Join"][1][1]["Ref"]) == "claims"


def test_the_jwt_authorizer_trusts_the_user_pool_for_its_two_clients(synth):
    authorizer = props(synth, "Http/Api/Cognito")
    assert authorizer["AuthorizerType"] == "JWT"
    assert authorizer["IdentitySource"] == ["$request.header.Authorization"]
    jwt = synth.render(authorizer["JwtConfiguration"])
    assert jwt == {
        "Audience": ["<Identity/Users/App>", "<Identity/Users/Web>"],
        "Issuer": "https://cognito-idp.<AWS::Region>.amazonaws.com/<Identity/Users>",
    }


def test_the_default_stage_throttles_and_writes_access_logs_without_paths(synth):
    stage = props(synth, "Http/DefaultStage")
    assert stage["StageName"] == "$default" and stage["AutoDeploy"] is True
    assert stage["DefaultRouteSettings"] == {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50}
    assert synth.render(stage["AccessLogSettings"]["DestinationArn"]) == "<Http/AccessLogs.Arn>"
    fields = json.loads(stage["AccessLogSettings"]["Format"])
    assert fields["routeKey"] == "$context.routeKey" and "$context.path" not in fields.values()
    assert props(synth, "Http/AccessLogs")["RetentionInDays"] == 90


def test_cors_allows_only_the_configured_origins(synth):
    """The web app calls the API on its own origin (CloudFront): CORS is for the configured others only."""
    cors = props(synth, "Http/Api")["CorsConfiguration"]
    assert cors["AllowOrigins"] == ["http://localhost:5173"]
    assert set(cors["AllowHeaders"]) == {"Authorization", "Content-Type", "If-Match", "Idempotency-Key"}
    assert cors["ExposeHeaders"] == ["ETag"]


# ---------------------------------------------------------------- functions
@pytest.mark.parametrize("name", LAMBDAS)
def test_function_policy_allows_exactly_what_it_calls(synth, name):
    baseline = {
        allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "*"),
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], f"<Fn-{name}/Logs.Arn>"),
    }
    assert synth.statements(f"Fn-{name}/Role") == EXPECTED[name] | baseline


@pytest.mark.parametrize("name", LAMBDAS)
def test_function_role_has_no_managed_or_inline_policies(synth, name):
    role = props(synth, f"Fn-{name}/Role")
    assert "ManagedPolicyArns" not in role and "Policies" not in role
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}
    ]


def test_no_wildcard_a_reviewer_would_not_accept(synth):
    """'*' only where the service has no resource-level permission; object and version wildcards only
    below a named prefix or function."""
    star_ok = {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams"}
    for lid, policy in synth.of_type("AWS::IAM::Policy").items():
        if lid.startswith("CustomCDKBucketDeployment"):
            continue  # the next test
        for s in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
            resources = s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]
            assert not any("*" in a for a in actions), (lid, actions)
            for resource in map(synth.render, resources):
                if resource == "*":
                    assert set(actions) <= star_ok, (lid, actions)
                elif "*" in resource:
                    assert resource in {EVIDENCE_OBJECTS, "<Fn-expiry/Function.Arn>:*"}, (lid, resource)


def test_only_the_deploy_time_copier_has_wildcard_actions_on_the_site_and_asset_buckets(synth):
    """CDK's BucketDeployment grant (s3:GetObject*, s3:List*, ...) is the one exception above: its Lambda runs
    at deploy only and reaches the CDK asset bucket and the site bucket, nothing else."""
    copier = [lid for lid in synth.of_type("AWS::IAM::Policy") if lid.startswith("CustomCDKBucketDeployment")]
    [policy] = copier
    resources = {
        str(synth.render(r))
        for s in synth.resources[policy]["Properties"]["PolicyDocument"]["Statement"]
        for r in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    }
    assert resources and all("<Web/Site.Arn>" in r or "cdk-hnb659fds-assets" in r for r in resources), resources


@pytest.mark.parametrize("name", LAMBDAS)
def test_function_runtime_logging_tracing_and_environment(synth, name):
    fn = function(synth, name)
    handler = HANDLERS.get(name, f"functions.{name}.app.handler")
    assert fn["Handler"] == handler
    assert fn["Architectures"] == ["arm64"] and fn["Runtime"] == "python3.14"
    assert fn["TracingConfig"] == {"Mode": "Active"}
    assert fn["LoggingConfig"]["LogFormat"] == "JSON"
    # the platform's REPORT line (duration, memory, init duration) is INFO: kept
    assert (fn["LoggingConfig"]["ApplicationLogLevel"], fn["LoggingConfig"]["SystemLogLevel"]) == ("INFO", "INFO")
    assert synth.render(fn["LoggingConfig"]["LogGroup"]) == f"<Fn-{name}/Logs>"
    assert props(synth, f"Fn-{name}/Logs")["RetentionInDays"] == 90
    [layer] = fn["Layers"]  # the pinned Powertools release's public SSM parameter (tests/infra/test_first_deploy.py)
    assert synth.template["Parameters"][layer["Ref"]]["Default"].startswith("/aws/service/powertools/python/arm64/")
    env = synth.render(fn["Environment"]["Variables"])
    assert env == {
        "TABLE_NAME": "<Data/Table>",
        "BUCKET_NAME": "<Evidence/Bucket>",
        "SENDER_EMAIL": "no-reply@claims.example.com",
        "PUBLIC_BASE_URL": "https://<Web/Distribution.DomainName>",
        "APP_BASE_URL": "https://<Web/Distribution.DomainName>/app",
        "POWERTOOLS_SERVICE_NAME": name,
        "POWERTOOLS_METRICS_NAMESPACE": "WorkshopClaims",
        "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
        "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
        **({"SES_CONFIGURATION_SET": "<Mail/ConfigurationSet>"} if name in SENDERS else {}),
    }


def test_function_sizes(synth):
    sizes = {name: (function(synth, name)["MemorySize"], function(synth, name)["Timeout"]) for name in LAMBDAS}
    assert sizes == {
        "claims": (512, 10),
        "customers": (512, 10),
        "evidence": (512, 10),
        "surveys": (512, 10),
        "review": (512, 10),
        "program": (512, 10),
        "expiry": (256, 300),
        "notifier": (256, 60),
        "evidence-consumer": (256, 60),
        "mail-events": (256, 30),
    }
    assert all("ReservedConcurrentExecutions" not in function(synth, n) for n in LAMBDAS)


def test_lambda_code_asset_holds_only_functions_and_shared(synth):
    code = function(synth, "claims")["Code"]
    asset_hash = code["S3Key"].removesuffix(".zip")
    assert {json.dumps(function(synth, n)["Code"]) for n in LAMBDAS} == {json.dumps(code)}  # one asset for all
    asset = synth.outdir / f"asset.{asset_hash}"
    files = [p.relative_to(asset) for p in asset.rglob("*") if p.is_file()]
    assert {p.parts[0] for p in files} == {"functions", "shared"}
    assert not [p for p in files if "__pycache__" in p.parts or "tests" in p.parts or p.suffix == ".pyc"]
    assert Path("functions/claims/app.py") in files and Path("shared/store/reads.py") in files
    assert sum((asset / p).stat().st_size for p in files) < 1_000_000


def test_infra_never_imports_the_functions():
    """The stack needs names from the route table only; function modules may not exist yet."""
    for path in (ROOT / "infra").rglob("*.py"):
        if "local" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not [n for n in names if n.split(".")[0] == "functions"], path


# ---------------------------------------------------------------- data
def test_table_shape_follows_the_store_and_is_protected(synth):
    t = props(synth, "Data/Table")
    assert t["KeySchema"] == [{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}]
    assert {
        i["IndexName"]: ([k["AttributeName"] for k in i["KeySchema"]], i["Projection"])
        for i in t["GlobalSecondaryIndexes"]
    } == {name: ([h, r], {"ProjectionType": "ALL"}) for name, (h, r) in INDEXES.items()}
    assert t["BillingMode"] == "PAY_PER_REQUEST"
    assert t["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert t["DeletionProtectionEnabled"] is True
    assert t["SSESpecification"] == {"SSEEnabled": True}  # AWS-managed key (alias/aws/dynamodb)
    assert t["TimeToLiveSpecification"] == {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}
    assert t["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert synth.resource("Data/Table")["DeletionPolicy"] == "Retain"


def test_the_first_catalogue_is_seeded_from_the_repository_file_once(synth):
    seed = synth.resource("Data/CatalogueSeed0/Resource/Default")["Properties"]
    call = json.loads(synth.render(seed["Create"]))
    assert (call["service"], call["action"]) == ("DynamoDB", "batchWriteItem")
    assert "Update" not in seed  # then program admins own it: a deploy never overwrites their changes
    [rows] = call["parameters"]["RequestItems"].values()
    catalogue = json.loads((ROOT / "shared/data/engagements.json").read_text())
    assert [r["PutRequest"]["Item"]["engagement_id"]["S"] for r in rows] == [e["engagement_id"] for e in catalogue]
    assert all(r["PutRequest"]["Item"]["PK"] == {"S": "CATALOG"} for r in rows)
    assert synth.statements("AWS679f53fac002430cb0da5b7982bd2287/ServiceRole") == {
        allow(["dynamodb:BatchWriteItem"], TABLE)
    }


@pytest.mark.parametrize("bucket", ["Evidence/Bucket", "Evidence/AccessLogs"])
def test_buckets_are_private_encrypted_and_tls_only(synth, bucket):
    b = props(synth, bucket)
    assert b["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert b["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    ]
    assert b["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert tls_only(props(synth, f"{bucket}/Policy")["PolicyDocument"]["Statement"])
    assert synth.resource(bucket)["DeletionPolicy"] in {"Retain", "RetainExceptOnCreate"}  # test_first_deploy.py
    assert synth.resource(bucket)["UpdateReplacePolicy"] == "Retain"


def test_evidence_bucket_is_versioned_logged_and_accepts_browser_posts(synth):
    b = props(synth, "Evidence/Bucket")
    assert b["VersioningConfiguration"] == {"Status": "Enabled"}
    assert synth.render(b["LoggingConfiguration"]) == {
        "DestinationBucketName": "<Evidence/AccessLogs>",
        "LogFilePrefix": "evidence-bucket/",
    }
    assert synth.render(b["CorsConfiguration"]["CorsRules"]) == [
        {
            "AllowedHeaders": ["*"],
            "AllowedMethods": ["POST", "GET"],
            "MaxAge": 3000,
            "AllowedOrigins": ["https://<Web/Distribution.DomainName>", "http://localhost:5173"],
        }
    ]
    [rule] = b["LifecycleConfiguration"]["Rules"]
    assert rule["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    assert "NoncurrentVersionExpiration" not in rule  # nothing is ever deleted; old versions get cheaper
    assert rule["NoncurrentVersionTransitions"] == [{"StorageClass": "GLACIER_IR", "TransitionInDays": 90}]


def test_new_evidence_objects_are_queued_and_only_this_bucket_may_send(synth):
    b = props(synth, "Evidence/Bucket")
    assert synth.render(b["NotificationConfiguration"]) == {
        "QueueConfigurations": [
            {
                "Event": "s3:ObjectCreated:*",
                "Queue": "<Evidence/Uploads.Arn>",
                "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "evidence/"}]}},
            }
        ]
    }
    assert synth.logical_id("Evidence/Uploads/Policy") in synth.resource("Evidence/Bucket")["DependsOn"]
    [send] = [
        s for s in props(synth, "Evidence/Uploads/Policy")["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"
    ]
    assert send["Principal"] == {"Service": "s3.amazonaws.com"} and send["Action"] == "sqs:SendMessage"
    assert (
        synth.render(send["Condition"]["ArnEquals"]["aws:SourceArn"])
        == f"arn:<AWS::Partition>:s3:::{synth.render(b['BucketName'])}"
    )


@pytest.mark.parametrize(
    "queue", ["Evidence/Uploads", "Evidence/DeadLetters", "NotifierDeadLetters", "JobDeadLetters", "Mail/DeadLetters"]
)
def test_queues_are_encrypted_and_tls_only(synth, queue):
    assert props(synth, queue)["SqsManagedSseEnabled"] is True
    assert tls_only(props(synth, f"{queue}/Policy")["PolicyDocument"]["Statement"])


def test_upload_queue_redrives_to_its_dlq_and_outlasts_the_consumer(synth):
    q = props(synth, "Evidence/Uploads")
    assert synth.render(q["RedrivePolicy"]) == {
        "deadLetterTargetArn": "<Evidence/DeadLetters.Arn>",
        "maxReceiveCount": 5,
    }
    assert q["VisibilityTimeout"] >= 6 * function(synth, "evidence-consumer")["Timeout"]


# ---------------------------------------------------------------- events and schedules
def _mapping(synth, name: str) -> dict:
    fn = synth.logical_id(f"Fn-{name}/Function")
    [m] = [
        r["Properties"]
        for r in synth.of_type("AWS::Lambda::EventSourceMapping").values()
        if r["Properties"]["FunctionName"] == {"Ref": fn}
    ]
    return m


def test_evidence_consumer_reads_the_upload_queue_in_batches_with_partial_failures(synth):
    m = _mapping(synth, "evidence-consumer")
    assert synth.render(m["EventSourceArn"]) == "<Evidence/Uploads.Arn>"
    assert m["BatchSize"] == 10 and m["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_notifier_reads_only_inserted_notifications_from_the_stream(synth):
    m = _mapping(synth, "notifier")
    assert synth.render(m["EventSourceArn"]) == STREAM
    assert (
        m["StartingPosition"],
        m["BatchSize"],
        m["BisectBatchOnFunctionError"],
        m["MaximumRetryAttempts"],
        m["MaximumRecordAgeInSeconds"],
    ) == ("LATEST", 10, True, 5, 6 * 3600)
    assert m["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert synth.render(m["DestinationConfig"]) == {"OnFailure": {"Destination": "<NotifierDeadLetters.Arn>"}}
    [pattern] = [json.loads(f["Pattern"]) for f in m["FilterCriteria"]["Filters"]]
    assert pattern == {"eventName": ["INSERT"], "dynamodb": {"NewImage": {"type": {"S": ["notification"]}}}}


def test_expiry_runs_every_15_minutes_with_a_dead_letter_queue(synth):
    s = props(synth, "ExpirySchedule")
    assert s["ScheduleExpression"] == "rate(15 minutes)" and s["State"] == "ENABLED"
    target = synth.render(s["Target"])
    assert target["Arn"] == "<Fn-expiry/Function.Arn>"
    assert target["DeadLetterConfig"] == {"Arn": "<JobDeadLetters.Arn>"}
    assert target["RetryPolicy"] == {"MaximumEventAgeInSeconds": 300, "MaximumRetryAttempts": 3}
    assert synth.statements("ExpiryScheduleRole") == {
        allow(["lambda:InvokeFunction"], "<Fn-expiry/Function.Arn>", "<Fn-expiry/Function.Arn>:*"),
        allow(["sqs:SendMessage"], "<JobDeadLetters.Arn>"),
    }
    invoke = synth.render(props(synth, "Fn-expiry/Function/EventInvokeConfig"))
    assert invoke["DestinationConfig"] == {"OnFailure": {"Destination": "<JobDeadLetters.Arn>"}}
    assert (invoke["MaximumRetryAttempts"], invoke["MaximumEventAgeInSeconds"]) == (2, 300)


# ---------------------------------------------------------------- sign-in, e-mail, alarms, outputs
def test_user_pool_groups_partner_attribute_and_password_policy(synth):
    pool = props(synth, "Identity/Users")
    groups = {g["Properties"]["GroupName"] for g in synth.of_type("AWS::Cognito::UserPoolGroup").values()}
    assert groups == set(EVERY_ROLE)  # program admins too (python -m infra.admin create-admin)
    [partner] = [a for a in pool["Schema"] if a["Name"] == "partner_id"]
    assert partner["AttributeDataType"] == "String"
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 12,
        "RequireLowercase": True,
        "RequireUppercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": 3,
    }
    assert pool["MfaConfiguration"] == "OPTIONAL" and pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["UserPoolTier"] == "PLUS"
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    assert pool["DeletionProtection"] == "ACTIVE"


def test_the_token_gate_is_the_pools_v2_pre_token_generation_trigger(synth):
    """Staff groups need TOTP (shared/api/token_gate.py): V2_0 so that the access token is gated too."""
    pool = props(synth, "Identity/Users")
    assert synth.render(pool["LambdaConfig"]) == {
        "PreTokenGenerationConfig": {"LambdaArn": "<TokenGate/Function.Arn>", "LambdaVersion": "V2_0"}
    }
    [permission] = [
        p["Properties"]
        for p in synth.of_type("AWS::Lambda::Permission").values()
        if synth.render(p["Properties"]["FunctionName"]) == "<TokenGate/Function.Arn>"
    ]
    assert permission["Action"] == "lambda:InvokeFunction" and permission["Principal"] == "cognito-idp.amazonaws.com"
    assert synth.render(permission["SourceArn"]) == "<Identity/Users.Arn>"
    fn = props(synth, "TokenGate/Function")
    assert fn["Handler"] == "functions.token_gate.app.handler"
    assert (fn["Architectures"], fn["Runtime"], fn["MemorySize"], fn["Timeout"]) == (["arm64"], "python3.14", 256, 5)
    assert json.dumps(fn["Code"]) == json.dumps(function(synth, "claims")["Code"])  # the one asset
    assert "Environment" not in fn and "TracingConfig" not in fn
    assert synth.render(fn["LoggingConfig"]["LogGroup"]) == "<TokenGate/Logs>"
    assert props(synth, "TokenGate/Logs")["RetentionInDays"] == 90


def test_the_token_gate_may_read_mfa_settings_of_this_pool_and_nothing_else(synth):
    assert synth.statements("TokenGate/Role") == {
        allow(["cognito-idp:AdminGetUser"], "<Identity/Users.Arn>"),
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], "<TokenGate/Logs.Arn>"),
    }
    role = props(synth, "TokenGate/Role")
    assert "ManagedPolicyArns" not in role and "Policies" not in role
    # The pool grant is its own policy, which the function does not wait for: the pool names the function,
    # so a function depending on a policy that names the pool would be a cycle.
    read = synth.logical_id("TokenGate/ReadMfaSettings")
    assert read not in synth.resource("TokenGate/Function").get("DependsOn", [])
    assert props(synth, "TokenGate/ReadMfaSettings")["Roles"] == [{"Ref": synth.logical_id("TokenGate/Role")}]


def test_app_client_reads_but_cannot_write_the_partner(synth):
    client = props(synth, "Identity/Users/App")
    assert "custom:partner_id" in client["ReadAttributes"]
    assert client["WriteAttributes"] == ["name"]
    assert client["GenerateSecret"] is False and "AllowedOAuthFlows" not in client
    assert set(client["ExplicitAuthFlows"]) == {
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }  # no plain-password flow


def test_ses_sender_identity_is_the_domain_of_the_sender_from_context(synth):
    assert props(synth, "Mail/Domain")["EmailIdentity"] == "claims.example.com"


def test_alarms_cover_errors_throttles_dead_letters_and_the_job(synth):
    alarms = {
        (synth.render(a["Properties"].get("Dimensions", [{}])[0].get("Value")), a["Properties"]["MetricName"])
        for a in synth.of_type("AWS::CloudWatch::Alarm").values()
    }
    for name in LAMBDAS:
        assert (f"<Fn-{name}/Function>", "Errors") in alarms and (f"<Fn-{name}/Function>", "Throttles") in alarms
    assert {("<TokenGate/Function>", "Errors"), ("<TokenGate/Function>", "Throttles")} <= alarms
    for queue in ("Evidence/DeadLetters", "NotifierDeadLetters", "JobDeadLetters", "Mail/DeadLetters"):
        assert (f"<{queue}.QueueName>", "ApproximateNumberOfMessagesVisible") in alarms
    job = props(synth, "Alarms/expiry-job-failed")
    assert (job["MetricName"], job["Period"], job["Threshold"]) == ("Errors", 3600, 1)
    topic = synth.logical_id("Alarms/Topic")
    assert all(
        a["Properties"]["AlarmActions"] == [{"Ref": topic}] for a in synth.of_type("AWS::CloudWatch::Alarm").values()
    )
    assert tls_only(props(synth, "Alarms/Topic/Policy")["PolicyDocument"]["Statement"])


def test_outputs_give_a_client_what_it_needs(synth):
    outputs = {k: synth.render(v["Value"]) for k, v in synth.template["Outputs"].items()}
    assert outputs == {
        "WebUrl": "https://<Web/Distribution.DomainName>/app/",
        "DistributionDomain": "<Web/Distribution.DomainName>",
        "HostedUiUrl": "https://<Identity/Users/HostedUi>.auth.<AWS::Region>.amazoncognito.com",
        "ApiUrl": "<Http/Api.ApiEndpoint>",
        "UserPoolId": "<Identity/Users>",
        "UserPoolClientId": "<Identity/Users/App>",
        "WebClientId": "<Identity/Users/Web>",
        "EvidenceBucketName": "<Evidence/Bucket>",
        "AlarmTopicArn": "<Alarms/Topic>",
        "TableName": "<Data/Table>",
        **{
            f"DkimRecord{n}": f"<Mail/Domain.DkimDNSTokenName{n}> CNAME <Mail/Domain.DkimDNSTokenValue{n}>"
            for n in (1, 2, 3)
        },
    }


def test_configuration_comes_from_context_and_is_checked():
    from aws_cdk import App

    from infra.config import Config

    defaults = json.loads((ROOT / "cdk.json").read_text())["context"]

    def config(**overrides):
        return Config.from_node(App(context={**defaults, **overrides}).node)

    # -c values arrive as strings from the CLI (production stages: tests/infra/test_config.py)
    cfg = config(stage="staging", allowed_origins="https://a.example,https://b.example")
    assert (cfg.stage, cfg.allowed_origins) == ("staging", ("https://a.example", "https://b.example"))
    refused: list[tuple[dict[str, Any], str]] = [
        ({"stage": "Prod_1"}, "stage"),
        ({"allowed_origins": ["http://evil.example"]}, "origins"),
        ({"sender_email": "nobody"}, "sender_email"),
        ({"domain_name": "x.co"}, "certificate_arn"),
    ]
    for bad, field in refused:
        with pytest.raises(ValueError, match=field):
            config(**bad)
