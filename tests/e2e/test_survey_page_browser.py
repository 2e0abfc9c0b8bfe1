"""Both survey pages in headless Chromium with JavaScript off, found by their accessible names: a missing
answer is explained on the re-filled page, the filled form completes the survey, the spent link shows
the 410 page."""

from __future__ import annotations

import re

import pytest

from tests.support.flows import open_draft_claim, send_survey

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def submit(page):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my answers").click()
    return navigation.value


def test_both_surveys_filled_in_a_browser(browser, as_user):
    p, claim_id = open_draft_claim(as_user)
    customer, partner = send_survey(p, claim_id, "customer"), send_survey(p, claim_id, "partner")
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        assert page.goto(customer).status == 200
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Your feedback on the AI Business Value Workshop"
        satisfaction = page.get_by_role("group", name=re.compile("How satisfied are you"))
        satisfaction.get_by_label("4").check()
        page.get_by_label(re.compile("Anything else you would like")).fill("Clear recommendations.")
        refused = submit(page)  # the yes/no question left open
        assert refused.status == 422
        assert "This question needs an answer." in page.get_by_role("alert").inner_text()
        useful = page.get_by_role("group", name=re.compile("Were the recommendations useful"))
        assert "This question needs an answer." in useful.inner_text()
        assert page.get_by_role("group", name=re.compile("How satisfied")).get_by_label("4").is_checked()
        assert page.get_by_label(re.compile("Anything else")).input_value() == "Clear recommendations."
        useful.get_by_label("Yes").check()
        assert submit(page).status == 200
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your answers"
        assert page.get_by_role("status").is_visible()

        assert page.goto(partner).status == 200
        page.get_by_role("group", name=re.compile("delivered as planned")).get_by_label("Yes").check()
        page.get_by_role("group", name=re.compile("How engaged")).get_by_label("5").check()
        page.get_by_label(re.compile("Which next steps")).fill("A pilot in Q1.")
        assert submit(page).status == 200

        again = page.goto(customer)
        assert again.status == 410
        assert page.get_by_role("heading", level=1).inner_text() == "This link is no longer valid"
        assert "send a new link" in page.locator("main").inner_text() and page.locator("form").count() == 0
    finally:
        context.close()

    claim = p.get(f"/claims/{claim_id}").json()
    assert {claim["proof"][k]["status"] for k in ("partner_survey", "customer_survey")} == {"completed"}
    assert sorted(claim["missing"]) == ["findings_report", "invoice"]
