"""Sentences about targets, shared by the indicator, theme and scorecard findings: who sets
the strictest target, one city's target with its ambition and status, cities without one,
and the count of statuses."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qcompare.analysis.areas import areas_text, like_scopes
from qcompare.analysis.progress import STATUSES
from qcompare.briefings.i18n import check_lang
from qcompare.briefings.narrative.words import (
    is_missing,
    join_words,
    percent,
    period_of,
    quantity,
    quote,
    sentence,
    target_phrase,
    who,
    year_text,
)
from qcompare.data.dataset import Dataset
from qcompare.plots.labels import (
    city_name,
    indicator_name,
    status_label,
    trend_label,
)

MOVING = ("keep_falling", "keep_rising")
"""Trend clauses that ask for a change from the baseline (hold asks for none)."""


def _better_first(rows: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Rows sorted strictest target first (direction from the catalog)."""
    lower = ds.indicator(rows["indicator_id"].iloc[0])["direction"] == "lower_better"
    return rows.sort_values("target_value", ascending=lower, kind="stable")


def _direction_note(ds: Dataset, indicator_id: str, lang: str) -> str:
    if ds.indicator(indicator_id)["direction"] != "lower_better":
        return ""
    return "；该指标越低越好" if lang == "zh" else "; lower is better"


def ranking_sentence(
    ds: Dataset, rows: pd.DataFrame, indicator_id: str, cities: Sequence[str], lang: str
) -> str:
    """Who sets the strictest numeric target for one indicator (same target year only)."""
    check_lang(lang)
    name = indicator_name(ds, indicator_id, lang)
    lower = _direction_note(ds, indicator_id, lang)
    numeric = rows.loc[(rows["indicator_id"] == indicator_id) & rows["target_value"].notna()]
    all_names = join_words([city_name(ds, c, lang) for c in cities], lang)
    if numeric.empty:
        return sentence(
            f"{all_names}均未就{name}设定数值目标"
            if lang == "zh"
            else f"None of {all_names} sets a numeric target for {name}",
            lang,
        )
    year = int(numeric["target_year"].max())
    same_year = _better_first(numeric.loc[numeric["target_year"] == year], ds)
    several = same_year["city_id"].duplicated(keep=False)  # one city, several areas
    q = [
        (
            who(ds, pd.Series(r._asdict()), lang, with_area=bool(dup)),
            target_phrase(ds, pd.Series(r._asdict()), lang),
        )
        for r, dup in zip(same_year.itertuples(index=False), several, strict=True)
    ]
    caveats = _caveats(ds, same_year, lang)
    if same_year["city_id"].nunique() == 1:  # one city, maybe for several of its areas
        city = city_name(ds, same_year["city_id"].iloc[0], lang)
        targets = (
            q[0][1]
            if len(q) == 1
            else ("，" if lang == "zh" else ", ").join(
                f"{w}{t}" if lang == "zh" else f"{w} {t}" for w, t in q
            )
        )
        return sentence(
            f"只有{city}就{name}设定了{year}年数值目标（{targets}）"
            if lang == "zh"
            else f"Only {city} sets a numeric {year} target for {name} ({targets})",
            lang,
        )
    values = same_year["target_value"].tolist()
    if values[0] == values[-1] and len({p for _, p in q}) > 1:  # same level, other clauses
        each = join_words([f"{c}（{p}）" if lang == "zh" else f"{c} ({p})" for c, p in q], lang)
        return sentence(
            f"{each}的{year}年{name}目标水平相同{caveats}"
            if lang == "zh"
            else f"{each} set the same {year} level for {name}{caveats}",
            lang,
        )
    if values[0] == values[-1]:
        cities_same = join_words([c for c, _ in q], lang)
        return sentence(
            f"{cities_same}的{year}年{name}目标相同（{q[0][1]}）{caveats}"
            if lang == "zh"
            else f"{cities_same} set the same {year} target for {name} ({q[0][1]}){caveats}",
            lang,
        )
    if len(q) == 2:
        return sentence(
            f"{q[0][0]}的{year}年{name}目标（{q[0][1]}）严于{q[1][0]}（{q[1][1]}）{lower}{caveats}"
            if lang == "zh"
            else f"{q[0][0]}'s {year} target for {name} ({q[0][1]}) is stricter than "
            f"{q[1][0]}'s ({q[1][1]}){lower}{caveats}",
            lang,
        )
    strict = [c for (c, _), v in zip(q, values, strict=True) if v == values[0]]
    loose = [c for (c, _), v in zip(q, values, strict=True) if v == values[-1]]
    return sentence(
        f"在{name}上，{join_words(strict, lang)}的{year}年目标最严（{q[0][1]}），"
        f"{join_words(loose, lang)}最宽（{q[-1][1]}）{lower}{caveats}"
        if lang == "zh"
        else f"For {name}, {join_words(strict, lang)} set{'s' if len(strict) == 1 else ''} the "
        f"strictest {year} target ({q[0][1]}) and {join_words(loose, lang)} the loosest "
        f"({q[-1][1]}){lower}{caveats}",
        lang,
    )


