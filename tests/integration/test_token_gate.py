"""The pre token generation trigger (functions/token_gate) on moto's Cognito: a staff member's groups reach
the tokens only once their TOTP is set up (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference,
as `python -m infra.admin enroll-mfa` does it); partners are never looked up. botocore's Stubber pins the
calls themselves: one AdminGetUser on the event's pool for staff, none for anyone else."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor.totp import TOTP

from functions.token_gate import app
from infra import admin
from shared.api.auth import ADMIN, PROGRAM_ADMIN, REVIEWER, USER
from tests.support.aws import ENV

PASSWORD = "Correct-Horse-42!"


def event(pool: str, username: str, groups: list[str], source: str = "TokenGeneration_Authentication") -> dict:
    """A V2_0 pre token generation event as Cognito sends it (response empty)."""
    return {
        "version": "2",
        "triggerSource": source,
        "region": "us-east-1",
        "userPoolId": pool,
        "userName": username,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "app"},
        "request": {
            "userAttributes": {"sub": f"sub-{username}", "email": username},
            "groupConfiguration": {"groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": None},
            "scopes": ["aws.cognito.signin.user.admin"],
        },
        "response": {"claimsAndScopeOverrideDetails": None},
    }


@pytest.fixture
def cognito() -> Iterator[Any]:
    from moto import mock_aws

    # moto checks TOTP codes against the secret it hands out, as Cognito does
    with mock.patch.dict(os.environ, {**ENV, "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true"}), mock_aws():
        app.cognito.cache_clear()
        yield boto3.client("cognito-idp", region_name="us-east-1")
    app.cognito.cache_clear()


@pytest.fixture
def pool(cognito) -> dict[str, str]:
    pool_id = cognito.create_user_pool(PoolName="users")["UserPool"]["Id"]
    cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True}
    )
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="app",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    for group in (ADMIN, USER, REVIEWER, PROGRAM_ADMIN):
        cognito.create_group(UserPoolId=pool_id, GroupName=group)
    return {"pool": pool_id, "client": client_id}


def user(cognito, pool: dict[str, str], email: str, *groups: str) -> str:
    cognito.admin_create_user(
        UserPoolId=pool["pool"],
        Username=email,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": email}],
    )
    cognito.admin_set_user_password(UserPoolId=pool["pool"], Username=email, Password=PASSWORD, Permanent=True)
    for group in groups:
        cognito.admin_add_user_to_group(UserPoolId=pool["pool"], Username=email, GroupName=group)
    return email


class Authenticator:
    """The phone: reads the secret the command prints and answers with the current code (RFC 6238)."""

    def __init__(self, capsys) -> None:
        self.capsys = capsys

    def code(self) -> str:
        secret = self.capsys.readouterr().out.split("secret: ")[1].split()[0]
        key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
        totp = TOTP(key, 6, SHA1(), 30, enforce_key_length=False)
        if time.time() % 30 > 29:  # moto checks the current 30-second step only
            time.sleep(1.1)
        return totp.generate(time.time()).decode()


def enroll_totp(
    pool: dict[str, str],
    email: str,
    monkeypatch,
    capsys,
    *,
    password: str = PASSWORD,
    new_password: str | None = None,
    code: str | None = None,
) -> str:
    """`python -m infra.admin enroll-mfa <email>`, the person typing at the prompts; returns what it printed."""
    secrets = iter([password, new_password])
    phone = Authenticator(capsys)
    monkeypatch.setattr(admin, "ask_secret", lambda prompt: next(secrets))
    monkeypatch.setattr(admin, "ask", lambda prompt: code or phone.code())
    session = boto3.session.Session(region_name="us-east-1")
    assert admin.main(["enroll-mfa", email, "--user-pool", pool["pool"], "--client", pool["client"]], session) == 0
    return capsys.readouterr().out


def groups_in_tokens(reply: dict) -> tuple[list[str] | None, dict]:
    """(cognito:groups as the trigger leaves it, the ID token's added claims): None = Cognito's own."""
    details = (reply.get("response") or {}).get("claimsAndScopeOverrideDetails") or {}
    groups = (details.get("groupOverrideDetails") or {}).get("groupsToOverride")
    return groups, (details.get("idTokenGeneration") or {}).get("claimsToAddOrOverride") or {}


@pytest.mark.parametrize("staff", [REVIEWER, PROGRAM_ADMIN])
def test_staff_without_totp_get_no_staff_group_until_they_enroll(cognito, pool, staff, monkeypatch, capsys):
    rita = user(cognito, pool, "rita@program.example", staff)
    for source in ("TokenGeneration_Authentication", "TokenGeneration_RefreshTokens"):
        assert groups_in_tokens(app.handler(event(pool["pool"], rita, [staff], source), None)) == (
            [],
            {"mfa_required": "true"},
        )

    enroll_totp(pool, rita, monkeypatch, capsys)
    assert cognito.admin_get_user(UserPoolId=pool["pool"], Username=rita)["UserMFASettingList"] == [
        "SOFTWARE_TOKEN_MFA"
    ]
    assert groups_in_tokens(app.handler(event(pool["pool"], rita, [staff]), None)) == (None, {})

    # Turning TOTP off takes the staff group away again at the next refresh.
    cognito.admin_set_user_mfa_preference(
        UserPoolId=pool["pool"], Username=rita, SoftwareTokenMfaSettings={"Enabled": False}
    )
    assert groups_in_tokens(app.handler(event(pool["pool"], rita, [staff], "TokenGeneration_RefreshTokens"), None)) == (
        [],
        {"mfa_required": "true"},
    )


def test_a_partner_admin_who_also_reviews_keeps_the_partner_group_without_totp(cognito, pool):
    pat = user(cognito, pool, "pat@contoso.example", ADMIN, REVIEWER)
    assert groups_in_tokens(app.handler(event(pool["pool"], pat, [ADMIN, REVIEWER]), None)) == (
        [ADMIN],
        {"mfa_required": "true"},
    )


def test_partners_pass_untouched_with_or_without_totp(cognito, pool, monkeypatch, capsys):
    sam = user(cognito, pool, "sam@contoso.example", USER)
    untouched = event(pool["pool"], sam, [USER])
    assert app.handler(untouched, None) == event(pool["pool"], sam, [USER])
    enroll_totp(pool, sam, monkeypatch, capsys)
    assert app.handler(event(pool["pool"], sam, [USER]), None) == event(pool["pool"], sam, [USER])


# ---------------------------------------------------------------- python -m infra.admin enroll-mfa
def test_enroll_mfa_replaces_a_temporary_password_prints_the_key_and_turns_totp_on(cognito, pool, monkeypatch, capsys):
    cognito.admin_create_user(
        UserPoolId=pool["pool"],
        Username="olga@program.example",
        MessageAction="SUPPRESS",
        TemporaryPassword="Temporary-Pass-1!",
    )
    cognito.admin_add_user_to_group(UserPoolId=pool["pool"], Username="olga@program.example", GroupName=PROGRAM_ADMIN)
    printed = enroll_totp(
        pool, "olga@program.example", monkeypatch, capsys, password="Temporary-Pass-1!", new_password=PASSWORD
    )
    assert "TOTP is on for olga@program.example" in printed
    user = cognito.admin_get_user(UserPoolId=pool["pool"], Username="olga@program.example")
    assert (user["UserStatus"], user["UserMFASettingList"], user["PreferredMfaSetting"]) == (
        "CONFIRMED",
        ["SOFTWARE_TOKEN_MFA"],
        "SOFTWARE_TOKEN_MFA",
    )
    # From now on a sign-in with the password alone is challenged for the code
    again = cognito.admin_initiate_auth(
        UserPoolId=pool["pool"],
        ClientId=pool["client"],
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "olga@program.example", "PASSWORD": PASSWORD},
    )
    assert again["ChallengeName"] == "SOFTWARE_TOKEN_MFA" and "AuthenticationResult" not in again
    assert "already signs in with TOTP; nothing changed" in enroll_totp(
        pool, "olga@program.example", monkeypatch, capsys
    )


def test_the_otpauth_uri_names_the_program_and_the_person():
    assert admin.otpauth_uri("rita@program.example", "ABCDEF") == (
        "otpauth://totp/Workshop%20Claims:rita%40program.example?secret=ABCDEF&issuer=Workshop%20Claims"
        "&algorithm=SHA1&digits=6&period=30"
    )


def test_a_wrong_code_changes_nothing(cognito, pool, monkeypatch, capsys):
    rita = user(cognito, pool, "rita@program.example", REVIEWER)
    with pytest.raises(SystemExit, match="The code did not match"):
        enroll_totp(pool, rita, monkeypatch, capsys, code="000000")
    assert cognito.admin_get_user(UserPoolId=pool["pool"], Username=rita)["UserMFASettingList"] == []


# ---------------------------------------------------------------- the calls, pinned with botocore's Stubber
@pytest.fixture
def stubbed() -> Iterator[Stubber]:
    with mock.patch.dict(os.environ, ENV):
        app.cognito.cache_clear()
        with Stubber(app.cognito()) as stubber:
            yield stubber
            stubber.assert_no_pending_responses()
    app.cognito.cache_clear()


@pytest.mark.parametrize("groups", [[ADMIN], [USER], [], ["beta-testers"]])
def test_no_lookup_for_anyone_outside_the_staff_groups(stubbed, groups):
    app.handler(event("us-east-1_pool", "u-1", groups), None)  # the Stubber refuses any call


def test_one_admin_get_user_on_the_event_s_pool_for_staff(stubbed):
    stubbed.add_response(
        "admin_get_user",
        {"Username": "u-1", "UserMFASettingList": ["SOFTWARE_TOKEN_MFA"]},
        {"UserPoolId": "us-east-1_pool", "Username": "u-1"},
    )
    assert groups_in_tokens(app.handler(event("us-east-1_pool", "u-1", [REVIEWER]), None)) == (None, {})


def test_a_failed_lookup_issues_no_tokens(stubbed):
    stubbed.add_client_error("admin_get_user", "TooManyRequestsException", http_status_code=400)
    with pytest.raises(ClientError):
        app.handler(event("us-east-1_pool", "u-1", [PROGRAM_ADMIN]), None)
