"""The breaking-change check of the API document (tests/openapi_breaking.py) on the committed document."""

import copy
import json

from tests.openapi_breaking import DOCUMENT, ROOT, announced, breaking_changes

CURRENT = json.loads((ROOT / DOCUMENT).read_text())


def test_the_same_document_breaks_nothing():
    assert breaking_changes(CURRENT, CURRENT) == []


def test_an_added_operation_and_field_break_nothing():
    after = copy.deepcopy(CURRENT)
    after["paths"]["/reports"] = {"get": {"responses": {"200": {"description": "A report"}}}}
    after["components"]["schemas"]["Claim"]["properties"]["region"] = {"type": "string"}
    assert breaking_changes(CURRENT, after) == []


def test_a_removed_operation_or_response_field_breaks_clients():
    after = copy.deepcopy(CURRENT)
    del after["paths"]["/labels"]
    del after["components"]["schemas"]["Claim"]["properties"]["comments"]
    changes = breaking_changes(CURRENT, after)
    assert "paths./labels: Path removed" in changes
    assert any(c.startswith("operations.GET /claims/{claim_id}.") and "comments" in c for c in changes)


def test_only_a_new_major_version_announces_a_break():
    after = copy.deepcopy(CURRENT)
    after["info"]["version"] = CURRENT["info"]["version"].replace("1.", "2.", 1)
    assert announced(CURRENT, after)
    after["info"]["version"] = "1.9.0"
    assert not announced(CURRENT, after)
