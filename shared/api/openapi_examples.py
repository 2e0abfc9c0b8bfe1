"""The examples of the OpenAPI document (shared/api/openapi.py puts them on the media types): a request body for
every write that takes one, and the answer of the main reads. The ids and names are the local runner's demo
program (infra/local/demo.py: partner P-1001 with location L-1001, engagement ENG-AI-WORKSHOP), so a "Try it
out" on /docs reads like the app; a claim's or a nomination's id differs in each demo, take one from a list.

tests/unit/test_openapi_reference.py checks every example against its own schema in the document, and each
request body also against the model the handler validates it with."""

from __future__ import annotations

from typing import Any

JSON, FORM, CSV = "application/json", "application/x-www-form-urlencoded", "text/csv"
CLAIM, REVIEW = "/claims/{claim_id}", "/review/claims/{claim_id}"
Examples = dict[str, dict[str, dict[str, Any]]]  # media type → example name → {summary, value}


def example(summary: str, value: Any) -> dict[str, Any]:
    return {"summary": summary, "value": value}


# ---------------------------------------------------------------- shared pieces
CUSTOMER = {
    "name": "Coho Winery",
    "email": "lidia@cohowinery.example",
    "tenant_id": "5eed0000-0000-4000-8000-000000000006",
}
PAYOUT = {"amount": "5000.00", "currency": "USD"}
WINDOWS = {"consent_days": 30, "submit_days": 90, "review_days": 120, "dispute_days": 30, "payment_days": 45}
PROOF_ITEMS = ["findings_report", "invoice", "partner_survey", "customer_survey"]
SURVEYS = {
    "partner": [
        {
            "id": "delivered_as_planned",
            "type": "yes_no",
            "required": True,
            "text": {"en": "Was the workshop delivered as planned?", "nl": "Is de workshop volgens plan gegeven?"},
        },
        {
            "id": "customer_engagement",
            "type": "rating",
            "required": True,
            "min": 1,
            "max": 5,
            "text": {"en": "How engaged was the customer (1-5)?", "nl": "Hoe betrokken was de klant (1-5)?"},
        },
    ],
    "customer": [
        {
            "id": "satisfaction",
            "type": "rating",
            "required": True,
            "min": 1,
            "max": 5,
            "text": {
                "en": "How satisfied are you with the workshop (1-5)?",
                "nl": "Hoe tevreden bent u over de workshop (1-5)?",
            },
        }
    ],
}
NOTIFICATION = {
    "notification_id": "clm_01a07f0d8e87e21cf07908.n3r14",
    "claim_id": "clm_01a07f0d8e87e21cf07908",
    "kind": "submit_reminder",
    "message": "10 days left to submit this claim: the deadline is 6 December 2026, 22:38 UTC. Claims "
    "not submitted by then are rejected automatically.",
    "created_at": "2026-11-26T22:38:30+00:00",
    "read": False,
    "email_status": "sent",
}
CLAIM_ROW = {
    "claim_id": "clm_01a07f0d8e87e21cf07908",
    "partner_id": "P-1001",
    "engagement_id": "ENG-AI-WORKSHOP",
    "engagement_name": "AI Business Value Workshop",
    "nomination_id": "nom_01a073b92a87ecfda1e4e7",
    "location_id": "L-1001",
    "customer": CUSTOMER,
    "status": "draft",
    "version": 3,
    "created_at": "2026-09-08T03:26:30Z",
    "updated_at": "2026-11-06T22:38:30Z",
    "consent_at": "2026-09-07T22:38:30Z",
    "submit_due": "2026-12-06T22:38:30Z",
    "review_due": "2027-01-05T22:38:30Z",
    "submitted_at": None,
    "required": PROOF_ITEMS,
    "missing": ["invoice", "partner_survey", "customer_survey"],
    "payout": PAYOUT,
    "proof": {
        "findings_report": {
            "status": "received",
            "file_name": "Findings and recommendations.pdf",
            "content_type": "application/pdf",
            "size": 142,
            "received_at": "2026-11-06T22:38:30Z",
        },
        "invoice": {"status": "missing"},
        "partner_survey": {"status": "not_sent", "send_count": 0, "email_status": None},
        "customer_survey": {"status": "not_sent", "send_count": 0, "email_status": None},
    },
    "contacts": {
        "partner": [{"name": "Sam de Vries", "email": "sam@contoso.example", "locale": "nl"}],
        "customer": {"name": "Lidia Holloway", "email": "lidia@cohowinery.example", "locale": "nl"},
    },
    "comments": "",
    "decision": None,
    "dispute": None,
    "payment": None,
}
CLAIM_PAGE = {**CLAIM_ROW, "notifications": [NOTIFICATION]}
SUBMITTED = {
    **CLAIM_ROW,
    "claim_id": "clm_01a1334c22877fa42aaaff",
    "nomination_id": "nom_01a12e4f0a87d2c8a1d0b3",
    "customer": {
        "name": "Tailwind Traders",
        "email": "henrietta@tailwindtraders.example",
        "tenant_id": "5eed0000-0000-4000-8000-000000000018",
    },
    "status": "submitted",
    "version": 9,
    "missing": [],
    "submitted_at": "2026-11-14T22:38:30Z",
    "contacts": {
        "partner": [{"name": "Pat Jansen", "email": "pat@contoso.example", "locale": "en"}],
        "customer": {"name": "Henrietta Mueller", "email": "henrietta@tailwindtraders.example", "locale": "en"},
    },
}
ACTOR = {"email": "sam@contoso.example", "role": "incentives-user", "sub": "sam@contoso.example"}
HISTORY = [
    {
        "at": "2026-09-08T03:26:30Z",
        "actor": ACTOR,
        "action": "claim_opened",
        "seq": 1,
        "details": {
            "nomination_id": "nom_01a073b92a87ecfda1e4e7",
            "submit_due": "2026-12-06T22:38:30+00:00",
            "review_due": "2027-01-05T22:38:30+00:00",
        },
    },
    {
        "at": "2026-11-06T22:38:30Z",
        "actor": {"email": "system@workshop-claims", "role": "system"},
        "action": "evidence_received",
        "seq": 3,
        "details": {
            "item": "findings_report",
            "file_name": "Findings and recommendations.pdf",
            "from_status": "draft",
            "to_status": "draft",
        },
    },
]
ENGAGEMENT = {
    "engagement_id": "ENG-AI-WORKSHOP",
    "name": "AI Business Value Workshop",
    "kind": "workshop",
    "solution_area": "AI Business Solutions",
    "starts_on": "2026-01-01",
    "ends_on": "2027-12-31",
    "payout": PAYOUT,
    "windows": WINDOWS,
    "proof_items": PROOF_ITEMS,
    "surveys": SURVEYS,
}
NOMINATION = {
    "nomination_id": "nom_01a073b92a87ecfda1e4e7",
    "engagement_id": "ENG-AI-WORKSHOP",
    "customer": CUSTOMER,
    "location_id": "L-1001",
    "status": "consented",
    "type": "active",
    "tab": "eligible",
    "consent_due": "2026-10-05T22:38:30+00:00",
    "days_left": None,
    "consent_requested_at": "2026-09-05T22:38:30+00:00",
    "consent_email_status": "sent",
    "consent_at": "2026-09-07T22:38:30+00:00",
    "claim_id": "clm_01a07f0d8e87e21cf07908",
    "claim_status": "draft",
    "ineligible_reason": None,
    "actions": ["view_claim"],
    "created_at": "2026-09-05T22:38:30+00:00",
    "contact_reason": None,
    "risk_flags": [],
}
CONTACTS = {
    "customer_contact": {"name": "Lidia Holloway", "email": "lidia@cohowinery.example", "locale": "nl"},
    "partner_contact": {"name": "Pat Jansen", "email": "pat@contoso.example"},
}


