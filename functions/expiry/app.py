"""Expiry function, run by the EventBridge schedule: deadlines (auto-rejection, consent expiry) and
reminders for everything due up to now (see shared/services/expiry.py). Returns the run's summary."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from shared import runtime
from shared.observability import logger, metrics
from shared.services import expiry

runtime.check_at_cold_start()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: Any) -> dict:
    summary = expiry.run(runtime.store(), runtime.clock.now(), context.get_remaining_time_in_millis)
    for outcome in ("processed", *expiry.OUTCOMES):  # zeros too: a flat line is a healthy, visible run
        metrics.add_metric(name=outcome, unit=MetricUnit.Count, value=summary[outcome])
    logger.info("expiry run finished", extra=summary)
    return summary
