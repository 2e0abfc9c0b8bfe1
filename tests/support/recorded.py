"""What moto recorded, read back by the tests on moto: every table item, the emails SES sent (and an email's
text or HTML), the requests SES was given."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from typing import Any
from unittest import mock

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import ActionResult
from moto.dynamodb.models import dynamodb_backends
from moto.ses.models import ses_backends
from moto.ses.responses import EmailResponse


def table() -> list[str]:
    """Every item, as sorted JSON: compared before/after a refused request ('nothing written')."""
    items = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].get_table("workshop-claims").all_items()
    return sorted(json.dumps(i.to_json()["Attributes"], sort_keys=True) for i in items)


def sent() -> list[dict[str, str]]:
    """Every email SES sent: its recipient, subject, text and HTML."""
    out = []
    for message in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages:
        parsed = email.message_from_string(message.raw_data, policy=policy.default)
        out.append(
            {
                "to": str(parsed["To"]),
                "subject": str(parsed["Subject"]).strip(),  # folded: " Contoso…"
                "text": body(parsed),
                "html": body(parsed, "html"),
            }
        )
    return out


def body(message: EmailMessage, subtype: str = "plain") -> str:
    """An email's text (or `subtype`'s) part."""
    part = message.get_body((subtype,))
    assert part is not None, f"no {subtype} part"
    return part.get_content()


@contextmanager
def ses_requests_recorded() -> Iterator[list[dict[str, Any]]]:
    """What SES was asked to send: each SendRawEmail's recipients, tags and configuration set, as moto received
    them (moto keeps the message, not the tags)."""
    requests: list[dict[str, Any]] = []
    original = EmailResponse.send_raw_email

    def recording(self: EmailResponse) -> ActionResult:
        requests.append(
            {
                "to": self._get_param("Destinations"),
                "tags": {t["Name"]: t["Value"] for t in self._get_param("Tags") or []},
                "configuration_set": self._get_param("ConfigurationSetName"),
            }
        )
        return original(self)

    with mock.patch.object(EmailResponse, "send_raw_email", recording):
        yield requests
