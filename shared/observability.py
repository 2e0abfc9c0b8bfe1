"""The Powertools logger and metrics of every function (the API functions' tracer is in shared/api/http.py).

The service is the function's own name: the stack sets POWERTOOLS_SERVICE_NAME per function
(infra/constructs/lambdas.py), so each log line, metric dimension and trace names the function it came
from, and the alarms can tell the expiry job's metrics apart. Without it (the local runner, tests):
`workshop-claims`. The metrics namespace comes from POWERTOOLS_METRICS_NAMESPACE the same way."""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME") or "workshop-claims"
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or "WorkshopClaims"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
