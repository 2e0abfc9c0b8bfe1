"""`make bench` (`python -m tests.bench [--quick] [--runs N] [--parts ...]`): what a request costs.

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
   reports none for transactions). DESIGN.md §5: a read is one call; a state change is one read and
   one TransactWriteItems.
3. Items the expiry job reads per due item (tests/bench_expiry.py).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OWN = ("functions", "shared")
TARGET_RATIO = 1.2
FIRST_MODEL = "import pydantic\nclass FloorModel(pydantic.BaseModel): pass"
LAMBDA_ENV = {
    "LAMBDA_TASK_ROOT": str(ROOT), "AWS_LAMBDA_FUNCTION_NAME": "bench", "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_EC2_METADATA_DISABLED": "true", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
    "TABLE_NAME": "workshop-claims", "BUCKET_NAME": "workshop-claims-evidence", "LANG": "C.UTF-8",
}


# ================================================================ 1. cold imports
def handler_modules() -> list[str]:
    from shared.routes import FUNCTIONS

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
    code = ["import importlib", f"for _name in {third_party!r}:",
            "    try:\n        importlib.import_module(_name)\n    except ImportError:\n        pass"]
    return code + ([FIRST_MODEL] if "pydantic" in third_party else [])


def _timed(statements: list[str]) -> str:
    """Code that prints the wall and CPU seconds its imports take."""
    body = "\n".join(statements)
    return (f"{FROM_SOURCE}\nimport time\n_w, _c = time.perf_counter(), time.process_time()\n{body}\n"
            "print(time.perf_counter() - _w, time.process_time() - _c)\n")


def _run(code: str) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **LAMBDA_ENV}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
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


def import_table(figures: list[ImportFigures], runs: int) -> str:
    lines = [f"Medians of {runs} fresh processes each: CPU ms (wall ms).", "",
             f"| handler module | import | floor | ratio | ≤ {TARGET_RATIO} | AWS clients / sockets at import |",
             "|---|---:|---:|---:|:-:|---|"]
    for f in figures:
        ok = "✓" if f.ratio <= TARGET_RATIO else "✗"
        lines.append(f"| `{f.handler}` | {f.ms(f.handler_s, 1):.0f} ({f.ms(f.handler_s, 0):.0f}) | "
                     f"{f.ms(f.floor_s, 1):.0f} ({f.ms(f.floor_s, 0):.0f}) | {f.ratio:.2f} | {ok} | "
                     f"{', '.join(f.clients_at_import) or 'none'} |")
    lines += ["", "Floor packages (modules loaded):", ""]
    floors: dict[str, list[str]] = {}
    for f in figures:
        floors.setdefault(f.packages, []).append(f"`{f.handler}`")
    lines += [f"- {', '.join(handlers)}: {packages}" for packages, handlers in floors.items()]
    return "\n".join(lines)


# ================================================================ 2. DynamoDB calls per operation
def item_size(item: dict) -> int:
    """DynamoDB's item size: attribute names plus values (numbers about 1 byte per 2 digits)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict) -> int:
    (kind, v), = value.items()
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
                (kind, spec), = entry.items()
                self.wcu += 2 * max(1, math.ceil(item_size(spec["Item"]) / 1024)) if kind == "Put" else 2
        elif op in ("PutItem", "UpdateItem", "DeleteItem"):
            self.wcu += max(1, math.ceil(item_size(params.get("Item", {})) / 1024))


READS, TX = ("GetItem", "Query", "BatchGetItem"), "TransactWriteItems"


@dataclass
class OperationFigures:
    label: str
    status: int
    calls: Counter
    rcu: float
    wcu: float

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
        return "✓" if reads <= 1 and writes <= 1 else "✗ over: one read + one transaction"


