"""One rule for the names and addresses the API accepts and the emails carry (docs/decisions.md).

The request models validate with these functions and the email code formats with them, so whatever the
API accepted can be sent: an email never fails (and a notifier record never retries into the dead-letter
queue) on data that was let in.

- Names (every single-line free text: contact, customer, partner and engagement names, ids typed by
  people) refuse control characters (Unicode Cc: NUL, TAB, CR, LF, DEL, the C1 controls), the line and
  paragraph separators (U+2028, U+2029) and the bidirectional controls (U+061C, U+200E, U+200F,
  U+202A-U+202E, U+2066-U+2069), which would break a header, split a line or reorder what a reader sees.
- Addresses are ASCII: SES has no SMTPUTF8, so a non-ASCII local part cannot be delivered, and a domain
  must reach it in its ASCII (xn--) form. We refuse both at validation, with a message that says so,
  rather than accept an address we then cannot send to.
- In an email, names are data, never links: `defang` puts a zero-width space after each `.`, `:`, `/`
  and `@` of a name, which mail clients' auto-linkers do not read through (invisible to the reader).
"""

from __future__ import annotations

import re

# Whitespace spelled out, never `\s` or str.strip(): Python and the JSON Schema (ECMA) regex of the
# OpenAPI document disagree on what `\s` covers (\x1c-\x1f, \ufeff), and the document must say exactly
# what is accepted.
SPACES = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
SPACE_CLASS = "".join(f"\\u{ord(c):04x}" for c in SPACES)

# Never in a name: Cc, Zl, Zp and the bidi controls (as a regex class body, ECMA- and Python-compatible).
NOT_IN_NAMES = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069"
_NOT_IN_NAMES = re.compile(f"[{NOT_IN_NAMES}]")
# A name: no such character, and at least one that is not blank.
NAME = f"^[^{NOT_IN_NAMES}]*[^{NOT_IN_NAMES}{SPACE_CLASS}][^{NOT_IN_NAMES}]*$"

DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"  # RFC 5322 atext: ASCII only (SES has no SMTPUTF8)
# An address: an ASCII dot-atom local part, @, an ASCII domain of two or more
# labels; surrounding whitespace allowed (dropped).
EMAIL = f"^[{SPACE_CLASS}]*({_ATEXT}+(?:\\.{_ATEXT}+)*@{DOMAIN_LABEL}(?:\\.{DOMAIN_LABEL})+)[{SPACE_CLASS}]*$"
_EMAIL = re.compile(EMAIL)
MAX_EMAIL = 254

ZWSP = "\u200b"
_LINKABLE = re.compile(r"([.:/@])")


class UndeliverableAddress(ValueError):
    """An address SES cannot deliver to (only ever one stored before these rules)."""


def name(value: str) -> str:
    """A single-line name as the models store it (the caller strips and checks blankness)."""
    if _NOT_IN_NAMES.search(value):
        raise ValueError("must not contain control characters, line breaks or text-direction controls")
    return value


def address(value: str) -> str:
    """The address as stored: surrounding whitespace dropped, the domain lowercased; ValueError if it is
    not one we can send to (see the module's rules)."""
    match = _EMAIL.fullmatch(value) if len(value) <= MAX_EMAIL else None
    if not match:
        if any(ord(c) > 127 for c in value.strip(SPACES)):
            raise ValueError(
                "value is not a valid email address: write it in ASCII (an internationalised "
                "domain in its xn-- form); addresses with non-ASCII characters before the @ "
                "cannot be delivered"
            )
        raise ValueError("value is not a valid email address")
    local, _, domain = match.group(1).rpartition("@")
    return f"{local}@{domain.lower()}"


def sendable(value: str) -> str:
    """The address for an email header and SES's Destinations (the same rule as the models)."""
    try:
        return address(value)
    except ValueError:
        raise UndeliverableAddress("an address that cannot be delivered") from None


def one_line(value: object) -> str:
    """Any text made safe for a header or a single line: every refused character becomes a space."""
    return _NOT_IN_NAMES.sub(" ", str(value)).strip(SPACES)


def text(value: object) -> str:
    """Multi-line text for an email body: line breaks kept (as \\n), every other refused character a space."""
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return "\n".join(_NOT_IN_NAMES.sub(" ", line) for line in lines.split("\n"))


def defang(value: object) -> str:
    """A name as email text: one line, and no auto-linker sees a URL, domain or address in it."""
    return _LINKABLE.sub(r"\1" + ZWSP, one_line(value))
