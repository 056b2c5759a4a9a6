"""Compact display tables of the briefings: analytics frames → labelled, localized text columns.

Values become short text (numbers as a reader writes them, with the year in brackets), column
headers come from i18n, names and units from the catalog. Escaping is left to
qcompare.briefings.html.table, which every table passes through.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qcompare.analysis.peers import peer_summary
from qcompare.briefings.i18n import peer_reason_label, t, theme_label, verdict_label
from qcompare.briefings.narrative.alignment import like_for_like_words
from qcompare.briefings.narrative.scorecard import peers_listed
from qcompare.briefings.narrative.words import (
    is_missing,
    is_whole_area,
    percent,
    period_of,
    quantity,
    target_phrase,
    who,
    year_text,
)
from qcompare.data.dataset import Dataset
from qcompare.data.vocab import COUNT_MEASURES, KINDS
from qcompare.plots.labels import (
    area_label,
    city_name,
    indicator_name,
    status_label,
    trend_label,
)

SHOWN_KINDS = ("baseline", "target", "observed")


def observations_for(
    ds: Dataset,
    indicator_ids: Sequence[str],
    cities: Sequence[str],
    kinds: Sequence[str] = SHOWN_KINDS,
) -> pd.DataFrame:
    """The observations behind what a briefing shows (for its Sources section)."""
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kind(s) {unknown}; expected some of {KINDS}")
    o = ds.observations
    return o.loc[
        o["indicator_id"].isin(list(indicator_ids))
        & o["city_id"].isin(list(cities))
        & o["kind"].isin(list(kinds))
    ]


def bullet_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets worth a bullet chart: a numeric target and a baseline or latest value to set
    it against (a lone target tick says nothing the table does not)."""
    has_target = targets["target_value"].notna()
    has_other = targets["baseline_value"].notna() | targets["latest_value"].notna()
    return targets.loc[has_target & has_other]


def trajectory_ids(ds: Dataset, indicator_ids: Sequence[str], cities: Sequence[str]) -> list[str]:
    """Indicators with a path to draw: some city has numbers in two or more years."""
    obs = observations_for(ds, indicator_ids, cities)
    obs = obs.loc[obs["value"].notna()]
    years = obs.groupby(["indicator_id", "city_id"])["year"].nunique()
    drawable = set(years[years >= 2].index.get_level_values("indicator_id"))
    return [i for i in indicator_ids if i in drawable]


def _with_year(text: str, year: object, lang: str) -> str:
    if not text or is_missing(year):
        return text or "—"
    return f"{text}（{year_text(year)}）" if lang == "zh" else f"{text} ({year_text(year)})"


def _qty(ds: Dataset, ind: str, value: object, lang: str, comparator: str = "") -> str:
    return "" if is_missing(value) else quantity(ds, ind, float(value), lang, comparator)


def targets_display(
    ds: Dataset, frame: pd.DataFrame, lang: str, *, city: bool = True, theme: bool = False
) -> pd.DataFrame:
    """Targets (rows of `assess`/`scorecard`): the city (with its area when not the whole
    city), baseline, target with its trend clause, the plan's horizon, the latest value with
    its period (Jan–Nov 2023), rate and status (marked provisional on a partial year)."""
    rows = []
    for r in frame.to_dict("records"):
        r = pd.Series(r)
        row = {}
        if city:
            row[t("city", lang)] = who(ds, r, lang)
        if theme:
            row[t("theme", lang)] = theme_label(r["theme"], lang)
        name = indicator_name(ds, r["indicator_id"], lang)
        if not city and not is_whole_area(ds, r["area_id"]):
            area = area_label(ds, r["area_id"], lang)
            name = f"{name}（{area}）" if lang == "zh" else f"{name} for {area}"
        row[t("indicator", lang)] = name
        row[t("baseline", lang)] = _with_year(
            _qty(ds, r["indicator_id"], r["baseline_value"], lang), r["baseline_year"], lang
        )
        row[t("target", lang)] = _with_year(target_phrase(ds, r, lang), r["target_year"], lang)
        plan = str(r.get("plan_date", ""))[:4]
        row[t("horizon", lang)] = (
            f"{plan} → {year_text(r['target_year'])}" if plan and plan.isdigit() else "—"
        )
        latest = _qty(ds, r["indicator_id"], r["latest_value"], lang)
        if latest and bool(r.get("latest_partial_year", False)):  # the months it covers
            when_ = period_of(r, "latest", lang)
            row[t("latest", lang)] = (
                f"{latest}（{when_}）" if lang == "zh" else f"{latest} ({when_})"
            )
        else:
            row[t("latest", lang)] = _with_year(latest, r["latest_year"], lang)
        row[t("required_rate", lang)] = (
            "—" if is_missing(r["required_annual_rate"]) else percent(r["required_annual_rate"])
        )
        status = status_label(r["status"], lang)
        if bool(r.get("provisional", False)):
            status += "（暂定）" if lang == "zh" else " (provisional)"
        row[t("status", lang)] = status
        rows.append(row)
    return pd.DataFrame(rows)


