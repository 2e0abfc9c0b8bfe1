"""The program's black-box contract suite (when present, see contract_run.py) against a fresh local runner,
inside `make test`."""

import pytest

from tests.e2e.contract_run import CONTRACT, run


@pytest.mark.skipif(not CONTRACT.is_dir(), reason="no contract suite at CONTRACT_DIR (optional)")
def test_contract_suite_passes_against_the_local_runner():
    assert run([]) == 0
