"""Program function on moto (docs/product.md): program admins keep partners, locations, the tenant directory
and the catalogue — one row, a CSV import, an export — every change audited, every refusal writing nothing;
and a partner created this way can nominate at once."""

from __future__ import annotations

import uuid

import pytest

from shared import runtime
from tests.support.calls import call, partner, program_admin
from tests.support.catalogue import catalogue_row
from tests.support.recorded import table

PA = program_admin()


def post(kind: str, body: dict, claims: dict = PA):
    return call("program", "POST", f"/program/{kind}", claims=claims, body=body)


def import_csv(kind: str, text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    return call(
        "program", "POST", f"/program/imports/{kind}", claims=PA, raw_body=raw, headers={"content-type": "text/csv"}
    )


def fresh(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def audit(ref_id: str) -> list[dict]:
    items = call("program", "GET", "/program/audit", claims=PA).json["items"]
    return [e for e in items if e["ref_id"] == ref_id]


# ---------------------------------------------------------------- one row
def test_a_partner_is_created_once_and_the_same_row_again_changes_nothing(aws):
    row = {"partner_id": fresh("P"), "name": "Northwind Partners", "currency": "EUR"}
    created = post("partners", row)
    assert (created.status, created.json) == (201, row)
    before = table()
    assert (post("partners", row).status, table()) == (200, before)
    refused = post("partners", {**row, "name": "Another name"})
    assert (refused.status, refused.json["code"], table()) == (409, "already_exists", before)
    [event] = audit(row["partner_id"])
    assert event["action"] == "created" and event["before"] is None and event["after"] == row
    assert event["actor"] == {"sub": PA["sub"], "email": PA["email"], "role": "program-admin"}
    listed = call("program", "GET", "/program/partners", claims=PA).json["items"]
    assert row in listed


def test_the_catalogue_lists_every_field_with_its_defaults(aws):
    """A row seeded without the defaulted fields (windows, kind, proof items) is listed with them."""
    bare = {k: v for k, v in catalogue_row(fresh("ENG")).items() if k not in ("windows", "kind", "proof_items")}
    runtime.store().seed([("engagements", bare)])
    listed = call("program", "GET", "/program/engagements", claims=PA).json["items"]
    row = next(e for e in listed if e["engagement_id"] == bare["engagement_id"])
    assert row["windows"]["submit_days"] == 90 and row["kind"] == "workshop" and len(row["proof_items"]) == 4


@pytest.mark.parametrize(
    ("kind", "body", "status", "code"),
    [
        ("partners", {"partner_id": "P-X", "name": "X", "currency": "euro"}, 422, "validation_error"),
        ("partners", {"partner_id": "P X", "name": "X", "currency": "EUR"}, 422, "validation_error"),
        (
            "locations",
            {"location_id": "L-X", "partner_id": "P-NOBODY", "country": "NL", "engagement_ids": ["*"]},
            422,
            "partner_not_found",
        ),
        (
            "locations",
            {"location_id": "L-X", "partner_id": "P-1001", "country": "NL", "engagement_ids": ["ENG-NONE"]},
            422,
            "engagement_not_found",
        ),
        (
            "locations",
            {"location_id": "L-X", "partner_id": "P-1001", "country": "Netherlands", "engagement_ids": ["*"]},
            422,
            "validation_error",
        ),
        ("tenants", {"tenant_id": "not-a-guid", "domains": ["x.example"]}, 422, "validation_error"),
        ("tenants", {"tenant_id": str(uuid.uuid4()), "domains": ["northwind.example"]}, 409, "domain_taken"),
        ("tenants", {"tenant_id": str(uuid.uuid4()), "domains": []}, 422, "validation_error"),
    ],
)
def test_bad_reference_rows_are_refused_and_write_nothing(aws, kind, body, status, code):
    before = table()
    reply = post(kind, body)
    assert (reply.status, reply.json["code"]) == (status, code), reply.text
    assert reply.json["message"] and table() == before


def test_a_tenant_owns_its_domains_and_nominations_find_it(aws):
    tenant, domain = str(uuid.uuid4()), f"{fresh('c')}.example"
    assert post("tenants", {"tenant_id": tenant.upper(), "domains": [domain.upper(), f"www.{domain}"]}).status == 201
    assert runtime.store().domains([domain, f"www.{domain}"]) == {domain: tenant, f"www.{domain}": tenant}
    nomination = call(
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        claims=partner(),
        body={"location_id": "L-1001", "customer_email": f"ann@{domain}"},
    )
    assert nomination.status == 201 and nomination.json["customer"]["tenant_id"] == tenant


# ---------------------------------------------------------------- the catalogue
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"surveys": {"partner": [], "customer": []}}, "needs at least one question"),
        ({"windows": {"consent_days": 0}}, "positive number of days"),
        ({"starts_on": "2027-01-02", "ends_on": "2027-01-01"}, "starts_on must not be after ends_on"),
    ],
)
def test_catalogue_rules_are_checked_on_the_way_in(aws, change, words):
    before = table()
    reply = post("engagements", {**catalogue_row(fresh("ENG")), **change})
    assert (reply.status, reply.json["code"]) == (422, "invalid_engagement") and words in reply.json["message"]
    assert table() == before


