"""Every key of the single table, its index entries, and the conditions that name attributes of a key's
item: the only place a key is spelled (docs/data-model.md)."""

from __future__ import annotations

import re
from datetime import datetime

from shared.domain.claims import Claim
from shared.domain.engagements import ProofItem
from shared.domain.nominations import Nomination
from shared.domain.outbox import EmailStatus
from shared.domain.reference import ID_FIELD
from shared.store.codec import to_attr

# ---------------------------------------------------------------- table shape (used by infra too)
PK, SK = "PK", "SK"
INDEXES = {"GSI1": ("GSI1PK", "GSI1SK"), "GSI2": ("GSI2PK", "GSI2SK")}
TTL_ATTRIBUTE = "expires_at_epoch"


# ---------------------------------------------------------------- keys (the only place they are spelled)
def engagement_key(engagement_id: str) -> dict:
    return {PK: "CATALOG", SK: f"ENG#{engagement_id}"}


def location_key(location_id: str) -> dict:
    return {PK: f"LOCATION#{location_id}", SK: "LOCATION"}


def partner_key(partner_id: str) -> dict:
    return {PK: f"PARTNER#{partner_id}", SK: "PROFILE"}


def domain_key(domain: str) -> dict:
    return {PK: f"DOMAIN#{domain.lower()}", SK: "TENANT"}


def tenant_key(tenant_id: str) -> dict:
    """A tenant directory entry: the tenant and all its domains (each domain also has its own domain_key row,
    which a nomination reads)."""
    return {PK: f"DIRECTORY#{tenant_id.lower()}", SK: "TENANT"}


REFERENCE_KEYS = {
    "partners": lambda row: partner_key(row["partner_id"]),
    "locations": lambda row: location_key(row["location_id"]),
    "tenants": lambda row: tenant_key(row["tenant_id"]),
    "engagements": lambda row: engagement_key(row["engagement_id"]),
}


def nomination_key(nomination_id: str) -> dict:
    return {PK: f"NOM#{nomination_id}", SK: "#NOM"}


def roster_key(engagement_id: str, tenant_id: str, partner_id: str) -> dict:
    """One nomination per (engagement, tenant, partner); the partition lists who nominated the tenant."""
    return {PK: f"TENANT#{engagement_id}#{tenant_id}", SK: f"NOMINEE#{partner_id}"}


def roster_head_key(engagement_id: str, tenant_id: str) -> dict:
    """The roster's version: each nominee adds one, so a consent can prove nobody joined after it read."""
    return {PK: f"TENANT#{engagement_id}#{tenant_id}", SK: "ROSTER"}


def consent_lock_key(engagement_id: str, tenant_id: str) -> dict:
    """First consent wins: exists once per (engagement, tenant), ever."""
    return {PK: f"TENANT#{engagement_id}#{tenant_id}", SK: "CONSENT"}


def claim_key(claim_id: str) -> dict:
    return {PK: f"CLAIM#{claim_id}", SK: "#CLAIM"}


def event_key(claim_id: str, version: int) -> dict:
    return {PK: f"CLAIM#{claim_id}", SK: f"EVT#{version:08d}"}


def answers_key(claim_id: str, kind: str) -> dict:
    return {PK: f"CLAIM#{claim_id}", SK: f"#ANSWER#{kind}"}


def payment_key(claim_id: str) -> dict:
    return {PK: f"CLAIM#{claim_id}", SK: "#PAYMENT"}


def upload_key(claim_id: str, upload_id: str) -> dict:
    return {PK: f"CLAIM#{claim_id}", SK: f"UPLOAD#{upload_id}"}


_NOTIFICATION_ID = re.compile(r"(.+)\.n(\d+)(r\d+|u[0-9a-f]{16})?")


def notification_id_for(
    owner_id: str, owner_version: int, reminder_days: int | None = None, undeliverable_link: str | None = None
) -> str:
    """'<owner id>.n<owner version>', the owner being a claim or a nomination. A reminder leaves its owner
    unchanged, so several share one version: their ids add 'r<days before the deadline>'. So does marking a
    link's email undeliverable: 'u<the start of the link's token hash>', one notification per link, ever."""
    if undeliverable_link is not None:
        return f"{owner_id}.n{owner_version}u{undeliverable_link[:16]}"
    return f"{owner_id}.n{owner_version}" + (f"r{reminder_days}" if reminder_days is not None else "")


def notification_key(notification_id: str) -> dict:
    """The key of a notification id (ValueError for anything we never issued)."""
    match = _NOTIFICATION_ID.fullmatch(notification_id)
    if not match:
        raise ValueError("not a notification id")
    owner, seq, reminder = match.groups()
    prefix = "CLAIM" if owner.startswith("clm_") else "NOM"
    return {PK: f"{prefix}#{owner}", SK: f"#NOTE#{int(seq):08d}{reminder or ''}"}


class TokenOutcome:
    """What became of a link, on its token row (none while it is live)."""

    ANSWERED = "answered"
    RETIRED = "retired"
    LOST = "lost_to_other_partner"  # a consent link whose customer consented to another partner


