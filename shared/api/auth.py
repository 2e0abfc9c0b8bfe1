"""Who is calling: the principal from the API Gateway HTTP API JWT authorizer's claims, and role checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.errors import Forbidden, NotFound, Unauthorized

ADMIN, USER, REVIEWER = "incentives-admin", "incentives-user", "reviewer"
PROGRAM_ADMIN = "program-admin"  # keeps the reference data (docs/product.md, "Program operations"); no claim work
PARTNER_ROLES = frozenset({ADMIN, USER})
ALL_ROLES = frozenset({ADMIN, USER, REVIEWER})  # every role that does claim work
EVERY_ROLE = ALL_ROLES | {PROGRAM_ADMIN}  # anyone signed in (e.g. the labels catalogue)
# The program's own staff: their groups count only after a sign-in with TOTP (shared/api/token_gate.py).
STAFF_ROLES = frozenset({REVIEWER, PROGRAM_ADMIN})


@dataclass(frozen=True)
class Principal:
    subject: str
    email: str
    groups: frozenset[str]
    partner_id: str | None

    @property
    def role(self) -> str:
        """The caller's strongest role, as recorded in history."""
        for role in (REVIEWER, PROGRAM_ADMIN, ADMIN, USER):
            if role in self.groups:
                return role
        return "none"

    @property
    def is_reviewer(self) -> bool:
        return REVIEWER in self.groups

    @property
    def sees_payment_details(self) -> bool:
        return bool(self.groups & {ADMIN, REVIEWER})

    def actor(self) -> dict[str, str]:
        """Who acted, as history records it: the stable id (`sub`), the name people read, the role."""
        return {"sub": self.subject, "email": self.email, "role": self.role}

    def require_any(self, roles: frozenset[str]) -> None:
        if not self.groups & roles:
            raise Forbidden("Your role may not use this operation.")
        if not self.is_reviewer and self.groups & PARTNER_ROLES and not self.partner_id:
            raise Forbidden("Your account is not linked to a partner.")

    def owns(self, partner_id: str, what: str = "resource") -> None:
        """Partner scoping: another partner's resource does not exist for this caller: the very 404 an
        unknown id gets ("No <what> with this id."), never a 403 or a wording that confirms it exists."""
        if not self.is_reviewer and self.partner_id != partner_id:
            raise NotFound(f"No {what} with this id.")


def parse_groups(value: Any) -> frozenset[str]:
    """`cognito:groups` arrives as a list, or from the HTTP API's JWT authorizer as one string, "[a b]": the
    names space-separated in brackets (a Cognito group name has no whitespace, but may hold a comma or a
    bracket). A bare string is one group name: "x,reviewer" is not the reviewer group."""
    if isinstance(value, (list, tuple)):
        return frozenset(str(v) for v in value)
    if isinstance(value, str):
        inner = value[1:-1] if value.startswith("[") and value.endswith("]") else None
        return frozenset(inner.split()) if inner is not None else frozenset({value} if value else ())
    return frozenset()


def principal_from_event(event: dict) -> Principal:
    claims = (((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt") or {}).get("claims")
    if not claims:
        raise Unauthorized("Sign in: this operation needs a valid bearer token.")
    subject = str(claims.get("sub") or "")
    # An ID token carries `email`; a Cognito access token does not: it names the user by `username`
    # (`cognito:username` in ID tokens). Either way the actor is named, at worst by its stable id.
    name = claims.get("email") or claims.get("username") or claims.get("cognito:username") or subject
    return Principal(
        subject=subject,
        email=str(name),
        groups=parse_groups(claims.get("cognito:groups")),
        partner_id=claims.get("custom:partner_id") or None,
    )
