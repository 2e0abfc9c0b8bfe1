"""The whole system as one stack (DESIGN §2), built from the code's own tables: the route table
(shared/api/routes.py), the table shape (shared/store.py) and each function's access (infra/permissions.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from aws_cdk import Aws, CfnElement, CfnOutput, Duration, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as scheduler_targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import Config
from infra.constructs.api import HttpApi, Identity
from infra.constructs.lambdas import ARCHITECTURE, RUNTIME, ServiceFunction, Shared, TokenGate, code_asset
from infra.constructs.mail import Mail
from infra.constructs.monitoring import Alarms
from infra.constructs.storage import EvidenceStore, Table, failure_queue
from infra.constructs.webapp import PREFIX as WEB_PREFIX
from infra.constructs.webapp import WebApp, evidence_upload_origin
from infra.nag import acknowledge
from infra.permissions import ACCESS, EVIDENCE_CONSUMER, HANDLERS, MAIL_EVENTS
from infra.powertools import powertools_layer
from shared.api.routes import ROUTES

METRICS_NAMESPACE = "WorkshopClaims"
# API handlers: one read + one transaction (+ one SES call); 512 MB buys the CPU that keeps the cold import
# of pydantic + Powertools short. The HTTP API gives up after 30 s; 10 s bounds a stuck call well before.
API_SIZE = (512, Duration.seconds(10))
# Workers are I/O bound (a few SES/S3/DynamoDB calls per record); 256 MB is plenty, timeouts fit the batch.
WORKER_SIZE = {
    EVIDENCE_CONSUMER: (256, Duration.seconds(60)),
    "notifier": (256, Duration.seconds(60)),
    "expiry": (256, Duration.minutes(5)),
    MAIL_EVENTS: (256, Duration.seconds(30)),
}
EXPIRY_RATE = Duration.minutes(15)  # a missed deadline shows as `expired` within 15 min; 2,880 runs a month
# One expiry run at a time without reserved concurrency (a new account's quota of 10 allows no reservation):
# the scheduler's delivery window + Lambda's retry window + the run's timeout fit in one period, so a run and
# all its retries are over before the next run starts. What overlap remains (Lambda delivers an async event
# at least once) is harmless: the job acts on each due entry at most once (shared/services/expiry.py).
EXPIRY_DELIVERY_WINDOW = Duration.minutes(5)
EXPIRY_RETRY_WINDOW = Duration.minutes(5)
DESCRIPTIONS = {
    EVIDENCE_CONSUMER: "Checks each uploaded evidence file (size, type, magic bytes)",
    "expiry": "Scheduled: expires overdue claims and consent requests, sends reminders",
    "notifier": "Sends the e-mail of each new notification (DynamoDB stream)",
    MAIL_EVENTS: "Marks a link e-mail that bounced for good or drew a complaint, tells the partner (SNS)",
}


class WorkshopClaimsStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: Config, site: Path, **kwargs: Any) -> None:
        super().__init__(scope, id, description=f"Workshop claims ({config.stage})", **kwargs)
        data = Table(self, "Data")
        evidence = EvidenceStore(
            self, "Evidence", stage=config.stage, consumer_timeout=WORKER_SIZE[EVIDENCE_CONSUMER][1]
        )
        identity = Identity(self, "Identity")
        mail = Mail(self, "Mail", sender_email=config.sender_email)
        http = HttpApi(self, "Http", allowed_origins=config.allowed_origins)
        web = self._web_app(config, site, http, evidence, identity)
        shared = Shared(
            code=code_asset(),
            layer=powertools_layer(self, RUNTIME, ARCHITECTURE),
            table=data.table,
            bucket=evidence.bucket,
            sender_identity_arn=mail.identity_arn,
            configuration_set_name=mail.configuration_set_name,
            configuration_set_arn=mail.configuration_set_arn,
            environment={
                "TABLE_NAME": data.table.table_name,
                "BUCKET_NAME": evidence.bucket.bucket_name,
                "SENDER_EMAIL": config.sender_email,
                # every emailed link: the public pages and the web app, on the web app's origin
                "PUBLIC_BASE_URL": web.url,
                "APP_BASE_URL": f"{web.url}/{WEB_PREFIX}",
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                # responses and errors hold contacts' names and e-mails: keep them out of traces
                "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
                "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
            },
        )
        api_functions = tuple(dict.fromkeys(r.function for r in ROUTES))  # in route-table order
        self.functions: dict[str, ServiceFunction] = {}
        for name, handler in HANDLERS.items():
            memory, timeout = API_SIZE if name in api_functions else WORKER_SIZE[name]
            self.functions[name] = ServiceFunction(
                self,
                f"Fn-{name}",
                name=name,
                handler=handler,
                access=ACCESS[name],
                shared=shared,
                memory_mb=memory,
                timeout=timeout,
                description=DESCRIPTIONS.get(name, f"API: the {name} routes"),
            )
        fn = {name: f.function for name, f in self.functions.items()}
        http.add_routes(identity, {name: fn[name] for name in api_functions})
        token_gate = TokenGate(self, "TokenGate", user_pool=identity.user_pool, code=shared.code, layer=shared.layer)

        alarms = Alarms(self, "Alarms", alarm_email=config.alarm_email, namespace=METRICS_NAMESPACE)
        fn[EVIDENCE_CONSUMER].add_event_source(
            sources.SqsEventSource(evidence.queue, batch_size=10, report_batch_item_failures=True)
        )
        notifier_dlq = failure_queue(self, "NotifierDeadLetters")
        fn["notifier"].add_event_source(
            sources.DynamoEventSource(
                data.table,
                starting_position=lambda_.StartingPosition.LATEST,
                batch_size=10,
                bisect_batch_on_error=True,
                retry_attempts=5,
                max_record_age=Duration.hours(6),
                report_batch_item_failures=True,
                on_failure=sources.SqsDlq(notifier_dlq),
                filters=[
                    lambda_.FilterCriteria.filter(
                        {
                            "eventName": lambda_.FilterRule.is_equal("INSERT"),
                            "dynamodb": {"NewImage": {"type": {"S": lambda_.FilterRule.is_equal("notification")}}},
                        }
                    )
                ],
            )
        )
        self.functions["notifier"].acknowledge(
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray (as for every function) and dynamodb:ListStreams, which has no resource-level permission; "
            "the stream reads themselves are granted on this table's stream ARN only.",
        )
        jobs_dlq = self._schedule_expiry(fn["expiry"])
        mail_dlq = mail.deliver_events_to(fn[MAIL_EVENTS])

        for name, function in {**fn, "token-gate": token_gate.function}.items():
            alarms.function(name, function)
        alarms.job("expiry", fn["expiry"], every=EXPIRY_RATE)
        alarms.unhandled_api_errors({name: self.functions[name].log_group for name in api_functions})
        for name, queue in {
            "evidence": evidence.dlq,
            "notifier": notifier_dlq,
            "jobs": jobs_dlq,
            MAIL_EVENTS: mail_dlq,
        }.items():
            alarms.dead_letters(name, queue)
        alarms.api(http.api)

        CfnOutput(
            self,
            "WebUrl",
            value=f"{web.url}/{WEB_PREFIX}/",
            description="The web app (the API and the emailed links are on the same origin)",
        )
        CfnOutput(
            self,
            "DistributionDomain",
            value=web.distribution.distribution_domain_name,
            description="Point domain_name's DNS at it (CNAME) when the stack does not (no hosted_zone_id)",
        )
        CfnOutput(self, "HostedUiUrl", value=identity.hosted_ui, description="Cognito's sign-in pages")
        CfnOutput(self, "ApiUrl", value=http.url, description="The HTTP API's own URL (CloudFront fronts it)")
        CfnOutput(self, "UserPoolId", value=identity.user_pool.user_pool_id)
        CfnOutput(
            self,
            "UserPoolClientId",
            value=identity.client.user_pool_client_id,
            description="The operators' client (SRP, admin sign-in for smoke tests)",
        )
        CfnOutput(
            self,
            "WebClientId",
            value=cast(cognito.UserPoolClient, identity.web_client).user_pool_client_id,
            description="The web app's client (hosted UI, code + PKCE)",
        )
        CfnOutput(self, "EvidenceBucketName", value=evidence.bucket.bucket_name)
        CfnOutput(self, "TableName", value=data.table.table_name, description="python -m infra.admin reads it")
        CfnOutput(self, "AlarmTopicArn", value=alarms.topic.topic_arn)

    def _web_app(
        self, config: Config, site: Path, http: HttpApi, evidence: EvidenceStore, identity: Identity
    ) -> WebApp:
        """CloudFront in front of the build and the API; the sign-in client whose callbacks name it; uploads
        allowed from it; and the app's config.json, written from this stack's own values."""
        cognito_api = f"https://cognito-idp.{Aws.REGION}.{Aws.URL_SUFFIX}"
        web = WebApp(
            self,
            "Web",
            config=config,
            api=http.api,
            logs_bucket=evidence.logs_bucket,
            upload_origin=evidence_upload_origin(evidence.bucket_name),
            sign_in_origins=[identity.hosted_ui, cognito_api],
        )
        origins = [web.url, *config.allowed_origins]
        evidence.allow_browsers_from(origins)
        client = identity.add_web_client([f"{origin}/{WEB_PREFIX}" for origin in origins])
        web.publish(
            site,
            {
                "api_base_url": "",
                "auth": {
                    "provider": "cognito",
                    "authority": f"{cognito_api}/{identity.user_pool.user_pool_id}",
                    "client_id": client.user_pool_client_id,
                    "logout_endpoint": f"{identity.hosted_ui}/logout",
                    "token": "id_token",
                },
            },
        )
        return web

    def _schedule_expiry(self, expiry: lambda_.IFunction) -> sqs.IQueue:
        """Every 15 minutes at fixed times (no flexible window); a delivery or a run (after Lambda's retries)
        that does not succeed within its window lands in the jobs DLQ: dropped before the next run starts,
        which catches up from the due index anyway."""
        dlq = failure_queue(self, "JobDeadLetters")
        scheduler_principal = iam.ServicePrincipal(
            "scheduler.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": self.account}}
        )
        role = iam.Role(
            self,
            "ExpiryScheduleRole",
            assumed_by=scheduler_principal,
            description="EventBridge Scheduler: invoke the expiry job, dead-letter to the jobs DLQ",
        )
        expiry.configure_async_invoke(
            retry_attempts=2, max_event_age=EXPIRY_RETRY_WINDOW, on_failure=destinations.SqsDestination(dlq)
        )
        scheduler.Schedule(
            self,
            "ExpirySchedule",
            schedule=scheduler.ScheduleExpression.rate(EXPIRY_RATE),
            description="Expire overdue claims and send reminders",
            time_window=scheduler.TimeWindow.off(),
            target=scheduler_targets.LambdaInvoke(
                expiry, dead_letter_queue=dlq, retry_attempts=3, max_event_age=EXPIRY_DELIVERY_WINDOW, role=role
            ),
        )
        expiry_id = self.get_logical_id(cast(CfnElement, expiry.node.default_child))
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{expiry_id}.Arn>:*]",
            "The scheduler may invoke the expiry function and its versions/aliases (CDK's grant adds "
            "'<function ARN>:*'); no other function.",
        )
        return dlq
