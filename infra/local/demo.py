"""The local runner's lived-in demo (README.md, "The local runner"): the demo users the sign-in page lists,
and a program that has been running for a few months — customers on every tab of the Customers page and claims in every
status — so a first look at the web app shows real pages, not empty lists.

Everything is made by the same services the API's handlers call (nominate, request consent, the
customer's answer on the consent link from the email, open the claim, presigned upload + the evidence
check, surveys in the app and from the emailed link, submit, review decisions, the scheduled job), each
step at a time in the past (the services take `now`; the application clock is not moved), so history,
deadlines, notifications and emails are exactly what those steps make. The job then runs once at the
real time (expiries, reminders); the notifications' emails go out from the table's stream, as every
notification's do, moments after the runner has started (or reset). Each seeded customer has a domain
and tenant of its own (added to the tenant directory here): the directory's demo domains stay free for a
newcomer's first nomination.

Only the runner seeds it (`DEMO_SEED=1`, which the runner sets; `DEMO_SEED=0 make run` starts without
it); the tests' moto (tests/conftest.py) never does. `/local/reset` seeds it again.
"""

# The scenarios below chain steps as tuples of calls in a lambda, most of which return None: by design.
# mypy: disable-error-code="func-returns-value"
from __future__ import annotations

import email
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.message import MIMEPart
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from shared.domain.engagements import Locale

LOG = logging.getLogger("local-runner")
SEED_FILE = Path(__file__).with_name("seed.json")
AI, SECURITY = "ENG-AI-WORKSHOP", "ENG-SECURITY-WORKSHOP"
# The scheduled job's cursor starts this many days back: every deadline the demo leaves to the job falls
# within the last month (a consent window is 30 days; the expired draft and consent are 10 days past),
# and what fell due before belongs to claims that moved on (the job would only consume those entries).
JOB_DAYS = 31
LINK = re.compile(r"/public/(?:consent|surveys)/([A-Za-z0-9_-]{43})")
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
    b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


# ---------------------------------------------------------------- demo users (the sign-in page)
@cache
def _seed_file() -> dict:
    return json.loads(SEED_FILE.read_text())


def users() -> list[dict]:
    """Who the local sign-in page offers: each demo partner's admin and user, two reviewers (four eyes on a
    dispute) and a program admin. `GET /local/users` answers this list."""
    data = _seed_file()
    partners = {p["partner_id"]: p["name"] for p in data["partners"]}
    return [
        {
            "email": u["email"],
            "name": u["name"],
            "role": u["role"],
            "partner_id": u["partner_id"],
            "partner_name": partners.get(u["partner_id"]),
        }
        for u in data["demo_users"]
    ]


def _user(email_address: str) -> dict:
    return next(u for u in _seed_file()["demo_users"] if u["email"] == email_address)


# ---------------------------------------------------------------- the seeded customers
@dataclass(frozen=True)
class Customer:
    name: str
    domain: str
    tenant_id: str
    contact: str  # the person who answers the consent request and the customer survey
    locale: Locale = "en"

    @property
    def email(self) -> str:
        return f"{self.contact.split()[0].lower()}@{self.domain}"


def _tenant(n: int) -> str:
    return f"5eed0000-0000-4000-8000-{n:012d}"


CUSTOMERS: dict[str, Customer] = {
    c.domain.split(".")[0]: c
    for c in [
        Customer("Litware, Inc.", "litware.example", _tenant(1), "Megan Bowen"),
        Customer("Proseware", "proseware.example", _tenant(2), "Adele Vance"),
        Customer("Fourth Coffee", "fourthcoffee.example", _tenant(3), "Diego Siciliani"),
        Customer("Alpine Ski House", "alpineskihouse.example", _tenant(4), "Isaiah Langer"),
        Customer("Blue Yonder Airlines", "blueyonder.example", _tenant(5), "Johanna Lorenz"),
        Customer("Coho Winery", "cohowinery.example", _tenant(6), "Lidia Holloway", "nl"),
        Customer("A. Datum Corporation", "adatum.example", _tenant(7), "Lynne Robbins"),
        Customer("Lucerne Publishing", "lucernepublishing.example", _tenant(8), "Nestor Wilke", "nl"),
        Customer("Margie's Travel", "margiestravel.example", _tenant(9), "Patti Fernandez"),
        Customer("Relecloud", "relecloud.example", _tenant(10), "Pradeep Gupta"),
        Customer("Southridge Video", "southridgevideo.example", _tenant(11), "Grady Archie"),
        Customer("Trey Research", "treyresearch.example", _tenant(12), "Joni Sherman"),
        Customer("Woodgrove Bank", "woodgrovebank.example", _tenant(13), "Miriam Graham"),
        Customer("Wide World Importers", "wideworldimporters.example", _tenant(14), "Alex Wilber"),
        Customer("Graphic Design Institute", "graphicdesigninstitute.example", _tenant(15), "Enrico Cattaneo"),
        Customer("Humongous Insurance", "humongousinsurance.example", _tenant(16), "Christie Cline"),
        Customer("Nod Publishers", "nodpublishers.example", _tenant(17), "Emily Braun"),
        Customer("Tailwind Traders", "tailwindtraders.example", _tenant(18), "Henrietta Mueller"),
        Customer("VanArsdel, Ltd.", "vanarsdel.example", _tenant(19), "Irvin Sayers"),
        Customer("Bellows College", "bellowscollege.example", _tenant(20), "Lee Gu"),
        Customer("School of Fine Art", "schooloffineart.example", _tenant(21), "Debra Berger"),
    ]
}


