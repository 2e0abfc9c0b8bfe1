"""A browser upload: an HTML form with the presigned POST's fields as hidden inputs and a file input,
submitted by headless Chromium straight to the (moto) S3 endpoint; the item then becomes received."""

from __future__ import annotations

from html import escape

import pytest

from tests.support.flows import PDF, open_draft_claim, presign, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def upload_form(post: dict) -> str:
    """What a front end renders: every field hidden, the file input last (S3 ignores fields after it)."""
    hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in post["fields"].items())
    return (
        f'<!doctype html><html lang="en"><body><form method="post" enctype="multipart/form-data" '
        f'action="{escape(post["url"])}">{hidden}<label>Findings report <input type="file" name="file"></label>'
        '<button type="submit">Upload</button></form></body></html>'
    )


def test_a_form_upload_from_chromium_is_received(browser, as_user):
    p, claim_id = open_draft_claim(as_user)
    post = presign(p, claim_id, "findings_report", PDF, "application/pdf", "Workshop findings.pdf")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.set_content(upload_form(post))
        page.get_by_label("Findings report").set_input_files(
            {"name": "Workshop findings.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        with page.expect_response(lambda r: r.url == post["url"] and r.request.method == "POST") as sent:
            page.get_by_role("button", name="Upload").click()
        response = sent.value
        assert response.status == 204
        assert response.request.header_value("content-type").startswith("multipart/form-data; boundary=")
    finally:
        context.close()

    doc = wait_for(p, claim_id, "findings_report", "received")
    assert (doc["file_name"], doc["size"]) == ("Workshop findings.pdf", len(PDF))
    assert "findings_report" not in p.get(f"/claims/{claim_id}").json()["missing"]
