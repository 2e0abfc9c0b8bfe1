"""Where the local runner corrects moto, in its own process only (the tests' moto is untouched).

Each patch keeps what a handler sees exactly as moto answers it, and changes how moto gets there:
- one request at a time, so every request is atomic as it is on AWS;
- a `TransactWriteItems` that checks every condition before it writes anything, instead of deep-copying
  every table it names (O(table size) per transaction) and restoring the copy on a refusal — a restore
  that also swapped the table's stream shard for a copy, so a follower holding an iterator lost every
  later record (the runner's lost emails);
- no model object kept forever (moto keeps every one it makes, copies included, for its dashboard);
- a Query reads its partition instead of sorting the whole table, and a read's answer is dumped as the
  JSON it already is instead of walked through botocore's shapes;
- stream records that the runner has delivered are released, and shard iterators expire, instead of both
  being kept for the life of the process.
See docs/decisions.md, "The local runner follows its stream like Lambda, and corrects moto in its own
process".
"""

from __future__ import annotations

import base64
import copy
import json
import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

MAX_SHARD_ITERATORS = 1_000  # AWS expires an iterator after 15 minutes; moto keeps every one forever


def install() -> None:
    _one_request_at_a_time()
    _untracked_models()
    _checked_transactions()
    _partition_queries()
    _plain_json_reads()
    _expiring_shard_iterators()


def release_stream_records(stream_arn: str, through_sequence: int) -> int:
    """Drop the table's stream records up to and including `through_sequence` (delivered ones), as
    retention would; later sequence numbers stay as they are. Returns how many were dropped."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodbstreams.models import dynamodbstreams_backends

    backend = dynamodbstreams_backends[DEFAULT_ACCOUNT_ID][stream_arn.split(":")[3]]
    shard = backend._get_table_from_arn(stream_arn).stream_shard
    if shard is None:
        return 0
    count = max(0, min(len(shard.items), through_sequence + 1 - shard.starting_sequence_number))
    if count:
        del shard.items[:count]
        shard.starting_sequence_number += count  # a record's number is its position + this start
    return count


def _one_request_at_a_time() -> None:
    """moto's server answers requests on many threads, and its DynamoDB is not thread-safe; AWS applies
    each request atomically. One lock around the whole dispatcher gives the same."""
    from moto.moto_server import threaded_moto_server

    base = threaded_moto_server.DomainDispatcherApplication
    if getattr(base, "one_at_a_time", False):
        return
    lock = threading.Lock()

    class OneAtATime(base):  # type: ignore[misc, valid-type]
        one_at_a_time = True

        def __call__(self, environ: dict, start_response: Callable) -> Any:
            with lock:
                return super().__call__(environ, start_response)

    threaded_moto_server.DomainDispatcherApplication = OneAtATime  # type: ignore[misc]


def _untracked_models() -> None:
    """moto keeps every model object it ever makes (for its dashboard, which the runner does not serve):
    every item version, every copy a query returns, every stream record and iterator, and — before the
    checked transactions — every whole-table copy a transaction made. Only S3 needs its list, to close
    the temporary files of its objects on reset."""
    from moto.core.common_models import BaseModel

    if getattr(BaseModel, "tracked_services", None):
        return

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        instance: object = object.__new__(cls)
        if cls.__module__.split(".")[1] in BaseModel.tracked_services:  # type: ignore[attr-defined]
            cls.instances_tracked.append(instance)  # type: ignore[attr-defined]
        return instance

    BaseModel.tracked_services = frozenset({"s3"})  # type: ignore[attr-defined]
    BaseModel.__new__ = __new__  # type: ignore[method-assign]


def _checked_transactions() -> None:
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend.transact_write_items, "checked_first", False):
        return
    checked_transact_write_items.checked_first = True  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = checked_transact_write_items  # type: ignore[method-assign]


def checked_transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
    """moto's TransactWriteItems with the same answers (the same errors and cancellation reasons, in the
    same order) but no table copy: DynamoDB evaluates every condition against the state before the
    transaction, and each item appears once, so checking all of them first and writing only when all
    pass is the transaction. A write that still fails (an invalid update expression) is undone from the
    few items it touched."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    targets: set[tuple[str, str]] = set()
    reasons: list[tuple[str | None, str | None, dict | None]] = []
    writes: list[tuple[str, dict, str, dict]] = []
    for entry in transact_items:
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(entry.items()))
        old_item = None
        try:
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            key = _key_of(self.get_table(table_name), op) if op_type == "Put" else op["Key"]
            target = (str(table_name), str(dict(sorted(key.items()))))
            if target in targets:
                raise MultipleTransactionsException()
            targets.add(target)
            current = self.get_item(table_name, key)
            condition = op.get("ConditionExpression")
            if condition is not None:
                check = get_filter_expression(
                    condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
                )
                if not check.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        old_item = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=old_item)
            reasons.append((None, None, None))
            if op_type != "ConditionCheck":
                writes.append((op_type, op, table_name, key))
        except (MultipleTransactionsException, MockValidationException):
            raise
        except ConditionalCheckFailed as e:
            reasons.append(("ConditionalCheckFailed", str(e.message), old_item))
        except Exception as e:  # what moto reports as a cancellation reason of its own
            reasons.append((type(e).__name__, str(e), old_item))
    if any(code is not None for code, _, _ in reasons):
        raise TransactionCanceledException(reasons)
    _write_all(self, writes)