def directory() -> list[dict]:
    """The seeded customers' tenant directory entries (beside the newcomer's demo domains in seed.json)."""
    return [{"tenant_id": c.tenant_id, "domains": [c.domain]} for c in CUSTOMERS.values()]


# ---------------------------------------------------------------- driving the services
class RecordingSes:
    """SES as the services get it, keeping each message's link token: a consent or survey link is only
    ever in its email, and the demo's customers answer by their link like real ones."""

    tokens: list[str]

    def __init__(self, ses: Any):
        self.ses, self.tokens = ses, []

    def send_raw_email(self, **kwargs: Any) -> dict:
        answer = self.ses.send_raw_email(**kwargs)
        message = email.message_from_bytes(kwargs["RawMessage"]["Data"], policy=policy.default)
        self.tokens += LINK.findall(cast(MIMEPart, message.get_body(("plain",))).get_content())
        return answer

    def last_token(self) -> str:
        return self.tokens[-1]


@dataclass
class Demo:
    """The seed in progress: the services, the clock reading `now` of the seed run, what was made."""

    store: Any
    s3: Any
    ses: RecordingSes
    settings: Any
    now: datetime
    made: dict[str, dict[str, str]] = field(default_factory=dict)  # scenario -> {nomination_id, claim_id}

    # ---- who acts
    def who(self, email_address: str) -> Any:
        from shared.api.auth import Principal

        user = _user(email_address)
        return Principal(
            subject=email_address, email=email_address, groups=frozenset({user["role"]}), partner_id=user["partner_id"]
        )

    def contact(self, email_address: str) -> Any:
        from shared.domain.nominations import Contact

        user = _user(email_address)
        return Contact(name=user["name"], email=email_address, locale=user["locale"])

    def at(self, days_ago: float) -> datetime:
        return self.now - timedelta(days=days_ago)

    # ---- customers page
    def nominate(self, key: str, customer: Customer, by: str, days_ago: float, engagement: str = AI) -> str:
        from shared.api.models import Nominate
        from shared.services import customers

        who = self.who(by)
        location = "L-" + who.partner_id.split("-")[1]
        row = customers.nominate(
            self.store,
            who,
            engagement,
            Nominate(location_id=location, customer_email=customer.email, customer_name=customer.name),
            self.at(days_ago),
        )
        self.made.setdefault(key, {})["nomination_id"] = row["nomination_id"]
        return row["nomination_id"]

    def request_consent(
        self, key: str, customer: Customer, by: str, days_ago: float, contact: str | None = None
    ) -> str:
        from shared.domain.nominations import Contact
        from shared.services import customers

        customers.request_consent(
            self.store,
            self.ses,
            self.settings,
            self.who(by),
            self.made[key]["nomination_id"],
            Contact(name=customer.contact, email=customer.email, locale=customer.locale),
            self.contact(contact or by),
            self.at(days_ago),
        )
        return self.ses.last_token()

    def answer_consent(self, token: str, decision: str, days_ago: float) -> None:
        from shared.services import customers

        customers.answer_consent(self.store, token, decision, self.at(days_ago))

    def consented(
        self, key: str, customer: Customer, by: str, days_ago: float, engagement: str = AI, contact: str | None = None
    ) -> None:
        """Nominated and asked two days before the customer accepted, `days_ago` days ago."""
        self.nominate(key, customer, by, days_ago + 2, engagement)
        self.answer_consent(self.request_consent(key, customer, by, days_ago + 2, contact), "accept", days_ago)

    # ---- the claim
    def open_claim(self, key: str, by: str, days_ago: float) -> str:
        from shared.services import claims

        view = claims.open_claim(self.store, self.who(by), self.made[key]["nomination_id"], self.at(days_ago))
        self.made[key]["claim_id"] = view["claim_id"]
        return view["claim_id"]

    def claim_id(self, key: str) -> str:
        return self.made[key]["claim_id"]

    def upload(self, key: str, kind: str, by: str, days_ago: float) -> None:
        """The presigned upload the app would make, the object S3 would store, and the evidence check the
        S3 event would run (its later delivery by the queue finds it done)."""
        from shared.api.models import UploadRequest
        from shared.services import evidence

        bucket, now = self.settings.bucket_name, self.at(days_ago)
        name = {"findings_report": "Findings and recommendations.pdf", "invoice": "Invoice.pdf"}[kind]
        form = evidence.request_upload(
            self.store,
            self.s3,
            bucket,
            self.who(by),
            self.claim_id(key),
            kind,
            UploadRequest(file_name=name, content_type="application/pdf", size=len(PDF)),
            now,
        )
        put = self.s3.put_object(Bucket=bucket, Key=form["key"], Body=PDF, ContentType="application/pdf")
        evidence.check_object(self.store, self.s3, bucket, form["key"], put.get("VersionId"), now)

    def partner_survey(self, key: str, by: str, days_ago: float) -> None:
        from shared.services import surveys

        claim = self.store.claim(self.claim_id(key))
        surveys.answer_in_app(
            self.store,
            self.who(by),
            claim.claim_id,
            _answers(claim.survey_questions.get("partner", [])),
            self.at(days_ago),
        )

    def send_customer_survey(self, key: str, by: str, days_ago: float) -> str:
        from shared.services import surveys

        surveys.send_survey(
            self.store, self.ses, self.settings, self.who(by), self.claim_id(key), "customer", self.at(days_ago)
        )
        return self.ses.last_token()

    def customer_survey(self, key: str, by: str, days_ago: float) -> None:
        """Sent, and answered by the customer on its link half a day later."""
        from shared.services import surveys

        token = self.send_customer_survey(key, by, days_ago)
        when = self.at(days_ago - 0.5)
        link = surveys.survey_link(self.store, token)
        surveys.answer_survey(self.store, link, _answers(link.questions), when)

    def complete(self, key: str, by: str, days_ago: float) -> None:
        """Every proof item, over the three days up to `days_ago`."""
        self.upload(key, "findings_report", by, days_ago + 3)
        self.upload(key, "invoice", by, days_ago + 2)
        self.partner_survey(key, by, days_ago + 1.5)
        self.customer_survey(key, by, days_ago + 1)

    def comment(self, key: str, by: str, days_ago: float, text: str) -> None:
        from shared.services import claims

        claims.update_claim(
            self.store,
            self.who(by),
            self.claim_id(key),
            self.at(days_ago),
            expected_version=None,
            comments=text,
            partner_contacts=None,
            customer_contact=None,
        )

    def submit(self, key: str, by: str, days_ago: float) -> None:
        from shared.services import claims

        claims.submit(self.store, self.who(by), self.claim_id(key), self.at(days_ago), None)

    def claim_step(self, step: str, key: str, by: str, days_ago: float, **kw: Any) -> None:
        """A partner's `cancel` or `dispute`, or a reviewer's `start`, `request_info`, `approve`, `reject`,
        `record_payment`."""
        from shared.services import claims, review

        service = claims if step in ("cancel", "dispute") else review
        getattr(service, step)(self.store, self.who(by), self.claim_id(key), now=self.at(days_ago), **kw)

    def submitted(
        self,
        key: str,
        customer: Customer,
        by: str,
        consent_days_ago: float,
        submit_days_ago: float,
        engagement: str = AI,
        comments: str | None = None,
    ) -> None:
        self.consented(key, customer, by, consent_days_ago, engagement)
        self.open_claim(key, by, consent_days_ago - 0.2)
        self.complete(key, by, submit_days_ago + 0.5)
        if comments:
            self.comment(key, by, submit_days_ago + 0.2, comments)
        self.submit(key, by, submit_days_ago)