def _caveats(ds: Dataset, rows: pd.DataFrame, lang: str) -> str:
    """What differs between targets set side by side: their areas (names from the area
    catalog) and their plans' horizons (plan date → target year). "" when like for like."""
    out = []
    if "area_id" in rows and not like_scopes([str(ds.area(a)["scope"]) for a in rows["area_id"]]):
        where = areas_text(ds, list(zip(rows["city_id"], rows["area_id"], strict=True)), lang)
        out.append(f"；统计范围不同——{where}" if lang == "zh" else f"; areas differ — {where}")
    if "horizon_years" in rows and rows["horizon_years"].nunique(dropna=True) > 1:
        groups = (
            rows.assign(_plan=rows["plan_date"].str[:4])
            .groupby(["horizon_years", "_plan"], sort=True)["city_id"]
            .agg(lambda c: list(dict.fromkeys(c)))
        )
        parts = []
        for (years, plan), cities in groups.items():
            names = join_words([city_name(ds, c, lang) for c in cities], lang)
            target = int(plan) + int(years)
            plans = "plans" if len(cities) > 1 else "a plan"
            parts.append(
                f"{names}：{plan}年的规划，距{target}年{int(years)}年"
                if lang == "zh"
                else f"{names}: {plans} of {plan}, {int(years)} year{'s' if years != 1 else ''} "
                f"before {target}"
            )
        out.append(
            "；规划期限不同——" + "；".join(parts)
            if lang == "zh"
            else "; horizons differ — " + "; ".join(parts)
        )
    return "".join(out)


def definitions_sentence(ds: Dataset, rows: pd.DataFrame, lang: str) -> str:
    """A family whose cities target different definitions: say so (the per-city sentences
    that follow name each definition and its target)."""
    n = rows["indicator_id"].nunique()
    per_city = rows.groupby("city_id", sort=False)["indicator_id"].nunique()
    cities = join_words([city_name(ds, c, lang) for c in per_city.index], lang)
    if lang == "zh":
        return sentence(
            f"{cities}的目标共用了{n}种不同口径的定义，口径不同的目标之间不能直接比较", lang
        )
    return sentence(
        f"{cities} target {n} different definitions of this concept; targets of "
        f"different definitions cannot be compared with each other",
        lang,
    )


def city_target_sentence(
    ds: Dataset,
    row: pd.Series,
    lang: str,
    with_indicator: bool = False,
    with_area: bool | None = None,
) -> str:
    """One city's target for one indicator: baseline, target, ambition, latest value and its
    period, which clause of a two-clause target holds, status (provisional on a partial year).
    The city carries its area when that is not the whole city, or when `with_area` says so."""
    city = who(ds, row, lang, with_area)
    ind = indicator_name(ds, row["indicator_id"], lang)
    who_ = (f"{city}（{ind}）" if lang == "zh" else f"{city} ({ind})") if with_indicator else city
    year = year_text(row["target_year"])
    if is_missing(row["target_value"]):
        text = quote(str(row["target_text"]), lang)
        return sentence(
            f"{who_}：{year}年目标为{text}，不是数值，无法比较或评估"
            if lang == "zh"
            else f"{who_}: the {year} target is {text}, not a number, so it can be "
            f"neither compared nor assessed",
            lang,
        )
    target = target_phrase(ds, row, lang)
    has_base = not is_missing(row["baseline_value"])
    if has_base:
        base = quantity(ds, row["indicator_id"], row["baseline_value"], lang)
        since = year_text(row["baseline_year"])
        head = (
            f"{who_}：从{since}年的{base}到{year}年{target}"
            if lang == "zh"
            else f"{who_}: from {base} in {since} to {target} by {year}"
        )
    else:
        head = (
            f"{who_}：{year}年目标{target}（规划未给出基期值）"
            if lang == "zh"
            else f"{who_}: {target} by {year} (the plan states no baseline)"
        )
    parts = [head]
    looser = row.get("looser_than_baseline")
    rate = row.get("required_annual_rate")
    trend = row.get("trend", "")
    if has_base and not is_missing(looser) and bool(looser) and trend in MOVING:
        word = trend_label(trend, lang)
        fall = trend == "keep_falling"
        parts.append(
            f"水平宽于基期值，但{word}要求较基期值{'下降' if fall else '提升'}"
            if lang == "zh"
            else f"a level looser than the baseline, but {word} asks for a "
            f"{'fall' if fall else 'rise'} from it"
        )
    elif has_base and not is_missing(looser) and bool(looser):
        parts.append(
            "目标宽于基期值，期初即已达到"
            if lang == "zh"
            else "a target looser than the baseline, met from the start"
        )
    elif not is_missing(rate) and rate == 0:
        parts.append("即保持基期水平" if lang == "zh" else "i.e. holding the baseline level")
    elif not is_missing(rate):
        parts.append(
            f"需年均变化{percent(rate)}"
            if lang == "zh"
            else f"a required change of {percent(rate)} a year"
        )
    if not is_missing(row.get("latest_value")):
        latest = quantity(ds, row["indicator_id"], row["latest_value"], lang)
        when_ = period_of(row, "latest", lang)
        parts.append(
            f"最新观测值{latest}（{when_}）"
            if lang == "zh"
            else f"latest observation {latest} ({when_})"
        )
    parts.append(_trend_words(ds, row, lang))
    parts.append(_status_words(row, lang))
    sep = "，" if lang == "zh" else "; "
    return sentence(sep.join(p for p in parts if p), lang)