def _write_all(backend: Any, writes: list[tuple[str, dict, str, dict]]) -> None:
    undo: list[tuple[Any, Any, Any, Any, int]] = []
    try:
        for op_type, op, table_name, key in writes:
            table = backend.get_table(table_name)
            hash_value, range_value = _dynamo_key(table, key)
            shard = table.stream_shard
            undo.append(
                (
                    table,
                    hash_value,
                    range_value,
                    copy.deepcopy(table.get_item(hash_value, range_value)),
                    len(shard.items) if shard is not None else 0,
                )
            )
            names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            if op_type == "Put":
                backend.put_item(
                    table_name, op["Item"], expression_attribute_names=names, expression_attribute_values=values
                )
            elif op_type == "Delete":
                backend.delete_item(
                    table_name, key, expression_attribute_names=names, expression_attribute_values=values
                )
            else:
                backend.update_item(
                    table_name,
                    key,
                    update_expression=op["UpdateExpression"],
                    expression_attribute_names=names,
                    expression_attribute_values=values,
                )
    except Exception:
        for table, hash_value, range_value, before, stream_length in reversed(undo):
            _restore(table, hash_value, range_value, before)
            if table.stream_shard is not None:
                del table.stream_shard.items[stream_length:]
        raise


def _key_of(table: Any, op: dict) -> dict:
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _dynamo_key(table: Any, key: dict) -> tuple[Any, Any]:
    from moto.dynamodb.models.dynamo_type import DynamoType

    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return DynamoType(key[table.hash_key_attr]), range_value


def _restore(table: Any, hash_value: Any, range_value: Any, before: Any) -> None:
    if range_value is None:
        if before is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = before
    elif before is None:
        table.items[hash_value].pop(range_value, None)
    else:
        table.items[hash_value][range_value] = before


def _partition_queries() -> None:
    """moto answers every Query by sorting the whole table and then filtering it: O(n log n) in the
    table's size per read. A Query on the table needs only its partition; one on an index still needs
    every item, but not sorted (moto sorts what it keeps). Scans keep moto's order."""
    from moto.dynamodb.models.table import Table

    if getattr(Table.query, "by_partition", False):
        return
    original_query, original_all_items = Table.query, Table.all_items
    everything = object()

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        self.query_candidates = everything if index_name else hash_key
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            del self.query_candidates

    def all_items(self: Any) -> list:
        wanted = getattr(self, "query_candidates", None)
        if wanted is None:
            return original_all_items(self)
        if wanted is everything:
            return [i for part in self.items.values() for i in (part.values() if self.range_key_attr else [part])]
        partition = self.items.get(wanted)
        if partition is None:
            return []
        return list(partition.values()) if self.range_key_attr else [partition]

    query.by_partition = True  # type: ignore[attr-defined]
    Table.query, Table.all_items = query, all_items  # type: ignore[method-assign]


FAST_READS = frozenset({"Query", "GetItem", "BatchGetItem", "GetRecords"})


def _plain_json_reads() -> None:
    """moto renders every answer by walking botocore's output shape value by value, which costs it about
    7 ms per KB: 160 ms for a 22 KB Query, three quarters of the runner's time. A successful read of
    DynamoDB or its stream is already the wire's JSON (attribute values as {type: value}), so those few
    are dumped as they are; every other answer and every error still goes through moto's serializer."""
    from moto.core.responses import BaseResponse

    if getattr(BaseResponse.serialized, "plain_json", False):
        return
    original = BaseResponse.serialized

    def serialized(self: Any, action_result: Any) -> Any:
        result = action_result.result
        if (
            self.service_name not in ("dynamodb", "dynamodbstreams")
            or not isinstance(result, dict)
            or self._get_action() not in FAST_READS
        ):
            return original(self, action_result)
        body = json.dumps(result, default=_wire_value, separators=(",", ":"))
        return 200, {**self.response_headers, "Content-Type": "application/x-amz-json-1.0"}, body

    serialized.plain_json = True  # type: ignore[attr-defined]
    BaseResponse.serialized = serialized  # type: ignore[method-assign]


def _wire_value(value: Any) -> Any:
    """What JSON has no type for, as the JSON protocol sends it: blobs in base64, times in epoch seconds."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"no wire form for {type(value).__name__}")


def _expiring_shard_iterators() -> None:
    """moto stores every shard iterator it hands out (two per poll) for the life of the process."""
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend

    if getattr(DynamoDBStreamsBackend.get_records, "expiring", False):
        return
    original = DynamoDBStreamsBackend.get_records

    def get_records(self: Any, iterator_arn: str, limit: int) -> dict[str, Any]:
        result = original(self, iterator_arn, limit)
        excess = len(self.shard_iterators) - MAX_SHARD_ITERATORS
        for stale in list(self.shard_iterators)[: max(0, excess)]:  # oldest first: insertion order
            del self.shard_iterators[stale]
        return result

    get_records.expiring = True  # type: ignore[attr-defined]
    DynamoDBStreamsBackend.get_records = get_records  # type: ignore[method-assign]
