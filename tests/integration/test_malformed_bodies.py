"""Every malformed body is a 4xx `{code, message}` on every write route, and writes nothing (docs/decisions.md).

Malformed: not UTF-8 (or not base64 when flagged so), not JSON, JSON with NaN/Infinity or a number out of
range, a number literal too long to be a number we store, nested deeper than any body we take, not an
object at the top (a top-level array holding a valid body once created a nomination: Powertools took its
first element), too large. The HTTP layer (shared/api/http.py) checks the raw body once, before the resolver,
for every route; this file proves it from the route table itself, so a new write route is covered by
being added there.

The property test invokes each write route's real handler as a caller the route allows, on resources in a
state that caller could act on (an empty `{}` on a body-less route would succeed and write), with bodies
from the strategies below, and compares the whole table before and after each one.
"""

from __future__ import annotations

import base64
import json
import re
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from shared.api.routes import ROUTES, Route
from tests.support.aws import mocked_aws
from tests.support.calls import call, partner
from tests.support.customers import link_token as consent_token
from tests.support.recorded import sent, table
from tests.support.routes import BODIES, right_caller, route_ids
from tests.support.surveys import link_token as survey_token

WRITES = [r for r in ROUTES if r.method in ("POST", "PATCH", "PUT", "DELETE")]
CSV_ROUTES = {("POST", "/program/imports/{kind}")}  # the body is a CSV file: its own rules, tested alike
P1 = partner("P-1001", email="pm@p-1001.example.com")
NOMINATE = {
    "location_id": "L-1001",
    "customer_email": "ann@malformed.example",
    "tenant_id": "0c5e3c8a-1b7e-4a39-9f0e-5f6b0c1d2e3f",
}
DEEP = 5000


@pytest.fixture(scope="module")
def moto_env():
    with mocked_aws() as resources:
        yield resources


def valid_body(route: Route, ids: dict) -> dict:
    make = BODIES.get((route.method, route.path))
    if route.path == "/public/consent/{token}":
        return {"decision": "accept"}
    if route.path == "/public/surveys/{token}":
        return {"answers": {"satisfaction": 4, "recommendations_useful": True}}
    return make(ids) if make else {}


# ---------------------------------------------------------------- the cases, one by one
CASES = {
    "not JSON": b"{location_id: L-1001}",
    "truncated": json.dumps(NOMINATE).encode()[:-1],
    "whitespace only": b" \r\n\t ",
    "not UTF-8": json.dumps(NOMINATE).encode().replace(b"L-1001", b"L-10\xff01"),
    "a lone surrogate (CESU-8)": json.dumps(NOMINATE).encode().replace(b"L-1001", b"L-\xed\xa0\x80"),
    "a top-level array holding the body": json.dumps([NOMINATE]).encode(),
    "null": b"null",
    "a string": b'"location_id"',
    "nested 5000 deep": b"[" * DEEP + b"]" * DEEP,
    "an object nested 5000 deep inside the body": (
        json.dumps(NOMINATE)[:-1] + ', "x": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}"
    ).encode(),
    "a 5000-digit integer": (json.dumps(NOMINATE)[:-1] + ', "x": ' + "9" * 5000 + "}").encode(),
    "a 5000-digit integer at the top": b"9" * 5000,
    "a 5000-digit fraction": (json.dumps(NOMINATE)[:-1] + ', "x": 0.' + "9" * 5000 + "}").encode(),
    "NaN": (json.dumps(NOMINATE)[:-1] + ', "x": NaN}').encode(),
    "Infinity": (json.dumps(NOMINATE)[:-1] + ', "x": Infinity}').encode(),
    "-Infinity": b"-Infinity",
    "a float out of range": (json.dumps(NOMINATE)[:-1] + ', "x": 1e400}').encode(),
    "too large": (json.dumps(NOMINATE)[:-1] + ', "x": "' + "a" * (1024 * 1024) + '"}').encode(),
}


@pytest.mark.parametrize("raw", CASES.values(), ids=CASES.keys())
def test_a_malformed_nomination_is_refused_and_writes_nothing(moto_env, raw):
    before = table()
    r = call("customers", "POST", "/engagements/ENG-AI-WORKSHOP/customers", claims=P1, raw_body=raw)
    assert 400 <= r.status < 500, r.text
    assert {"code", "message"} <= set(r.json) and r.json["message"].endswith("."), r.text
    assert table() == before


