"""The labels catalogue (shared/domain/labels.py): words for every code the domain has, in every locale."""

from __future__ import annotations

import pytest

from shared.domain import labels, notices
from shared.domain.claims import REJECT_REASONS, REQUEST_INFO_REASONS
from shared.domain.engagements import LOCALES, ProofItem
from shared.domain.lifecycle import Status
from shared.domain.nominations import INELIGIBLE_REASONS, NominationStatus
from shared.emails.notifications import HEADLINES


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        (labels.PROOF_ITEMS, {i.value for i in ProofItem}),
        (labels.REASON_CODES, set(REQUEST_INFO_REASONS) | set(REJECT_REASONS)),
        (labels.STATUSES, {s.value for s in Status}),
        (labels.NOMINATION_STATUSES, {s.value for s in NominationStatus}),
        (labels.INELIGIBLE_REASONS, {s.value for s in INELIGIBLE_REASONS}),
        (labels.NOTIFICATION_KINDS, {template.split(".")[0] for template in notices.MESSAGES}),
    ],
    ids=["proof_items", "reason_codes", "statuses", "nomination_statuses", "ineligible_reasons", "notification_kinds"],
)
def test_every_code_has_words_in_every_locale(words, codes):
    assert set(words) == codes
    assert labels.LOCALES == LOCALES
    for code, by_locale in words.items():
        assert set(by_locale) == set(LOCALES), code
        assert all(w.strip() == w and w for w in by_locale.values()), code


def test_the_catalogue_in_a_locale():
    dutch = labels.catalogue("nl")
    assert dutch["locale"] == "nl" and set(dutch) == {"locale", *labels.CATALOGUE}
    assert dutch["proof_items"]["invoice"] == "Factuur" and dutch["statuses"]["action_required"] == "Actie vereist"
    english = labels.catalogue("en")
    # the UI contract labels the upload inputs with these names (web/README.md)
    assert english["proof_items"]["findings_report"] == "Findings and recommendations document"
    assert english["proof_items"]["invoice"] == "Invoice"
    for name in labels.CATALOGUE:
        assert set(dutch[name]) == set(english[name])


def test_one_source_for_emails_and_the_domain():
    assert HEADLINES is labels.NOTIFICATION_KINDS
    assert INELIGIBLE_REASONS[NominationStatus.DECLINED] == labels.INELIGIBLE_REASONS["declined"]["en"]
    assert labels.word(labels.REASON_CODES, "other", "fr") == labels.REASON_CODES["other"]["en"]
    assert labels.word(labels.REASON_CODES, "made_up", "nl") == "made_up"
