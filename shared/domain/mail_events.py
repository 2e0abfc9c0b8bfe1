"""What SES tells us after an email left: a hard bounce or a complaint makes the link it carried
undeliverable, and its partner is told. Pure: the tags our sends carry, and the rules for the events SES
publishes from the configuration set (docs/deploy.md, "The SES sender").

Each link email is tagged with which link it is: ids and the link's token hash, never an address (SES keeps
tags in its event data, CloudWatch and logs). An event thus finds its link without reading any personal data.
Only a permanent bounce or a complaint counts: a transient bounce is SES still trying. A notification's
email carries no link to mark, and telling the partner about its bounce would mail the same address again:
it is tagged as such and left alone.

The event (SES event publishing, `eventType` "Bounce"/"Complaint"):
  {"eventType": "Bounce", "bounce": {"bounceType": "Permanent", ...},
   "mail": {"messageId": "...", "tags": {"purpose": ["consent"], "nomination": ["nom_…"], "link": ["<hash>"],
                                         "ses:configuration-set": ["…"], ...}, ...}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from shared.domain.claims import Claim, NotificationDraft, SurveyProof, SurveyStatus
from shared.domain.engagements import SURVEY_ITEMS, ProofItem
from shared.domain.lifecycle import EDITABLE
from shared.domain.nominations import Nomination, NominationStatus
from shared.domain.outbox import EmailStatus

# What SES accepts in a tag's name and value: ASCII letters, digits, '_' and '-', at most 256 characters
# (SES v1's rule; v2 also takes '.' and '@', which we never need).
TAG = re.compile(r"[A-Za-z0-9_-]{1,256}")
TOKEN_HASH = re.compile(r"[0-9a-f]{64}")  # shared/ids.py: SHA-256 hex
PURPOSE, NOMINATION, CLAIM, ITEM, LINK = "purpose", "nomination", "claim", "item", "link"
NOTIFICATION_KIND = "email_undeliverable"


class Purpose(StrEnum):
    CONSENT = "consent"
    SURVEY = "survey"
    NOTIFICATION = "notification"


# ---------------------------------------------------------------- the tags of a send
def consent_tags(nomination_id: str, token_hash: str) -> dict[str, str]:
    return {PURPOSE: Purpose.CONSENT.value, NOMINATION: nomination_id, LINK: token_hash}


def survey_tags(claim_id: str, item: ProofItem, token_hash: str) -> dict[str, str]:
    return {PURPOSE: Purpose.SURVEY.value, CLAIM: claim_id, ITEM: item.value, LINK: token_hash}


NOTIFICATION_TAGS = {PURPOSE: Purpose.NOTIFICATION.value}


def message_tags(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """SES's `Tags` parameter. ValueError for a tag SES would refuse: only ids go into tags, so that is a bug,
    and it must not look like SES being unavailable (SES refuses the whole email)."""
    bad = [name for name, value in tags.items() if not (TAG.fullmatch(name) and TAG.fullmatch(value))]
    if bad:
        raise ValueError(f"message tags SES would refuse: {bad}")
    return [{"Name": name, "Value": value} for name, value in tags.items()]


# ---------------------------------------------------------------- reading an event
class Reason(StrEnum):
    BOUNCED = "bounced"  # a permanent bounce: the address does not exist or refuses our mail
    COMPLAINED = "complained"  # the recipient marked it as spam


class Skip(StrEnum):
    """Why an SNS record changes nothing (without looking at the table)."""

    MALFORMED = "malformed"  # not an SES event: not JSON, or a field missing or of another type
    NOT_COUNTED = "not_counted"  # a transient or undetermined bounce, or another event type
    NOT_A_LINK = "not_a_link"  # a notification's email
    UNTAGGED = "untagged"  # no tags or not ours (an email sent without them, or tags of another sender)


@dataclass(frozen=True)
class LinkRef:
    """The link an email carried: a nomination's consent link, or a survey link of a claim's proof item."""

    purpose: Purpose
    owner_id: str  # the nomination or the claim
    token_hash: str
    item: ProofItem | None = None  # surveys only


@dataclass(frozen=True)
class Undeliverable:
    link: LinkRef
    reason: Reason


def event_of(record: object) -> Undeliverable | Skip:
    """One SNS record of the Lambda event, read: total (any input gives an answer, never an exception), so a
    malformed record is reported and dropped, not retried into the dead-letter queue."""
    sns = record.get("Sns") if isinstance(record, dict) else None
    message = sns.get("Message") if isinstance(sns, dict) else None
    if not isinstance(message, str):
        return Skip.MALFORMED
    try:
        event = json.loads(message)
    except ValueError:
        return Skip.MALFORMED
    return read_event(event)


def read_event(event: object) -> Undeliverable | Skip:
    """An SES event (the SNS message's JSON): the link it is about and why, or why it is skipped."""
    if not isinstance(event, dict) or not isinstance(event.get("eventType"), str):
        return Skip.MALFORMED
    mail = event.get("mail")
    if not isinstance(mail, dict):
        return Skip.MALFORMED
    reason = _reason(event)
    if not isinstance(reason, Reason):
        return reason
    tags = _our_tags(mail.get("tags"))
    if tags is None:
        return Skip.UNTAGGED
    if tags.get(PURPOSE) == Purpose.NOTIFICATION:
        return Skip.NOT_A_LINK
    link = _link(tags)
    return Undeliverable(link, reason) if link else Skip.UNTAGGED


def _reason(event: dict) -> Reason | Skip:
    kind = event["eventType"]
    if kind == "Complaint":
        return Reason.COMPLAINED if isinstance(event.get("complaint"), dict) else Skip.MALFORMED
    if kind != "Bounce":
        return Skip.NOT_COUNTED
    bounce = event.get("bounce")
    if not isinstance(bounce, dict) or not isinstance(bounce.get("bounceType"), str):
        return Skip.MALFORMED
    return Reason.BOUNCED if bounce["bounceType"] == "Permanent" else Skip.NOT_COUNTED


def _our_tags(tags: object) -> dict[str, str] | None:
    """SES's `mail.tags` (name → list of values) as name → value, for the names we set, each with exactly one
    value that fits SES's rule; None when there are none."""
    if not isinstance(tags, dict):
        return None
    ours = {}
    for name in (PURPOSE, NOMINATION, CLAIM, ITEM, LINK):
        values = tags.get(name)
        if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str) and TAG.fullmatch(values[0]):
            ours[name] = values[0]
    return ours or None


