"""The expiry job reads what is due, not the table: 20,000 claims of which 50 are due → about 100 items
read (each due entry and its claim), counted from DynamoDB's responses by a botocore hook.

Seeding and the moto cost it avoids are explained in tests/bench/expiry.py (`make bench` prints the
same measurement)."""

from __future__ import annotations

from shared import runtime
from tests.bench.expiry import measure

CLAIMS, DUE = 20_000, 50


def test_a_run_reads_about_two_items_per_due_claim_whatever_the_table_size(aws):
    result = measure(runtime.store(), CLAIMS, DUE)
    assert result["summary"]["expired"] == DUE and result["summary"]["more"] is False
    assert "Scan" not in result["calls"]
    # one Query item per due entry, one GetItem per claim, one for the cursor
    assert result["items_read"] <= 2 * DUE + 5, result
    assert result["items_by_operation"]["Query"] == DUE and result["items_by_operation"]["GetItem"] == DUE + 1
    assert result["calls"]["TransactWriteItems"] == DUE  # one per change, with the entry's delete in it
