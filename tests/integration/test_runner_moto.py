"""The local runner's corrections to moto (infra/local/moto_patches.py) and its stream follower
(infra/local/stream.py), on in-process moto: the handlers get the very answers moto gives, without the
whole-table copies and the records kept forever; the follower delivers every record once, across a shard
that moto replaced under it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

from infra.local import moto_patches
from infra.local.stream import StreamFollower

TABLE = "runner-moto"
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


@contextmanager
def moto_table() -> Iterator[Any]:
    """A fresh in-process moto with a small table: two partitions, an index, a stream."""
    with mock.patch.dict(os.environ, ENV), mock_aws():
        os.environ.pop("AWS_ENDPOINT_URL", None)
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK", "G")],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "byG",
                    "Projection": {"ProjectionType": "ALL"},
                    "KeySchema": [
                        {"AttributeName": "G", "KeyType": "HASH"},
                        {"AttributeName": "SK", "KeyType": "RANGE"},
                    ],
                }
            ],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        for i in range(6):
            client.put_item(TableName=TABLE, Item=item(f"P{i % 2}", f"S{i}", version=1, group=f"G{i % 3}"))
        yield client


@pytest.fixture
def dynamodb():
    with moto_table() as client:
        yield client


@pytest.fixture
def checked(monkeypatch):
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", moto_patches.checked_transact_write_items)


def item(pk: str, sk: str, version: int, group: str = "G0") -> dict:
    return {"PK": {"S": pk}, "SK": {"S": sk}, "G": {"S": group}, "version": {"N": str(version)}}


def bump(pk: str, sk: str, expected: int) -> dict:
    return {
        "Update": {
            "TableName": TABLE,
            "Key": {"PK": {"S": pk}, "SK": {"S": sk}},
            "UpdateExpression": "SET version = :new",
            "ConditionExpression": "version = :old",
            "ExpressionAttributeValues": {":old": {"N": str(expected)}, ":new": {"N": str(expected + 1)}},
        }
    }


TRANSACTIONS: dict[str, list[dict]] = {
    "all pass": [
        bump("P0", "S0", 1),
        {"Put": {"TableName": TABLE, "Item": item("P9", "S9", 1), "ConditionExpression": "attribute_not_exists(PK)"}},
        {"Delete": {"TableName": TABLE, "Key": {"PK": {"S": "P1"}, "SK": {"S": "S1"}}}},
        {
            "ConditionCheck": {
                "TableName": TABLE,
                "Key": {"PK": {"S": "P0"}, "SK": {"S": "S2"}},
                "ConditionExpression": "attribute_exists(PK)",
            }
        },
    ],
    "a stale version": [
        bump("P0", "S0", 1),
        bump("P1", "S1", 7),
        {"Put": {"TableName": TABLE, "Item": item("P9", "S9", 1)}},
    ],
    "an item that exists": [
        {
            "Put": {
                "TableName": TABLE,
                "Item": item("P0", "S0", 1),
                "ConditionExpression": "attribute_not_exists(PK)",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        },
        bump("P1", "S1", 1),
    ],
    "one item twice": [bump("P0", "S0", 1), bump("P0", "S0", 1)],
    "an update that cannot apply": [
        bump("P0", "S0", 1),
        {
            "Update": {
                "TableName": TABLE,
                "Key": {"PK": {"S": "P1"}, "SK": {"S": "S1"}},
                "UpdateExpression": "SET #a = :v",
                "ExpressionAttributeNames": {"#a": "version"},
                "ExpressionAttributeValues": {":v": {"S": ""}, ":x": {"S": "x"}},
            }
        },
    ],
}


def outcome(client: Any, transaction: list[dict]) -> tuple[Any, list[dict], list[tuple[str, dict]]]:
    """What a caller sees (the error code and cancellation reasons), the table after, and its stream."""
    try:
        client.transact_write_items(TransactItems=transaction)
        answer: Any = "ok"
    except client.exceptions.ClientError as e:
        answer = (e.response["Error"]["Code"], e.response.get("CancellationReasons"))
    table = sorted(client.scan(TableName=TABLE)["Items"], key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    return answer, table, stream_of(client)


def stream_of(client: Any) -> list[tuple[str, dict]]:
    streams = boto3.client("dynamodbstreams", region_name="us-east-1")
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    return [(r["eventName"], r["dynamodb"]["Keys"]) for r in records]


@pytest.mark.parametrize("name", TRANSACTIONS)
def test_checked_transactions_answer_and_write_exactly_as_moto_does(monkeypatch, name):
    with moto_table() as client:
        before = stream_of(client)
        original = outcome(client, TRANSACTIONS[name])
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", moto_patches.checked_transact_write_items)
    with moto_table() as client:
        patched = outcome(client, TRANSACTIONS[name])
    assert patched == original
    if original[0] != "ok":
        assert patched[2] == before, "a refused transaction leaves no stream record"


def test_a_refused_transaction_keeps_the_table_and_its_stream_shard(dynamodb, checked):
    backend = _backend()
    table, shard = backend.tables[TABLE], backend.tables[TABLE].stream_shard
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=TRANSACTIONS["a stale version"])
    assert backend.tables[TABLE] is table and table.stream_shard is shard


def test_the_follower_delivers_every_record_once_across_a_replaced_shard(dynamodb):
    """Unpatched moto swaps the table (and its stream shard) for a copy on every refused transaction."""
    delivered: list[str] = []
    follower = follow(dynamodb, delivered)
    follower.poll()
    assert len(delivered) == 6
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=TRANSACTIONS["a stale version"])
    dynamodb.put_item(TableName=TABLE, Item=item("P5", "S5", 1))
    dynamodb.transact_write_items(TransactItems=[bump("P5", "S5", 1)])
    while follower.poll():
        pass
    assert delivered[6:] == ["INSERT P5", "MODIFY P5"]
    assert not follower.poll() and len(delivered) == 8


def test_a_failing_record_is_retried_then_left_behind_and_the_rest_delivered(dynamodb):
    attempts: list[list[str]] = []

    def deliver(records: list[dict]) -> list[str]:
        attempts.append([r["dynamodb"]["Keys"]["SK"]["S"] for r in records])
        return [r["dynamodb"]["SequenceNumber"] for r in records if r["dynamodb"]["Keys"]["SK"]["S"] == "S3"]

    follower = StreamFollower(
        boto3.client("dynamodbstreams", region_name="us-east-1"), _stream_arn(dynamodb), deliver, attempts=3
    )
    follower.poll()
    assert attempts == [["S0", "S1", "S2", "S3", "S4", "S5"], ["S3", "S4", "S5"], ["S3", "S4", "S5"]]
    dynamodb.put_item(TableName=TABLE, Item=item("P7", "S7", 1))
    follower.poll()
    assert attempts[-1] == ["S7"]


def test_released_records_are_dropped_and_numbers_keep_counting(dynamodb):
    arn = _stream_arn(dynamodb)
    delivered: list[str] = []
    follower = follow(dynamodb, delivered, released=lambda seq: moto_patches.release_stream_records(arn, seq))
    follower.poll()
    shard = _backend().tables[TABLE].stream_shard
    assert shard.items == []
    dynamodb.put_item(TableName=TABLE, Item=item("P8", "S8", 1))
    follower.poll()
    assert delivered[-1] == "INSERT P8" and len(delivered) == 7
    assert [r[1]["SK"]["S"] for r in stream_of(dynamodb)] == []


def test_queries_read_one_partition_and_answer_as_before(dynamodb, monkeypatch):
    def answers() -> list:
        base = dynamodb.query(
            TableName=TABLE,
            KeyConditionExpression="PK = :p",
            ExpressionAttributeValues={":p": {"S": "P1"}},
            ScanIndexForward=False,
        )["Items"]
        index = dynamodb.query(
            TableName=TABLE,
            IndexName="byG",
            KeyConditionExpression="G = :g",
            ExpressionAttributeValues={":g": {"S": "G0"}},
            Limit=1,
        )
        rest = dynamodb.query(
            TableName=TABLE,
            IndexName="byG",
            KeyConditionExpression="G = :g",
            ExpressionAttributeValues={":g": {"S": "G0"}},
            ExclusiveStartKey=index["LastEvaluatedKey"],
        )
        return [base, index["Items"], rest["Items"], dynamodb.scan(TableName=TABLE)["Items"]]

    expected = answers()
    for name in ("query", "all_items"):  # restored after the test
        monkeypatch.setattr(Table, name, getattr(Table, name))
    moto_patches._partition_queries()
    assert answers() == expected


def test_moto_keeps_no_dynamodb_object_it_no_longer_uses(dynamodb, monkeypatch):
    from moto.core.common_models import BaseModel
    from moto.dynamodb.models.dynamo_type import Item

    monkeypatch.setattr(BaseModel, "__new__", BaseModel.__dict__["__new__"])  # restored after the test
    monkeypatch.setattr(BaseModel, "tracked_services", None, raising=False)
    moto_patches._untracked_models()

    def tracked() -> int:
        return len(Item.instances_tracked)  # type: ignore[attr-defined]  # moto's metaclass adds it at run time

    kept = tracked()
    for version in range(1, 6):  # moto copies items on every update, query and transaction
        dynamodb.query(TableName=TABLE, KeyConditionExpression="PK = :p", ExpressionAttributeValues={":p": {"S": "P1"}})
        dynamodb.transact_write_items(TransactItems=[bump("P0", "S0", version)])
    assert tracked() == kept


def follow(client: Any, delivered: list[str], **options: Any) -> StreamFollower:
    def deliver(records: list[dict]) -> list[str]:
        delivered.extend(f"{r['eventName']} {r['dynamodb']['Keys']['PK']['S']}" for r in records)
        return []

    return StreamFollower(
        boto3.client("dynamodbstreams", region_name="us-east-1"), _stream_arn(client), deliver, **options
    )


def _stream_arn(client: Any) -> str:
    return client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]


def _backend() -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]


def test_reads_dumped_as_plain_json_parse_exactly_as_moto_renders_them(monkeypatch):
    def reads(client: Any) -> list:
        client.put_item(
            TableName=TABLE,
            Item={
                **item("P0", "S7", 3),
                "blob": {"B": b"\x00\xffpdf"},
                "tags": {"SS": ["a", "b"]},
                "n": {"N": "1.50"},
                "deep": {"M": {"l": {"L": [{"BOOL": True}, {"NULL": True}]}}},
            },
        )
        query = client.query(
            TableName=TABLE,
            KeyConditionExpression="PK = :p",
            Limit=2,
            ExpressionAttributeValues={":p": {"S": "P0"}},
            ReturnConsumedCapacity="TOTAL",
        )
        key = {"PK": {"S": "P0"}, "SK": {"S": "S7"}}
        got = [
            query,
            client.get_item(TableName=TABLE, Key=key),
            client.get_item(TableName=TABLE, Key={"PK": {"S": "P0"}, "SK": {"S": "none"}}),
            client.batch_get_item(RequestItems={TABLE: {"Keys": [key]}}),
        ]
        streams = boto3.client("dynamodbstreams", region_name="us-east-1")
        arn = _stream_arn(client)
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        for r in records:  # what differs between two runs: an id, a time (of the right type), and the size
            del r["eventID"]  # moto counts with that time in it
            assert r["dynamodb"].pop("ApproximateCreationDateTime").year >= 2026
            assert r["dynamodb"].pop("SizeBytes") > 0
        got.append(records)
        for answer in got:
            if isinstance(answer, dict):
                answer.pop("ResponseMetadata", None)
        return got

    with moto_table() as client:
        rendered = reads(client)
    from moto.core.responses import BaseResponse

    monkeypatch.setattr(BaseResponse, "serialized", BaseResponse.serialized)  # restored after the test
    moto_patches._plain_json_reads()
    with moto_table() as client:
        dumped = reads(client)
    assert dumped == rendered