def test_the_body_codes(moto_env):
    def code(raw: bytes, **kw) -> tuple[int, str]:
        r = call("customers", "POST", "/engagements/ENG-AI-WORKSHOP/customers", claims=P1, raw_body=raw, **kw)
        return r.status, r.json["code"]

    assert code(CASES["not JSON"]) == (400, "invalid_json")
    assert code(CASES["NaN"]) == (400, "invalid_json")
    assert code(CASES["a float out of range"]) == (400, "invalid_json")
    assert code(CASES["not UTF-8"]) == (400, "invalid_encoding")
    assert code(CASES["a lone surrogate (CESU-8)"]) == (400, "invalid_encoding")
    assert code(CASES["nested 5000 deep"]) == (400, "body_too_deep")
    assert code(CASES["a 5000-digit integer"]) == (400, "number_too_long")
    assert code(CASES["too large"]) == (413, "body_too_large")
    assert code(CASES["a top-level array holding the body"]) == (422, "validation_error")
    assert code(json.dumps(NOMINATE).encode(), headers={"content-type": "text/plain"}) == (
        415,
        "unsupported_media_type",
    )


def test_the_limits_leave_every_real_body_alone(moto_env):
    """32 levels (DynamoDB's own limit for a stored document) and 38 digits (DynamoDB's precision) pass."""
    from shared.api.json_body import MAX_DEPTH, loads

    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    assert loads('{"a": ' + "9" * 38 + ', "b": -1.5e-7, "c": "\\ud83d\\ude00 ' + "[" * 40 + '"}')["a"] == int("9" * 38)
    body = {**NOMINATE, "customer_email": f"ann@{uuid.uuid4().hex[:8]}.example", "customer_name": "Ann"}
    r = call(
        "customers",
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        claims=P1,
        raw_body=json.dumps(body, indent=2).encode(),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert r.status == 201, r.text


def test_a_base64_body_that_is_not_base64_is_refused(moto_env):
    from functions.customers.app import handler
    from infra.local.runner import LocalContext, http_event

    event = http_event(
        "POST",
        "/engagements/ENG-AI-WORKSHOP/customers",
        "",
        {"content-type": "application/json"},
        b"{}",
        "POST /engagements/{engagement_id}/customers",
        {"engagement_id": "ENG-AI-WORKSHOP"},
        P1,
        "127.0.0.1",
    )
    event.update(body="e30=!!not base64", isBase64Encoded=True)
    before = table()
    result = handler(event, LocalContext(function_name="customers", aws_request_id="1"))
    assert (result["statusCode"], json.loads(result["body"])["code"]) == (400, "invalid_encoding")
    event.update(body=base64.b64encode(json.dumps([NOMINATE]).encode()).decode())
    assert handler(event, LocalContext(function_name="customers", aws_request_id="2"))["statusCode"] == 422
    assert table() == before


# ---------------------------------------------------------------- the property over the route table
def _nest(value: str, depth: int, as_object: bool) -> str:
    return ('{"a": ' * depth + value + "}" * depth) if as_object else ("[" * depth + value + "]" * depth)


def _with(body: dict, value: str) -> str:
    """The valid body with one more member holding `value` (raw JSON text), or `value` itself when empty."""
    text = json.dumps(body)
    return value if text == "{}" else text[:-1] + ', "x": ' + value + "}"


def malformed(body: dict) -> st.SearchStrategy[bytes]:
    text = json.dumps(body)
    digits = st.integers(39, 6000).map(lambda n: "9" * n)
    long_numbers = st.one_of(
        digits,
        digits.map(lambda d: "-" + d),
        digits.map(lambda d: "0." + d),
        digits.map(lambda d: d + "e5"),
        st.integers(309, 5000).map(lambda e: f"1e{e}"),
    )
    constants = st.sampled_from(["NaN", "Infinity", "-Infinity"])
    deep = st.builds(_nest, st.sampled_from(["1", "[]", '"x"']), st.integers(33, 6000), st.booleans())
    values = st.one_of(long_numbers, constants, deep)
    not_json = st.text(max_size=60).map(lambda s: s.encode()).filter(lambda b: not _json_object(b))
    return st.one_of(
        values.map(lambda v: _with(body, v).encode()),  # one bad value inside an otherwise valid body
        values.map(str.encode),  # ... or alone
        # not `null`: where a body is optional (approve) the document says null is "no body"
        st.sampled_from(["[{}]", "true", "1", '"x"', "[]"]).map(str.encode),
        st.just(f"[{text}]".encode()),  # the valid body, wrapped
        st.integers(1, len(text)).map(lambda n: text[:-n].encode()),  # the valid body, cut short
        st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]).flatmap(  # not UTF-8
            lambda bad: st.integers(0, len(text)).map(lambda i: text[:i].encode() + bad + text[i:].encode())
        ),
        st.just((_with(body, '"' + "a" * 300_000 + '"')).encode()),
        not_json,
        st.binary(min_size=1, max_size=80).filter(lambda b: not _json_object(b)),
    )