# ---------------------------------------------------------------- request bodies: (method, path) → examples
REQUESTS: dict[tuple[str, str], Examples] = {
    ("POST", "/claims"): {
        JSON: {
            "open": example(
                "Open the claim of a consented nomination (its id from the Customers page)",
                {"nomination_id": "nom_01a073b92a87ecfda1e4e7"},
            )
        }
    },
    ("PATCH", CLAIM): {
        JSON: {
            "comments": example("Change the comments", {"comments": "Workshop held on 12 November with 9 attendees."}),
            "contacts": example(
                "Replace the contacts",
                {
                    "partner_contacts": [{"name": "Pat Jansen", "email": "pat@contoso.example", "locale": "en"}],
                    "customer_contact": {"name": "Lidia Holloway", "email": "lidia@cohowinery.example", "locale": "nl"},
                },
            ),
        }
    },
    ("POST", CLAIM + "/dispute"): {
        JSON: {
            "dispute": example(
                "Dispute a rejection",
                {"message": "The findings report is this customer's: see page 3 for their environment and our advice."},
            )
        }
    },
    ("POST", "/engagements/{engagement_id}/customers"): {
        JSON: {
            "nominate": example(
                "Nominate a customer with its tenant",
                {
                    "location_id": "L-1001",
                    "customer_email": "lidia@cohowinery.example",
                    "customer_name": "Coho Winery",
                    "tenant_id": "5eed0000-0000-4000-8000-000000000006",
                },
            ),
            "mismatch": example(
                "Nominate with a tenant that does not match the email's domain, and why",
                {
                    "location_id": "L-1001",
                    "customer_email": "it@cohowinery.example",
                    "tenant_id": "7d3a1c52-0b8e-4e69-9a61-2f1c9f0e4b21",
                    "mismatch_reason": "Coho Winery's Microsoft 365 tenant is run by its parent company.",
                },
            ),
        }
    },
    ("POST", "/nominations/{nomination_id}/consent-request"): {
        JSON: {"send": example("Send the consent request to the customer's contact", CONTACTS)}
    },
    ("POST", "/public/consent/{token}"): {
        JSON: {
            "accept": example("Accept", {"decision": "accept"}),
            "decline": example("Decline", {"decision": "decline"}),
        },
        FORM: {"accept": example("The consent page's form: Accept", {"decision": "accept"})},
    },
    ("POST", CLAIM + "/evidence/{kind}/upload"): {
        JSON: {
            "pdf": example(
                "Ask for an upload form for a PDF",
                {"file_name": "Findings and recommendations.pdf", "content_type": "application/pdf", "size": 482133},
            )
        }
    },
    ("POST", CLAIM + "/surveys/partner/response"): {
        JSON: {
            "answers": example(
                "Answer the partner survey (question id → answer)",
                {
                    "answers": {
                        "delivered_as_planned": True,
                        "customer_engagement": 4,
                        "next_steps": "A pilot of two Copilot agents in Q1.",
                    }
                },
            )
        }
    },
    ("POST", "/public/surveys/{token}"): {
        JSON: {
            "answers": example(
                "Answer the customer survey (question id → answer)",
                {"answers": {"satisfaction": 5, "recommendations_useful": True}},
            )
        },
        FORM: {
            "answers": example(
                "The survey page's form: one field per question", {"satisfaction": "5", "recommendations_useful": "yes"}
            )
        },
    },
    ("POST", REVIEW + "/request-info"): {
        JSON: {
            "invoice": example(
                "Ask for the right invoice",
                {
                    "reason_code": "invoice_mismatch",
                    "message": (
                        "The invoice shows two days; the engagement pays a one-day workshop. Please upload its invoice."
                    ),
                },
            )
        }
    },
    ("POST", REVIEW + "/approve"): {
        JSON: {
            "plain": example("Approve", {}),
            "message": example("Approve with a note to the partner", {"message": "Thank you: a complete dossier."}),
        }
    },
    ("POST", REVIEW + "/reject"): {
        JSON: {
            "reject": example(
                "Reject with a reason",
                {
                    "reason_code": "insufficient_proof",
                    "message": "The findings document is a generic template, not this customer's findings.",
                },
            )
        }
    },
    ("POST", REVIEW + "/paid"): {JSON: {"paid": example("Record the remittance", {"remittance_ref": "REM-2026-0042"})}},
    ("POST", "/program/partners"): {
        JSON: {
            "partner": example("A partner", {"partner_id": "P-3003", "name": "Northwind Traders", "currency": "EUR"})
        }
    },
    ("POST", "/program/locations"): {
        JSON: {
            "location": example(
                "A location enrolled for one engagement",
                {
                    "location_id": "L-3003",
                    "partner_id": "P-3003",
                    "country": "DE",
                    "engagement_ids": ["ENG-AI-WORKSHOP"],
                },
            )
        }
    },
    ("POST", "/program/tenants"): {
        JSON: {
            "tenant": example(
                "A tenant and its domains",
                {"tenant_id": "0b6d5c1e-8f2a-4c39-9e57-31a4d2f8c6e0", "domains": ["northwindtraders.example"]},
            )
        }
    },
    ("POST", "/program/engagements"): {
        JSON: {
            "engagement": example(
                "An engagement",
                {
                    **{k: v for k, v in ENGAGEMENT.items() if k not in ("windows", "proof_items")},
                    "engagement_id": "ENG-DATA-ASSESSMENT-2027",
                    "name": "Data Estate Assessment (2027 edition)",
                    "solution_area": "Data & AI",
                    "starts_on": "2027-01-01",
                    "ends_on": "2027-12-31",
                    "payout": {"amount": "4000.00", "currency": "EUR"},
                },
            )
        }
    },
    ("PATCH", "/program/engagements/{engagement_id}"): {
        JSON: {
            "dates": example(
                "Move the dates and raise the payout",
                {
                    "starts_on": "2027-02-01",
                    "ends_on": "2028-01-31",
                    "payout": {"amount": "4500.00", "currency": "EUR"},
                },
            )
        }
    },
    ("POST", "/program/imports/{kind}"): {
        CSV: {
            "partners": example(
                "A partners file (kind partners): the header names the columns",
                "partner_id,name,currency\r\nP-3003,Northwind Traders,EUR\r\nP-4004,Adventure Works Cycles,USD\r\n",
            )
        }
    },
}

