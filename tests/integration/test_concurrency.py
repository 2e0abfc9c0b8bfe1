"""Races on every state-changing route, and the scheduled job and the evidence consumer racing the people.

Each racer is a request served by its own Lambda container: a fresh instance of the function's module
(its own resolver, serving one request at a time as a container does; the one piece of Powertools state
kept per process is kept per thread here, see `one_process_per_container`). The scheduled job's step and
the evidence consumer race the same way. moto serves one AWS request at a time, atomically, as DynamoDB
does; our read → decide → conditional write still interleaves freely between racers. The ways to race
(`mode`):
- same_read: every racer's first DynamoDB write waits until all racers have reached theirs, so all of
  them decided on the same read and only the store's conditions can stop the losers;
- a_first / b_first: two different actions (A, B) decided on the same read, and A's (or B's) write
  lands first: both orders are run, so each side of the race is tested, not whichever the scheduler picks;
- free: released together and nothing else; a late reader sees the winner's write and is refused by
  the rules (invalid transition, stale If-Match, too soon) or, for a repeatable action, goes ahead.

Every test checks the table afterwards (version, history, side rows), not only the answers: one winner
for a one-shot action, the winner's state for conflicting actions, nothing lost for repeatable ones.
The last test holds this file to the route table: a new state-changing route needs a race here.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from infra.local.runner import LocalContext, http_event, sqs_event
from shared import runtime
from shared.api.routes import ROUTES, find, lookup
from shared.errors import AppError
from shared.ids import hash_token
from shared.services import expiry, notifier
from shared.store.rows import DueEntry
from tests.support.calls import call, partner, program_admin, reviewer
from tests.support.catalogue import catalogue_row
from tests.support.customers import link_token as consent_link_token
from tests.support.evidence import PDF, queued
from tests.support.recorded import sent
from tests.support.review import partition
from tests.support.surveys import CUSTOMER_OK, PARTNER_OK
from tests.support.surveys import link_token as survey_link_token

if TYPE_CHECKING:
    from mypy_boto3_sqs.type_defs import MessageTypeDef

SAME_READ, FREE, A_FIRST, B_FIRST = "same_read", "free", "a_first", "b_first"
N = 6  # racers per one-shot race (moto's transactions copy the table: each racer costs ~50 ms)
ROOT = Path(__file__).resolve().parents[2]
ENG = "ENG-AI-WORKSHOP"
CUSTOMERS = f"/engagements/{ENG}/customers"
JSON_PAGE = {"accept": "application/json"}
ADMIN, OTHER, RV = partner("P-1001"), partner("P-2002"), reviewer()
REQUEST_INFO = {"reason_code": "other", "message": "More please."}
REJECT = {"reason_code": "other", "message": "Not this time."}
LOST = (409, "concurrent_update")  # the version (or another condition) changed under the racer


# ------------------------------------------------------------------ which races cover which routes
RACED: dict[tuple[str, str], set[str]] = {}
EXERCISED: set[tuple[str, str]] = set()


def races(*routes: tuple[str, str], one_per_case: bool = False) -> Callable:
    """Declare the routes a test races (checked against the route table, and against what it sent:
    all of them, or with `one_per_case` a parametrized test's cases share them out)."""

    def register(test: Callable) -> Callable:
        for method, path in routes:
            lookup(method, path)
            RACED.setdefault((method, path), set()).add(test.__name__)
        test.raced_routes, test.one_per_case = frozenset(routes), one_per_case  # type: ignore[attr-defined]
        return test

    return register


@pytest.fixture(autouse=True)
def sends_what_it_declares(request):
    EXERCISED.clear()
    yield
    declared: frozenset[tuple[str, str]] = getattr(request.function, "raced_routes", frozenset())
    assert EXERCISED.issubset(declared), f"raced but not declared: {EXERCISED - declared}"
    if getattr(request.function, "one_per_case", False):
        assert len(EXERCISED) == 1
    else:
        assert declared <= EXERCISED, f"declared but never raced: {declared - EXERCISED}"


# ------------------------------------------------------------------ the harness
WRITES = frozenset({"TransactWriteItems", "UpdateItem", "PutItem", "DeleteItem", "BatchWriteItem"})
_racer = threading.local()  # the racer this thread is: its index and the race's Rendezvous


class Rendezvous:
    """Each racer's first DynamoDB write waits until every racer has reached its own (so all decided on
    one read); then, if `first` is set, that racer's write lands before the others'."""

    def __init__(self, racers: int, first: int | None):
        self.all_there = threading.Barrier(racers, timeout=10)
        self.first, self.first_written = first, threading.Event()

    def before_write(self, racer: int) -> None:
        try:
            self.all_there.wait()
        except threading.BrokenBarrierError:
            pass  # race() reports it: the racers did not all decide on one read
        if self.first is not None and racer != self.first:
            self.first_written.wait(10)

    def after_write(self, racer: int) -> None:
        if racer == self.first:
            self.first_written.set()

    def met(self) -> bool:
        return not self.all_there.broken and (self.first is None or self.first_written.is_set())


@pytest.fixture(autouse=True)
def atomic_aws(aws, monkeypatch):
    """One AWS request at a time (DynamoDB is atomic per request; in-process moto is not: a transaction
    checks, then writes, and restores a snapshot on failure). A racer's first DynamoDB write meets the
    race's Rendezvous first, outside the lock."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock, original = threading.Lock(), BotocoreStubber.__call__

    def one_at_a_time(self, event_name, request, **kwargs):
        gate = getattr(_racer, "gate", None)
        if gate is None or event_name.rpartition(".")[2] not in WRITES:
            with lock:
                return original(self, event_name, request, **kwargs)
        _racer.gate = None
        gate.before_write(_racer.index)
        try:
            with lock:
                return original(self, event_name, request, **kwargs)
        finally:
            gate.after_write(_racer.index)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_at_a_time)


@pytest.fixture(autouse=True)
def one_table_copy_per_transaction(monkeypatch):
    """Speed only: to roll a failed transaction back, moto deep-copies the whole table once per operation
    of the transaction, before writing anything, so every copy is the same state. Copy it once."""
    import copy

    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    copies, original = threading.local(), models.DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        copies.tables = {}
        try:
            return original(self, transact_items)
        finally:
            copies.tables = None

    class OnceCopy:
        def __getattr__(self, name: str) -> Any:
            return getattr(copy, name)

        @staticmethod
        def deepcopy(obj: Any, *args: Any) -> Any:
            tables = getattr(copies, "tables", None)
            if tables is None or not isinstance(obj, Table):
                return copy.deepcopy(obj, *args)
            if id(obj) not in tables:
                tables[id(obj)] = copy.deepcopy(obj, *args)
            return tables[id(obj)]

    monkeypatch.setattr(models.DynamoDBBackend, "transact_write_items", transact_write_items)
    monkeypatch.setattr(models, "copy", OnceCopy())


@pytest.fixture(autouse=True)
def one_process_per_container(monkeypatch):
    """Powertools keeps the request being resolved on the resolver *class* (BaseRouter.current_event),
    i.e. once per process; a Lambda container is a process serving one request at a time, so in the
    cloud that is one request. Here the containers share a process: keep it per thread instead."""
    from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver

    serving, original = threading.local(), ApiGatewayResolver.resolve

    def resolve(self, event, context):
        serving.event, serving.context = self._to_proxy_event(event), context
        return original(self, event, context)

    def held(name: str) -> property:
        return property(lambda self: getattr(serving, name), lambda self, value: setattr(serving, name, value))

    monkeypatch.setattr(ApiGatewayResolver, "resolve", resolve)
    monkeypatch.setattr(ApiGatewayResolver, "current_event", held("event"), raising=False)
    monkeypatch.setattr(ApiGatewayResolver, "lambda_context", held("context"), raising=False)


@pytest.fixture(params=[SAME_READ, FREE])
def mode(request) -> str:
    return request.param


# For a one-shot action a free race only adds late readers refused by the rules, which the other suites
# test one request at a time; these tests race on one read only (the case the store's conditions decide).
same_read_only = pytest.mark.parametrize("mode", [SAME_READ])
# Two different actions racing: each of them once the one whose write lands first.
two_sided = pytest.mark.parametrize("mode", [A_FIRST, B_FIRST])


_containers: dict[tuple[str, int], Callable] = {}
SOURCES = {"evidence-consumer": "functions/evidence/consumer.py"}


def container(function: str, index: int) -> Callable:
    """The handler of container `index` of a function: its own instance of the function's module."""
    if (function, index) not in _containers:
        path = ROOT / SOURCES.get(function, f"functions/{function}/app.py")
        spec = importlib.util.spec_from_file_location(f"_container_{function.replace('-', '_')}_{index}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _containers[(function, index)] = module.handler
    return _containers[(function, index)]


@dataclass(frozen=True)
class Result:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        return self.body.get("code") if isinstance(self.body, dict) else None


Racer = Callable[[int], Result]


def request(
    function: str,
    method: str,
    path: str,
    *,
    claims: dict | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    csv: str | None = None,
) -> Racer:
    """A racer sending this request to its own container of the function, as API Gateway would."""
    route, params, _ = find(method, path)
    assert route is not None and route.function == function, (method, path)
    hdrs = {
        "content-type": "text/csv" if csv is not None else "application/json",
        **{k.lower(): v for k, v in (headers or {}).items()},
    }
    data = csv.encode() if csv is not None else b"" if body is None else json.dumps(body).encode()

    def send(index: int) -> Result:
        EXERCISED.add((route.method, route.path))
        event = http_event(method, path, "", hdrs, data, f"{route.method} {route.path}", params, claims, "127.0.0.1")
        out = container(function, index)(event, LocalContext(function, str(uuid.uuid4())))
        out_headers = {k.lower(): v for k, v in (out.get("headers") or {}).items()}
        text = out.get("body") or ""
        parsed = (
            json.loads(text) if text and out_headers.get("content-type", "").startswith("application/json") else text
        )
        return Result(out["statusCode"], parsed, out_headers)

    return send


def step(work: Callable[[], Any]) -> Racer:
    """A racer running a background step (the job's handling of one due entry): its return value, or
    its refusal as an HTTP-like result."""

    def run(_index: int) -> Result:
        try:
            return Result(200, work())
        except AppError as exc:
            return Result(exc.status, exc.body())

    return run


def consumer(messages: Sequence[Mapping[str, Any]]) -> Racer:
    """A racer delivering these SQS messages to its own container of the evidence consumer."""

    def run(index: int) -> Result:
        out = container("evidence-consumer", index)(sqs_event(messages), LocalContext("consumer", str(uuid.uuid4())))
        return Result(200, out)

    return run


def race(racers: list[Racer], mode: str) -> list[Result]:
    """Release the racers at once (see the module docstring for the modes); their results in order.
    Nothing may be a 5xx, and every refusal carries a stable code and a message."""
    n = len(racers)
    start = threading.Barrier(n)
    assert mode in (SAME_READ, FREE) or n == 2, "a_first / b_first order two racers"
    gate = None if mode == FREE else Rendezvous(n, {A_FIRST: 0, B_FIRST: 1}.get(mode))
    results: list[Result | None] = [None] * n

    def run(i: int) -> None:
        _racer.gate, _racer.index = gate, i
        try:
            start.wait()
            results[i] = racers[i](i)
        except Exception as exc:  # anything escaping a handler or a step is a bug
            results[i] = Result(599, repr(exc))
        finally:
            _racer.gate = None

    threads = [threading.Thread(target=run, args=(i,), name=f"racer-{i}") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(r is not None for r in results), "a racer never finished"
    done: list[Result] = results  # type: ignore[assignment]
    assert gate is None or gate.met(), f"the racers did not all reach their write: {done}"
    assert all(r.status < 500 for r in done), done
    for r in done:
        if r.status >= 400:
            assert isinstance(r.body, dict) and r.body.get("code") and r.body.get("message"), r
    return done


def one_winner(results: list[Result], ok: int, refusals: set[tuple[int, str | None]]) -> int:
    """Exactly one racer got `ok`; every other one one of the refusals. The winner's index."""
    won = [i for i, r in enumerate(results) if r.status == ok]
    assert len(won) == 1, results
    assert {(r.status, r.code) for i, r in enumerate(results) if i != won[0]} <= refusals, results
    return won[0]


# ------------------------------------------------------------------ reading the table
@dataclass
class Ledger:
    version: int
    status: str
    actions: list[str]


def ledger(claim_id: str) -> Ledger:
    store = runtime.store()
    claim = store.claim(claim_id)
    return Ledger(claim.version, claim.status.value, [e["action"] for e in store.history(claim_id, None).items])


def since(before: Ledger, claim_id: str) -> tuple[Ledger, list[str]]:
    """The claim now and the events recorded since `before`: exactly one per version step."""
    after = ledger(claim_id)
    new = after.actions[len(before.actions) :]
    assert after.actions[: len(before.actions)] == before.actions and after.version - before.version == len(new), (
        before,
        after,
    )
    return after, new


def rows(claim_id: str, kind: str) -> list[dict]:
    return [r for r in partition(claim_id) if r["type"] == kind]


def due_refs(job: str, at: datetime) -> list[str]:
    return [
        e["ref"]
        for e in runtime.store().due_entries(at.date(), until=at + timedelta(days=1), limit=1000)
        if e["job"] == job
    ]


def due_entry(job: str, ref: str, at: datetime) -> DueEntry:
    [entry] = [
        e
        for e in runtime.store().due_entries(at.date(), until=at + timedelta(days=1), limit=1000)
        if e["job"] == job and e["ref"] == ref
    ]
    return entry


def set_clock(clock, at: datetime) -> None:
    clock.offset += at - clock.now()


def live(token: str) -> bool:
    """The link is live: its row is there and nothing became of it yet (spent and dead links keep a row)."""
    item = runtime.store().token(hash_token(token))
    return item is not None and "outcome" not in item


# ------------------------------------------------------------------ setting the scene (one caller at a time)
def act(function: str, method: str, path: str, ok: int = 200, **kw) -> Any:
    r = call(function, method, path, **kw)
    assert r.status == ok, r.text
    return r.json


def decide(claim_id: str, action: str, body: Any = None) -> dict:
    return act("review", "POST", f"/review/claims/{claim_id}/{action}", claims=RV, body=body)


def claim_in(ready_claim, status: str) -> str:
    claim_id = ready_claim()
    act("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)
    path = {
        "submitted": [],
        "under_review": ["start"],
        "action_required": ["start", "request-info"],
        "approved": ["start", "approve"],
        "rejected": ["start", "reject"],
    }[status]
    for action in path:
        decide(claim_id, action, {"request-info": REQUEST_INFO, "reject": REJECT}.get(action))
    assert ledger(claim_id).status == status
    return claim_id


def nominate(who: dict = ADMIN, location: str = "L-1001", tenant: str | None = None) -> dict:
    return act(
        "customers",
        "POST",
        CUSTOMERS,
        201,
        claims=who,
        body={
            "location_id": location,
            "customer_email": f"ann@c{uuid.uuid4().hex[:8]}.example",
            "customer_name": "Northwind",
            "tenant_id": tenant or str(uuid.uuid4()),
        },
    )


def consent_request(nomination_id: str) -> dict:
    """To the nominated address itself (the customer speaks for the customer)."""
    return {
        "customer_contact": {"name": "Ann Customer", "email": runtime.store().nomination(nomination_id).customer_email},
        "partner_contact": {"name": "Pat Partner", "email": "pat@contoso.example"},
    }


def consent_token(nomination_id: str, who: dict = ADMIN) -> str:
    act(
        "customers",
        "POST",
        f"/nominations/{nomination_id}/consent-request",
        202,
        claims=who,
        body=consent_request(nomination_id),
    )
    return consent_link_token(sent()[-1])


def survey_token(claim_id: str, kind: str) -> str:
    act("surveys", "POST", f"/claims/{claim_id}/surveys/{kind}/send", 202, claims=ADMIN)
    return survey_link_token(sent()[-1])


def survey_tokens(first_email: int) -> list[str]:
    return [survey_link_token(m) for m in sent()[first_email:]]


def put_object(post: dict, data: bytes = PDF) -> None:
    """The browser's upload landing in the bucket under the issued key."""
    runtime.s3().put_object(
        Bucket=runtime.settings().bucket_name, Key=post["key"], Body=data, ContentType="application/pdf"
    )


def arrivals(aws, upload_id: str) -> list[MessageTypeDef]:
    """The bucket's notification(s) of this upload, taken off the queue as the event source mapping would
    (the key in them is URL-encoded; the upload id has nothing to encode)."""
    return [m for m in queued(aws) if upload_id in m["Body"]]


def upload_body(name: str = "invoice.pdf") -> dict:
    return {"file_name": name, "content_type": "application/pdf", "size": len(PDF)}


# ================================================================== claims function
@races(("POST", "/claims"))
@same_read_only
def test_one_claim_per_nomination(consented_nomination, mode):
    nomination = consented_nomination()
    results = race(
        [request("claims", "POST", "/claims", claims=ADMIN, body={"nomination_id": nomination.nomination_id})] * N, mode
    )
    winner = results[one_winner(results, 201, {(409, "claim_exists")})].body
    assert {r.body["claim_id"] for r in results if r.status == 409} == {winner["claim_id"]}  # names the winner
    store = runtime.store()
    assert [c.claim_id for c in store.claims_of_partner("P-1001", None, None, None).items] == [winner["claim_id"]]
    assert store.nomination(nomination.nomination_id).claim_id == winner["claim_id"]
    assert ledger(winner["claim_id"]) == Ledger(1, "draft", ["claim_opened"])
    submit_due = datetime.fromisoformat(winner["submit_due"])
    assert due_refs("claim_submit_expiry", submit_due) == [winner["claim_id"]]  # the losers' never written


def one_change(i: int) -> dict[str, Any]:
    """The i-th racer's PATCH body: the comments, the customer contact or the partner contacts, by turns."""
    changes: list[dict[str, Any]] = [
        {"comments": f"note {i}"},
        {"customer_contact": {"name": f"Casey {i}", "email": f"casey{i}@customer.example"}},
        {"partner_contacts": [{"name": f"Pat {i}", "email": f"pat{i}@p-1001.example"}]},
    ]
    return changes[i % 3]


@races(("PATCH", "/claims/{claim_id}"))
@same_read_only
def test_patches_with_one_if_match_keep_only_the_winners_fields(draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    before, ledger_before = runtime.store().claim(claim_id), ledger(claim_id)
    bodies = [one_change(i) for i in range(N)]
    results = race(
        [
            request(
                "claims",
                "PATCH",
                f"/claims/{claim_id}",
                claims=ADMIN,
                body=body,
                headers={"If-Match": f'"{before.version}"'},
            )
            for body in bodies
        ],
        mode,
    )
    winner = one_winner(results, 200, {(412, "precondition_failed")})
    assert results[winner].headers["etag"] == f'"{before.version + 1}"'
    stored = runtime.store().claim(claim_id)
    changed = next(iter(bodies[winner]))
    expected = {
        "comments": before.comments,
        "customer_contact": before.contacts.customer.email,
        "partner_contacts": [c.email for c in before.contacts.partner],
    }
    value = bodies[winner][changed]
    expected[changed] = (
        value
        if changed == "comments"
        else (value["email"] if changed == "customer_contact" else [c["email"] for c in value])
    )
    assert {
        "comments": stored.comments,
        "customer_contact": stored.contacts.customer.email,
        "partner_contacts": [c.email for c in stored.contacts.partner],
    } == expected
    assert since(ledger_before, claim_id)[1] == ["claim_updated"]


@races(("PATCH", "/claims/{claim_id}"))
def test_patches_without_if_match_lose_nothing(draft_claim, mode):
    """Without If-Match a PATCH applies to the claim as it reads it: racers that read the same version
    cannot both write (409); a racer that read the winner's write goes ahead on top of it."""
    claim_id = draft_claim()["claim_id"]
    before = ledger(claim_id)
    results = race(
        [
            request("claims", "PATCH", f"/claims/{claim_id}", claims=ADMIN, body={"comments": f"note {i}"})
            for i in range(N)
        ],
        mode,
    )
    won = [i for i, r in enumerate(results) if r.status == 200]
    assert won and {(r.status, r.code) for r in results if r.status != 200} <= {LOST}
    assert len(won) == 1 or mode == FREE
    after, new = since(before, claim_id)
    assert new == ["claim_updated"] * len(won)
    assert sorted(results[i].body["version"] for i in won) == list(range(before.version + 1, after.version + 1))
    last = max(won, key=lambda i: results[i].body["version"])
    assert runtime.store().claim(claim_id).comments == f"note {last}"


@races(("POST", "/claims/{claim_id}/cancel"), ("POST", "/claims/{claim_id}/submit"))
@same_read_only
def test_cancel_against_submit_one_wins_and_the_claim_shows_it(ready_claim, mode):
    claim_id = ready_claim()
    before = ledger(claim_id)
    actions = ["cancel", "submit"] * (N // 2)
    results = race([request("claims", "POST", f"/claims/{claim_id}/{a}", claims=ADMIN) for a in actions], mode)
    winner = one_winner(results, 200, {LOST})
    status = {"cancel": "canceled", "submit": "submitted"}[actions[winner]]
    after, new = since(before, claim_id)
    assert (after.status, results[winner].body["status"], new) == (status, status, [status])


@races(("POST", "/claims/{claim_id}/dispute"))
@same_read_only
def test_one_dispute(ready_claim, mode):
    claim_id = claim_in(ready_claim, "rejected")
    before = ledger(claim_id)
    results = race(
        [
            request(
                "claims",
                "POST",
                f"/claims/{claim_id}/dispute",
                claims=ADMIN,
                body={"message": f"Please look again ({i})."},
            )
            for i in range(N)
        ],
        mode,
    )
    winner = one_winner(results, 200, {LOST})
    after, new = since(before, claim_id)
    assert (after.status, new) == ("disputed", ["disputed"])
    assert runtime.store().claim(claim_id).dispute.message == f"Please look again ({winner})."


def approved_notification(ready_claim) -> tuple[str, str]:
    claim_id = claim_in(ready_claim, "approved")
    notes = act("claims", "GET", "/notifications", claims=ADMIN, body=None)["items"]
    [note] = [n for n in notes if n["claim_id"] == claim_id and n["kind"] == "approved"]
    return claim_id, note["notification_id"]


def unread() -> list[str]:
    return [n["notification_id"] for n in runtime.store().notifications("P-1001", True, None).items]


@races(("POST", "/notifications/{notification_id}/read"))
@same_read_only
def test_marking_read_is_idempotent(ready_claim, mode):
    """Marking read is not one-shot: every racer gets 200 and the notification is read once for all
    (it leaves the unread index; the claim does not change)."""
    claim_id, note_id = approved_notification(ready_claim)
    before, unread_before = ledger(claim_id), unread()
    results = race([request("claims", "POST", f"/notifications/{note_id}/read", claims=ADMIN)] * N, mode)
    assert [(r.status, r.body["read"]) for r in results] == [(200, True)] * N
    assert unread() == [n for n in unread_before if n != note_id] and note_id in unread_before
    assert runtime.store().notification(note_id)["read"] is True and ledger(claim_id) == before


@races(("POST", "/notifications/{notification_id}/read"))
@same_read_only
def test_marking_read_while_the_notifier_emails_keeps_both(ready_claim, mode):
    claim_id, note_id = approved_notification(ready_claim)
    assert runtime.store().notification(note_id)["email_status"] == "pending"
    settings = runtime.settings()
    results = race(
        [
            request("claims", "POST", f"/notifications/{note_id}/read", claims=ADMIN),
            step(lambda: notifier.deliver(runtime.store(), runtime.ses(), settings, note_id)),
        ],
        mode,
    )
    assert [(r.status, r.body if isinstance(r.body, str) else r.body["read"]) for r in results] == [
        (200, True),
        (200, "sent"),
    ]
    stored = runtime.store().notification(note_id)
    assert (stored["read"], stored["email_status"]) == (True, "sent") and "GSI2PK" not in stored


# ================================================================== customers function
@races(("POST", "/engagements/{engagement_id}/customers"))
@same_read_only
def test_one_nomination_per_partner_and_tenant(aws, mode):
    tenant, domain = str(uuid.uuid4()), f"c{uuid.uuid4().hex[:8]}.example"
    consent_due = runtime.clock.now() + timedelta(days=30)
    expiring_before = len(due_refs("consent_expiry", consent_due))
    results = race(
        [
            request(
                "customers",
                "POST",
                CUSTOMERS,
                claims=ADMIN,
                body={"location_id": "L-1001", "customer_email": f"ann{i}@{domain}", "tenant_id": tenant},
            )
            for i in range(N)
        ],
        mode,
    )
    winner = results[one_winner(results, 201, {(409, "already_nominated")})].body
    roster = runtime.store().tenant_roster(ENG, tenant)
    assert [(r["type"], r.get("nomination_id"), r.get("version")) for r in roster] == [
        ("roster", winner["nomination_id"], None),
        ("roster_head", None, 1),
    ]
    # the losers wrote nothing: one nomination, one set of deadlines
    assert len(due_refs("consent_expiry", datetime.fromisoformat(winner["consent_due"]))) == expiring_before + 1


@races(("POST", "/engagements/{engagement_id}/customers"))
@same_read_only
def test_one_new_try_after_a_declined_consent(aws, mode):
    """Nominating again replaces the partner's roster entry on condition it still names the declined
    nomination: of several tries at once exactly one becomes the new nomination."""
    tenant = str(uuid.uuid4())
    first = nominate(tenant=tenant)["nomination_id"]
    act(
        "customers",
        "POST",
        f"/public/consent/{consent_token(first)}",
        200,
        headers=JSON_PAGE,
        body={"decision": "decline"},
    )
    results = race(
        [
            request(
                "customers",
                "POST",
                CUSTOMERS,
                claims=ADMIN,
                body={"location_id": "L-1001", "customer_email": f"ann{i}@again.example", "tenant_id": tenant},
            )
            for i in range(N)
        ],
        mode,
    )
    winner = results[one_winner(results, 201, {(409, "already_nominated"), LOST})].body
    roster = runtime.store().tenant_roster(ENG, tenant)
    assert [(r["type"], r.get("nomination_id"), r.get("version")) for r in roster] == [
        ("roster", winner["nomination_id"], None),
        ("roster_head", None, 2),
    ]


@races(("POST", "/engagements/{engagement_id}/customers"), ("POST", "/public/consent/{token}"))
@two_sided
def test_a_nomination_racing_another_partners_consent_can_never_consent(aws, mode):
    """First consent wins, ever. A nomination committed after the consent read the roster moves the roster's
    version, so the consent's transaction fails its check, re-reads, and moves the newcomer to ineligible
    with the others: no nomination stays open (and emailable) for a customer who consented elsewhere."""
    tenant = str(uuid.uuid4())
    theirs = nominate(OTHER, "L-2002", tenant)
    token = consent_token(theirs["nomination_id"], OTHER)
    results = race(
        [
            request("customers", "POST", f"/public/consent/{token}", headers=JSON_PAGE, body={"decision": "accept"}),
            request(
                "customers",
                "POST",
                CUSTOMERS,
                claims=ADMIN,
                body={
                    "location_id": "L-1001",
                    "customer_email": f"ann@c{uuid.uuid4().hex[:8]}.example",
                    "tenant_id": tenant,
                },
            ),
        ],
        mode,
    )
    accepted, nominated = results
    assert (accepted.status, accepted.body["status"]) == (200, "consented")
    store = runtime.store()
    locks = [r for r in store.tenant_roster(ENG, tenant) if r["type"] == "consent_lock"]
    assert [lk["nomination_id"] for lk in locks] == [theirs["nomination_id"]]
    if mode == A_FIRST:  # the consent landed first: the nomination finds the tenant taken
        assert (nominated.status, nominated.code) == (409, "customer_consented_elsewhere")
        return
    late = nominated.body["nomination_id"]
    assert nominated.status == 201 and store.nomination(late).status.value == "lost_to_other_partner"
    r = call("customers", "POST", f"/nominations/{late}/consent-request", claims=ADMIN, body=consent_request(late))
    assert (r.status, r.json["code"]) == (409, "consent_not_awaited")


@races(("POST", "/nominations/{nomination_id}/consent-request"))
def test_consent_requests_at_once_leave_exactly_one_live_link(aws, mode):
    """Racers that read the same version cannot both record theirs: the losers re-read and are too soon (a
    resend waits 5 minutes). A link is emailed only after it is stored, so the one email carries the live link."""
    nomination_id = nominate()["nomination_id"]
    emails_before = len(sent())
    results = race(
        [
            request(
                "customers",
                "POST",
                f"/nominations/{nomination_id}/consent-request",
                claims=ADMIN,
                body=consent_request(nomination_id),
            )
        ]
        * N,
        mode,
    )
    won = [r for r in results if r.status == 202]
    assert len(won) == 1 and {(r.status, r.code) for r in results if r.status != 202} <= {LOST, (429, "too_soon")}
    nomination = runtime.store().nomination(nomination_id)
    assert nomination.consent_request_count == 1 and nomination.version == 2
    tokens = [consent_link_token(m) for m in sent()[emails_before:]]
    assert [hash_token(t) for t in tokens] == [nomination.consent_token_hash] and live(tokens[0])


@races(("POST", "/nominations/{nomination_id}/consent-request"), ("POST", "/public/consent/{token}"))
@two_sided
def test_a_resend_racing_the_customers_accept(aws, mode):
    nomination_id = nominate()["nomination_id"]
    token = consent_token(nomination_id)
    runtime.clock.offset += timedelta(minutes=5)  # a resend is allowed again
    results = race(
        [
            request(
                "customers",
                "POST",
                f"/nominations/{nomination_id}/consent-request",
                claims=ADMIN,
                body=consent_request(nomination_id),
            ),
            request("customers", "POST", f"/public/consent/{token}", headers=JSON_PAGE, body={"decision": "accept"}),
        ],
        mode,
    )
    resent, accepted = results
    nomination = runtime.store().nomination(nomination_id)
    assert nomination.version == 3  # nominated, first request, then exactly one of the two
    if mode == B_FIRST:
        # the resend re-reads and finds the customer consented
        assert (accepted.status, (resent.status, resent.code)) == (200, (409, "consent_not_awaited"))
        assert nomination.status.value == "consented" and nomination.consent_request_count == 1
    else:  # the rotated link killed the one being answered: the answer re-reads and finds it gone
        assert (resent.status, accepted.status, accepted.code) == (202, 410, "link_gone")
        assert nomination.status.value == "awaiting_consent" and nomination.consent_request_count == 2
        assert not live(token) and live(consent_link_token(sent()[-1]))


@races(("POST", "/public/consent/{token}"))
@same_read_only
def test_one_answer_per_consent_link(aws, mode):
    nomination_id = nominate()["nomination_id"]
    token = consent_token(nomination_id)
    decisions = ["accept", "decline"] * (N // 2)
    results = race(
        [
            request("customers", "POST", f"/public/consent/{token}", headers=JSON_PAGE, body={"decision": d})
            for d in decisions
        ],
        mode,
    )
    won = [i for i, r in enumerate(results) if r.status == 200 and not r.body["already_recorded"]]
    assert len(won) == 1, results
    winner = won[0]
    for i, r in enumerate(results):  # a loser with the winner's very answer is told it is recorded
        same = decisions[i] == decisions[winner]
        assert (
            (r.status, r.code) == (410, "link_gone")
            or (same and r.status == 200 and r.body["already_recorded"])
            or i == winner
        ), (i, r)
    status = {"accept": "consented", "decline": "declined"}[decisions[winner]]
    nomination = runtime.store().nomination(nomination_id)
    assert (nomination.status.value, results[winner].body["status"], nomination.version) == (status, status, 3)
    tenant_rows = runtime.store().tenant_roster(ENG, nomination.tenant_id)
    assert sum(r["type"] == "consent_lock" for r in tenant_rows) == (status == "consented")
    assert not live(token)


# ================================================================== evidence function and consumer
@races(("POST", "/claims/{claim_id}/evidence/{kind}/upload"))
def test_upload_requests_for_one_item_lose_nothing(draft_claim, mode):
    """Re-requesting an upload is repeatable (each request gets its own key and upload record; the last
    recorded one is the pending file). Racers that read the same version cannot both record: the loser
    re-reads and records after the winner (up to three attempts; past that 409, with no upload URL)."""
    claim_id = draft_claim()["claim_id"]
    before = ledger(claim_id)
    results = race(
        [
            request(
                "evidence",
                "POST",
                f"/claims/{claim_id}/evidence/invoice/upload",
                claims=ADMIN,
                body=upload_body(f"invoice-{i}.pdf"),
            )
            for i in range(N)
        ],
        mode,
    )
    won = [i for i, r in enumerate(results) if r.status == 201]
    assert len(won) >= min(N, 3) and {(r.status, r.code) for r in results if r.status != 201} <= {LOST}
    assert sorted(u["upload_id"] for u in rows(claim_id, "upload")) == sorted(results[i].body["upload_id"] for i in won)
    assert since(before, claim_id)[1] == ["evidence_upload_requested"] * len(won)
    last = runtime.store().history(claim_id, None).items[-1]["details"]["file_name"]
    invoice = runtime.store().claim(claim_id).proof.invoice
    assert (invoice.status.value, invoice.file_name) == ("pending", last)


@races(("POST", "/claims/{claim_id}/evidence/{kind}/upload"))
@same_read_only
def test_upload_requests_for_two_items_at_once_lose_nothing(draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    before = ledger(claim_id)
    kinds = ["findings_report", "invoice"]
    results = race(
        [
            request(
                "evidence",
                "POST",
                f"/claims/{claim_id}/evidence/{k}/upload",
                claims=ADMIN,
                body=upload_body(f"{k}.pdf"),
            )
            for k in kinds
        ],
        mode,
    )
    won = [k for k, r in zip(kinds, results, strict=True) if r.status == 201]
    assert won and {(r.status, r.code) for r in results if r.status != 201} <= {LOST}
    claim = runtime.store().claim(claim_id)
    assert [k for k in kinds if getattr(claim.proof, k).status.value == "pending"] == won
    assert sorted(u["item"] for u in rows(claim_id, "upload")) == sorted(won)
    assert since(before, claim_id)[1] == ["evidence_upload_requested"] * len(won)


def pending_upload(aws, claim_id: str, name: str = "invoice.pdf") -> tuple[dict, list[MessageTypeDef]]:
    """An issued upload whose file is in the bucket, and the bucket's notification of it."""
    post = act(
        "evidence", "POST", f"/claims/{claim_id}/evidence/invoice/upload", 201, claims=ADMIN, body=upload_body(name)
    )
    put_object(post)
    messages = arrivals(aws, post["upload_id"])
    assert len(messages) == 1
    return post, messages


def no_failures(result: Result) -> bool:
    return result.status == 200 and result.body == {"batchItemFailures": []}


@same_read_only
def test_one_object_delivered_to_many_consumers_is_recorded_once(aws, draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    post, messages = pending_upload(aws, claim_id)
    before = ledger(claim_id)
    results = race([consumer(messages)] * N, mode)
    assert all(no_failures(r) for r in results), results
    assert since(before, claim_id)[1] == ["evidence_received"]
    invoice = runtime.store().claim(claim_id).proof.invoice
    assert (invoice.status.value, invoice.s3_key) == ("received", post["key"])
    assert [u["processed"] for u in rows(claim_id, "upload")] == [True]


@races(("POST", "/claims/{claim_id}/cancel"))
@two_sided
def test_the_consumer_racing_a_cancel(aws, draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    post, messages = pending_upload(aws, claim_id)
    before = ledger(claim_id)
    checked, canceled = race(
        [consumer(messages), request("claims", "POST", f"/claims/{claim_id}/cancel", claims=ADMIN)], mode
    )
    assert no_failures(checked), checked  # the consumer never gives up: it re-decides on a fresh read
    after, new = since(before, claim_id)
    invoice = runtime.store().claim(claim_id).proof.invoice
    if mode == A_FIRST:  # the file was recorded; the cancel, decided on the older claim, must reload
        assert (canceled.status, canceled.code) == LOST
        assert (after.status, new, invoice.status.value) == ("draft", ["evidence_received"], "received")
    else:  # the file arrived after the claim was canceled: refused and deleted
        assert canceled.status == 200 and (after.status, new) == ("canceled", ["canceled", "evidence_rejected"])
        assert invoice.status.value == "rejected"
        versions = runtime.s3().list_object_versions(Bucket=runtime.settings().bucket_name, Prefix=post["key"])
        assert not versions.get("Versions")


@races(("POST", "/claims/{claim_id}/submit"))
@two_sided
def test_the_consumer_racing_a_submit_the_reviewer_sees_the_submitted_file(aws, ready_claim, mode):
    claim_id = ready_claim()
    old_key = runtime.store().claim(claim_id).proof.invoice.s3_key
    post, messages = pending_upload(aws, claim_id, "replacement.pdf")  # a received file stays meanwhile
    before = ledger(claim_id)
    checked, submitted = race(
        [consumer(messages), request("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN)], mode
    )
    assert no_failures(checked), checked
    after, new = since(before, claim_id)
    invoice = runtime.store().claim(claim_id).proof.invoice
    assert invoice.status.value == "received"
    if mode == A_FIRST:  # the replacement was recorded; the submit, decided without it, must reload
        assert (submitted.status, submitted.code) == LOST
        assert (after.status, new, invoice.s3_key) == ("draft", ["evidence_received"], post["key"])
    else:  # too late for the replacement: the claim keeps the file it was submitted with
        assert submitted.status == 200 and (after.status, new) == ("submitted", ["submitted", "evidence_rejected"])
        assert invoice.s3_key == old_key


@races(("POST", "/claims/{claim_id}/evidence/{kind}/upload"))
@two_sided
def test_the_consumer_racing_a_new_upload_request_of_the_same_item(aws, draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    post, messages = pending_upload(aws, claim_id, "first.pdf")
    before = ledger(claim_id)
    checked, again = race(
        [
            consumer(messages),
            request(
                "evidence",
                "POST",
                f"/claims/{claim_id}/evidence/invoice/upload",
                claims=ADMIN,
                body=upload_body("second.pdf"),
            ),
        ],
        mode,
    )
    assert no_failures(checked), checked
    assert (again.status, again.code) == (201, None)  # a lost race is re-read and decided again, never refused
    invoice = runtime.store().claim(claim_id).proof.invoice
    # the only file that arrived is the received one, in either order: a replacement request never
    # removes a received file before the replacement checks out
    assert (invoice.status.value, invoice.s3_key) == ("received", post["key"])
    uploads = {u["upload_id"]: u["processed"] for u in rows(claim_id, "upload")}
    assert uploads == {post["upload_id"]: True, again.body["upload_id"]: False}
    assert sorted(since(before, claim_id)[1]) == sorted(["evidence_received", "evidence_upload_requested"])


# ================================================================== surveys function
@races(("POST", "/claims/{claim_id}/surveys/{kind}/send"))
def test_survey_sends_at_once_record_one_and_leave_one_live_link(draft_claim, mode):
    """A send is refused for 5 minutes after the last one (429): racers that read the same version cannot
    both record, the losers re-read and are too soon. Only the stored link is emailed, once."""
    claim_id = draft_claim()["claim_id"]
    before, emails_before = ledger(claim_id), len(sent())
    results = race([request("surveys", "POST", f"/claims/{claim_id}/surveys/customer/send", claims=ADMIN)] * N, mode)
    one_winner(results, 202, {LOST, (429, "too_soon")})
    survey = runtime.store().claim(claim_id).proof.customer_survey
    assert (survey.status.value, survey.send_count) == ("sent", 1)
    assert since(before, claim_id)[1] == ["survey_sent"]
    tokens = survey_tokens(emails_before)
    assert [hash_token(t) for t in tokens] == sorted(survey.token_hashes) and live(tokens[0])


@races(("POST", "/claims/{claim_id}/surveys/{kind}/send"))
@two_sided
def test_a_survey_send_racing_an_upload_check_emails_a_live_link(aws, draft_claim, mode):
    """The consumer recording a file changes the claim under a send: the send re-reads and records its link
    all the same, and only then emails it (before the outbox, 1 in 3 such races mailed a dead link)."""
    claim_id = draft_claim()["claim_id"]
    _, messages = pending_upload(aws, claim_id, "report.pdf")
    before, emails_before = ledger(claim_id), len(sent())
    checked, sent_survey = race(
        [consumer(messages), request("surveys", "POST", f"/claims/{claim_id}/surveys/customer/send", claims=ADMIN)],
        mode,
    )
    assert no_failures(checked), checked
    assert (sent_survey.status, sent_survey.code) == (202, None)
    survey = runtime.store().claim(claim_id).proof.customer_survey
    tokens = survey_tokens(emails_before)
    assert [hash_token(t) for t in tokens] == sorted(survey.token_hashes) and live(tokens[0])
    assert sorted(since(before, claim_id)[1]) == sorted(["evidence_received", "survey_sent"])


@races(("POST", "/claims/{claim_id}/surveys/{kind}/send"))
def test_survey_resends_wait_five_minutes_then_one_rotates_the_link(draft_claim, clock, mode):
    claim_id = draft_claim()["claim_id"]
    first = survey_token(claim_id, "customer")
    before, emails_before = ledger(claim_id), len(sent())
    send = request("surveys", "POST", f"/claims/{claim_id}/surveys/customer/send", claims=ADMIN)
    too_soon = race([send] * N, FREE)  # nothing is written, so nobody reaches a write to meet at
    assert {(r.status, r.code) for r in too_soon} == {(429, "too_soon")}
    assert all(int(r.headers["retry-after"]) > 0 for r in too_soon)
    assert len(sent()) == emails_before and ledger(claim_id) == before
    clock.offset += timedelta(minutes=5)
    results = race([send] * N, mode)
    one_winner(results, 202, {LOST, (429, "too_soon")})
    survey = runtime.store().claim(claim_id).proof.customer_survey
    assert survey.send_count == 2 and since(before, claim_id)[1] == ["survey_resent"]
    assert not live(first)
    assert [hash_token(t) for t in survey_tokens(emails_before)] == sorted(survey.token_hashes)


@races(("POST", "/claims/{claim_id}/surveys/{kind}/send"), ("PATCH", "/claims/{claim_id}"))
@two_sided
def test_a_resend_racing_a_contact_change_never_leaves_a_link_with_the_old_contact(draft_claim, clock, mode):
    claim_id = draft_claim()["claim_id"]
    first = survey_token(claim_id, "customer")
    old_email = runtime.store().claim(claim_id).contacts.customer.email
    clock.offset += timedelta(minutes=5)
    new_contact = {"name": "Casey New", "email": "casey.new@customer.example"}
    before, sent_before = ledger(claim_id), len(sent())
    resent, patched = race(
        [
            request("surveys", "POST", f"/claims/{claim_id}/surveys/customer/send", claims=ADMIN),
            request("claims", "PATCH", f"/claims/{claim_id}", claims=ADMIN, body={"customer_contact": new_contact}),
        ],
        mode,
    )
    if mode == A_FIRST:  # the edit read the claim before the resend: it loses (the partner reloads)
        assert (patched.status, patched.code) == LOST and resent.status == 202
    else:  # the resend re-reads after the edit and sends the new contact a link
        assert (resent.status, patched.status) == (202, 200)
        assert sent()[-1]["to"].endswith(f"<{new_contact['email']}>")
    claim = runtime.store().claim(claim_id)
    survey = claim.proof.customer_survey
    assert len(since(before, claim_id)[1]) == (resent.status == 202) + (patched.status == 200)
    assert claim.contacts.customer.email == (new_contact["email"] if patched.status == 200 else old_email)
    live_links = [hash_token(t) for t in [first, *survey_tokens(sent_before)] if live(t)]
    if survey.status.value == "sent":  # the one live link is the current one, sent to the current contact
        assert live_links == sorted(survey.token_hashes) and survey.sent_to == claim.contacts.customer.email
    else:  # the contact changed after the resend: the link died with it
        assert patched.status == 200 and live_links == [] and survey.link_invalidated


@races(("POST", "/claims/{claim_id}/surveys/partner/response"))
@same_read_only
def test_one_in_app_partner_survey_answer(draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    before = ledger(claim_id)
    answers = [{**PARTNER_OK, "customer_engagement": i % 5 + 1, "next_steps": f"racer {i}"} for i in range(N)]
    results = race(
        [
            request(
                "surveys", "POST", f"/claims/{claim_id}/surveys/partner/response", claims=ADMIN, body={"answers": a}
            )
            for a in answers
        ],
        mode,
    )
    winner = one_winner(results, 200, {LOST})
    [stored] = rows(claim_id, "answers")
    assert stored["answers"]["next_steps"] == f"racer {winner}"
    assert since(before, claim_id)[1] == ["survey_completed"]


@races(("POST", "/claims/{claim_id}/surveys/partner/response"), ("POST", "/public/surveys/{token}"))
@two_sided
def test_the_in_app_answer_racing_the_emailed_link(draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    token = survey_token(claim_id, "partner")
    before = ledger(claim_id)
    in_app, public = race(
        [
            request(
                "surveys",
                "POST",
                f"/claims/{claim_id}/surveys/partner/response",
                claims=ADMIN,
                body={"answers": {**PARTNER_OK, "next_steps": "in app"}},
            ),
            request(
                "surveys",
                "POST",
                f"/public/surveys/{token}",
                headers=JSON_PAGE,
                body={"answers": {**PARTNER_OK, "next_steps": "by link"}},
            ),
        ],
        mode,
    )
    winner = one_winner([in_app, public], 200, {LOST, (410, "link_gone")})
    assert winner == (0 if mode == A_FIRST else 1)
    [stored] = rows(claim_id, "answers")
    survey = runtime.store().claim(claim_id).proof.partner_survey
    assert stored["answers"]["next_steps"] == ["in app", "by link"][winner]
    assert (survey.status.value, survey.answered_in_app) == ("completed", winner == 0)
    assert since(before, claim_id)[1] == ["survey_completed"] and not live(token)


@races(("POST", "/public/surveys/{token}"))
@same_read_only
def test_one_answer_per_survey_link(draft_claim, mode):
    claim_id = draft_claim()["claim_id"]
    token = survey_token(claim_id, "customer")
    before = ledger(claim_id)
    results = race(
        [
            request(
                "surveys",
                "POST",
                f"/public/surveys/{token}",
                headers=JSON_PAGE,
                body={"answers": {**CUSTOMER_OK, "satisfaction": i % 5 + 1, "comments": f"racer {i}"}},
            )
            for i in range(N)
        ],
        mode,
    )
    winner = one_winner(results, 200, {(410, "link_gone")})
    [stored] = rows(claim_id, "answers")
    assert stored["answers"]["comments"] == f"racer {winner}"
    assert since(before, claim_id)[1] == ["survey_completed"] and not live(token)


# ================================================================== review function
DECISIONS = [  # (action, from status, body of racer i, status after, history action)
    ("start", "submitted", lambda i: None, "under_review", "review_started"),
    (
        "request-info",
        "under_review",
        lambda i: {"reason_code": "other", "message": f"More please ({i})."},
        "action_required",
        "info_requested",
    ),
    ("approve", "under_review", lambda i: {"message": f"Fine ({i})."}, "approved", "approved"),
    ("reject", "under_review", lambda i: {"reason_code": "other", "message": f"No ({i})."}, "rejected", "rejected"),
    ("paid", "approved", lambda i: {"remittance_ref": f"RM-{i}"}, "paid", "paid"),
]


@races(*[("POST", f"/review/claims/{{claim_id}}/{d[0]}") for d in DECISIONS], one_per_case=True)
@pytest.mark.parametrize("action, start, body, status, event", DECISIONS, ids=[d[0] for d in DECISIONS])
@same_read_only
def test_one_decision(ready_claim, mode, action, start, body, status, event):
    claim_id = claim_in(ready_claim, start)
    before, notes = ledger(claim_id), len(rows(claim_id, "notification"))
    results = race(
        [request("review", "POST", f"/review/claims/{claim_id}/{action}", claims=RV, body=body(i)) for i in range(N)],
        mode,
    )
    winner = one_winner(results, 200, {LOST})
    after, new = since(before, claim_id)
    assert (after.status, new) == (status, [event])
    assert len(rows(claim_id, "notification")) == notes + (action != "start")
    claim = runtime.store().claim(claim_id)
    if action in ("approve", "reject"):
        assert claim.decision.message == body(winner)["message"]
    if action == "request-info":
        assert claim.info_requests[-1].message == body(winner)["message"]
        assert due_refs("claim_review_expiry", claim.review_due) == [claim_id]
    if action == "paid":
        [payment] = rows(claim_id, "payment")
        assert (payment["status"], payment["remittance_ref"]) == ("paid", f"RM-{winner}")


@races(
    ("POST", "/review/claims/{claim_id}/approve"),
    ("POST", "/review/claims/{claim_id}/reject"),
    ("POST", "/review/claims/{claim_id}/request-info"),
)
@same_read_only
def test_approve_reject_and_request_info_at_once_one_wins(ready_claim, mode):
    claim_id = claim_in(ready_claim, "under_review")
    before = ledger(claim_id)
    actions = (["approve", "reject", "request-info"] * N)[:N]
    bodies = {"approve": {"message": "Fine."}, "reject": REJECT, "request-info": REQUEST_INFO}
    results = race(
        [request("review", "POST", f"/review/claims/{claim_id}/{a}", claims=RV, body=bodies[a]) for a in actions], mode
    )
    winner = actions[one_winner(results, 200, {LOST})]
    status, event = {
        "approve": ("approved", "approved"),
        "reject": ("rejected", "rejected"),
        "request-info": ("action_required", "info_requested"),
    }[winner]
    after, new = since(before, claim_id)
    assert (after.status, new) == (status, [event])
    claim = runtime.store().claim(claim_id)
    assert len(rows(claim_id, "payment")) == (winner == "approve")
    assert due_refs("claim_review_expiry", claim.review_due) == ([claim_id] if winner == "request-info" else [])


# ================================================================== the scheduled job racing the people
def job(entry: DueEntry, at: datetime) -> Racer:
    """The expiry job handling one due entry at `at` (the job's clock is a second past the deadline
    while the partner's request was decided a little before it)."""
    return step(lambda: expiry.handle(runtime.store(), entry, at))


@races(("POST", "/claims/{claim_id}/submit"))
@two_sided
@pytest.mark.parametrize(
    "status, deadline, job_name",
    [
        ("draft", "submit_due", "claim_submit_expiry"),  # a first submit just before submit_due
        ("action_required", "review_due", "claim_review_expiry"),  # a resubmit just before review_due
    ],
)
def test_a_submit_just_before_its_deadline_racing_the_auto_rejection(
    ready_claim, clock, mode, status, deadline, job_name
):
    claim_id = ready_claim() if status == "draft" else claim_in(ready_claim, status)
    due = getattr(runtime.store().claim(claim_id), deadline)
    entry = due_entry(job_name, claim_id, due)
    set_clock(clock, due - timedelta(seconds=30))
    before = ledger(claim_id)
    submitted, expired = race(
        [request("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN), job(entry, due + timedelta(seconds=1))],
        mode,
    )
    after, new = since(before, claim_id)
    assert new == [after.status]  # submitted or expired, never both
    if mode == A_FIRST:  # the job re-reads the claim, finds it submitted in time, and only consumes the entry
        assert (submitted.status, expired.body, after.status) == (200, "skipped", "submitted")
    else:
        assert ((submitted.status, submitted.code), expired.body, after.status) == (LOST, "expired", "expired")
    assert claim_id not in due_refs(job_name, due)  # consumed either way: nothing runs twice


@races(("POST", "/claims/{claim_id}/submit"))
@two_sided
def test_a_submit_racing_its_reminder_is_never_refused(ready_claim, clock, mode):
    """A reminder changes nothing on the claim (only checks the version it read), so it can never make
    a partner's action fail; after a submit it has nothing left to say."""
    claim_id = ready_claim()
    due = runtime.store().claim(claim_id).submit_due
    entry = due_entry("submit_reminder_1", claim_id, due - timedelta(days=1))
    set_clock(clock, due - timedelta(days=1) + timedelta(minutes=1))
    before = ledger(claim_id)
    submitted, reminded = race(
        [request("claims", "POST", f"/claims/{claim_id}/submit", claims=ADMIN), job(entry, clock.now())], mode
    )
    # submit first: the reminder's version check fails, it re-reads and has nothing to say; reminder first:
    # the submit's version condition still holds
    assert (submitted.status, reminded.body) == (200, "skipped" if mode == A_FIRST else "reminded")
    after, new = since(before, claim_id)
    assert (after.status, new) == ("submitted", ["submitted"])
    reminders = [n for n in rows(claim_id, "notification") if n["kind"] == "submit_reminder"]
    assert len(reminders) == (reminded.body == "reminded")


@races(("POST", "/public/consent/{token}"))
@two_sided
def test_a_consent_just_before_its_deadline_racing_the_consent_expiry(aws, clock, mode):
    nomination = nominate()
    token = consent_token(nomination["nomination_id"])
    due = datetime.fromisoformat(nomination["consent_due"])
    entry = due_entry("consent_expiry", nomination["nomination_id"], due)
    set_clock(clock, due - timedelta(seconds=30))
    accepted, expired = race(
        [
            request("customers", "POST", f"/public/consent/{token}", headers=JSON_PAGE, body={"decision": "accept"}),
            job(entry, due + timedelta(seconds=1)),
        ],
        mode,
    )
    stored = runtime.store().nomination(nomination["nomination_id"])
    assert stored.version == 3  # nominated, consent requested, then exactly one of the two
    if mode == A_FIRST:
        assert (accepted.status, expired.body, stored.status.value) == (200, "skipped", "consented")
    else:  # the answer re-reads and finds its link deleted with the expiry
        assert (accepted.status, accepted.code, expired.body) == (410, "link_gone", "consent_expired")
        assert stored.status.value == "consent_expired"
    assert not live(token)


# ================================================================== the reference data (program admins)
PA = program_admin()


def audit_of(ref_id: str) -> list[dict]:
    return [e for e in runtime.store().audit(None).items if e["ref_id"] == ref_id]


@races(
    ("POST", "/program/partners"), ("POST", "/program/locations"), ("POST", "/program/engagements"), one_per_case=True
)
@same_read_only
@pytest.mark.parametrize("kind", ["partners", "locations", "engagements"])
def test_the_same_new_row_at_once_is_created_once(aws, mode, kind):
    """Created once (201), the others see it is already there (200); one row, one audit event."""
    row_id = f"X-{uuid.uuid4().hex[:10]}"
    row = {
        "partners": {"partner_id": row_id, "name": "Northwind", "currency": "EUR"},
        "locations": {"location_id": row_id, "partner_id": "P-1001", "country": "NL", "engagement_ids": [ENG]},
        "engagements": catalogue_row(row_id),
    }[kind]
    results = race([request("program", "POST", f"/program/{kind}", claims=PA, body=row) for _ in range(N)], mode)
    one_winner(results, 201, {(200, None)})
    assert all(r.body == results[0].body for r in results)
    assert len(audit_of(row_id)) == 1


@races(("POST", "/program/tenants"))
@same_read_only
def test_one_domain_goes_to_one_tenant(aws, mode):
    domain = f"d{uuid.uuid4().hex[:8]}.example"
    tenants = [str(uuid.uuid4()) for _ in range(N)]
    results = race(
        [
            request(
                "program",
                "POST",
                "/program/tenants",
                claims=PA,
                body={"tenant_id": t, "domains": [domain, f"own{i}-{domain}"]},
            )
            for i, t in enumerate(tenants)
        ],
        mode,
    )
    winner = tenants[one_winner(results, 201, {(409, "domain_taken")})]
    store = runtime.store()
    assert store.domains([domain]) == {domain: winner}
    assert [t for t in tenants if store.reference("tenants", t)] == [winner]  # the losers wrote nothing
    assert len(store.domains([f"own{i}-{domain}" for i in range(N)])) == 1


@races(("PATCH", "/program/engagements/{engagement_id}"))
@same_read_only
def test_changes_to_one_engagement_at_once_one_wins(aws, mode):
    engagement_id = f"ENG-{uuid.uuid4().hex[:10]}"
    act("program", "POST", "/program/engagements", 201, claims=PA, body=catalogue_row(engagement_id))
    results = race(
        [
            request("program", "PATCH", f"/program/engagements/{engagement_id}", claims=PA, body={"name": f"Name {i}"})
            for i in range(N)
        ],
        mode,
    )
    winner = one_winner(results, 200, {LOST})
    assert runtime.store().reference("engagements", engagement_id)["name"] == f"Name {winner}"
    assert [e["after"]["name"] for e in audit_of(engagement_id) if e["action"] == "updated"] == [f"Name {winner}"]


@races(("POST", "/program/imports/{kind}"))
@same_read_only
def test_one_file_imported_twice_at_once_applies_each_row_once(aws, mode):
    ids = [f"P-{uuid.uuid4().hex[:10]}" for _ in range(3)]
    csv = "partner_id,name,currency\r\n" + "".join(f"{i},Partner {i},EUR\r\n" for i in ids)
    results = race(
        [request("program", "POST", "/program/imports/partners", claims=PA, csv=csv) for _ in range(2)], mode
    )
    assert [r.status for r in results] == [200, 200] and all(r.body["refused"] == [] for r in results)
    assert sum(r.body["applied"] for r in results) == 3 and sum(r.body["unchanged"] for r in results) == 3
    assert all(len(audit_of(i)) == 1 for i in ids)


# ================================================================== the route table
def test_every_state_changing_route_has_a_race():
    state_changing = {(r.method, r.path) for r in ROUTES if r.method != "GET"}
    assert set(RACED) == state_changing, {"not raced": state_changing - set(RACED)}
