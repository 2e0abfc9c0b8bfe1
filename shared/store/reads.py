"""`Store`: every read of the table (one GetItem, Query or BatchGetItem each) and the single-item marks that
need no transaction; `Store.tx()` starts a transaction."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from botocore.exceptions import ClientError

from shared.domain.claims import Claim
from shared.domain.engagements import Engagement
from shared.domain.lifecycle import Status
from shared.domain.nominations import Nomination, Tab
from shared.domain.outbox import EmailStatus
from shared.domain.reference import ID_FIELD
from shared.store.codec import claim_from, claim_rows, from_attr, to_attr
from shared.store.keys import (
    CONSENT_LINK_MARKABLE,
    INDEXES,
    PK,
    REFERENCE_KEYS,
    SK,
    claim_key,
    domain_key,
    engagement_key,
    idempotency_key,
    job_cursor_key,
    location_key,
    markable_values,
    nomination_key,
    notification_key,
    partner_key,
    seed_items,
    survey_link_markable,
    survey_link_path,
    tenant_key,
    token_key,
    ts,
    upload_key,
)
from shared.store.paging import PAGE_SIZE, Page, decode_page, decode_positions, encode_page
from shared.store.rows import DueEntry, TokenRow, UploadRow
from shared.store.tx import Tx


# ---------------------------------------------------------------- the store
class Store:
    def __init__(self, client: Any, table: str):
        self.client = client
        self.table = table

    def tx(self) -> Tx:
        return Tx(self.client, self.table)

    # ---- low-level
    def _get(self, key: dict, consistent: bool = True) -> dict | None:
        r = self.client.get_item(TableName=self.table, Key=to_attr(key), ConsistentRead=consistent)
        return from_attr(r["Item"]) if "Item" in r else None

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
        kw["ExpressionAttributeValues"] = to_attr(values)
        start = decode_page(next_token, (pk_attr, sk_attr), pk_value, sk_begins, sk_max)
        if start:
            kw["ExclusiveStartKey"] = start
        r = self.client.query(**kw)
        return Page([from_attr(i) for i in r.get("Items", [])], encode_page(r.get("LastEvaluatedKey")))

    def _batch_get(self, keys: list[dict]) -> list[dict]:
        r = self.client.batch_get_item(
            RequestItems={self.table: {"Keys": [to_attr(k) for k in keys], "ConsistentRead": True}}
        )
        items = [from_attr(i) for i in r.get("Responses", {}).get(self.table, [])]
        unprocessed = r.get("UnprocessedKeys", {}).get(self.table, {}).get("Keys")
        if unprocessed:  # rare (throttling): fetch the rest one by one rather than lose them
            items += [i for k in unprocessed if (i := self._get(from_attr(k)))]
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

    def token(self, token_hash: str) -> TokenRow | None:
        return cast("TokenRow | None", self._get(token_key(token_hash)))

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
                **markable_values(token_hash),
                **({":one": 1} if status is EmailStatus.FAILED else {}),
            },
        )
        return Nomination.model_validate(item) if item else None

    def mark_survey_email(
        self, claim_id: str, item: str, index: int, token_hash: str, status: EmailStatus
    ) -> Claim | None:
        """The email of the survey's link number `index`, if that link is still the one with `token_hash`."""
        path = survey_link_path(item, index)
        found = self._update_if(
            claim_key(claim_id),
            f"SET {path}.email_status = :s",
            survey_link_markable(path),
            {":s": status.value, **markable_values(token_hash)},
        )
        return claim_from(found) if found else None

    def _update_if(
        self, key: dict, expression: str, condition: str, values: dict, names: dict | None = None
    ) -> dict | None:
        """One conditional UpdateItem, returning the new item; None when the condition does not hold."""
        try:
            r = self.client.update_item(
                TableName=self.table,
                Key=to_attr(key),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeValues=to_attr(values),
                ReturnValues="ALL_NEW",
                **({"ExpressionAttributeNames": names} if names else {}),
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return from_attr(r["Attributes"])

    # ---- claims
    def claim(self, claim_id: str) -> Claim | None:
        item = self._get(claim_key(claim_id))
        return claim_from(item) if item else None

    def claim_page(self, claim_id: str) -> tuple[Claim | None, list[dict], dict[str, dict]]:
        """The claim with its notifications (newest first) and survey answers: one Query."""
        return claim_rows(self._query(f"CLAIM#{claim_id}", sk_begins="#", limit=500).items)

    def claim_dossier(self, claim_id: str) -> tuple[Claim | None, list[dict], dict[str, dict], list[dict]]:
        """The reviewer's read: claim_page plus every history event, oldest first. One Query (more
        only past 1 MB): the partition's '#…' rows sort before its 'EVT#…' rows; uploads come after."""
        items, token = [], None
        while True:
            page = self._query(f"CLAIM#{claim_id}", sk_max="EVT#~", limit=500, next_token=token)
            items += page.items
            if not (token := page.next_token):
                break
        return (*claim_rows(items), [i for i in items if i["type"] == "event"])

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
        return Page([claim_from(i) for i in page.items], page.next_token)

    def claims_in_status(self, status: Status, next_token: str | None) -> Page[Claim]:
        """The review queue: every partner's claims in one status, longest waiting first."""
        page = self._query(f"STATUS#{status.value}", index="GSI2", next_token=next_token)
        return Page([claim_from(i) for i in page.items], page.next_token)

    def claims_waiting(self, statuses: tuple[Status, ...], next_token: str | None) -> Page[Claim]:
        """The default review queue: the claims of several statuses, merged in the index's order (when each
        entered its status), one Query per status. The next_token carries each status's own position."""
        positions = decode_positions(next_token, statuses)
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
                positions[status] = encode_page(to_attr({k: mine[-1][k] for k in (PK, SK, "GSI2PK", "GSI2SK")}))
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
        return Page([claim_from(i) for _, i in taken], token)

    def count_in_status(self, status: Status) -> int:
        """How many claims are in a status (a COUNT Query of the status index, paged past 1 MB)."""
        count, start = 0, None
        while True:
            kw: dict[str, Any] = {
                "TableName": self.table,
                "IndexName": "GSI2",
                "Select": "COUNT",
                "KeyConditionExpression": "GSI2PK = :pk",
                "ExpressionAttributeValues": to_attr({":pk": f"STATUS#{status.value}"}),
            }
            if start:
                kw["ExclusiveStartKey"] = start
            r = self.client.query(**kw)
            count += r.get("Count", 0)
            if not (start := r.get("LastEvaluatedKey")):
                return count

    def history(self, claim_id: str, next_token: str | None) -> Page[dict]:
        return self._query(f"CLAIM#{claim_id}", sk_begins="EVT#", next_token=next_token)

    def upload(self, claim_id: str, upload_id: str) -> UploadRow | None:
        return cast("UploadRow | None", self._get(upload_key(claim_id, upload_id)))

    def idempotent_response(self, partner_id: str, key: str) -> dict | None:
        return self._get(idempotency_key(partner_id, key))

    def claim_and_idempotent_response(
        self, claim_id: str, partner_id: str, key: str
    ) -> tuple[Claim | None, dict | None]:
        """A keyed submit's one read: the claim and any earlier answer under the key (BatchGetItem)."""
        found = {i[PK]: i for i in self._batch_get([claim_key(claim_id), idempotency_key(partner_id, key)])}
        claim = found.get(claim_key(claim_id)[PK])
        return (claim_from(claim) if claim else None), found.get(idempotency_key(partner_id, key)[PK])

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
            Key=to_attr(notification_key(notification_id)),
            UpdateExpression="ADD emails_sent :a",
            ExpressionAttributeValues={":a": {"SS": [address]}},
        )

    def set_email_status(self, notification_id: str, status: str, error: str | None = None) -> None:
        self.client.update_item(
            TableName=self.table,
            Key=to_attr(notification_key(notification_id)),
            UpdateExpression="SET email_status = :s, email_error = :e",
            ExpressionAttributeValues=to_attr({":s": status, ":e": error}),
        )

    def payments_of_partner(self, partner_id: str, next_token: str | None) -> Page[dict]:
        return self._query(f"P#{partner_id}#PAYMENTS", index="GSI1", next_token=next_token)

    # ---- scheduled jobs
    def due_entries(self, day: date, until: datetime, limit: int, after: str | None = None) -> list[DueEntry]:
        """A day's entries due by `until`, in due order; `after` (an entry's SK) pages past entries that a
        run leaves in place (failed, to retry next run)."""
        pk = f"DUE#{day.isoformat()}"
        start = encode_page(to_attr({PK: pk, SK: after})) if after else None
        return cast(list[DueEntry], self._query(pk, sk_max=f"{ts(until)}#~", limit=limit, next_token=start).items)

    def job_cursor(self, job: str) -> dict | None:
        return self._get(job_cursor_key(job))

    def save_job_cursor(self, job: str, day: date, at: datetime) -> None:
        self.client.put_item(
            TableName=self.table,
            Item=to_attr({**job_cursor_key(job), "type": "job_cursor", "day": day.isoformat(), "at": at.isoformat()}),
        )
