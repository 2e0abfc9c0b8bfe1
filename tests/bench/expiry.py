"""Items the expiry job reads per due item, in a table where only a few of many claims are due.

`measure(store, total, due)` seeds the table and counts what one run reads: `make bench` (tests/bench/__main__.py)
and tests/integration/test_expiry_reads.py use it; `python -m tests.bench.expiry [total] [due]` prints
the figure on its own.
"""

from __future__ import annotations

import copy
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

from shared import runtime
from shared.domain.claims import Claim, open_claim
from shared.domain.nominations import Contact, Nomination, NominationStatus
from shared.services import expiry
from shared.services.claims import REMINDER_DAYS
from shared.store import Store, Tx
from shared.store.keys import claim_index, claim_key

ENGAGEMENT_ID = "ENG-AI-WORKSHOP"
BATCH = 25  # BatchWriteItem's limit


class ReadCounter:
    """DynamoDB items read, counted from the responses by a botocore hook: what Query/Scan examined
    (ScannedCount) and the items GetItem/BatchGetItem returned. Calls are counted per operation too."""

    EVENT = "after-call.dynamodb.*"

    def __init__(self, client: Any):
        self.client = client
        self.items: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        client.meta.events.register(self.EVENT, self._count)

    def _count(self, parsed: dict, model: Any, **_: Any) -> None:
        op = model.name
        self.calls[op] += 1
        if op in ("Query", "Scan"):
            self.items[op] += parsed.get("ScannedCount", 0)
        elif op == "GetItem":
            self.items[op] += int("Item" in parsed)
        elif op == "BatchGetItem":
            self.items[op] += sum(len(rows) for rows in parsed.get("Responses", {}).values())

    @property
    def total(self) -> int:
        return sum(self.items.values())

    def close(self) -> None:
        self.client.meta.events.unregister(self.EVENT, self._count)


def _template(store: Store, now: datetime) -> tuple[Nomination, Claim]:
    contact = Contact(name="Pat Partner", email="pat@p-1001.example")
    engagement = next(e for e in store.engagements() if e.engagement_id == ENGAGEMENT_ID)
    nomination = Nomination(
        nomination_id="nom_bench",
        partner_id="P-1001",
        engagement_id=ENGAGEMENT_ID,
        engagement_name="Bench",
        location_id="L-1001",
        terms=engagement.terms(),
        customer_name="Bench customer",
        customer_email="casey@bench.example",
        tenant_id="t-bench",
        status=NominationStatus.CONSENTED,
        created_at=now,
        consent_due=now,
        consent_at=now,
        customer_contact=Contact(name="Casey", email="casey@bench.example"),
        partner_contact=contact,
    )
    return nomination, open_claim(nomination, "clm_bench", now)


def _due_entries(tx: Tx, claim: Claim, consumed_until: datetime) -> Tx:
    """The entries open_claim writes, minus those earlier runs of the job consumed (due by then)."""
    entries = [(claim.submit_due, "claim_submit_expiry")] + [
        (claim.submit_due - timedelta(days=d), f"submit_reminder_{d}") for d in REMINDER_DAYS
    ]
    for due_at, job in entries:
        if due_at > consumed_until:
            tx.put_due(due_at, job, claim.claim_id, partner_id=claim.partner_id)
    return tx


def _claim(template: Claim, i: int, consent_at: datetime) -> Claim:
    return template.model_copy(
        update={
            "claim_id": f"clm_bench{i:06d}",
            "nomination_id": f"nom_bench{i:06d}",
            "consent_at": consent_at,
            "submit_due": consent_at + timedelta(days=90),
            "review_due": consent_at + timedelta(days=120),
        }
    )


def _due_claim(
    store: Store, nomination: Nomination, template: Claim, i: int, consent_at: datetime, last_run: datetime
) -> list[dict]:
    """A draft past submit_due since the last run: its claim and nomination rows as open_claim writes them."""
    claim = _claim(template, i, consent_at)
    tx = (
        store.tx()
        .save_claim(claim, None)
        .save_nomination(
            nomination.model_copy(
                update={
                    "nomination_id": claim.nomination_id,
                    "consent_at": consent_at,
                    "claim_id": claim.claim_id,
                    "claim_status": claim.status,
                }
            ),
            None,
        )
    )
    return [op["Put"]["Item"] for op in _due_entries(tx, claim, last_run).ops]


