"""The deployment's configuration, read from CDK context (defaults in cdk.json; override with -c key=value).

The defaults are for development. A production stage (`prod`, `prod-…`) refuses them at synth: a stack that
e-mails from a placeholder domain, accepts a developer's localhost or alarms nobody must not reach an account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from constructs import Node

# The stage ends up in the stack and bucket names (S3 names are at most 63 characters).
_STAGE = re.compile(r"^[a-z][a-z0-9-]{0,15}$")
_PRODUCTION_STAGE = re.compile(r"^prod(-|$)")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ORIGIN = re.compile(r"^(https://[^/\s]+|http://(localhost|127\.0\.0\.1)(:\d+)?)$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# CloudFront takes certificates from us-east-1 only, whatever the stack's region.
_CLOUDFRONT_CERTIFICATE = re.compile(r"^arn:aws:acm:us-east-1:\d{12}:certificate/[0-9a-f-]{36}$")
_HOSTED_ZONE = re.compile(r"^Z[A-Z0-9]{1,31}$")
# Names reserved for documentation and tests (RFC 2606, RFC 6761): nobody receives mail or serves pages there.
_PLACEHOLDER_DOMAIN = re.compile(r"(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$")


@dataclass(frozen=True)
class Config:
    stage: str
    sender_email: str
    # Origins besides the web app's own (CloudFront serves the app and the API on one origin): a developer's
    # `npm run dev` against a deployed stage. The API, the evidence uploads and the sign-in accept them.
    allowed_origins: tuple[str, ...]
    alarm_email: str  # "" = no e-mail subscription on the alarm topic (refused in production)
    # The web app's (and so the API's and the emailed links') own domain: "" = CloudFront's d….cloudfront.net.
    # It needs an ACM certificate in us-east-1 that covers it; with a Route 53 hosted zone id the stack also
    # creates the alias record, else the operator points a CNAME at the distribution (docs/deploy.md).
    domain_name: str = ""
    certificate_arn: str = ""
    hosted_zone_id: str = ""

    @property
    def production(self) -> bool:
        return bool(_PRODUCTION_STAGE.match(self.stage))

    @classmethod
    def from_node(cls, node: Node) -> Config:
        def get(key: str) -> Any:
            value = node.try_get_context(key)
            if value is None:
                raise ValueError(f"CDK context '{key}' is missing (defaults live in cdk.json)")
            return value

        origins = get("allowed_origins")
        if isinstance(origins, str):  # -c allowed_origins=a,b arrives as one string
            origins = [o for o in origins.split(",") if o]
        config = cls(
            stage=str(get("stage")),
            sender_email=str(get("sender_email")),
            allowed_origins=tuple(origins),
            alarm_email=str(get("alarm_email")),
            domain_name=str(get("domain_name")).lower().rstrip("."),
            certificate_arn=str(get("certificate_arn")),
            hosted_zone_id=str(get("hosted_zone_id")),
        )
        config.validate()
        return config

    def validate(self) -> None:
        problems = []
        if not _STAGE.match(self.stage):
            problems.append(f"stage {self.stage!r}: lowercase letters, digits and '-', at most 16 characters")
        if not _EMAIL.match(self.sender_email):
            problems.append(f"sender_email {self.sender_email!r} is not an e-mail address")
        if self.alarm_email and not _EMAIL.match(self.alarm_email):
            problems.append(f"alarm_email {self.alarm_email!r} is not an e-mail address")
        bad = [o for o in self.allowed_origins if not _ORIGIN.match(o)]
        if bad:
            problems.append(f"allowed_origins must be https:// origins (http only for localhost): {bad}")
        problems += self._domain_problems()
        if problems:
            raise ValueError("invalid CDK context: " + "; ".join(problems))
        if self.production and (refused := self._development_defaults()):
            raise ValueError(
                f"stage {self.stage!r} is a production stage and refuses development settings: " + "; ".join(refused)
            )

    def _development_defaults(self) -> list[str]:
        refused = []
        if not self.alarm_email:
            refused.append("alarm_email is required: the alarms must reach someone (-c alarm_email=ops@your-domain)")
        for name, address in (("sender_email", self.sender_email), ("alarm_email", self.alarm_email)):
            domain = address.rpartition("@")[2].lower()
            if address and _PLACEHOLDER_DOMAIN.search(domain):
                refused.append(
                    f"{name} {address!r} is at the placeholder domain {domain!r} (-c {name}=someone@your-domain)"
                )
        local = [o for o in self.allowed_origins if o.startswith("http://")]
        if local:
            refused.append(
                f"allowed_origins {local} are local development origins (-c allowed_origins=https://your-app-domain)"
            )
        placeholders = [o for o in self.allowed_origins if o not in local and _placeholder_host(o)]
        if placeholders:
            refused.append(
                f"allowed_origins {placeholders} are at placeholder domains "
                f"(-c allowed_origins=https://your-app-domain)"
            )
        if self.domain_name and _PLACEHOLDER_DOMAIN.search(self.domain_name):
            refused.append(
                f"domain_name {self.domain_name!r} is a placeholder domain "
                f"(-c domain_name=claims.your-domain, or empty for CloudFront's own)"
            )
        return refused

    def _domain_problems(self) -> list[str]:
        if not self.domain_name:
            return [
                f"{name} needs domain_name" for name in ("certificate_arn", "hosted_zone_id") if getattr(self, name)
            ]
        problems = []
        if not _DOMAIN.match(self.domain_name):
            problems.append(f"domain_name {self.domain_name!r} is not a host name (claims.your-domain)")
        if not _CLOUDFRONT_CERTIFICATE.match(self.certificate_arn):
            problems.append(
                f"domain_name needs certificate_arn: an ACM certificate in us-east-1 (CloudFront's "
                f"region) covering {self.domain_name!r}; got {self.certificate_arn!r}"
            )
        if self.hosted_zone_id and not _HOSTED_ZONE.match(self.hosted_zone_id):
            problems.append(f"hosted_zone_id {self.hosted_zone_id!r} is not a Route 53 hosted zone id (Z…)")
        return problems


def _placeholder_host(url: str) -> bool:
    return bool(_PLACEHOLDER_DOMAIN.search((urlsplit(url).hostname or "").lower()))
