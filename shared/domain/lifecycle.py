"""The claim state machine: every status, every action, every allowed transition, in one table.

Anything not in TRANSITIONS is refused with the current status (HTTP 409). Guards that depend on
time or proof (deadlines, completeness, dispute window) live in `claims.py`, which calls `next_status`.
"""

from __future__ import annotations

from enum import StrEnum

from shared.errors import Conflict


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACTION_REQUIRED = "action_required"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    DISPUTED = "disputed"
    REJECTED_FINAL = "rejected_final"
    CANCELED = "canceled"
    EXPIRED = "expired"


class Action(StrEnum):
    SUBMIT = "submit"
    CANCEL = "cancel"
    EXPIRE = "expire"
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    APPROVE = "approve"
    REJECT = "reject"
    DISPUTE = "dispute"
    RECORD_PAYMENT = "record_payment"


S, A = Status, Action
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.DRAFT, A.CANCEL): S.CANCELED,
    (S.DRAFT, A.EXPIRE): S.EXPIRED,
    (S.SUBMITTED, A.START_REVIEW): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.REQUEST_INFO): S.ACTION_REQUIRED,
    (S.UNDER_REVIEW, A.APPROVE): S.APPROVED,
    (S.UNDER_REVIEW, A.REJECT): S.REJECTED,  # REJECTED_FINAL when the claim was disputed before
    (S.ACTION_REQUIRED, A.SUBMIT): S.SUBMITTED,
    (S.ACTION_REQUIRED, A.EXPIRE): S.EXPIRED,
    (S.REJECTED, A.DISPUTE): S.DISPUTED,
    (S.REJECTED, A.EXPIRE): S.REJECTED_FINAL,  # not disputed within the dispute window (the scheduled job)
    (S.DISPUTED, A.START_REVIEW): S.UNDER_REVIEW,
    (S.APPROVED, A.RECORD_PAYMENT): S.PAID,
}

EDITABLE = frozenset({S.DRAFT, S.ACTION_REQUIRED})  # proof, comments and contacts may change
FINISHED = frozenset({S.APPROVED, S.PAID, S.REJECTED_FINAL, S.CANCELED, S.EXPIRED})


class TransitionRefused(Conflict):
    code = "invalid_transition"


def next_status(current: Status, action: Action, *, disputed_before: bool = False) -> Status:
    """The status after `action`, or TransitionRefused naming the current status."""
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise TransitionRefused(
            f"A claim in status '{current.value}' cannot {action.value.replace('_', ' ')}.",
            current_status=current.value,
        )
    if target is S.REJECTED and disputed_before:
        return S.REJECTED_FINAL
    return target
