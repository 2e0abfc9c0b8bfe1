"""The single table: every key, index and access pattern lives in this module (docs/data-model.md).

Reads are one GetItem/Query/BatchGetItem. A state change is one `TransactWriteItems` built with `Tx`:
the entity (conditioned on the `version` that was read), its history event, its index entries and
its notification together. Nothing here knows HTTP; nothing elsewhere knows a key.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from shared.domain.claims import Claim, Event, NotificationDraft
from shared.domain.engagements import Engagement, ProofItem
from shared.domain.lifecycle import Status
from shared.domain.nominations import Nomination, Tab, tab_for
from shared.domain.outbox import EmailStatus
from shared.domain.reference import ID_FIELD
from shared.errors import AppError

# ---------------------------------------------------------------- table shape (used by infra too)
PK, SK = "PK", "SK"
INDEXES = {"GSI1": ("GSI1PK", "GSI1SK"), "GSI2": ("GSI2PK", "GSI2SK")}
TTL_ATTRIBUTE = "expires_at_epoch"
PAGE_SIZE = 50

_ser, _de = TypeSerializer(), TypeDeserializer()


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
    return {PK: f"DUE#{due_at.date().isoformat()}", SK: f"{_ts(due_at)}#{job}#{ref}"}


def job_cursor_key(job: str) -> dict:
    return {PK: f"JOB#{job}", SK: "CURSOR"}


def audit_key(at: datetime, kind: str, ref_id: str, audit_id: str) -> dict:
    """Reference-data changes: one partition, newest last (a program changes it a few times a day)."""
    return {PK: "AUDIT", SK: f"{_ts(at)}#{kind}#{ref_id}#{audit_id}"}


def idempotency_key(partner_id: str, key: str) -> dict:
    return {PK: f"IDEMP#{partner_id}#{key}", SK: "IDEMP"}


def _survey_link(item: str, index: int) -> str:
    """The document path of a survey's link number `index`; `item` is a ProofItem value, never caller input."""
    return f"proof.{ProofItem(item).value}.links[{int(index)}]"


# A link email's mark applies while the link is the one it was sent with (:h) and its email is not marked
# `undeliverable` (:u), which is final: a bounce that came back before the sender marked `sent` stays.
CONSENT_LINK_MARKABLE = "consent_token_hash = :h AND consent_email_status <> :u"


def _survey_link_markable(path: str) -> str:
    return f"{path}.token_hash = :h AND {path}.email_status <> :u"


def _markable_values(token_hash: str) -> dict:
    return {":h": token_hash, ":u": EmailStatus.UNDELIVERABLE.value}


def _ts(value: datetime) -> str:
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
        "GSI2SK": f"{_ts(c.status_changed_at)}#{c.claim_id}",
    }


def notification_index(partner_id: str, created_at: datetime, notification_id: str) -> dict:
    """All of a partner's notifications in GSI1; the unread ones also in GSI2 (sparse: removed on read)."""
    sort = f"{_ts(created_at)}#{notification_id}"
    return {"GSI1PK": f"P#{partner_id}#NOTES", "GSI1SK": sort, "GSI2PK": f"P#{partner_id}#UNREAD", "GSI2SK": sort}


def payment_index(c: Claim) -> dict:
    assert c.payment is not None
    return {
        "GSI1PK": f"P#{c.partner_id}#PAYMENTS",
        "GSI1SK": f"{c.payment.payable_on.isoformat()}#{c.claim_id}",
        "GSI2PK": f"PAYMENTS#{c.payment.status}",
        "GSI2SK": f"{c.payment.payable_on.isoformat()}#{c.claim_id}",
    }


# ---------------------------------------------------------------- (de)serialization
def _to_attr(item: dict) -> dict:
    return {k: _ser.serialize(_dynamo_safe(v)) for k, v in item.items()}


def _dynamo_safe(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _dynamo_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dynamo_safe(v) for v in value]
    return value


