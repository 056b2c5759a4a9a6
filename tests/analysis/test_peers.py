"""qcompare.analysis.peers: one city's targets against the same indicators in every other city."""

from __future__ import annotations

import pytest

from qcompare.analysis.peers import PEER_COLUMNS, peers, verdict_counts


def test_against_every_other_city(tiny_ds):
    p = peers(tiny_ds, "beta")
    assert list(p.columns) == PEER_COLUMNS
    assert set(p["child_id"]) == {"beta"} and set(p["parent_id"]) == {"alpha", "gamma"}
    pm = p.loc[(p["indicator_id"] == "pm") & (p["parent_id"] == "alpha")].iloc[0]
    assert (pm["verdict"], pm["margin"], pm["same_definition"]) == ("stricter", 6, True)
    gb = p.loc[p["parent_indicator_id"] != p["indicator_id"]]
    assert len(gb) and not gb["same_definition"].any()
    assert set(gb["verdict"]) == {"not_comparable"}


def test_same_definition_and_judged_pairs_come_first(tiny_ds):
    p = peers(tiny_ds, "beta")
    same = list(p["same_definition"])
    assert same == sorted(same, reverse=True)  # True before False
    judged = list(p.loc[p["same_definition"], "verdict"] != "not_comparable")
    assert judged == sorted(judged, reverse=True)


def test_counts_and_unknown_city(tiny_ds):
    counts = verdict_counts(peers(tiny_ds, "beta"))
    assert list(counts.index) == ["stricter", "same", "looser", "not_comparable"]
    assert counts.sum() == len(peers(tiny_ds, "beta"))
    with pytest.raises(KeyError):
        peers(tiny_ds, "nowhere")


def test_no_other_city_gives_an_empty_frame(tiny_ds):
    p = peers(tiny_ds, "beta", others=["beta"])
    assert p.empty and list(p.columns) == PEER_COLUMNS
