"""The deployment's configuration, read from CDK context (defaults in cdk.json; override with -c key=value)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from constructs import Node

# The stage ends up in the stack and bucket names (S3 names are at most 63 characters).
_STAGE = re.compile(r"^[a-z][a-z0-9-]{0,15}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ORIGIN = re.compile(r"^(https://[^/\s]+|http://(localhost|127\.0\.0\.1)(:\d+)?)$")


@dataclass(frozen=True)
class Config:
    stage: str
    sender_email: str
    public_base_url: str  # "" = the HTTP API's own URL (public pages are served by the API)
    allowed_origins: tuple[str, ...]
    powertools_layer_version: int
    alarm_email: str  # "" = no e-mail subscription on the alarm topic

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
        config = cls(stage=str(get("stage")), sender_email=str(get("sender_email")),
                     public_base_url=str(get("public_base_url")).rstrip("/"),
                     allowed_origins=tuple(origins),
                     powertools_layer_version=int(get("powertools_layer_version")),
                     alarm_email=str(get("alarm_email")))
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
        if self.public_base_url and not self.public_base_url.startswith("https://"):
            problems.append("public_base_url must be an https:// URL (or empty for the API's own URL)")
        bad = [o for o in self.allowed_origins if not _ORIGIN.match(o)]
        if bad or not self.allowed_origins:
            problems.append(f"allowed_origins must be https:// origins (http only for localhost): {bad}")
        if self.powertools_layer_version < 1:
            problems.append("powertools_layer_version must be a positive layer version number")
        if problems:
            raise ValueError("invalid CDK context: " + "; ".join(problems))
