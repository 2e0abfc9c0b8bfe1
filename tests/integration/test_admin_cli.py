"""`python -m infra.admin` against moto: the deployment found by its stack outputs, imports of any length
(500 rows per call, each row once), export, and sign-ins created with their role."""

from __future__ import annotations

import io
import json
import uuid

import boto3
import pytest

from infra import admin
from shared import runtime
from tests.support.recorded import table

REGION = "us-east-1"


@pytest.fixture
def session(aws):
    return boto3.session.Session(region_name=REGION)


def deployed(session, stage: str, **outputs: str) -> None:
    """A stack named as ours, with the outputs the command reads (moto needs one resource)."""
    template = {
        "Resources": {"Marker": {"Type": "AWS::SQS::Queue"}},
        "Outputs": {key: {"Value": value} for key, value in outputs.items()},
    }
    session.client("cloudformation").create_stack(
        StackName=f"WorkshopClaims-{stage}", TemplateBody=json.dumps(template)
    )


def test_an_import_of_any_length_applies_each_row_once_and_is_safe_to_repeat(session, tmp_path, capsys):
    deployed(session, "prod", TableName="workshop-claims")
    ids = [f"P-{uuid.uuid4().hex[:10]}" for _ in range(admin.MAX_ROWS + 2)]
    lines = ["partner_id,name,currency"] + [f"{i},Partner {i},EUR" for i in ids] + [f"{ids[0]},Other,EUR"]
    file = tmp_path / "partners.csv"
    file.write_text("\r\n".join(lines) + "\r\n")

    assert admin.main(["import", "partners", str(file), "--stage", "prod"], session) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["applied"], report["unchanged"]) == (len(ids), 0)
    assert report["refused"] == [
        {
            "row": len(ids) + 2,
            "code": "already_exists",
            "message": f"The partner {ids[0]} already exists with other content.",
        }
    ]
    assert runtime.store().reference("partners", ids[-1])["name"] == f"Partner {ids[-1]}"
    audit = runtime.store().audit(None).items[0]
    assert audit["actor"]["role"] == "program-admin" and audit["actor"]["sub"].startswith("arn:aws:")

    before = table()
    assert admin.main(["import", "partners", str(file), "--table", "workshop-claims"], session) == 1
    again = json.loads(capsys.readouterr().out)
    assert (again["applied"], again["unchanged"], table()) == (0, len(ids), before)


def test_an_unreadable_file_is_refused_whole(session, tmp_path):
    file = tmp_path / "bad.csv"
    file.write_bytes(b"partner_id,colour\r\nP-1,red\r\n")
    with pytest.raises(SystemExit, match="invalid_csv: The header does not fit partners"):
        admin.main(["import", "partners", str(file), "--table", "workshop-claims"], session)


def test_export_writes_csv_to_stdout(session, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert admin.main(["export", "tenants", "--table", "workshop-claims"], session) == 0
    assert out.getvalue().startswith("tenant_id,domains\r\n") and "northwind.example" in out.getvalue()


def test_sign_ins_are_created_with_their_role_and_partner(session):
    cognito = session.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName="users")["UserPool"]["Id"]
    for group in admin.ROLES:
        cognito.create_group(UserPoolId=pool, GroupName=group)
    deployed(session, "dev", UserPoolId=pool)

    assert admin.main(["create-admin", "olga@program.example", "--stage", "dev"], session) == 0
    assert (
        admin.main(
            ["invite", "pat@contoso.example", "--role", "incentives-admin", "--partner", "P-1001", "--user-pool", pool],
            session,
        )
        == 0
    )
    groups = {
        u: [g["GroupName"] for g in cognito.admin_list_groups_for_user(UserPoolId=pool, Username=u)["Groups"]]
        for u in ("olga@program.example", "pat@contoso.example")
    }
    assert groups == {"olga@program.example": ["program-admin"], "pat@contoso.example": ["incentives-admin"]}
    attributes = cognito.admin_get_user(UserPoolId=pool, Username="pat@contoso.example")["UserAttributes"]
    assert {"Name": "custom:partner_id", "Value": "P-1001"} in attributes
    with pytest.raises(SystemExit, match="Partner roles need --partner"):
        admin.main(["invite", "sam@contoso.example", "--role", "incentives-user", "--user-pool", pool], session)
