"""The README's walk-through ("Walk through a claim with curl") runs as written: its bash blocks, between the
`walk-through` markers, in one `bash -euo pipefail` against a fresh local runner (the README's `API`
variable points them at it), must end with the claim approved. A step that breaks fails here, so the
README cannot rot. Also: the README still opens with `make run` and `make test`, and the walk needs only
bash, curl and python3.

A fresh runner of its own, as a newcomer's `make run` is: the walk nominates on a demo domain that is free
only once per runner, and the session runner's clock is moved by other tests."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests.support.runner import ROOT, Client, running_runner

pytestmark = pytest.mark.e2e  # under `--dist loadgroup` in the e2e files' group (tests/conftest.py)

README = ROOT / "README.md"
START = "<!-- walk-through: tests/e2e/test_readme_walk.py runs every bash block"
END = "<!-- walk-through end -->"
BLOCK = re.compile(r"^```bash\n(.*?)^```$", re.S | re.M)
CLAIM_LINE = "readme-walk-claim="


def walk_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1, "the README's walk-through markers are gone"
    section = text[text.index(START) : text.index(END)]
    blocks = BLOCK.findall(section)
    assert len(blocks) >= 10, f"only {len(blocks)} bash blocks in the README's walk-through"
    return blocks


@pytest.fixture(scope="module")
def fresh_runner(tmp_path_factory):
    with running_runner(tmp_path_factory.mktemp("readme-runner")) as base:
        yield base


def test_the_readme_opens_with_make_run_and_make_test():
    lines = README.read_text(encoding="utf-8").splitlines()
    commands = [line.split("#")[0].strip() for line in lines[2:4]]
    assert (lines[0], lines[1], commands) == ("# Workshop Claims", "", ["make run", "make test"])


def test_the_walk_needs_only_bash_curl_and_python3():
    script = "\n".join(walk_blocks())
    assert not re.search(r"\bjq\b", script), "jq is not on a fresh machine: read JSON with python3"
    assert "API=${API:-http://127.0.0.1:3000}" in script  # the test points the walk at its runner with it


def test_the_readme_walk_runs_as_written_and_ends_with_the_claim_approved(fresh_runner, tmp_path):
    # The blocks as written, one after the other in one shell (they share variables), then the claim's id.
    script = "\n".join(walk_blocks()) + f'\nprintf "\\n{CLAIM_LINE}%s\\n" "$CLAIM"\n'
    env = {**os.environ, "API": fresh_runner, "TMPDIR": str(tmp_path)}  # mktemp -d: under pytest's tmp_path
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    output = f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.returncode == 0, f"a step of the README's walk-through failed:\n{output}"

    found = re.search(rf"^{CLAIM_LINE}(clm_\w+)$", result.stdout, re.M)
    assert found, output
    claim_id = found.group(1)
    lines = result.stdout.splitlines()
    assert "approved" in lines, output  # what the README shows at its end

    # The state the walk says it made, read independently: another reviewer's dossier.
    dossier = Client(fresh_runner, "ravi@program.example", "reviewer").get(f"/review/claims/{claim_id}")
    assert dossier.status_code == 200, dossier.text
    claim = dossier.json()
    assert claim["status"] == "approved", claim
    assert claim["customer"]["email"] == "ann@northwind.example", claim["customer"]
    assert {kind: claim["proof"][kind]["status"] for kind in claim["proof"]} == {
        "findings_report": "received",
        "invoice": "received",
        "partner_survey": "completed",
        "customer_survey": "completed",
    }
    actions = [event["action"] for event in claim["history"]]
    assert actions[actions.index("submitted") :] == ["submitted", "review_started", "approved"], actions
