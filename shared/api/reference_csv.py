"""Reference data as CSV (docs/product.md, "Program operations"): columns named as the JSON fields, nested objects as
dotted columns (`payout.amount`), lists `;`-separated, an engagement's surveys as one JSON cell. The same codec
reads an import and writes an export, so an export imports back unchanged."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from shared.api import json_body
from shared.errors import Unprocessable

WINDOWS = ("consent_days", "submit_days", "review_days", "dispute_days", "payment_days")
COLUMNS: dict[str, tuple[str, ...]] = {
    "partners": ("partner_id", "name", "currency"),
    "locations": ("location_id", "partner_id", "country", "engagement_ids"),
    "tenants": ("tenant_id", "domains"),
    "engagements": (
        "engagement_id",
        "name",
        "kind",
        "solution_area",
        "starts_on",
        "ends_on",
        "payout.amount",
        "payout.currency",
        *(f"windows.{w}" for w in WINDOWS),
        "proof_items",
        "surveys",
    ),
}
OPTIONAL = frozenset({"kind", "proof_items", *(f"windows.{w}" for w in WINDOWS)})  # the catalogue's defaults
LISTS = frozenset({"engagement_ids", "domains", "proof_items"})
JSON_CELLS = frozenset({"surveys"})
MAX_ROWS = 500  # one API call stays well inside API Gateway's 30 s; the command line imports in chunks


def parse(kind: str, raw: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row as JSON) for each data row; a file that cannot be read as a whole is refused."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unprocessable("The file is not UTF-8 text; save the CSV as UTF-8.", code="invalid_csv") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise Unprocessable(f"The file is not valid CSV ({exc}).", code="invalid_csv") from None
    if not lines:
        raise Unprocessable("The file is empty; its first line names the columns.", code="invalid_csv")
    header = [h.strip() for h in lines[0][1]]
    _check_header(kind, header)
    if len(lines) - 1 > MAX_ROWS:
        raise Unprocessable(f"At most {MAX_ROWS} rows per import; split the file.", code="too_many_rows")
    rows = []
    for line, cells in lines[1:]:
        if len(cells) != len(header):
            rows.append((line, {"__error__": f"The row has {len(cells)} cells; the header names {len(header)}."}))
            continue
        rows.append((line, _row(dict(zip(header, cells, strict=True)))))
    return rows


def _check_header(kind: str, header: list[str]) -> None:
    known = COLUMNS[kind]
    unknown = [h for h in header if h not in known]
    missing = [c for c in known if c not in header and c not in OPTIONAL]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if unknown or missing or repeated:
        parts = (
            ([f"unknown column(s) {', '.join(unknown)}"] if unknown else [])
            + ([f"missing column(s) {', '.join(missing)}"] if missing else [])
            + ([f"repeated column(s) {', '.join(repeated)}"] if repeated else [])
        )
        raise Unprocessable(
            f"The header does not fit {kind}: {'; '.join(parts)}. Expected: {', '.join(known)}.", code="invalid_csv"
        )


def _row(cells: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, cell in cells.items():
        value: Any = cell.strip()
        if value == "":
            continue  # an empty cell is an absent field (the model's default, or its "required" error)
        if column in LISTS:
            value = [part.strip() for part in value.split(";") if part.strip()]
        elif column in JSON_CELLS:
            try:
                value = json_body.loads(value)  # the request bodies' strict rules: depth, numbers, NaN
            except json_body.BodyError as exc:
                return {"__error__": f"The {column} cell is not valid JSON ({exc.message.rstrip('.')})."}
        parent, _, child = column.partition(".")
        if child:
            row.setdefault(parent, {})[child] = value
        else:
            row[column] = value
    return row


def render(kind: str, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS[kind])
    for row in rows:
        writer.writerow([_cell(column, row) for column in COLUMNS[kind]])
    return out.getvalue()


def _cell(column: str, row: dict[str, Any]) -> str:
    parent, _, child = column.partition(".")
    value = (row.get(parent) or {}).get(child) if child else row.get(column)
    if value is None:
        return ""
    if column in LISTS:
        return ";".join(value)
    if column in JSON_CELLS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)
