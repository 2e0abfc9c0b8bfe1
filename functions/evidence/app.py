"""Evidence function: presigned direct-to-S3 uploads of proof documents, and each item's status with a
short-lived download link. The uploaded objects are checked by `consumer.py` (S3 → SQS → Lambda)."""

from aws_lambda_powertools.event_handler import Response

from shared import runtime
from shared.api.http import caller, create_app, endpoint, json_response, make_handler
from shared.api.models import UploadRequest
from shared.services import evidence as service

app = create_app()
NO_STORE = {"Cache-Control": "no-store"}  # the answers carry signed URLs


@endpoint(app, "POST", "/claims/{claim_id}/evidence/{kind}/upload")
def request_upload(claim_id: str, kind: str, body: UploadRequest) -> Response:
    post = service.request_upload(
        runtime.store(),
        runtime.s3(),
        runtime.settings().bucket_name,
        caller(),
        claim_id,
        kind,
        body,
        runtime.clock.now(),
    )
    return json_response(post, 201, NO_STORE)


@endpoint(app, "GET", "/claims/{claim_id}/evidence/{kind}")
def get_evidence(claim_id: str, kind: str) -> Response:
    view = service.evidence_view(
        runtime.store(), runtime.s3(), runtime.settings().bucket_name, caller(), claim_id, kind
    )
    return json_response(view, headers=NO_STORE)


handler = make_handler(app)
