"""One state change, one TransactWriteItems: `Tx` collects the labelled operations and commits them together."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, Unpack

from botocore.exceptions import ClientError

from shared.domain.claims import Claim, Event, NotificationDraft
from shared.domain.nominations import Nomination, tab_for
from shared.store.codec import entity, to_attr
from shared.store.keys import (
    CONSENT_LINK_MARKABLE,
    PK,
    SK,
    TTL_ATTRIBUTE,
    TokenOutcome,
    answers_key,
    audit_key,
    claim_index,
    claim_key,
    consent_lock_key,
    domain_row,
    due_key,
    event_key,
    idempotency_key,
    markable_values,
    nomination_index,
    nomination_key,
    notification_id_for,
    notification_index,
    notification_key,
    payment_index,
    payment_key,
    reference_row,
    roster_head_key,
    roster_key,
    survey_link_markable,
    survey_link_path,
    token_key,
    upload_key,
)
from shared.store.rows import DueEntry, DueFields, TokenFields, UploadFields


# ---------------------------------------------------------------- transactions
class TxConflict(Exception):
    """A condition in the transaction failed; `labels` name the operations that failed."""

    def __init__(self, labels: list[str]):
        super().__init__(", ".join(labels))
        self.labels = labels


@dataclass
class Tx:
    """A TransactWriteItems under construction. Each operation has a label for conflict reporting."""

    client: Any
    table: str
    ops: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def _add(self, label: str, kind: str, spec: dict) -> Tx:
        spec["TableName"] = self.table
        self.ops.append({kind: spec})
        self.labels.append(label)
        return self

    def put(self, label: str, item: dict, condition: str | None = None, values: dict | None = None) -> Tx:
        spec: dict[str, Any] = {"Item": to_attr(item)}
        if condition:
            spec["ConditionExpression"] = condition
        if values:
            spec["ExpressionAttributeValues"] = to_attr(values)
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
            "Key": to_attr(key),
            "UpdateExpression": expression,
            "ExpressionAttributeValues": to_attr(values),
        }
        if condition:
            spec["ConditionExpression"] = condition
        if names:
            spec["ExpressionAttributeNames"] = names
        return self._add(label, "Update", spec)

    def delete(self, label: str, key: dict, condition: str | None = None, values: dict | None = None) -> Tx:
        spec: dict[str, Any] = {"Key": to_attr(key)}
        if condition:
            spec["ConditionExpression"] = condition
        if values:
            spec["ExpressionAttributeValues"] = to_attr(values)
        return self._add(label, "Delete", spec)

    def check_absent(self, label: str, key: dict) -> Tx:
        return self._add(
            label, "ConditionCheck", {"Key": to_attr(key), "ConditionExpression": "attribute_not_exists(PK)"}
        )

    def check_match(self, label: str, key: dict, **expected: str) -> Tx:
        """The item exists with these attribute values, though this transaction does not change it."""
        condition = " AND ".join(f"{name} = :{name}" for name in expected)
        return self._add(
            label,
            "ConditionCheck",
            {
                "Key": to_attr(key),
                "ConditionExpression": condition,
                "ExpressionAttributeValues": to_attr({f":{name}": value for name, value in expected.items()}),
            },
        )

    def check_version(self, label: str, key: dict, expected_version: int) -> Tx:
        """The entity is still as it was read, though this transaction does not change it."""
        return self._add(
            label,
            "ConditionCheck",
            {
                "Key": to_attr(key),
                "ConditionExpression": "version = :expected",
                "ExpressionAttributeValues": to_attr({":expected": expected_version}),
            },
        )

    def check_claim(self, claim_id: str, expected_version: int) -> Tx:
        return self.check_version("claim", claim_key(claim_id), expected_version)

    def check_nomination(self, nomination_id: str, expected_version: int) -> Tx:
        return self.check_version("nomination", nomination_key(nomination_id), expected_version)

    def check_consent_lock(self, n: Nomination, held_by: str | None) -> Tx:
        """Nobody's consent holds the tenant yet (`held_by` None), or still this partner's nomination
        `held_by`, as read."""
        lock = consent_lock_key(n.engagement_id, n.tenant_id)
        if held_by is None:
            return self.check_absent("consent_lock", lock)
        return self.check_match("consent_lock", lock, partner_id=n.partner_id, nomination_id=held_by)

    def take_consent_lock(self, n: Nomination, at: datetime, replacing: str | None) -> Tx:
        """First consent wins: the (engagement, tenant) lock for `n` (new, or replacing the partner's own
        earlier consent `replacing`, as read)."""
        won = {
            **consent_lock_key(n.engagement_id, n.tenant_id),
            "type": "consent_lock",
            "partner_id": n.partner_id,
            "nomination_id": n.nomination_id,
            "consented_at": at.isoformat(),
        }
        if replacing is None:
            return self.put_new("consent_lock", won)
        return self.put(
            "consent_lock",
            won,
            "partner_id = :partner AND nomination_id = :previous",
            {":partner": n.partner_id, ":previous": replacing},
        )

    def mark_token_lost(self, label: str, token_hash: str) -> Tx:
        """A consent link whose customer consented to another partner: it stays, answering so."""
        return self.update(
            label,
            token_key(token_hash),
            "SET outcome = :lost",
            {":lost": TokenOutcome.LOST},
            condition="attribute_exists(PK)",
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
            "claim", entity(claim, claim_key(claim.claim_id), claim_index(claim), type="claim"), expected_version
        )

    def save_nomination(self, nomination: Nomination, expected_version: int | None, label: str = "nomination") -> Tx:
        return self.put_versioned(
            label,
            entity(
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
            markable_values(token_hash),
            condition=CONSENT_LINK_MARKABLE,
        )

    def mark_survey_undeliverable(self, claim_id: str, item: str, index: int, token_hash: str) -> Tx:
        """The same for the survey's link number `index`, if that link is still the one with `token_hash`."""
        path = survey_link_path(item, index)
        return self.update(
            "link",
            claim_key(claim_id),
            f"SET {path}.email_status = :u",
            markable_values(token_hash),
            condition=survey_link_markable(path),
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
            "seq": claim.version,
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

    def put_due(self, due_at: datetime, job: str, ref: str, **attrs: Unpack[DueFields]) -> Tx:
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
        self,
        due_at: datetime,
        job: str,
        reminder_job: str,
        reminder_days: Iterable[int],
        ref: str,
        **attrs: Unpack[DueFields],
    ) -> Tx:
        """A deadline's due entry and its reminders, `<reminder_job>_<n>` n days before it."""
        self.put_due(due_at, job, ref, **attrs)
        for days in reminder_days:
            self.put_due(due_at - timedelta(days=days), f"{reminder_job}_{days}", ref, **attrs)
        return self

    def delete_due(self, entry: DueEntry) -> Tx:
        """Consume a due entry (as `Store.due_entries` read it); the condition makes a second (overlapping)
        run skip it."""
        return self.delete("due", {PK: entry["PK"], SK: entry["SK"]}, "attribute_exists(PK)")

    def put_token(
        self, token_hash: str, purpose: Literal["consent", "survey"], expires_at: datetime, **attrs: Unpack[TokenFields]
    ) -> Tx:
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

    def put_upload(self, claim_id: str, upload_id: str, **attrs: Unpack[UploadFields]) -> Tx:
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
            self.client.transact_write_items(TransactItems=self.ops)
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
