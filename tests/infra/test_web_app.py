"""The web app in the stack: a private bucket behind CloudFront (which fronts the API too), SPA routing,
caching, security headers whose CSP names exactly the origins the app talks to, the hosted sign-in's
client, and the config.json the deploy writes from the stack's own values."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from infra.constructs.webapp import ROUTING
from infra.web_headers import STATIC_HEADERS
from tests.support.synth import props, tls_only

ROOT = Path(__file__).resolve().parents[2]
WEB = "https://<Web/Distribution.DomainName>"
STACK_UUID = "split('/',<AWS::StackId>)[2]"
UPLOADS = f"https://evidence-dev-{STACK_UUID}.s3.<AWS::Region>.<AWS::URLSuffix>"
HOSTED_UI = "https://<Identity/Users/HostedUi>.auth.<AWS::Region>.amazoncognito.com"
COGNITO_API = "https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>"
CACHING_DISABLED, CACHING_OPTIMIZED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def distribution(synth) -> dict:
    return props(synth, "Web/Distribution")["DistributionConfig"]


def test_the_site_bucket_is_private_tls_only_and_read_by_this_distribution_only(synth):
    b = props(synth, "Web/Site")
    assert b["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert b["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert synth.render(b["LoggingConfiguration"]) == {
        "DestinationBucketName": "<Evidence/AccessLogs>",
        "LogFilePrefix": "site-bucket/",
    }
    statements = props(synth, "Web/Site/Policy")["PolicyDocument"]["Statement"]
    assert tls_only(statements)
    [read] = [s for s in statements if s["Effect"] == "Allow"]
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert set(read["Action"]) == {"s3:GetObject", "s3:ListBucket"}  # List: a missing file is 404, not 403
    source = synth.render(read["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert source.endswith(":distribution/<Web/Distribution>")
    [origin] = [o for o in distribution(synth)["Origins"] if "S3OriginConfig" in o]
    assert synth.render(origin["OriginAccessControlId"]) == "<Web/Distribution/Origin2/S3OriginAccessControl.Id>"


def test_app_paths_come_from_the_bucket_cached_and_the_rest_goes_to_the_api_uncached(synth):
    config = distribution(synth)
    [app] = config["CacheBehaviors"]
    assert app["PathPattern"] == "/app*" and app["CachePolicyId"] == CACHING_OPTIMIZED
    api = config["DefaultCacheBehavior"]
    assert api["CachePolicyId"] == CACHING_DISABLED and api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
    assert set(api["AllowedMethods"]) >= {"GET", "POST", "PATCH", "OPTIONS"}
    [api_origin] = [o for o in config["Origins"] if o["Id"] == api["TargetOriginId"]]
    assert synth.render(api_origin["DomainName"]) == "<Http/Api>.execute-api.<AWS::Region>.<AWS::URLSuffix>"
    assert api_origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    for behavior in (app, api):
        assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
        assert [synth.render(f["FunctionARN"]) for f in behavior["FunctionAssociations"]] == [
            "<Web/Routing.FunctionARN>"
        ]
    assert config["HttpVersion"] == "http2and3"
    assert synth.render(config["Logging"]["Bucket"]) == "<Web/CdnLogs.RegionalDomainName>"


def _route(uri: str) -> dict:
    """The CloudFront Function, run by Node on a viewer request for `uri` (what CloudFront does at the edge)."""
    script = f"{ROUTING}\nprocess.stdout.write(JSON.stringify(handler({{request: {{uri: {json.dumps(uri)}}}}})));"
    return json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize(
    ("uri", "answer"),
    [
        ("/", "302 /app/"),
        ("/app", "302 /app/"),
        ("/app/", "/app/index.html"),
        ("/app/claims/C-1", "/app/index.html"),
        ("/app/engagements/E-1/customers", "/app/index.html"),
        ("/app/assets/index-abc123.js", "/app/assets/index-abc123.js"),
        ("/app/config.json", "/app/config.json"),
        ("/claims", "/claims"),
        ("/public/consent/tok", "/public/consent/tok"),
        ("/docs", "/docs"),
    ],
)
def test_spa_routing_redirects_to_the_app_and_gives_client_routes_the_index(uri, answer):
    result = _route(uri)
    if answer.startswith("302"):
        assert (result["statusCode"], result["headers"]["location"]["value"]) == (302, answer.split()[1])
    else:
        assert result["uri"] == answer


def test_security_headers_are_the_local_runners_with_hsts_and_a_csp_naming_exactly_our_origins(synth):
    policy = props(synth, "Web/Headers")["ResponseHeadersPolicyConfig"]
    security = policy["SecurityHeadersConfig"]
    csp = synth.render(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["connect-src"].split() == ["'self'", UPLOADS, HOSTED_UI, COGNITO_API]
    assert directives["form-action"].split() == ["'self'", UPLOADS]
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in csp and "script-src" not in directives  # scripts: default-src 'self' only
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert (
        security["FrameOptions"]["FrameOption"] == "DENY"
        and security["ReferrerPolicy"]["ReferrerPolicy"] == STATIC_HEADERS["Referrer-Policy"]
    )
    custom = {h["Header"]: h["Value"] for h in policy["CustomHeadersConfig"]["Items"]}
    assert custom == {k: STATIC_HEADERS[k] for k in ("Permissions-Policy", "Cross-Origin-Opener-Policy")}
    api = props(synth, "Web/ApiHeaders")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert set(api) == {"StrictTransportSecurity"}  # the API's own pages bring their own CSP


def test_uploads_are_presigned_for_the_origin_the_csp_and_cors_name(monkeypatch):
    """In AWS (no local endpoint) the presigned POST goes to the bucket's own regional host."""
    from shared import runtime

    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    for name in ("TABLE_NAME", "BUCKET_NAME", "SENDER_EMAIL", "PUBLIC_BASE_URL"):
        monkeypatch.setenv(name, "https://x.example" if name == "PUBLIC_BASE_URL" else "x")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    for region in ("us-east-1", "eu-west-1"):
        monkeypatch.setenv("AWS_REGION", region)
        runtime.reset_caches()
        url = runtime.s3().generate_presigned_post("evidence-dev-0f0e", "evidence/C-1/invoice/x.pdf")["url"]
        assert url == f"https://evidence-dev-0f0e.s3.{region}.amazonaws.com/"
    runtime.reset_caches()


