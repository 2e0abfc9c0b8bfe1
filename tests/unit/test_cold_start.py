"""The function's init: the collector is off while it runs and back on, with the init's heap frozen, after."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INIT_STATE = "import gc, {module}; print(gc.isenabled(), gc.get_freeze_count() > 0)"
DURING_INIT = "import gc, functions; print(gc.isenabled())"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_collector_is_off_while_a_function_initializes():
    assert _run(DURING_INIT) == "False"


HANDLERS = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in ROOT.glob("functions/*/*.py"))


@pytest.mark.parametrize("module", [m for m in HANDLERS if not m.endswith("__init__")])
def test_a_handler_module_ends_its_init_with_the_collector_on_and_its_heap_frozen(module):
    assert _run(INIT_STATE.format(module=module)) == "True True"
