"""The local runner (`make run`): the whole stack on one laptop, no AWS account.

One process: moto's server (the embedded AWS) with the stack's resources and demo data; the HTTP API
on 127.0.0.1:3000 turning each request into an API Gateway HTTP API (v2) event for the same handler
the stack deploys, after verifying the bearer JWT as the JWT authorizer would; background workers
that deliver S3 → SQS events to the evidence consumer, DynamoDB stream records to the notifier, and
run the schedules; and the local-only /local/* routes (never deployed).
"""

from __future__ import annotations

import argparse
import base64
import email
import importlib
import json
import logging
import os
import re
import signal
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy
from typing import Any

from infra.local import demo
from infra.local.apidocs import ApiDocs
from infra.local.webapp import WebApp
from infra.permissions import HANDLERS

LOG = logging.getLogger("local-runner")
ISSUER, AUDIENCE = "https://local.workshop-claims/issuer", "workshop-claims-local"
ROLES = ("incentives-admin", "incentives-user", "reviewer", "program-admin")
PARTNER_ROLES = ("incentives-admin", "incentives-user")  # tokens of these carry a partner id
URL = re.compile(r"https?://[^\s<>\"')]+")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configure_environment(moto_url: str, public_url: str) -> None:
    """The same variables the stack gives each function, pointed at moto."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": moto_url,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "TABLE_NAME": "workshop-claims",
            "BUCKET_NAME": "workshop-claims-evidence",
            "SENDER_EMAIL": "no-reply@claims.example.com",
            "PUBLIC_BASE_URL": public_url,
            # partner emails link into the web app the runner serves under /app/ (or where APP_BASE_URL says)
            "APP_BASE_URL": os.environ.get("APP_BASE_URL") or public_url + "/app",
            "DEMO_SEED": os.environ.get("DEMO_SEED", "1"),  # the lived-in demo program (infra/local/demo.py)
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        }
    )


@dataclass
class LocalContext:
    """Enough of the Lambda context object for Powertools."""

    function_name: str
    aws_request_id: str
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = ""

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


class Functions:
    """Each function's handler, invoked one request at a time like a single Lambda container."""

    MODULES = {name: handler.rpartition(".")[0] for name, handler in HANDLERS.items()}

    def __init__(self) -> None:
        from shared.api.routes import ROUTES

        # Powertools keeps the request being resolved on the resolver *class*, once per process: in the cloud
        # each container is its own process, here the API functions share one, so they take turns too.
        api = threading.Lock()
        api_functions = {r.function for r in ROUTES}
        self._locks = {name: api if name in api_functions else threading.Lock() for name in self.MODULES}
        self._handlers: dict[str, Callable] = {}

    def handler(self, name: str) -> Callable:
        if name not in self._handlers:
            self._handlers[name] = importlib.import_module(self.MODULES[name]).handler
        return self._handlers[name]

    def invoke(self, name: str, event: dict) -> Any:
        handler = self.handler(name)
        context = LocalContext(
            function_name=f"workshop-claims-{name}",
            aws_request_id=str(uuid.uuid4()),
            invoked_function_arn=f"arn:aws:lambda:us-east-1:000000000000:function:{name}",
        )
        with self._locks[name]:
            return handler(event, context)


class Tokens:
    """Mints and verifies RS256 JWTs shaped like Cognito's (groups, partner id, email)."""

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa

        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def mint(self, email_address: str, role: str, partner_id: str | None, ttl: timedelta = timedelta(hours=8)) -> str:
        import jwt

        now = datetime.now(UTC)
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, email_address)),
            "email": email_address,
            "cognito:groups": [role],
            "iat": now,
            "exp": now + ttl,
            "token_use": "id",
        }
        if partner_id:
            claims["custom:partner_id"] = partner_id
        return jwt.encode(claims, self._key, algorithm="RS256")

    def verify(self, authorization: str | None) -> dict | None:
        """The claims, as the HTTP API JWT authorizer passes them (arrays as "[a b]"), or None."""
        import jwt

        if not authorization or not authorization.startswith("Bearer "):
            return None
        try:
            claims = jwt.decode(
                authorization[7:],
                self._key.public_key(),
                algorithms=["RS256"],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            return None
        return {k: (f"[{' '.join(v)}]" if isinstance(v, list) else str(v)) for k, v in claims.items()}


def http_event(
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
    route_key: str,
    path_params: dict,
    claims: dict | None,
    source_ip: str,
) -> dict:
    """An API Gateway HTTP API payload 2.0 event, as the deployed API would send it."""
    query_params: dict[str, str] = {}
    for part in filter(None, query.split("&")):
        from urllib.parse import unquote_plus

        k, _, v = part.partition("=")
        k, v = unquote_plus(k), unquote_plus(v)
        query_params[k] = f"{query_params[k]},{v}" if k in query_params else v
    try:
        text, is_b64 = body.decode("utf-8"), False
    except UnicodeDecodeError:
        text, is_b64 = base64.b64encode(body).decode(), True
    now = datetime.now(UTC)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "queryStringParameters": query_params or None,
        "pathParameters": path_params or None,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": "127.0.0.1",
            "domainPrefix": "local",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": route_key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "body": text if body else None,
        "isBase64Encoded": is_b64,
    }
    if claims is not None:
        event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return event