def _trend_words(ds: Dataset, row: pd.Series, lang: str) -> str:
    """Which clause of a two-clause target holds ("" without a trend clause)."""
    trend = row.get("trend", "")
    if not isinstance(trend, str) or not trend:
        return ""
    word = trend_label(trend, lang)
    zh = lang == "zh"
    state = row.get("trend_status", "")
    if state == "not_assessable":
        if is_missing(row.get("latest_value")):  # the status words already say what is missing
            return ""
        why = (
            ("基期后无观测值" if zh else "no observation after the baseline")
            if not is_missing(row.get("baseline_value"))
            else ("无基期值" if zh else "no baseline")
        )
        return f"{word}无法检验（{why}）" if zh else f"{word} cannot be checked ({why})"
    if is_missing(row.get("target_value")):
        level = ""
    else:
        level = quantity(ds, row["indicator_id"], row["target_value"], lang, row["comparator"])
    ind = row["indicator_id"]
    latest = quantity(ds, ind, row["latest_value"], lang)
    base = quantity(ds, ind, row["baseline_value"], lang)
    since = year_text(row["baseline_year"])
    evidence = (
        f"{period_of(row, 'latest', lang)}为{latest}，{since}年为{base}"
        if zh
        else f"{latest} in {period_of(row, 'latest', lang)} against {base} in {since}"
    )
    held = state == "held"
    level_met = row.get("level_status") == "target_achieved"
    if not level:
        return (
            f"{word}{'已' if held else '未'}满足（{evidence}）"
            if zh
            else f"{word} {'holds' if held else 'does not hold'} ({evidence})"
        )
    if held and level_met:
        return (
            f"两项要求均满足：水平（{level}）和{word}（{evidence}）"
            if zh
            else f"both clauses hold: the level ({level}) and {word} ({evidence})"
        )
    if level_met:
        return (
            f"水平（{level}）已满足，但{word}未满足（{evidence}）"
            if zh
            else f"the level ({level}) is met but {word} does not hold ({evidence})"
        )
    if held:
        return (
            f"{word}已满足（{evidence}），水平（{level}）尚未达到"
            if zh
            else f"{word} holds ({evidence}) but the level ({level}) is not met yet"
        )
    return (
        f"水平（{level}）和{word}均未满足（{evidence}）"
        if zh
        else f"neither the level ({level}) nor {word} holds ({evidence})"
    )


def _status_words(row: pd.Series, lang: str) -> str:
    status = row["status"]
    if status == "not_assessable":
        if row.get("measure") == "flow":
            return (
                "新增类指标，不按增长率评估进展"
                if lang == "zh"
                else "a flow (additions), not assessed by growth rate"
            )
        if is_missing(row["baseline_value"]) and is_missing(row.get("latest_value")):
            return (
                "无基期值和观测值，无法评估进展"
                if lang == "zh"
                else "no baseline or observation to assess progress"
            )
        if is_missing(row["baseline_value"]):
            return (
                "无基期值，无法计算进展速度"
                if lang == "zh"
                else "no baseline, so no rate of progress"
            )
        return "无法评估进展" if lang == "zh" else "progress not assessable"
    if status == "no_observation":
        return "尚无基期之后的观测值" if lang == "zh" else "no observation after the baseline yet"
    label = status_label(status, lang)
    if not bool(row.get("provisional", False)):
        return f"进展状态：{label}" if lang == "zh" else f"status: {label.lower()}"
    when_ = period_of(row, "latest", lang)
    return (
        f"进展状态：{label}（暂定：依据{when_}的数据）"
        if lang == "zh"
        else f"status: {label.lower()} (provisional: it rests on {when_})"
    )


def missing_cities_sentence(
    ds: Dataset, rows: pd.DataFrame, cities: Sequence[str], lang: str, what: str | None = None
) -> str | None:
    """Cities that set no target for the subject; None when every city has one."""
    absent = [city_name(ds, c, lang) for c in cities if c not in set(rows["city_id"])]
    if not absent:
        return None
    what = what or ("该指标" if lang == "zh" else "this indicator")
    return sentence(
        f"{join_words(absent, lang)}的规划未就{what}设定目标"
        if lang == "zh"
        else f"{join_words(absent, lang)} set{'s' if len(absent) == 1 else ''} no "
        f"target for {what}",
        lang,
    )


def status_summary(statuses: pd.Series, lang: str) -> str:
    """已达成目标2项，暂无观测值26项 / 2 target achieved, 26 no observation (STATUSES order)."""
    counts = statuses.value_counts()
    parts = [(status_label(s, lang), int(counts[s])) for s in STATUSES if counts.get(s, 0)]
    if lang == "zh":
        return "，".join(f"{label}{n}项" for label, n in parts)
    return "; ".join(f"{label.lower()} {n}" for label, n in parts)
