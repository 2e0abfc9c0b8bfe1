"""Data the API accepts is data the emails can carry (docs/product.md), by one rule (shared/domain/mailsafe.py):
names are one line without control or text-direction characters, addresses are ASCII (SES has no
SMTPUTF8), both refused with a 422 at the API, and the email code sends whatever the models accepted.
Names are never links in an email: neither ours (only the template's own URLs are linked) nor a mail
client's (a zero-width space after each `.`, `:`, `/`, `@` of a name)."""

from __future__ import annotations

import email
import re
import uuid
from email import policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from pydantic import ValidationError

from shared import emails, runtime
from shared.api.models import EMAIL, NAME, ContactIn, Nominate
from shared.domain import mailsafe
from tests.support.aws import mocked_aws
from tests.support.calls import call, partner
from tests.support.models import accepted
from tests.support.recorded import body, table

P1 = partner("P-1001", email="pm@p-1001.example.com")
CUSTOMERS = "/engagements/ENG-AI-WORKSHOP/customers"
URLISH = re.compile(r"(https?://|www\.|[A-Za-z0-9-]+\.(example|com)\b|[\w.+-]+@[\w-]+\.\w)")


@pytest.fixture(scope="module")
def moto_env():
    with mocked_aws() as resources:
        yield resources


def received() -> email.message.EmailMessage:
    raw = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages[-1].raw_data
    return email.message_from_string(raw, policy=policy.default)


# ---------------------------------------------------------------- the rule, at the API
@pytest.mark.parametrize(
    "name",
    [
        "Ann\nBcc: eve@evil.example",
        "Ann\r",
        "Ann\tCustomer",
        "Ann\x00",
        "Ann\x85",
        "Ann\u2028Customer",
        "Ann \u202egnp.exe",
        "\u2066Ann",
    ],
)
def test_a_name_with_a_control_character_is_422_and_writes_nothing(moto_env, name):
    before = table()
    body = {
        "location_id": "L-1001",
        "customer_email": f"ann@c{uuid.uuid4().hex[:8]}.example",
        "tenant_id": str(uuid.uuid4()),
        "customer_name": name,
    }
    r = call("customers", "POST", CUSTOMERS, claims=P1, body=body)
    assert (r.status, r.json["code"]) == (422, "validation_error"), r.text
    assert [d["loc"] for d in r.json["details"]] == [["body", "customer_name"]]
    assert "control characters" in r.json["details"][0]["msg"]
    r = call(
        "customers",
        "POST",
        "/nominations/nom-x/consent-request",
        claims=P1,
        body={
            "customer_contact": {"name": name, "email": "ann@c.example"},
            "partner_contact": {"name": "Pat", "email": "pat@p.example"},
        },
    )
    assert (r.status, r.json["code"]) == (422, "validation_error"), r.text
    assert table() == before


@pytest.mark.parametrize("address", ["jörg@northwind.example", "ann@müller.example", "😀@c.example", "ann@c.exämple"])
def test_a_non_ascii_address_is_422_with_a_message_that_says_why(moto_env, address):
    before = table()
    body = {"location_id": "L-1001", "customer_email": address, "tenant_id": str(uuid.uuid4())}
    r = call("customers", "POST", CUSTOMERS, claims=P1, body=body)
    assert (r.status, r.json["code"]) == (422, "validation_error"), r.text
    assert "ASCII" in r.json["details"][0]["msg"] and "xn--" in r.json["details"][0]["msg"]
    assert table() == before


def test_names_keep_every_other_character():
    for name in (
        "Zoë Ångström-Łukasiewicz",
        "山田 太郎",
        'O\'Brien, "Pat" \\ <x>',
        "👩‍👩‍👧 family",
        "Ann\u200dB",
        "Contoso Ltd. (https://contoso.example)",
    ):
        assert ContactIn(name=name, email="a@b.example").name == name


@given(
    st.text(
        st.sampled_from(mailsafe.SPACES + "\x00\x1f\x7f\x85\u061c\u200e\u202a\u202e\u2066\u2069aé😀.:"), max_size=10
    )
)
def test_a_name_is_accepted_exactly_when_it_matches_the_published_pattern(value):
    # fullmatch of the body: the document's regex is ECMA, whose `$` (unlike Python's) never matches before
    # a trailing newline
    published = re.fullmatch(NAME.removeprefix("^").removesuffix("$"), value) is not None
    assert accepted(ContactIn, name=value, email="a@b.example") == published


