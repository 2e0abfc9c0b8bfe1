"""One Lambda of the app: its own role (no managed policies), its own log group, the shared code asset and
the Powertools layer, and exactly the permissions `infra.permissions.ACCESS` gives it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from aws_cdk import CfnElement, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.nag import acknowledge
from infra.permissions import Access
from shared.domain.evidence import KEY_PREFIX

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = lambda_.Runtime.PYTHON_3_14
ARCHITECTURE = lambda_.Architecture.ARM_64
LOG_RETENTION = logs.RetentionDays.THREE_MONTHS

# The asset is the repository root filtered down to the two packages a handler imports: functions/ and
# shared/ (no tests, caches, infra, venv). Ignore rules work like .gitignore: exclude all, re-include.
ASSET_EXCLUDE = [
    "*",
    ".*",
    "!functions",
    "!functions/**",
    "!shared",
    "!shared/**",
    "**/.*",
    "**/__pycache__",
    "**/*.pyc",
    "**/tests",
]


def code_asset() -> lambda_.Code:
    return lambda_.Code.from_asset(str(ROOT), exclude=ASSET_EXCLUDE)


@dataclass(frozen=True)
class Shared:
    """What every function is built from."""

    code: lambda_.Code
    layer: lambda_.ILayerVersion
    environment: dict[str, str]
    table: dynamodb.ITable
    bucket: s3.IBucket
    sender_identity_arn: str
    configuration_set_name: str  # SES's, named by every send (infra/constructs/mail.py)
    configuration_set_arn: str


class ServiceFunction(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        handler: str,
        access: Access,
        shared: Shared,
        memory_mb: int,
        timeout: Duration,
        description: str,
    ) -> None:
        super().__init__(scope, id)
        self.name = name
        self.log_group = logs.LogGroup(self, "Logs", retention=LOG_RETENTION, removal_policy=RemovalPolicy.DESTROY)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"workshop-claims {name}: only what it calls",
        )
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=handler,
            code=shared.code,
            layers=[shared.layer],
            role=self.role,
            memory_size=memory_mb,
            timeout=timeout,
            description=description,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            # INFO keeps the platform REPORT line of each invocation: duration, memory used, init duration
            system_log_level_v2=lambda_.SystemLogLevel.INFO,
            environment={
                **shared.environment,
                "POWERTOOLS_SERVICE_NAME": name,
                **({"SES_CONFIGURATION_SET": shared.configuration_set_name} if access.sends_email else {}),
            },
        )
        self._grant(access, shared)

    def _grant(self, access: Access, shared: Shared) -> None:
        allow = self.role.add_to_policy
        allow(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn]
            )
        )
        allow(iam.PolicyStatement(actions=sorted(access.table), resources=[shared.table.table_arn]))
        if access.indexes:
            allow(
                iam.PolicyStatement(
                    actions=["dynamodb:Query"],
                    resources=[f"{shared.table.table_arn}/index/{i}" for i in access.indexes],
                )
            )
        if access.evidence_objects:
            allow(
                iam.PolicyStatement(
                    actions=sorted(access.evidence_objects), resources=[shared.bucket.arn_for_objects(f"{KEY_PREFIX}*")]
                )
            )
            bucket_id = Stack.of(self).get_logical_id(cast(CfnElement, shared.bucket.node.default_child))
            self.acknowledge(
                f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/{KEY_PREFIX}*]",
                "Object keys are per claim and upload (evidence/<claim>/<kind>/<upload>); the grant is "
                "limited to the evidence/ prefix of this one bucket.",
            )
        if access.sends_email:  # SES authorizes a send on the identity and on the configuration set it names
            allow(
                iam.PolicyStatement(
                    actions=["ses:SendRawEmail"], resources=[shared.sender_identity_arn, shared.configuration_set_arn]
                )
            )
        self.acknowledge(
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no "
            "resource-level permissions, so CDK grants them on '*' (AWS X-Ray IAM reference).",
        )

    def acknowledge(self, rule: str, reason: str) -> None:
        acknowledge(self.role, rule, reason)


TOKEN_GATE_HANDLER = "functions.token_gate.app.handler"


class TokenGate(Construct):
    """The user pool's pre token generation trigger (V2_0): staff groups only with TOTP (shared/api/token_gate.py).

    Not an API function: no table, bucket or e-mail, no environment. Its role may write its logs and call
    cognito-idp:AdminGetUser on this pool, nothing else. That grant is its own policy, not the role's
    default one: the pool names the function (LambdaConfig), and the function waits for its role's default
    policy, so a pool ARN there would be a cycle. Lambda does not wait for this policy; until CloudFormation
    attaches it (seconds, in the first deploy) a staff sign-in fails closed."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        user_pool: cognito.UserPool,
        code: lambda_.Code,
        layer: lambda_.ILayerVersion,
    ) -> None:
        super().__init__(scope, id)
        self.log_group = logs.LogGroup(self, "Logs", retention=LOG_RETENTION, removal_policy=RemovalPolicy.DESTROY)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="workshop-claims token-gate: reads a staff member's MFA settings",
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn]
            )
        )
        # Cognito waits at most 5 s for a trigger: 256 MB imports boto3 + pydantic well within it.
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=TOKEN_GATE_HANDLER,
            code=code,
            layers=[layer],
            role=self.role,
            memory_size=256,
            timeout=Duration.seconds(5),
            description="Cognito pre token generation: staff groups need TOTP",
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            system_log_level_v2=lambda_.SystemLogLevel.INFO,
        )
        iam.Policy(
            self,
            "ReadMfaSettings",
            roles=[self.role],
            statements=[iam.PolicyStatement(actions=["cognito-idp:AdminGetUser"], resources=[user_pool.user_pool_arn])],
        )
        user_pool.add_trigger(
            cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, self.function, cognito.LambdaVersion.V2_0
        )
