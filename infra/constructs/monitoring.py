"""Alarms to one SNS topic: errors and throttles of every function, any message in a dead-letter queue,
a failed scheduled job, and 5xx answers of the API."""
from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

FIVE_MINUTES = Duration.minutes(5)


class Alarms(Construct):
    def __init__(self, scope: Construct, id: str, *, alarm_email: str) -> None:
        super().__init__(scope, id)
        # No SSE: alarm messages carry alarm names and metric values only, never claim data.
        self.topic = sns.Topic(self, "Topic", display_name="Workshop claims alarms", enforce_ssl=True)
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        self._action = cw_actions.SnsAction(self.topic)

    def _alarm(self, id: str, metric: cw.IMetric, description: str, threshold: float = 1) -> cw.Alarm:
        alarm = cw.Alarm(self, id, metric=metric, threshold=threshold, evaluation_periods=1,
                         comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                         treat_missing_data=cw.TreatMissingData.NOT_BREACHING, alarm_description=description)
        alarm.add_alarm_action(self._action)
        return alarm

    def function(self, name: str, fn: lambda_.IFunction) -> None:
        self._alarm(f"{name}-errors", fn.metric_errors(period=FIVE_MINUTES, statistic="Sum"),
                    f"{name}: an invocation failed (unhandled error or timeout)")
        self._alarm(f"{name}-throttles", fn.metric_throttles(period=FIVE_MINUTES, statistic="Sum"),
                    f"{name}: invocations were throttled")

    def job(self, name: str, fn: lambda_.IFunction) -> None:
        """A scheduled run that failed: nothing was expired or reminded for that period."""
        self._alarm(f"{name}-job-failed", fn.metric_errors(period=Duration.hours(1), statistic="Sum"),
                    f"the scheduled {name} job failed in the last hour")

    def dead_letters(self, name: str, queue: sqs.IQueue) -> None:
        self._alarm(f"{name}-dlq", queue.metric_approximate_number_of_messages_visible(
            period=FIVE_MINUTES, statistic="Maximum"), f"{name}: messages are waiting in the dead-letter queue")

    def api(self, api: apigwv2.HttpApi) -> None:
        self._alarm("api-5xx", api.metric_server_error(period=FIVE_MINUTES, statistic="Sum"),
                    "the API answered 5xx at least 5 times in 5 minutes", threshold=5)
