"""Every API operation through its real Lambda handler on in-process moto (`make bench` sections 2 and 4).

One script (`every_operation`) calls each operation once, building the state the next needs. Its first
run is counted with botocore hooks: DynamoDB calls and the capacity they would consume (section 2). The
runs after it are timed (section 4): the handler invocation, minus the time spent inside botocore calls,
is the handler's OWN time: routing, auth, validation, pydantic, the domain rules, building the
transaction, presigning, rendering emails, serialization and logging; not the AWS calls (botocore's
parameter validation, serialization and response parsing, and moto's work: moto's speed says nothing
about DynamoDB's).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import json
import math
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

READS, TX = ("GetItem", "Query", "BatchGetItem"), "TransactWriteItems"


# ================================================================ DynamoDB calls and capacity (section 2)
def item_size(item: dict) -> int:
    """DynamoDB's item size: attribute names plus values (numbers about 1 byte per 2 digits)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict) -> int:
    ((kind, v),) = value.items()
    if kind == "S":
        return len(v.encode())
    if kind == "N":
        return math.ceil(len(v.lstrip("-").replace(".", "")) / 2) + 1
    if kind == "B":
        return len(v)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(_value_size({kind[0]: x}) for x in v)
    if kind == "L":
        return 3 + sum(1 + _value_size(x) for x in v)
    return 3 + sum(1 + len(k.encode()) + _value_size(x) for k, x in v.items())  # M


class DynamoDBMeter:
    """Counts DynamoDB calls per operation name and estimates read/write capacity from the items that
    moved: reads round up to 4 KB (half for eventually consistent), a transaction's writes cost 2 WCU
    per started KB of each item it puts (updates, deletes and checks counted at their 1 KB minimum)."""

    def __init__(self, client: Any):
        self.client = client
        self.calls: Counter[str] = Counter()
        self.rcu = self.wcu = 0.0
        client.meta.events.register("before-parameter-build.dynamodb", self._remember)
        client.meta.events.register("after-call.dynamodb", self._count)

    def reset(self) -> None:
        self.calls, self.rcu, self.wcu = Counter(), 0.0, 0.0

    @staticmethod
    def _remember(params: dict, context: dict, **_: Any) -> None:
        context["bench_params"] = params

    def _count(self, parsed: dict, model: Any, context: dict, **_: Any) -> None:
        op, params = model.name, context.get("bench_params", {})
        self.calls[op] += 1
        strong = 1.0 if params.get("ConsistentRead") else 0.5
        if op == "GetItem":
            self.rcu += strong * max(1, math.ceil(item_size(parsed.get("Item", {})) / 4096))
        elif op in ("Query", "Scan"):
            self.rcu += strong * max(1, math.ceil(sum(item_size(i) for i in parsed.get("Items", [])) / 4096))
        elif op == "BatchGetItem":
            rows = [i for items in parsed.get("Responses", {}).values() for i in items]
            consistent = all(r.get("ConsistentRead") for r in params.get("RequestItems", {}).values())
            self.rcu += (1.0 if consistent else 0.5) * sum(max(1, math.ceil(item_size(i) / 4096)) for i in rows)
        elif op == "TransactWriteItems":
            for entry in params.get("TransactItems", []):
                ((kind, spec),) = entry.items()
                self.wcu += 2 * max(1, math.ceil(item_size(spec["Item"]) / 1024)) if kind == "Put" else 2
        elif op in ("PutItem", "UpdateItem", "DeleteItem"):
            self.wcu += max(1, math.ceil(item_size(params.get("Item", {})) / 1024))


LINK_SENDS = ("/consent-request", "/surveys/customer/send")


