"""The one route table: which function serves which method + path, who may call it, whether it is public.

The CDK stack builds its HTTP API routes from it, the local runner dispatches with it, each function
registers its handlers against it (an unknown pair fails at import), and the OpenAPI document follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.api.auth import ADMIN, ALL_ROLES, EVERY_ROLE, PARTNER_ROLES, PROGRAM_ADMIN, REVIEWER


@dataclass(frozen=True)
class Route:
    function: str
    method: str
    path: str  # API Gateway syntax: /claims/{claim_id}
    roles: frozenset[str]
    summary: str
    answers: str  # the success response's schema in the OpenAPI document (shared/api/openapi.py)
    status: int = 200  # the success status
    public: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(self.path)) + "$")

    @property
    def powertools_path(self) -> str:
        return re.sub(r"\{(\w+)\}", r"<\1>", self.path)


P, R, ANY, NOBODY = PARTNER_ROLES, frozenset({REVIEWER}), ALL_ROLES, frozenset[str]()
PA = frozenset({PROGRAM_ADMIN})
CLAIM = "/claims/{claim_id}"
REVIEW = "/review/claims/{claim_id}"

ROUTES: tuple[Route, ...] = (
    # claims: the partner's claim pages, submit/cancel/dispute, history, notifications, payments
    Route("claims", "GET", "/engagements", ANY, "List engagements with their availability", "PageEngagement"),
    Route(
        "claims",
        "GET",
        "/labels",
        EVERY_ROLE,
        "The words for proof items, reason codes and statuses in a locale",
        "Labels",
    ),
    Route("claims", "GET", "/claims", P, "List the partner's claims", "PageClaim"),
    Route("claims", "POST", "/claims", P, "Open the claim of a consented nomination", "Claim", status=201),
    Route("claims", "GET", CLAIM, P, "The claim page", "Claim"),
    Route("claims", "PATCH", CLAIM, P, "Update comments and contacts", "Claim"),
    Route("claims", "POST", CLAIM + "/cancel", P, "Cancel a draft claim", "Claim"),
    Route("claims", "POST", CLAIM + "/submit", P, "Submit the claim for review", "Claim"),
    Route("claims", "POST", CLAIM + "/dispute", P, "Dispute a rejection", "Claim"),
    Route("claims", "GET", CLAIM + "/history", ANY, "Every event of the claim, oldest first", "PageHistoryEvent"),
    Route("claims", "GET", "/notifications", P, "The partner's notifications", "PageNotification"),
    Route("claims", "POST", "/notifications/{notification_id}/read", P, "Mark a notification read", "Notification"),
    Route("claims", "GET", "/payments", frozenset({ADMIN}), "Scheduled and paid payments", "PagePayment"),
    # customers: nominations, consent requests, the public consent page
    Route("customers", "GET", "/engagements/{engagement_id}/customers", P, "Customers page tab", "PageNomination"),
    Route(
        "customers",
        "POST",
        "/engagements/{engagement_id}/customers",
        P,
        "Nominate a customer",
        "Nomination",
        status=201,
    ),
    Route(
        "customers",
        "POST",
        "/nominations/{nomination_id}/consent-request",
        P,
        "Send or resend consent",
        "Nomination",
        status=202,
    ),
    Route("customers", "GET", "/public/consent/{token}", NOBODY, "Consent page", "ConsentPage", public=True),
    Route(
        "customers",
        "POST",
        "/public/consent/{token}",
        NOBODY,
        "Answer the consent request",
        "ConsentAnswer",
        public=True,
    ),
    # evidence: presigned uploads and their status
    Route(
        "evidence",
        "POST",
        CLAIM + "/evidence/{kind}/upload",
        P,
        "Presigned upload for a proof document",
        "UploadForm",
        status=201,
    ),
    Route("evidence", "GET", CLAIM + "/evidence/{kind}", ANY, "Proof document status and download link", "Evidence"),
    # surveys: send, in-app partner answer, the public survey page
    Route("surveys", "POST", CLAIM + "/surveys/{kind}/send", P, "Send or resend a survey", "SurveyStatus", status=202),
    Route("surveys", "POST", CLAIM + "/surveys/partner/response", P, "Answer the partner survey in the app", "Claim"),
    Route("surveys", "GET", "/public/surveys/{token}", NOBODY, "Survey page", "SurveyForm", public=True),
    Route("surveys", "POST", "/public/surveys/{token}", NOBODY, "Answer a survey", "SurveyDone", public=True),
    # review: the reviewers' queue and decisions
    Route(
        "review",
        "GET",
        "/review/claims",
        R,
        "The review queue: what waits for a reviewer, oldest first, with counts per status",
        "ReviewQueue",
    ),
    Route(
        "review",
        "GET",
        REVIEW,
        R,
        "The dossier: partner, engagement, deadlines, evidence links, survey answers, risk flags, history",
        "ReviewClaim",
    ),
    Route("review", "POST", REVIEW + "/start", R, "Start reviewing a submitted claim", "Claim"),
    Route("review", "POST", REVIEW + "/request-info", R, "Ask the partner for more information", "Claim"),
    Route("review", "POST", REVIEW + "/approve", R, "Approve and schedule the payment", "Claim"),
    Route("review", "POST", REVIEW + "/reject", R, "Reject with a reason", "Claim"),
    Route("review", "POST", REVIEW + "/paid", R, "Record the payment", "Claim"),
    # program: the reference data (docs/product.md, "Program operations"); a POST of the same row again is a no-op 200
    Route("program", "GET", "/program/partners", PA, "Partners", "PagePartner"),
    Route("program", "POST", "/program/partners", PA, "Create a partner", "Partner", status=201),
    Route("program", "GET", "/program/locations", PA, "Enrolled locations", "PageLocation"),
    Route("program", "POST", "/program/locations", PA, "Enrol a partner location", "Location", status=201),
    Route("program", "GET", "/program/tenants", PA, "The tenant directory", "PageTenant"),
    Route("program", "POST", "/program/tenants", PA, "Add a tenant and its domains", "Tenant", status=201),
    Route("program", "GET", "/program/engagements", PA, "The engagement catalogue", "PageCatalogueEngagement"),
    Route("program", "POST", "/program/engagements", PA, "Create an engagement", "CatalogueEngagement", status=201),
    Route(
        "program",
        "PATCH",
        "/program/engagements/{engagement_id}",
        PA,
        "Change an engagement nobody has nominated on yet",
        "CatalogueEngagement",
    ),
    Route("program", "POST", "/program/imports/{kind}", PA, "Import rows from a CSV file", "ImportReport"),
    Route("program", "GET", "/program/exports/{kind}", PA, "Export every row as CSV", "Csv"),
    Route("program", "GET", "/program/audit", PA, "Every reference-data change, newest first", "PageAuditEvent"),
    Route("program", "GET", "/locations", P, "The partner's own enrolled locations", "PageLocation"),
)

FUNCTIONS = ("claims", "customers", "evidence", "surveys", "review", "program", "expiry", "notifier")


def routes_of(function: str) -> tuple[Route, ...]:
    return tuple(r for r in ROUTES if r.function == function)


def find(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    """The route for method + path, its path parameters, and whether the path exists for any method."""
    path_exists = False
    for route in ROUTES:
        m = route.pattern.match(path)
        if m:
            path_exists = True
            if route.method == method:
                return route, m.groupdict(), True
    return None, {}, path_exists


def allowed_methods(path: str) -> str:
    """The `Allow` header value of a 405: the methods the table serves on this path."""
    return ", ".join(sorted({r.method for r in ROUTES if r.pattern.match(path)}))


def lookup(method: str, path: str) -> Route:
    for route in ROUTES:
        if route.method == method and route.path == path:
            return route
    raise LookupError(f"{method} {path} is not in the route table")
