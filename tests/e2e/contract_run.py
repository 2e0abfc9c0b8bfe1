"""`make contract`: start a fresh local runner and run the program's black-box suite on it. The suite is not
part of this repository: it is handed to the team, and found at `CONTRACT_DIR` (by default a
`shared/contract` folder beside the clone). Without it, nothing here needs it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.runner import ROOT, running_runner

CONTRACT = Path(os.environ.get("CONTRACT_DIR") or ROOT.parent / "shared" / "contract")


def run(extra_args: list[str]) -> int:
    with running_runner(Path(tempfile.mkdtemp())) as base:
        env = {**os.environ, "CLAIMS_BASE_URL": base}
        return subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                str(CONTRACT),
                "-q",
                "-p",
                "no:cacheprovider",
                "--rootdir",
                str(CONTRACT),
                *extra_args,
            ],
            env=env,
        )


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
