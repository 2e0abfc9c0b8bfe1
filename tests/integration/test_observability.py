"""Each function's log lines name it (POWERTOOLS_SERVICE_NAME, as the stack sets it) and carry API Gateway's
request id as the correlation id. Run in a fresh interpreter: the service is read once, at import, as in a
Lambda container."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json
from infra.local.runner import LocalContext, http_event
from shared.api.http import logger, tracer
from functions.claims.app import handler

event = http_event("GET", "/claims", "", {}, b"", "GET /claims", {}, None, "127.0.0.1")
event["requestContext"]["requestId"] = "req-7f3a"
answer = handler(event, LocalContext(function_name="claims", aws_request_id="lambda-1"))
logger.info("after the request")
print(json.dumps({"status": answer["statusCode"], "tracer": tracer.service}))
"""


def test_log_lines_name_the_function_and_carry_the_api_request_id():
    env = {
        **os.environ,
        "POWERTOOLS_SERVICE_NAME": "claims",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "AWS_REGION": "us-east-1",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    log = next(line for line in lines if line.get("message") == "after the request")
    assert (log["service"], log["correlation_id"], log["function_request_id"]) == ("claims", "req-7f3a", "lambda-1")
    assert lines[-1] == {"status": 401, "tracer": "claims"}  # no token: refused before any data is read