# ---------------------------------------------------------------- answers: the main reads, and what a write creates
RESPONSES: dict[tuple[str, str], Examples] = {
    ("POST", "/claims"): {
        JSON: {
            "opened": example(
                "The new draft claim",
                {
                    **CLAIM_PAGE,
                    "version": 1,
                    "missing": PROOF_ITEMS,
                    "notifications": [],
                    "proof": {
                        item: {"status": "missing" if item in ("findings_report", "invoice") else "not_sent"}
                        for item in PROOF_ITEMS
                    },
                },
            )
        }
    },
    ("POST", "/engagements/{engagement_id}/customers"): {
        JSON: {
            "nominated": example(
                "The new nomination: it waits for the customer's consent",
                {
                    **NOMINATION,
                    "status": "awaiting_consent",
                    "type": "not started",
                    "tab": "eligible",
                    "consent_due": "2026-12-26T22:38:30+00:00",
                    "days_left": 30,
                    "created_at": "2026-11-26T22:38:30+00:00",
                    "consent_requested_at": None,
                    "consent_email_status": None,
                    "consent_at": None,
                    "claim_id": None,
                    "claim_status": None,
                    "actions": ["request_consent"],
                },
            )
        }
    },
    ("GET", "/engagements"): {
        JSON: {
            "page": example(
                "The engagements a partner may nominate for",
                {
                    "items": [{**{k: v for k, v in ENGAGEMENT.items() if k != "surveys"}, "availability": "active"}],
                    "next_token": None,
                },
            )
        }
    },
    ("GET", "/claims"): {
        JSON: {
            "page": example("The partner's claims, newest first", {"items": [CLAIM_ROW, SUBMITTED], "next_token": None})
        }
    },
    ("GET", CLAIM): {JSON: {"draft": example("A draft claim with one document received", CLAIM_PAGE)}},
    ("GET", CLAIM + "/history"): {
        JSON: {"page": example("The claim's events, oldest first", {"items": HISTORY, "next_token": None})}
    },
    ("GET", "/notifications"): {
        JSON: {
            "page": example("The partner's notifications, newest first", {"items": [NOTIFICATION], "next_token": None})
        }
    },
    ("GET", "/engagements/{engagement_id}/customers"): {
        JSON: {
            "eligible": example("The eligible tab: consented customers", {"items": [NOMINATION], "next_token": None})
        }
    },
    ("GET", CLAIM + "/evidence/{kind}"): {
        JSON: {
            "received": example(
                "A received document",
                {
                    "kind": "findings_report",
                    "status": "received",
                    "file_name": "Findings and recommendations.pdf",
                    "content_type": "application/pdf",
                    "size": 142,
                    "received_at": "2026-11-06T22:38:30+00:00",
                    "download_url": "https://workshop-claims-evidence.s3.amazonaws.com/evidence/P-1001/"
                    "clm_01a07f0d8e87e21cf07908/findings_report/upl_01a1b303728736771c577c?X-Amz-Expires=300",
                },
            )
        }
    },
    ("GET", "/review/claims"): {
        JSON: {
            "queue": example(
                "What waits for a reviewer",
                {
                    "items": [
                        {
                            **SUBMITTED,
                            "waiting_since": "2026-11-14T22:38:30+00:00",
                            "age_days": 12,
                            "kind": "new",
                            "partner_name": "Contoso Consulting",
                        }
                    ],
                    "next_token": None,
                    "counts": {"submitted": 1, "under_review": 1, "disputed": 1},
                },
            )
        }
    },
    ("GET", REVIEW): {
        JSON: {
            "dossier": example(
                "A claim under review",
                {
                    **SUBMITTED,
                    "status": "under_review",
                    "tenant_id": "5eed0000-0000-4000-8000-000000000018",
                    "partner": {"partner_id": "P-1001", "name": "Contoso Consulting"},
                    "engagement": {
                        "engagement_id": "ENG-AI-WORKSHOP",
                        "name": "AI Business Value Workshop",
                        "payout": PAYOUT,
                    },
                    "deadlines": {"review_due": {"at": "2027-01-05T22:38:30+00:00", "days_left": 40, "passed": False}},
                    "risk_flags": [],
                    "history": HISTORY,
                    "survey_questions": SURVEYS,
                    "survey_answers": {
                        "partner": {
                            "answers": {"delivered_as_planned": True, "customer_engagement": 4},
                            "answered_at": "2026-11-12T22:38:30+00:00",
                        }
                    },
                },
            )
        }
    },
    ("GET", "/payments"): {
        JSON: {
            "page": example(
                "Scheduled and paid payments",
                {
                    "items": [
                        {
                            "claim_id": "clm_019fe48ff61a90e32ddbcb",
                            "engagement_id": "ENG-AI-WORKSHOP",
                            "amount": "5000.00",
                            "currency": "USD",
                            "payable_on": "2026-11-01",
                            "status": "paid",
                            "remittance_ref": "REM-2026-0042",
                            "paid_at": "2026-11-02T22:39:47Z",
                        }
                    ],
                    "next_token": None,
                },
            )
        }
    },
    ("GET", "/locations"): {
        JSON: {
            "page": example(
                "The partner's locations",
                {
                    "items": [
                        {"location_id": "L-1001", "partner_id": "P-1001", "country": "NL", "engagement_ids": ["*"]}
                    ],
                    "next_token": None,
                },
            )
        }
    },
    ("GET", "/program/partners"): {
        JSON: {
            "page": example(
                "The partners",
                {
                    "items": [
                        {"partner_id": "P-1001", "name": "Contoso Consulting", "currency": "EUR"},
                        {"partner_id": "P-2002", "name": "Fabrikam Partners", "currency": "USD"},
                    ],
                    "next_token": None,
                },
            )
        }
    },
    ("GET", "/public/consent/{token}"): {
        JSON: {
            "page": example(
                "What the consent page shows",
                {
                    "engagement_name": "AI Business Value Workshop",
                    "partner_name": "Contoso Consulting",
                    "customer_name": "Coho Winery",
                    "consent_due": "2026-12-20T22:39:47+00:00",
                    "locale": "en",
                    "decisions": ["accept", "decline"],
                },
            )
        }
    },
    ("GET", "/public/surveys/{token}"): {
        JSON: {
            "form": example(
                "The customer survey's questions",
                {
                    "kind": "customer",
                    "locale": "en",
                    "questions": [
                        {
                            "id": "satisfaction",
                            "text": "How satisfied are you with the workshop (1-5)?",
                            "type": "rating",
                            "required": True,
                            "min": 1,
                            "max": 5,
                        },
                        {
                            "id": "recommendations_useful",
                            "text": "Were the recommendations useful to you?",
                            "type": "yes_no",
                            "required": True,
                        },
                    ],
                },
            )
        }
    },
}
