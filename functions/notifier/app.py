"""Notifier function: consumes the table's stream and emails each new partner notification.

The stream mapping passes INSERTs of notification rows only (filter criteria; other records are
skipped here too). A record whose email fails is marked `email_status=failed` (visible on the claim
page) and reported as a partial batch failure, so the stream retries it; exhausted records go to the
mapping's on-failure destination. The decision itself was committed before any of this ran.
"""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord, DynamoDBRecordEventName

from shared import runtime
from shared.observability import logger
from shared.services import notifier as service

processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)
runtime.check_at_cold_start()


def record_handler(record: DynamoDBRecord) -> str:
    image = record.dynamodb.new_image if record.dynamodb else {}
    if record.event_name is not DynamoDBRecordEventName.INSERT or image.get("type") != "notification":
        return "skipped"
    try:
        return service.deliver(runtime.store(), runtime.ses(), runtime.settings(), image["notification_id"])
    except service.EmailFailed as exc:
        logger.warning(
            "notification email failed", extra={"notification_id": image["notification_id"], "error": exc.code}
        )
        raise


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict, context: Any) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
