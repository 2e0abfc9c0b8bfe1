"""The figures of a `make bench` run saved as a baseline (docs/bench-baseline.json, `--save-baseline`), and
every run's "vs baseline" column: each compared figure next to its saved value, marked ✗ when it is
worse than its tolerance (`--check` then exits non-zero)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PATH = Path(__file__).resolve().parents[2] / "docs" / "bench-baseline.json"


@dataclass(frozen=True)
class Tolerance:
    """How far a figure may move the wrong way: by `delta` (now - before), or by the factor `ratio`."""

    delta: float | None = None
    ratio: float | None = None
    higher_is_better: bool = False

    def describe(self) -> str:
        if self.delta is not None:
            return "any increase" if self.delta == 0 else f"+{self.delta:g}"
        return f"×{self.ratio:g}"


TOLERANCES = {
    "import_ratio": Tolerance(delta=0.1),  # cold import / floor (section 1)
    "dynamodb_calls": Tolerance(delta=0),  # DynamoDB calls of one operation (section 2)
    "items_read_per_due_item": Tolerance(delta=0),  # the expiry job (section 3)
    "own_cpu_p50_ms": Tolerance(ratio=1.5),  # the handler's own time (section 4)
    "requests_per_second": Tolerance(ratio=0.7, higher_is_better=True),  # the local runner (section 5)
}


@dataclass(frozen=True)
class Regression:
    part: str
    key: str
    metric: str
    before: float
    now: float

    def __str__(self) -> str:
        return (
            f"{self.part}: {self.key}: {self.metric} {self.before:g} → {self.now:g} "
            f"(tolerance {TOLERANCES[self.metric].describe()})"
        )


class Baseline:
    """The saved figures, and the ones this run measured (recorded as its tables are printed)."""

    def __init__(self, saved: dict[str, Any], path: Path = PATH):
        self.saved, self.path = saved, path
        self.measured: dict[str, dict[str, dict[str, float]]] = {}
        self.regressions: list[Regression] = []

    @classmethod
    def load(cls, path: Path = PATH) -> Baseline:
        return cls(json.loads(path.read_text()) if path.is_file() else {}, path)

    @property
    def recorded(self) -> str:
        about = self.saved.get("recorded")
        return f"`{about['command']}` on {about['date']}" if about else "none saved yet"

    def versus(self, part: str, key: str, metric: str, now: float) -> str:
        """Record `now` and say how it compares with the saved figure: e.g. `=`, `+0.03`, `×1.12 ✗`."""
        self.measured.setdefault(part, {}).setdefault(key, {})[metric] = now
        before = self.saved.get(part, {}).get(key, {}).get(metric)
        if before is None:
            return "new"
        tolerance = TOLERANCES[metric]
        if tolerance.delta is not None:
            change = now - before
            counts = float(now).is_integer() and float(before).is_integer()
            text = "=" if change == 0 else f"{change:+.0f}" if counts else f"{change:+.2f}".replace("-0.00", "+0.00")
            worse = change > tolerance.delta + 1e-9
        else:
            ratio = tolerance.ratio
            assert ratio is not None, metric  # a tolerance has a delta or a ratio
            factor = now / before if before else math.inf
            text = f"×{factor:.2f}"
            worse = factor < ratio if tolerance.higher_is_better else factor > ratio
        if worse:
            self.regressions.append(Regression(part, key, metric, before, now))
        return f"{text} ✗" if worse else text

    def save(self, command: str, date: str) -> None:
        """Replace the saved figures of every part this run measured; keep the other parts."""
        saved = {**self.saved, **self.measured, "recorded": {"command": command, "date": date}}
        self.path.write_text(json.dumps(saved, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