def test_the_web_client_uses_the_code_flow_back_to_the_app_only(synth):
    client = props(synth, "Identity/Users/Web")
    assert client["AllowedOAuthFlows"] == ["code"] and client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["GenerateSecret"] is False  # a public client: PKCE is what protects the code
    assert set(client["AllowedOAuthScopes"]) == {"openid", "email", "profile"}
    assert client.get("ExplicitAuthFlows", ["ALLOW_REFRESH_TOKEN_AUTH"]) == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert synth.render(client["CallbackURLs"]) == [
        f"{WEB}/app/auth/callback",
        "http://localhost:5173/app/auth/callback",
    ]
    assert synth.render(client["LogoutURLs"]) == [f"{WEB}/app/sign-in", "http://localhost:5173/app/sign-in"]
    domain = props(synth, "Identity/Users/HostedUi")
    assert synth.render(domain["Domain"]) == f"claims-{STACK_UUID}"  # never taken by another stack or a retry


def _deployment(synth, name: str) -> dict:
    [found] = [
        r["Properties"]
        for lid, r in synth.of_type("Custom::CDKBucketDeployment").items()
        if synth.paths.get(lid, "").startswith(f"Web/{name}")
    ]
    return found


def test_hashed_assets_are_cached_a_year_and_the_entry_files_never(synth):
    assets, entry = _deployment(synth, "Assets"), _deployment(synth, "Entry")
    assert assets["SystemMetadata"] == {"cache-control": "public, max-age=31536000, immutable"}
    assert entry["SystemMetadata"] == {"cache-control": "no-cache"}
    for deployment in (assets, entry):
        assert deployment["DestinationBucketKeyPrefix"] == "app/"
        assert deployment["Prune"] is False  # a page loaded before a deploy still finds its chunks
    staged = [synth.outdir / f"asset.{key.removesuffix('.zip')}" for key in entry["SourceObjectKeys"]]
    assert sorted(p.name for d in staged for p in d.iterdir()) == ["config.json", "index.html"]
    asset_dir = synth.outdir / f"asset.{assets['SourceObjectKeys'][0].removesuffix('.zip')}"
    assert {p.name for p in asset_dir.iterdir()} == {"assets"}


