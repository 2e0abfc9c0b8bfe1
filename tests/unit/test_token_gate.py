"""Staff powers need TOTP: the pure decision of the pre token generation trigger (shared/api/token_gate.py)."""

from __future__ import annotations

import pytest

from shared.api.auth import ADMIN, PROGRAM_ADMIN, REVIEWER, STAFF_ROLES, USER, principal_from_event
from shared.api.token_gate import TOTP, needs_second_factor, token_overrides

WITHHELD = {"idTokenGeneration": {"claimsToAddOrOverride": {"mfa_required": "true"}}}


def withheld(kept: list[str]) -> dict:
    return {"groupOverrideDetails": {"groupsToOverride": kept, "iamRolesToOverride": []}, **WITHHELD}


def test_the_staff_roles_are_the_program_s_own():
    assert frozenset({REVIEWER, PROGRAM_ADMIN}) == STAFF_ROLES


@pytest.mark.parametrize("staff", sorted(STAFF_ROLES))
def test_staff_with_totp_keep_their_tokens_as_cognito_makes_them(staff):
    assert needs_second_factor([staff])
    assert token_overrides([staff], [TOTP]) is None
    assert token_overrides([staff], ["SMS_MFA", TOTP]) is None


@pytest.mark.parametrize("staff", sorted(STAFF_ROLES))
@pytest.mark.parametrize("settings", [[], ["SMS_MFA"]], ids=["none", "sms-only"])
def test_staff_without_totp_lose_the_staff_group_in_both_tokens_and_are_told_why(staff, settings):
    assert token_overrides([staff], settings) == withheld([])


def test_a_reviewer_who_is_also_a_program_admin_loses_both():
    assert token_overrides([REVIEWER, PROGRAM_ADMIN], []) == withheld([])


def test_a_user_in_a_staff_and_a_partner_group_keeps_the_partner_group_only():
    assert token_overrides([ADMIN, REVIEWER], []) == withheld([ADMIN])
    assert token_overrides([USER, PROGRAM_ADMIN, "beta-testers"], []) == withheld([USER, "beta-testers"])
    assert token_overrides([ADMIN, REVIEWER], [TOTP]) is None


@pytest.mark.parametrize(
    "groups",
    [[ADMIN], [USER], [ADMIN, USER], [], ["beta-testers"], ["Reviewer", "reviewers"]],
    ids=["admin", "user", "both-partner", "none", "unknown", "look-alikes"],
)
def test_partners_and_unknown_groups_are_never_looked_up_nor_changed(groups):
    assert not needs_second_factor(groups)
    assert token_overrides(groups, []) is None


def test_a_withheld_staff_member_has_no_staff_role_in_the_api():
    """The API reads groups from the token: what the override leaves is what the route checks see."""
    overrides = token_overrides([ADMIN, REVIEWER], [])
    assert overrides is not None
    kept = overrides["groupOverrideDetails"]["groupsToOverride"]
    claims = {
        "sub": "s-1",
        "email": "rita@program.example",
        "cognito:groups": f"[{' '.join(kept)}]",
        "custom:partner_id": "P-1001",
        "mfa_required": "true",
    }
    principal = principal_from_event({"requestContext": {"authorizer": {"jwt": {"claims": claims}}}})
    assert not principal.is_reviewer and principal.role == ADMIN
