"""The single table (shape from shared/store.py, seeded with the engagement catalogue) and the evidence
bucket with its S3 → SQS (+ DLQ) notification and its access-log bucket."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from aws_cdk import Aws, Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.constructs import stack_uuid
from infra.nag import acknowledge
from shared.domain.evidence import KEY_PREFIX
from shared.store.keys import INDEXES, PK, SK, TTL_ATTRIBUTE, seed_items

CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "data" / "engagements.json"
BATCH_WRITE_LIMIT = 25  # items per BatchWriteItem call


def _string_key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class Table(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.table = dynamodb.Table(
            self,
            "Table",
            partition_key=_string_key(PK),
            sort_key=_string_key(SK),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            # RETAIN, not "except on create": deletion protection would fail a rolled-back create's delete.
            # The table has no fixed name, so what a failed create leaves behind is in no retry's way.
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            # AWS-managed key: in our account and audited in CloudTrail, no key policy to run, no $1/month CMK
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=TTL_ATTRIBUTE,
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        )
        for name, (hash_key, range_key) in INDEXES.items():
            self.table.add_global_secondary_index(
                index_name=name,
                partition_key=_string_key(hash_key),
                sort_key=_string_key(range_key),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        self._seed_catalogue()

    def _seed_catalogue(self) -> None:
        """The first catalogue: every engagement of shared/data/engagements.json, written when the stack is
        created (BatchWriteItem, 25 items a call). From then on program admins own the catalogue
        (docs/product.md, "Program operations"): a later deploy never overwrites what they changed."""
        items = [item for e in json.loads(CATALOGUE.read_text()) for item in seed_items("engagements", e)]
        policy = cr.AwsCustomResourcePolicy.from_statements(
            [iam.PolicyStatement(actions=["dynamodb:BatchWriteItem"], resources=[self.table.table_arn])]
        )
        log_group = logs.LogGroup(
            self, "SeedLogs", retention=logs.RetentionDays.ONE_MONTH, removal_policy=RemovalPolicy.DESTROY
        )
        for n, start in enumerate(range(0, len(items), BATCH_WRITE_LIMIT)):
            chunk = items[start : start + BATCH_WRITE_LIMIT]
            call = cr.AwsSdkCall(
                service="DynamoDB",
                action="batchWriteItem",
                parameters={
                    "RequestItems": {self.table.table_name: [{"PutRequest": {"Item": item}} for item in chunk]}
                },
                physical_resource_id=cr.PhysicalResourceId.of(f"engagement-catalogue-{n}"),
            )
            cr.AwsCustomResource(
                self,
                f"CatalogueSeed{n}",
                on_create=call,
                policy=policy,
                install_latest_aws_sdk=False,
                timeout=Duration.minutes(2),
                log_group=log_group,
            )
        # CDK's singleton provider Lambda behind every AwsCustomResource of the stack
        provider_id = "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")
        acknowledge(
            Stack.of(self).node.find_child(provider_id),
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            "CDK's AwsCustomResource provider (runs only at deploy, to seed the catalogue): the managed "
            "policy lets it write its own logs; its data access is BatchWriteItem on this table only.",
        )


def tls_only_queue(scope: Construct, id: str, **kwargs: Any) -> sqs.Queue:
    return sqs.Queue(
        scope,
        id,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=Duration.days(14),
        **kwargs,
    )


def failure_queue(scope: Construct, id: str) -> sqs.Queue:
    """A dead-letter queue that is a Lambda failure destination (not a redrive target)."""
    queue = tls_only_queue(scope, id)
    acknowledge(
        queue,
        "AwsSolutions-SQS3",
        "This queue is itself a dead-letter queue: the on-failure destination of a Lambda (stream, "
        "scheduled job or SNS subscription), so it has no DLQ of its own.",
    )
    return queue


class EvidenceStore(Construct):
    """Browsers POST files straight to `evidence/…` (presigned); each new object is queued for the
    consumer, which checks it. The queue's visibility timeout is 6× the consumer's timeout."""

    def __init__(self, scope: Construct, id: str, *, stage: str, consumer_timeout: Duration) -> None:
        super().__init__(scope, id)
        self.logs_bucket = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,  # log delivery supports SSE-S3 only
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            # RETAIN even when a create rolls back: S3 may already have delivered access logs of that attempt,
            # and a bucket that is not empty would fail the rollback. Without a name it is in no retry's way.
            removal_policy=RemovalPolicy.RETAIN,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(400))],
        )
        acknowledge(
            self.logs_bucket,
            "AwsSolutions-S1",
            "This is the server-access-log target of the evidence bucket; logging it into itself would loop.",
        )

        self.dlq = tls_only_queue(self, "DeadLetters")
        self.queue = tls_only_queue(
            self,
            "Uploads",
            visibility_timeout=Duration.seconds(6 * consumer_timeout.to_seconds()),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dlq, max_receive_count=5),
        )

        # A name known before the bucket exists lets the queue policy name it, so S3's notification is plain
        # bucket configuration (no notification custom resource and its Lambda). Its last part is the UUID
        # of this stack's id: new with every stack, so the retry of a create that rolled back, or a stage
        # created again beside a retained bucket, never meets an old bucket of the same name.
        self.bucket_name = Fn.join("-", ["evidence", stage, stack_uuid()])  # ≤ 9 + 16 + 1 + 36 = 62 characters
        bucket_arn = f"arn:{Aws.PARTITION}:s3:::{self.bucket_name}"
        self.queue.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("s3.amazonaws.com")],
                actions=["sqs:SendMessage"],
                resources=[self.queue.queue_arn],
                conditions={
                    "ArnEquals": {"aws:SourceArn": bucket_arn},
                    "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID},
                },
            )
        )

        self.bucket = s3.Bucket(
            self,
            "Bucket",
            bucket_name=self.bucket_name,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            # Kept on stack deletion and replacement; deleted by a create that rolls back, when it is still
            # empty (no upload can happen before the stack exists).
            removal_policy=RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
            server_access_logs_bucket=self.logs_bucket,
            server_access_logs_prefix="evidence-bucket/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                    # Nothing is ever deleted (DESIGN §1): superseded versions move to a cheaper class instead.
                    noncurrent_version_transitions=[
                        s3.NoncurrentVersionTransition(
                            storage_class=s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transition_after=Duration.days(90)
                        )
                    ],
                )
            ],
        )
        cfn_bucket = cast(s3.CfnBucket, self.bucket.node.default_child)
        cfn_bucket.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
            queue_configurations=[
                s3.CfnBucket.QueueConfigurationProperty(
                    event="s3:ObjectCreated:*",
                    queue=self.queue.queue_arn,
                    filter=s3.CfnBucket.NotificationFilterProperty(
                        s3_key=s3.CfnBucket.S3KeyFilterProperty(
                            rules=[s3.CfnBucket.FilterRuleProperty(name="prefix", value=KEY_PREFIX)]
                        )
                    ),
                )
            ]
        )
        # S3 tests the destination when the configuration is set: the queue policy must exist first.
        cfn_bucket.node.add_dependency(self.queue.node.find_child("Policy"))

    def allow_browsers_from(self, origins: Sequence[str]) -> None:
        """POST: the partners' presigned uploads; GET: the review console shows an image proof in the page
        (fetched by its presigned link); the links themselves are the only way in."""
        self.bucket.add_cors_rule(
            allowed_methods=[s3.HttpMethods.POST, s3.HttpMethods.GET],
            allowed_origins=list(origins),
            allowed_headers=["*"],
            max_age=3000,
        )
