"""Every draft of the real documents is evidence as it stands: its quote is an exact
substring of its source, its value_text stands in its quote, and its value is the number that
value_text states (the validator's own checks, applied to the drafts)."""

from __future__ import annotations

import pytest

from qcompare.data import coverage
from qcompare.data.numbers import states_value

SOURCES = [
    "ruian_news_2023",
    "ruian_plan_2021",
    "wenzhou_news_2024",
    "wenzhou_plan_2021",
    "quanzhou_scheme_2024",
]


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_quote_is_an_exact_substring_of_its_source(source_id, drafted, texts):
    text = texts[source_id]
    drafts = drafted[source_id].drafts
    assert drafts, "the document yields drafts"
    for d in drafts:
        quote = d.row["quote"]
        assert quote and quote in text, quote
        assert text[d.start : d.end] == quote
        assert d.row["value_text"] in quote
        if d.row["value"]:
            assert states_value(d.row["value_text"], float(d.row["value"])), d.row


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_proposed_exclusion_is_a_passage_of_its_source(source_id, drafted, texts):
    for e in drafted[source_id].exclusions:
        assert e.passage in texts[source_id]
        assert e.reason in ("other_place", "date", "structure", "restatement", "context")


def test_the_substring_check_can_fail(drafted, texts):
    """The check above is not vacuous: a quote in another script is not in the source."""
    d = next(d for d in drafted["quanzhou_scheme_2024"].drafts if "質量" in d.row["quote"])
    assert d.row["quote"].replace("質量", "质量") not in texts["quanzhou_scheme_2024"]


@pytest.mark.parametrize("source_id", SOURCES)
def test_drafts_and_proposed_exclusions_account_for_every_number(source_id, drafted, texts):
    """Moved in as they are, the drafts' quotes and the proposed exclusions leave no number
    of the document unaccounted for (`qcompare coverage` would pass)."""
    ex = drafted[source_id]
    account = coverage.account(
        source_id,
        source_id,
        texts[source_id],
        [d.row["quote"] for d in ex.drafts],
        [(e.passage, e.reason) for e in ex.exclusions],
    )
    assert account.total > 0
    left = [coverage.context(texts[source_id], t) for t in account.unaccounted]
    assert not left, left