def _json_object(raw: bytes) -> bool:
    """Whether a random body happens to be a well-formed object (then it is not malformed: `{}` is fine)."""
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except (ValueError, RecursionError):
        return False


def malformed_csv() -> st.SearchStrategy[bytes]:
    """CSV files whose JSON cell (an engagement's surveys) is malformed, and files that are not CSV at all."""
    header = "engagement_id,name,solution_area,starts_on,ends_on,payout.amount,payout.currency,surveys\r\n"
    cell = st.one_of(
        st.integers(33, 6000).map(lambda n: "[" * n + "]" * n),
        st.just("NaN"),
        st.integers(39, 6000).map(lambda n: "9" * n),
        st.just('{"partner": 1e999}'),
    )
    row = cell.map(lambda c: header + ',,,,,,,"' + c.replace('"', '""') + '"\r\n')
    return st.one_of(row.map(str.encode), st.binary(max_size=80), st.just(header.encode() + b"\xff\r\n"))


_prepared: dict[tuple[str, str], tuple[str, dict, dict | None]] = {}


def _prepare(route: Route) -> tuple[str, dict, dict | None]:
    """The route's path with ids of resources its caller may act on, the valid body, the caller (once)."""
    key = (route.method, route.path)
    if key not in _prepared:
        ids = route_ids(route) if not route.public else {}
        if route.path == "/public/consent/{token}":
            domain = f"c{uuid.uuid4().hex[:8]}.example"
            r = call(
                "customers",
                "POST",
                "/engagements/ENG-AI-WORKSHOP/customers",
                claims=P1,
                body={**NOMINATE, "customer_email": f"ann@{domain}", "tenant_id": str(uuid.uuid4())},
            )
            assert r.status == 201, r.text
            r = call(
                "customers",
                "POST",
                f"/nominations/{r.json['nomination_id']}/consent-request",
                claims=P1,
                body={
                    "customer_contact": {"name": "Ann", "email": f"ann@{domain}"},
                    "partner_contact": {"name": "Pat", "email": "pat@p-1001.example.com"},
                },
            )
            assert r.status == 202, r.text
            ids["token"] = consent_token(sent()[-1])
        if route.path == "/public/surveys/{token}":
            claim_id = route_ids(next(r for r in ROUTES if r.path.endswith("/surveys/{kind}/send")))["claim_id"]
            r = call("surveys", "POST", f"/claims/{claim_id}/surveys/customer/send", claims=partner())
            assert r.status == 202, r.text
            ids["token"] = survey_token(sent()[-1])
        if key in CSV_ROUTES:
            ids["kind"] = "engagements"
        path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], route.path)
        _prepared[key] = (path, valid_body(route, ids), None if route.public else right_caller(route))
    return _prepared[key]


@st.composite
def requests(draw, route: Route) -> tuple[bytes, str]:
    if (route.method, route.path) in CSV_ROUTES:
        return draw(malformed_csv()), "text/csv"
    _, body, _ = _prepare(route)
    return draw(malformed(body)), draw(st.sampled_from(["application/json", "application/json; charset=utf-8"]))


@pytest.mark.parametrize("route", WRITES, ids=lambda r: f"{r.method} {r.path}")
def test_no_malformed_body_gets_past_the_http_layer(moto_env, route):
    path, _, claims = _prepare(route)

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )
    @given(request=requests(route))
    def check(request: tuple[bytes, str]) -> None:
        raw, content_type = request
        assume(raw.strip() or (route.method, route.path) in CSV_ROUTES)
        before = table()
        r = call(
            route.function,
            route.method,
            path,
            claims=claims,
            raw_body=raw,
            headers={"content-type": content_type, "accept": "application/json"},
        )
        assert r.status != 500, (raw[:200], r.text)
        if (route.method, route.path) in CSV_ROUTES and r.status == 200:
            assert r.json["applied"] == 0, r.text  # every row refused, each with its reason
        else:
            assert 400 <= r.status < 500, (raw[:200], r.status, r.text)
            assert {"code", "message"} <= set(r.json), r.text
        assert table() == before, raw[:200]

    check()
