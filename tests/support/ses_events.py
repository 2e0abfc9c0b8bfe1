"""SES events as the mail-events function receives them: SES event publishing's JSON (a configuration set's
SNS event destination; the examples of "Examples of event data that Amazon SES publishes to Amazon SNS" in
the SES developer guide), inside the SNS record Lambda is invoked with. Shared by tests/unit and
tests/integration (the IAM-enforced tier too)."""

from __future__ import annotations

import json
import uuid
from typing import Any

TOPIC = "arn:aws:sns:us-east-1:123456789012:WorkshopClaims-dev-MailEvents"


def ses_event(
    tags: dict[str, str],
    event_type: str = "Bounce",
    bounce_type: str = "Permanent",
    recipient: str = "ann@northwind.example",
    configuration_set: str = "workshop-claims-mail",
) -> dict:
    """A Bounce (of `bounce_type`) or Complaint event of one email sent with `tags`; SES adds its own tags."""
    mail = {
        "timestamp": "2026-11-26T22:38:30.012Z",
        "source": "no-reply@claims.example.com",
        "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/claims.example.com",
        "sendingAccountId": "123456789012",
        "messageId": f"0100019{uuid.uuid4().hex}-000000",
        "destination": [recipient],
        "headersTruncated": False,
        "headers": [
            {"name": "From", "value": "no-reply@claims.example.com"},
            {"name": "To", "value": recipient},
            {"name": "Subject", "value": "Consent request"},
        ],
        "commonHeaders": {"from": ["no-reply@claims.example.com"], "to": [recipient], "subject": "Consent request"},
        "tags": {
            "ses:configuration-set": [configuration_set],
            "ses:source-ip": ["192.0.2.0"],
            "ses:from-domain": ["claims.example.com"],
            "ses:caller-identity": ["workshop-claims-customers"],
            **{name: [value] for name, value in tags.items()},
        },
    }
    detail: dict[str, Any]
    if event_type == "Bounce":
        detail = {
            "bounce": {
                "bounceType": bounce_type,
                "bounceSubType": "General" if bounce_type == "Permanent" else "MailboxFull",
                "bouncedRecipients": [
                    {
                        "emailAddress": recipient,
                        "action": "failed",
                        "status": "5.1.1",
                        "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                    }
                ],
                "timestamp": "2026-11-26T22:38:31.669Z",
                "feedbackId": f"0100019{uuid.uuid4().hex}-000000",
                "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com",
            }
        }
    elif event_type == "Complaint":
        detail = {
            "complaint": {
                "complainedRecipients": [{"emailAddress": recipient}],
                "timestamp": "2026-11-26T23:01:02.000Z",
                "feedbackId": f"0100019{uuid.uuid4().hex}-000000",
                "userAgent": "Mozilla/5.0",
                "complaintFeedbackType": "abuse",
                "arrivalDate": "2026-11-26T23:00:59.000Z",
            }
        }
    else:  # Send, Delivery, ...: none of ours (the destination only publishes BOUNCE and COMPLAINT)
        detail = {event_type.lower(): {"timestamp": "2026-11-26T22:38:31.000Z", "recipients": [recipient]}}
    return {"eventType": event_type, **detail, "mail": mail}


def sns_record(message: Any) -> dict:
    """The SNS record of a Lambda invocation by a topic subscription; `message` is the published text (an
    SES event is JSON text: dicts are dumped)."""
    text = message if isinstance(message, str) else json.dumps(message)
    return {
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": f"{TOPIC}:{uuid.uuid4()}",
        "Sns": {
            "Type": "Notification",
            "MessageId": str(uuid.uuid4()),
            "TopicArn": TOPIC,
            "Subject": None,
            "Message": text,
            "Timestamp": "2026-11-26T22:38:32.000Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/cert.pem",
            "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
            "MessageAttributes": {},
        },
    }


def sns_event(*records: dict) -> dict:
    return {"Records": list(records)}
