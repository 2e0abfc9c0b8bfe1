"""Fails when the API document breaks what a client of the last committed one relies on (a path, an
operation or a response field gone, a parameter or request field newly required, a type changed, an
enum narrowed), as api-schema-diff judges it, unless the document's major version moved on with it.

`python -m tests.openapi_breaking [BASE]` (`make openapi-breaking`, part of `make test`) compares
docs/openapi.json with the document at git revision BASE: by default the last commit's, or, when the
working tree's document is the last commit's (CI on a clean clone), the commit before it, so the commit
that lands a change is the one checked."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = "docs/openapi.json"
DIFF = Path(sys.executable).parent / "api-schema-diff"


def breaking_changes(before: dict, after: dict) -> list[str]:
    """What api-schema-diff finds breaking from `before` to `after`, one line each."""
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp, "old.json"), Path(tmp, "new.json")
        old.write_text(json.dumps(before))
        new.write_text(json.dumps(after))
        diff = subprocess.run([str(DIFF), str(old), str(new), "--format", "json"], capture_output=True, text=True)
    if diff.returncode not in (0, 1):
        raise RuntimeError(f"api-schema-diff failed: {diff.stderr or diff.stdout}")
    return [f"{change['path']}: {change['message']}" for change in json.loads(diff.stdout)["breaking"]]


def announced(before: dict, after: dict) -> bool:
    """A breaking change is allowed when the major version says so."""
    return str(before["info"]["version"]).split(".")[0] != str(after["info"]["version"]).split(".")[0]


def _committed(revision: str | None) -> tuple[str, dict] | None:
    def show(rev: str) -> str | None:
        found = subprocess.run(["git", "show", f"{rev}:{DOCUMENT}"], cwd=ROOT, capture_output=True, text=True)
        return found.stdout if found.returncode == 0 else None

    if revision is None:
        revision = "HEAD" if show("HEAD") != (ROOT / DOCUMENT).read_text() else "HEAD~1"
    text = show(revision)
    return (revision, json.loads(text)) if text is not None else None


def main(argv: list[str]) -> int:
    base = _committed(argv[0] if argv else None)
    if base is None:
        print(f"openapi-breaking: no earlier {DOCUMENT} to compare with")
        return 0
    revision, before = base
    after = json.loads((ROOT / DOCUMENT).read_text())
    changes = breaking_changes(before, after)
    for change in changes:
        print(f"  {change}")
    if not changes:
        print(f"openapi-breaking: nothing a client of {DOCUMENT} at {revision} relies on changed")
    elif announced(before, after):
        version = after["info"]["version"]
        print(f"openapi-breaking: {len(changes)} breaking changes, announced by info.version {version}")
    else:
        print(
            f"openapi-breaking: the {len(changes)} changes above break clients of {DOCUMENT} at {revision}. Keep the "
            "old shape (add, don't remove or rename), or raise info.version's major (shared/api/openapi.py)."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
