"""Mail-events function: SES publishes each hard bounce and complaint of our emails (the configuration set's
event destination, infra/constructs/mail.py) to an SNS topic, which invokes this asynchronously. The link
the email carried is marked undeliverable and its partner told (shared/services/mail_events.py).

A record that is no event to act on (malformed, a transient bounce, a notification's email, a link that is
no longer current, the same message again) is logged without personal data and dropped: retrying cannot
change it. An error (DynamoDB unavailable, a bug) fails the invocation: Lambda retries it twice, then it
goes to the dead-letter queue for a person, never into a loop. Handling a message again changes nothing.
"""

from collections import Counter
from typing import Any

from shared import runtime
from shared.observability import logger
from shared.services import mail_events as service

runtime.check_at_cold_start()
ROUTINE = ("marked", "already_marked", "stale", "not_counted", "not_a_link")  # info; the rest warn


@logger.inject_lambda_context(clear_state=True)
def handler(event: Any, context: Any) -> dict[str, int]:
    records = event.get("Records") if isinstance(event, dict) else None
    outcomes: Counter[str] = Counter()
    for record in records if isinstance(records, list) else [event]:
        handled = service.handle(runtime.store(), record, runtime.clock.now())
        outcomes[handled.outcome] += 1
        sns = record.get("Sns") if isinstance(record, dict) else None
        message_id = sns.get("MessageId") if isinstance(sns, dict) else None
        facts = {**handled.log(), "sns_message_id": message_id if isinstance(message_id, str) else None}
        (logger.info if handled.outcome in ROUTINE else logger.warning)("mail event", extra=facts)
    return dict(outcomes)
