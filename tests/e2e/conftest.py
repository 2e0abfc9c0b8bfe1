"""End-to-end fixtures: one real local runner (`python -m infra.local.runner`, tests/support/runner.py) per
test session, on a free port, driven over HTTP like a client would; headless Chromium for the browser tests."""

from __future__ import annotations

import os

import pytest

from tests.support.portal import UI_TIMEOUT
from tests.support.runner import running_runner, user_maker

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def runner(tmp_path_factory):
    with running_runner(tmp_path_factory.mktemp("runner")) as base:
        yield base


@pytest.fixture
def as_user(runner):
    return user_maker(runner)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (never `playwright install`)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def patient_expect():
    """expect()'s default wait (5 s) is short for a busy CI machine; restored for the other modules. The
    portal's browser tests use it for their whole module (`pytest.mark.usefixtures`)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=UI_TIMEOUT)
    yield
    expect.set_options(timeout=None)