def test_an_unknown_proof_item_is_refused(aws):
    reply = post("engagements", {**catalogue_row(fresh("ENG")), "proof_items": ["invoice", "selfie"]})
    assert (reply.status, reply.json["code"]) == (422, "validation_error")


def test_an_engagement_changes_until_someone_nominates_on_it(aws):
    engagement_id = fresh("ENG")
    assert post("engagements", catalogue_row(engagement_id)).status == 201
    path = f"/program/engagements/{engagement_id}"
    changed = call("program", "PATCH", path, claims=PA, body={"payout": {"amount": "6000.00", "currency": "EUR"}})
    assert changed.status == 200 and changed.json["payout"] == {"amount": "6000.00", "currency": "EUR"}
    update = next(e for e in audit(engagement_id) if e["action"] == "updated")
    assert update["before"]["payout"]["amount"] == "5000.00" and update["after"]["payout"]["amount"] == "6000.00"
    before = table()
    same = call("program", "PATCH", path, claims=PA, body={"payout": {"amount": "6000.00", "currency": "EUR"}})
    assert same.status == 200 and table() == before  # nothing changed: no write, no event

    nominated = call(
        "customers",
        "POST",
        f"/engagements/{engagement_id}/customers",
        claims=partner(),
        body={"location_id": "L-1001", "customer_email": f"ann@{fresh('c')}.example", "tenant_id": str(uuid.uuid4())},
    )
    assert nominated.status == 201, nominated.text
    before = table()
    frozen = call("program", "PATCH", path, claims=PA, body={"name": "Renamed"})
    assert (frozen.status, frozen.json["code"], table()) == (409, "engagement_in_use", before)


def test_a_change_that_breaks_the_rules_is_refused(aws):
    engagement_id = fresh("ENG")
    assert post("engagements", catalogue_row(engagement_id)).status == 201
    reply = call(
        "program", "PATCH", f"/program/engagements/{engagement_id}", claims=PA, body={"surveys": {"partner": []}}
    )
    assert (reply.status, reply.json["code"]) == (422, "invalid_engagement")
    missing = call("program", "PATCH", "/program/engagements/ENG-NONE", claims=PA, body={"name": "X"})
    assert (missing.status, missing.json["code"]) == (404, "engagement_not_found")


