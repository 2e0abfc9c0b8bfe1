"""The program pages (web/, web/README.md, docs/product.md) in headless Chromium against a fresh local runner.

olga (the demo program admin) signs in, opens every tab of /app/program, imports a CSV of a new partner and then
a CSV of its locations (one good row, one bad: the report names the refused row), and sees the new location
listed; the dialogs open and refuse what the API refuses (an engagement with nominations no longer changes).
Then a user of the new partner opens the customers page of ENG-AI-WORKSHOP, picks the new location in Add
customer and nominates a customer. axe-core scans every page, tab and open dialog, once at 390 px too. The words
come from the app's catalogues (the main one and the program pages' namespace), never written here in English."""

from __future__ import annotations

import base64
import json
import re
import time
import uuid

import pytest

from tests.support.portal import AXE, CATALOGUES, DIST, ENGAGEMENTS, Axe, Words, new_page
from tests.support.runner import Client, running_runner

# A group of its own under `--dist loadgroup`: one fresh runner and one Chromium for the module.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.xdist_group("program-browser"),
    pytest.mark.usefixtures("patient_expect"),  # tests/e2e/conftest.py: expect() waits UI_TIMEOUT
]

OLGA = "olga@program.example"
ENGAGEMENT = "ENG-AI-WORKSHOP"  # the demo partners have nominated on it: it can no longer change
ENGAGEMENT_NAME = ENGAGEMENTS[ENGAGEMENT]["name"]
TABS = ("partners", "locations", "tenants", "engagements", "audit")


class ProgramWords(Words):
    """The app's words, and `p(key)` from the program pages' own namespace (src/i18n/program/<locale>.json)."""

    def __init__(self, base: str, locale: str):
        super().__init__(base, locale)
        self.program = json.loads((CATALOGUES / "program" / f"{locale}.json").read_text())

    def p(self, key: str, **values) -> str:
        main, self.catalogue = self.catalogue, self.program
        try:
            return self.t(key, **values)
        finally:
            self.catalogue = main


@pytest.fixture(scope="module")
def program_runner(tmp_path_factory):
    """A fresh runner with its demo seed, serving the built app."""
    if not DIST.exists() or not AXE.exists():
        pytest.fail("the browser tests drive the built app: run `make web` (npm ci and vite build) first")
    with running_runner(tmp_path_factory.mktemp("program-runner")) as base:
        yield base


def csv_file(name: str, rows: list[str]) -> dict:
    """A CSV file for a file input, as a spreadsheet saves it (CRLF line ends)."""
    return {"name": name, "mimeType": "text/csv", "buffer": ("\r\n".join(rows) + "\r\n").encode()}


def sign_in_as_olga(page, base: str, w: ProgramWords, axe: Axe) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/app/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text(w.t("signIn.title"))
    button = page.get_by_role("button", name=re.compile(re.escape(OLGA)))
    expect(button).to_have_accessible_name(re.compile("program-admin"))
    axe.scan(page, "sign-in")
    button.click()
    page.wait_for_url("**/app/program")
    expect(page.get_by_role("heading", level=1)).to_have_text(w.p("title"))


def open_tab(page, w: ProgramWords, tab: str) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name=w.p(f"tabs.{tab}"), exact=True).click()
    page.wait_for_url(re.compile(rf"/app/program\?tab={tab}$"))
    expect(page.get_by_role("tab", selected=True)).to_have_text(w.p(f"tabs.{tab}"))
    expect(page.get_by_role("table").first.or_(page.get_by_text(w.p(f"empty.{tab}")))).to_be_visible()


def import_csv(page, w: ProgramWords, kind: str, file: dict):
    """Import a file on the kind's tab; returns the report's summary (a status message)."""
    page.get_by_label(w.p("csv.importLabel", kind=w.p(f"tabs.{kind}")), exact=True).set_input_files(file)
    return page.get_by_role("status").filter(has_text=w.p("report.title", file=file["name"]))