def _link(tags: dict[str, str]) -> LinkRef | None:
    token_hash = tags.get(LINK, "")
    if not TOKEN_HASH.fullmatch(token_hash):
        return None
    purpose = tags.get(PURPOSE)
    nomination_id, claim_id, item = tags.get(NOMINATION, ""), tags.get(CLAIM, ""), tags.get(ITEM)
    if purpose == Purpose.CONSENT and nomination_id.startswith("nom_"):
        return LinkRef(Purpose.CONSENT, nomination_id, token_hash)
    if purpose == Purpose.SURVEY and claim_id.startswith("clm_") and item in set(SURVEY_ITEMS.values()):
        return LinkRef(Purpose.SURVEY, claim_id, token_hash, ProofItem(item))
    return None


# ---------------------------------------------------------------- the link now
class Verdict(StrEnum):
    MARK = "mark"  # the live link: mark its email undeliverable and tell the partner
    ALREADY_MARKED = "already_marked"  # the same event again (SNS delivers at least once), or another one
    STALE = "stale"  # replaced, answered, or its nomination/claim moved on: nobody can act on it any more


def consent_verdict(nomination: Nomination | None, token_hash: str) -> Verdict:
    """Only while the customer is still awaited: the partner can then send the request to another contact."""
    if (
        nomination is None
        or nomination.status is not NominationStatus.AWAITING_CONSENT
        or nomination.consent_token_hash != token_hash
    ):
        return Verdict.STALE
    return Verdict.ALREADY_MARKED if nomination.consent_email_status is EmailStatus.UNDELIVERABLE else Verdict.MARK


def survey_verdict(claim: Claim | None, item: ProofItem, token_hash: str) -> tuple[Verdict, int]:
    """The verdict and the link's position among the survey's live links (-1 when there is none); a link
    counts while the survey is out and the claim editable (the partner can then change the contact)."""
    survey = claim.proof.item(item) if claim is not None else None
    if (
        claim is None
        or not isinstance(survey, SurveyProof)
        or survey.status is not SurveyStatus.SENT
        or claim.status not in EDITABLE
    ):
        return Verdict.STALE, -1
    index = next((i for i, link in enumerate(survey.links) if link.token_hash == token_hash), -1)
    if index < 0:
        return Verdict.STALE, -1
    marked = survey.links[index].email_status is EmailStatus.UNDELIVERABLE
    return (Verdict.ALREADY_MARKED if marked else Verdict.MARK), index


# ---------------------------------------------------------------- what the partner is told
def consent_note(nomination: Nomination, reason: Reason) -> NotificationDraft:
    contact = nomination.customer_contact
    assert contact is not None, "a consent link is only ever sent to a customer contact"
    return NotificationDraft(
        kind=NOTIFICATION_KIND,
        variant=f"consent_{reason.value}",
        params={"who": nomination.customer_name or nomination.customer_email, "recipient": contact.email},
        details={"nomination_id": nomination.nomination_id, "reason": reason.value},
    )


def survey_note(claim: Claim, item: ProofItem, index: int, reason: Reason) -> NotificationDraft:
    survey = claim.proof.item(item)
    assert isinstance(survey, SurveyProof)
    return NotificationDraft(
        kind=NOTIFICATION_KIND,
        variant=f"survey_{reason.value}",
        params={"item": item.value, "recipient": survey.links[index].email},
        details={"item": item.value, "reason": reason.value},
    )
