"""What each Lambda may do: derived from the calls it makes, nothing more (tests/infra pins every statement).

DynamoDB actions follow `shared/store.py`: GetItem (`_get`), Query (`_query`), BatchGetItem (`_batch_get`);
a `Tx` needs the IAM action of each operation it carries (there is no TransactWriteItems action):
PutItem (put/put_new/save_*/add_*/retire_token), UpdateItem (update, mirror_claim_status,
mark_upload_processed, spend_token), DeleteItem (delete_due), ConditionCheckItem (check_absent). When a
function starts calling something new, add it here and to tests/infra/test_stack.py.
tests/integration/test_iam_enforced.py runs every function with exactly the policy the stack synthesizes
from this, IAM enforced by moto: a missing action is refused there, and one no code path uses fails it as
excess.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.api.routes import FUNCTIONS

GET, QUERY, BATCH_GET = "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"
PUT, UPDATE, DELETE = "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"
CHECK = "dynamodb:ConditionCheckItem"
# commit_outcome: claim + event + notification + payment are Puts, the nomination mirror an Update
OUTCOME = (PUT, UPDATE)
READ_OBJECT = ("s3:GetObject", "s3:GetObjectVersion")  # presigned download links name the checked version
EVIDENCE_CONSUMER = "evidence-consumer"
MAIL_EVENTS = "mail-events"


@dataclass(frozen=True)
class Access:
    table: tuple[str, ...]  # actions on the table's items
    indexes: tuple[str, ...] = ()  # GSIs it queries (Query only)
    evidence_objects: tuple[str, ...] = ()  # S3 actions on the bucket's evidence/* objects
    sends_email: bool = False  # ses:SendRawEmail from the sender identity, through the configuration set


ACCESS: dict[str, Access] = {
    # claim pages and history (Query), lists (GSI1: partner claims/notes/payments, GSI2: unread notes),
    # submit/cancel/dispute, idempotency rows (a keyed submit reads the claim and the key's row together:
    # BatchGetItem), survey-token revocation on contact change (a tombstone: PutItem)
    "claims": Access((GET, QUERY, BATCH_GET, *OUTCOME), indexes=("GSI1", "GSI2")),
    # nomination context and nominations by id (BatchGetItem), tenant roster (Query), customers-page tabs
    # (GSI1), first-consent lock (ConditionCheckItem), consent tokens (Put; spent or marked lost: Update),
    # consent e-mails
    "customers": Access((GET, QUERY, BATCH_GET, *OUTCOME, CHECK), indexes=("GSI1",), sends_email=True),
    # presigned POST (the signer needs PutObject) and download links (GetObject/GetObjectVersion); upload rows
    # and the claim with its event (Puts: an upload request changes no status, so no nomination mirror Update)
    "evidence": Access((GET, PUT), evidence_objects=("s3:PutObject", *READ_OBJECT)),
    # reads the uploaded version; deletes exactly a refused version (a versioned bucket always names one);
    # marks the upload processed once (conditional Update)
    EVIDENCE_CONSUMER: Access((GET, *OUTCOME), evidence_objects=(*READ_OBJECT, "s3:DeleteObjectVersion")),
    # survey tokens (Put; spent: Update), answers, public pages, survey e-mails
    "surveys": Access((GET, *OUTCOME), sends_email=True),
    # review queue by status (GSI2, with COUNT queries for the tabs), dossier (Query, and the partner
    # profile + nomination by BatchGetItem), decisions, download and preview links
    "review": Access((GET, QUERY, BATCH_GET, *OUTCOME), indexes=("GSI2",), evidence_objects=READ_OBJECT),
    # reference rows by id (GetItem) and listed (Query: catalogue partition, GSI1 per kind, GSI2 a partner's
    # locations and whether an engagement has nominations), a tenant's domains and a location's engagements
    # (BatchGetItem), each change with its audit event (Put, conditioned: new, or the version read)
    "program": Access((GET, QUERY, BATCH_GET, PUT), indexes=("GSI1", "GSI2")),
    # due entries of the day (Query), consumed with a conditional Delete, the claim's version checked
    # (ConditionCheckItem), job cursor (Put), expiries and reminder notifications
    "expiry": Access((GET, QUERY, *OUTCOME, DELETE, CHECK)),
    # the notification row (which recipients already got it) and its e-mail status
    "notifier": Access((GET, UPDATE), sends_email=True),
    # SES bounces and complaints: the link's nomination or claim (GetItem), its e-mail marked undeliverable
    # (conditional Update) with the partner's notification (Put), in one transaction
    MAIL_EVENTS: Access((GET, PUT, UPDATE)),
}

HANDLERS: dict[str, str] = {
    **{name: f"functions.{name}.app.handler" for name in FUNCTIONS},
    EVIDENCE_CONSUMER: "functions.evidence.consumer.handler",
    MAIL_EVENTS: "functions.mail_events.app.handler",
}

assert set(ACCESS) == set(HANDLERS), "every Lambda needs an entry in ACCESS"