@dataclass
class OperationFigures:
    label: str
    status: int
    calls: Counter
    rcu: float
    wcu: float

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    @property
    def verdict(self) -> str:
        reads = sum(self.calls[o] for o in READS)
        writes = sum(n for o, n in self.calls.items() if o not in READS)
        if self.calls["Scan"]:
            return "✗ Scan"
        if not 200 <= self.status < 300:
            return f"✗ HTTP {self.status}"
        if self.label.startswith("GET"):
            return "✓" if reads <= 1 and not writes else "✗ over: one read"
        # A link email leaves after its commit and its outcome is marked: one UpdateItem more, by design
        # (docs/decisions.md, "Consent and survey link emails go out from an outbox").
        mark = int(self.label.endswith(LINK_SENDS) and self.calls["UpdateItem"] == 1)
        if reads <= 1 and writes - mark <= 1:
            return "✓ + outbox mark" if mark else "✓"
        return "✗ over: one read + one transaction"

    @property
    def calls_text(self) -> str:
        reads = [f"{n} {op}" for op, n in sorted(self.calls.items()) if op != TX]
        return " + ".join(reads or ["0 reads"]) + (f" + {self.calls[TX]} {TX}" if self.calls[TX] else "")


# ================================================================ the handler's own time (section 4)
class AwsCallTimer:
    """Wall and CPU seconds spent inside botocore calls (`BaseClient._make_api_call`: parameter validation,
    serialization, the botocore event hooks, moto's work, response parsing) since the last reset. Every
    client goes through that one method, whenever it was made; presigning does not (no call), so it stays
    in the handler's own time, as on Lambda."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self._depth = 0

    def reset(self) -> None:
        self.wall = self.cpu = 0.0

    @contextmanager
    def installed(self) -> Iterator[AwsCallTimer]:
        from botocore.client import BaseClient

        original = BaseClient._make_api_call  # type: ignore[attr-defined]  # botocore-stubs omit this private method
        timer = self

        def timed_call(client: Any, operation_name: str, api_params: dict) -> Any:
            timer._depth += 1
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(client, operation_name, api_params)
            finally:
                timer._depth -= 1
                if not timer._depth:  # a call made inside a call is already in the outer one
                    timer.wall += time.perf_counter() - wall
                    timer.cpu += time.thread_time() - cpu

        with mock.patch.object(BaseClient, "_make_api_call", timed_call):
            yield self


@dataclass
class Sample:
    """One invocation, in seconds: the whole handler call and the part of it inside botocore."""

    wall: float
    cpu: float
    aws_wall: float
    aws_cpu: float

    @property
    def own_wall(self) -> float:
        return self.wall - self.aws_wall

    @property
    def own_cpu(self) -> float:
        return self.cpu - self.aws_cpu


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: of 50 runs, p50 is the 25th fastest and p99 the slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class OwnTime:
    label: str
    samples: list[Sample] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    page_items: set[int] = field(default_factory=set)  # items in the list responses, if it is a list

    def ms(self, which: str, p: float) -> float:
        return percentile([getattr(s, which) for s in self.samples], p) * 1000

    @property
    def aws_wall_p50_ms(self) -> float:
        return statistics.median(s.aws_wall for s in self.samples) * 1000

    @property
    def failures(self) -> str:
        return ", ".join(f"HTTP {s} ×{n}" for s, n in sorted(self.statuses.items()) if not 200 <= s < 300)


# ================================================================ running the operations
def _prepared(
    function: str, method: str, path: str, claims: dict, body: Any, headers: dict | None
) -> tuple[Callable, dict, Any]:
    """The handler, event and context `tests.conftest.call` would use, built before the clock starts."""
    from infra.local.runner import LocalContext, http_event
    from shared.api.routes import find

    route, params, _ = find(method, path)
    assert route is not None and route.function == function, f"{method} {path} is not served by {function}"
    hdrs = {"content-type": "application/json", **{k.lower(): v for k, v in (headers or {}).items()}}
    data = b"" if body is None else json.dumps(body).encode()
    event = http_event(method, path, "", hdrs, data, f"{route.method} {route.path}", params, claims, "127.0.0.1")
    handler = importlib.import_module(f"functions.{function}.app").handler
    return handler, event, LocalContext(function_name=function, aws_request_id=str(uuid.uuid4()))


class OperationRuns:
    """Runs `every_operation`: the first run is metered (DynamoDB calls), the later ones are timed."""

    def __init__(self, meter: DynamoDBMeter, timer: AwsCallTimer):
        self.meter, self.timer = meter, timer
        self.run = 0
        self.calls: list[OperationFigures] = []
        self.own: dict[str, OwnTime] = {}

    def __call__(
        self,
        label: str,
        function: str,
        method: str,
        path: str,
        who: dict,
        *,
        body: Any = None,
        headers: dict | None = None,
    ) -> Any:
        if importlib.util.find_spec(f"functions.{function}.app") is None:
            return None  # not built yet
        handler, event, context = _prepared(function, method, path, who, body, headers)
        self.meter.reset()
        self.timer.reset()
        # A collection during the request scans only what is younger than this (moto's table is not):
        # on Lambda, shared.runtime.init_done() freezes the long-lived heap at the end of the init the same way.
        gc.freeze()
        wall, cpu = time.perf_counter(), time.thread_time()
        result = handler(event, context)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        status, reply = result["statusCode"], json.loads(result["body"]) if result.get("body") else None
        if self.run == 0:
            self.calls.append(
                OperationFigures(label, status, Counter(self.meter.calls), self.meter.rcu, self.meter.wcu)
            )
        else:
            own = self.own.setdefault(label, OwnTime(label))
            own.samples.append(Sample(wall, cpu, self.timer.wall, self.timer.cpu))
            own.statuses[status] += 1
            if isinstance(reply, dict) and isinstance(reply.get("items"), list):
                own.page_items.add(len(reply["items"]))
        return reply


def every_operation(op: OperationRuns) -> None:
    """Each API operation once, on state made for it: fresh claims each run, run-specific keys and tenants.

    The first run does everything as partner P-1001. Later runs make and move their claims as P-2002 and
    still list as P-1001, so the list pages (claims, customers, notifications, payments) keep the handful
    of items the first run left instead of growing with every run: a page's cost grows with its items,
    and moto takes ~15 ms to serialize each claim of a page."""
    from tests.support.calls import partner, reviewer
    from tests.support.store import new_consented_nomination, new_draft_claim, new_ready_claim

    run, rv = op.run, reviewer()
    lister = partner("P-1001", "incentives-admin", "pat@p-1001.example")
    author_id = "P-1001" if run == 0 else "P-2002"
    author = partner(author_id, "incentives-admin", f"pat@{author_id.lower()}.example")
    draft, nomination = new_draft_claim(author_id)["claim_id"], new_consented_nomination(author_id)
    ready = [new_ready_claim(author_id) for _ in range(3)]
    op("GET /engagements", "claims", "GET", "/engagements", lister)
    op("GET /claims", "claims", "GET", "/claims", lister)
    op("GET /claims/{id}", "claims", "GET", f"/claims/{draft}", author)
    op(
        "PATCH /claims/{id} (If-Match)",
        "claims",
        "PATCH",
        f"/claims/{draft}",
        author,
        body={"comments": "bench"},
        headers={"If-Match": '"1"'},
    )
    op("POST /claims (open)", "claims", "POST", "/claims", author, body={"nomination_id": nomination.nomination_id})
    op(
        "POST /claims/{id}/evidence/invoice/upload",
        "evidence",
        "POST",
        f"/claims/{draft}/evidence/invoice/upload",
        author,
        body={"file_name": "invoice.pdf", "content_type": "application/pdf", "size": 2048},
    )
    op("GET /claims/{id}/evidence/invoice", "evidence", "GET", f"/claims/{ready[0]}/evidence/invoice", author)
    op("POST /claims/{id}/surveys/customer/send", "surveys", "POST", f"/claims/{draft}/surveys/customer/send", author)
    op("POST /claims/{id}/cancel", "claims", "POST", f"/claims/{draft}/cancel", author)
    op("POST /claims/{id}/submit", "claims", "POST", f"/claims/{ready[0]}/submit", author)
    op(
        "POST /claims/{id}/submit (Idempotency-Key)",
        "claims",
        "POST",
        f"/claims/{ready[1]}/submit",
        author,
        headers={"Idempotency-Key": f"bench-{run}"},
    )
    op("GET /claims/{id}/history", "claims", "GET", f"/claims/{ready[0]}/history", author)
    _call("claims", "POST", f"/claims/{ready[2]}/submit", author)
    op("GET /review/claims", "review", "GET", "/review/claims", rv)
    op("GET /review/claims/{id}", "review", "GET", f"/review/claims/{ready[0]}", rv)
    op("POST /review/claims/{id}/start", "review", "POST", f"/review/claims/{ready[0]}/start", rv)
    for claim_id in ready[1:]:
        _call("review", "POST", f"/review/claims/{claim_id}/start", rv)
    op(
        "POST /review/claims/{id}/request-info",
        "review",
        "POST",
        f"/review/claims/{ready[0]}/request-info",
        rv,
        body={"reason_code": "missing_document", "message": "Please add the signed invoice."},
    )
    op(
        "POST /review/claims/{id}/approve",
        "review",
        "POST",
        f"/review/claims/{ready[1]}/approve",
        rv,
        body={"message": "Well done."},
    )
    op(
        "POST /review/claims/{id}/paid",
        "review",
        "POST",
        f"/review/claims/{ready[1]}/paid",
        rv,
        body={"remittance_ref": f"REM-{run}"},
    )
    op(
        "POST /review/claims/{id}/reject",
        "review",
        "POST",
        f"/review/claims/{ready[2]}/reject",
        rv,
        body={"reason_code": "insufficient_proof", "message": "The findings are missing."},
    )
    op(
        "POST /claims/{id}/dispute",
        "claims",
        "POST",
        f"/claims/{ready[2]}/dispute",
        author,
        body={"message": "The findings are in the report."},
    )
    notes = op("GET /notifications", "claims", "GET", "/notifications", lister) or {"items": []}
    if notes["items"]:
        note_id = notes["items"][0]["notification_id"]
        op("POST /notifications/{id}/read", "claims", "POST", f"/notifications/{note_id}/read", lister)
    op("GET /payments", "claims", "GET", "/payments", lister)
    op("GET /engagements/{id}/customers", "customers", "GET", "/engagements/ENG-AI-WORKSHOP/customers", lister)
    customer = {"location_id": "L-1001", "customer_email": "casey@northwind.example"}
    if run:  # one nomination per tenant: later runs nominate a new tenant (a domain the directory lacks)
        customer = {
            "location_id": "L-2002",
            "customer_email": f"casey@c{run}.northwind.example",
            "tenant_id": str(uuid.uuid4()),
        }
    added = op(
        "POST /engagements/{id}/customers",
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        author,
        body=customer,
    )
    if added:
        op(
            "POST /nominations/{id}/consent-request",
            "customers",
            "POST",
            f"/nominations/{added['nomination_id']}/consent-request",
            author,
            body={
                "customer_contact": {"name": "Casey", "email": customer["customer_email"]},
                "partner_contact": {"name": "Pat", "email": "pat@p-1001.example"},
            },
        )


def _call(function: str, method: str, path: str, who: dict) -> None:
    """A step between measured operations (state for the next one)."""
    from tests.support.calls import call

    reply = call(function, method, path, claims=who)
    assert 200 <= reply.status < 300, (method, path, reply.status, reply.text)


def measure_operations(
    timed_runs: int, progress: Callable[[str], None]
) -> tuple[list[OperationFigures], list[OwnTime]]:
    """One metered run on a fresh table, then `timed_runs` timed runs (none: section 2 only). The first
    run also warms every handler up (imports, clients, the resolver's first validation), so no timed
    run pays a cold start."""
    from shared import runtime
    from tests.bench.expiry import without_moto_table_backups
    from tests.support.aws import mocked_aws

    with mocked_aws(), without_moto_table_backups(), AwsCallTimer().installed() as timer:
        runs = OperationRuns(DynamoDBMeter(runtime.dynamodb()), timer)
        every_operation(runs)
        for run in range(1, timed_runs + 1):
            if run % 10 == 1:
                progress(f"handler own time: run {run}/{timed_runs}")
            runs.run = run
            every_operation(runs)
    gc.unfreeze()
    return runs.calls, list(runs.own.values())