def token_key(token_hash: str) -> dict:
    return {PK: f"TOKEN#{token_hash}", SK: "TOKEN"}


def due_key(due_at: datetime, job: str, ref: str) -> dict:
    return {PK: f"DUE#{due_at.date().isoformat()}", SK: f"{ts(due_at)}#{job}#{ref}"}


def job_cursor_key(job: str) -> dict:
    return {PK: f"JOB#{job}", SK: "CURSOR"}


def audit_key(at: datetime, kind: str, ref_id: str, audit_id: str) -> dict:
    """Reference-data changes: one partition, newest last (a program changes it a few times a day)."""
    return {PK: "AUDIT", SK: f"{ts(at)}#{kind}#{ref_id}#{audit_id}"}


def idempotency_key(partner_id: str, key: str) -> dict:
    return {PK: f"IDEMP#{partner_id}#{key}", SK: "IDEMP"}


def survey_link_path(item: str, index: int) -> str:
    """The document path of a survey's link number `index`; `item` is a ProofItem value, never caller input."""
    return f"proof.{ProofItem(item).value}.links[{int(index)}]"


# A link email's mark applies while the link is the one it was sent with (:h) and its email is not marked
# `undeliverable` (:u), which is final: a bounce that came back before the sender marked `sent` stays.
CONSENT_LINK_MARKABLE = "consent_token_hash = :h AND consent_email_status <> :u"


def survey_link_markable(path: str) -> str:
    return f"{path}.token_hash = :h AND {path}.email_status <> :u"


def markable_values(token_hash: str) -> dict:
    return {":h": token_hash, ":u": EmailStatus.UNDELIVERABLE.value}


def ts(value: datetime) -> str:
    """Sortable timestamp for sort keys (all our datetimes are UTC-aware)."""
    return value.isoformat(timespec="microseconds")


# ---------------------------------------------------------------- index keys of each entity
def nomination_index(n: Nomination) -> dict:
    """GSI1: the partner's customers-page tabs. GSI2: whether anyone nominated on an engagement at all
    (its catalogue entry is then frozen: running nominations keep their terms)."""
    return {
        "GSI1PK": f"P#{n.partner_id}#E#{n.engagement_id}#NOMS",
        "GSI1SK": f"{n.tab.value}#{n.nomination_id}",
        "GSI2PK": f"ENG#{n.engagement_id}#NOMINATED",
        "GSI2SK": n.nomination_id,
    }


def reference_index(kind: str, row: dict) -> dict:
    """GSI1 lists each kind for the program pages (engagements are their own CATALOG partition); a location
    is also listed under its partner (GSI2), for the partner's own location picker."""
    if kind == "engagements":
        return {}
    ref_id = row[ID_FIELD[kind]]
    index = {"GSI1PK": f"REF#{kind}", "GSI1SK": ref_id}
    if kind == "locations":
        index |= {"GSI2PK": f"P#{row['partner_id']}#LOCATIONS", "GSI2SK": ref_id}
    return index


def claim_index(c: Claim) -> dict:
    return {
        "GSI1PK": f"P#{c.partner_id}#CLAIMS",
        "GSI1SK": f"{c.status.value}#{c.claim_id}",
        "GSI2PK": f"STATUS#{c.status.value}",
        "GSI2SK": f"{ts(c.status_changed_at)}#{c.claim_id}",
    }


def notification_index(partner_id: str, created_at: datetime, notification_id: str) -> dict:
    """All of a partner's notifications in GSI1; the unread ones also in GSI2 (sparse: removed on read)."""
    sort = f"{ts(created_at)}#{notification_id}"
    return {"GSI1PK": f"P#{partner_id}#NOTES", "GSI1SK": sort, "GSI2PK": f"P#{partner_id}#UNREAD", "GSI2SK": sort}


def payment_index(c: Claim) -> dict:
    assert c.payment is not None
    return {
        "GSI1PK": f"P#{c.partner_id}#PAYMENTS",
        "GSI1SK": f"{c.payment.payable_on.isoformat()}#{c.claim_id}",
        "GSI2PK": f"PAYMENTS#{c.payment.status}",
        "GSI2SK": f"{c.payment.payable_on.isoformat()}#{c.claim_id}",
    }


# ---------------------------------------------------------------- reference rows
def reference_row(kind: str, row: dict, version: int) -> dict:
    return {**row, **REFERENCE_KEYS[kind](row), **reference_index(kind, row), "type": kind[:-1], "version": version}


def domain_row(domain: str, tenant_id: str) -> dict:
    return {**domain_key(domain), "domain": domain.lower(), "tenant_id": tenant_id.lower(), "type": "domain"}


def seed_items(kind: str, row: dict) -> list[dict]:
    """A reference row (and a tenant's domain rows) as DynamoDB attribute values: the local runner's seed,
    the stack's first catalogue, and tests; the program API writes the same rows (with an audit event)."""
    items = [reference_row(kind, row, 1)]
    if kind == "tenants":
        items += [domain_row(domain, row["tenant_id"]) for domain in row["domains"]]
    return [to_attr(item) for item in items]
