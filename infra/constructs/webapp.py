"""The web app from a private bucket behind CloudFront, which fronts the API too: one origin for the app, its
API calls and every emailed link (DESIGN §8), so the app's config says `api_base_url: ""` here as it does
on the local runner, and the API needs no CORS for its own app.

- `/app*` → the bucket (origin access control; objects under `app/`): a CloudFront Function redirects `/`
  and `/app` to `/app/` and answers a path without a file extension (a client route) with `index.html`.
  Hashed assets are cached a year (`immutable`); `index.html` and `config.json` are revalidated every load.
- everything else → the HTTP API, uncached, every viewer header but Host forwarded (API Gateway routes on
  its own host name), Authorization included.
- security headers from infra/web_headers.py (as the local runner sends them), HSTS added.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from aws_cdk import Aws, CfnElement, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.config import Config
from infra.nag import acknowledge
from infra.web_headers import STATIC_HEADERS, content_security_policy

PREFIX = "app"  # the app's path (web/vite.config.ts `base`) and its objects' key prefix in the bucket
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
REVALIDATED = ("index.html", "config.json")  # what names the hashed assets of the current build
BUILD_ONLY = (".vite",)  # the build's manifest (web/scripts/size.mjs reads it): not served
HSTS_SECONDS = Duration.days(730)

# Viewer request, on every behavior (cloudfront-js-2.0). The API never serves `/` or `/app…`.
ROUTING = """function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '/app') {
    return {statusCode: 302, statusDescription: 'Found',
            headers: {location: {value: '/app/'}, 'cache-control': {value: 'no-cache'}}};
  }
  if (uri.indexOf('/app/') === 0 && uri.split('/').pop().indexOf('.') === -1) {
    request.uri = '/app/index.html';
  }
  return request;
}"""


class WebApp(Construct):
    """The distribution and its bucket; `publish` uploads the build and its config.json once the sign-in
    client (whose callback URLs name this distribution) exists."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: Config,
        api: apigwv2.IHttpApi,
        upload_origin: str,
        sign_in_origins: Sequence[str],
        logs_bucket: s3.IBucket,
    ) -> None:
        super().__init__(scope, id)
        self.bucket = s3.Bucket(
            self,
            "Site",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=logs_bucket,
            server_access_logs_prefix="site-bucket/",
            # Only the build, which every deploy uploads again. RETAIN: a create that rolls back after the upload
            # could not delete it (not empty); without a name it is in no retry's way.
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.csp = content_security_policy(upload_origin, sign_in_origins)
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            comment="Workshop claims web app: strict security headers",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=self.csp, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=HSTS_SECONDS, include_subdomains=True, override=True
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(header=name, value=STATIC_HEADERS[name], override=True)
                    for name in ("Permissions-Policy", "Cross-Origin-Opener-Policy")
                ]
            ),
        )
        # The API sets its own headers (its public pages have their own CSP): only HSTS is added there.
        api_headers = cloudfront.ResponseHeadersPolicy(
            self,
            "ApiHeaders",
            comment="Workshop claims API through CloudFront: HSTS",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=HSTS_SECONDS, include_subdomains=True, override=True
                )
            ),
        )
        routing = [
            cloudfront.FunctionAssociation(
                event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
                function=cloudfront.Function(
                    self,
                    "Routing",
                    runtime=cloudfront.FunctionRuntime.JS_2_0,
                    comment="/ and /app to /app/; client routes to index.html",
                    code=cloudfront.FunctionCode.from_inline(ROUTING),
                ),
            )
        ]
        api_origin = origins.HttpOrigin(
            f"{api.api_id}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        )
        site_origin = origins.S3BucketOrigin.with_origin_access_control(
            self.bucket, origin_access_levels=[cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST]
        )
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", config.certificate_arn)
            if config.domain_name
            else None
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Workshop claims ({config.stage}): web app and API",
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            domain_names=[config.domain_name] if config.domain_name else None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            enable_logging=True,
            log_bucket=self._log_bucket(),
            log_file_prefix="cloudfront/",
            default_behavior=cloudfront.BehaviorOptions(
                origin=api_origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                response_headers_policy=api_headers,
                function_associations=routing,
            ),
            additional_behaviors={
                f"/{PREFIX}*": cloudfront.BehaviorOptions(
                    origin=site_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    compress=True,
                    response_headers_policy=headers,
                    function_associations=routing,
                )
            },
        )
        self.domain_name = config.domain_name or self.distribution.distribution_domain_name
        self.url = f"https://{self.domain_name}"
        if config.hosted_zone_id:
            zone = route53.HostedZone.from_hosted_zone_attributes(
                self,
                "Zone",
                hosted_zone_id=config.hosted_zone_id,
                zone_name=config.domain_name.partition(".")[2] or config.domain_name,
            )
            for record_type in (route53.ARecord, route53.AaaaRecord):
                record_type(
                    self,
                    f"Alias{record_type.__name__}",
                    zone=zone,
                    record_name=config.domain_name,
                    target=route53.RecordTarget.from_alias(targets.CloudFrontTarget(self.distribution)),
                )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR1",
            "No geo restriction: partners and their customers are in many countries.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR2",
            "No WAF web ACL by default (about $6/month and per request): the API throttles per stage "
            "(50 req/s, burst 100), every write is authenticated or holds a 256-bit single-use token, "
            "and the site is static. docs/deploy.md says how to attach one.",
        )
        if not config.domain_name:
            acknowledge(
                self.distribution,
                "AwsSolutions-CFR4",
                "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose "
                "security policy CloudFront fixes (TLSv1); with domain_name the stack sets TLSv1.2_2021.",
            )

    def _log_bucket(self) -> s3.Bucket:
        """CloudFront's standard logs need ACLs (the log delivery writes with one), so a bucket of their own."""
        bucket = s3.Bucket(
            self,
            "CdnLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            removal_policy=RemovalPolicy.RETAIN,  # logs of a failed create may already be there; no fixed name
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(400))],
        )
        acknowledge(
            bucket,
            "AwsSolutions-S1",
            "This bucket is itself the target of CloudFront's access logs; logging it would loop.",
        )
        return bucket

    def publish(self, site: Path, app_config: dict[str, Any]) -> None:
        """The build (web/dist) under `app/`, and `app/config.json` written from the stack's own values at
        deploy. Old hashed assets stay (prune off): a page loaded before a deploy still finds its chunks."""
        if not (site / "index.html").is_file():
            raise ValueError(f"{site} holds no web app build: run `make web` (npm ci and vite build) first")
        common: dict[str, Any] = {
            "destination_bucket": self.bucket,
            "destination_key_prefix": f"{PREFIX}/",
            "prune": False,
            "memory_limit": 512,
        }
        assets = s3deploy.BucketDeployment(
            self,
            "Assets",
            sources=[s3deploy.Source.asset(str(site), exclude=[*REVALIDATED, *BUILD_ONLY])],
            cache_control=[s3deploy.CacheControl.from_string(IMMUTABLE)],
            **common,
        )
        entry = s3deploy.BucketDeployment(
            self,
            "Entry",
            sources=[
                s3deploy.Source.asset(str(site), exclude=["*", ".*", "!index.html"]),
                s3deploy.Source.json_data("config.json", app_config),
            ],
            cache_control=[s3deploy.CacheControl.from_string(NO_CACHE)],
            **common,
        )
        entry.node.add_dependency(assets)  # the new index.html only once the chunks it names are there
        provider = assets.handler_role.node.scope  # CDK's singleton copier Lambda, shared by both deployments
        site_id = Stack.of(self).get_logical_id(cast(CfnElement, self.bucket.node.default_child))
        for rule, reason in {
            **DEPLOYMENT_FINDINGS,
            f"AwsSolutions-IAM5[Resource::<{site_id}.Arn>/*]": _COPIER
            + "it writes the build into this site bucket only.",
        }.items():
            acknowledge(cast(Construct, provider), rule, reason)


_COPIER = "CDK's BucketDeployment copier (runs only at deploy, copying the build from the CDK asset bucket): "
DEPLOYMENT_FINDINGS = {
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]": _COPIER
    + "the managed policy lets it write its own logs.",
    **{
        f"AwsSolutions-IAM5[{finding}]": _COPIER + "CDK's grant reads the asset bucket's objects and writes the "
        "site bucket's objects; no other bucket."
        for finding in (
            "Action::s3:GetObject*",
            "Action::s3:GetBucket*",
            "Action::s3:List*",
            "Action::s3:DeleteObject*",
            "Action::s3:Abort*",
            "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
        )
    },
    "AwsSolutions-L1": _COPIER + "its runtime is CDK's choice, updated with aws-cdk-lib.",
}


def evidence_upload_origin(bucket_name: str) -> str:
    """Where the browser posts a presigned upload: the evidence bucket's own regional host (shared/runtime.py
    presigns virtual-hosted), known before the bucket exists."""
    return f"https://{bucket_name}.s3.{Aws.REGION}.{Aws.URL_SUFFIX}"
