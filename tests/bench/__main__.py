"""`make bench` (`python -m tests.bench [--quick] [--runs N] [--parts ...] [--save-baseline] [--check]`):
what a request costs.

1. Cold import of every handler module in a Lambda-like environment (LAMBDA_TASK_ROOT set, so the
   Powertools Tracer is on; AWS_REGION set; sockets refused; our modules compiled from source, as the
   asset ships no bytecode): the median CPU time of N fresh processes, next to its FLOOR, a fresh
   process importing exactly the third-party modules that importing the handler loaded (whether our
   code imports them or the libraries load them when used, e.g. the X-Ray SDK for the Tracer or the
   validation middleware for the resolver), and building one pydantic model if it uses pydantic (the
   first model class loads pydantic's schema machinery and plugins, whatever the code). What is left is
   our own cost: compiling and running our modules, building our models, and the stdlib modules only we
   use. Target: import / floor <= 1.2. CPU time, because an import is CPU-bound and CPU time is what
   stays put when other processes share the machine; wall time is shown beside it.
2. DynamoDB calls per API operation, counted with botocore hooks on in-process moto, and the capacity
   each would consume on DynamoDB (estimated from the item sizes with DynamoDB's sizing rules: moto
   reports none for transactions). The call bar: a read is one call; a state change is one read and
   one TransactWriteItems (tests/bench/operations.py).
3. Items the expiry job reads per due item (tests/bench/expiry.py).
4. The handler's own time per API operation: the same operations, run again and again, each invocation
   timed minus the time inside botocore calls (tests/bench/operations.py).
5. The local runner's throughput under a mixed read/write load from concurrent clients
   (tests/bench/runner.py).
6. The local runner over a long load: its memory (RSS) and latency at 1k and 10k requests, and how long
   it takes to stop (tests/bench/soak.py). Goals: RSS <= 500 MB at 10k, p50 at 10k <= 1.5 x p50 at 1k,
   stop < 5 s.

Every run compares its figures with docs/bench-baseline.json (a "vs baseline" column; `--save-baseline`
writes it, `--check` exits 1 on a regression beyond the tolerances in tests/bench/baseline.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.baseline import PATH as BASELINE
from tests.bench.baseline import TOLERANCES, Baseline
from tests.bench.operations import OperationFigures, OwnTime, measure_operations
from tests.bench.runner import Throughput, measure_throughput, mix_text
from tests.bench.soak import CHECKPOINTS, WINDOW, Soak, measure_soak

ROOT = Path(__file__).resolve().parents[2]
OWN = ("functions", "shared")
TARGET_RATIO = 1.2
FIRST_MODEL = "import pydantic\nclass FloorModel(pydantic.BaseModel): pass"
LAMBDA_ENV = {
    "LAMBDA_TASK_ROOT": str(ROOT),
    "AWS_LAMBDA_FUNCTION_NAME": "bench",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_EC2_METADATA_DISABLED": "true",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "TABLE_NAME": "workshop-claims",
    "BUCKET_NAME": "workshop-claims-evidence",
    "LANG": "C.UTF-8",
    "SENDER_EMAIL": "no-reply@claims.example.com",
    "PUBLIC_BASE_URL": "https://claims.example.com",
}


# ================================================================ 1. cold imports
def handler_modules() -> list[str]:
    from shared.api.routes import FUNCTIONS

    names = [f"functions.{f}.app" for f in FUNCTIONS] + ["functions.evidence.consumer"]
    return [n for n in names if _source(n) is not None]


def _source(module: str) -> Path | None:
    base = ROOT / module.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


# Our modules are compiled from source, whatever __pycache__ a developer's checkout holds: the Lambda asset
# ships no bytecode and /var/task is read-only, so every cold start compiles them.
FROM_SOURCE = f"""
import sys, importlib.machinery as _m
class _Source(_m.SourceFileLoader):
    def path_stats(self, path):
        raise OSError("no bytecode")
