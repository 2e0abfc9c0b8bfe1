"""Program operations (docs/product.md, "Program operations"): program admins keep the reference data — partners,
enrolled locations, the tenant directory and the engagement catalogue — one row at a time, by CSV import, and by
export. Every write is one transaction with its audit event; a refusal writes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from shared.api import reference_csv
from shared.api.auth import Principal
from shared.api.models import REFERENCE_BODIES, EngagementIn, EngagementPatch
from shared.domain.engagements import Engagement
from shared.domain.reference import (
    EVERY_ENGAGEMENT,
    ID_FIELD,
    Kind,
    WriteResult,
    catalogue_problems,
    comparable,
)
from shared.errors import AppError, Conflict, NotFound, Unprocessable
from shared.ids import new_id
from shared.store import Store, TxConflict

SINGULAR = {"partners": "partner", "locations": "location", "tenants": "tenant", "engagements": "engagement"}
EXPORT_PAGE = 500


# ---------------------------------------------------------------- reads
def listing(store: Store, kind: Kind, next_token: str | None) -> dict:
    page = store.references(kind, next_token)
    return {"items": _rows(kind, page.items), "next_token": page.next_token}


def export(store: Store, kind: Kind) -> str:
    rows, token = [], None
    while True:
        page = store.references(kind, token, limit=EXPORT_PAGE)
        rows += _rows(kind, page.items)
        if not (token := page.next_token):
            return reference_csv.render(kind, rows)


def audit(store: Store, next_token: str | None) -> dict:
    page = store.audit(next_token)
    fields = ("at", "kind", "ref_id", "action", "actor", "before", "after")
    return {"items": [{f: i.get(f) for f in fields} for i in page.items], "next_token": page.next_token}


def partner_locations(store: Store, principal: Principal) -> dict:
    """The caller's own enrolled locations (the portal's location picker)."""
    assert principal.partner_id, "partner routes always have a partner id"
    return {"items": _rows("locations", store.locations_of(principal.partner_id)), "next_token": None}


# ---------------------------------------------------------------- writes
def put(store: Store, principal: Principal, kind: Kind, body: BaseModel, now: datetime) -> tuple[WriteResult, dict]:
    """Create a row; the same row again changes nothing; other content under a taken id is a 409."""
    row = body.model_dump(mode="json")
    row_id = row[ID_FIELD[kind]]
    for _ in range(2):  # a lost race to create the same id is re-read and compared once
        stored = store.reference(kind, row_id)
        if stored is not None:
            if _normal(kind, comparable(stored)) == row:
                return WriteResult.UNCHANGED, row
            raise Conflict(
                f"The {SINGULAR[kind]} {row_id} already exists with other content."
                + (" Change it with PATCH." if kind == "engagements" else ""),
                code="already_exists",
            )
        new_domains = _check_references(store, kind, row)
        tx = store.tx().put_reference(kind, row, None)
        for domain in new_domains:
            tx.put_domain(domain, row_id)
        tx.add_audit(kind, row_id, "created", principal.actor(), now, None, row, new_id("aud", now))
        try:
            tx.commit()
            return WriteResult.APPLIED, row
        except TxConflict as exc:
            if kind in exc.labels:
                continue
            taken = [label.removeprefix("domain:") for label in exc.labels if label.startswith("domain:")]
            if taken:
                raise _domain_taken(taken) from exc
            raise
    raise Conflict("Someone else changed this at the same time; try again.", code="concurrent_update")


def _normal(kind: Kind, row: dict) -> dict:
    """A stored row as its request body would have written it (defaults filled in): what lists, exports and
    comparisons show, whether the row came from the API or from an older seed."""
    return REFERENCE_BODIES[kind].model_validate(row).model_dump(mode="json")


def _rows(kind: Kind, items: list[dict]) -> list[dict]:
    return [_normal(kind, comparable(i)) for i in items]


def _check_references(store: Store, kind: Kind, row: dict) -> list[str]:
    """What a new row refers to must exist; a tenant's domains must be free. Returns the domains to write."""
    if kind == "locations":
        if store.reference("partners", row["partner_id"]) is None:
            raise Unprocessable(
                f"No partner with the id {row['partner_id']}; import the partner first.", code="partner_not_found"
            )
        named = [e for e in row["engagement_ids"] if e != EVERY_ENGAGEMENT]
        known = store.existing_engagements(named)
        unknown = [e for e in named if e not in known]
        if unknown:
            raise Unprocessable(f"No engagement with the id {', '.join(unknown)}.", code="engagement_not_found")
    if kind == "engagements":
        _check_catalogue(EngagementIn.model_validate(row))
    if kind != "tenants":
        return []
    mapped = store.domains(row["domains"])
    taken = [d for d, tenant in mapped.items() if tenant != row["tenant_id"]]
    if taken:
        raise _domain_taken(taken)
    return [d for d in dict.fromkeys(row["domains"]) if d not in mapped]