def test_config_json_names_this_stacks_sign_in_and_the_apps_own_origin_for_the_api(synth):
    entry = _deployment(synth, "Entry")
    [config_dir] = [
        synth.outdir / f"asset.{k.removesuffix('.zip')}"
        for k in entry["SourceObjectKeys"]
        if (synth.outdir / f"asset.{k.removesuffix('.zip')}" / "config.json").exists()
    ]
    text = (config_dir / "config.json").read_text()
    for markers in entry["SourceMarkers"]:
        for marker, value in markers.items():
            text = text.replace(marker, synth.render(value))
    config = json.loads(text)
    assert config == {
        "api_base_url": "",
        "auth": {
            "provider": "cognito",
            "authority": f"{COGNITO_API}/<Identity/Users>",
            "client_id": "<Identity/Users/Web>",
            "logout_endpoint": f"{HOSTED_UI}/logout",
            "token": "id_token",
        },
    }
    # the app's own loader accepts it (web/src/config.ts: isConfig)
    assert config["auth"]["provider"] in ("local", "cognito") and isinstance(config["auth"]["client_id"], str)


def test_emailed_links_and_uploads_use_the_web_apps_origin(synth):
    env = synth.render(props(synth, "Fn-customers/Function")["Environment"]["Variables"])
    assert (env["PUBLIC_BASE_URL"], env["APP_BASE_URL"]) == (WEB, f"{WEB}/app")
    cors = synth.render(props(synth, "Evidence/Bucket")["CorsConfiguration"]["CorsRules"])
    assert cors[0]["AllowedOrigins"][0] == WEB


@pytest.fixture(scope="module")
def custom_domain(tmp_path_factory):
    """The same app with a custom domain, its certificate and hosted zone (a second synthesis, no cdk-nag)."""
    from infra.app import build

    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-4908-8706-050403020100"
    app, stack = build(
        outdir=str(tmp_path_factory.mktemp("cdk-domain")),
        nag=False,
        context={
            "domain_name": "claims.contoso-program.com",
            "certificate_arn": certificate,
            "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
        },
    )
    return json.loads(Path(app.synth().get_stack_by_name(stack.stack_name).template_full_path).read_text())


def test_a_custom_domain_serves_the_app_api_and_links_with_tls_1_2_and_an_alias(custom_domain):
    resources = custom_domain["Resources"]
    [dist] = [
        r["Properties"]["DistributionConfig"]
        for r in resources.values()
        if r["Type"] == "AWS::CloudFront::Distribution"
    ]
    assert dist["Aliases"] == ["claims.contoso-program.com"]
    assert dist["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert dist["ViewerCertificate"]["AcmCertificateArn"].startswith("arn:aws:acm:us-east-1:")
    records = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Route53::RecordSet"]
    assert sorted(r["Type"] for r in records) == ["A", "AAAA"]
    assert all(
        r["Name"] == "claims.contoso-program.com." and r["HostedZoneId"] == "Z0123456789ABCDEFGHIJ" for r in records
    )
    functions = [
        r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::Lambda::Function"
        and "PUBLIC_BASE_URL" in r["Properties"].get("Environment", {}).get("Variables", {})
    ]
    assert functions and all(
        f["Environment"]["Variables"]["PUBLIC_BASE_URL"] == "https://claims.contoso-program.com" for f in functions
    )
