"""Staff powers need a second factor: the decision of the user pool's pre token generation trigger
(functions/token_gate, event version V2_0), pure (no AWS calls; the handler looks the user up).

Cognito has no per-group MFA setting, and the pool's MFA is OPTIONAL so that partner staff may opt in. A
user with TOTP enabled is challenged for it at every sign-in, so "has SOFTWARE_TOKEN_MFA" means "this
sign-in (or the one that issued the refresh token) passed TOTP". A user in a staff group without it gets
tokens without the staff groups (both tokens: `groupOverrideDetails` replaces `cognito:groups` in the ID
and the access token) and an ID-token claim `mfa_required` the web app shows. Partner groups are kept as
they are; a user in no staff group is never looked up and never changed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from shared.api.auth import STAFF_ROLES

TOTP = "SOFTWARE_TOKEN_MFA"  # in AdminGetUser's UserMFASettingList once the user's TOTP is verified and on
MFA_REQUIRED_CLAIM = "mfa_required"


def needs_second_factor(groups: Iterable[str]) -> bool:
    """Whether the user's MFA settings must be read at all (only for staff: one AdminGetUser a sign-in)."""
    return not STAFF_ROLES.isdisjoint(groups)


def token_overrides(groups: Iterable[str], mfa_settings: Collection[str]) -> dict[str, Any] | None:
    """The V2_0 response's `claimsAndScopeOverrideDetails`, or None to leave the tokens as Cognito makes them.

    `groups` are the request's `groupConfiguration.groupsToOverride`; `mfa_settings` the user's
    `UserMFASettingList` (empty when not looked up)."""
    groups = list(groups)
    if not needs_second_factor(groups) or TOTP in mfa_settings:
        return None
    kept = [g for g in groups if g not in STAFF_ROLES]
    return {
        # Replaces cognito:groups in both tokens; no group of this pool has an IAM role.
        "groupOverrideDetails": {"groupsToOverride": kept, "iamRolesToOverride": []},
        "idTokenGeneration": {"claimsToAddOrOverride": {MFA_REQUIRED_CLAIM: "true"}},
    }
