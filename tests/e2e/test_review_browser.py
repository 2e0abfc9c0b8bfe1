"""The review console (web/, web/README.md) in headless Chromium against a fresh local runner.

(a) In English, rita (a demo reviewer) signs in, opens the queue and a submitted claim's dossier (a PDF to preview
in a new tab, a PNG shown in the page, both downloadable), starts the review, approves it and records the
payment, seeing the status change at each step. (b) In Dutch, on a claim rita rejected and the partner disputed
(prepared through the API), rita is told another reviewer must decide (four eyes), and ravi rejects it for good.
axe-core scans every page and every open dialog. The words come from the app's catalogues and the API's /labels,
never written here in English."""

from __future__ import annotations

import re

import pytest
import requests

from tests.support.flows import fill, open_draft_claim, presign, send_like_a_browser, send_survey, wait_for
from tests.support.portal import AXE, DIST, PDF, PNG, Axe, Words, new_page
from tests.support.runner import Client, running_runner, user_maker

# A group of its own under `--dist loadgroup`: both tests share one fresh runner and one Chromium.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.xdist_group("review-browser"),
    pytest.mark.usefixtures("patient_expect"),  # tests/e2e/conftest.py: expect() waits UI_TIMEOUT
]

RITA, RAVI = "rita@program.example", "ravi@program.example"
PARTNER_NAME = "Contoso Consulting"  # the demo partner P-1001, whose user makes the claims


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    """A fresh runner with its demo seed, serving the built app."""
    if not DIST.exists() or not AXE.exists():
        pytest.fail("the browser tests drive the built app: run `make web` (npm ci and vite build) first")
    with running_runner(tmp_path_factory.mktemp("review-runner")) as base:
        yield base


def submitted_claim(base: str) -> tuple[Client, str]:
    """A claim submitted the real way: the findings as a PDF and the invoice as a PNG, both surveys answered."""
    partner, claim_id = open_draft_claim(user_maker(base))
    for kind, data, content_type, name in (
        ("findings_report", PDF, "application/pdf", "findings.pdf"),
        ("invoice", PNG, "image/png", "invoice.png"),
    ):
        send_like_a_browser(presign(partner, claim_id, kind, data, content_type, name), data, name, content_type)
    for kind in ("findings_report", "invoice"):
        wait_for(partner, claim_id, kind, "received")
    for kind in ("partner", "customer"):
        assert fill(send_survey(partner, claim_id, kind)).status_code == 200
    r = partner.post(f"/claims/{claim_id}/submit")
    assert (r.status_code, r.json()["status"]) == (200, "submitted"), r.text
    return partner, claim_id


