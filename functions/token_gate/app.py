"""Pre token generation trigger (V2_0) of the user pool: staff groups only with TOTP (shared/api/token_gate.py).

Cognito gives a trigger 5 seconds: one AdminGetUser with short timeouts, and only for users in a staff
group. If the lookup fails the error propagates and Cognito issues no tokens at all (fail closed: the
staff member signs in again), rather than tokens that would tell them to set up a second factor.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from shared import runtime
from shared.api.token_gate import needs_second_factor, token_overrides

logger = logging.getLogger()
logger.setLevel(logging.INFO)
CLIENT_CONFIG = Config(connect_timeout=1, read_timeout=2, retries={"max_attempts": 2, "mode": "standard"})


@cache
def cognito() -> Any:
    return boto3.client("cognito-idp", config=CLIENT_CONFIG)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    groups = ((event.get("request") or {}).get("groupConfiguration") or {}).get("groupsToOverride") or []
    if not needs_second_factor(groups):
        return event
    user = cognito().admin_get_user(UserPoolId=event["userPoolId"], Username=event["userName"])
    overrides = token_overrides(groups, user.get("UserMFASettingList") or [])
    if overrides is not None:
        attributes = event["request"].get("userAttributes") or {}
        logger.info(
            "staff groups withheld until TOTP is set up",
            extra={"trigger": event.get("triggerSource"), "sub": attributes.get("sub")},
        )
        event["response"] = {"claimsAndScopeOverrideDetails": overrides}
    return event


runtime.init_done()