class _Own(_m.PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.split(".")[0] not in {OWN!r}:
            return None
        spec = _m.PathFinder.find_spec(name, path, target)
        if spec is not None and isinstance(spec.loader, _m.SourceFileLoader):
            spec.loader = _Source(spec.loader.name, spec.loader.path)
        return spec
sys.meta_path.insert(0, _Own)
"""

# One untimed import per handler: no socket may open and no AWS client may be made; it also lists the
# third-party modules the import loaded (the floor).
INSPECT = """
import json, socket, sys
def refuse(*args, **kwargs):
    raise OSError("network used at import")
socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse
before = set(sys.modules)
import {module}
from shared import runtime
made = [f.__name__ for f in (runtime.dynamodb, runtime.s3, runtime.ses, runtime.store) if f.cache_info().currsize]
def installed(name):  # a module of an installed distribution (not ours, not the standard library)
    where = getattr(sys.modules[name], "__file__", None) or next(iter(getattr(sys.modules[name], "__path__", [])), "")
    return "-packages" in (where or "")
loaded = [m for m in sys.modules if m not in before and installed(m)]
print(json.dumps({{"clients": made, "third_party": loaded}}))
"""


def _floor(third_party: list[str]) -> list[str]:
    """The floor's code: import those modules in the order the handler loaded them (+ a first model)."""
    code = [
        "import importlib",
        f"for _name in {third_party!r}:",
        "    try:\n        importlib.import_module(_name)\n    except ImportError:\n        pass",
    ]
    return code + ([FIRST_MODEL] if "pydantic" in third_party else [])


def _timed(statements: list[str]) -> str:
    """Code that prints the wall and CPU seconds its imports take."""
    body = "\n".join(statements)
    return (
        f"{FROM_SOURCE}\nimport time\n_w, _c = time.perf_counter(), time.process_time()\n{body}\n"
        "print(time.perf_counter() - _w, time.process_time() - _c)\n"
    )


def _run(code: str) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **LAMBDA_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode:
        raise RuntimeError(f"child failed:\n{code}\n{result.stderr[-2000:]}")
    return result.stdout.strip().splitlines()[-1]


def _sample(code: str) -> tuple[float, float]:
    wall, cpu = _run(code).split()
    return float(wall), float(cpu)


@dataclass
class ImportFigures:
    """Samples are (wall, cpu) seconds; the ratio compares CPU medians."""

    handler: str
    third_party: list[str]
    clients_at_import: list[str]
    handler_s: list[tuple[float, float]] = field(default_factory=list)
    floor_s: list[tuple[float, float]] = field(default_factory=list)

    def ms(self, samples: list[tuple[float, float]], which: int) -> float:
        return statistics.median(s[which] for s in samples) * 1000

    @property
    def ratio(self) -> float:
        return self.ms(self.handler_s, 1) / self.ms(self.floor_s, 1)

    @property
    def packages(self) -> str:
        counts = Counter(m.split(".")[0] for m in self.third_party)
        return ", ".join(f"{p} ({n})" for p, n in sorted(counts.items()))


def inspect_handler(module: str) -> ImportFigures:
    found = json.loads(_run(FROM_SOURCE + INSPECT.format(module=module)))
    return ImportFigures(module, found["third_party"], found["clients"])


def measure_imports(runs: int, progress: Callable[[str], None]) -> list[ImportFigures]:
    figures = [inspect_handler(h) for h in handler_modules()]
    for i in range(runs):  # interleaved, so a busy moment on the machine hits every column alike
        progress(f"imports: run {i + 1}/{runs}")
        for f in figures:
            f.handler_s.append(_sample(_timed([f"import {f.handler}"])))
            f.floor_s.append(_sample(_timed(_floor(f.third_party))))
    return figures


def import_table(figures: list[ImportFigures], runs: int, baseline: Baseline) -> str:
    lines = [
        f"Medians of {runs} fresh processes each: CPU ms (wall ms).",
        "",
        f"| handler module | import | floor | ratio | ≤ {TARGET_RATIO} | AWS clients / sockets at import "
        "| vs baseline |",
        "|---|---:|---:|---:|:-:|---|---:|",
    ]
    for f in figures:
        ok = "✓" if f.ratio <= TARGET_RATIO else "✗"
        versus = baseline.versus("imports", f.handler, "import_ratio", round(f.ratio, 3))
        lines.append(
            f"| `{f.handler}` | {f.ms(f.handler_s, 1):.0f} ({f.ms(f.handler_s, 0):.0f}) | "
            f"{f.ms(f.floor_s, 1):.0f} ({f.ms(f.floor_s, 0):.0f}) | {f.ratio:.2f} | {ok} | "
            f"{', '.join(f.clients_at_import) or 'none'} | {versus} |"
        )
    lines += ["", "Floor packages (modules loaded):", ""]
    floors: dict[str, list[str]] = {}
    for f in figures:
        floors.setdefault(f.packages, []).append(f"`{f.handler}`")
    lines += [f"- {', '.join(handlers)}: {packages}" for packages, handlers in floors.items()]
    return "\n".join(lines)


# ================================================================ 2. DynamoDB calls per operation
def operations_table(results: list[OperationFigures], baseline: Baseline) -> str:
    lines = [
        "| operation | HTTP | DynamoDB calls | RCU | WCU | call bar | vs baseline |",
        "|---|---:|---|---:|---:|:-:|---:|",
    ]
    for r in results:
        versus = baseline.versus("dynamodb", r.label, "dynamodb_calls", r.total_calls)
        lines.append(f"| `{r.label}` | {r.status} | {r.calls_text} | {r.rcu:g} | {r.wcu:g} | {r.verdict} | {versus} |")
    return "\n".join(lines)


# ================================================================ 3. the expiry job
def expiry_table(total: int, due: int, baseline: Baseline) -> str:
    if importlib.util.find_spec("tests.bench.expiry") is None:
        return "tests/bench/expiry.py is not there yet: no figure."
    from shared import runtime
    from tests.bench.expiry import measure
    from tests.support.aws import mocked_aws

    with mocked_aws():
        r = measure(runtime.store(), total, due)
    by_operation = ", ".join(f"{n} by {op}" for op, n in sorted(r["items_by_operation"].items()))
    versus = baseline.versus("expiry", "expiry job", "items_read_per_due_item", r["items_read_per_due_item"])
    return (
        "| claims in the table | due now | items read (by operation) | items read per due item | run "
        "| vs baseline |\n|---:|---:|---|---:|---:|---:|\n"
        f"| {r['claims']} | {r['due']} | {r['items_read']} ({by_operation}) | "
        f"**{r['items_read_per_due_item']}** | {r['run_seconds']} s | {versus} |"
    )


# ================================================================ 4. the handler's own time
def own_time_table(own: list[OwnTime], baseline: Baseline) -> str:
    runs = max((len(o.samples) for o in own), default=0)
    lines = [
        f"{runs} runs of each operation: own time = the handler invocation minus its time inside botocore "
        "calls, CPU ms (wall ms); p99 of this many runs is the slowest one.",
        "",
        "| operation | own p50 | own p99 | in botocore + moto, p50 wall ms | list items | vs baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for o in own:
        versus = baseline.versus("handlers", o.label, "own_cpu_p50_ms", round(o.ms("own_cpu", 50), 3))
        items = ", ".join(str(n) for n in sorted(o.page_items))
        failed = f" ✗ {o.failures}" if o.failures else ""
        lines.append(
            f"| `{o.label}`{failed} | {o.ms('own_cpu', 50):.2f} ({o.ms('own_wall', 50):.2f}) | "
            f"{o.ms('own_cpu', 99):.2f} ({o.ms('own_wall', 99):.2f}) | {o.aws_wall_p50_ms:.0f} | "
            f"{items} | {versus} |"
        )
    return "\n".join(lines)


# ================================================================ 5. the local runner's throughput
def throughput_table(t: Throughput, baseline: Baseline) -> str:
    versus = baseline.versus("runner", f"{t.clients} clients", "requests_per_second", round(t.per_second, 2))
    failures = ", ".join(f"{label}: {status} ×{n}" for (label, status), n in sorted(t.failures.items(), key=str))
    lines = [
        mix_text(),
        "",
        "| clients | requests (reads + writes) | seconds | requests/s | p50 ms | p99 ms | reads p50 / p99 "
        "| writes p50 / p99 | non-2xx | vs baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {t.clients} | {t.requests} ({len(t.read_s)} + {len(t.write_s)}) | {t.seconds:.1f} | "
        f"{t.per_second:.1f} | {t.all_ms(50):.0f} | {t.all_ms(99):.0f} | "
        f"{t.ms(t.read_s, 50):.0f} / {t.ms(t.read_s, 99):.0f} | "
        f"{t.ms(t.write_s, 50):.0f} / {t.ms(t.write_s, 99):.0f} | {t.errors or 0}{' ✗' if t.errors else ''} | "
        f"{versus} |",
    ]
    return "\n".join(lines + (["", f"Failed: {failures}"] if failures else []))


# ================================================================ 6. the local runner over a long load
SOAK_GOALS = {"rss_mb": 500.0, "flat": 1.5, "stop_seconds": 5.0}


def soak_table(soak: Soak) -> tuple[str, list[str]]:
    """The table, and which goals it missed."""
    last = soak.checkpoints[-1]
    missed = [
        f"soak: {what}"
        for what, bad in (
            (
                f"RSS {last.rss_mb:.0f} MB at {last.requests} requests (goal <= {SOAK_GOALS['rss_mb']:.0f})",
                last.rss_mb > SOAK_GOALS["rss_mb"],
            ),
            (f"p50 grew x{soak.flat:.2f} (goal <= {SOAK_GOALS['flat']})", soak.flat > SOAK_GOALS["flat"]),
            (
                f"stopping took {soak.stop_seconds:.1f} s (goal < {SOAK_GOALS['stop_seconds']:.0f})",
                soak.stop_seconds >= SOAK_GOALS["stop_seconds"],
            ),
        )
        if bad
    ]
    missed += [f"soak: {label}: {status} x{n}" for (label, status), n in sorted(soak.failures.items(), key=str)]
    lines = [
        f"The mix of section 5 without survey sends, {len(soak.checkpoints)} checkpoints; latency is the last "
        f"{WINDOW} requests before each. {soak.seconds:.0f} s of load; stopped (SIGTERM to exit) in "
        f"{soak.stop_seconds:.1f} s. p50 at the last checkpoint / p50 at the first: x{soak.flat:.2f}.",
        "",
        "| requests | RSS MB | p50 ms | p99 ms |",
        "|---:|---:|---:|---:|",
    ]
    lines += [f"| {c.requests} | {c.rss_mb:.0f} | {c.p50_ms:.0f} | {c.p99_ms:.0f} |" for c in soak.checkpoints]
    return "\n".join(lines), missed


# ================================================================ main
PARTS = ("imports", "dynamodb", "expiry", "handlers", "runner", "soak")
RUNNER_REQUESTS = 120  # 30 per client


@dataclass(frozen=True)
class Sizes:
    """How much each part measures: the full run, or --quick (a regression check in about a minute)."""

    import_runs: int
    claims: int
    due: int
    handler_runs: int
    runner_requests: int
    soak_checkpoints: tuple[int, ...]

    @classmethod
    def of(cls, quick: bool, runs: int | None) -> Sizes:
        # The expiry figure must not grow with the table, so 2,000 claims compare with 20,000. The runner's
        # throughput load stays the same, so that runs compare; the soak is what shows growth.
        if quick:
            return cls(runs or 5, 2_000, 50, 8, RUNNER_REQUESTS, (500, 1_000))
        return cls(runs or 15, 20_000, 50, 50, RUNNER_REQUESTS, CHECKPOINTS)


def measure_and_print(parts: set[str], sizes: Sizes, baseline: Baseline, progress: Callable[[str], None]) -> list[str]:
    """Measure the parts asked for and print their tables; return what failed (beyond the regressions)."""
    failed: list[str] = []
    sections: list[tuple[str, str]] = []
    if "imports" in parts:
        figures = measure_imports(sizes.import_runs, progress)
        sections.append(
            (
                "1. Cold import per handler (Lambda-like environment) vs its floor",
                import_table(figures, sizes.import_runs, baseline),
            )
        )
    if parts & {"dynamodb", "handlers"}:
        progress("DynamoDB calls per operation" + (" and handler own time" if "handlers" in parts else ""))
        calls, own = measure_operations(sizes.handler_runs if "handlers" in parts else 0, progress)
        if "dynamodb" in parts:
            sections.append(
                ("2. DynamoDB calls per API operation (in-process moto)", operations_table(calls, baseline))
            )
        failed += [f"handler own time: {o.label}: {o.failures}" for o in own if o.failures]
    if "expiry" in parts:
        progress(f"expiry job over {sizes.claims} claims")
        sections.append(("3. Scheduled job: items read per due item", expiry_table(sizes.claims, sizes.due, baseline)))
    if "handlers" in parts:
        sections.append(
            (
                "4. Handler own time per API operation, without the AWS calls (in-process moto)",
                own_time_table(own, baseline),
            )
        )
    if "runner" in parts:
        throughput = measure_throughput(sizes.runner_requests, progress)
        sections.append(
            (
                "5. Local runner throughput, mixed read/write load (moto, not AWS)",
                throughput_table(throughput, baseline),
            )
        )
        failed += [f"local runner: {throughput.errors} non-2xx answers"] if throughput.errors else []
    if "soak" in parts:
        table, missed = soak_table(measure_soak(progress, sizes.soak_checkpoints))
        sections.append(("6. Local runner over a long load: memory, latency, stopping", table))
        failed += missed
    for title, table in sections:
        print(f"\n## {title}\n\n{table}")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="5 import runs, 2,000 claims, 8 handler runs (about a minute)"
    )
    parser.add_argument("--runs", type=int, help="fresh processes per import figure (default 15, quick 5)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"which tables, comma-separated: {', '.join(PARTS)}")
    parser.add_argument("--save-baseline", action="store_true", help=f"save this run's figures to {BASELINE}")
    parser.add_argument("--check", action="store_true", help="exit 1 on a regression beyond tolerance or a failure")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    if parts - set(PARTS):
        parser.error(f"unknown parts {', '.join(sorted(parts - set(PARTS)))}; choose from {', '.join(PARTS)}")
    sizes, baseline = Sizes.of(args.quick, args.runs), Baseline.load()
    started = time.monotonic()

    def progress(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    command = " ".join(["python -m tests.bench", *(argv if argv is not None else sys.argv[1:])])
    print(f"# make bench — `{command}` (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)\n")
    print(
        f"vs baseline: `{BASELINE.relative_to(ROOT)}`, saved by {baseline.recorded}; ✗ = worse than its "
        f"tolerance ({tolerances_text()})."
    )
    failed = measure_and_print(parts, sizes, baseline, progress)
    print(f"\n{time.monotonic() - started:.0f} s.", end=" ")
    problems = [str(r) for r in baseline.regressions] + failed
    print("Regressions and failures:" if problems else "No regression beyond tolerance, no failure.")
    for problem in problems:
        print(f"- {problem}")
    if args.save_baseline:
        baseline.save(command, datetime.now(UTC).strftime("%Y-%m-%d"))
        print(f"Saved these figures to {BASELINE.relative_to(ROOT)}.")
    return 1 if args.check and problems else 0


def tolerances_text() -> str:
    names = {
        "import_ratio": "import ratio",
        "dynamodb_calls": "DynamoDB calls",
        "items_read_per_due_item": "items read per due item",
        "own_cpu_p50_ms": "own time p50",
        "requests_per_second": "runner requests/s",
    }
    return ", ".join(f"{names[m]} {t.describe()}" for m, t in TOLERANCES.items())


if __name__ == "__main__":
    sys.exit(main())
