"""peer_summary: one row per target of the city, the other cities counted by verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qcompare.analysis.peers import PEER_REASONS, SUMMARY_COLUMNS, peer_status, peer_summary, peers


def _targets(ds, indicator_id):
    obs = ds.observations
    rows = obs.loc[(obs["kind"] == "target") & (obs["indicator_id"] == indicator_id)]
    return rows.set_index("city_id")["value"].astype(float)


def test_many_city_counts_by_hand(many_ds):
    s = peer_summary(many_ds, peers(many_ds, "c00001")).set_index("indicator_id")
    assert list(s.reset_index().columns) == SUMMARY_COLUMNS
    # c00001 targets every indicator but ind_000 (the fixture's gap)
    assert list(s.index) == ["ind_001", "ind_002", "ind_003", "ind_004", "ind_005"]

    # ind_001 (a level, higher is better): the 5 other odd cities target it; the 6 even
    # ones only ind_000 of its family
    t = _targets(many_ds, "ind_001")
    odd = [f"c{i:05d}" for i in (3, 5, 7, 9, 11)]
    mine = t["c00001"]
    row = s.loc["ind_001"]
    assert row["n_stricter"] == sum(mine > t[o] for o in odd)
    assert row["n_looser"] == sum(mine < t[o] for o in odd)
    assert row["n_same"] == sum(mine == t[o] for o in odd)
    assert (row["n_not_comparable"], row["main_reason"]) == (6, "different_definition")
    assert row["n_cities"] == 11 and row["n_comparable"] == 5
    assert row["peer_median"] == np.median([t[o] for o in odd])

    # ind_002 and ind_003 are counts (stock, flow): never compared; c00003 sets no ind_002
    assert s.loc["ind_002", ["n_cities", "n_not_comparable"]].tolist() == [10, 10]
    assert s.loc["ind_003", ["n_cities", "n_not_comparable"]].tolist() == [11, 11]
    assert set(s.loc[["ind_002", "ind_003"], "main_reason"]) == {"count"}
    assert s.loc[["ind_002", "ind_003"], "peer_median"].isna().all()

    # ind_004 and ind_005 (levels; ind_004 higher is better, ind_005 lower) are targeted by all
    # 11 other cities: a lower target is the stricter one where lower is better
    assert many_ds.indicator("ind_004")["direction"] == "higher_better"
    assert many_ds.indicator("ind_005")["direction"] == "lower_better"
    for ind, sign in (("ind_004", 1), ("ind_005", -1)):
        t = _targets(many_ds, ind)
        others = [c for c in t.index if c != "c00001"]
        assert s.loc[ind, "n_stricter"] == sum(sign * (t["c00001"] - t[o]) > 0 for o in others)
        assert s.loc[ind, "n_looser"] == sum(sign * (t["c00001"] - t[o]) < 0 for o in others)
        assert s.loc[ind, "n_stricter"] + s.loc[ind, "n_looser"] > 0
        assert s.loc[ind, "peer_median"] == np.median([t[o] for o in others])


def test_counts_add_up_and_one_status_per_other_city(many_ds):
    for city in ("c00000", "c00003", "c00010"):
        p = peers(many_ds, city)
        s = peer_summary(many_ds, p)
        parts = s[["n_stricter", "n_same", "n_looser", "n_not_comparable"]].sum(axis=1)
        assert (parts == s["n_cities"]).all()
        status = peer_status(many_ds, p)
        assert not status.duplicated(["indicator_id", "child_area_id", "parent_id"]).any()
        assert set(status["reason"]) <= {"", *PEER_REASONS}


def test_real_wenzhou_reasons(real_ds):
    s = peer_summary(real_ds, peers(real_ds, "wenzhou"))
    by = s.set_index(["indicator_id", "child_area_id"])
    # a target in words (省定目标) cannot be compared
    assert by.loc[("env_good_air_days_ratio", "wenzhou_urban"), "main_reason"] == "not_a_number"
    # PM2.5 for Wenzhou's urban districts against whole cities: a different area
    assert by.loc[("env_pm25", "wenzhou_urban"), "main_reason"] == "area_or_period"
    row = by.loc[("prod_mfg_quality_pass_rate", "wenzhou")]
    assert (row["n_stricter"], row["n_cities"], row["peer_median"]) == (1, 1, 95.0)


def test_empty_peers_give_an_empty_summary(tiny_ds):
    s = peer_summary(tiny_ds, peers(tiny_ds, "beta", others=[]))
    assert s.empty and list(s.columns) == SUMMARY_COLUMNS


def test_like_for_like_pair_wins_over_reasons():
    """An other city counted once: judged like for like beats any reason; reasons by order."""
    ds = type("DS", (), {})()
    ds.indicators = pd.DataFrame({"indicator_id": ["a"], "measure": ["level"]})
    base = dict(indicator_id="a", child_area_id="x", child_target=1.0, parent_target=2.0)
    rows = pd.DataFrame(
        [
            {
                **base,
                "parent_id": "p",
                "same_definition": False,
                "like_for_like": True,
                "verdict": "not_comparable",
            },
            {
                **base,
                "parent_id": "p",
                "same_definition": True,
                "like_for_like": True,
                "verdict": "looser",
            },
            {
                **base,
                "parent_id": "q",
                "same_definition": True,
                "like_for_like": False,
                "verdict": "looser",
            },
            {
                **base,
                "parent_id": "q",
                "same_definition": False,
                "like_for_like": True,
                "verdict": "not_comparable",
            },
        ]
    )
    got = peer_status(ds, rows).set_index("parent_id")
    assert got.loc["p", ["status", "reason"]].tolist() == ["looser", ""]
    assert got.loc["q", ["status", "reason"]].tolist() == ["not_comparable", "different_definition"]