def _other_claim(store: Store, template: Claim, i: int, consent_at: datetime, now: datetime) -> list[dict]:
    """A claim with nothing due: its key row (keys, indexes, status; not the whole document, which moto
    would take minutes to store 20,000 times and the job must never read) and its due entries ahead."""
    claim = _claim(template, i, consent_at)
    row = {
        **claim_key(claim.claim_id),
        **claim_index(claim),
        "type": "claim",
        "claim_id": claim.claim_id,
        "status": claim.status.value,
        "partner_id": claim.partner_id,
    }
    return [op["Put"]["Item"] for op in _due_entries(store.tx().put("claim", row), claim, now).ops]


def seed_backlog(store: Store, total: int, due: int, now: datetime) -> None:
    """`total` draft claims of which `due` passed submit_due since the job's last run an hour ago; every
    other claim's deadline and reminders lie ahead (up to 90 days). Written with BatchWriteItem."""
    nomination, template = _template(store, now)
    ahead, last_run = total - due, now - timedelta(hours=1)
    batch: list[dict] = []
    for i in range(total):
        if i < due:  # submit_due between 1 and 59 minutes ago
            batch += _due_claim(store, nomination, template, i, now - timedelta(days=90, minutes=1 + i % 59), last_run)
        else:  # submit_due from an hour to ~89 days ahead, spread evenly; nothing of theirs is due now
            consent_at = now - timedelta(days=89, hours=23) + (i - due) * timedelta(days=89) / ahead
            batch += _other_claim(store, template, i, consent_at, now)
        while len(batch) >= BATCH or (i == total - 1 and batch):
            _write(store, batch[:BATCH])
            batch = batch[BATCH:]
    store.save_job_cursor(expiry.JOB, last_run.date(), last_run)


def _write(store: Store, items: list[dict]) -> None:
    request = {store.table: [{"PutRequest": {"Item": item}} for item in items]}
    while request:
        request = store.client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


@contextmanager
def without_moto_table_backups() -> Iterator[None]:
    """moto deep-copies the whole table before every TransactWriteItems, to roll a failed one back: at
    20,000 claims that is seconds per write, a cost DynamoDB does not have. A read measurement may skip
    it as long as no transaction fails, which `measure` asserts (every due claim expired, nothing else)."""
    import moto.dynamodb.models as models
    from moto.dynamodb.models.table import Table

    class NoTableCopy:
        copy = staticmethod(copy.copy)

        @staticmethod
        def deepcopy(value: Any, memo: dict | None = None) -> Any:
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    with mock.patch.object(models, "copy", NoTableCopy):
        yield


def measure(store: Store, total: int, due: int) -> dict:
    """Seed, then count what one run of the job reads."""
    now = runtime.clock.now()
    started = time.monotonic()
    with without_moto_table_backups():
        seed_backlog(store, total, due, now)
        seeded = time.monotonic()
        counter = ReadCounter(store.client)
        try:
            summary = expiry.run(store, now)
        finally:
            counter.close()
    assert (summary["expired"], summary["processed"]) == (due, due), summary
    return {
        "claims": total,
        "due": due,
        "summary": summary,
        "items_read": counter.total,
        "items_by_operation": dict(counter.items),
        "calls": dict(counter.calls),
        "items_read_per_due_item": round(counter.total / due, 2),
        "seed_seconds": round(seeded - started, 1),
        "run_seconds": round(time.monotonic() - seeded, 2),
    }


def report(total: int = 20_000, due: int = 50) -> dict:
    """The measurement on a fresh in-process moto, printed as one line (tests/bench/__main__.py has the table)."""
    from tests.support.aws import mocked_aws

    with mocked_aws():
        result = measure(runtime.store(), total, due)
    print(
        f"expiry job: {result['items_read']} items read for {due} due of {total} claims = "
        f"{result['items_read_per_due_item']} items read per due item ({result['items_by_operation']}; "
        f"run {result['run_seconds']} s, seeding {result['seed_seconds']} s)"
    )
    return result


if __name__ == "__main__":
    report(*(int(a) for a in sys.argv[1:3]))
