"""SES bounces and complaints in the stack (infra/constructs/mail.py): the sender's domain as an Easy DKIM
identity with its records as outputs, the configuration set every send names, its BOUNCE and COMPLAINT events
to a TLS-only topic only SES (for this configuration set) may publish to, and the mail-events function
subscribed with retries that end in an alarmed dead-letter queue."""

from __future__ import annotations

from tests.support.synth import props

CONFIGURATION_SET_ARN = (
    "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<Mail/ConfigurationSet>"
)


def test_the_senders_domain_is_the_identity_verified_by_easy_dkim(synth):
    identity = props(synth, "Mail/Domain")
    assert identity["EmailIdentity"] == "claims.example.com"  # cdk.json's sender_email: no-reply@claims.example.com
    # Easy DKIM: SES's own keys (no DomainSigningPrivateKey of ours to rotate), 2048 bits
    assert identity["DkimSigningAttributes"] == {"NextSigningKeyLength": "RSA_2048_BIT"}
    assert identity.get("DkimAttributes", {}).get("SigningEnabled", True) is True
    assert not synth.of_type("AWS::SES::EmailIdentity").keys() - {synth.logical_id("Mail/Domain")}


def test_the_three_dkim_records_are_outputs_for_the_operators_dns(synth):
    outputs = synth.template["Outputs"]
    for n in (1, 2, 3):
        record = outputs[f"DkimRecord{n}"]
        assert synth.render(record["Value"]) == (
            f"<Mail/Domain.DkimDNSTokenName{n}> CNAME <Mail/Domain.DkimDNSTokenValue{n}>"
        )
        assert "claims.example.com" in record["Description"]


def test_the_configuration_set_suppresses_bounced_and_complaining_addresses(synth):
    configuration_set = props(synth, "Mail/ConfigurationSet")
    assert configuration_set["SuppressionOptions"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]}
    assert configuration_set["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    assert "Name" not in configuration_set  # CloudFormation names it: a retried create never meets an old one


def test_bounces_and_complaints_only_are_published_to_the_topic(synth):
    [destination] = [d["Properties"] for d in synth.of_type("AWS::SES::ConfigurationSetEventDestination").values()]
    assert synth.render(destination["ConfigurationSetName"]) == "<Mail/ConfigurationSet>"
    assert synth.render(destination["EventDestination"]) == {
        "Enabled": True,
        "MatchingEventTypes": ["bounce", "complaint"],
        "SnsDestination": {"TopicARN": "<Mail/Events>"},
    }


def test_the_topic_takes_tls_only_and_only_ses_for_this_configuration_set_publishes(synth):
    statements = synth.render(props(synth, "Mail/Events/Policy")["PolicyDocument"]["Statement"])
    deny = [s for s in statements if s["Effect"] == "Deny"]
    assert deny == [
        {
            "Action": "sns:Publish",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            "Effect": "Deny",
            "Principal": "*",
            "Resource": "<Mail/Events>",
            "Sid": "AllowPublishThroughSSLOnly",
        }
    ]
    [publish] = [s for s in statements if s["Effect"] == "Allow"]
    assert publish["Principal"] == {"Service": "ses.amazonaws.com"} and publish["Action"] == "sns:Publish"
    assert publish["Condition"] == {
        "StringEquals": {"AWS:SourceAccount": "<AWS::AccountId>", "AWS:SourceArn": CONFIGURATION_SET_ARN}
    }


def test_the_function_is_subscribed_and_what_fails_ends_in_the_dead_letter_queue(synth):
    [subscription] = [
        s["Properties"]
        for s in synth.of_type("AWS::SNS::Subscription").values()
        if synth.render(s["Properties"]["TopicArn"]) == "<Mail/Events>"
    ]
    assert synth.render(subscription) == {
        "Protocol": "lambda",
        "TopicArn": "<Mail/Events>",
        "Endpoint": "<Fn-mail-events/Function.Arn>",
        "RedrivePolicy": {"deadLetterTargetArn": "<Mail/DeadLetters.Arn>"},
    }  # what SNS cannot deliver
    [invoke] = [
        p["Properties"]
        for p in synth.of_type("AWS::Lambda::Permission").values()
        if synth.render(p["Properties"]["FunctionName"]) == "<Fn-mail-events/Function.Arn>"
    ]
    assert (invoke["Principal"], synth.render(invoke["SourceArn"])) == ("sns.amazonaws.com", "<Mail/Events>")
    # SNS invokes asynchronously: a failing event is retried twice, then parked, never looped
    config = synth.render(props(synth, "Fn-mail-events/Function/EventInvokeConfig"))
    assert config["DestinationConfig"] == {"OnFailure": {"Destination": "<Mail/DeadLetters.Arn>"}}
    assert (config["MaximumRetryAttempts"], config["MaximumEventAgeInSeconds"]) == (2, 6 * 3600)
    queue_policy = synth.render(props(synth, "Mail/DeadLetters/Policy")["PolicyDocument"]["Statement"])
    [sns_send] = [s for s in queue_policy if s["Effect"] == "Allow"]
    assert sns_send["Principal"] == {"Service": "sns.amazonaws.com"} and sns_send["Action"] == "sqs:SendMessage"
    assert sns_send["Condition"] == {"ArnEquals": {"aws:SourceArn": "<Mail/Events>"}}


def test_a_failing_or_parked_event_alarms(synth):
    alarms = {synth.paths[lid]: a["Properties"] for lid, a in synth.of_type("AWS::CloudWatch::Alarm").items()}
    assert alarms["Alarms/mail-events-errors"]["MetricName"] == "Errors"
    assert alarms["Alarms/mail-events-throttles"]["MetricName"] == "Throttles"
    dlq = alarms["Alarms/mail-events-dlq"]
    assert (dlq["MetricName"], dlq["Threshold"]) == ("ApproximateNumberOfMessagesVisible", 1)
    assert synth.render(dlq["Dimensions"]) == [{"Name": "QueueName", "Value": "<Mail/DeadLetters.QueueName>"}]


def test_every_sender_names_the_configuration_set_and_may_send_through_it(synth):
    """SES authorizes a send on the identity and on the configuration set it names; the mail-events function
    sends nothing."""
    for name in ("customers", "surveys", "notifier", "mail-events"):
        fn = props(synth, f"Fn-{name}/Function")
        env = synth.render(fn["Environment"]["Variables"])
        sends = [s for s in synth.statements(f"Fn-{name}/Role") if "ses:SendRawEmail" in s[1]]
        if name == "mail-events":
            assert "SES_CONFIGURATION_SET" not in env and sends == []
            continue
        assert env["SES_CONFIGURATION_SET"] == "<Mail/ConfigurationSet>"
        assert sends == [
            (
                "Allow",
                ("ses:SendRawEmail",),
                tuple(
                    sorted(
                        (
                            "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<Mail/Domain>",
                            CONFIGURATION_SET_ARN,
                        )
                    )
                ),
            )
        ]


def test_the_identity_follows_the_sender_email_of_the_context():
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template

    from infra.constructs.mail import Mail

    stack = Stack(App(), "MailOnly")
    mail = Mail(stack, "Mail", sender_email="Claims@Contoso-Program.com")
    Template.from_stack(stack).has_resource_properties(
        "AWS::SES::EmailIdentity", {"EmailIdentity": "contoso-program.com"}
    )
    assert mail.domain == "contoso-program.com"
