"""SES for the app's e-mail: the sender's domain as an identity (Easy DKIM), the configuration set every send
names (SES_CONFIGURATION_SET), and its hard bounces and complaints published to an SNS topic that the
mail-events function reads (functions/mail_events; docs/deploy.md, "The SES sender")."""

from __future__ import annotations

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.storage import failure_queue

EVENTS = [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT]
# An event that keeps failing is retried twice by Lambda, then parked in the DLQ: never a loop.
RETRIES, MAX_EVENT_AGE = 2, Duration.hours(6)


class Mail(Construct):
    def __init__(self, scope: Construct, id: str, *, sender_email: str) -> None:
        super().__init__(scope, id)
        self.domain = sender_email.rpartition("@")[2].lower()
        # The whole domain rather than the one address: verified by its DKIM records (no verification
        # e-mail to a no-reply mailbox), and every e-mail is DKIM-signed for it (deliverability). Easy DKIM:
        # SES's keys, which SES rotates.
        self.identity = ses.EmailIdentity(
            self,
            "Domain",
            identity=ses.Identity.domain(self.domain),
            dkim_identity=ses.DkimIdentity.easy_dkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
        )
        for n, record in enumerate(self.identity.dkim_records, start=1):
            output = CfnOutput(
                self,
                f"Dkim{n}",
                value=f"{record.name} CNAME {record.value}",
                description=f"Easy DKIM record {n} of 3 for {self.domain}: add it to the domain's "
                "DNS; SES verifies the domain once all three resolve",
            )
            output.override_logical_id(f"DkimRecord{n}")
        # SES keeps an address that bounced for good or complained off every later send (it bounces at once,
        # which the mail-events function sees too): our sender reputation never pays twice for one address.
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            reputation_metrics=True,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        )
        # No SSE: SES can publish only to an unencrypted topic or one under a customer-managed key ($1/month),
        # and SNS hands each message straight to the function; TLS-only like every topic and queue here.
        self.topic = sns.Topic(
            self, "Events", display_name="Workshop claims: SES bounces and complaints", enforce_ssl=True
        )
        self.configuration_set.add_event_destination(
            "BouncesAndComplaints", destination=ses.EventDestination.sns_topic(self.topic), events=EVENTS
        )

    @property
    def identity_arn(self) -> str:
        return self.identity.email_identity_arn

    @property
    def configuration_set_name(self) -> str:
        return self.configuration_set.configuration_set_name

    @property
    def configuration_set_arn(self) -> str:
        """What ses:SendRawEmail must allow besides the identity when a send names the configuration set."""
        return Stack.of(self).format_arn(
            service="ses", resource="configuration-set", resource_name=self.configuration_set_name
        )

    def deliver_events_to(self, function: lambda_.IFunction) -> sqs.IQueue:
        """Subscribe the mail-events function. SNS invokes it asynchronously: what SNS cannot deliver and what
        still fails after Lambda's retries both land in one dead-letter queue, for a person to look at."""
        dlq = failure_queue(self, "DeadLetters")
        self.topic.add_subscription(subscriptions.LambdaSubscription(function, dead_letter_queue=dlq))
        function.configure_async_invoke(
            retry_attempts=RETRIES, max_event_age=MAX_EVENT_AGE, on_failure=destinations.SqsDestination(dlq)
        )
        return dlq
