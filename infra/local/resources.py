"""Create the stack's resources on moto (the local runner and the integration tests use this):
the table (keys and indexes from shared.store), the evidence bucket and its S3 → SQS notification with
a dead-letter queue, the verified SES sender and its configuration set (when the settings name one).
Then seed the catalogue and the demo directory."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.runtime import Settings
from shared.store import Store
from shared.store.keys import INDEXES, PK, SK, TTL_ATTRIBUTE

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "shared" / "data" / "engagements.json"
DEMO_SEED = Path(__file__).with_name("seed.json")
EVIDENCE_QUEUE, EVIDENCE_DLQ = "workshop-claims-evidence", "workshop-claims-evidence-dlq"


@dataclass
class Resources:
    evidence_queue_url: str
    evidence_dlq_url: str
    stream_arn: str


def create_resources(settings: Settings, dynamodb: Any, s3: Any, sqs: Any, ses: Any) -> Resources:
    attrs = {PK, SK, *(a for pair in INDEXES.values() for a in pair)}
    dynamodb.create_table(
        TableName=settings.table_name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in sorted(attrs)],
        KeySchema=[{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": name,
                "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [{"AttributeName": h, "KeyType": "HASH"}, {"AttributeName": r, "KeyType": "RANGE"}],
            }
            for name, (h, r) in INDEXES.items()
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    dynamodb.update_time_to_live(
        TableName=settings.table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
    )
    stream_arn = dynamodb.describe_table(TableName=settings.table_name)["Table"]["LatestStreamArn"]

    dlq_url = sqs.create_queue(QueueName=EVIDENCE_DLQ)["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=EVIDENCE_QUEUE,
        Attributes={
            "VisibilityTimeout": "30",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
        },
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    s3.create_bucket(Bucket=settings.bucket_name)
    s3.put_bucket_versioning(Bucket=settings.bucket_name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_notification_configuration(
        Bucket=settings.bucket_name,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "evidence/"}]}},
                }
            ]
        },
    )
    ses.verify_email_identity(EmailAddress=settings.sender_email)
    if settings.ses_configuration_set:  # named by every send (the stack's reports bounces and complaints)
        ses.create_configuration_set(ConfigurationSet={"Name": settings.ses_configuration_set})
    return Resources(queue_url, dlq_url, stream_arn)


def seed(store: Store) -> None:
    demo = json.loads(DEMO_SEED.read_text())
    rows = [("engagements", e) for e in json.loads(CATALOGUE.read_text())]
    rows += [(kind, row) for kind in ("partners", "locations", "tenants") for row in demo[kind]]
    store.seed(rows)
    seed_demo_program(store)


def seed_demo_program(store: Store) -> None:
    """The local runner's lived-in demo (customers and claims in every tab and status, infra/local/demo.py),
    when DEMO_SEED says so: the runner sets it, the tests' moto does not."""
    from infra.local import demo

    if demo.wanted():
        demo.seed_demo(store)
