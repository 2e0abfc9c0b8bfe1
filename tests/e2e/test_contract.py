"""The black-box contract suite (../shared/contract) against a fresh local runner, inside `make test`."""
import pytest

from tests.e2e.contract_run import CONTRACT, run


@pytest.mark.skipif(not CONTRACT.is_dir(), reason="../shared/contract is not beside this checkout")
def test_contract_suite_passes_against_the_local_runner():
    assert run([]) == 0
