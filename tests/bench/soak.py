"""The local runner over a long mixed load (`make bench` section 6): does it stay flat as the table grows?

One real local runner (as `make run` starts it) on a free port, loopback only, driven by CLIENTS threads
with the read/write mix of section 5 less the survey sends (a resend within 5 minutes is refused, so each
would need a claim of its own), over CLAIMS_PER_CLIENT draft claims each, so that comments and upload
requests spread over many claims as they do in a program (one claim with thousands of events would measure
that claim's page, not the runner); nominations, comments and upload requests keep adding items. It reads
the runner's resident memory (RSS, from /proc) and the latency of the last WINDOW requests at each
checkpoint (1k and 10k requests in all), then stops it with SIGTERM and times the exit. Bounded in
requests; each request has a 30 s timeout.
"""

from __future__ import annotations

import random
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.bench.operations import percentile
from tests.bench.runner import CLIENTS, MIX, SURVEY_SEND, Worker

SOAK_MIX = tuple(load for load in MIX if load is not SURVEY_SEND)
CHECKPOINTS = (1_000, 10_000)
CLAIMS_PER_CLIENT = 25
WINDOW = 500  # the latency at a checkpoint: the requests just before it


@dataclass
class Checkpoint:
    requests: int
    rss_mb: float
    p50_ms: float
    p99_ms: float


@dataclass
class Soak:
    checkpoints: list[Checkpoint]
    seconds: float
    stop_seconds: float
    failures: Counter

    @property
    def flat(self) -> float:
        """p50 at the last checkpoint over p50 at the first (goal ≤ 1.5)."""
        return self.checkpoints[-1].p50_ms / self.checkpoints[0].p50_ms


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def measure_soak(progress: Callable[[str], None], checkpoints: tuple[int, ...] = CHECKPOINTS) -> Soak:
    from tests.support.flows import open_draft_claim
    from tests.support.runner import free_port, start_runner, user_maker

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        progress("soak: starting a local runner")
        proc = start_runner(port, Path(tmp) / "runner.log")
        try:
            workers = [Worker(i, []) for i in range(CLIENTS)]
            progress(f"soak: {CLIENTS} clients open {CLAIMS_PER_CLIENT} claims each")
            for w in workers:
                w.sign_in(base)
                w.claims = [open_draft_claim(user_maker(base, "soak-"))[1] for _ in range(CLAIMS_PER_CLIENT)]
            for load in SOAK_MIX:  # the first request to each function imports it in the runner
                workers[0].send(load, timed=False)
            points, done, started = [], 0, time.perf_counter()
            for target in checkpoints:
                latencies = _drive(workers, target - done)
                done = target
                window = latencies[-WINDOW:]
                points.append(
                    Checkpoint(done, rss_mb(proc.pid), percentile(window, 50) * 1000, percentile(window, 99) * 1000)
                )
                progress(f"soak: {done} requests, RSS {points[-1].rss_mb:.0f} MB, p50 {points[-1].p50_ms:.0f} ms")
            seconds = time.perf_counter() - started
        finally:
            stop_started = time.perf_counter()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
            stop_seconds = time.perf_counter() - stop_started
    return Soak(points, seconds, stop_seconds, sum((w.failures for w in workers), Counter()))


def _drive(workers: list[Worker], requests: int) -> list[float]:
    """`requests` more, shared by the workers, all at once; the latencies in the order they finished."""
    latencies: list[float] = []
    lock = threading.Lock()

    def run(w: Worker, count: int) -> None:
        pick = random.Random(w.index * 7919 + len(w.read_s) + len(w.write_s))
        for load in pick.choices(SOAK_MIX, weights=[m.weight for m in SOAK_MIX], k=count):
            w.send(load)
            with lock:
                latencies.append((w.write_s if load.write else w.read_s)[-1])

    share = [requests // len(workers) + (i < requests % len(workers)) for i in range(len(workers))]
    threads = [threading.Thread(target=run, args=(w, n)) for w, n in zip(workers, share, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies
