"""The local runner's throughput under a mixed read/write load (`make bench` section 5).

The real local runner (`python -m infra.local.runner`, what `make run` starts, via tests/support/runner.py's
`running_runner`) on a free port, driven over HTTP by CLIENTS threads, each signed in as its own partner
user with its own draft claims (opened through the API during setup: nominate, consent by the emailed
link, open) and a reviewer. Each thread sends a fixed, seeded sequence drawn from MIX (70 % reads, 30 %
writes); every request must answer 2xx. This is the local runner on moto on this machine: the API
functions take turns (they share one process, see docs/decisions.md), moto's server takes one at a time, and
the runner delivers notification emails before it answers. It is not AWS, where the functions scale out.
"""

from __future__ import annotations

import math
import random
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tests.bench.operations import percentile

if TYPE_CHECKING:
    import requests

CLIENTS = 4
ENGAGEMENT = "ENG-AI-WORKSHOP"


class Load(NamedTuple):
    label: str
    weight: int  # percent of the requests
    write: bool
    send: Callable[[Worker], requests.Response]


MIX: tuple[Load, ...] = (
    Load("GET /claims", 20, False, lambda w: w.partner.get("/claims")),
    Load("GET /claims/{id}", 25, False, lambda w: w.partner.get(f"/claims/{w.any_claim()}")),
    Load("GET /review/claims", 10, False, lambda w: w.reviewer.get("/review/claims")),
    Load("GET /claims/{id}/history", 5, False, lambda w: w.partner.get(f"/claims/{w.any_claim()}/history")),
    Load("GET /notifications", 5, False, lambda w: w.partner.get("/notifications")),
    Load("GET /engagements", 5, False, lambda w: w.partner.get("/engagements")),
    Load(
        "PATCH /claims/{id}",
        12,
        True,
        lambda w: w.partner.patch(f"/claims/{w.any_claim()}", json={"comments": f"load {uuid.uuid4().hex[:8]}"}),
    ),
    Load(
        "POST /claims/{id}/evidence/invoice/upload",
        8,
        True,
        lambda w: w.partner.post(
            f"/claims/{w.any_claim()}/evidence/invoice/upload",
            json={"file_name": "invoice.pdf", "content_type": "application/pdf", "size": 2048},
        ),
    ),
    Load(
        "POST /engagements/{id}/customers",
        5,
        True,
        lambda w: w.partner.post(
            f"/engagements/{ENGAGEMENT}/customers",
            json={
                "location_id": "L-1001",
                "customer_email": f"casey@c{uuid.uuid4().hex[:10]}.example",
                "tenant_id": str(uuid.uuid4()),
            },
        ),
    ),
    Load(
        "POST /claims/{id}/surveys/{kind}/send",
        5,
        True,
        lambda w: w.partner.post("/claims/{}/surveys/{}/send".format(*w.unsent_surveys.pop())),
    ),
)
SURVEY_SEND = MIX[-1]


@dataclass
class Worker:
    """One client thread: its users, its claims, its planned requests and what they measured."""

    index: int
    plan: list[Load]
    partner: Any = None  # a tests.support.runner.Client once signed in
    reviewer: Any = None
    claims: list[str] = field(default_factory=list)
    # each (claim, kind) is sent once: a resend within 5 minutes is refused (429)
    unsent_surveys: list[tuple[str, str]] = field(default_factory=list)
    read_s: list[float] = field(default_factory=list)
    write_s: list[float] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.random = random.Random(self.index)

    def any_claim(self) -> str:
        return self.random.choice(self.claims)

    def sign_in(self, base: str) -> None:
        from tests.support.runner import Client

        self.partner = Client(base, f"load-{self.index}@p-1001.example", "incentives-admin", "P-1001")
        self.reviewer = Client(base, f"reviewer-{self.index}@program.example", "reviewer")

    def open_claims(self, base: str, warm_up: bool) -> None:
        """Enough draft claims for the survey sends planned (two kinds each) and the warm-up's."""
        from tests.support.flows import open_draft_claim
        from tests.support.runner import Client

        def user(role: str, partner_id: str) -> Client:
            return Client(base, f"setup-{uuid.uuid4().hex[:8]}@p-1001.example", role, partner_id)

        sends = self.plan.count(SURVEY_SEND) + warm_up
        self.claims = [open_draft_claim(user)[1] for _ in range(max(1, math.ceil(sends / 2)))]
        self.unsent_surveys = [(c, kind) for c in self.claims for kind in ("partner", "customer")]

    def send(self, load: Load, timed: bool = True) -> None:
        started = time.perf_counter()
        status: int | str
        try:
            status = load.send(self).status_code
        except Exception as exc:  # a dropped connection counts as a failure, like a 5xx
            status = type(exc).__name__
        if timed:
            (self.write_s if load.write else self.read_s).append(time.perf_counter() - started)
        if not (isinstance(status, int) and 200 <= status < 300):
            self.failures[(load.label, status)] += 1

    def run(self, start: threading.Barrier) -> None:
        start.wait()
        for load in self.plan:
            self.send(load)


def plan(index: int, requests: int) -> list[Load]:
    return random.Random(index).choices(MIX, weights=[m.weight for m in MIX], k=requests)


@dataclass
class Throughput:
    clients: int
    requests: int
    seconds: float
    read_s: list[float]
    write_s: list[float]
    failures: Counter

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @staticmethod
    def ms(values: list[float], p: float) -> float:
        return percentile(values, p) * 1000 if values else 0.0

    def all_ms(self, p: float) -> float:
        return self.ms(self.read_s + self.write_s, p)

    @property
    def errors(self) -> int:
        return sum(self.failures.values())


def measure_throughput(requests: int, progress: Callable[[str], None], clients: int = CLIENTS) -> Throughput:
    """Start a runner, set every client up, warm every route up, then time `requests` in all."""
    from tests.support.runner import running_runner

    workers = [Worker(i, plan(i, requests // clients)) for i in range(clients)]
    progress("local runner: starting")
    with tempfile.TemporaryDirectory() as tmp, running_runner(Path(tmp)) as base:
        progress(f"local runner: {clients} clients open their claims")
        for w in workers:
            w.sign_in(base)
            w.open_claims(base, warm_up=w is workers[0])
        for load in MIX:  # the first request to each function imports it in the runner
            workers[0].send(load, timed=False)
        progress(f"local runner: {sum(len(w.plan) for w in workers)} requests from {clients} clients")
        seconds = _drive(workers)
    reads, writes = [s for w in workers for s in w.read_s], [s for w in workers for s in w.write_s]
    return Throughput(
        clients, len(reads) + len(writes), seconds, reads, writes, sum((w.failures for w in workers), Counter())
    )


def _drive(workers: list[Worker]) -> float:
    start = threading.Barrier(len(workers) + 1)
    threads = [threading.Thread(target=w.run, args=(start,), name=f"load-{w.index}") for w in workers]
    for t in threads:
        t.start()
    start.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def mix_text() -> str:
    reads = ", ".join(f"{m.label} {m.weight} %" for m in MIX if not m.write)
    writes = ", ".join(f"{m.label} {m.weight} %" for m in MIX if m.write)
    return f"Reads: {reads}. Writes: {writes}."
