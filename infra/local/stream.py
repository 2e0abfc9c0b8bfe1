"""Follows a DynamoDB stream the way Lambda's event source mapping does, for the local runner.

Per shard it keeps a checkpoint — the sequence number of the last record it handed on — and asks for a
fresh iterator after that checkpoint at every poll, so it never reads through a stale iterator of a
shard that was replaced. It reads the shards the stream describes now: a new shard is read from its
trim horizon, a parent before its children, a closed shard until its end and then no more. A batch
that the consumer fails is retried from the first failed record a few times, then left behind with a
warning, and the checkpoint moves on: every record is delivered once, never twice, and a bad record
never blocks the ones after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger("local-runner")
Deliver = Callable[[list[dict]], list[str]]  # a batch → the sequence numbers it failed on


@dataclass
class StreamFollower:
    client: Any  # a boto3 dynamodbstreams client
    stream_arn: str
    deliver: Deliver
    accept: Callable[[dict], bool] = lambda record: True  # the mapping's filter criteria
    released: Callable[[int], object] = lambda sequence: None  # told once records up to here are done
    batch_size: int = 100
    attempts: int = 3
    checkpoints: dict[str, int] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)

    def poll(self) -> bool:
        """One pass over every open shard; True when it handed on at least one record."""
        shards = self.client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        listed = {s["ShardId"] for s in shards}
        busy = False
        for shard in _parents_first(shards):
            parent = shard.get("ParentShardId")
            if shard["ShardId"] in self.finished or (parent in listed and parent not in self.finished):
                continue  # done with it, or its parent's records come first
            busy |= self._read(shard)
        return busy

    def _read(self, shard: dict) -> bool:
        shard_id = shard["ShardId"]
        got = self.client.get_records(ShardIterator=self._iterator(shard), Limit=self.batch_size)
        records = got.get("Records", [])
        if not records:
            if got.get("NextShardIterator") is None:  # a closed shard, read to its end
                self.finished.add(shard_id)
            return False
        last = int(records[-1]["dynamodb"]["SequenceNumber"])
        wanted = [dict(r, eventSourceARN=self.stream_arn) for r in records if self.accept(r)]
        if wanted:
            self._hand_on(wanted)
        self.checkpoints[shard_id] = last
        self.released(last)
        return True

    def _iterator(self, shard: dict) -> str:
        start = int(shard["SequenceNumberRange"]["StartingSequenceNumber"])
        checkpoint = self.checkpoints.get(shard["ShardId"])
        kind: dict[str, str] = {"ShardIteratorType": "TRIM_HORIZON"}
        if checkpoint is not None and checkpoint >= start:
            kind = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": str(checkpoint)}
        elif checkpoint is not None and checkpoint + 1 < start:  # retention passed us by
            LOG.warning("stream records %d..%d of %s expired unread", checkpoint + 1, start - 1, shard["ShardId"])
        return self.client.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard["ShardId"], **kind)[
            "ShardIterator"
        ]

    def _hand_on(self, records: list[dict]) -> None:
        for _ in range(self.attempts):
            failed = set(self.deliver(records))
            if not failed:
                return
            first = next((i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] in failed), 0)
            records = records[first:]
        LOG.warning(
            "gave up on %d stream records after %d attempts (they stay visible as email_status=failed)",
            len(records),
            self.attempts,
        )


def _parents_first(shards: list[dict]) -> list[dict]:
    by_id = {s["ShardId"]: s for s in shards}

    def depth(shard: dict) -> int:
        n, parent = 0, shard.get("ParentShardId")
        while parent in by_id:
            n, parent = n + 1, by_id[parent].get("ParentShardId")
        return n

    return sorted(shards, key=depth)
