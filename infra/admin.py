"""Program operations from the command line, against a deployed stack (docs/deploy.md) — with the operator's
own AWS credentials, through the same services the program API runs:

    python -m infra.admin import partners partners.csv --stage prod
    python -m infra.admin export locations --stage prod > locations.csv
    python -m infra.admin create-admin olga@program.example --stage prod
    python -m infra.admin invite pat@contoso.example --partner P-1001 --role incentives-admin --stage prod

`--stage` finds the stack `WorkshopClaims-<stage>` and reads its outputs (TableName, UserPoolId);
`--table` / `--user-pool` name them directly instead. Every change is audited under the caller's IAM
identity. A file of any length is imported 500 rows at a time (each row once; re-running is safe)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

import boto3

from shared.auth import ADMIN, PROGRAM_ADMIN, REVIEWER, USER, Principal
from shared.domain.reference import KINDS
from shared.errors import AppError
from shared.reference_csv import MAX_ROWS
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
    return [(start, b"".join(header + body[start:start + MAX_ROWS]))
            for start in range(0, max(len(body), 1), MAX_ROWS)]


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
    cognito.admin_create_user(UserPoolId=user_pool, Username=email, UserAttributes=attributes,
                              DesiredDeliveryMediums=["EMAIL"])
    cognito.admin_add_user_to_group(UserPoolId=user_pool, Username=email, GroupName=role)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m infra.admin", description=__doc__.split("\n\n")[0])
    target = argparse.ArgumentParser(add_help=False)
    target.add_argument("--stage", help="the stack WorkshopClaims-<stage> (its outputs name the table and pool)")
    target.add_argument("--table", help="the table name (instead of --stage)")
    target.add_argument("--user-pool", help="the Cognito user pool id (instead of --stage)")
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
            report = import_file(store, operator(session.client("sts")), args.kind, args.file.read(),
                                 datetime.now(UTC))
        except AppError as refused:  # the file as a whole (encoding, header)
            sys.exit(f"{refused.code}: {refused.message}")
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 1 if report["refused"] else 0
    user_pool = args.user_pool or outputs.get("UserPoolId")
    if not user_pool:
        sys.exit("Name the deployment: --stage <stage> (or --user-pool <id>).")
    role = PROGRAM_ADMIN if args.command == "create-admin" else args.role
    partner_id = getattr(args, "partner", None)
    if (role in (ADMIN, USER)) != bool(partner_id):
        sys.exit("Partner roles need --partner <partner_id>; program roles take none.")
    create_user(session.client("cognito-idp"), user_pool, args.email, role, partner_id)
    print(f"Created {args.email} ({role}{', ' + partner_id if partner_id else ''}); Cognito emails the "
          "temporary password.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
