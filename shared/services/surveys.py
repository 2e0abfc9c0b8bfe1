"""Survey use cases: send (or resend) a survey by email, the partner's in-app answer, and the public
survey page behind a link (read, answer once)."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from shared import emails
from shared.auth import Principal
from shared.domain import claims as rules
from shared.domain.engagements import SURVEY_ITEMS
from shared.domain.nominations import Contact
from shared.domain.surveys import check_answers
from shared.errors import Conflict, Gone, NotFound
from shared.ids import hash_token, new_link_token
from shared.notices import long_datetime
from shared.runtime import Settings
from shared.services.common import actor_of, commit_outcome, load_claim, until_committed
from shared.services.outbox import send_link
from shared.store import Store, Tx
from shared.survey_page import SurveyLink
from shared.views import claim_view

ANSWER_ATTEMPTS = 3  # a lost race is re-read: the winner either left the link dead (410) or changed something else


class LinkGone(Gone):
    """410 for a survey link, remembering the recipient's locale (when known) for the page."""

    def __init__(self, locale: str | None = None):
        super().__init__("This survey link is no longer valid.")
        self.locale = locale


def require_kind(kind: str) -> None:
    if kind not in SURVEY_ITEMS:
        raise NotFound("There is no such survey; use 'partner' or 'customer'.", code="unknown_kind")


def survey_status(claim: rules.Claim, kind: str) -> dict:
    """A survey's status on the claim page: not sent / sent (time, count, to whom) / completed."""
    item = SURVEY_ITEMS[kind]
    return {"claim_id": claim.claim_id, "kind": kind, "item": item.value, "version": claim.version,
            **claim.proof.item(item).model_dump(mode="json")}


# ---------------------------------------------------------------- partner side
def send_survey(store: Store, ses: Any, settings: Settings, principal: Principal, claim_id: str, kind: str,
                now: datetime) -> dict:
    """Store a fresh link with its email pending (a resend kills the previous link in the same transaction),
    then email it and mark the outcome: nobody is mailed a link that is not stored."""
    require_kind(kind)
    token, token_hash = new_link_token()

    def commit() -> tuple[rules.Claim, list[Contact]]:
        claim = load_claim(store, claim_id, principal)
        recipients = claim.contacts.partner if kind == "partner" else [claim.contacts.customer]
        sent_to = ", ".join(c.email for c in recipients)
        outcome = rules.survey_sent(claim, now, actor_of(principal), kind, token_hash, sent_to)
        questions = [q.model_dump(mode="json", exclude_none=True) for q in claim.survey_questions.get(kind, [])]
        tx = store.tx()
        _drop_link(tx, claim, kind)
        tx.put_token(token_hash, "survey", claim.submit_due, claim_id=claim.claim_id, kind=kind,
                     locale=recipients[0].locale, questions=questions, engagement_name=claim.engagement_name,
                     submit_due=claim.submit_due.isoformat(), recipient=sent_to)
        return commit_outcome(store, claim, outcome, tx=tx), recipients

    stored, recipients = until_committed(commit)
    message = _email(stored, kind, recipients, recipients[0].locale, settings, token)
    sent = send_link(ses, settings.sender_email, [(c.name, c.email) for c in recipients], message,
                     lambda status: store.mark_survey_email(claim_id, SURVEY_ITEMS[kind].value, token_hash, status))
    return survey_status(sent or stored, kind)


def _email(claim: rules.Claim, kind: str, recipients: list[Contact], locale: str, settings: Settings,
           token: str) -> emails.Rendered:
    contact = claim.contacts.partner[0]
    return emails.render(f"survey_{kind}", locale, name=", ".join(c.name for c in recipients),
                         engagement_name=claim.engagement_name,
                         customer_name=claim.customer.get("name") or claim.customer["email"],
                         submit_due=long_datetime(claim.submit_due, locale), partner_contact_name=contact.name,
                         partner_contact_email=contact.email, public_base_url=settings.public_base_url, token=token,
                         claim_url=f"{settings.app_base_url}/claims/{quote(claim.claim_id, safe='')}")


def _drop_link(tx: Tx, claim: rules.Claim, kind: str) -> None:
    """The survey's current link (if any) dies with the transaction that replaces or completes it."""
    old = claim.proof.item(SURVEY_ITEMS[kind]).token_hash
    if old:
        tx.delete_token(old)


def answer_in_app(store: Store, principal: Principal, claim_id: str, answers: dict[str, Any], now: datetime) -> dict:
    """The partner survey filled in on the claim page, whether or not it was emailed (its link then dies)."""
    claim = load_claim(store, claim_id, principal)
    actor = actor_of(principal)
    outcome = rules.survey_completed(claim, now, actor, "partner", in_app=True)
    cleaned = check_answers(claim.survey_questions.get("partner", []), answers)
    tx = store.tx().put_answers(claim_id, "partner", cleaned, now, by=actor.model_dump())
    _drop_link(tx, claim, "partner")
    return claim_view(commit_outcome(store, claim, outcome, tx=tx), principal)


# ---------------------------------------------------------------- the public page
def survey_link(store: Store, token: str, now: datetime) -> tuple[SurveyLink, rules.Claim]:
    """The live link and its claim (two GetItems). Used, rotated, revoked, unknown, past submit_due, or
    the claim no longer editable: 410."""
    token_hash = hash_token(token)
    item = store.token(token_hash)
    if not item or item.get("purpose") != "survey":
        raise LinkGone()
    link = SurveyLink.from_token(item, token_hash)
    return link, _live_claim(store, link, now)


def _live_claim(store: Store, link: SurveyLink, now: datetime) -> rules.Claim:
    claim = store.claim(link.claim_id)
    if claim is None or not rules.survey_answerable(claim, link.kind, link.token_hash, now):
        raise LinkGone(link.locale)
    return claim


def answer_survey(store: Store, link: SurveyLink, claim: rules.Claim, answers: dict[str, Any], now: datetime) -> None:
    """Record the answers and spend the link in one transaction. Of two racing answers exactly one wins;
    the other re-reads the claim and finds the link spent (410)."""
    cleaned = check_answers(link.questions, answers)
    actor = rules.Actor(**link.actor)
    for _ in range(ANSWER_ATTEMPTS):
        outcome = rules.survey_completed(claim, now, actor, link.kind)
        tx = store.tx().put_answers(claim.claim_id, link.kind, cleaned, now, by=link.actor)
        tx.delete_token(link.token_hash, must_exist=True)
        try:
            commit_outcome(store, claim, outcome, tx=tx)
            return
        except Conflict:
            claim = _live_claim(store, link, now)
    raise Conflict("The answers collided with other changes to the claim; send them again.",
                   code="concurrent_update")
