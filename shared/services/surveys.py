"""Survey use cases: send (or resend) a survey by email, the partner's in-app answer, and the public
survey page behind a link (read, answer once)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, cast
from urllib.parse import quote

from shared import emails
from shared.api.auth import Principal
from shared.api.views import claim_view
from shared.domain import claims as rules
from shared.domain.engagements import SURVEY_ITEMS, Question, SurveyKind
from shared.domain.mail_events import survey_tags
from shared.domain.notices import long_datetime
from shared.domain.surveys import check_answers
from shared.errors import AppError, Conflict, LinkGone, NotFound
from shared.ids import answer_digest, hash_token, new_link_token
from shared.pages.survey import SurveyLink
from shared.runtime import Settings
from shared.services.common import actor_of, commit_outcome, drop_dead_links, load_claim, until_committed
from shared.services.outbox import send_link
from shared.store import Store, TokenOutcome
from shared.store.rows import TokenRow

ANSWER_ATTEMPTS = 3  # a lost race is re-read: the winner either left the link dead (410) or changed something else


GONE_MESSAGE = "This survey link is no longer valid."


def require_kind(kind: str) -> None:
    if kind not in SURVEY_ITEMS:
        raise NotFound("There is no such survey; use 'partner' or 'customer'.", code="unknown_kind")


def survey_status(claim: rules.Claim, kind: str) -> dict:
    """A survey's status on the claim page: not sent / sent (time, count, to whom) / completed."""
    item = SURVEY_ITEMS[kind]
    return {
        "claim_id": claim.claim_id,
        "kind": kind,
        "item": item.value,
        "version": claim.version,
        **claim.proof.item(item).model_dump(mode="json"),
    }


# ---------------------------------------------------------------- partner side
def send_survey(
    store: Store, ses: Any, settings: Settings, principal: Principal, claim_id: str, kind: str, now: datetime
) -> dict:
    """Store a fresh link for each recipient (the partner survey goes to every partner contact, the customer
    survey to the customer contact) with its email pending, and kill the previous links in the same
    transaction; then email each recipient their own link in their own locale, and mark each outcome.
    Nobody is mailed a link that is not stored."""
    require_kind(kind)
    item = SURVEY_ITEMS[kind]

    def commit() -> tuple[rules.Claim, list[tuple[rules.RecipientLink, str]]]:
        claim = load_claim(store, claim_id, principal)
        recipients = claim.contacts.partner if kind == "partner" else [claim.contacts.customer]
        sends = [
            (rules.RecipientLink(name=c.name, email=c.email, locale=c.locale, token_hash=token_hash), token)
            for c in recipients
            for token, token_hash in [new_link_token()]
        ]
        links = [link for link, _ in sends]
        outcome = rules.survey_sent(claim, now, actor_of(principal), kind, links)
        questions = [
            q.model_dump(mode="json", exclude_none=True) for q in claim.survey_questions.get(cast(SurveyKind, kind), [])
        ]
        asker = claim.contacts.partner[0]  # whom a survey page says to ask
        tx = store.tx()
        drop_dead_links(tx, claim, outcome.claim)
        for link in links:
            tx.put_token(
                link.token_hash,
                "survey",
                claim.submit_due,
                claim_id=claim.claim_id,
                kind=kind,
                locale=link.locale,
                questions=questions,
                engagement_name=claim.engagement_name,
                submit_due=claim.submit_due.isoformat(),
                recipient=link.email,
                partner_name=claim.partner_name or asker.name,
                partner_contact={"name": asker.name, "email": asker.email},
            )
        return commit_outcome(store, claim, outcome, tx=tx), sends

    stored, sends = until_committed(commit)
    latest, failure = stored, None
    for index, (link, token) in enumerate(sends):
        message = _email(stored, kind, link, settings, token)
        try:
            mark = partial(store.mark_survey_email, claim_id, item.value, index, link.token_hash)
            tags = survey_tags(claim_id, item, link.token_hash)
            latest = send_link(ses, settings, [(link.name, link.email)], message, mark, tags) or latest
        except AppError as exc:  # the others still get theirs; the partner is told what failed
            failure = failure or exc
    if failure is not None:
        raise failure
    return survey_status(latest, kind)


