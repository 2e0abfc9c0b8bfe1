"""Program function: program admins keep partners, enrolled locations, the tenant directory and the engagement
catalogue (one row, CSV import, CSV export, audit history); partners read their own enrolled locations."""

import base64
from typing import Annotated, Literal, Optional

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel

from shared import runtime
from shared.api.http import caller, create_app, endpoint, json_response, make_handler
from shared.api.models import EngagementIn, EngagementPatch, LocationIn, PartnerIn, TenantIn
from shared.domain.reference import Kind, WriteResult
from shared.services import program as service

app = create_app()
NextToken = Annotated[Optional[str], Query(max_length=2048)]
KindParam = Literal["partners", "locations", "tenants", "engagements"]


def _created(kind: Kind, body: BaseModel) -> Response:
    """201 with the new row; 200 when the very same row was already there."""
    result, row = service.put(runtime.store(), caller(), kind, body, runtime.clock.now())
    return json_response(row, 201 if result is WriteResult.APPLIED else 200)


@endpoint(app, "GET", "/program/partners")
def list_partners(next_token: NextToken = None) -> Response:
    return json_response(service.listing(runtime.store(), "partners", next_token))


@endpoint(app, "POST", "/program/partners")
def create_partner(body: PartnerIn) -> Response:
    return _created("partners", body)


@endpoint(app, "GET", "/program/locations")
def list_locations(next_token: NextToken = None) -> Response:
    return json_response(service.listing(runtime.store(), "locations", next_token))


@endpoint(app, "POST", "/program/locations")
def create_location(body: LocationIn) -> Response:
    return _created("locations", body)


@endpoint(app, "GET", "/program/tenants")
def list_tenants(next_token: NextToken = None) -> Response:
    return json_response(service.listing(runtime.store(), "tenants", next_token))


@endpoint(app, "POST", "/program/tenants")
def create_tenant(body: TenantIn) -> Response:
    return _created("tenants", body)


@endpoint(app, "GET", "/program/engagements")
def list_catalogue(next_token: NextToken = None) -> Response:
    return json_response(service.listing(runtime.store(), "engagements", next_token))


@endpoint(app, "POST", "/program/engagements")
def create_engagement(body: EngagementIn) -> Response:
    return _created("engagements", body)


@endpoint(app, "PATCH", "/program/engagements/{engagement_id}")
def change_engagement(engagement_id: str, body: EngagementPatch) -> Response:
    return json_response(service.patch_engagement(runtime.store(), caller(), engagement_id, body, runtime.clock.now()))


@endpoint(app, "POST", "/program/imports/{kind}")
def import_csv(kind: KindParam) -> Response:
    """The body is the CSV file itself (text/csv); the handler reads it raw, so no JSON parsing applies."""
    event = app.current_event
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode("utf-8", "surrogatepass")
    return json_response(service.import_csv(runtime.store(), caller(), kind, raw, runtime.clock.now()))


@endpoint(app, "GET", "/program/exports/{kind}")
def export_csv(kind: KindParam) -> Response:
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=service.export(runtime.store(), kind),
        headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'},
    )


@endpoint(app, "GET", "/program/audit")
def audit_history(next_token: NextToken = None) -> Response:
    return json_response(service.audit(runtime.store(), next_token))


@endpoint(app, "GET", "/locations")
def my_locations() -> Response:
    return json_response(service.partner_locations(runtime.store(), caller()))


handler = make_handler(app)
