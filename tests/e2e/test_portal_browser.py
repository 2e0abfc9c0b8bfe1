"""The partner portal (web/, web/README.md) in headless Chromium against a fresh local runner, in `en` and `nl`:
sign in → add a customer → request consent → the customer accepts from the emailed link → Submit workshop
claim → upload a real PDF and PNG and see them received → send the customer survey (answered from its emailed
link) → answer the partner survey in the app → comments → Submit → a reviewer (through the API) starts and
approves → the partner sees the decision. axe-core scans every page, tab and open dialog the walk visits.
A text file named invoice.pdf is refused with its reason, and another file can then be picked.

The app is driven by its UI contract (URLs, button and input names) in the browser's language: the words come
from the app's own catalogues (web/src/i18n/*.json) and the API's /labels, never written here in English.
`SCREENSHOTS=1` also writes the README's screenshots into docs/screenshots/ (CI leaves them alone)."""

from __future__ import annotations

import os
import re
import uuid

import pytest
import requests

from tests.support.flows import fill, open_draft_claim
from tests.support.portal import AXE, DIST, ENGAGEMENT, ENGAGEMENTS, PARTNER, PDF, PNG, UI_TIMEOUT, Axe, Words, new_page
from tests.support.runner import ROOT, Client, running_runner, user_maker, wait_for_mail

# A group of its own under `--dist loadgroup`: the three tests share one fresh runner and one Chromium.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.xdist_group("portal-browser"),
    pytest.mark.usefixtures("patient_expect"),  # tests/e2e/conftest.py: expect() waits UI_TIMEOUT
]

REVIEWER = "rita@program.example"
SHOTS = ROOT / "docs" / "screenshots"
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
CHECK_TIMEOUT = 30_000  # ms: an upload checked by the runner's S3 → SQS consumer, seen by the page's polling
NOT_A_PDF = b"This is not a PDF, only some text.\n"  # a real PDF and PNG: tests/support/portal.py


# ---- the runner, the browser, helpers ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """A fresh runner with its demo seed, serving the built app (the session runner's clock is moved by others)."""
    if not DIST.exists() or not AXE.exists():
        pytest.fail("the browser tests drive the built app: run `make web` (npm ci and vite build) first")
    with running_runner(tmp_path_factory.mktemp("portal-runner")) as base:
        yield base


def shoot(page, name: str) -> None:
    """A README screenshot (the viewport, not the full page: small PNGs), only when SCREENSHOTS=1."""
    if not SCREENSHOTS:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)  # no hover state in the picture
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"), animations="disabled", caret="hide")