def _email(claim: rules.Claim, kind: str, link: rules.RecipientLink, settings: Settings, token: str) -> emails.Rendered:
    contact = claim.contacts.partner[0]
    return emails.render(
        f"survey_{kind}",
        link.locale,
        name=link.name,
        engagement_name=claim.engagement_name,
        customer_name=claim.customer.get("name") or claim.customer["email"],
        submit_due=long_datetime(claim.submit_due, link.locale),
        partner_contact_name=contact.name,
        partner_contact_email=contact.email,
        public_base_url=settings.public_base_url,
        token=token,
        claim_url=f"{settings.app_base_url}/claims/{quote(claim.claim_id, safe='')}",
    )


def answer_in_app(store: Store, principal: Principal, claim_id: str, answers: dict[str, Any], now: datetime) -> dict:
    """The partner survey filled in on the claim page, whether or not it was emailed (its link then dies)."""
    claim = load_claim(store, claim_id, principal)
    actor = actor_of(principal)
    outcome = rules.survey_completed(claim, now, actor, "partner", in_app=True)
    cleaned = check_answers(claim.survey_questions.get("partner", []), answers)
    tx = store.tx().put_answers(claim_id, "partner", cleaned, now, by=actor.model_dump())
    drop_dead_links(tx, claim, outcome.claim)
    return claim_view(commit_outcome(store, claim, outcome, tx=tx), principal)


# ---------------------------------------------------------------- the public page
def survey_link(store: Store, token: str) -> SurveyLink:
    """The link behind a token (one GetItem): live, or answered (`answer_digest`). Rotated, revoked or
    unknown: 410, in the link's language when its row says it."""
    token_hash = hash_token(token)
    item = store.token(token_hash)
    if not item or item.get("purpose") != "survey":
        raise LinkGone(GONE_MESSAGE)
    if item.get("outcome") == TokenOutcome.RETIRED:
        raise LinkGone(GONE_MESSAGE, item.get("locale"))
    return _link_of(item, token_hash)


def _link_of(row: TokenRow, token_hash: str) -> SurveyLink:
    return SurveyLink(
        claim_id=row["claim_id"],
        kind=row["kind"],
        locale=row.get("locale", "en"),
        engagement_name=row["engagement_name"],
        submit_due=datetime.fromisoformat(row["submit_due"]),
        questions=[Question.model_validate(q) for q in row["questions"]],
        token_hash=token_hash,
        recipient=row["recipient"],
        partner_name=row.get("partner_name"),
        partner_contact=row.get("partner_contact"),
        answer_digest=row.get("answer_digest"),
    )


def live_claim(store: Store, link: SurveyLink, now: datetime) -> rules.Claim:
    """The claim a live link answers (one GetItem): used, revoked, past submit_due or the claim no longer
    editable: 410."""
    claim = None if link.answer_digest else store.claim(link.claim_id)
    if claim is None or not rules.survey_answerable(claim, link.kind, link.token_hash, now):
        raise LinkGone(GONE_MESSAGE, link.locale)
    return claim


def answer_survey(store: Store, link: SurveyLink, answers: dict[str, Any], now: datetime) -> bool:
    """Record the answers and spend the link in one transaction; False when the very same answers were
    already recorded through this link (nothing changes). Any other use of a spent link is 410. Of two
    racing answers exactly one wins; the other re-reads and finds the link spent."""
    if link.answer_digest:
        return _same_answers_again(link, answers)
    claim = live_claim(store, link, now)
    cleaned = check_answers(link.questions, answers)
    actor = rules.Actor(**link.actor)
    for _ in range(ANSWER_ATTEMPTS):
        outcome = rules.survey_completed(claim, now, actor, link.kind)
        tx = store.tx().put_answers(claim.claim_id, link.kind, cleaned, now, by=link.actor)
        tx.spend_token(link.token_hash, answer_digest(cleaned), now)
        drop_dead_links(tx, claim, outcome.claim, spent=link.token_hash)  # the other recipients' links
        try:
            commit_outcome(store, claim, outcome, tx=tx)
            return True
        except Conflict:
            item = store.token(link.token_hash)
            if item and item.get("answer_digest"):
                return _same_answers_again(_link_of(item, link.token_hash), answers)
            claim = live_claim(store, link, now)
    raise Conflict("The answers collided with other changes to the claim; send them again.", code="concurrent_update")


def _same_answers_again(link: SurveyLink, answers: dict[str, Any]) -> bool:
    try:
        same = answer_digest(check_answers(link.questions, answers)) == link.answer_digest
    except AppError:
        same = False
    if not same:
        raise LinkGone(GONE_MESSAGE, link.locale)
    return False
