"""Fixtures of the integration suite (on moto) that more than one module uses."""

from __future__ import annotations

import pytest

from tests.support.notifier import stream_reader


@pytest.fixture
def stream(aws):
    """Reads the table's stream like the event source mapping (with its filter: notification INSERTs)."""
    return stream_reader(aws.stream_arn)
