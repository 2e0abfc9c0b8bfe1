"""The single table on moto: every access pattern of docs/data-model.md, conditional writes, version
conflicts and page tokens."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta
from typing import TypeVar

import pytest

from shared import runtime
from shared.domain import claims as rules
from shared.domain.claims import NotificationDraft
from shared.domain.lifecycle import Status
from shared.domain.nominations import Tab
from shared.errors import AppError, Conflict, PreconditionFailed
from shared.services.common import commit_outcome
from shared.store import Store, TxConflict
from shared.store.keys import consent_lock_key, engagement_key, roster_key
from shared.store.paging import PAGE_SIZE
from tests.support.claims import PARTNER
from tests.support.store import T0, claim_of, save_all, table_items


@pytest.fixture
def store(aws) -> Store:
    return runtime.store()


T = TypeVar("T")


def token(key: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def present(found: T | None) -> T:
    """What the store found, or the change a rule made (None stands for nothing)."""
    assert found is not None
    return found


# ---------------------------------------------------------------- claims
def test_claims_by_partner_and_status(store: Store):
    save_all(
        store,
        [
            claim_of("P-1", 1),
            claim_of("P-1", 2),
            claim_of("P-1", 3, Status.CANCELED),
            claim_of("P-1", 4, engagement_id="ENG-X"),
            claim_of("P-2", 1),
        ],
    )

    def ids(status=None, engagement_id=None, partner="P-1"):
        return [c.claim_id for c in store.claims_of_partner(partner, status, engagement_id, None).items]

    assert ids() == ["clm_P-1_003", "clm_P-1_001", "clm_P-1_002", "clm_P-1_004"]  # canceled# < draft#
    assert ids(Status.DRAFT) == ["clm_P-1_001", "clm_P-1_002", "clm_P-1_004"]
    assert ids(Status.CANCELED) == ["clm_P-1_003"]
    assert ids(Status.SUBMITTED) == []
    assert ids(Status.DRAFT, "ENG-X") == ["clm_P-1_004"]
    assert ids(partner="P-2") == ["clm_P-2_001"] and ids(partner="P-3") == []


def test_a_claim_and_its_partition(store: Store):
    claim = claim_of("P-1", 1)
    store.tx().save_claim(claim, None).commit()
    assert store.claim(claim.claim_id) == claim
    assert store.claim("clm_unknown") is None
    found, notes, answers = store.claim_page(claim.claim_id)
    assert (found, notes, answers) == (claim, [], {})
    assert store.claim_page("clm_unknown") == (None, [], {})


def test_the_review_queue_is_oldest_first(store: Store):
    at = [T0 + timedelta(hours=h) for h in (5, 1, 3, 2)]
    save_all(
        store,
        [claim_of("P-1", i, Status.SUBMITTED, t) for i, t in enumerate(at)]
        + [claim_of("P-2", 9, Status.SUBMITTED, T0), claim_of("P-2", 8, Status.DRAFT, T0 - timedelta(days=1))],
    )
    queue = store.claims_in_status(Status.SUBMITTED, None).items
    assert [c.claim_id for c in queue] == ["clm_P-2_009", "clm_P-1_001", "clm_P-1_003", "clm_P-1_002", "clm_P-1_000"]
    started = queue[0].model_copy(update={"status": Status.UNDER_REVIEW, "version": 2})
    store.tx().save_claim(started, 1).commit()  # a Put moves the claim between index partitions
    assert "clm_P-2_009" not in [c.claim_id for c in store.claims_in_status(Status.SUBMITTED, None).items]
    assert [c.claim_id for c in store.claims_in_status(Status.UNDER_REVIEW, None).items] == ["clm_P-2_009"]


def test_history_is_oldest_first_and_claim_page_has_notes_newest_first(store: Store):
    claim = claim_of("P-1", 1)
    opened = rules.Event(at=T0, actor=PARTNER, action="claim_opened")
    store.tx().save_claim(claim, None).add_event(claim, opened).commit()
    for hours in (1, 2, 3):
        before = present(store.claim(claim.claim_id))
        outcome = present(rules.update_claim(before, T0 + timedelta(hours=hours), PARTNER, comments=f"comment {hours}"))
        commit_outcome(store, before, outcome)
        notify(store, claim.claim_id, before.version + 1, "P-1", T0 + timedelta(hours=hours))
    history = store.history(claim.claim_id, None).items
    assert [e["action"] for e in history] == ["claim_opened", "claim_updated", "claim_updated", "claim_updated"]
    assert [datetime.fromisoformat(e["at"]) for e in history] == [T0 + timedelta(hours=h) for h in range(4)]
    assert history[1]["actor"] == {"email": PARTNER.email, "role": "incentives-admin"}
    assert {e["partner_id"] for e in history} == {"P-1"}  # a history page shows by itself whose it is
    found, notes, _ = store.claim_page(claim.claim_id)  # the page's Query stops before the events
    assert found is not None and found.version == 4 and found.comments == "comment 3"
    assert [n["notification_id"] for n in notes] == [f"{claim.claim_id}.n{v}" for v in (4, 3, 2)]


def test_nominations_by_tab_and_by_id(store: Store, consented_nomination):
    mine = [consented_nomination("P-1001") for _ in range(2)]
    theirs = consented_nomination("P-2002")
    eligible = store.nominations("P-1001", "ENG-AI-WORKSHOP", Tab.ELIGIBLE, None).items
    assert {n.nomination_id for n in eligible} == {n.nomination_id for n in mine}
    assert store.nominations("P-1001", "ENG-AI-WORKSHOP", Tab.COMPLETED, None).items == []
    assert store.nominations("P-1001", "ENG-SECURITY-WORKSHOP", Tab.ELIGIBLE, None).items == []
    found = store.nominations_by_id([theirs.nomination_id, mine[0].nomination_id, mine[0].nomination_id, "nom_x"])
    assert sorted(n.nomination_id for n in found) == sorted([theirs.nomination_id, mine[0].nomination_id])
    assert store.nomination(mine[1].nomination_id) == mine[1] and store.nomination("nom_x") is None


def test_the_reviewers_dossier_and_uploads(store: Store):
    claim = claim_of("P-1", 1)
    opened = rules.Event(at=T0, actor=PARTNER, action="claim_opened")
    tx = store.tx().save_claim(claim, None).add_event(claim, opened)
    tx.put_upload(
        claim.claim_id,
        "up_1",
        item="invoice",
        key=f"P-1/{claim.claim_id}/invoice/up_1",
        content_type="application/pdf",
        size=1024,
        file_name="invoice.pdf",
        expires_at=(T0 + timedelta(minutes=15)).isoformat(),
        requested_at=T0.isoformat(),
        requested_by={"sub": "u-1", "email": "pat@contoso.example", "role": "incentives-admin"},
    ).commit()
    notify(store, claim.claim_id, 2, "P-1", T0)
    found, notes, answers, events = store.claim_dossier(claim.claim_id)
    assert found == claim and [n["notification_id"] for n in notes] == [f"{claim.claim_id}.n2"]
    assert answers == {} and [e["action"] for e in events] == ["claim_opened"]  # uploads sort after, unread
    assert present(store.upload(claim.claim_id, "up_1"))["processed"] is False
    store.tx().mark_upload_processed(claim.claim_id, "up_1", "v1", "received").commit()
    with pytest.raises(TxConflict) as again:  # a redelivered S3 event changes nothing
        store.tx().mark_upload_processed(claim.claim_id, "up_1", "v2", "rejected").commit()
    assert again.value.labels == ["upload"]
    uploaded = present(store.upload(claim.claim_id, "up_1"))
    assert {k: uploaded[k] for k in ("processed", "s3_version_id", "outcome")} == {
        "processed": True,
        "s3_version_id": "v1",
        "outcome": "received",
    }


# ---------------------------------------------------------------- notifications and payments
def notify(store: Store, owner: str, version: int, partner_id: str, at: datetime) -> str:
    tx = store.tx()
    note_id = tx.add_notification(
        owner_id=owner,
        owner_version=version,
        partner_id=partner_id,
        claim_id=owner,
        draft=NotificationDraft(
            kind="info_requested",
            params={"reason_code": "other", "reviewer_message": f"m{version}", "review_due": at.isoformat()},
        ),
        created_at=at,
        email_to=[],
        context={},
    )
    tx.commit()
    return note_id


def test_notifications_unread_all_and_mark_read(store: Store):
    mine = [notify(store, "clm_a", v, "P-1", T0 + timedelta(minutes=v)) for v in (2, 3, 4)]
    theirs = notify(store, "clm_b", 2, "P-2", T0)

    def listed(unread: bool, partner: str = "P-1") -> list[str]:
        return [n["notification_id"] for n in store.notifications(partner, unread, None).items]

    assert listed(False) == listed(True) == mine[::-1]  # newest first
    assert listed(False, "P-2") == [theirs]
    assert store.mark_notification_read(mine[0], "P-2", T0) is None  # another partner's: as if absent
    assert listed(True) == mine[::-1]
    read = present(store.mark_notification_read(mine[0], "P-1", T0 + timedelta(hours=1)))
    assert read["read"] is True and read["read_at"] == (T0 + timedelta(hours=1)).isoformat()
    assert "GSI2PK" not in read  # the sparse unread index forgets it
    assert listed(True) == mine[:0:-1] and listed(False) == mine[::-1]
    again = present(store.mark_notification_read(mine[0], "P-1", T0 + timedelta(hours=2)))
    assert again["read"] is True and again["read_at"] == read["read_at"]  # when it was first read
    for bogus in ("nonsense", "clm_a.n99", "clm_a.nx", ""):
        assert store.mark_notification_read(bogus, "P-1", T0) is None
    assert "“m3”" in present(store.notification(mine[1]))["message"]


def test_payments_by_partner_in_payment_date_order(store: Store):
    claims = [claim_of("P-1", 1), claim_of("P-1", 2), claim_of("P-2", 3)]
    tx = store.tx()
    for claim, day in zip(claims, (20, 5, 1), strict=True):
        paid = claim.model_copy(
            update={"payment": rules.Payment(amount="5000.00", currency="USD", payable_on=date(2027, 1, day))}
        )
        tx.save_payment(paid)
    tx.commit()
    rows = store.payments_of_partner("P-1", None).items
    assert [(r["claim_id"], r["payable_on"], r["status"]) for r in rows] == [
        ("clm_P-1_002", "2027-01-05", "scheduled"),
        ("clm_P-1_001", "2027-01-20", "scheduled"),
    ]
    assert rows[0]["amount"] == "5000.00" and rows[0]["customer"]["email"] == "casey@northwind.example"
    assert [r["claim_id"] for r in store.payments_of_partner("P-2", None).items] == ["clm_P-2_003"]


# ---------------------------------------------------------------- tenants, tokens, idempotency
def test_tenant_roster_and_the_first_consent_lock(store: Store):
    tx = store.tx()
    for partner_id in ("P-1", "P-2"):
        tx.put_new(
            "roster",
            {**roster_key("ENG-T", "tenant-1", partner_id), "type": "nominee", "nomination_id": f"nom_{partner_id}"},
        )
    tx.put_new("consent", {**consent_lock_key("ENG-T", "tenant-1"), "type": "consent_lock", "partner_id": "P-2"})
    tx.commit()
    roster = store.tenant_roster("ENG-T", "tenant-1")
    assert sorted(r["SK"] for r in roster) == ["CONSENT", "NOMINEE#P-1", "NOMINEE#P-2"]
    assert store.tenant_roster("ENG-T", "tenant-2") == [] and store.tenant_roster("ENG-X", "tenant-1") == []
    with pytest.raises(TxConflict) as lost:
        store.tx().put_new("consent", {**consent_lock_key("ENG-T", "tenant-1"), "partner_id": "P-1"}).commit()
    assert lost.value.labels == ["consent"]


def test_tokens_and_idempotency_records(store: Store):
    store.tx().put_token("h" * 64, "survey", T0 + timedelta(days=1), claim_id="clm_1").commit()
    row = present(store.token("h" * 64))
    assert (row["purpose"], row["claim_id"], row["expires_at_epoch"]) == (
        "survey",
        "clm_1",
        int((T0 + timedelta(days=31)).timestamp()),
    )
    assert store.token("x" * 64) is None
    with pytest.raises(TxConflict):
        store.tx().put_token("h" * 64, "survey", T0).commit()
    store.tx().spend_token("h" * 64, "digest", T0).commit()
    spent_row = present(store.token("h" * 64))
    assert (spent_row["outcome"], spent_row["answer_digest"]) == ("answered", "digest")
    with pytest.raises(TxConflict) as spent:  # of two racing answers, one spends the link
        store.tx().spend_token("h" * 64, "other", T0).commit()
    assert spent.value.labels == ["token"]
    with pytest.raises(TxConflict):  # never a row for a link that was not issued
        store.tx().spend_token("z" * 64, "digest", T0).commit()
    store.tx().retire_token("h" * 64, "survey", "nl", T0).commit()
    assert {k: v for k, v in present(store.token("h" * 64)).items() if k not in ("PK", "SK")} == {
        "type": "token",
        "purpose": "survey",
        "outcome": "retired",
        "locale": "nl",
        "expires_at": T0.isoformat(),
        "expires_at_epoch": int((T0 + timedelta(days=30)).timestamp()),
    }  # only its language is kept
    store.tx().put_idempotency("P-1", "key-1", "fp", {"claim_id": "c", "n": 1}, T0).commit()
    assert json.loads(present(store.idempotent_response("P-1", "key-1"))["response"]) == {"claim_id": "c", "n": 1}
    assert store.idempotent_response("P-2", "key-1") is None  # keys are per partner


# ---------------------------------------------------------------- scheduled jobs
def test_due_entries_up_to_a_time_in_due_order(store: Store):
    day = T0.date()
    times = [T0 + timedelta(hours=h) for h in (6, 1, 3)] + [T0 + timedelta(days=1)]
    tx = store.tx()
    for n, at in enumerate(times):
        tx.put_due(at, "claim_submit_expiry", f"clm_{n}", partner_id="P-1")
    tx.commit()
    due = store.due_entries(day, T0 + timedelta(hours=3), 10)
    assert [d["ref"] for d in due] == ["clm_1", "clm_2"]  # 09:00, 11:00; not 14:00, not tomorrow
    assert [d["ref"] for d in store.due_entries(day, T0 + timedelta(hours=23), 10)] == ["clm_1", "clm_2", "clm_0"]
    assert [d["ref"] for d in store.due_entries(day, T0 + timedelta(hours=23), 1)] == ["clm_1"]
    assert [d["ref"] for d in store.due_entries(day, T0 + timedelta(hours=23), 10, after=due[0]["SK"])] == [
        "clm_2",
        "clm_0",
    ]
    assert [d["ref"] for d in store.due_entries(day + timedelta(days=1), T0 + timedelta(days=2), 10)] == ["clm_3"]
    assert due[0]["partner_id"] == "P-1" and due[0]["job"] == "claim_submit_expiry"
    store.tx().delete_due(due[0]).commit()
    with pytest.raises(TxConflict) as consumed:  # a second (overlapping) run finds it gone
        store.tx().delete_due(due[0]).commit()
    assert consumed.value.labels == ["due"]
    assert [d["ref"] for d in store.due_entries(day, T0 + timedelta(hours=3), 10)] == ["clm_2"]


def test_job_cursor(store: Store):
    assert store.job_cursor("expiry") is None
    store.save_job_cursor("expiry", date(2026, 11, 22), T0)
    store.save_job_cursor("expiry", date(2026, 11, 23), T0 + timedelta(days=1))
    assert {k: v for k, v in present(store.job_cursor("expiry")).items() if k in ("day", "at")} == {
        "day": "2026-11-23",
        "at": (T0 + timedelta(days=1)).isoformat(),
    }


def test_catalogue_and_nomination_context(store: Store):
    engagements = {e.engagement_id: e for e in store.engagements()}
    assert {"ENG-AI-WORKSHOP", "ENG-SECURITY-WORKSHOP"} <= set(engagements)
    context = store.nomination_context("ENG-AI-WORKSHOP", "L-1001", "Northwind.Example", "P-1001")
    engagement, location, partner, directory = (
        present(context[k]) for k in ("engagement", "location", "partner", "directory")
    )
    assert engagement["name"] == "AI Business Value Workshop"
    assert location["partner_id"] == "P-1001" and partner["name"] == "Contoso Consulting"
    assert directory["tenant_id"].startswith("7f1c2b8e-1111")
    missing = store.nomination_context("ENG-NONE", "L-9", "unknown.example", "P-9")
    assert missing == {"engagement": None, "location": None, "directory": None, "partner": None}


# ---------------------------------------------------------------- conditions and versions
def test_a_failed_condition_names_its_operations_and_writes_nothing(store: Store):
    claim = claim_of("P-1", 1)
    store.tx().save_claim(claim, None).commit()
    before = table_items(store)
    tx = (
        store.tx()
        .put_new("fresh", {"PK": "X#1", "SK": "X", "type": "x"})
        .check_absent("lock", engagement_key("ENG-AI-WORKSHOP"))
        .save_claim(claim.model_copy(update={"version": 3}), 2)
    )
    with pytest.raises(TxConflict) as failed:
        tx.commit()
    assert failed.value.labels == ["lock", "claim"]
    assert table_items(store) == before  # all or nothing: "fresh" was not written either


def test_version_conflicts(store: Store):
    claim = claim_of("P-1", 1)
    store.tx().save_claim(claim, None).commit()
    with pytest.raises(TxConflict):
        store.tx().save_claim(claim, None).commit()  # creating twice
    second = claim.model_copy(update={"version": 2, "comments": "second"})
    store.tx().save_claim(second, 1).commit()
    with pytest.raises(TxConflict) as stale:
        store.tx().save_claim(claim.model_copy(update={"version": 2, "comments": "lost"}), 1).commit()
    assert stale.value.labels == ["claim"] and present(store.claim(claim.claim_id)).comments == "second"


def test_a_lost_race_is_412_with_if_match_and_409_without(store: Store):
    claim = claim_of("P-1", 1)
    store.tx().save_claim(claim, None).commit()
    store.tx().save_claim(claim.model_copy(update={"version": 2}), 1).commit()  # someone else wins
    outcome = present(rules.update_claim(claim, T0, PARTNER, comments="mine"))
    with pytest.raises(PreconditionFailed) as precondition:
        commit_outcome(store, claim, outcome, if_match=True)
    assert precondition.value.status == 412
    with pytest.raises(Conflict) as conflict:
        commit_outcome(store, claim, outcome)
    assert (conflict.value.status, conflict.value.code) == (409, "concurrent_update")
    assert present(store.claim(claim.claim_id)).comments == "" and store.history(claim.claim_id, None).items == []


# ---------------------------------------------------------------- pages
def test_next_token_round_trip_over_pages(store: Store):
    save_all(store, [claim_of("P-1", n) for n in range(PAGE_SIZE + 7)] + [claim_of("P-2", 1)])
    first = store.claims_of_partner("P-1", None, None, None)
    assert len(first.items) == PAGE_SIZE and first.next_token
    assert "P-1" not in first.next_token and "clm_" not in first.next_token  # opaque
    second = store.claims_of_partner("P-1", None, None, first.next_token)
    assert len(second.items) == 7 and second.next_token is None
    ids = [c.claim_id for c in first.items + second.items]
    assert len(set(ids)) == PAGE_SIZE + 7 and all(i.startswith("clm_P-1_") for i in ids)
    same = store.claims_of_partner("P-1", Status.DRAFT, None, first.next_token)
    assert [c.claim_id for c in same.items] == [c.claim_id for c in second.items]


def test_tampered_or_foreign_next_tokens_are_400(store: Store):
    save_all(store, [claim_of("P-1", n) for n in range(PAGE_SIZE + 1)])
    good = present(store.claims_of_partner("P-1", None, None, None).next_token)
    key = json.loads(base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))
    bad = [
        "!!!",
        "not base64 at all",
        good[:-3],
        "e30",
        token([]),
        token("text"),
        token(None),
        token({**key, "GSI1PK": "P#P-2#CLAIMS"}),  # another partner's list
        token({k: v for k, v in key.items() if k != "SK"}),  # not a whole start key
        token({**key, "extra": "x"}),
        token({**key, "SK": 1}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ]
    for tampered in bad:
        with pytest.raises(AppError) as refused:
            store.claims_of_partner("P-1", None, None, tampered)
        assert (refused.value.status, refused.value.code) == (400, "invalid_next_token"), tampered
    for other in (
        lambda t: store.claims_of_partner("P-2", None, None, t),  # the token of another query
        lambda t: store.claims_of_partner("P-1", Status.CANCELED, None, t),
        lambda t: store.history("clm_P-1_000", t),
        lambda t: store.notifications("P-1", False, t),
    ):
        with pytest.raises(AppError) as refused:
            other(good)
        assert refused.value.code == "invalid_next_token"


def test_numbers_round_trip_through_the_table(store: Store):
    answers = {
        "rating": 4,
        "score": 4.5,
        "ratio": 0.1,
        "big": 10**20,
        "flag": True,
        "text": "ok",
        "nested": [1.25, {"x": -0.5, "n": 3}],
        "none": None,
    }
    store.tx().put_answers("clm_1", "customer", answers, T0, {"kind": "customer"}).commit()
    _, _, stored = store.claim_page("clm_1")
    back = stored["customer"]["answers"]
    assert back == answers
    assert type(back["rating"]) is int and type(back["score"]) is float and type(back["nested"][0]) is float