# ---------------------------------------------------------------- CSV import and export
def test_an_import_applies_good_rows_once_and_reports_every_bad_one(aws):
    good, other = fresh("L"), fresh("L")
    text = (
        "location_id,partner_id,country,engagement_ids\r\n"
        f"{good},P-1001,NL,ENG-AI-WORKSHOP;ENG-SECURITY-WORKSHOP\r\n"
        f"{fresh('L')},P-NOBODY,NL,*\r\n"
        f"{good},P-1001,BE,*\r\n"
        f"{fresh('L')},P-1001,Holland,*\r\n"
        f"{other},P-2002,US\r\n"
        f"{fresh('L')},P-1001,NL,ENG-NONE\r\n"
    )
    report = import_csv("locations", text)
    assert report.status == 200, report.text
    assert (report.json["applied"], report.json["unchanged"]) == (1, 0)
    assert [(r["row"], r["code"]) for r in report.json["refused"]] == [
        (3, "partner_not_found"),
        (4, "duplicate_row"),
        (5, "validation_error"),
        (6, "invalid_row"),
        (7, "engagement_not_found"),
    ]
    assert all(r["message"] for r in report.json["refused"])
    assert runtime.store().reference("locations", good)["engagement_ids"] == [
        "ENG-AI-WORKSHOP",
        "ENG-SECURITY-WORKSHOP",
    ]
    before = table()
    again = import_csv("locations", text)
    assert (again.json["applied"], again.json["unchanged"], len(again.json["refused"])) == (0, 1, 5)
    assert table() == before


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"partner_id,name\r\nP-1,A\r\n", "missing column(s) currency"),
        (b"partner_id,name,currency,colour\r\n", "unknown column(s) colour"),
        ("partner_id,name,currency\r\nP-1,Caf\u00e9,EUR\r\n".encode("latin-1"), "not UTF-8"),
        (b"", "empty"),
        (b"partner_id,name,currency,name\r\n", "repeated column(s) name"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(aws, raw, words):
    before = table()
    reply = import_csv("partners", raw)
    assert (reply.status, reply.json["code"]) == (422, "invalid_csv") and words in reply.json["message"]
    assert table() == before


def test_a_tenant_import_refuses_a_domain_of_another_tenant(aws):
    mine = str(uuid.uuid4())
    text = f"tenant_id,domains\r\n{mine},{fresh('c')}.example;northwind.example\r\n"
    report = import_csv("tenants", text).json
    assert report["applied"] == 0 and [r["code"] for r in report["refused"]] == ["domain_taken"]
    assert runtime.store().reference("tenants", mine) is None


def test_every_kind_exports_as_a_file_that_imports_back_unchanged(aws):
    for kind in ("partners", "locations", "tenants", "engagements"):
        exported = call("program", "GET", f"/program/exports/{kind}", claims=PA)
        assert exported.status == 200 and exported.headers["content-type"].startswith("text/csv")
        assert "attachment" in exported.headers["content-disposition"]
        report = import_csv(kind, exported.text).json
        rows = exported.text.count("\r\n") - 1
        assert (report["applied"], report["unchanged"], report["refused"]) == (0, rows, []), (kind, report)
    assert exported.text.splitlines()[0].startswith("engagement_id,name,kind,solution_area,starts_on")


def test_an_engagement_imports_from_csv_with_its_surveys_as_json(aws):
    engagement_id = fresh("ENG")
    exported = call("program", "GET", "/program/exports/engagements", claims=PA).text.splitlines()
    line = next(line for line in exported if line.startswith("ENG-AI-WORKSHOP,"))
    report = import_csv("engagements", f"{exported[0]}\r\n{line.replace('ENG-AI-WORKSHOP', engagement_id, 1)}\r\n")
    assert report.json["applied"] == 1, report.text
    stored = runtime.store().reference("engagements", engagement_id)
    assert stored["surveys"] == catalogue_row(engagement_id)["surveys"]


# ---------------------------------------------------------------- day one: a new partner nominates
def test_a_partner_created_by_the_program_nominates_from_its_new_location(aws):
    partner_id, location_id = fresh("P"), fresh("L")
    assert (
        import_csv("partners", f"partner_id,name,currency\r\n{partner_id},Tailspin Advisors,EUR\r\n").json["applied"]
        == 1
    )
    assert (
        import_csv(
            "locations",
            f"location_id,partner_id,country,engagement_ids\r\n{location_id},{partner_id},NL,ENG-AI-WORKSHOP\r\n",
        ).json["applied"]
        == 1
    )
    newcomer = partner(partner_id)
    mine = call("program", "GET", "/locations", claims=newcomer).json["items"]
    assert [loc["location_id"] for loc in mine] == [location_id]
    assert call("program", "GET", "/locations", claims=partner("P-2002")).json["items"] != mine
    nominated = call(
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        claims=newcomer,
        body={
            "location_id": location_id,
            "customer_email": f"ann@{fresh('c')}.example",
            "tenant_id": str(uuid.uuid4()),
        },
    )
    assert nominated.status == 201, nominated.text
    assert runtime.store().nomination(nominated.json["nomination_id"]).partner_name == "Tailspin Advisors"
