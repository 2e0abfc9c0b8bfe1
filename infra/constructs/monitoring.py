"""Alarms to one SNS topic (e-mailed to `alarm_email`): errors and throttles of every function, a handler
answering 500, any message in a dead-letter queue, a scheduled job that failed, failed an entry or stopped
running, and 5xx answers of the API."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

FIVE_MINUTES = Duration.minutes(5)
UNHANDLED_API_ERRORS = "ApiUnhandledErrors"


class Alarms(Construct):
    def __init__(self, scope: Construct, id: str, *, alarm_email: str, namespace: str = "WorkshopClaims") -> None:
        super().__init__(scope, id)
        self.namespace = namespace  # of the app's own metrics (Powertools EMF, the log metric filters)
        # No SSE: alarm messages carry alarm names and metric values only, never claim data.
        self.topic = sns.Topic(self, "Topic", display_name="Workshop claims alarms", enforce_ssl=True)
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        self._action = cw_actions.SnsAction(self.topic)

    def _alarm(
        self,
        id: str,
        metric: cw.IMetric,
        description: str,
        threshold: float = 1,
        comparison: cw.ComparisonOperator = cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        missing: cw.TreatMissingData = cw.TreatMissingData.NOT_BREACHING,
    ) -> cw.Alarm:
        alarm = cw.Alarm(
            self,
            id,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=comparison,
            treat_missing_data=missing,
            alarm_description=description,
        )
        alarm.add_alarm_action(self._action)
        return alarm

    def function(self, name: str, fn: lambda_.IFunction) -> None:
        self._alarm(
            f"{name}-errors",
            fn.metric_errors(period=FIVE_MINUTES, statistic="Sum"),
            f"{name}: an invocation failed (unhandled error or timeout)",
        )
        self._alarm(
            f"{name}-throttles",
            fn.metric_throttles(period=FIVE_MINUTES, statistic="Sum"),
            f"{name}: invocations were throttled",
        )

    def unhandled_api_errors(self, log_groups: Mapping[str, logs.ILogGroup]) -> None:
        """A handler that hits a bug answers 500 itself (shared/api/http.py) and logs it at ERROR: the invocation
        succeeds, so Lambda's Errors never counts it. Each API function's ERROR lines feed one metric."""
        for name, log_group in log_groups.items():
            logs.MetricFilter(
                self,
                f"{name}-unhandled",
                log_group=log_group,
                filter_pattern=logs.FilterPattern.string_value("$.level", "=", "ERROR"),
                metric_namespace=self.namespace,
                metric_name=UNHANDLED_API_ERRORS,
                metric_value="1",
            )
        metric = cw.Metric(
            namespace=self.namespace, metric_name=UNHANDLED_API_ERRORS, period=FIVE_MINUTES, statistic="Sum"
        )
        self._alarm(
            "api-unhandled-errors",
            metric,
            "an API handler answered 500 (an unhandled error: its log group has the ERROR line and trace)",
        )

    def job(self, name: str, fn: lambda_.IFunction, every: Duration) -> None:
        """A scheduled job: a run that failed, an entry that failed inside a run that did not, no run at all."""
        self._alarm(
            f"{name}-job-failed",
            fn.metric_errors(period=Duration.hours(1), statistic="Sum"),
            f"the scheduled {name} job failed in the last hour",
        )
        # The job's own count of entries it could not handle (Powertools metrics, dimension `service`)
        failed_entries = cw.Metric(
            namespace=self.namespace,
            metric_name="errors",
            dimensions_map={"service": name},
            period=Duration.hours(1),
            statistic="Sum",
        )
        self._alarm(
            f"{name}-entries-failed",
            failed_entries,
            f"the {name} job could not handle a due entry in the last hour (kept for the next run)",
        )
        # Two periods of the schedule without an invocation; no data at all (schedule disabled or gone) counts
        self._alarm(
            f"{name}-not-running",
            fn.metric_invocations(period=Duration.minutes(2 * every.to_minutes()), statistic="Sum"),
            f"the scheduled {name} job did not run for two of its periods",
            comparison=cw.ComparisonOperator.LESS_THAN_THRESHOLD,
            missing=cw.TreatMissingData.BREACHING,
        )

    def dead_letters(self, name: str, queue: sqs.IQueue) -> None:
        self._alarm(
            f"{name}-dlq",
            queue.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES, statistic="Maximum"),
            f"{name}: messages are waiting in the dead-letter queue",
        )

    def api(self, api: apigwv2.HttpApi) -> None:
        """5xx that no handler logged too: integration failures, timeouts, throttled functions, and the 503s
        the handlers answer while DynamoDB throttles (a few of those are expected, hence 5)."""
        self._alarm(
            "api-5xx",
            api.metric_server_error(period=FIVE_MINUTES, statistic="Sum"),
            "the API answered 5xx at least 5 times in 5 minutes",
            threshold=5,
        )
