"""Fixtures shared by every suite.

- `aws`: moto in-process (`tests.support.aws.mocked_aws`) with the stack's resources created and the demo
  data seeded.
- `clock`: the application clock (advance it instead of sleeping).
- `synth`: the CDK app synthesized once per session (tests/support/synth.py): tests/infra and the
  IAM-enforced tier.
- `consented_nomination(...)`, `draft_claim(...)`, `ready_claim(...)`: the state later stages start from,
  built through the real store and services (not the HTTP routes of other functions). They are the
  plain functions `new_consented_nomination`, `new_draft_claim`, `new_ready_claim` of tests/support/store.py,
  which work inside `mocked_aws()` too (the benchmarks use them outside pytest).

Plain helpers (calling a handler as API Gateway would, the callers' claims, ...) are in tests/support/, whose
asserts pytest rewrites as it does the tests' (registered here, before anything imports them).
"""

from __future__ import annotations

import os

import pytest

from shared import runtime

pytest.register_assert_rewrite("tests.support")

from tests.support.aws import mocked_aws  # noqa: E402 — imported after the registration above
from tests.support.store import new_consented_nomination, new_draft_claim, new_ready_claim  # noqa: E402


@pytest.fixture
def aws():
    with mocked_aws() as resources:
        yield resources


@pytest.fixture
def clock(aws):
    return runtime.clock


# Factories as fixtures (they need the `aws` fixture); tests/bench/operations.py calls the functions directly.
@pytest.fixture
def consented_nomination(aws):
    return new_consented_nomination


@pytest.fixture
def draft_claim(aws):
    return new_draft_claim


@pytest.fixture
def ready_claim(aws):
    return new_ready_claim


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory):
    from tests.support.synth import synthesize

    return synthesize(tmp_path_factory.mktemp("cdk.out"))


SYNTH_USERS = ("tests/infra", "tests/integration/test_iam_enforced.py")


def pytest_collection_modifyitems(items):
    """E2E tests share one local runner per worker; keep each file on one xdist worker. The tests reading
    the synthesized stack share one synthesis: one worker for all of them."""
    for item in items:
        if any(user in str(item.fspath) for user in SYNTH_USERS):
            item.add_marker(pytest.mark.xdist_group("synth"))
        elif "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.xdist_group(os.path.dirname(str(item.fspath))))