# ---------------------------------------------------------------- the rule, in the email code
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    name=st.one_of(st.from_regex(NAME), st.text(min_size=1)),
    address=st.from_regex(EMAIL),
    customer=st.one_of(st.from_regex(NAME), st.just("Visit https://evil.example")),
)
def test_whatever_the_models_accept_is_sent_and_parses_back(moto_env, name, address, customer):
    """The consent request's recipients and names as the API took them: SES takes the raw MIME and it
    parses back to the same recipient (the notifier sends with the same code)."""
    try:
        contact = ContactIn(name=name, email=address)
        customer = Nominate(location_id="L-1", customer_email=address, customer_name=customer).customer_name
    except ValidationError:
        return
    message = emails.render(
        "consent_request",
        "en",
        name=contact.name,
        partner_name=customer,
        engagement_name="AI Business Value Workshop",
        consent_due="1 March 2027",
        partner_contact_name=contact.name,
        partner_contact_email=contact.email,
        public_base_url="http://claims.test",
        token="t" * 43,
    )
    emails.send(runtime.ses(), runtime.settings().sender_email, [(contact.name, contact.email)], message)
    got = received()
    assert got["To"].addresses[0].addr_spec == contact.email
    if "=?" not in contact.name:  # (an RFC 2047 look-alike is decoded by readers: see docs/decisions.md)
        # Python's header folding may split a long non-ASCII name's encoded words with a space on the way
        squeeze = "".join  # back: the characters arrive, a space may be added between two of them
        assert squeeze(got["To"].addresses[0].display_name.split()) == squeeze(contact.name.split())
    assert " ".join(str(got["Subject"]).split()) == " ".join(message.subject.split())  # (folded)
    assert body(got) == message.text


def test_an_address_stored_before_the_rule_is_refused_by_the_email_code_not_sent(moto_env):
    message = emails.render(
        "consent_request",
        "en",
        name="Jörg",
        partner_name="Contoso",
        engagement_name="W",
        consent_due="1 March 2027",
        partner_contact_name="Pat",
        partner_contact_email="p@p.example",
        public_base_url="http://claims.test",
        token="t" * 43,
    )
    with pytest.raises(mailsafe.UndeliverableAddress):
        emails.send(runtime.ses(), runtime.settings().sender_email, [("Jörg", "jörg@northwind.example")], message)


# ---------------------------------------------------------------- names are never links
@pytest.mark.parametrize(
    "customer",
    [
        "Visit https://evil.example",
        "evil.example",
        "www.evil.example/x",
        "eve@evil.example",
        'x" href="https://evil.example',
    ],
)
def test_a_name_is_never_a_link(customer):
    message = emails.render(
        "survey_partner",
        "en",
        name=customer,
        engagement_name="AI Workshop",
        customer_name=customer,
        submit_due="1 March 2027",
        public_base_url="http://claims.test",
        token="t" * 43,
        claim_url="http://claims.test/app/claims/clm-1",
    )
    hrefs = re.findall(r'<a href="([^"]*)">', message.html)
    assert hrefs == ["http://claims.test/public/surveys/" + "t" * 43, "http://claims.test/app/claims/clm-1"]
    for part in (message.text, message.html.partition("<body")[2]):  # (the subject and <title> show no links)
        assert "evil" in part and not any("evil" in m.group(0) for m in URLISH.finditer(part)), part
        assert part.replace(mailsafe.ZWSP, "").count("evil") == part.count("evil")  # invisible: same words


def test_a_url_in_a_reviewers_message_is_not_linked_by_us():
    message = emails.render(
        "notification",
        "en",
        name="Pat",
        headline="Information requested",
        message="See https://docs.example/how for the format.",
        facts="",
        reference="clm-1",
        customer_name="Northwind",
        engagement_name="AI Workshop",
        next_step="",
        open_it="Open the claim in the app:",
        link="http://claims.test/app/claims/clm-1",
    )
    assert re.findall(r'<a href="([^"]*)">', message.html) == ["http://claims.test/app/claims/clm-1"]
    assert "See https://docs.example/how for the format." in message.text