def sign_in(page, base: str, w: Words, axe: Axe | None = None) -> None:
    """Sign in at /app/sign-in with the demo partner admin's button (its name: email, role, partner id)."""
    from playwright.sync_api import expect

    page.goto(f"{base}/app/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text(w.t("signIn.title"))
    expect(page.locator("html")).to_have_attribute("lang", w.locale)
    button = page.get_by_role("button", name=re.compile(re.escape(PARTNER["email"])))
    for part in (PARTNER["role"], PARTNER["partner_id"]):
        expect(button).to_have_accessible_name(re.compile(re.escape(part)))
    if axe:
        axe.scan(page, "sign-in")
        if w.locale == "en":
            shoot(page, "sign-in")
    button.click()
    page.wait_for_url("**/app/engagements")
    expect(page.get_by_role("heading", level=1)).to_have_text(w.t("engagements.title"))


def proof_item(page, w: Words, item: str):
    """One proof item's box on the claim page (its h3 names the item)."""
    heading = page.get_by_role("heading", level=3, name=w.label("proof_items", item), exact=True)
    return heading.locator("xpath=ancestor::div[2]")


def expect_item(page, w: Words, item: str, status: str, timeout: float = UI_TIMEOUT) -> None:
    """A proof item's status badge says `status` (labels.uploadStatuses / labels.surveyStatuses)."""
    from playwright.sync_api import expect

    group = "uploadStatuses" if item in ("findings_report", "invoice") else "surveyStatuses"
    words = w.t(f"labels.{group}.{status}")
    expect(proof_item(page, w, item).get_by_text(words, exact=True)).to_be_visible(timeout=timeout)


def expect_status(page, text: str) -> None:
    """A role=status message (the app's polite confirmations) with `text`."""
    from playwright.sync_api import expect

    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


# ---- the walk ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_partner_walk_from_nomination_to_approval(browser, portal, locale):
    from playwright.sync_api import expect

    w, axe = Words(portal, locale), Axe(locale)
    t = w.t
    domain = f"c{uuid.uuid4().hex[:10]}.example"
    nominee = f"it-{uuid.uuid4().hex[:6]}@{domain}"
    contact = {"name": "Ann Walker", "email": f"ann-{uuid.uuid4().hex[:6]}@{domain}"}  # on the customer's domain
    customer_name = f"Northwind {uuid.uuid4().hex[:4].upper()}"
    context, page = new_page(browser, locale)
    try:
        # Sign in with the demo user's button; the app speaks the browser's language.
        sign_in(page, portal, w, axe)
        expect(page.get_by_role("table")).to_be_visible()
        axe.scan(page, "engagements")

        # The engagement's customers page, each tab.
        page.get_by_role("link", name=ENGAGEMENTS[ENGAGEMENT]["name"]).click()
        page.wait_for_url(re.compile(rf"/app/engagements/{ENGAGEMENT}/customers\?tab=eligible$"))
        expect(page.get_by_role("table")).to_be_visible()
        for tab in ("ineligible", "completed", "eligible"):
            page.get_by_role("tab", name=t(f"customers.tabs.{tab}"), exact=True).click()
            page.wait_for_url(re.compile(rf"tab={tab}$"))
            expect(page.get_by_role("tab", selected=True)).to_have_text(t(f"customers.tabs.{tab}"))
            expect(page.get_by_role("table").or_(page.get_by_text(t(f"customers.empty.{tab}")))).to_be_visible()
            axe.scan(page, f"customers ({tab})")
        if locale == "en":
            shoot(page, "customers")

        # Add customer: the location, a fresh email on a fresh domain, a fresh tenant id.
        page.get_by_role("button", name=t("customers.addCustomer"), exact=True).click()
        dialog = page.get_by_role("dialog", name=t("addCustomer.title"))
        expect(dialog).to_be_visible()
        axe.scan(page, "add customer dialog")
        expect(dialog.get_by_label(t("addCustomer.location"))).to_have_value("L-1001")  # the partner's only location
        dialog.get_by_label(t("addCustomer.email")).fill(nominee)
        dialog.get_by_label(t("addCustomer.name")).fill(customer_name)
        dialog.get_by_label(t("addCustomer.tenant")).fill(str(uuid.uuid4()))
        if locale == "en":
            shoot(page, "add-customer")
        dialog.get_by_role("button", name=t("addCustomer.save"), exact=True).click()
        expect(dialog).to_be_hidden()
        expect_status(page, t("customers.added", email=nominee))

        # Request consent from the new row: a named customer contact on the customer's domain, the partner contact.
        row = page.get_by_role("row").filter(has_text=nominee)
        expect(row).to_contain_text(w.label("nomination_statuses", "awaiting_consent"))
        row.get_by_role("button", name=t("customers.actions.requestConsent"), exact=True).click()
        dialog = page.get_by_role("dialog", name=t("consent.title"))
        expect(dialog).to_be_visible()
        axe.scan(page, "request consent dialog")
        for legend, person in (("consent.customerContact", contact), ("consent.partnerContact", PARTNER)):
            group = dialog.get_by_role("group", name=t(legend))
            group.get_by_role("textbox", name=t("contacts.name")).fill(person["name"])
            group.get_by_role("textbox", name=t("contacts.email")).fill(person["email"])
        dialog.get_by_role("button", name=t("consent.send"), exact=True).click()
        expect(dialog).to_be_hidden()
        expect_status(page, t("customers.consentSent", email=contact["email"]))

        # The customer accepts from the emailed link.
        [mail] = wait_for_mail(portal, contact["email"], lambda m: any("/public/consent/" in x for x in m["links"]))
        link = next(x for x in mail["links"] if "/public/consent/" in x)
        accepted = requests.post(
            portal + link[link.index("/public/") :],
            json={"decision": "accept"},
            headers={"Accept": "application/json"},
            timeout=10,
        )
        assert accepted.status_code == 200, accepted.text

        # Back in the app: the row is consented, and its action opens the claim.
        page.reload()
        row = page.get_by_role("row").filter(has_text=nominee)
        expect(row).to_contain_text(w.label("nomination_statuses", "consented"))
        row.get_by_role("button", name=t("customers.actions.submitClaim"), exact=True).click()
        page.wait_for_url(re.compile(r"/app/claims/[^/?#]+$"))
        claim_id = page.url.rsplit("/", 1)[1]
        expect(page.get_by_role("heading", level=1)).to_have_text(t("claim.title", claim=claim_id))
        expect(page.get_by_role("main")).to_contain_text(customer_name)
        axe.scan(page, "claim page (draft)")

        # Both documents, real files through the labelled inputs, until both are received.
        page.get_by_label(t("claim.upload.inputLabel.findings_report"), exact=True).set_input_files(
            {"name": "Findings and recommendations.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_label(t("claim.upload.inputLabel.invoice"), exact=True).set_input_files(
            {"name": "Invoice 2026-0042.png", "mimeType": "image/png", "buffer": PNG}
        )
        for item in ("findings_report", "invoice"):
            expect_item(page, w, item, "received", timeout=CHECK_TIMEOUT)
            download = t("claim.upload.download", item=w.label("proof_items", item))
            expect(proof_item(page, w, item).get_by_role("button", name=download)).to_be_visible()
        expect(proof_item(page, w, "findings_report")).to_contain_text("Findings and recommendations.pdf")

        # The customer survey by email, answered from its link.
        page.get_by_role("button", name=t("claim.surveys.send.customer"), exact=True).click()
        survey = proof_item(page, w, "customer_survey")
        expect(survey.get_by_role("button", name=t("claim.surveys.resend.customer"), exact=True)).to_be_visible()
        expect(survey).to_contain_text(t("claim.surveys.sentTo", email=contact["email"]))
        [mail] = wait_for_mail(portal, contact["email"], lambda m: any("/public/surveys/" in x for x in m["links"]))
        answered = fill(next(x for x in mail["links"] if "/public/surveys/" in x))
        assert answered.status_code == 200, answered.text

        # The partner survey, answered in the app.
        page.get_by_role("button", name=t("claim.surveys.answerInApp"), exact=True).click()
        form = page.locator("#partner-survey-form")
        expect(form).to_be_visible()
        axe.scan(page, "claim page (partner survey form)")
        for qid, answer in (("delivered_as_planned", t("common.yes")), ("customer_engagement", "5")):
            group = form.get_by_role("radiogroup", name=w.question("partner", qid))
            group.get_by_role("radio", name=answer, exact=True).check()
        form.get_by_label(w.question("partner", "next_steps")).fill("A pilot of the top two use cases in Q3.")
        form.get_by_role("button", name=t("claim.surveys.saveAnswers"), exact=True).click()
        expect(form).to_be_hidden()
        expect_item(page, w, "partner_survey", "completed")

        # Comments for the reviewer.
        comments = "Workshop held on site with 8 attendees; the attendance list is in the findings document."
        page.get_by_label(t("claim.comments.label"), exact=True).fill(comments)
        page.get_by_role("button", name=t("claim.comments.save"), exact=True).click()
        expect_status(page, t("claim.comments.saved"))

        # All four items complete (the customer's answer shows after a reload): Submit.
        page.reload()
        expect_item(page, w, "customer_survey", "completed")
        expect(page.get_by_text(t("claim.submit.ready"))).to_be_visible()
        expect(page.get_by_label(t("claim.comments.label"), exact=True)).to_have_value(comments)
        axe.scan(page, "claim page (ready to submit)")
        if locale == "en":
            shoot(page, "claim")
            page.set_viewport_size({"width": 390, "height": 844})
            axe.scan(page, "claim page at 390 px")
            shoot(page, "claim-390")
            page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name=t("claim.submit.button"), exact=True).click()
        expect(page.get_by_text(t("claim.messages.submitted"))).to_be_visible()
        axe.scan(page, "claim page (submitted)")

        # A reviewer starts the review and approves, through the API.
        reviewer = Client(portal, REVIEWER, "reviewer")
        for action, body, status in (
            ("start", None, "under_review"),
            ("approve", {"message": "Complete and clear. Thank you."}, "approved"),
        ):
            r = reviewer.post(f"/review/claims/{claim_id}/{action}", json=body)
            assert (r.status_code, r.json().get("status")) == (200, status), r.text

        # The partner sees the decision: the claim approved, its notification, an unread count in the header.
        page.reload()
        expect(page.get_by_text(t("claim.messages.approved"), exact=True)).to_be_visible()
        notes = page.locator("#claim-notifications")
        expect(notes.get_by_role("heading", name=w.label("notification_kinds", "approved"))).to_be_visible()
        unread = re.escape(t("nav.unreadCount", count=1000)).replace("1000", r"[1-9]\d*")  # "(n unread)", n > 0
        nav = page.get_by_role("navigation")
        expect(nav.get_by_role("link", name=t("nav.notifications"))).to_have_accessible_name(re.compile(unread))
        axe.scan(page, "claim page (approved)")
        shoot(page, "claim-approved" if locale == "en" else "claim-nl")

        # The partner's other pages: claims, notifications (linking to the claim), payments (admins only).
        nav.get_by_role("link", name=t("nav.claims")).click()
        page.wait_for_url("**/app/claims")
        expect(page.get_by_role("row").filter(has_text=claim_id)).to_contain_text(w.label("statuses", "approved"))
        axe.scan(page, "claims")
        nav.get_by_role("link", name=t("nav.notifications")).click()
        page.wait_for_url("**/app/notifications")
        expect(page.get_by_role("link", name=t("notifications.openClaim", claim=claim_id)).first).to_be_visible()
        axe.scan(page, "notifications")
        nav.get_by_role("link", name=t("nav.payments")).click()
        page.wait_for_url("**/app/payments")
        expect(page.get_by_role("row").filter(has_text=claim_id)).to_be_visible()
        axe.scan(page, "payments")
    finally:
        context.close()
        axe.report()
    axe.assert_clean()


# ---- a refused upload ---------------------------------------------------------------------------------------


def test_a_text_file_named_pdf_is_refused_with_its_reason_and_another_file_can_be_picked(browser, portal):
    from playwright.sync_api import expect

    p, claim_id = open_draft_claim(user_maker(portal))  # consented and opened through the API: the walk did that
    w, axe = Words(portal, "en"), Axe("en")
    t = w.t
    context, page = new_page(browser, "en")
    try:
        sign_in(page, portal, w)
        page.goto(f"{portal}/app/claims/{claim_id}")
        expect_item(page, w, "invoice", "missing")

        picker = page.get_by_label(t("claim.upload.inputLabel.invoice"), exact=True)
        picker.set_input_files({"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": NOT_A_PDF})
        expect_item(page, w, "invoice", "rejected", timeout=CHECK_TIMEOUT)
        reason = p.get(f"/claims/{claim_id}").json()["proof"]["invoice"]["reason"]
        assert reason, "the API gives no reason for the refusal"
        invoice = proof_item(page, w, "invoice")
        refusal = invoice.get_by_text(t("claim.upload.rejected"))
        expect(refusal).to_be_visible()
        for words in (reason, t("claim.upload.pickAnother"), "invoice.pdf"):
            expect(invoice).to_contain_text(words)
        axe.scan(page, "claim page (refused upload)")

        # The cancel confirmation, scanned while open, then kept.
        page.get_by_role("button", name=t("claim.cancel.button"), exact=True).click()
        confirm = page.get_by_role("alertdialog").or_(page.get_by_role("dialog"))
        expect(confirm).to_be_visible()
        axe.scan(page, "cancel claim confirmation")
        confirm.get_by_role("button", name=t("claim.cancel.keep"), exact=True).click()
        expect(confirm).to_be_hidden()

        # Another file, through the same input, replaces the refused one.
        expect(picker).to_be_enabled()
        picker.set_input_files({"name": "invoice.png", "mimeType": "image/png", "buffer": PNG})
        expect_item(page, w, "invoice", "received", timeout=CHECK_TIMEOUT)
        expect(refusal).to_be_hidden()

        # The language switcher: the page speaks Dutch at once, and still after a reload.
        nl = Words(portal, "nl")
        page.get_by_label(t("layout.language"), exact=True).select_option("nl")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("heading", level=2, name=nl.t("claim.proof.title"), exact=True)).to_be_visible()
        page.reload()
        expect(proof_item(page, nl, "invoice")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "nl")
    finally:
        context.close()
        axe.report()
    axe.assert_clean()