def _domain_taken(domains: list[str]) -> Conflict:
    return Conflict(
        f"The domain {', '.join(sorted(domains))} already belongs to another tenant.",
        code="domain_taken",
        domains=sorted(domains),
    )


def _check_catalogue(engagement: Engagement) -> None:
    problems = catalogue_problems(engagement)
    if problems:
        raise Unprocessable(
            "The engagement breaks the catalogue's rules: " + " ".join(problems),
            code="invalid_engagement",
            problems=problems,
        )


def patch_engagement(
    store: Store, principal: Principal, engagement_id: str, changes: EngagementPatch, now: datetime
) -> dict:
    """Change an engagement while nobody has nominated on it (running nominations keep their terms)."""
    stored = store.reference("engagements", engagement_id)
    if stored is None:
        raise NotFound("No engagement with this id.", code="engagement_not_found")
    before = _normal("engagements", comparable(stored))
    after = EngagementIn.model_validate({**before, **changes.model_dump(mode="json", exclude_none=True)})
    _check_catalogue(after)
    row = after.model_dump(mode="json")
    if row == before:
        return before  # nothing changes: no write, no audit event
    if store.engagement_in_use(engagement_id):
        raise Conflict(
            "Customers have already been nominated on this engagement, and their nominations keep the "
            "terms they were made under; create a new engagement instead.",
            code="engagement_in_use",
        )
    (
        store.tx()
        .put_reference("engagements", row, stored.get("version", 1))
        .add_audit("engagements", engagement_id, "updated", principal.actor(), now, before, row, new_id("aud", now))
        .commit()
    )
    return row


# ---------------------------------------------------------------- CSV import
def import_csv(store: Store, principal: Principal, kind: Kind, raw: bytes, now: datetime) -> dict[str, Any]:
    """Each row applied once (a re-import changes nothing), each refused row reported with its reason; a file
    that cannot be read as a whole is refused as a whole."""
    report: dict[str, Any] = {"applied": 0, "unchanged": 0, "refused": []}
    first_line_of: dict[str, int] = {}
    for line, cells in reference_csv.parse(kind, raw):
        try:
            _import_row(store, principal, kind, cells, line, first_line_of, now, report)
        except AppError as exc:
            report["refused"].append({"row": line, "code": exc.code, "message": exc.message})
    return report


def _import_row(
    store: Store,
    principal: Principal,
    kind: Kind,
    cells: dict,
    line: int,
    first_line_of: dict[str, int],
    now: datetime,
    report: dict,
) -> None:
    if "__error__" in cells:
        raise Unprocessable(cells["__error__"], code="invalid_row")
    row_id = str(cells.get(ID_FIELD[kind], ""))
    if row_id in first_line_of:
        raise Conflict(f"The same {ID_FIELD[kind]} as row {first_line_of[row_id]}.", code="duplicate_row")
    if row_id:
        first_line_of[row_id] = line
    try:
        body = REFERENCE_BODIES[kind].model_validate(cells)
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg']}" for e in exc.errors())
        raise Unprocessable(f"Not valid ({fields}).", code="validation_error") from None
    result, _ = put(store, principal, kind, body, now)
    report[result.value] += 1
