"""Program operations from the command line, against a deployed stack (docs/deploy.md) — with the operator's
own AWS credentials, through the same services the program API runs:

    python -m infra.admin import partners partners.csv --stage prod
    python -m infra.admin export locations --stage prod > locations.csv
    python -m infra.admin create-admin olga@program.example --stage prod
    python -m infra.admin invite pat@contoso.example --partner P-1001 --role incentives-admin --stage prod
    python -m infra.admin enroll-mfa rita@program.example --stage prod

`--stage` finds the stack `WorkshopClaims-<stage>` and reads its outputs (TableName, UserPoolId,
UserPoolClientId); `--table` / `--user-pool` / `--client` name them directly instead. Every change is
audited under the caller's IAM identity. A file of any length is imported 500 rows at a time (each row
once; re-running is safe). `enroll-mfa` signs the person in with their own password (typed, not echoed)
and sets up their TOTP authenticator."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import boto3

from shared.api.auth import ADMIN, PROGRAM_ADMIN, REVIEWER, USER, Principal
from shared.api.reference_csv import MAX_ROWS
from shared.domain.reference import KINDS
from shared.errors import AppError
from shared.services import program
from shared.store import Store

ROLES = (ADMIN, USER, REVIEWER, PROGRAM_ADMIN)


def stack_outputs(cloudformation: Any, stage: str) -> dict[str, str]:
    stack = cloudformation.describe_stacks(StackName=f"WorkshopClaims-{stage}")["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def operator(sts: Any) -> Principal:
    """The person at the keyboard, as the audit history records them: their IAM identity."""
    arn = sts.get_caller_identity()["Arn"]
    return Principal(subject=arn, email=arn, groups=frozenset({PROGRAM_ADMIN}), partner_id=None)


def chunks(raw: bytes) -> list[tuple[int, bytes]]:
    """The file as imports of at most MAX_ROWS rows, each with the header: (line offset, part). One row per
    line, as every export writes it (a cell with a line break in it would be split)."""
    lines = raw.splitlines(keepends=True)
    header, body = lines[:1], lines[1:]
    return [
        (start, b"".join(header + body[start : start + MAX_ROWS])) for start in range(0, max(len(body), 1), MAX_ROWS)
    ]


def import_file(store: Store, who: Principal, kind: str, raw: bytes, now: datetime) -> dict[str, Any]:
    total: dict[str, Any] = {"applied": 0, "unchanged": 0, "refused": []}
    for offset, part in chunks(raw):
        report = program.import_csv(store, who, kind, part, now)  # type: ignore[arg-type]
        total["applied"] += report["applied"]
        total["unchanged"] += report["unchanged"]
        total["refused"] += [{**r, "row": r["row"] + offset} for r in report["refused"]]
    return total


def create_user(cognito: Any, user_pool: str, email: str, role: str, partner_id: str | None) -> None:
    """Cognito emails the user a temporary password; the group is their role in the app."""
    attributes = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    if partner_id:
        attributes.append({"Name": "custom:partner_id", "Value": partner_id})
    cognito.admin_create_user(
        UserPoolId=user_pool, Username=email, UserAttributes=attributes, DesiredDeliveryMediums=["EMAIL"]
    )
    cognito.admin_add_user_to_group(UserPoolId=user_pool, Username=email, GroupName=role)


# The terminal, replaceable in tests: a line, and a secret that is not echoed.
ask = input
ask_secret = getpass.getpass
TOTP_ISSUER = "Workshop Claims"


def otpauth_uri(email: str, secret: str, issuer: str = TOTP_ISSUER) -> str:
    """What an authenticator app scans or takes pasted (Key URI format: otpauth://totp/<label>?secret=...)."""
    return (
        f"otpauth://totp/{quote(issuer)}:{quote(email)}?secret={secret}&issuer={quote(issuer)}"
        "&algorithm=SHA1&digits=6&period=30"
    )


def sign_in(cognito: Any, user_pool: str, client: str, email: str) -> str | None:
    """The user's access token from their own password (typed here, never echoed), the temporary one
    replaced on the way; None when they already have TOTP (Cognito then asks for its code)."""
    started = cognito.admin_initiate_auth(
        UserPoolId=user_pool,
        ClientId=client,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": ask_secret(f"Password of {email}: ")},
    )
    if started.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
        new_password = ask_secret("A new password (the temporary one is replaced): ")
        started = cognito.admin_respond_to_auth_challenge(
            UserPoolId=user_pool,
            ClientId=client,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=started["Session"],
            ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
        )
    if started.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
        return None
    if "AuthenticationResult" not in started:
        sys.exit(f"Cognito asks for {started.get('ChallengeName')}, which this command cannot answer.")
    return started["AuthenticationResult"]["AccessToken"]


def enroll_mfa(cognito: Any, user_pool: str, client: str, email: str) -> int:
    """TOTP for one person, who sits at the keyboard with their authenticator app: AssociateSoftwareToken,
    VerifySoftwareToken with a code from the app, SetUserMFAPreference. From their next sign-in Cognito asks
    for the code, and staff groups reach their tokens (shared/api/token_gate.py)."""
    access = sign_in(cognito, user_pool, client, email)
    if access is None:
        print(f"{email} already signs in with TOTP; nothing changed.")
        return 0
    secret = cognito.associate_software_token(AccessToken=access)["SecretCode"]
    print("Add this account to the authenticator app (scan it as a QR code, or paste the URI or the secret):")
    print(f"  {otpauth_uri(email, secret)}")
    print(f"  secret: {secret}")
    code = ask("The 6-digit code the app shows now: ").strip()
    try:
        verified = cognito.verify_software_token(AccessToken=access, UserCode=code, FriendlyDeviceName="authenticator")
    except cognito.exceptions.CodeMismatchException:
        verified = {}
    if verified.get("Status") != "SUCCESS":
        sys.exit("The code did not match (is the phone's clock right?); nothing changed. Run the command again.")
    cognito.set_user_mfa_preference(
        AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    print(f"TOTP is on for {email}: every sign-in now asks for the app's code. Sign in again to get the staff role.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m infra.admin", description=__doc__.split("\n\n")[0])
    target = argparse.ArgumentParser(add_help=False)
    target.add_argument("--stage", help="the stack WorkshopClaims-<stage> (its outputs name the table and pool)")
    target.add_argument("--table", help="the table name (instead of --stage)")
    target.add_argument("--user-pool", help="the Cognito user pool id (instead of --stage)")
    target.add_argument("--client", help="the user pool's app client id (enroll-mfa; instead of --stage)")
    commands = p.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", parents=[target], help="import a CSV file of one kind")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file", type=argparse.FileType("rb"))
    exp = commands.add_parser("export", parents=[target], help="write every row of one kind as CSV to stdout")
    exp.add_argument("kind", choices=KINDS)
    admin = commands.add_parser("create-admin", parents=[target], help="create a program admin's sign-in")
    admin.add_argument("email")
    invite = commands.add_parser("invite", parents=[target], help="create a user's sign-in with a role")
    invite.add_argument("email")
    invite.add_argument("--role", choices=ROLES, required=True)
    invite.add_argument("--partner", help="the partner id (partner roles only)")
    mfa = commands.add_parser(
        "enroll-mfa",
        parents=[target],
        help="set up TOTP for a person at this keyboard (staff: before their first review)",
    )
    mfa.add_argument("email")
    return p


def main(argv: list[str] | None = None, session: Any = None) -> int:
    args = parser().parse_args(argv)
    session = session or boto3.session.Session()
    outputs = stack_outputs(session.client("cloudformation"), args.stage) if args.stage else {}
    if args.command in ("import", "export"):
        table = args.table or outputs.get("TableName")
        if not table:
            sys.exit("Name the deployment: --stage <stage> (or --table <name>).")
        store = Store(session.client("dynamodb"), table)
        if args.command == "export":
            sys.stdout.write(program.export(store, args.kind))
            return 0
        try:
            report = import_file(store, operator(session.client("sts")), args.kind, args.file.read(), datetime.now(UTC))
        except AppError as refused:  # the file as a whole (encoding, header)
            sys.exit(f"{refused.code}: {refused.message}")
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 1 if report["refused"] else 0
    user_pool = args.user_pool or outputs.get("UserPoolId")
    if not user_pool:
        sys.exit("Name the deployment: --stage <stage> (or --user-pool <id>).")
    if args.command == "enroll-mfa":
        client = args.client or outputs.get("UserPoolClientId")
        if not client:
            sys.exit("Name the app client: --stage <stage> (or --client <id>).")
        return enroll_mfa(session.client("cognito-idp"), user_pool, client, args.email)
    role = PROGRAM_ADMIN if args.command == "create-admin" else args.role
    partner_id = getattr(args, "partner", None)
    if (role in (ADMIN, USER)) != bool(partner_id):
        sys.exit("Partner roles need --partner <partner_id>; program roles take none.")
    create_user(session.client("cognito-idp"), user_pool, args.email, role, partner_id)
    print(
        f"Created {args.email} ({role}{', ' + partner_id if partner_id else ''}); Cognito emails the "
        "temporary password."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