def _answers(questions: list[Any]) -> dict[str, Any]:
    """Answers a content participant would give: full marks, yes, a sentence."""
    answers: dict[str, Any] = {}
    for q in questions:
        answers[q.id] = {"rating": q.max or 5, "yes_no": True}.get(q.type, "Clear findings; we plan the pilot.")
    return answers


PAT, SAM, FAY, LEE = "pat@contoso.example", "sam@contoso.example", "fay@fabrikam.example", "lee@fabrikam.example"
RITA, RAVI = "rita@program.example", "ravi@program.example"
C = CUSTOMERS


def _scenarios(d: Demo) -> list[tuple[str, Callable[[], object]]]:
    """(name, steps): each leaves one customer on a tab of the Customers page, its claim (if any) in one
    status. Days are days before the seed's `now`; deadlines stay ahead of a newcomer where it matters."""
    return [
        # ---- Eligible: not started
        ("not_started", lambda: d.nominate("not_started", C["litware"], PAT, 2)),
        (
            "consent_requested",
            lambda: (
                d.nominate("consent_requested", C["proseware"], PAT, 6),
                d.request_consent("consent_requested", C["proseware"], PAT, 6),
            ),
        ),
        (
            "consent_due_soon",
            lambda: (
                d.nominate("consent_due_soon", C["fourthcoffee"], SAM, 26),
                d.request_consent("consent_due_soon", C["fourthcoffee"], SAM, 26),
            ),
        ),
        (
            "security_consent_requested",
            lambda: (
                d.nominate("security_consent_requested", C["bellowscollege"], PAT, 4, SECURITY),
                d.request_consent("security_consent_requested", C["bellowscollege"], PAT, 4),
            ),
        ),
        # ---- Eligible: active
        ("consented", lambda: d.consented("consented", C["alpineskihouse"], PAT, 1)),
        ("draft", lambda: _draft(d)),
        ("draft_due_soon", lambda: _draft_due_soon(d)),
        (
            "submitted",
            lambda: d.submitted(
                "submitted", C["adatum"], PAT, 40, 3, comments="Two-day workshop on site in Utrecht with the data team."
            ),
        ),
        (
            "under_review",
            lambda: (
                d.submitted("under_review", C["tailwindtraders"], PAT, 45, 12, SECURITY),
                d.claim_step("start", "under_review", RITA, 10),
            ),
        ),
        ("action_required", lambda: _action_required(d)),
        (
            "rejected",
            lambda: (
                d.submitted("rejected", C["margiestravel"], PAT, 70, 30),
                d.claim_step("start", "rejected", RITA, 10),
                d.claim_step(
                    "reject",
                    "rejected",
                    RITA,
                    5,
                    reason_code="insufficient_proof",
                    message="The findings document is a generic template, not this customer's findings.",
                ),
            ),
        ),
        ("disputed", lambda: _disputed(d)),
        # ---- Completed
        (
            "approved",
            lambda: (
                d.submitted("approved", C["relecloud"], PAT, 75, 40),
                d.claim_step("start", "approved", RITA, 30),
                d.claim_step("approve", "approved", RITA, 20, message="Complete and well documented."),
            ),
        ),
        (
            "paid",
            lambda: (
                d.submitted("paid", C["southridgevideo"], PAT, 110, 80),
                d.claim_step("start", "paid", RITA, 75),
                d.claim_step("approve", "paid", RITA, 70, message=None),
                d.claim_step("record_payment", "paid", RAVI, 24, remittance_ref="REM-2026-0042"),
            ),
        ),
        # ---- Ineligible
        (
            "declined",
            lambda: (
                d.nominate("declined", C["treyresearch"], PAT, 12),
                d.answer_consent(d.request_consent("declined", C["treyresearch"], PAT, 12), "decline", 10),
            ),
        ),
        (
            "consent_expired",
            lambda: (
                d.nominate("consent_expired", C["woodgrovebank"], PAT, 40),
                d.request_consent("consent_expired", C["woodgrovebank"], PAT, 40),
            ),
        ),
        ("lost_to_other_partner", lambda: _lost(d)),
        (
            "expired",
            lambda: (d.consented("expired", C["graphicdesigninstitute"], PAT, 100), d.open_claim("expired", PAT, 99.8)),
        ),
        (
            "canceled",
            lambda: (
                d.consented("canceled", C["humongousinsurance"], PAT, 30),
                d.open_claim("canceled", PAT, 29.8),
                d.claim_step("cancel", "canceled", PAT, 25),
            ),
        ),
        ("rejected_final", lambda: _rejected_final(d)),
        # ---- a little for P-2002 (Fabrikam)
        ("fabrikam_not_started", lambda: d.nominate("fabrikam_not_started", C["schooloffineart"], FAY, 3)),
    ]