def sign_in(page, base: str, w: Words, email: str, axe: Axe | None = None) -> None:
    """Sign in at /app/sign-in with the demo reviewer's button; a reviewer starts on the review queue."""
    from playwright.sync_api import expect

    page.goto(f"{base}/app/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text(w.t("signIn.title"))
    button = page.get_by_role("button", name=re.compile(re.escape(email)))
    expect(button).to_have_accessible_name(re.compile("reviewer"))
    if axe:
        axe.scan(page, "sign-in")
    button.click()
    page.wait_for_url("**/app/review")
    expect(page.get_by_role("heading", level=1)).to_have_text(w.t("review.title"))


def tab(page, w: Words, name: str):
    """A queue tab; its name is its label and, for the waiting ones, its count."""
    return page.get_by_role("tab", name=re.compile("^" + re.escape(w.t(f"review.tabs.{name}"))))


def expect_status(page, w: Words, status: str) -> None:
    """The dossier's summary shows the claim's status in the API's words."""
    from playwright.sync_api import expect

    summary = page.get_by_role("region", name=w.t("claim.summary.title"))
    expect(summary.get_by_text(w.label("statuses", status), exact=True)).to_be_visible()


def decide(page, w: Words, axe: Axe, action: str, button_key: str, fields: dict[str, str]):
    """Open an action's dialog, scan it, fill `fields` (label key → text; a reason is picked by its code),
    send it; returns the dialog (still open when the API refused)."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=w.t(button_key), exact=True).click()
    dialog = page.get_by_role("dialog", name=w.t(f"review.dialog.{action}.title"))
    expect(dialog).to_be_visible()
    axe.scan(page, f"{action} dialog")
    for key, value in fields.items():
        if key == "review.dialog.reason":
            dialog.get_by_label(w.t(key)).select_option(label=w.label("reason_codes", value))
        else:
            dialog.get_by_label(w.t(key)).fill(value)
    dialog.get_by_role("button", name=w.t(f"review.dialog.{action}.submit"), exact=True).click()
    return dialog


def test_a_reviewer_starts_approves_and_records_the_payment(browser, console):
    from playwright.sync_api import expect

    partner, claim_id = submitted_claim(console)
    w, axe = Words(console, "en"), Axe("en")
    t = w.t
    context, page = new_page(browser, "en")
    try:
        # The queue: every waiting claim by default, the claim among them; the Submitted tab has it too.
        sign_in(page, console, w, RITA, axe)
        expect(tab(page, w, "waiting")).to_have_attribute("aria-selected", "true")
        row = page.get_by_role("row").filter(has_text=claim_id)
        expect(row).to_contain_text(w.label("statuses", "submitted"))
        expect(row).to_contain_text(t("review.kinds.new"))
        axe.scan(page, "queue (all waiting)")
        tab(page, w, "submitted").click()
        page.wait_for_url(re.compile(r"/app/review\?status=submitted$"))
        expect(tab(page, w, "submitted")).to_have_attribute("aria-selected", "true")
        axe.scan(page, "queue (submitted)")

        # The dossier: partner, customer, the files (the PNG in the page, the PDF's preview in a new tab).
        page.get_by_role("row").filter(has_text=claim_id).get_by_role("link", name=claim_id).click()
        page.wait_for_url(f"**/app/review/claims/{claim_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("claim.title", claim=claim_id))
        expect_status(page, w, "submitted")
        summary = page.get_by_role("region", name=t("claim.summary.title"))
        expect(summary).to_contain_text(PARTNER_NAME)
        expect(summary).to_contain_text("P-1001")
        proof = page.get_by_role("region", name=t("claim.proof.title"))
        invoice, findings = w.label("proof_items", "invoice"), w.label("proof_items", "findings_report")
        image = proof.get_by_role("img", name=t("review.dossier.proof.imageAlt", item=invoice, file="invoice.png"))
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the invoice image did not load"
        preview_name = re.compile("^" + re.escape(t("review.dossier.proof.preview", item=findings)))
        preview = proof.get_by_role("link", name=preview_name)
        expect(preview).to_have_attribute("target", "_blank")
        preview_url = preview.get_attribute("href")
        assert preview_url, "the preview link has no href"
        shown = requests.get(preview_url, timeout=10)
        assert (shown.status_code, shown.content) == (200, PDF)
        assert shown.headers["Content-Type"] == "application/pdf"
        assert shown.headers["Content-Disposition"].startswith("inline")
        download = proof.get_by_role("link", name=t("claim.upload.download", item=findings), exact=True)
        download_url = download.get_attribute("href")
        assert download_url, "the download link has no href"
        downloaded = requests.get(download_url, timeout=10)
        assert downloaded.headers["Content-Disposition"].startswith("attachment")
        answers = page.get_by_role("region", name=t("review.dossier.surveys.title"))
        expect(answers).to_contain_text(w.question("partner", "delivered_as_planned"))
        axe.scan(page, "dossier (submitted)")

        # Start review → Approve (with a message) → Record payment (a reference is required).
        page.get_by_role("button", name=t("review.actions.start"), exact=True).click()
        expect(page.get_by_role("status").filter(has_text=t("review.actions.done.start"))).to_be_visible()
        expect_status(page, w, "under_review")
        axe.scan(page, "dossier (under review)")

        # By keyboard: the next actions have the focus; Request information opens, is scanned, and Escape closes it.
        ask = page.get_by_role("button", name=t("review.actions.requestInfo"), exact=True)
        expect(ask).to_be_focused()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name=t("review.dialog.request_info.title"))
        reasons = dialog.get_by_label(t("review.dialog.reason"))
        expect(reasons).to_contain_text(w.label("reason_codes", "invoice_mismatch"))
        axe.scan(page, "request information dialog")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(ask).to_be_focused()

        dialog = decide(
            page,
            w,
            axe,
            "approve",
            "review.actions.approve",
            {"review.dialog.messageOptional": "Complete and well documented."},
        )
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("status").filter(has_text=t("review.actions.done.approve"))).to_be_visible()
        expect_status(page, w, "approved")

        dialog = decide(page, w, axe, "paid", "review.actions.recordPayment", {})
        reference = dialog.get_by_label(t("review.dialog.remittance"))
        expect(reference).to_have_attribute("aria-invalid", "true")
        expect(dialog.get_by_text(t("validation.required"))).to_be_visible()
        axe.scan(page, "record payment dialog (reference missing)")
        reference.fill("REM-2026-0777")
        dialog.get_by_role("button", name=t("review.dialog.paid.submit"), exact=True).click()
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("status").filter(has_text=t("review.actions.done.paid"))).to_be_visible()
        expect_status(page, w, "paid")
        expect(summary).to_contain_text("REM-2026-0777")
        axe.scan(page, "dossier (paid)")
        page.set_viewport_size({"width": 390, "height": 844})
        axe.scan(page, "dossier at 390 px")
        page.set_viewport_size({"width": 1280, "height": 900})

        # Back in the queue, the claim waits no more; the partner's claim is paid.
        page.get_by_role("link", name=t("review.dossier.backToQueue"), exact=True).click()
        page.wait_for_url("**/app/review")
        expect(page.get_by_role("table").or_(page.get_by_text(t("review.empty.waiting")))).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=claim_id)).to_have_count(0)
        page.set_viewport_size({"width": 390, "height": 844})
        axe.scan(page, "queue at 390 px")
        assert partner.get(f"/claims/{claim_id}").json()["status"] == "paid"
    finally:
        context.close()
        axe.report()
    axe.assert_clean()


def test_a_dispute_is_decided_by_another_reviewer_than_the_one_who_rejected(browser, console):
    from playwright.sync_api import expect

    partner, claim_id = submitted_claim(console)
    rita = Client(console, RITA, "reviewer")
    for action, body in (
        ("start", None),
        ("reject", {"reason_code": "insufficient_proof", "message": "The findings document is a template."}),
    ):
        r = rita.post(f"/review/claims/{claim_id}/{action}", json=body)
        assert r.status_code == 200, r.text
    r = partner.post(f"/claims/{claim_id}/dispute", json={"message": "The findings are this customer's own."})
    assert (r.status_code, r.json()["status"]) == (200, "disputed"), r.text

    w, axe = Words(console, "nl"), Axe("nl")
    t = w.t
    context, page = new_page(browser, "nl")
    try:
        # rita finds the dispute in its tab, starts the review, and may not decide it.
        sign_in(page, console, w, RITA, axe)
        tab(page, w, "disputed").click()
        row = page.get_by_role("row").filter(has_text=claim_id)
        expect(row).to_contain_text(t("review.kinds.dispute"))
        axe.scan(page, "queue (disputed)")
        row.get_by_role("link", name=claim_id).click()
        expect_status(page, w, "disputed")
        expect(page.get_by_role("region", name=t("review.dossier.comments.title"))).to_contain_text(
            "The findings are this customer's own."
        )
        page.get_by_role("button", name=t("review.actions.start"), exact=True).click()
        expect_status(page, w, "under_review")

        dialog = decide(page, w, axe, "approve", "review.actions.approve", {})
        refusal = dialog.get_by_role("alert")
        expect(refusal).to_contain_text(t("review.actions.fourEyes"))
        expect(refusal).to_contain_text(t("errors.four_eyes"))
        axe.scan(page, "approve dialog (four eyes)")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("button", name=t("review.actions.approve"), exact=True)).to_be_focused()
        expect_status(page, w, "under_review")
    finally:
        context.close()

    context, page = new_page(browser, "nl")
    try:
        # ravi, a second reviewer, rejects it for good.
        sign_in(page, console, w, RAVI)
        page.goto(f"{console}/app/review/claims/{claim_id}")
        expect_status(page, w, "under_review")
        dialog = decide(
            page,
            w,
            axe,
            "reject",
            "review.actions.reject",
            {
                "review.dialog.reason": "workshop_not_delivered",
                "review.dialog.message": "De enquête van de klant beschrijft een verkooppresentatie.",
            },
        )
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("status").filter(has_text=t("review.actions.done.reject"))).to_be_visible()
        expect_status(page, w, "rejected_final")
        axe.scan(page, "dossier (rejected for good)")
    finally:
        context.close()
        axe.report()
    axe.assert_clean()
    decision = partner.get(f"/claims/{claim_id}").json()["decision"]
    assert (decision["outcome"], decision["by"]["email"]) == ("rejected_final", RAVI)
