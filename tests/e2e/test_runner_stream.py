"""The local runner keeps emailing after refused writes: every kind of cancelled transaction (a nomination's
roster entry, the consent lock, a claim's version) is followed by decisions whose emails all arrive, once.

Before the runner followed its stream like Lambda's event source mapping, the first cancelled transaction
stopped every later notification email (moto restores a copy of the table, with a new stream shard)."""

from __future__ import annotations

import boto3
import pytest

from shared.store.keys import claim_key
from tests.support.flows import mails, ok, ready_claim
from tests.support.runner import free_port, running_runner, user_maker

pytestmark = pytest.mark.e2e
CUSTOMERS = "/engagements/ENG-AI-WORKSHOP/customers"


@pytest.fixture(scope="module")
def runner_and_moto(tmp_path_factory):
    moto_port = free_port()
    with running_runner(tmp_path_factory.mktemp("stream"), "--moto-port", str(moto_port)) as base:
        yield base, f"http://127.0.0.1:{moto_port}"


def refuse_a_stale_claim_write(moto_url: str, claim_id: str) -> None:
    """What a concurrent writer that lost the race sends: the claim conditioned on a version long gone."""
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    key = {name: {"S": value} for name, value in claim_key(claim_id).items()}
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": "workshop-claims",
                        "Key": key,
                        "UpdateExpression": "SET #c = :c",
                        "ConditionExpression": "#v = :stale",
                        "ExpressionAttributeNames": {"#c": "comments", "#v": "version"},
                        "ExpressionAttributeValues": {":c": {"S": "lost"}, ":stale": {"N": "-1"}},
                    }
                }
            ]
        )


def test_every_email_arrives_after_each_kind_of_refused_transaction(runner_and_moto):
    base, moto_url = runner_and_moto
    make = user_maker(base)
    p, claim_id = ready_claim(make)
    tenant = ok(p.get(f"/claims/{claim_id}"))["customer"]["tenant_id"]
    rival = make("incentives-admin", "P-2002")
    rv = make("reviewer")

    again = p.post(
        CUSTOMERS, json={"location_id": "L-1001", "customer_email": "ann@again.example", "tenant_id": tenant}
    )
    assert (again.status_code, again.json()["code"]) == (409, "claim_exists")  # its claim is open
    ok(p.post(f"/claims/{claim_id}/submit"), "submitted")
    ok(rv.post(f"/review/claims/{claim_id}/start"), "under_review")
    ok(
        rv.post(
            f"/review/claims/{claim_id}/request-info",
            json={"reason_code": "missing_document", "message": "Add the attendance list."},
        ),
        "action_required",
    )
    assert "Add the attendance list." in mails(p, "info_requested")[0]["text"]

    elsewhere = rival.post(
        CUSTOMERS, json={"location_id": "L-2002", "customer_email": "ann@rival.example", "tenant_id": tenant}
    )
    assert elsewhere.status_code == 409, elsewhere.text
    ok(p.post(f"/claims/{claim_id}/submit"), "submitted")
    ok(rv.post(f"/review/claims/{claim_id}/start"), "under_review")

    refuse_a_stale_claim_write(moto_url, claim_id)
    ok(rv.post(f"/review/claims/{claim_id}/approve", json={"message": "Complete now."}), "approved")
    mails(p, "approved")
    ok(rv.post(f"/review/claims/{claim_id}/paid", json={"remittance_ref": "REM-1"}), "paid")
    mails(p, "paid")
    notes = ok(p.get(f"/claims/{claim_id}"))["notifications"]
    assert [(n["kind"], n["email_status"]) for n in notes] == [
        ("paid", "sent"),
        ("approved", "sent"),
        ("info_requested", "sent"),
    ]
