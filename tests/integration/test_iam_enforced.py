"""Each Lambda works with exactly the IAM policy the stack synthesizes (docs/decisions.md): permissions proven by
running the handlers, not by reading the template.

For every function, the policy statements attached to its role in the synthesized template (the `synth`
session fixture) are resolved to moto's table, stream, bucket and sender ARNs and put on a moto IAM role;
the function's handler then runs with that role's assumed credentials under moto's IAM enforcement: every
route on a realistic happy path (submit with an Idempotency-Key and its replay, a dossier with links, CSV
imports of every kind, public pages...), the evidence consumer on real S3 event messages, the notifier on
the table's stream records, the expiry job with due deadlines and reminders, the mail-events function on
SES bounce and complaint events of real consent and survey sends. A request the policy does not
allow is refused as on AWS, and the test fails on it (whatever the handler made of the error).

What moto enforces by itself (moto 5, `moto/core/authorization.py`, `moto/iam/access_control.py`): the
signature and the action of every request; the resource only where the service names one, S3 (the
object's ARN) among ours. DynamoDB and SES requests are checked against "*", which no least-privilege
statement matches; so this module adds what AWS does for them (`_requested`): DynamoDB authorizes the
table (or `table/index/<name>` for a query of an index), a BatchGetItem each table it reads, and a
TransactWriteItems each of its items with that item's own action (PutItem, UpdateItem, DeleteItem,
ConditionCheckItem; there is no TransactWriteItems action); SES authorizes SendRawEmail on the identity
that verifies the sender (the stack's: the sender's domain) and on the configuration set the send names.
Presigned URLs and POST forms never reach moto while the handler runs (a browser uses them later, and moto
cannot enforce query-string or form credentials): each one a handler returns is checked here to be signed
with the function's credentials for an action its policy allows on that object.

Excess: every (action, resource) the policy grants must have been authorized at least once during the
function's run, so a statement no code path needs fails too. Not provable by running handler code are the
grants the Lambda service itself uses (`SERVICE_SIDE`: logs, X-Ray, the event source mappings' stream and
queue reads, the dead-letter queues); tests/infra/test_stack.py pins those statement by statement.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from email.utils import parseaddr
from functools import cached_property
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, unquote, urlparse

import boto3
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.authorization import enable_iam_authentication
from moto.core.responses import BaseResponse
from moto.dynamodb.responses import DynamoHandler
from moto.iam.access_control import (
    AssumedRoleAccessKey,
    IAMPolicy,
    IAMPolicyStatement,
    IAMRequest,
    IAMRequestBase,
    PermissionResult,
)
from moto.ses.responses import EmailResponse

from infra.local.runner import LocalContext, _is_new_notification, sqs_event
from infra.permissions import HANDLERS
from shared import runtime
from shared.api.routes import routes_of
from tests.support.aws import mocked_aws
from tests.support.calls import call, partner
from tests.support.customers import answer as answer_consent
from tests.support.customers import consent_token
from tests.support.customers import nominate as nominate_customer
from tests.support.evidence import PDF, PNG, browser_post, queued, request_upload
from tests.support.expiry import nominate as nominate_for_expiry
from tests.support.expiry import run_job
from tests.support.notifier import stream_reader
from tests.support.recorded import ses_requests_recorded
from tests.support.review import review
from tests.support.routes import right_caller, route_ids, send_route, submitted_claim
from tests.support.ses_events import ses_event, sns_event, sns_record
from tests.support.store import new_consented_nomination, new_draft_claim, new_ready_claim
from tests.support.surveys import CUSTOMER_OK, send_link
from tests.support.surveys import answer as answer_survey
from tests.support.surveys import page as survey_page

REGION, ACCOUNT = "us-east-1", DEFAULT_ACCOUNT_ID
# Granted for the Lambda service, not for the handler's own calls: the runtime's logs, active tracing, the
# notifier's stream event source mapping, the consumer's queue event source mapping, the dead-letter queues.
SERVICE_SIDE = frozenset(
    {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "dynamodb:ListStreams",
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "sqs:ReceiveMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
    }
)
# Reading an object by version or, named without one, its current version: one grant justifies the other
# (the links and the consumer name the version on AWS; moto's S3 event messages carry none).
READS = frozenset({"s3:GetObject", "s3:GetObjectVersion"})
TX_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}
P1 = partner("P-1001", email="pm@p-1001.example.com")


# ---------------------------------------------------------------- the policies, as synthesized
def _resolver(synth, arns: dict[str, str]):
    pseudo = {
        "AWS::Partition": "aws",
        "AWS::Region": REGION,
        "AWS::AccountId": ACCOUNT,
        "AWS::URLSuffix": "amazonaws.com",
    }

    def resolve(value: Any) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if "Ref" in value:
            ref = value["Ref"]
            return pseudo.get(ref) or arns.get(synth.paths.get(ref, ref), f"arn:aws:unresolved:::{ref}")
        if "Fn::GetAtt" in value:
            lid, attr = value["Fn::GetAtt"]
            return arns.get(f"{synth.paths.get(lid, lid)}.{attr}", f"arn:aws:unresolved:::{lid}.{attr}")
        if "Fn::Join" in value:
            sep, parts = value["Fn::Join"]
            return sep.join(resolve(p) for p in parts)
        raise AssertionError(f"an intrinsic this test cannot resolve: {value}")

    return resolve


def policy_statements(synth, function: str, arns: dict[str, str]) -> list[dict]:
    """The statements of every policy attached to the function's role, resources resolved to moto's ARNs."""
    role = synth.logical_id(f"Fn-{function}/Role")
    resolve = _resolver(synth, arns)
    statements = []
    for policy in synth.of_type("AWS::IAM::Policy").values():
        if {"Ref": role} in policy["Properties"]["Roles"]:
            for s in policy["Properties"]["PolicyDocument"]["Statement"]:
                statements.append({**s, "Resource": resolve(s["Resource"])})
    assert statements, function
    return statements


def grants(statements: list[dict]) -> set[tuple[str, str]]:
    """(action, resource pattern) pairs the statements allow."""

    def as_list(v: Any) -> list:
        return v if isinstance(v, list) else [v]

    return {
        (a, r)
        for s in statements
        if s["Effect"] == "Allow"
        for a in as_list(s["Action"])
        for r in as_list(s["Resource"])
    }


# ---------------------------------------------------------------- what a request asks for
def _requested(response: BaseResponse) -> list[tuple[str, str]] | None:
    """The (action without service prefix, resource) pairs AWS authorizes for a DynamoDB or SES request;
    None for other services (moto's own check applies)."""
    if isinstance(response, DynamoHandler):
        body = json.loads(response.raw_body or b"{}")
        operation = response._get_action()

        def table(name: str) -> str:
            return f"arn:aws:dynamodb:{response.region}:{response.current_account}:table/{name}"

        if operation == "TransactWriteItems":
            return [
                (TX_ACTIONS[kind], table(op["TableName"]))
                for item in body["TransactItems"]
                for kind, op in item.items()
            ]
        if operation == "TransactGetItems":
            return [("GetItem", table(item["Get"]["TableName"])) for item in body["TransactItems"]]
        if operation in ("BatchGetItem", "BatchWriteItem"):
            return [(operation, table(name)) for name in body["RequestItems"]]
        if "TableName" in body:
            index = f"/index/{body['IndexName']}" if body.get("IndexName") else ""
            return [(operation, table(body["TableName"]) + index)]
        return [(operation, "*")]
    if isinstance(response, EmailResponse):
        source = response._get_param("Source")
        if not source and response._get_param("RawMessage.Data"):
            source = message_from_bytes(base64.b64decode(response._get_param("RawMessage.Data")))["From"]
        domain = parseaddr(source or "")[1].rpartition("@")[2]  # only the domain is verified (infra/constructs/mail.py)
        ses_arn = f"arn:aws:ses:{response.region}:{response.current_account}"
        requested = [(response._get_action(), f"{ses_arn}:identity/{domain}")]
        if response._get_param("ConfigurationSetName"):
            requested.append(
                (response._get_action(), f"{ses_arn}:configuration-set/{response._get_param('ConfigurationSetName')}")
            )
        return requested
    return None


def _request_for(action: str):
    def make(**kw: Any) -> IAMRequest:
        return IAMRequest(**{**kw, "action": action})

    return make


@dataclass
class Run:
    """What one function asked for while its policy was enforced."""

    authorized: set[tuple[str, str]] = field(default_factory=set)
    denied: list[tuple[str, str]] = field(default_factory=list)
    served: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # route key -> statuses


@dataclass
class Role:
    access_key_id: str
    secret: str
    token: str
    statements: list[dict]

    @cached_property
    def session(self) -> boto3.Session:
        return boto3.Session(
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret,
            aws_session_token=self.token,
            region_name=REGION,
        )


class Enforced:
    """moto with one IAM role per function holding exactly its synthesized policy; `as_function(name)`
    runs a block with that role's credentials and IAM enforced, recording what was authorized."""

    def __init__(self, synth, resources) -> None:
        self.resources = resources
        settings = runtime.settings()
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        table_arn = dynamodb.describe_table(TableName=settings.table_name)["Table"]["TableArn"]
        self.arns = {
            "Data/Table": settings.table_name,
            "Data/Table.Arn": table_arn,
            "Data/Table.StreamArn": resources.stream_arn,
            "Evidence/Bucket": settings.bucket_name,
            "Evidence/Bucket.Arn": f"arn:aws:s3:::{settings.bucket_name}",
            "Mail/Domain": settings.sender_email.rpartition("@")[2],
            "Mail/ConfigurationSet": settings.ses_configuration_set,
        }
        iam, sts = boto3.client("iam", region_name=REGION), boto3.client("sts", region_name=REGION)
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
        self.roles: dict[str, Role] = {}
        for function in HANDLERS:
            statements = policy_statements(synth, function, self.arns)
            name = f"fn-{function}"
            arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
            iam.put_role_policy(
                RoleName=name,
                PolicyName="synthesized",
                PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
            )
            creds = sts.assume_role(RoleArn=arn, RoleSessionName=function)["Credentials"]
            self.roles[function] = Role(
                creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"], statements
            )
        self.runs: dict[str, Run] = defaultdict(Run)
        self.active: str | None = None

    # -- enforcement
    @contextmanager
    def as_function(self, function: str) -> Iterator[Run]:
        role, run = self.roles[function], self.runs[function]
        module = HANDLERS[function].rpartition(".")[0]
        handler = __import__(module, fromlist=["handler"]).handler

        def served(event: dict, context: Any) -> Any:
            result = handler(event, context)
            if "routeKey" in event:
                run.served[event["routeKey"]].add(result["statusCode"])
                self._check_links(function, result.get("body") or "")
            return result

        creds = {
            "AWS_ACCESS_KEY_ID": role.access_key_id,
            "AWS_SECRET_ACCESS_KEY": role.secret,
            "AWS_SESSION_TOKEN": role.token,
        }
        # boto3's default session keeps the credentials it first found: the handler's clients come from the
        # role's own session (kept: a session loads the service models once)
        with (
            mock.patch.dict(os.environ, creds),
            mock.patch("boto3.DEFAULT_SESSION", role.session),
            mock.patch(f"{module}.handler", served),
            enable_iam_authentication(),
        ):
            runtime.reset_caches()
            self.active = function
            try:
                yield run
            finally:
                self.active = None
                runtime.reset_caches()

    def record(self, action: str, resource: str, allowed: bool) -> None:
        if self.active:
            run = self.runs[self.active]
            (run.authorized.add if allowed else run.denied.append)((action, resource))

    # -- presigned links (checked here: moto cannot enforce query-string or form credentials)
    def _check_links(self, function: str, body: str) -> None:
        try:
            document = json.loads(body)
        except ValueError:
            return
        for found in _walk(document):
            if isinstance(found, dict):  # a presigned POST: {"url": .../bucket, "fields": {...}}
                fields = {k.lower(): v for k, v in found["fields"].items()}
                bucket = urlparse(found["url"]).path.strip("/")
                self._check_presigned(
                    function,
                    fields["x-amz-credential"],
                    fields.get("x-amz-security-token"),
                    "s3:PutObject",
                    f"arn:aws:s3:::{bucket}/{fields['key']}",
                )
            else:  # a presigned GET (path-style: /bucket/key?X-Amz-...)
                url = urlparse(found)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                action = "s3:GetObjectVersion" if "versionId" in query else "s3:GetObject"
                self._check_presigned(
                    function,
                    query["X-Amz-Credential"],
                    query.get("X-Amz-Security-Token"),
                    action,
                    f"arn:aws:s3:::{unquote(url.path.lstrip('/'))}",
                )

    def _check_presigned(self, function: str, credential: str, token: str | None, action: str, resource: str) -> None:
        role = self.roles[function]
        key_id = credential.split("/")[0]
        assert token is not None and (key_id, token) == (role.access_key_id, role.token), (
            f"{function}: a link not signed by its role"
        )
        key = AssumedRoleAccessKey(ACCOUNT, "aws", key_id, {"X-Amz-Security-Token": token})
        results = {IAMPolicy(p).is_action_permitted(action, resource) for p in key.collect_policies()}
        allowed = PermissionResult.PERMITTED in results and PermissionResult.DENIED not in results
        self.runs[function].authorized.add((action, resource)) if allowed else self.runs[function].denied.append(
            (action, resource)
        )

    # -- the verdict
    def unused(self, function: str) -> set[tuple[str, str]]:
        """Granted (action, resource) pairs, apart from the service's own, that no request of the run used."""
        run = self.runs[function]

        def used(action: str, pattern: str) -> bool:
            same = READS if action in READS else {action}
            return any(a in same and IAMPolicyStatement._match(pattern, r) for a, r in run.authorized)

        return {
            (action, pattern)
            for action, pattern in grants(self.roles[function].statements)
            if action not in SERVICE_SIDE and not used(action, pattern)
        }


def _walk(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        if isinstance(value.get("fields"), dict) and "url" in value:
            yield value
            return
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    elif isinstance(value, str) and "X-Amz-Credential=" in value:
        yield value


@pytest.fixture
def enforced(synth, monkeypatch) -> Iterator[Enforced]:
    # moto's IAM check takes the bucket from the path: a virtual-hosted request would be judged on a wrong ARN
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "path")
    runtime.reset_caches()
    original_check = IAMRequestBase.check_action_permitted
    original_normal = BaseResponse._authenticate_and_authorize_normal_action
    holder: dict[str, Enforced] = {}

    def check_action_permitted(self: IAMRequestBase, resource: str) -> None:
        try:
            original_check(self, resource)
        except Exception:
            holder["env"].record(self._action, resource, allowed=False)
            raise
        holder["env"].record(self._action, resource, allowed=True)

    def authorize_normal_action(self: BaseResponse, resource: str = "*") -> None:
        requested = _requested(self) if "env" in holder and holder["env"].active else None
        if requested is None:
            return original_normal(self, resource)
        for action, arn in requested:
            self._authenticate_and_authorize_action(_request_for(action), arn)

    with (
        mocked_aws() as resources,
        mock.patch.object(IAMRequestBase, "check_action_permitted", check_action_permitted),
        mock.patch.object(BaseResponse, "_authenticate_and_authorize_normal_action", authorize_normal_action),
    ):
        holder["env"] = Enforced(synth, resources)
        yield holder["env"]


# ---------------------------------------------------------------- what each function is run through
def walk_routes(env: Enforced, function: str) -> None:
    """Every private route of the function, as its right caller, on resources in a state it can act on
    (prepared outside the enforcement, by tests/integration/test_access_matrix.py's `_ids`)."""
    for route in routes_of(function):
        if route.public:
            continue
        ids = route_ids(route)
        with env.as_function(function):
            reply = send_route(route, right_caller(route), ids)
        assert 200 <= reply.status < 300, (route.method, route.path, reply.text)


def run_claims(env: Enforced, clock) -> None:
    walk_routes(env, "claims")
    claim_id = new_ready_claim()
    with env.as_function("claims"):  # submit with an Idempotency-Key, then its replay
        first = call("claims", "POST", f"/claims/{claim_id}/submit", claims=P1, headers={"Idempotency-Key": "k-1"})
        again = call("claims", "POST", f"/claims/{claim_id}/submit", claims=P1, headers={"Idempotency-Key": "k-1"})
    assert first.status == again.status == 200 and first.json == again.json, (first.text, again.text)
    draft = new_draft_claim()["claim_id"]
    with env.as_function("surveys"):
        send_link(draft, "customer")
    with env.as_function("claims"):  # a new customer contact revokes the survey link sent to the old one
        r = call(
            "claims",
            "PATCH",
            f"/claims/{draft}",
            claims=P1,
            body={"customer_contact": {"name": "Robin", "email": "robin@customer.example"}},
        )
        assert r.status == 200, r.text
        for query in ("", "status=draft"):
            assert call("claims", "GET", "/claims", claims=P1, query=query).status == 200
        assert call("claims", "GET", "/notifications", claims=P1, query="unread=true").status == 200


def run_customers(env: Enforced, clock) -> None:
    walk_routes(env, "customers")
    with env.as_function("customers"):
        nomination = nominate_customer()
        token = consent_token(nomination["nomination_id"])
        page = call("customers", "GET", f"/public/consent/{token}", headers={"accept": "application/json"})
        assert page.status == 200, page.text
        r = answer_consent(token)
        assert r.status == 200, r.text
        for tab in ("eligible", "ineligible", "completed"):
            r = call("customers", "GET", "/engagements/ENG-AI-WORKSHOP/customers", claims=P1, query=f"tab={tab}")
            assert r.status == 200, r.text


def run_evidence(env: Enforced, clock) -> None:
    walk_routes(env, "evidence")
    claim_id = new_ready_claim()  # received files: the status answers with a download link
    with env.as_function("evidence"):
        for kind in ("invoice", "findings_report"):
            r = call("evidence", "GET", f"/claims/{claim_id}/evidence/{kind}", claims=P1)
            assert r.status == 200 and r.json["download_url"], r.text


def run_surveys(env: Enforced, clock) -> None:
    walk_routes(env, "surveys")
    claim_id = new_draft_claim()["claim_id"]
    with env.as_function("surveys"):
        token = send_link(claim_id, "customer")
        clock.offset += timedelta(minutes=6)  # a resend after five minutes rotates the link
        token = send_link(claim_id, "customer")
        assert survey_page(token).status == 200
        r = answer_survey(token, CUSTOMER_OK)
        assert r.status == 200, r.text
        partner_token = send_link(claim_id, "partner")
        assert survey_page(partner_token).status == 200


def run_review(env: Enforced, clock) -> None:
    walk_routes(env, "review")
    claim_id = submitted_claim()
    with env.as_function("review"):
        dossier = call("review", "GET", f"/review/claims/{claim_id}", claims=right_caller(routes_of("review")[0]))
        assert dossier.status == 200, dossier.text
        for status in ("submitted", "under_review", "action_required"):
            r = call(
                "review",
                "GET",
                "/review/claims",
                claims=right_caller(routes_of("review")[0]),
                query=f"status={status}",
            )
            assert r.status == 200, r.text


def run_program(env: Enforced, clock) -> None:
    walk_routes(env, "program")
    admin = right_caller(next(r for r in routes_of("program") if r.path.startswith("/program/")))
    fresh = uuid.uuid4().hex[:8]
    new_rows = {
        "partners": f"partner_id,name,currency\r\nP-{fresh},Fabrikam,EUR\r\n",
        "tenants": f"tenant_id,domains\r\n{uuid.uuid4()},t{fresh}.example;u{fresh}.example\r\n",
        "locations": f"location_id,partner_id,country,engagement_ids\r\n"
        f"L-{fresh},P-1001,NL,ENG-AI-WORKSHOP;ENG-SECURITY-WORKSHOP\r\n",
    }
    with env.as_function("program"):
        for kind in ("partners", "locations", "tenants", "engagements"):
            exported = call("program", "GET", f"/program/exports/{kind}", claims=admin)
            assert exported.status == 200, exported.text
            for text in (exported.text, new_rows.get(kind)):
                if text:
                    r = call(
                        "program",
                        "POST",
                        f"/program/imports/{kind}",
                        claims=admin,
                        raw_body=text.encode(),
                        headers={"content-type": "text/csv"},
                    )
                    assert r.status == 200 and not r.json["refused"], r.text


def run_expiry(env: Enforced, clock) -> None:
    """Every kind of due entry: consent not given, a draft never submitted, reminders; the job runs on each
    day the deadlines pass, with the clock moved (the due entries of a day are consumed once)."""
    nominate_for_expiry(f"casey-{uuid.uuid4().hex[:6]}@northwind.example")
    nominate_for_expiry(f"casey-{uuid.uuid4().hex[:6]}@northwind.example", request=False)
    new_draft_claim()
    submitted_claim()
    new_consented_nomination()
    before = clock.offset
    for _ in range(12):
        clock.offset += timedelta(days=10)
        with env.as_function("expiry"):
            result = run_job()
        assert result, result
    clock.offset = before


def run_notifier(env: Enforced, clock) -> None:
    records = stream_reader(env.resources.stream_arn)
    claim_id = submitted_claim()
    review(claim_id, "start")
    review(claim_id, "request-info", {"reason_code": "missing_document", "message": "Attach the agenda."})
    notifications = [r for r in records() if _is_new_notification(r)]
    assert notifications
    from functions.notifier import app

    with env.as_function("notifier"):
        result = app.handler({"Records": notifications}, LocalContext("notifier", str(uuid.uuid4())))
    assert result["batchItemFailures"] == [], result


def run_consumer(env: Enforced, clock) -> None:
    """A good file is accepted, a PNG declared as PDF is refused (its version deleted); the messages are the
    ones moto's S3 put on the queue, received outside the enforcement as the event source mapping does."""
    for data in (PDF, PNG):
        claim_id = new_draft_claim()["claim_id"]
        r = request_upload(claim_id, "invoice", data=data)
        assert r.status == 201, r.text
        browser_post(r.json, data)
    messages = queued(env.resources)
    assert messages
    from functions.evidence import consumer

    with env.as_function("evidence-consumer"):
        result = consumer.handler(sqs_event(messages), LocalContext("evidence-consumer", str(uuid.uuid4()))) or {}
    assert not result.get("batchItemFailures"), result
    sqs = boto3.client("sqs", region_name=REGION)
    for m in messages:
        sqs.delete_message(QueueUrl=env.resources.evidence_queue_url, ReceiptHandle=m["ReceiptHandle"])


def run_mail_events(env: Enforced, clock) -> None:
    """Hard bounces of a consent request and of a survey email, published with the tags those sends gave SES:
    each link is read (GetItem) and marked with its partner's notification (Update + Put, one transaction)."""
    with ses_requests_recorded() as requests:
        consent_token(nominate_customer()["nomination_id"])
        send_link(new_draft_claim()["claim_id"], "customer")
    from functions.mail_events import app

    with env.as_function("mail-events"):
        result = app.handler(
            sns_event(*(sns_record(ses_event(r["tags"])) for r in requests)),
            LocalContext("mail-events", str(uuid.uuid4())),
        )
    assert result == {"marked": 2}, result


RUNS = {
    "expiry": run_expiry,
    "claims": run_claims,
    "customers": run_customers,
    "evidence": run_evidence,
    "surveys": run_surveys,
    "review": run_review,
    "program": run_program,
    "notifier": run_notifier,
    "evidence-consumer": run_consumer,
    "mail-events": run_mail_events,
}


def test_every_function_is_run():
    assert set(RUNS) == set(HANDLERS)


@pytest.mark.parametrize("function", RUNS)
def test_the_function_works_with_exactly_its_synthesized_policy(enforced, function):
    result = enforced.runs[function]
    try:
        RUNS[function](enforced, runtime.clock)
    except AssertionError as failed:  # name the refusal behind a failed step first
        if result.denied:
            raise AssertionError(f"{function} was refused (missing): {sorted(set(result.denied))}") from failed
        raise
    assert result.denied == [], f"{function} was refused (missing permissions): {sorted(set(result.denied))}"
    routes = {f"{r.method} {r.path}" for r in routes_of(function)}
    served = {key for key, statuses in result.served.items() if any(200 <= s < 300 for s in statuses)}
    assert routes <= served, f"{function}: routes never served under its policy: {sorted(routes - served)}"
    assert not [k for k, s in result.served.items() if 500 in s], dict(result.served)
    assert enforced.unused(function) == set(), f"{function} is granted what it never used (excess)"


def test_the_tier_notices_a_refusal(enforced):
    """A role without the table's Query is refused the claim page: the enforcement is on, not vacuous."""
    claim_id = new_draft_claim()["claim_id"]
    with env_without(enforced, "claims", "dynamodb:Query"), enforced.as_function("claims"):
        reply = call("claims", "GET", f"/claims/{claim_id}", claims=P1)
    assert reply.status == 500
    assert enforced.runs["claims"].denied == [("dynamodb:Query", enforced.arns["Data/Table.Arn"])]


@contextmanager
def env_without(env: Enforced, function: str, action: str) -> Iterator[None]:
    iam = boto3.client("iam", region_name=REGION)
    role = env.roles[function]
    statements = [
        {**s, "Action": [a for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]]) if a != action]}
        for s in role.statements
    ]
    statements = [s for s in statements if s["Action"]]

    def put(stmts: list[dict]) -> None:
        with mock.patch.dict(os.environ, {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}):
            iam.put_role_policy(
                RoleName=f"fn-{function}",
                PolicyName="synthesized",
                PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": stmts}),
            )

    put(statements)
    try:
        yield
    finally:
        put(role.statements)