def _draft(d: Demo) -> None:
    """A draft with some proof done: the findings received, the partner survey answered in the app, the
    customer survey sent (its link waits in the outbox), the invoice still missing; 70 days left."""
    d.consented("draft", C["blueyonder"], PAT, 20)
    d.open_claim("draft", PAT, 19.8)
    d.upload("draft", "findings_report", PAT, 8)
    d.partner_survey("draft", PAT, 7)
    d.send_customer_survey("draft", PAT, 2)
    d.comment("draft", PAT, 2, "Workshop held on site; the invoice follows once the customer has paid.")


def _draft_due_soon(d: Demo) -> None:
    """A draft with ten days left (so the 14-day reminder went out), the findings in, the rest to do; its
    partner contact reads Dutch."""
    d.consented("draft_due_soon", C["cohowinery"], SAM, 80, contact=SAM)
    d.open_claim("draft_due_soon", SAM, 79.8)
    d.upload("draft_due_soon", "findings_report", SAM, 20)


def _action_required(d: Demo) -> None:
    d.submitted("action_required", C["lucernepublishing"], PAT, 60, 20)
    d.claim_step("start", "action_required", RITA, 18)
    d.claim_step(
        "request_info",
        "action_required",
        RITA,
        15,
        reason_code="invoice_mismatch",
        message="The invoice shows EUR 4,500 for two days; the engagement pays a one-day workshop. "
        "Please upload the invoice for this workshop.",
    )