def measure_operations() -> list[OperationFigures]:
    from shared import runtime
    from tests.conftest import (
        call,
        mocked_aws,
        new_consented_nomination,
        new_draft_claim,
        new_ready_claim,
        partner,
        reviewer,
    )

    results: list[OperationFigures] = []
    pat, rv = partner("P-1001", "incentives-admin", "pat@p-1001.example"), reviewer()
    with mocked_aws():
        meter = DynamoDBMeter(runtime.dynamodb())

        def op(label: str, function: str, method: str, path: str, who: dict = pat, **kw: Any) -> Any:
            if _source(f"functions.{function}.app") is None:
                return None  # not built yet
            meter.reset()
            reply = call(function, method, path, claims=who, **kw)
            results.append(OperationFigures(label, reply.status, Counter(meter.calls), meter.rcu, meter.wcu))
            return reply.json

        draft, nomination = new_draft_claim()["claim_id"], new_consented_nomination()
        ready = [new_ready_claim() for _ in range(3)]
        op("GET /engagements", "claims", "GET", "/engagements")
        op("GET /claims", "claims", "GET", "/claims")
        op("GET /claims/{id}", "claims", "GET", f"/claims/{draft}")
        op("PATCH /claims/{id} (If-Match)", "claims", "PATCH", f"/claims/{draft}", body={"comments": "bench"},
           headers={"If-Match": '"1"'})
        op("POST /claims (open)", "claims", "POST", "/claims", body={"nomination_id": nomination.nomination_id})
        op("POST /claims/{id}/evidence/invoice/upload", "evidence", "POST", f"/claims/{draft}/evidence/invoice/upload",
           body={"file_name": "invoice.pdf", "content_type": "application/pdf", "size": 2048})
        op("GET /claims/{id}/evidence/invoice", "evidence", "GET", f"/claims/{ready[0]}/evidence/invoice")
        op("POST /claims/{id}/surveys/customer/send", "surveys", "POST", f"/claims/{draft}/surveys/customer/send")
        op("POST /claims/{id}/cancel", "claims", "POST", f"/claims/{draft}/cancel")
        op("POST /claims/{id}/submit", "claims", "POST", f"/claims/{ready[0]}/submit")
        op("POST /claims/{id}/submit (Idempotency-Key)", "claims", "POST", f"/claims/{ready[1]}/submit",
           headers={"Idempotency-Key": "bench-1"})
        op("GET /claims/{id}/history", "claims", "GET", f"/claims/{ready[0]}/history")
        call("claims", "POST", f"/claims/{ready[2]}/submit", claims=pat)
        op("GET /review/claims", "review", "GET", "/review/claims", rv)
        op("GET /review/claims/{id}", "review", "GET", f"/review/claims/{ready[0]}", rv)
        op("POST /review/claims/{id}/start", "review", "POST", f"/review/claims/{ready[0]}/start", rv)
        for claim_id in ready[1:]:
            call("review", "POST", f"/review/claims/{claim_id}/start", claims=rv)
        op("POST /review/claims/{id}/request-info", "review", "POST", f"/review/claims/{ready[0]}/request-info", rv,
           body={"reason_code": "missing_document", "message": "Please add the signed invoice."})
        op("POST /review/claims/{id}/approve", "review", "POST", f"/review/claims/{ready[1]}/approve", rv,
           body={"message": "Well done."})
        op("POST /review/claims/{id}/paid", "review", "POST", f"/review/claims/{ready[1]}/paid", rv,
           body={"remittance_ref": "REM-1"})
        op("POST /review/claims/{id}/reject", "review", "POST", f"/review/claims/{ready[2]}/reject", rv,
           body={"reason_code": "insufficient_proof", "message": "The findings are missing."})
        op("POST /claims/{id}/dispute", "claims", "POST", f"/claims/{ready[2]}/dispute",
           body={"message": "The findings are in the report."})
        notes = op("GET /notifications", "claims", "GET", "/notifications") or {"items": []}
        if notes["items"]:
            note_id = notes["items"][0]["notification_id"]
            op("POST /notifications/{id}/read", "claims", "POST", f"/notifications/{note_id}/read")
        op("GET /payments", "claims", "GET", "/payments")
        op("GET /engagements/{id}/customers", "customers", "GET", "/engagements/ENG-AI-WORKSHOP/customers")
        added = op("POST /engagements/{id}/customers", "customers", "POST", "/engagements/ENG-AI-WORKSHOP/customers",
                   body={"location_id": "L-1001", "customer_email": "casey@northwind.example"})
        if added:
            op("POST /nominations/{id}/consent-request", "customers", "POST",
               f"/nominations/{added['nomination_id']}/consent-request",
               body={"customer_contact": {"name": "Casey", "email": "casey@northwind.example"},
                     "partner_contact": {"name": "Pat", "email": "pat@p-1001.example"}})
    return results


def operations_table(results: list[OperationFigures]) -> str:
    lines = ["| operation | HTTP | DynamoDB calls | RCU | WCU | DESIGN §5 |", "|---|---:|---|---:|---:|:-:|"]
    for r in results:
        calls = " + ".join(f"{n} {op}" for op, n in sorted(r.calls.items(), key=lambda x: (x[0] != TX, x[0]))
                           if op != TX) or "0 reads"
        if r.calls[TX]:
            calls += f" + {r.calls[TX]} {TX}"
        lines.append(f"| `{r.label}` | {r.status} | {calls} | {r.rcu:g} | {r.wcu:g} | {r.verdict} |")
    return "\n".join(lines)


# ================================================================ 3. the expiry job
def expiry_reads(total: int, due: int) -> str | None:
    if importlib.util.find_spec("tests.bench_expiry") is None:
        return None
    from shared import runtime
    from tests.bench_expiry import measure
    from tests.conftest import mocked_aws

    with mocked_aws():
        r = measure(runtime.store(), total, due)
    by_operation = ", ".join(f"{n} by {op}" for op, n in sorted(r["items_by_operation"].items()))
    return ("| claims in the table | due now | items read (by operation) | items read per due item | run |\n"
            "|---:|---:|---|---:|---:|\n"
            f"| {r['claims']} | {r['due']} | {r['items_read']} ({by_operation}) | "
            f"**{r['items_read_per_due_item']}** | {r['run_seconds']} s |")


# ================================================================ main
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 import runs and a small expiry backlog")
    parser.add_argument("--runs", type=int, help="fresh processes per import figure (default 15, quick 5)")
    parser.add_argument("--parts", default="imports,dynamodb,expiry", help="which tables (comma-separated)")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    runs = args.runs or (5 if args.quick else 15)
    total, due = (2_000, 20) if args.quick else (20_000, 50)  # the figure must not grow with the table
    started = time.monotonic()

    def progress(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    figures = measure_imports(runs, progress) if "imports" in parts else []
    progress("DynamoDB calls per operation")
    operations = measure_operations() if "dynamodb" in parts else []
    progress(f"expiry job over {total} claims")
    expiry = expiry_reads(total, due) if "expiry" in parts else None

    command = " ".join(["python -m tests.bench", *(argv if argv is not None else sys.argv[1:])])
    print(f"# make bench — `{command}` (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{time.monotonic() - started:.0f} s)\n")
    print("## 1. Cold import per handler (Lambda-like environment) vs its floor\n")
    print(import_table(figures, runs))
    print("\n## 2. DynamoDB calls per API operation (in-process moto)\n")
    print(operations_table(operations))
    print("\n## 3. Scheduled job: items read per due item\n")
    print(expiry or "tests/bench_expiry.py is not there yet: no figure.")


if __name__ == "__main__":
    main()