def _from_attr(item: dict) -> dict:
    return {k: _plain(_de.deserialize(v)) for k, v in item.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


def _entity(model: Any, key: dict, index: dict | None = None, **extra: Any) -> dict:
    """Store a model as its JSON form plus keys; the private token hashes are kept (exclude=False)."""
    body = model.model_dump(mode="json")
    if isinstance(model, Claim):  # a survey link's token_hash is excluded from dumps; the store keeps it
        for kind in ("partner_survey", "customer_survey"):
            for stored, link in zip(body["proof"][kind]["links"], getattr(model.proof, kind).links, strict=True):
                stored["token_hash"] = link.token_hash
    return {**body, **key, **(index or {}), **extra}


def _claim(item: dict) -> Claim:
    return Claim.model_validate(item)


def _claim_rows(items: list[dict]) -> tuple[Claim | None, list[dict], dict[str, dict]]:
    """A claim partition's rows: the claim, its notifications (newest first), its survey answers."""
    claim, notes, answers = None, [], {}
    for item in items:
        if item["type"] == "claim":
            claim = _claim(item)
        elif item["type"] == "notification":
            notes.append(item)
        elif item["type"] == "answers":
            answers[item["kind"]] = item
    # newest first by time: reminders share their claim's version, so key order alone is not time order
    notes = sorted(notes[::-1], key=lambda n: datetime.fromisoformat(n["created_at"]), reverse=True)
    return claim, notes, answers


# ---------------------------------------------------------------- page tokens
def encode_page(last_key: dict | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(_from_attr(last_key), separators=(",", ":")).encode()).decode()


def decode_page(
    token: str | None,
    key_attrs: tuple[str, str],
    partition_value: str,
    sk_begins: str | None = None,
    sk_max: str | None = None,
) -> dict | None:
    """An opaque next_token back into an ExclusiveStartKey, refused unless it belongs to this query:
    exactly the table's and the index's key attributes, this partition, this sort-key range (DynamoDB
    answers any other start key with a ValidationException, which would be a 500)."""
    if not token:
        return None
    pk_attr, sk_attr = key_attrs
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4)))
        valid = (
            isinstance(key, dict)
            and set(key) == {PK, SK, pk_attr, sk_attr}
            and all(isinstance(v, str) for v in key.values())
            and key[pk_attr] == partition_value
            and key[sk_attr].startswith(sk_begins or "")
            and (sk_max is None or key[sk_attr] <= sk_max)
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise AppError("next_token is not valid for this list.", code="invalid_next_token", status=400)
    return _to_attr(key)


def _decode_positions(token: str | None, statuses: tuple[Status, ...]) -> dict[Status, str | None]:
    """A merged list's next_token back into each status's own position: its page token, "" for from the
    start, None for exhausted (each inner token is checked again by the Query that uses it)."""
    if not token:
        return {}
    try:
        raw = json.loads(base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4)))
        valid = (
            isinstance(raw, dict)
            and set(raw) == {s.value for s in statuses}
            and all(v is None or isinstance(v, str) for v in raw.values())
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise AppError("next_token is not valid for this list.", code="invalid_next_token", status=400)
    return {s: (raw[s.value] or "") if raw[s.value] is not None else None for s in statuses}


_T = TypeVar("_T")


@dataclass
class Page(Generic[_T]):
    items: list[_T]
    next_token: str | None


# ---------------------------------------------------------------- transactions
class TxConflict(Exception):
    """A condition in the transaction failed; `labels` name the operations that failed."""

    def __init__(self, labels: list[str]):
        super().__init__(", ".join(labels))
        self.labels = labels


@dataclass
class Tx:
    """A TransactWriteItems under construction. Each operation has a label for conflict reporting."""

    store: Store
    ops: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def _add(self, label: str, kind: str, spec: dict) -> Tx:
        spec["TableName"] = self.store.table
        self.ops.append({kind: spec})
        self.labels.append(label)
        return self

    def put(self, label: str, item: dict, condition: str | None = None, values: dict | None = None) -> Tx:
        spec: dict[str, Any] = {"Item": _to_attr(item)}
        if condition:
            spec["ConditionExpression"] = condition
        if values:
            spec["ExpressionAttributeValues"] = _to_attr(values)
        return self._add(label, "Put", spec)

    def put_new(self, label: str, item: dict) -> Tx:
        return self.put(label, item, "attribute_not_exists(PK)")

    def put_versioned(self, label: str, item: dict, expected_version: int | None) -> Tx:
        if expected_version is None:
            return self.put_new(label, item)
        return self.put(label, item, "version = :expected", {":expected": expected_version})

    def update(
        self,
        label: str,
        key: dict,
        expression: str,
        values: dict,
        condition: str | None = None,
        names: dict | None = None,
    ) -> Tx:
        spec: dict[str, Any] = {
            "Key": _to_attr(key),
            "UpdateExpression": expression,
            "ExpressionAttributeValues": _to_attr(values),
        }
        if condition:
            spec["ConditionExpression"] = condition
        if names:
            spec["ExpressionAttributeNames"] = names
        return self._add(label, "Update", spec)

    def delete(self, label: str, key: dict, condition: str | None = None, values: dict | None = None) -> Tx:
        spec: dict[str, Any] = {"Key": _to_attr(key)}
        if condition:
            spec["ConditionExpression"] = condition
        if values:
            spec["ExpressionAttributeValues"] = _to_attr(values)
        return self._add(label, "Delete", spec)

    def check_absent(self, label: str, key: dict) -> Tx:
        return self._add(
            label, "ConditionCheck", {"Key": _to_attr(key), "ConditionExpression": "attribute_not_exists(PK)"}
        )

    def check_match(self, label: str, key: dict, **expected: str) -> Tx:
        """The item exists with these attribute values, though this transaction does not change it."""
        condition = " AND ".join(f"{name} = :{name}" for name in expected)
        return self._add(
            label,
            "ConditionCheck",
            {
                "Key": _to_attr(key),
                "ConditionExpression": condition,
                "ExpressionAttributeValues": _to_attr({f":{name}": value for name, value in expected.items()}),
            },
        )

    def check_version(self, label: str, key: dict, expected_version: int) -> Tx:
        """The entity is still as it was read, though this transaction does not change it."""
        return self._add(
            label,
            "ConditionCheck",
            {
                "Key": _to_attr(key),
                "ConditionExpression": "version = :expected",
                "ExpressionAttributeValues": _to_attr({":expected": expected_version}),
            },
        )

    def join_roster(self, n: Nomination, created_at: datetime, replacing: str | None = None) -> Tx:
        """The partner's one entry among the tenant's nominees (new, or replacing the entry of the partner's
        earlier nomination `replacing`, as read), and the roster's version moved on."""
        entry = {
            **roster_key(n.engagement_id, n.tenant_id, n.partner_id),
            "type": "roster",
            "nomination_id": n.nomination_id,
            "partner_id": n.partner_id,
            "created_at": created_at.isoformat(),
        }
        if replacing is None:
            self.put_new("roster", entry)
        else:
            self.put("roster", entry, "nomination_id = :previous", {":previous": replacing})
        return self.update(
            "roster_head",
            roster_head_key(n.engagement_id, n.tenant_id),
            "SET #type = :type ADD version :one",
            {":type": "roster_head", ":one": 1},
            names={"#type": "type"},
        )

    def check_roster(self, engagement_id: str, tenant_id: str, version: int | None) -> Tx:
        """Nobody joined the tenant's nominees since they were read at this roster version."""
        key = roster_head_key(engagement_id, tenant_id)
        return self.check_absent("roster", key) if version is None else self.check_version("roster", key, version)

    # ---- entity writes
    def save_claim(self, claim: Claim, expected_version: int | None) -> Tx:
        return self.put_versioned(
            "claim", _entity(claim, claim_key(claim.claim_id), claim_index(claim), type="claim"), expected_version
        )

    def save_nomination(self, nomination: Nomination, expected_version: int | None, label: str = "nomination") -> Tx:
        return self.put_versioned(
            label,
            _entity(
                nomination, nomination_key(nomination.nomination_id), nomination_index(nomination), type="nomination"
            ),
            expected_version,
        )

    def mirror_claim_status(self, claim: Claim) -> Tx:
        """Keep the nomination's customers-page row (tab, claim status) in step with its claim."""
        from shared.domain.nominations import NominationStatus

        tab = tab_for(NominationStatus.CONSENTED, claim.status)
        return self.update(
            "nomination_mirror",
            nomination_key(claim.nomination_id),
            "SET claim_id = :c, claim_status = :s, GSI1SK = :sk ADD version :one",
            {":c": claim.claim_id, ":s": claim.status.value, ":sk": f"{tab.value}#{claim.nomination_id}", ":one": 1},
            condition="attribute_exists(PK)",
        )

    def mark_consent_undeliverable(self, nomination_id: str, token_hash: str) -> Tx:
        """The current consent link's email bounced for good or drew a complaint (shared/domain/mail_events.py).
        Like the other email marks, not a change of the nomination (no version); conditioned on the link and
        on not being marked yet, so a link replaced since, or the same event again, fails it (label `link`)."""
        return self.update(
            "link",
            nomination_key(nomination_id),
            "SET consent_email_status = :u",
            _markable_values(token_hash),
            condition=CONSENT_LINK_MARKABLE,
        )

    def mark_survey_undeliverable(self, claim_id: str, item: str, index: int, token_hash: str) -> Tx:
        """The same for the survey's link number `index`, if that link is still the one with `token_hash`."""
        path = _survey_link(item, index)
        return self.update(
            "link",
            claim_key(claim_id),
            f"SET {path}.email_status = :u",
            _markable_values(token_hash),
            condition=_survey_link_markable(path),
        )

    def add_event(self, claim: Claim, event: Event) -> Tx:
        """The event that made `claim` (its new version). It names the partner, so a history page proves by
        itself whom it belongs to (one Query, no read of the claim)."""
        item = {
            **event.model_dump(mode="json"),
            **event_key(claim.claim_id, claim.version),
            "type": "event",
            "claim_id": claim.claim_id,
            "partner_id": claim.partner_id,
        }
        return self.put_new("event", item)

    def add_notification(
        self,
        *,
        owner_id: str,
        owner_version: int,
        partner_id: str,
        claim_id: str | None,
        draft: NotificationDraft,
        created_at: datetime,
        email_to: list[dict],
        context: dict,
        reminder_days: int | None = None,
        undeliverable_link: str | None = None,
    ) -> str:
        """The notification row (claim page + /notifications) and, by its stream record, its email."""
        note_id = notification_id_for(owner_id, owner_version, reminder_days, undeliverable_link)
        item = {
            **notification_key(note_id),
            **notification_index(partner_id, created_at, note_id),
            "type": "notification",
            "notification_id": note_id,
            "claim_id": claim_id,
            "partner_id": partner_id,
            "kind": draft.kind,
            "template": draft.template,
            "params": draft.params,
            "message": draft.message,
            "details": draft.details,
            "created_at": created_at.isoformat(),
            "read": False,
            "email_to": email_to,
            "email_context": context,
            "email_status": "pending" if email_to else "none",
        }
        self.put_new("notification", item)
        return note_id

    def save_payment(self, claim: Claim) -> Tx:
        assert claim.payment is not None
        item = {
            **claim.payment.model_dump(mode="json"),
            **payment_key(claim.claim_id),
            **payment_index(claim),
            "type": "payment",
            "claim_id": claim.claim_id,
            "partner_id": claim.partner_id,
            "engagement_id": claim.engagement_id,
            "engagement_name": claim.engagement_name,
            "customer": claim.customer,
        }
        return self.put("payment", item)

    def put_due(self, due_at: datetime, job: str, ref: str, **attrs: Any) -> Tx:
        item = {
            **due_key(due_at, job, ref),
            "type": "due",
            "job": job,
            "ref": ref,
            "due_at": due_at.isoformat(),
            **attrs,
        }
        return self.put(f"due:{job}", item)

    def put_deadline(
        self, due_at: datetime, job: str, reminder_job: str, reminder_days: Iterable[int], ref: str, **attrs: Any
    ) -> Tx:
        """A deadline's due entry and its reminders, `<reminder_job>_<n>` n days before it."""
        self.put_due(due_at, job, ref, **attrs)
        for days in reminder_days:
            self.put_due(due_at - timedelta(days=days), f"{reminder_job}_{days}", ref, **attrs)
        return self

    def delete_due(self, due_pk: str, due_sk: str) -> Tx:
        """Consume a due entry; the condition makes a second (overlapping) run skip it."""
        return self.delete("due", {PK: due_pk, SK: due_sk}, "attribute_exists(PK)")

    def put_token(self, token_hash: str, purpose: str, expires_at: datetime, **attrs: Any) -> Tx:
        item = {
            **token_key(token_hash),
            "type": "token",
            "purpose": purpose,
            "expires_at": expires_at.isoformat(),
            TTL_ATTRIBUTE: int(expires_at.timestamp()) + 86400 * 30,
            **attrs,
        }
        return self.put_new("token", item)

    def spend_token(self, token_hash: str, answer_digest: str, at: datetime) -> Tx:
        """A link answered: its row stays, with what was answered, so the very same answer posted again is
        told 'already recorded'. Of two racing answers one spends it; the other's transaction fails."""
        return self.update(
            "token",
            token_key(token_hash),
            "SET outcome = :answered, answer_digest = :digest, answered_at = :at",
            {":answered": TokenOutcome.ANSWERED, ":digest": answer_digest, ":at": at.isoformat()},
            condition="attribute_exists(PK) AND attribute_not_exists(outcome)",
        )

    def retire_token(self, token_hash: str, purpose: str, locale: str, expires_at: datetime) -> Tx:
        """A link that died unanswered (replaced, revoked, expired) becomes a tombstone that keeps only its
        language, so its dead-link page speaks the recipient's language."""
        item = {
            **token_key(token_hash),
            "type": "token",
            "purpose": purpose,
            "outcome": TokenOutcome.RETIRED,
            "locale": locale,
            "expires_at": expires_at.isoformat(),
            TTL_ATTRIBUTE: int(expires_at.timestamp()) + 86400 * 30,
        }
        return self.put("token", item)

    def put_answers(self, claim_id: str, kind: str, answers: dict, answered_at: datetime, by: dict) -> Tx:
        item = {
            **answers_key(claim_id, kind),
            "type": "answers",
            "kind": kind,
            "answers": answers,
            "answered_at": answered_at.isoformat(),
            "by": by,
        }
        return self.put("answers", item)

    def put_upload(self, claim_id: str, upload_id: str, **attrs: Any) -> Tx:
        return self.put_new(
            "upload",
            {
                **upload_key(claim_id, upload_id),
                "type": "upload",
                "upload_id": upload_id,
                "claim_id": claim_id,
                "processed": False,
                **attrs,
            },
        )

    def mark_upload_processed(self, claim_id: str, upload_id: str, s3_version_id: str | None, outcome: str) -> Tx:
        """Once per issued upload: a re-delivered S3 event fails this condition and changes nothing."""
        return self.update(
            "upload",
            upload_key(claim_id, upload_id),
            "SET #processed = :t, s3_version_id = :v, outcome = :o",
            {":t": True, ":f": False, ":v": s3_version_id, ":o": outcome},
            condition="#processed = :f",
            names={"#processed": "processed"},
        )  # a reserved word

    def put_reference(self, kind: str, row: dict, expected_version: int | None) -> Tx:
        """A reference row: new (absent) or replacing the version that was read."""
        version = (expected_version or 0) + 1
        return self.put_versioned(kind, reference_row(kind, row, version), expected_version)

    def put_domain(self, domain: str, tenant_id: str) -> Tx:
        """A domain of a new tenant: refused if any tenant has it (label `domain:<domain>`)."""
        return self.put_new(f"domain:{domain}", domain_row(domain, tenant_id))

    def add_audit(
        self,
        kind: str,
        ref_id: str,
        action: str,
        actor: dict,
        at: datetime,
        before: dict | None,
        after: dict,
        audit_id: str,
    ) -> Tx:
        return self.put_new(
            "audit",
            {
                **audit_key(at, kind, ref_id, audit_id),
                "type": "audit",
                "kind": kind,
                "ref_id": ref_id,
                "action": action,
                "actor": actor,
                "at": at.isoformat(),
                "before": before,
                "after": after,
            },
        )

    def put_idempotency(self, partner_id: str, key: str, fingerprint: str, response: dict, expires_at: datetime) -> Tx:
        item = {
            **idempotency_key(partner_id, key),
            "type": "idempotency",
            "fingerprint": fingerprint,
            "response": json.dumps(response),
            TTL_ATTRIBUTE: int(expires_at.timestamp()),
        }
        return self.put_new("idempotency", item)

    def commit(self) -> None:
        if not self.ops:
            return
        try:
            self.store.client.transact_write_items(TransactItems=self.ops)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = exc.response.get("CancellationReasons") or []
            failed = [
                label
                for label, r in zip(self.labels, reasons, strict=False)
                if r.get("Code") == "ConditionalCheckFailed"
            ]
            if not failed and any(r.get("Code") == "TransactionConflict" for r in reasons):
                failed = ["transaction_conflict"]
            if not failed:
                raise
            raise TxConflict(failed) from exc


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
    return [_to_attr(item) for item in items]


# ---------------------------------------------------------------- the store
class Store:
    def __init__(self, client: Any, table: str):
        self.client = client
        self.table = table

    def tx(self) -> Tx:
        return Tx(self)

    # ---- low-level
    def _get(self, key: dict, consistent: bool = True) -> dict | None:
        r = self.client.get_item(TableName=self.table, Key=_to_attr(key), ConsistentRead=consistent)
        return _from_attr(r["Item"]) if "Item" in r else None

    def _query(
        self,
        pk_value: str,
        *,
        index: str | None = None,
        sk_begins: str | None = None,
        sk_max: str | None = None,
        limit: int = PAGE_SIZE,
        next_token: str | None = None,
        forward: bool = True,
        filters: dict[str, Any] | None = None,
    ) -> Page[dict]:
        pk_attr, sk_attr = INDEXES[index] if index else (PK, SK)
        cond, values = f"{pk_attr} = :pk", {":pk": pk_value}
        if sk_begins is not None:
            cond += f" AND begins_with({sk_attr}, :skp)"
            values[":skp"] = sk_begins
        elif sk_max is not None:
            cond += f" AND {sk_attr} <= :skmax"
            values[":skmax"] = sk_max
        kw: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": cond,
            "Limit": limit,
            "ScanIndexForward": forward,
        }
        if index:
            kw["IndexName"] = index
        if filters:
            names = {f"#f{i}": name for i, name in enumerate(filters)}
            kw["FilterExpression"] = " AND ".join(f"#f{i} = :f{i}" for i in range(len(filters)))
            kw["ExpressionAttributeNames"] = names
            values.update({f":f{i}": v for i, v in enumerate(filters.values())})
        kw["ExpressionAttributeValues"] = _to_attr(values)
        start = decode_page(next_token, (pk_attr, sk_attr), pk_value, sk_begins, sk_max)
        if start:
            kw["ExclusiveStartKey"] = start
        r = self.client.query(**kw)
        return Page([_from_attr(i) for i in r.get("Items", [])], encode_page(r.get("LastEvaluatedKey")))

    def _batch_get(self, keys: list[dict]) -> list[dict]:
        r = self.client.batch_get_item(
            RequestItems={self.table: {"Keys": [_to_attr(k) for k in keys], "ConsistentRead": True}}
        )
        items = [_from_attr(i) for i in r.get("Responses", {}).get(self.table, [])]
        unprocessed = r.get("UnprocessedKeys", {}).get(self.table, {}).get("Keys")
        if unprocessed:  # rare (throttling): fetch the rest one by one rather than lose them
            items += [i for k in unprocessed if (i := self._get(_from_attr(k)))]
        return items

    # ---- catalogue, partners, tenant directory
    def engagements(self) -> list[Engagement]:
        return [Engagement.model_validate(i) for i in self._query("CATALOG", sk_begins="ENG#", limit=200).items]

    def nomination_context(
        self, engagement_id: str, location_id: str, domain: str, partner_id: str
    ) -> dict[str, dict | None]:
        """Engagement, location, partner profile and the tenant directory entry for a new nomination:
        one BatchGetItem."""
        keys = {
            "engagement": engagement_key(engagement_id),
            "location": location_key(location_id),
            "directory": domain_key(domain),
            "partner": partner_key(partner_id),
        }
        found = {(i[PK], i[SK]): i for i in self._batch_get(list(keys.values()))}
        return {name: found.get((k[PK], k[SK])) for name, k in keys.items()}

    def seed(self, rows: Iterable[tuple[str, dict]]) -> None:
        """Write reference rows as they are: (kind, row), kind one of partners|locations|tenants|engagements."""
        for kind, row in rows:
            for item in seed_items(kind, row):
                self.client.put_item(TableName=self.table, Item=item)

    def reference(self, kind: str, row_id: str) -> dict | None:
        return self._get(REFERENCE_KEYS[kind]({ID_FIELD[kind]: row_id}))

    def existing_engagements(self, engagement_ids: list[str]) -> set[str]:
        """Which of these ids the catalogue has (one BatchGetItem; a location names a few)."""
        ids = list(dict.fromkeys(engagement_ids))
        return {i["engagement_id"] for i in self._batch_get([engagement_key(e) for e in ids])} if ids else set()

    def references(self, kind: str, next_token: str | None, limit: int = PAGE_SIZE) -> Page[dict]:
        """One kind of reference rows, by id (engagements: the catalogue partition)."""
        if kind == "engagements":
            return self._query("CATALOG", sk_begins="ENG#", next_token=next_token, limit=limit)
        return self._query(f"REF#{kind}", index="GSI1", next_token=next_token, limit=limit)

    def partner_names(self, partner_ids: list[str]) -> dict[str, str]:
        """partner id → name, for the partners of a list (one BatchGetItem; at most a page's 50)."""
        ids = list(dict.fromkeys(partner_ids))
        return {i["partner_id"]: i["name"] for i in self._batch_get([partner_key(p) for p in ids])} if ids else {}

    def locations_of(self, partner_id: str) -> list[dict]:
        return self._query(f"P#{partner_id}#LOCATIONS", index="GSI2", limit=500).items

    def domains(self, domains: list[str]) -> dict[str, str]:
        """domain → tenant id, for those of `domains` the directory maps (one BatchGetItem)."""
        found = self._batch_get([domain_key(d) for d in dict.fromkeys(domains)]) if domains else []
        return {i["domain"]: i["tenant_id"] for i in found}

    def tenant_domains(self, tenant_id: str) -> list[str]:
        """The domains the tenant directory lists for a tenant (none when it is not in the directory)."""
        return (self._get(tenant_key(tenant_id)) or {}).get("domains") or []

    def engagement_in_use(self, engagement_id: str) -> bool:
        """Whether anyone has nominated on this engagement (the index may trail a nomination made this very
        moment; that nomination keeps the terms it read, so no running claim's terms move either way)."""
        return bool(self._query(f"ENG#{engagement_id}#NOMINATED", index="GSI2", limit=1).items)

    def audit(self, next_token: str | None) -> Page[dict]:
        """Every reference-data change, newest first."""
        return self._query("AUDIT", forward=False, next_token=next_token)

    # ---- nominations
    def nomination(self, nomination_id: str) -> Nomination | None:
        item = self._get(nomination_key(nomination_id))
        return Nomination.model_validate(item) if item else None

    def nominations(self, partner_id: str, engagement_id: str, tab: Tab, next_token: str | None) -> Page[Nomination]:
        page = self._query(
            f"P#{partner_id}#E#{engagement_id}#NOMS", index="GSI1", sk_begins=f"{tab.value}#", next_token=next_token
        )
        return Page([Nomination.model_validate(i) for i in page.items], page.next_token)

    def nominations_by_id(self, nomination_ids: list[str]) -> list[Nomination]:
        """Several nominations (e.g. every partner's of one tenant): BatchGetItem, 100 keys a call."""
        ids = list(dict.fromkeys(nomination_ids))
        items = [
            i
            for start in range(0, len(ids), 100)
            for i in self._batch_get([nomination_key(n) for n in ids[start : start + 100]])
        ]
        return [Nomination.model_validate(i) for i in items]

    def tenant_roster(self, engagement_id: str, tenant_id: str) -> list[dict]:
        """Who nominated this tenant for this engagement, the roster's version, and the consent lock if
        someone won it."""
        return self._query(f"TENANT#{engagement_id}#{tenant_id}", limit=200).items

    def token(self, token_hash: str) -> dict | None:
        return self._get(token_key(token_hash))

    # ---- link emails (shared/domain/outbox.py): the outcome of the email of the link that is current
    # The mark is not a change of the entity (no version, no event, like a notification's email_status), so
    # it never makes a partner's concurrent edit fail; conditioned on the link, a replaced link is left alone.
    # An `undeliverable` mark (Tx.mark_*_undeliverable) is final (CONSENT_LINK_MARKABLE).
    def mark_consent_email(self, nomination_id: str, token_hash: str, status: EmailStatus) -> Nomination | None:
        """A failed email gives its send of the day back. None when the link was replaced or answered in
        the meantime: its email's outcome no longer shows anywhere."""
        expression = "SET consent_email_status = :s"
        if status is EmailStatus.FAILED:
            expression += ", consent_sends_today = consent_sends_today - :one"
        item = self._update_if(
            nomination_key(nomination_id),
            expression,
            CONSENT_LINK_MARKABLE,
            {
                ":s": status.value,
                **_markable_values(token_hash),
                **({":one": 1} if status is EmailStatus.FAILED else {}),
            },
        )
        return Nomination.model_validate(item) if item else None

    def mark_survey_email(
        self, claim_id: str, item: str, index: int, token_hash: str, status: EmailStatus
    ) -> Claim | None:
        """The email of the survey's link number `index`, if that link is still the one with `token_hash`."""
        path = _survey_link(item, index)
        found = self._update_if(
            claim_key(claim_id),
            f"SET {path}.email_status = :s",
            _survey_link_markable(path),
            {":s": status.value, **_markable_values(token_hash)},
        )
        return _claim(found) if found else None

    def _update_if(
        self, key: dict, expression: str, condition: str, values: dict, names: dict | None = None
    ) -> dict | None:
        """One conditional UpdateItem, returning the new item; None when the condition does not hold."""
        try:
            r = self.client.update_item(
                TableName=self.table,
                Key=_to_attr(key),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeValues=_to_attr(values),
                ReturnValues="ALL_NEW",
                **({"ExpressionAttributeNames": names} if names else {}),
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return _from_attr(r["Attributes"])

    # ---- claims
    def claim(self, claim_id: str) -> Claim | None:
        item = self._get(claim_key(claim_id))
        return _claim(item) if item else None

    def claim_page(self, claim_id: str) -> tuple[Claim | None, list[dict], dict[str, dict]]:
        """The claim with its notifications (newest first) and survey answers: one Query."""
        return _claim_rows(self._query(f"CLAIM#{claim_id}", sk_begins="#", limit=500).items)

    def claim_dossier(self, claim_id: str) -> tuple[Claim | None, list[dict], dict[str, dict], list[dict]]:
        """The reviewer's read: claim_page plus every history event, oldest first. One Query (more
        only past 1 MB): the partition's '#…' rows sort before its 'EVT#…' rows; uploads come after."""
        items, token = [], None
        while True:
            page = self._query(f"CLAIM#{claim_id}", sk_max="EVT#~", limit=500, next_token=token)
            items += page.items
            if not (token := page.next_token):
                break
        return (*_claim_rows(items), [i for i in items if i["type"] == "event"])

    def dossier_context(
        self, partner_id: str, nomination_id: str, tenant_id: str | None
    ) -> tuple[dict | None, Nomination | None, dict | None]:
        """What the reviewer's dossier adds to the claim: the partner's profile, the nomination the claim came
        from, and the tenant's directory entry (its domains), in one BatchGetItem."""
        keys = [partner_key(partner_id), nomination_key(nomination_id)] + ([tenant_key(tenant_id)] if tenant_id else [])
        found = {i[PK]: i for i in self._batch_get(keys)}
        nomination = found.get(nomination_key(nomination_id)[PK])
        return (
            found.get(partner_key(partner_id)[PK]),
            Nomination.model_validate(nomination) if nomination else None,
            found.get(tenant_key(tenant_id)[PK]) if tenant_id else None,
        )

    def claims_of_partner(
        self, partner_id: str, status: Status | None, engagement_id: str | None, next_token: str | None
    ) -> Page[Claim]:
        page = self._query(
            f"P#{partner_id}#CLAIMS",
            index="GSI1",
            sk_begins=f"{status.value}#" if status else None,
            next_token=next_token,
            filters={"engagement_id": engagement_id} if engagement_id else None,
        )
        return Page([_claim(i) for i in page.items], page.next_token)

    def claims_in_status(self, status: Status, next_token: str | None) -> Page[Claim]:
        """The review queue: every partner's claims in one status, longest waiting first."""
        page = self._query(f"STATUS#{status.value}", index="GSI2", next_token=next_token)
        return Page([_claim(i) for i in page.items], page.next_token)

    def claims_waiting(self, statuses: tuple[Status, ...], next_token: str | None) -> Page[Claim]:
        """The default review queue: the claims of several statuses, merged in the index's order (when each
        entered its status), one Query per status. The next_token carries each status's own position."""
        positions = _decode_positions(next_token, statuses)
        rows: list[tuple[Status, dict]] = []
        more: dict[Status, str | None] = {}
        for status in statuses:
            if status in positions and positions[status] is None:
                continue  # that status is exhausted
            page = self._query(f"STATUS#{status.value}", index="GSI2", next_token=positions.get(status))
            rows += [(status, i) for i in page.items]
            more[status] = page.next_token
        rows.sort(key=lambda row: row[1]["GSI2SK"])
        taken = rows[:PAGE_SIZE]
        for status in statuses:
            mine = [i for s, i in taken if s is status]
            all_taken = len(mine) == sum(1 for s, _ in rows if s is status)
            if mine and not (all_taken and more.get(status) is None):
                positions[status] = encode_page(_to_attr({k: mine[-1][k] for k in (PK, SK, "GSI2PK", "GSI2SK")}))
            elif status in more and all_taken and more[status] is None:
                positions[status] = None
        done = all(status in positions and positions[status] is None for status in statuses)
        token = (
            None
            if done
            else base64.urlsafe_b64encode(
                json.dumps({s.value: positions.get(s, "") for s in statuses}, separators=(",", ":")).encode()
            ).decode()
        )
        return Page([_claim(i) for _, i in taken], token)

    def count_in_status(self, status: Status) -> int:
        """How many claims are in a status (a COUNT Query of the status index, paged past 1 MB)."""
        count, start = 0, None
        while True:
            kw: dict[str, Any] = {
                "TableName": self.table,
                "IndexName": "GSI2",
                "Select": "COUNT",
                "KeyConditionExpression": "GSI2PK = :pk",
                "ExpressionAttributeValues": _to_attr({":pk": f"STATUS#{status.value}"}),
            }
            if start:
                kw["ExclusiveStartKey"] = start
            r = self.client.query(**kw)
            count += r.get("Count", 0)
            if not (start := r.get("LastEvaluatedKey")):
                return count

    def history(self, claim_id: str, next_token: str | None) -> Page[dict]:
        return self._query(f"CLAIM#{claim_id}", sk_begins="EVT#", next_token=next_token)

    def upload(self, claim_id: str, upload_id: str) -> dict | None:
        return self._get(upload_key(claim_id, upload_id))

    def idempotent_response(self, partner_id: str, key: str) -> dict | None:
        return self._get(idempotency_key(partner_id, key))

    def claim_and_idempotent_response(
        self, claim_id: str, partner_id: str, key: str
    ) -> tuple[Claim | None, dict | None]:
        """A keyed submit's one read: the claim and any earlier answer under the key (BatchGetItem)."""
        found = {i[PK]: i for i in self._batch_get([claim_key(claim_id), idempotency_key(partner_id, key)])}
        claim = found.get(claim_key(claim_id)[PK])
        return (_claim(claim) if claim else None), found.get(idempotency_key(partner_id, key)[PK])

    # ---- notifications and payments
    def notifications(self, partner_id: str, unread_only: bool, next_token: str | None) -> Page[dict]:
        if unread_only:
            return self._query(f"P#{partner_id}#UNREAD", index="GSI2", next_token=next_token, forward=False)
        return self._query(f"P#{partner_id}#NOTES", index="GSI1", next_token=next_token, forward=False)

    def mark_notification_read(self, notification_id: str, partner_id: str, now: datetime) -> dict | None:
        """One conditional UpdateItem; None when it is not this partner's (or does not exist)."""
        try:
            key = notification_key(notification_id)
        except ValueError:  # not an id we ever issued
            return None
        return self._update_if(
            key,
            "SET #read = :t, read_at = if_not_exists(read_at, :now) REMOVE GSI2PK, GSI2SK",
            "partner_id = :p",
            {":t": True, ":now": now.isoformat(), ":p": partner_id},
            names={"#read": "read"},
        )  # a reserved word

    def notification(self, notification_id: str) -> dict | None:
        return self._get(notification_key(notification_id))

    def mark_email_sent(self, notification_id: str, address: str) -> None:
        """Remember one delivered recipient (a string set), so a retried record never emails them twice."""
        self.client.update_item(
            TableName=self.table,
            Key=_to_attr(notification_key(notification_id)),
            UpdateExpression="ADD emails_sent :a",
            ExpressionAttributeValues={":a": {"SS": [address]}},
        )

    def set_email_status(self, notification_id: str, status: str, error: str | None = None) -> None:
        self.client.update_item(
            TableName=self.table,
            Key=_to_attr(notification_key(notification_id)),
            UpdateExpression="SET email_status = :s, email_error = :e",
            ExpressionAttributeValues=_to_attr({":s": status, ":e": error}),
        )

    def payments_of_partner(self, partner_id: str, next_token: str | None) -> Page[dict]:
        return self._query(f"P#{partner_id}#PAYMENTS", index="GSI1", next_token=next_token)

    # ---- scheduled jobs
    def due_entries(self, day: date, until: datetime, limit: int, after: str | None = None) -> list[dict]:
        """A day's entries due by `until`, in due order; `after` (an entry's SK) pages past entries that a
        run leaves in place (failed, to retry next run)."""
        pk = f"DUE#{day.isoformat()}"
        start = encode_page(_to_attr({PK: pk, SK: after})) if after else None
        return self._query(pk, sk_max=f"{_ts(until)}#~", limit=limit, next_token=start).items

    def job_cursor(self, job: str) -> dict | None:
        return self._get(job_cursor_key(job))

    def save_job_cursor(self, job: str, day: date, at: datetime) -> None:
        self.client.put_item(
            TableName=self.table,
            Item=_to_attr({**job_cursor_key(job), "type": "job_cursor", "day": day.isoformat(), "at": at.isoformat()}),
        )


__all__ = ["Store", "Tx", "TxConflict", "Page", "INDEXES", "PK", "SK", "TTL_ATTRIBUTE", "seed_items"]