def _disputed(d: Demo) -> None:
    d.submitted("disputed", C["vanarsdel"], PAT, 80, 55, SECURITY)
    d.claim_step("start", "disputed", RITA, 50)
    d.claim_step(
        "reject",
        "disputed",
        RITA,
        20,
        reason_code="duplicate_claim",
        message="This customer's workshop looks already claimed under another engagement.",
    )
    d.claim_step(
        "dispute",
        "disputed",
        PAT,
        15,
        message="That was the AI workshop; this one is the threat protection workshop, held a month later.",
    )


def _rejected_final(d: Demo) -> None:
    """Rejected, disputed, and rejected again by a second reviewer (four eyes): final."""
    d.submitted("rejected_final", C["nodpublishers"], PAT, 85, 60)
    d.claim_step("start", "rejected_final", RITA, 55)
    d.claim_step(
        "reject",
        "rejected_final",
        RITA,
        50,
        reason_code="workshop_not_delivered",
        message="The customer survey says the session was a sales presentation.",
    )
    d.claim_step("dispute", "rejected_final", PAT, 45, message="The agenda attached shows a full workshop.")
    d.claim_step("start", "rejected_final", RAVI, 40)
    d.claim_step(
        "reject",
        "rejected_final",
        RAVI,
        38,
        reason_code="insufficient_proof",
        message="The agenda alone does not show the workshop took place.",
    )


def _lost(d: Demo) -> None:
    """Both partners nominated Wide World Importers; it consented to Fabrikam first, whose claim is a draft."""
    customer = C["wideworldimporters"]
    d.nominate("lost_to_other_partner", customer, PAT, 15)
    d.request_consent("lost_to_other_partner", customer, PAT, 15)
    d.nominate("fabrikam_draft", customer, FAY, 14)
    d.answer_consent(d.request_consent("fabrikam_draft", customer, FAY, 14), "accept", 12)
    d.open_claim("fabrikam_draft", LEE, 11)
    d.upload("fabrikam_draft", "findings_report", LEE, 5)


# ---------------------------------------------------------------- the seed
def seed_demo(store: Any, now: datetime | None = None) -> dict:
    """Seed the demo program; returns what was made: {scenario: {nomination_id, claim_id?}}, and timings."""
    from shared import runtime
    from shared.services import expiry

    started = time.monotonic()
    now = now or runtime.clock.now()
    settings = runtime.settings()
    store.seed(("tenants", entry) for entry in directory())
    demo = Demo(store, runtime.s3(), RecordingSes(runtime.ses()), settings, now)
    for name, steps in _scenarios(demo):
        try:
            steps()
        except Exception:  # a demo that cannot be made (say, an engagement no longer active) is skipped
            LOG.exception("demo seed: %s could not be made; skipped", name)
    # The job then runs at the real time and does what the last month left due (expiries, reminders).
    store.save_job_cursor(expiry.JOB, (now - timedelta(days=JOB_DAYS)).date(), now)
    job = expiry.run(store, now)
    LOG.info("demo seed: %d customers in %.1f s", len(demo.made), time.monotonic() - started)
    return {"made": demo.made, "job": job, "seconds": round(time.monotonic() - started, 2)}


def wanted() -> bool:
    import os

    return os.environ.get("DEMO_SEED", "0") not in ("", "0", "false", "no")
