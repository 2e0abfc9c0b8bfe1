"""Request bodies accept exactly what the OpenAPI document says: the patterns it publishes for names, texts
and emails decide like the validators do (the fuzzer generates from those patterns, with JSON Schema's
regex semantics, and found the two disagreeing on what whitespace is)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.api.models import EMAIL, NOT_BLANK, SPACES, ContactIn, DisputeIn
from tests.support.models import accepted

text = st.text(st.sampled_from(SPACES + "\x1c\x1f\x00aZ@.-é😀"), max_size=12)


@given(text)
def test_a_text_is_accepted_exactly_when_it_has_a_character_the_pattern_calls_non_blank(value):
    assert accepted(DisputeIn, message=value) == (re.search(NOT_BLANK, value) is not None)


@given(st.one_of(text, st.from_regex(EMAIL)))
def test_an_email_is_accepted_exactly_when_it_matches_the_published_pattern(value):
    assert accepted(ContactIn, name="Ann", email=value) == (len(value) <= 254 and re.search(EMAIL, value) is not None)


@pytest.mark.parametrize(
    ("sent", "stored"), [("  ann@Example.COM\t", "ann@example.com"), ("\u3000ann@c.example\ufeff", "ann@c.example")]
)
def test_surrounding_whitespace_is_dropped_and_the_domain_lowercased(sent, stored):
    assert ContactIn(name=" Ann ", email=sent).model_dump() == {"name": "Ann", "email": stored, "locale": "en"}


@pytest.mark.parametrize(
    "bad", ["a b@c.example", "a\x1f@c.example", "a\x00@c.example", "@c.example", "a@c", "a@-c.example", "a\n@c.example"]
)
def test_not_an_address(bad):
    assert not accepted(ContactIn, name="Ann", email=bad)
