"""`make contract`: start a fresh local runner and run the black-box suite in ../shared/contract on it."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.e2e.conftest import ROOT, free_port, start_runner

CONTRACT = ROOT.parent / "shared" / "contract"


def run(extra_args: list[str]) -> int:
    port = free_port()
    proc = start_runner(port, Path(tempfile.mkdtemp()) / "runner.log")
    try:
        env = {**os.environ, "CLAIMS_BASE_URL": f"http://127.0.0.1:{port}"}
        return subprocess.call([sys.executable, "-m", "pytest", str(CONTRACT), "-q", "-p", "no:cacheprovider",
                                "--rootdir", str(CONTRACT), *extra_args], env=env)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
