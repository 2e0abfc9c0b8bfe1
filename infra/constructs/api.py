"""Sign-in (Cognito: the three groups and partner_id) and the HTTP API built from the route table."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import jsii
from aws_cdk import Duration, Fn, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constructs import stack_uuid
from infra.nag import acknowledge
from shared.api.auth import ADMIN, PROGRAM_ADMIN, REVIEWER, USER
from shared.api.routes import ROUTES

GROUPS = {
    ADMIN: "Partner administrators: all claim work for their partner, and payment details",
    USER: "Partner staff: all claim work for their partner",
    REVIEWER: "Program reviewers: every partner's claims, decisions and payments",
    PROGRAM_ADMIN: "Program admins: partners, locations, the tenant directory and the catalogue",
}
CLIENT_SETTINGS: dict = dict(
    prevent_user_existence_errors=True,
    enable_token_revocation=True,
    id_token_validity=Duration.hours(1),
    access_token_validity=Duration.hours(1),
    refresh_token_validity=Duration.days(30),
    read_attributes=cognito.ClientAttributes()
    .with_standard_attributes(email=True, email_verified=True, fullname=True)
    .with_custom_attributes("partner_id"),
    write_attributes=cognito.ClientAttributes().with_standard_attributes(fullname=True),
)
# The function that answers what no route matches (404/405 in our JSON error shape, as the local runner does).
FALLBACK_FUNCTION = "claims"
CORS_HEADERS = ["Authorization", "Content-Type", "If-Match", "Idempotency-Key"]
THROTTLE = apigwv2.ThrottleSettings(rate_limit=50, burst_limit=100)


# HTTP API context variables. The route key, never the path: a public page's path holds its link token.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "latency": "$context.responseLatency",
    "integrationLatency": "$context.integrationLatency",
    "error": "$context.error.message",
    "authorizerError": "$context.authorizer.error",
}


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogs:
    """One JSON line per request (no user id or token: who did what is in each claim's history)."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._destination = apigwv2.LogGroupLogDestination(log_group)

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS, separators=(",", ":")))


class Identity(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            self_sign_up_enabled=False,  # accounts are created by the program's admins
            sign_in_aliases=cognito.SignInAliases(email=True),
            sign_in_case_sensitive=False,
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            # Written by administrators only (AdminCreateUser / AdminUpdateUserAttributes): the app client may
            # not write it (CLIENT_SETTINGS: write_attributes), so nobody moves themselves to another partner.
            custom_attributes={"partner_id": cognito.StringAttribute(min_len=1, max_len=32, mutable=True)},
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            # RETAIN as the table (deletion protection would fail a rollback's delete); no fixed name either
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is OPTIONAL (TOTP) so partner staff may opt in; staff groups (reviewer, program-admin) "
            "reach the tokens only for users with TOTP (pre token generation trigger, TokenGate), and "
            "Plus-tier threat protection (FULL_FUNCTION) demands a second factor on risky sign-ins.",
        )
        for name, description in GROUPS.items():
            cognito.CfnUserPoolGroup(
                self,
                f"Group-{name}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=name,
                description=description,
            )
        # Operators' smoke tests (docs/deploy.md): SRP, and ADMIN_USER_PASSWORD, which needs IAM credentials on
        # this pool, so the public cannot use it. No hosted UI.
        self.client = self.user_pool.add_client(
            "App",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_srp=True, admin_user_password=True),
            disable_o_auth=True,
            **CLIENT_SETTINGS,
        )
        # The hosted UI (managed login) on a Cognito domain; the prefix is this stack's UUID, so a retried
        # create or another stage never meets a taken one.
        self.domain = self.user_pool.add_domain(
            "HostedUi",
            cognito_domain=cognito.CognitoDomainOptions(domain_prefix=Fn.join("-", ["claims", stack_uuid()])),
        )
        self.hosted_ui = self.domain.base_url()
        self.web_client: cognito.UserPoolClient | None = None

    def add_web_client(self, app_urls: Sequence[str]) -> cognito.UserPoolClient:
        """The web app's client: authorization code with PKCE (a public client: no secret, so the app must
        send a code verifier), back to `<app>/auth/callback`, signed out to `<app>/sign-in`."""
        self.web_client = self.user_pool.add_client(
            "Web",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(),
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
                callback_urls=[f"{url}/auth/callback" for url in app_urls],
                logout_urls=[f"{url}/sign-in" for url in app_urls],
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            **CLIENT_SETTINGS,
        )
        return self.web_client

    @property
    def clients(self) -> list[cognito.IUserPoolClient]:
        return [self.client, *([self.web_client] if self.web_client else [])]


class HttpApi(Construct):
    """Every route of shared/api/routes.py → its function's Lambda integration (payload 2.0); the JWT authorizer
    (issuer = the user pool, audience = the app client) on every route that is not public. Group checks per
    route happen in the handler, from the same route table."""

    def __init__(self, scope: Construct, id: str, *, allowed_origins: Sequence[str]) -> None:
        super().__init__(scope, id)
        # The web app calls the API on its own origin (CloudFront fronts both): CORS only for other origins
        # (a developer's `npm run dev` against this stage).
        self.api = apigwv2.HttpApi(
            self,
            "Api",
            description="Workshop claims API",
            create_default_stage=False,
            cors_preflight=apigwv2.CorsPreflightOptions(
                allow_origins=list(allowed_origins),
                allow_headers=CORS_HEADERS,
                expose_headers=["ETag"],
                allow_methods=[
                    apigwv2.CorsHttpMethod.GET,
                    apigwv2.CorsHttpMethod.POST,
                    apigwv2.CorsHttpMethod.PATCH,
                    apigwv2.CorsHttpMethod.OPTIONS,
                ],
                max_age=Duration.hours(1),
            )
            if allowed_origins
            else None,
        )
        self.access_logs = logs.LogGroup(
            self, "AccessLogs", retention=logs.RetentionDays.THREE_MONTHS, removal_policy=RemovalPolicy.DESTROY
        )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.api,
            stage_name="$default",
            auto_deploy=True,
            throttle=THROTTLE,
            access_log_settings=_AccessLogs(self.access_logs),
        )

    @property
    def url(self) -> str:
        return self.api.api_endpoint

    def add_routes(self, identity: Identity, functions: Mapping[str, lambda_.IFunction]) -> None:
        authorizer = authorizers.HttpUserPoolAuthorizer(
            "Cognito", identity.user_pool, user_pool_clients=identity.clients
        )
        targets = {
            name: integrations.HttpLambdaIntegration(f"{name}-integration", fn) for name, fn in functions.items()
        }
        for route in ROUTES:
            added = self.api.add_routes(
                path=route.path,
                methods=[apigwv2.HttpMethod(route.method)],
                integration=targets[route.function],
                authorizer=None if route.public else authorizer,
            )
            for r in added if route.public else ():
                acknowledge(
                    r,
                    "AwsSolutions-APIG4",
                    "Public link page (DESIGN §4): the 256-bit single-use token in the path is the "
                    "credential; it is stored hashed and dies when used, rotated or past its window.",
                )
        fallback = apigwv2.HttpRoute(
            self,
            "Fallback",
            http_api=self.api,
            route_key=apigwv2.HttpRouteKey.DEFAULT,
            integration=targets[FALLBACK_FUNCTION],
        )
        acknowledge(
            fallback,
            "AwsSolutions-APIG4",
            "$default only answers requests that match no route: the handler returns 404/405 in the API's "
            "JSON error shape without reading data.",
        )
