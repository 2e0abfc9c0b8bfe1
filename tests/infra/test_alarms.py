"""Alarms that fire on what matters, all to the one topic: handler 500s (which Lambda's Errors never sees),
worker failures, any dead letter, and an expiry job that stopped running."""

from __future__ import annotations

from shared.api.routes import ROUTES

API_FUNCTIONS = tuple(dict.fromkeys(r.function for r in ROUTES))
UNHANDLED = ("WorkshopClaims", "ApiUnhandledErrors")


def _alarms(synth) -> dict[str, dict]:
    return {synth.paths[lid]: a["Properties"] for lid, a in synth.of_type("AWS::CloudWatch::Alarm").items()}


def _dimensions(synth, alarm: dict) -> dict:
    return {d["Name"]: synth.render(d["Value"]) for d in alarm.get("Dimensions", [])}


def test_every_alarm_notifies_the_topic(synth):
    topic = synth.logical_id("Alarms/Topic")
    assert all(a["AlarmActions"] == [{"Ref": topic}] for a in _alarms(synth).values())


def test_a_handler_answering_500_raises_an_alarm(synth):
    """The API handlers catch every exception and answer 500 themselves (shared/api/http.py logs it as ERROR),
    so Lambda's Errors stays 0: every API function's log group counts its ERROR lines into one metric."""
    filters = {
        synth.render(f["Properties"]["LogGroupName"]): f["Properties"]
        for f in synth.of_type("AWS::Logs::MetricFilter").values()
    }
    assert set(filters) >= {f"<Fn-{name}/Logs>" for name in API_FUNCTIONS}
    for name in API_FUNCTIONS:
        f = filters[f"<Fn-{name}/Logs>"]
        assert f["FilterPattern"] == '{ $.level = "ERROR" }'
        [transformation] = f["MetricTransformations"]
        assert (transformation["MetricNamespace"], transformation["MetricName"]) == UNHANDLED
        assert transformation["MetricValue"] == "1"
    alarm = _alarms(synth)["Alarms/api-unhandled-errors"]
    assert (alarm["Namespace"], alarm["MetricName"]) == UNHANDLED
    assert (alarm["Statistic"], alarm["Threshold"], alarm["ComparisonOperator"]) == (
        "Sum",
        1,
        "GreaterThanOrEqualToThreshold",
    )
    assert alarm["TreatMissingData"] == "notBreaching"


def test_api_gateway_5xx_still_alarms_for_what_never_reached_a_handler(synth):
    alarm = _alarms(synth)["Alarms/api-5xx"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/ApiGateway", "5xx")
    assert _dimensions(synth, alarm) == {"ApiId": "<Http/Api>"}


def test_the_expiry_job_not_running_alarms_even_without_data(synth):
    """No invocation over two schedule periods; no data at all (the schedule disabled or deleted) counts too."""
    schedule_seconds = 15 * 60
    assert synth.resource("ExpirySchedule")["Properties"]["ScheduleExpression"] == "rate(15 minutes)"
    alarm = _alarms(synth)["Alarms/expiry-not-running"]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("AWS/Lambda", "Invocations", "Sum")
    assert _dimensions(synth, alarm) == {"FunctionName": "<Fn-expiry/Function>"}
    assert alarm["Period"] > schedule_seconds
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("LessThanThreshold", 1)
    assert alarm["TreatMissingData"] == "breaching"


def test_expiry_entries_that_fail_inside_a_successful_run_alarm(synth):
    """A due entry that fails is logged, counted (the `errors` metric of the run) and kept for the next run;
    the run itself succeeds, so only this metric shows an entry failing run after run."""
    alarm = _alarms(synth)["Alarms/expiry-entries-failed"]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("WorkshopClaims", "errors", "Sum")
    assert _dimensions(synth, alarm) == {"service": "expiry"}
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanOrEqualToThreshold", 1)


def test_worker_failures_alarm(synth):
    for name in ("notifier", "evidence-consumer", "expiry", "mail-events"):
        alarm = _alarms(synth)[f"Alarms/{name}-errors"]
        assert alarm["MetricName"] == "Errors"
        assert _dimensions(synth, alarm) == {"FunctionName": f"<Fn-{name}/Function>"}


def _dead_letter_queues(synth) -> set[str]:
    """Every queue the template uses as a dead-letter target: redrive, on-failure destination, scheduler DLQ."""
    targets = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "deadLetterTargetArn":
                    targets.append(value)
                elif key == "OnFailure" or key == "DeadLetterConfig":
                    targets.append(value.get("Destination") or value.get("Arn"))
                walk(value)

    walk(synth.resources)
    return {synth.paths[t["Fn::GetAtt"][0]] for t in targets}


def test_every_dead_letter_queue_alarms_on_its_first_message(synth):
    dlqs = _dead_letter_queues(synth)
    assert dlqs == {"Evidence/DeadLetters", "NotifierDeadLetters", "JobDeadLetters", "Mail/DeadLetters"}
    depth = {
        _dimensions(synth, a)["QueueName"]: a
        for a in _alarms(synth).values()
        if a["MetricName"] == "ApproximateNumberOfMessagesVisible"
    }
    for queue in dlqs:
        alarm = depth[f"<{queue}.QueueName>"]
        assert (alarm["Statistic"], alarm["Threshold"], alarm["ComparisonOperator"]) == (
            "Maximum",
            1,
            "GreaterThanOrEqualToThreshold",
        )


def test_the_alarm_email_from_config_is_subscribed_to_the_topic():
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template

    from infra.constructs.monitoring import Alarms

    stack = Stack(App(), "Monitoring")
    Alarms(stack, "Alarms", alarm_email="ops@contoso-program.com")
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": "ops@contoso-program.com"}
    )
    without = Stack(App(), "Quiet")
    Alarms(without, "Alarms", alarm_email="")
    Template.from_stack(without).resource_count_is("AWS::SNS::Subscription", 0)