def alignment_display(ds: Dataset, align: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Child vs parent targets with the verdict and, where not comparable, why."""
    child_col = city_name(ds, align["child_id"].iloc[0], lang) if len(align) else "child"
    parent_col = city_name(ds, align["parent_id"].iloc[0], lang) if len(align) else "parent"
    rows = []
    for r in align.itertuples(index=False):
        child = (
            _qty(ds, r.indicator_id, r.child_target, lang, r.child_comparator)
            or f"“{r.child_target_text}”"
        )
        parent = (
            _qty(ds, r.parent_indicator_id, r.parent_target, lang, r.parent_comparator)
            or f"“{r.parent_target_text}”"
        )
        child += _trend_words(getattr(r, "child_trend", ""), lang)
        parent += _trend_words(getattr(r, "parent_trend", ""), lang)
        name = indicator_name(ds, r.indicator_id, lang)
        if r.parent_indicator_id != r.indicator_id:
            other = indicator_name(ds, r.parent_indicator_id, lang)
            name = f"{name} ↔ {other}"
        rows.append(
            {
                t("indicator", lang): name,
                child_col: child,
                parent_col: parent,
                t("verdict", lang): verdict_label(r.verdict, lang),
                t("margin", lang): (
                    "—" if is_missing(r.margin) else "0" if r.margin == 0 else f"{r.margin:+g}"
                ),
                t("reason", lang): alignment_reason(ds, r, lang),
            }
        )
    return pd.DataFrame(rows)


def _trend_words(trend: object, lang: str) -> str:
    """ "并持续下降" / " and keep falling" for a target's trend clause, "" without one."""
    if not isinstance(trend, str) or not trend:
        return ""
    word = trend_label(trend, lang)
    return f"并{word}" if lang == "zh" else f" and {word}"


def alignment_reason(ds: Dataset, r, lang: str) -> str:
    """Why a pair is not comparable (or what to keep in mind), from the row's columns."""
    zh = lang == "zh"
    child, parent = city_name(ds, r.child_id, lang), city_name(ds, r.parent_id, lang)
    parts = []
    if r.parent_indicator_id != r.indicator_id:
        parts.append("口径不同" if zh else "different definitions")
    if is_missing(r.child_target):
        parts.append(
            f"{child}目标不是数值（“{r.child_target_text}”）"
            if zh
            else f"{child}'s target is not a number (“{r.child_target_text}”)"
        )
    if is_missing(r.parent_target):
        parts.append(
            f"{parent}目标不是数值（“{r.parent_target_text}”）"
            if zh
            else f"{parent}'s target is not a number (“{r.parent_target_text}”)"
        )
    measure = str(ds.indicator(r.indicator_id)["measure"])
    if r.parent_indicator_id == r.indicator_id and measure in COUNT_MEASURES:
        parts.append("计数类指标，随城市规模而变" if zh else "a count, which scales with city size")
    if r.child_target_year != r.parent_target_year:
        parts.append(
            f"目标年份不同（{r.child_target_year}、{r.parent_target_year}）"
            if zh
            else f"target years differ ({r.child_target_year}, {r.parent_target_year})"
        )
    if "~" in (r.child_comparator, r.parent_comparator):
        parts.append("含约数目标" if zh else "a target is approximate")
    differs = like_for_like_words(ds, r, lang)
    if differs:
        parts.append(differs)
    return ("；" if zh else "; ").join(parts) or "—"


def track_record_display(ds: Dataset, record: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Previous plan: target and result as stated, met or not."""
    met_words = {True: "是" if lang == "zh" else "yes", False: "否" if lang == "zh" else "no"}
    rows = []
    for r in record.itertuples(index=False):
        rows.append(
            {
                t("theme", lang): theme_label(r.theme, lang),
                t("indicator", lang): indicator_name(ds, r.indicator_id, lang),
                t("year", lang): r.year,
                t("prior_target", lang): r.prior_target_text or "—",
                t("prior_actual", lang): r.prior_actual_text or "—",
                t("met", lang): "—" if is_missing(r.met) else met_words[bool(r.met)],
            }
        )
    return pd.DataFrame(rows)


def attainment_display(att: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Completion rate of the previous plan per theme."""
    head = {
        "zh": ("主题", "指标数", "可判断", "已完成", "完成率"),
        "en": ("Theme", "Indicators", "Judged", "Met", "Completion"),
    }[lang]
    return pd.DataFrame(
        {
            head[0]: [theme_label(x, lang) for x in att["theme"]],
            head[1]: att["n_indicators"].astype(int),
            head[2]: att["n_assessed"].astype(int),
            head[3]: att["n_met"].astype(int),
            head[4]: ["—" if is_missing(x) else f"{x:.0%}" for x in att["attainment_rate"]],
        }
    )


def peers_display(ds: Dataset, peer_rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scorecard's peers table (rows of `peers`): every pair while the other cities are few
    (`narrative.scorecard.PEERS_LISTED_MAX`), else one row per target of the city."""
    if peers_listed(peer_rows):
        return peers_pairs_display(ds, peer_rows, lang)
    return peers_summary_display(ds, peer_summary(ds, peer_rows), lang)


def peers_summary_display(ds: Dataset, summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per target of the city (rows of `peer_summary`): its target, how many other
    cities' like-for-like targets it is stricter than / the same as / looser than, how many
    cannot be compared (with the main reason), and the median comparable target with its
    catalog unit. One row per target, never per pair: fast for hundreds of cities."""
    zh = lang == "zh"
    rows = []
    for r in summary.itertuples(index=False):
        name = indicator_name(ds, r.indicator_id, lang)
        if not is_whole_area(ds, r.child_area_id):
            area = area_label(ds, r.child_area_id, lang)
            name = f"{name}（{area}）" if zh else f"{name} for {area}"
        mine = (
            _qty(ds, r.indicator_id, r.child_target, lang, r.child_comparator)
            or f"“{r.child_target_text}”"
        ) + _trend_words(r.child_trend, lang)
        apart = str(r.n_not_comparable)
        if r.n_not_comparable:
            why = peer_reason_label(r.main_reason, lang)
            apart += f"（{why}）" if zh else f" ({why})"
        rows.append(
            {
                t("indicator", lang): name,
                t("target", lang): _with_year(mine, r.child_target_year, lang),
                t("peer_stricter", lang): int(r.n_stricter),
                t("peer_same", lang): int(r.n_same),
                t("peer_looser", lang): int(r.n_looser),
                t("peer_not_comparable", lang): apart,
                t("peer_median", lang): _qty(ds, r.indicator_id, r.peer_median, lang) or "—",
            }
        )
    columns = [
        t(k, lang)
        for k in (
            "indicator",
            "target",
            "peer_stricter",
            "peer_same",
            "peer_looser",
            "peer_not_comparable",
            "peer_median",
        )
    ]
    return pd.DataFrame(rows, columns=columns)


def peers_pairs_display(ds: Dataset, peer_rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The city's targets against each other city's (rows of `peers`): both targets, the
    verdict, like for like or not, and why a pair cannot be compared."""
    zh = lang == "zh"
    rows = []
    for r in peer_rows.itertuples(index=False):
        mine = (
            _qty(ds, r.indicator_id, r.child_target, lang, r.child_comparator)
            or f"“{r.child_target_text}”"
        )
        theirs = (
            _qty(ds, r.parent_indicator_id, r.parent_target, lang, r.parent_comparator)
            or f"“{r.parent_target_text}”"
        )
        name = indicator_name(ds, r.indicator_id, lang)
        if not r.same_definition:
            name = f"{name} ↔ {indicator_name(ds, r.parent_indicator_id, lang)}"
        like = bool(r.same_definition) and bool(r.like_for_like)
        rows.append(
            {
                t("indicator", lang): name,
                t("target", lang): _with_year(mine, r.child_target_year, lang),
                ("对比城市" if zh else "Other city"): city_name(ds, r.parent_id, lang),
                ("对比城市目标" if zh else "Its target"): _with_year(
                    theirs, r.parent_target_year, lang
                ),
                t("verdict", lang): verdict_label(r.verdict, lang),
                ("同口径" if zh else "Like for like"): (
                    ("是" if zh else "yes") if like else ("否" if zh else "no")
                ),
                t("reason", lang): alignment_reason(ds, r, lang),
            }
        )
    return pd.DataFrame(rows)


def looser_display(ds: Dataset, card: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets looser than their own baseline: met on the day the plan was written."""
    looser = card.loc[card["looser_than_baseline"].fillna(False).astype(bool)]
    shown = targets_display(ds, looser, lang, city=False, theme=True)
    return shown.drop(columns=[t("latest", lang), t("status", lang)], errors="ignore")


def words_display(ds: Dataset, card: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets that are not numbers, in the plan's own words."""
    words = card.loc[card["target_value"].isna()]
    return pd.DataFrame(
        {
            t("theme", lang): [theme_label(x, lang) for x in words["theme"]],
            t("indicator", lang): [indicator_name(ds, i, lang) for i in words["indicator_id"]],
            t("target", lang): [
                _with_year(f"“{w}”", y, lang)
                for w, y in zip(words["target_text"], words["target_year"], strict=True)
            ],
        }
    )