def open_dialog(page, w: ProgramWords, axe: Axe, button: str, title: str, name: str):
    """Open a dialog with its button, scan it; returns it."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=button, exact=True).click()
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    axe.scan(page, name)
    return dialog


def close_dialog(page, dialog) -> None:
    from playwright.sync_api import expect

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def partner_session(client: Client, name: str) -> str:
    """The browser session the app keeps after a sign-in (sessionStorage `wc.session`), for a minted token."""
    claims = json.loads(base64.urlsafe_b64decode(client.token.split(".")[1] + "=="))
    return json.dumps(
        {
            "token": client.token,
            "email": client.email,
            "role": client.role,
            "partnerId": client.partner_id,
            "partnerName": name,
            "name": None,
            "expiresAt": claims["exp"] * 1000,
            "provider": "local",
        }
    )


def test_a_program_admin_enrols_a_partner_by_csv_and_its_user_nominates_from_the_new_location(browser, program_runner):
    from playwright.sync_api import expect

    base = program_runner
    w, axe = ProgramWords(base, "en"), Axe("en")
    t, p = w.t, w.p
    suffix = uuid.uuid4().hex[:6].upper()
    partner_id, partner_name, location_id = f"P-{suffix}", f"Tailspin Advisors {suffix}", f"L-{suffix}"
    started = time.monotonic()
    context, page = new_page(browser, "en")
    try:
        # Every tab of the program pages, each at its own address.
        sign_in_as_olga(page, base, w, axe)
        expect(page.get_by_role("tab", selected=True)).to_have_text(p("tabs.partners"))
        axe.scan(page, "program (partners)")
        for tab in TABS[1:] + TABS[:1]:
            open_tab(page, w, tab)
            axe.scan(page, f"program ({tab})")

        # A new partner, by CSV: applied, and listed.
        report = import_csv(
            page,
            w,
            "partners",
            csv_file("partners.csv", ["partner_id,name,currency", f"{partner_id},{partner_name},EUR"]),
        )
        expect(report).to_contain_text(p("report.applied", count=1))
        expect(report).to_contain_text(p("report.refused", count=0))
        expect(page.get_by_role("row").filter(has_text=partner_id)).to_contain_text(partner_name)
        axe.scan(page, "partners after the import")
        dialog = open_dialog(page, w, axe, p("add.partners"), p("add.partners"), "add partner dialog")
        dialog.get_by_role("button", name=p("add.partners"), exact=True).click()
        expect(dialog.get_by_label(p("fields.partnerId"))).to_have_attribute("aria-invalid", "true")
        axe.scan(page, "add partner dialog (fields missing)")
        close_dialog(page, dialog)

        # Its locations, by CSV: the good row is applied, the bad one (an unknown partner) reported with its line.
        open_tab(page, w, "locations")
        locations = csv_file(
            "locations.csv",
            [
                "location_id,partner_id,country,engagement_ids",
                f"{location_id},{partner_id},NL,{ENGAGEMENT}",
                f"L-X{suffix},P-NOBODY-{suffix},NL,*",
            ],
        )
        report = import_csv(page, w, "locations", locations)
        expect(report).to_contain_text(p("report.applied", count=1))
        expect(report).to_contain_text(p("report.refused", count=1))
        refused = page.get_by_role("table", name=p("report.tableLabel", file="locations.csv"))
        expect(refused.get_by_role("row")).to_have_count(2)
        expect(refused.get_by_role("row").nth(1)).to_contain_text("3")
        expect(refused.get_by_role("row").nth(1)).to_contain_text(p("codes.partner_not_found"))
        listed = page.get_by_role("table", name=p("tabs.locations")).get_by_role("row").filter(has_text=location_id)
        expect(listed).to_contain_text(partner_name)
        expect(listed).to_contain_text(ENGAGEMENT)
        axe.scan(page, "locations after the import (one row refused)")
        dialog = open_dialog(page, w, axe, p("add.locations"), p("add.locations"), "add location dialog")
        expect(dialog.get_by_role("combobox", name=p("fields.partner"))).to_contain_text(partner_name)
        close_dialog(page, dialog)

        open_tab(page, w, "tenants")
        close_dialog(page, open_dialog(page, w, axe, p("add.tenants"), p("add.tenants"), "add tenant dialog"))

        # The catalogue: a new engagement starts from a copy; one partners nominated on no longer changes.
        open_tab(page, w, "engagements")
        dialog = open_dialog(page, w, axe, p("add.engagements"), p("add.engagements"), "add engagement dialog")
        dialog.get_by_label(p("fields.startFrom")).select_option(ENGAGEMENT)
        expect(dialog.get_by_label(p("fields.solutionArea"))).not_to_have_value("")
        close_dialog(page, dialog)
        dialog = open_dialog(
            page,
            w,
            axe,
            p("editLabel", name=ENGAGEMENT_NAME),
            p("dialogs.editTitle", id=ENGAGEMENT),
            "edit engagement dialog",
        )
        dialog.get_by_label(p("fields.amount")).fill("6500.00")
        dialog.get_by_role("button", name=p("dialogs.save"), exact=True).click()
        refusal = dialog.get_by_role("alert")
        expect(refusal).to_contain_text(p("dialogs.inUseTitle"))
        expect(refusal).to_contain_text(p("errors.engagement_in_use"))
        expect(dialog.get_by_label(p("fields.amount"))).to_have_value("6500.00")
        axe.scan(page, "edit engagement dialog (in use)")
        close_dialog(page, dialog)

        # The audit history has both imports' rows; then the pages at 390 px.
        open_tab(page, w, "audit")
        for ref in (partner_id, location_id):
            row = page.get_by_role("row").filter(has=page.get_by_text(ref, exact=True))
            expect(row).to_contain_text(p("audit.actions.created"))
        page.set_viewport_size({"width": 390, "height": 844})
        axe.scan(page, "audit at 390 px")
        open_tab(page, w, "locations")
        axe.scan(page, "locations at 390 px")
        dialog = open_dialog(page, w, axe, p("add.locations"), p("add.locations"), "add location dialog at 390 px")
        close_dialog(page, dialog)
    finally:
        context.close()

    # A user of the new partner nominates a customer from the new location.
    user = Client(base, f"ada-{suffix.lower()}@tailspin.example", "incentives-admin", partner_id)
    customer = f"ann@c{uuid.uuid4().hex[:10]}.example"
    context, page = new_page(browser, "en")
    context.add_init_script(f"sessionStorage.setItem('wc.session', {json.dumps(partner_session(user, partner_name))});")
    try:
        page.goto(f"{base}/app/engagements/{ENGAGEMENT}/customers?tab=eligible")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("customers.title", engagement=ENGAGEMENT_NAME))
        expect(page.get_by_text(t("customers.empty.eligible"))).to_be_visible()
        axe.scan(page, "new partner's customers page")
        page.get_by_role("button", name=t("customers.addCustomer"), exact=True).click()
        dialog = page.get_by_role("dialog", name=t("addCustomer.title"))
        picker = dialog.get_by_label(t("addCustomer.location"))
        expect(picker).to_have_value(location_id)  # its only location, chosen already
        expect(picker.locator("option", has_text=location_id)).to_have_count(1)
        axe.scan(page, "add customer dialog (new partner)")
        picker.select_option(location_id)
        dialog.get_by_label(t("addCustomer.email")).fill(customer)
        dialog.get_by_label(t("addCustomer.tenant")).fill(str(uuid.uuid4()))
        dialog.get_by_role("button", name=t("addCustomer.save"), exact=True).click()
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("status").filter(has_text=t("customers.added", email=customer))).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=customer)).to_contain_text(
            w.label("nomination_statuses", "awaiting_consent")
        )
        axe.scan(page, "new partner's customers page (nominated)")
    finally:
        context.close()
        axe.report()
        print(f"\nprogram browser walk: {time.monotonic() - started:.1f} s")
    axe.assert_clean()
    [nomination] = user.get(f"/engagements/{ENGAGEMENT}/customers", params={"tab": "eligible"}).json()["items"]
    assert (nomination["location_id"], nomination["customer"]["email"]) == (location_id, customer)
