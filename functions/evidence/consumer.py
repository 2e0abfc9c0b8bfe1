"""Evidence consumer: S3 'object created' events, delivered through SQS (with a DLQ), verify each uploaded
object and mark its proof item received or rejected. Partial batch failures: a record that fails (a
throttled call, a claim changed at the same moment) is retried alone; the others are not replayed."""

import hashlib
import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from shared import runtime
from shared.observability import logger
from shared.services import evidence as service

processor = BatchProcessor(event_type=EventType.SQS)
runtime.check_at_cold_start()
DROPPED = ("unknown_key", "unknown_upload", "object_gone")


def record_handler(record: SQSRecord) -> None:
    body = json.loads(record.body)  # not JSON: fails, is retried, and ends in the DLQ for a human
    if body.get("Event") == "s3:TestEvent":  # S3 sends one when the notification is configured
        return
    settings = runtime.settings()
    for s3_record in S3Event(body).records:
        if not s3_record.event_name.startswith("ObjectCreated:") or s3_record.s3.bucket.name != settings.bucket_name:
            continue
        obj = s3_record.s3.get_object
        key = unquote_plus(obj.key)  # S3 URL-encodes keys in event notifications
        checked = service.check_object(
            runtime.store(), runtime.s3(), settings.bucket_name, key, obj.version_id, runtime.clock.now()
        )
        # ids only: a key we did not issue may hold anything, so it is logged as a hash
        log = {
            "result": checked.result,
            "claim_id": checked.claim_id,
            "upload_id": checked.upload_id,
            "key_sha256": hashlib.sha256(key.encode()).hexdigest()[:16],
        }
        (logger.warning if checked.result in DROPPED else logger.info)("evidence object checked", extra=log)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict, context: Any) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
