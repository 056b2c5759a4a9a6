"""peers at scale: one pass over every other city gives exactly `alignment` against each.

`peers(ds, city)` is computed by `align_many` (one `target_pairs`, the child's targets merged
against every other city's at once); these tests pin it to the per-city `alignment`, stacked,
in the documented order, on the real data, the constructed v2 data (two-area targets, trend
clauses) and a many-city synthetic dataset with family pairs of different definitions.
"""

from __future__ import annotations

import pandas as pd
import pytest

from qcompare.analysis.alignment import ALIGNMENT_COLUMNS, align_many, alignment
from qcompare.analysis.peers import PEER_COLUMNS, peers

VERDICT_ORDER = ["stricter", "same", "looser", "not_comparable"]


def stacked_alignments(ds, city: str) -> pd.DataFrame:
    """The reference: `alignment` against each other city, stacked in the cities' order, then
    put in peers' order (same definition first, judged before not comparable, catalog order,
    the other city), ties kept in the stacked order."""
    frames = [alignment(ds, city, o) for o in ds.cities["city_id"] if o != city]
    out = pd.concat([f for f in frames if len(f)], ignore_index=True)
    out["same_definition"] = out["indicator_id"] == out["parent_indicator_id"]
    catalog = list(ds.indicators["indicator_id"])
    keys = [
        (not same, VERDICT_ORDER.index(v), catalog.index(i), p, n)
        for n, (same, v, i, p) in enumerate(
            zip(
                out["same_definition"],
                out["verdict"],
                out["indicator_id"],
                out["parent_id"],
                strict=True,
            )
        )
    ]
    order = [k[-1] for k in sorted(keys)]
    return out.iloc[order][PEER_COLUMNS].reset_index(drop=True)


@pytest.mark.parametrize("city", ["ruian", "wenzhou", "quanzhou"])
def test_real_peers_are_the_stacked_alignments(real_ds, city):
    got = peers(real_ds, city)
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, stacked_alignments(real_ds, city))


@pytest.mark.parametrize("city", ["alpha", "beta", "gamma"])
def test_v2_peers_are_the_stacked_alignments(v2_ds, city):
    pd.testing.assert_frame_equal(peers(v2_ds, city), stacked_alignments(v2_ds, city))


@pytest.mark.parametrize("city", ["c00000", "c00001", "c00003", "c00010"])
def test_many_city_peers_are_the_stacked_alignments(many_ds, city):
    got = peers(many_ds, city)
    pd.testing.assert_frame_equal(got, stacked_alignments(many_ds, city))
    assert got["parent_id"].nunique() == len(many_ds.cities) - 1


def test_many_city_family_pairs_only_where_no_same_indicator(many_ds):
    """c00001 (odd) targets ind_001, not ind_000: against every even city (ind_000, not
    ind_001) it forms the family pair; against odd cities it has the same-id pair."""
    p = peers(many_ds, "c00001")
    cross = p.loc[~p["same_definition"]]
    assert set(zip(cross["indicator_id"], cross["parent_indicator_id"], strict=True)) == {
        ("ind_001", "ind_000")
    }
    evens = {f"c{i:05d}" for i in range(0, 12, 2)}
    assert set(cross["parent_id"]) == evens
    assert set(cross["verdict"]) == {"not_comparable"}
    assert cross["reason"].str.startswith("different definitions in family family_000").all()
    same_001 = p.loc[p["same_definition"] & (p["indicator_id"] == "ind_001"), "parent_id"]
    assert set(same_001) == {f"c{i:05d}" for i in range(1, 12, 2)} - {"c00001"}
    # c00003 sets no target for ind_002: no pair of it for that indicator
    assert not ((p["parent_id"] == "c00003") & (p["indicator_id"] == "ind_002")).any()


def test_align_many_keeps_the_order_of_parents(tiny_ds):
    got = align_many(tiny_ds, "beta", ["gamma", "alpha"])
    expected = pd.concat(
        [alignment(tiny_ds, "beta", "gamma"), alignment(tiny_ds, "beta", "alpha")],
        ignore_index=True,
    )
    assert list(got.columns) == ALIGNMENT_COLUMNS
    pd.testing.assert_frame_equal(got, expected)
    assert list(dict.fromkeys(got["parent_id"])) == ["gamma", "alpha"]


def test_align_many_refuses_self_duplicates_and_unknown_cities(tiny_ds):
    with pytest.raises(ValueError, match="itself"):
        align_many(tiny_ds, "beta", ["alpha", "beta"])
    with pytest.raises(ValueError, match="once"):
        align_many(tiny_ds, "beta", ["alpha", "alpha"])
    with pytest.raises(KeyError):
        align_many(tiny_ds, "beta", ["nowhere"])
    empty = align_many(tiny_ds, "beta", [])
    assert empty.empty and list(empty.columns) == ALIGNMENT_COLUMNS