def sqs_event(messages: Sequence[Mapping[str, Any]], queue: str = "workshop-claims-evidence") -> dict:
    """The Lambda SQS event the event source mapping builds from received messages."""
    arn = f"arn:aws:sqs:us-east-1:000000000000:{queue}"
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": "us-east-1",
            }
            for m in messages
        ]
    }


class Runner:
    def __init__(self, port: int, moto_port: int, schedule_seconds: float):
        self.port, self.moto_port, self.schedule_seconds = port, moto_port or _free_port(), schedule_seconds
        self.public_url = f"http://127.0.0.1:{port}"
        self.moto_url = f"http://127.0.0.1:{self.moto_port}"
        self.functions = Functions()
        self.tokens = Tokens()
        self.world = threading.RLock()  # reset takes it alone; workers and jobs take it per step
        self.stop = threading.Event()
        self.resources: Any = None
        self.webapp = WebApp(s3_origin=self.moto_url)  # /app/ (infra/local/webapp.py)
        self.apidocs = ApiDocs()  # /docs: Swagger UI on /openapi.json (infra/local/apidocs.py)
        self.notifications: Any = None  # the StreamFollower feeding the notifier

    # ------------------------------------------------------------ lifecycle
    def start_aws(self) -> None:
        from moto.server import ThreadedMotoServer

        from infra.local import moto_patches

        moto_patches.install()
        configure_environment(self.moto_url, self.public_url)
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
        self.moto.start()
        self.provision()

    def provision(self) -> None:
        from infra.local.resources import create_resources, seed
        from shared import runtime

        runtime.reset_caches()
        runtime.clock.offset = timedelta(0)
        import boto3

        self.sqs = boto3.client("sqs", region_name="us-east-1")
        self.streams = boto3.client("dynamodbstreams", region_name="us-east-1")
        self.resources = create_resources(runtime.settings(), runtime.dynamodb(), runtime.s3(), self.sqs, runtime.ses())
        seed(runtime.store())
        self.notifications = self._follow_notifications(self.resources.stream_arn)

    def _follow_notifications(self, stream_arn: str) -> Any:
        from infra.local.moto_patches import release_stream_records
        from infra.local.stream import StreamFollower

        def notify(records: list[dict]) -> list[str]:
            result = self.functions.invoke("notifier", {"Records": records}) or {}
            return [f["itemIdentifier"] for f in result.get("batchItemFailures", [])]

        return StreamFollower(
            self.streams,
            stream_arn,
            notify,
            accept=_is_new_notification,
            released=lambda sequence: release_stream_records(stream_arn, sequence),
        )

    def reset(self) -> None:
        import requests

        with self.world:
            requests.post(self.moto_url + "/moto-api/reset", timeout=30).raise_for_status()
            self.provision()

    def start_workers(self) -> None:
        workers = [
            ("evidence", self._evidence_loop),
            ("notifier", self._stream_loop),
            ("schedule", self._schedule_loop),
        ]
        for name, loop in workers:
            threading.Thread(target=self._guard(name, loop), name=name, daemon=True).start()

    def _guard(self, name: str, loop: Callable[[], bool]) -> Callable[[], None]:
        def run() -> None:
            while not self.stop.is_set():
                try:
                    busy = loop()
                except Exception:  # a worker must survive a bad record or a reset
                    LOG.exception("%s worker step failed", name)
                    busy = False
                if not busy:
                    self.stop.wait(0.2)

        return run

    # ------------------------------------------------------------ workers
    def _evidence_loop(self) -> bool:
        with self.world:
            got = self.sqs.receive_message(
                QueueUrl=self.resources.evidence_queue_url,
                MaxNumberOfMessages=10,
                AttributeNames=["All"],
                WaitTimeSeconds=0,
            )
            messages = got.get("Messages", [])
            if not messages:
                return False
            return self._deliver_sqs(messages)

    def _deliver_sqs(self, messages: Sequence[Mapping[str, Any]]) -> bool:
        result = self.functions.invoke("evidence-consumer", sqs_event(messages)) or {}
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        for m in messages:  # like the event source mapping: delete what succeeded, leave failures to retry
            if m["MessageId"] not in failed:
                self.sqs.delete_message(QueueUrl=self.resources.evidence_queue_url, ReceiptHandle=m["ReceiptHandle"])
        return True

    def _stream_loop(self) -> bool:
        with self.world:
            return self.notifications.poll()

    def _schedule_loop(self) -> bool:
        if self.schedule_seconds <= 0:
            self.stop.wait(1)
            return True
        self.stop.wait(self.schedule_seconds)
        if not self.stop.is_set():
            self.run_job("expiry")
        return True

    def run_job(self, name: str) -> dict:
        if name != "expiry":
            raise LookupError(name)
        event = {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "time": datetime.now(UTC).isoformat(),
            "resources": [],
            "detail": {},
        }
        with self.world:
            summary = self.functions.invoke("expiry", event)
        self._drain()  # what the job raised (emails, notifications) is delivered before we answer
        return summary

    def _drain(self) -> None:
        for _ in range(20):
            if not self._stream_loop():
                return

    # ------------------------------------------------------------ local-only routes
    def outbox(self) -> list[dict]:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.ses.models import ses_backends

        items = []
        for message in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages:
            raw = getattr(message, "raw_data", None)
            if raw is None:
                continue
            parsed = email.message_from_string(raw, policy=policy.default)
            text = parsed.get_body(("plain",))
            html = parsed.get_body(("html",))
            text_content = text.get_content() if text else ""
            html_content = html.get_content() if html else ""
            links = list(dict.fromkeys(URL.findall(text_content) + URL.findall(html_content)))
            items.append(
                {
                    "to": [str(a) for a in parsed["To"].addresses] if parsed["To"] else message.destinations,
                    "from": str(parsed["From"]),
                    "subject": " ".join(str(parsed["Subject"]).split()),
                    "text": text_content,
                    "html": html_content,
                    "links": links,
                }
            )
        return items

    # ------------------------------------------------------------ HTTP
    def wsgi(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        try:
            status, headers, body = self.dispatch(request)
        except Exception:
            LOG.exception("runner failed on %s %s", request.method, request.path)
            status, headers, body = (
                500,
                {"Content-Type": "application/json"},
                json.dumps({"code": "internal_error", "message": "The local runner failed; see its console."}),
            )
        response = Response(body, status=status, headers=headers)
        return response(environ, start_response)

    def dispatch(self, request: Any) -> tuple[int, dict, str | bytes]:
        from shared.api.routes import allowed_methods, find

        body: str | bytes  # a function's answer may be base64 (bytes)
        path = request.path
        if path.startswith("/local/"):
            return self.local_route(request)
        if WebApp.handles(path):  # / and /app/…: the web app
            return self.webapp.serve(request.method, path, request.headers)
        if path == "/openapi.json":
            return self.openapi()
        if ApiDocs.handles(path):  # /docs: the API reference
            return self.apidocs.serve(request.method, path, request.headers)
        route, params, path_exists = find(request.method, path)
        if route is None:
            if path_exists:
                status, headers, body = _json(
                    405, {"code": "method_not_allowed", "message": "This path does not support that method."}
                )
                return status, {**headers, "Allow": allowed_methods(path)}, body
            return _json(404, {"code": "not_found", "message": "No such route."})
        claims = None
        if not route.public:
            claims = self.tokens.verify(request.headers.get("Authorization"))
            if claims is None:  # what the JWT authorizer answers before any function runs
                return _json(401, {"code": "unauthorized", "message": "Sign in: a valid bearer token is required."})
        headers = {k.lower(): v for k, v in request.headers.items()}
        event = http_event(
            request.method,
            path,
            request.query_string.decode(),
            headers,
            request.get_data(),
            f"{route.method} {route.path}",
            params,
            claims,
            request.remote_addr or "127.0.0.1",
        )
        result = self.functions.invoke(route.function, event)
        body = result.get("body") or ""
        if result.get("isBase64Encoded"):
            body = base64.b64decode(body)
        out_headers = dict(result.get("headers") or {})
        for name, values in (result.get("multiValueHeaders") or {}).items():
            out_headers[name] = ", ".join(values)
        if route.function in ("customers", "review", "claims", "surveys"):
            self._drain()  # deliver notification emails before answering, so the outbox is current
        return result.get("statusCode", 200), out_headers, body

    def local_route(self, request: Any) -> tuple[int, dict, str]:
        from shared import runtime

        path, method = request.path, request.method
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            return _json(400, {"code": "invalid_json", "message": "The request body is not valid JSON."})
        if not isinstance(body, dict):
            return _json(400, {"code": "invalid_json", "message": "Send a JSON object."})
        if (method, path) == ("POST", "/local/tokens"):
            role, address = body.get("role"), body.get("email")
            if role not in ROLES or not isinstance(address, str) or "@" not in address:
                return _json(
                    422, {"code": "validation_error", "message": f"Send email and role (one of {', '.join(ROLES)})."}
                )
            if role in PARTNER_ROLES and not body.get("partner_id"):
                return _json(422, {"code": "validation_error", "message": "Partner roles need partner_id."})
            partner_id = body.get("partner_id") if role in PARTNER_ROLES else None  # program staff have none
            return _json(201, {"token": self.tokens.mint(address, role, partner_id)})
        if (method, path) == ("GET", "/local/users"):  # the demo users the app's sign-in page lists
            return _json(200, {"items": demo.users()})
        if (method, path) == ("GET", "/local/outbox"):
            return _json(200, {"items": self.outbox(), "next_token": None})
        if (method, path) == ("POST", "/local/clock"):
            days = body.get("advance_days")
            if isinstance(days, bool) or not isinstance(days, (int, float)) or days < 0:
                return _json(
                    422,
                    {
                        "code": "validation_error",
                        "message": "advance_days must be a non-negative number (days may be fractional).",
                    },
                )
            runtime.clock.offset += timedelta(days=days)
            return _json(
                200,
                {"now": runtime.clock.now().isoformat(), "offset_days": runtime.clock.offset.total_seconds() / 86400},
            )
        if (method, path) == ("GET", "/local/clock"):
            return _json(
                200,
                {"now": runtime.clock.now().isoformat(), "offset_days": runtime.clock.offset.total_seconds() / 86400},
            )
        if method == "POST" and path.startswith("/local/jobs/"):
            try:
                return _json(200, self.run_job(path.rsplit("/", 1)[1]))
            except LookupError:
                return _json(404, {"code": "not_found", "message": "Unknown job; jobs: expiry."})
        if (method, path) == ("POST", "/local/reset"):
            self.reset()
            return _json(200, {"reset": True, "now": runtime.clock.now().isoformat()})
        return _json(404, {"code": "not_found", "message": "No such local route."})

    def openapi(self) -> tuple[int, dict, str]:
        from shared.api.openapi import openapi_document

        return _json(200, openapi_document())

    def serve(self) -> None:
        from werkzeug.serving import make_server

        server = make_server("127.0.0.1", self.port, self.wsgi, threaded=True)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        self.start_workers()
        print(banner(self.public_url, self.moto_url), flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop.set()
            server.server_close()
            self.moto.stop()
            print("\nStopped.", flush=True)


def _is_new_notification(record: dict) -> bool:
    image = record.get("dynamodb", {}).get("NewImage", {})
    return record.get("eventName") == "INSERT" and image.get("type", {}).get("S") == "notification"


def _json(status: int, body: Any) -> tuple[int, dict, str]:
    return status, {"Content-Type": "application/json"}, json.dumps(body, default=str)


def banner(public_url: str, moto_url: str) -> str:
    return f"""
Workshop Claims — local runner
  Web app:    {public_url}/app/   (sign in as a demo user: GET /local/users)
  API:        {public_url}   (OpenAPI: {public_url}/openapi.json, docs: {public_url}/docs)
  AWS (moto): {moto_url}
  Demo users: pat@contoso.example (incentives-admin) and sam@contoso.example (incentives-user) of P-1001
              (Contoso Consulting, location L-1001); fay@ and lee@fabrikam.example of P-2002 (Fabrikam
              Partners, location L-2002); rita@ and ravi@program.example (reviewer); olga@program.example
              (program-admin). Tokens for any email and role: POST /local/tokens.
  Get a token:
    curl -s -X POST {public_url}/local/tokens -H 'Content-Type: application/json' \\
         -d '{{"email":"pat@contoso.example","role":"incentives-admin","partner_id":"P-1001"}}'
  Then:  curl -H "Authorization: Bearer $TOKEN" {public_url}/engagements
  Local: GET /local/users · GET /local/outbox · POST /local/clock {{"advance_days": n}} · POST /local/jobs/expiry
         POST /local/reset
Press Ctrl-C to stop.""".strip("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 3000)))
    parser.add_argument("--moto-port", type=int, default=int(os.environ.get("MOTO_PORT", 0)))
    parser.add_argument(
        "--schedule-seconds",
        type=float,
        default=float(os.environ.get("SCHEDULE_SECONDS", 300)),
        help="wall-clock cadence of the expiry schedule (0 = only /local/jobs/expiry)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    runner = Runner(args.port, args.moto_port, args.schedule_seconds)
    runner.start_aws()
    runner.serve()


if __name__ == "__main__":
    main()
