"""The public consent page in headless Chromium, with JavaScript off: it renders, the Accept button
records the consent, and the spent link shows the 410 page."""

from __future__ import annotations

import pytest

from tests.support.flows import consent_link

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_accept_in_a_browser_then_the_link_is_gone(browser, as_user):
    link, nomination = consent_link(as_user)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        response = page.goto(link)
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Do you agree to this workshop?"
        body = page.locator("main").inner_text()
        assert "AI Business Value Workshop" in body and "Contoso Consulting" in body and "UTC" in body
        assert page.get_by_role("group", name="Your answer").is_visible()
        decline = page.get_by_role("button", name="Decline")
        assert decline.is_visible()

        with page.expect_navigation():
            page.get_by_role("button", name="Accept").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your consent is recorded"
        assert page.get_by_role("status").is_visible()

        again = page.goto(link)
        assert again.status == 410
        assert page.get_by_role("heading", level=1).inner_text() == "This link is no longer valid"
        assert page.locator("form").count() == 0
    finally:
        context.close()

    p = as_user(partner_id="P-1001")
    rows = p.get("/engagements/ENG-AI-WORKSHOP/customers", params={"tab": "eligible"}).json()["items"]
    row = next(r for r in rows if r["nomination_id"] == nomination["nomination_id"])
    assert (row["status"], row["type"]) == ("consented", "active")
