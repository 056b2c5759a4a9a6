"""The opening findings of each briefing: sentences computed from the analytics tables.

Nothing here is written for a particular city or indicator: every sentence is assembled from
the rows it describes (names and units from the catalog, numbers from the tables), in Chinese
or English. Each `*_findings` function returns a list of plain-text sentences, headline first;
the headline is the briefing's one-line finding in reports/index.html. Escaping happens where
the text meets HTML (qcompare.briefings.html).

Inputs are the outputs of the analytics functions:
`assess(ds, …)` (progress.py: targets with ambition, status and catalog columns),
`scorecard(ds, city)`, `alignment(ds, child, parent)` and `track_record(ds, …)`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

import pandas as pd

from qcompare.briefings.i18n import check_lang, theme_label, verdict_label
from qcompare.dataset import Dataset
from qcompare.plots.labels import (
    city_name,
    fmt_number,
    indicator_name,
    is_partial_year,
    status_label,
)
from qcompare.progress import DEFAULT_THRESHOLDS, STATUSES, Thresholds

MAX_LISTED = 3  # items named in a list sentence before "and N more"


# --- words ---------------------------------------------------------------------------------

def is_missing(value: object) -> bool:
    """None, NA or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def join_words(items: Sequence[str], lang: str) -> str:
    """瑞安、温州和泉州 / Ruian, Wenzhou and Quanzhou."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def listing(items: Sequence[str], lang: str, limit: int = MAX_LISTED) -> str:
    """Up to `limit` items, then "等N项" / "and N more"."""
    items = list(items)
    if len(items) <= limit:
        return join_words(items, lang)
    rest = len(items) - limit
    if lang == "zh":
        return "、".join(items[:limit]) + f"等{len(items)}项"
    return ", ".join(items[:limit]) + f" and {rest} more"


def sentence(text: str, lang: str) -> str:
    """Close a sentence with 。 or . (unless it already ends in punctuation)."""
    text = text.strip()
    if text and text[-1] in "。.！？!?":
        return text
    return text + ("。" if lang == "zh" else ".")


def quote(text: str, lang: str) -> str:
    return f"“{text}”"


def year_text(value: object) -> str:
    """2020.0, 2020 or "2020" -> "2020"; missing -> ""."""
    return "" if is_missing(value) else str(int(float(value)))  # type: ignore[arg-type]


def percent(fraction: float) -> str:
    """0.182 -> "18.2%", 0.0021 -> "0.21%" (a signed rate keeps its sign)."""
    pct = fraction * 100
    digits = 1 if abs(pct) >= 1 else 2
    return f"{pct:+.{digits}f}%"


def unit_of(ds: Dataset, indicator_id: str, lang: str) -> str:
    row = ds.indicator(indicator_id)
    return str(row["unit_zh"] if lang == "zh" else row["unit"])


def quantity(ds: Dataset, indicator_id: str, value: float, lang: str,
             comparator: str = "") -> str:
    """A number with its catalog unit and comparator: ≤26微克/立方米, ≥96%, about 5 items."""
    unit = unit_of(ds, indicator_id, lang)
    number = fmt_number(value)
    if lang == "zh":  # 26微克/立方米, 95%; a unit in Latin letters or symbols keeps a space
        wide = bool(unit) and unicodedata.east_asian_width(unit[0]) in ("W", "F")
        body = f"{number}{unit}" if unit == "%" or wide else f"{number} {unit}"
        sign = {">=": "≥", "<=": "≤", "~": "约"}.get(comparator, "")
    else:
        body = f"{number}{unit}" if unit == "%" else f"{number} {unit}"
        sign = {">=": "≥", "<=": "≤", "~": "about "}.get(comparator, "")
    return sign + body


def target_phrase(ds: Dataset, row: pd.Series, lang: str, prefix: str = "target") -> str:
    """The target as stated: a quantity, or the plan's own words when it is not a number."""
    value, comparator = row[f"{prefix}_value"], row.get("comparator", "")
    if is_missing(value):
        return quote(str(row.get(f"{prefix}_text", "")), lang)
    return quantity(ds, row["indicator_id"], value, lang, str(comparator or ""))


def _better_first(rows: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Rows sorted strictest target first (direction from the catalog)."""
    lower = ds.indicator(rows["indicator_id"].iloc[0])["direction"] == "lower_better"
    return rows.sort_values("target_value", ascending=lower, kind="stable")


def _direction_note(ds: Dataset, indicator_id: str, lang: str) -> str:
    if ds.indicator(indicator_id)["direction"] != "lower_better":
        return ""
    return "；该指标越低越好" if lang == "zh" else "; lower is better"


# --- one indicator across cities ----------------------------------------------------------

def city_line(ds: Dataset, city_id: str, lang: str) -> str:
    """温州 · 地级市 · 浙江 / Ruian · county-level city under Wenzhou · Zhejiang."""
    from qcompare.briefings.i18n import t

    row = ds.city(city_id)
    level = t(str(row["admin_level"]), lang)
    if row["parent_id"]:
        parent = city_name(ds, str(row["parent_id"]), lang)
        level = f"{level}（隶属{parent}）" if lang == "zh" else f"{level} under {parent}"
    if lang == "zh":  # the cities table has the province in English only
        return f"{city_name(ds, city_id, lang)} · {level}"
    return f"{city_name(ds, city_id, lang)} · {level} · {row['province']}"

def subject_line(ds: Dataset, indicator_ids: Sequence[str], cities: Sequence[str],
                 lang: str) -> str:
    """What the briefing compares: indicator(s) with unit and direction, and the cities."""
    check_lang(lang)
    names = []
    for ind in indicator_ids:
        row = ds.indicator(ind)
        unit = unit_of(ds, ind, lang)
        better = {"lower_better": ("越低越好", "lower is better"),
                  "higher_better": ("越高越好", "higher is better")}[row["direction"]]
        names.append(f"{indicator_name(ds, ind, lang)}（{unit}，{better[0]}）" if lang == "zh"
                     else f"{indicator_name(ds, ind, lang)} ({unit}, {better[1]})")
    sep = "；" if lang == "zh" else "; "
    places = join_words([city_name(ds, c, lang) for c in cities], lang)
    return (f"指标：{sep.join(names)}。城市：{places}。" if lang == "zh" else
            f"Indicator{'s' if len(names) > 1 else ''}: {sep.join(names)}. Cities: {places}.")


def ranking_sentence(ds: Dataset, rows: pd.DataFrame, indicator_id: str,
                     cities: Sequence[str], lang: str) -> str:
    """Who sets the strictest numeric target for one indicator (same target year only)."""
    check_lang(lang)
    name = indicator_name(ds, indicator_id, lang)
    lower = _direction_note(ds, indicator_id, lang)
    numeric = rows.loc[(rows["indicator_id"] == indicator_id) & rows["target_value"].notna()]
    all_names = join_words([city_name(ds, c, lang) for c in cities], lang)
    if numeric.empty:
        return sentence(f"{all_names}均未就{name}设定数值目标" if lang == "zh" else
                        f"None of {all_names} sets a numeric target for {name}", lang)
    year = int(numeric["target_year"].max())
    same_year = _better_first(numeric.loc[numeric["target_year"] == year], ds)
    q = [(city_name(ds, r.city_id, lang), target_phrase(ds, pd.Series(r._asdict()), lang))
         for r in same_year.itertuples(index=False)]
    if len(q) == 1:
        (city, target), = q
        return sentence(f"只有{city}就{name}设定了{year}年数值目标（{target}）" if lang == "zh"
                        else f"Only {city} sets a numeric {year} target for {name} ({target})",
                        lang)
    values = same_year["target_value"].tolist()
    if values[0] == values[-1]:
        cities_same = join_words([c for c, _ in q], lang)
        return sentence(f"{cities_same}的{year}年{name}目标相同（{q[0][1]}）" if lang == "zh"
                        else f"{cities_same} set the same {year} target for {name} ({q[0][1]})",
                        lang)
    if len(q) == 2:
        return sentence(
            f"{q[0][0]}的{year}年{name}目标（{q[0][1]}）严于{q[1][0]}（{q[1][1]}）{lower}"
            if lang == "zh" else
            f"{q[0][0]}'s {year} target for {name} ({q[0][1]}) is stricter than "
            f"{q[1][0]}'s ({q[1][1]}){lower}", lang)
    strict = [c for (c, _), v in zip(q, values, strict=True) if v == values[0]]
    loose = [c for (c, _), v in zip(q, values, strict=True) if v == values[-1]]
    return sentence(
        f"在{name}上，{join_words(strict, lang)}的{year}年目标最严（{q[0][1]}），"
        f"{join_words(loose, lang)}最宽（{q[-1][1]}）{lower}" if lang == "zh" else
        f"For {name}, {join_words(strict, lang)} set{'s' if len(strict) == 1 else ''} the "
        f"strictest {year} target ({q[0][1]}) and {join_words(loose, lang)} the loosest "
        f"({q[-1][1]}){lower}", lang)


def definitions_sentence(ds: Dataset, rows: pd.DataFrame, lang: str) -> str:
    """A family whose cities target different definitions: say so (the per-city sentences
    that follow name each definition and its target)."""
    n = rows["indicator_id"].nunique()
    per_city = rows.groupby("city_id", sort=False)["indicator_id"].nunique()
    cities = join_words([city_name(ds, c, lang) for c in per_city.index], lang)
    if lang == "zh":
        return sentence(f"{cities}的目标共用了{n}种不同口径的定义，口径不同的目标之间不能直接比较",
                        lang)
    return sentence(f"{cities} target {n} different definitions of this concept; targets of "
                    f"different definitions cannot be compared with each other", lang)


def city_target_sentence(ds: Dataset, row: pd.Series, lang: str,
                         with_indicator: bool = False) -> str:
    """One city's target for one indicator: baseline, target, ambition, latest value, status."""
    city = city_name(ds, row["city_id"], lang)
    ind = indicator_name(ds, row["indicator_id"], lang)
    who = (f"{city}（{ind}）" if lang == "zh" else f"{city} ({ind})") if with_indicator else city
    year = year_text(row["target_year"])
    if is_missing(row["target_value"]):
        text = quote(str(row["target_text"]), lang)
        return sentence(f"{who}：{year}年目标为{text}，不是数值，无法比较或评估" if lang == "zh"
                        else f"{who}: the {year} target is {text}, not a number, so it can be "
                             f"neither compared nor assessed", lang)
    target = target_phrase(ds, row, lang)
    has_base = not is_missing(row["baseline_value"])
    if has_base:
        base = quantity(ds, row["indicator_id"], row["baseline_value"], lang)
        since = year_text(row["baseline_year"])
        head = (f"{who}：从{since}年的{base}到{year}年{target}" if lang == "zh"
                else f"{who}: from {base} in {since} to {target} by {year}")
    else:
        head = (f"{who}：{year}年目标{target}（规划未给出基期值）" if lang == "zh"
                else f"{who}: {target} by {year} (the plan states no baseline)")
    parts = [head]
    looser = row.get("looser_than_baseline")
    rate = row.get("required_annual_rate")
    if has_base and not is_missing(looser) and bool(looser):
        parts.append("目标宽于基期值，期初即已达到" if lang == "zh"
                     else "a target looser than the baseline, met from the start")
    elif not is_missing(rate) and rate == 0:
        parts.append("即保持基期水平" if lang == "zh" else "i.e. holding the baseline level")
    elif not is_missing(rate):
        parts.append(f"需年均变化{percent(rate)}" if lang == "zh"
                     else f"a required change of {percent(rate)} a year")
    if not is_missing(row.get("latest_value")):
        latest = quantity(ds, row["indicator_id"], row["latest_value"], lang)
        partial = _latest_is_partial(ds, row)
        if lang == "zh":
            parts.append(f"最新观测值{latest}（{year_text(row['latest_year'])}年"
                         f"{'，年内部分数据' if partial else ''}）")
        else:
            parts.append(f"latest observation {latest} ({year_text(row['latest_year'])}"
                         f"{', partial year' if partial else ''})")
    parts.append(_status_words(row, lang))
    sep = "，" if lang == "zh" else "; "
    return sentence(sep.join(p for p in parts if p), lang)


def _latest_is_partial(ds: Dataset, row: pd.Series) -> bool:
    kind = row.get("latest_kind") or "observed"
    obs = ds.obs(city_id=row["city_id"], indicator_id=row["indicator_id"], kind=kind)
    obs = obs.loc[obs["year"] == row["latest_year"]]
    return any(is_partial_year(n, t) for n, t in zip(obs["note"], obs["value_text"],
                                                     strict=True))


def _status_words(row: pd.Series, lang: str) -> str:
    status = row["status"]
    if status == "not_assessable":
        if row.get("measure") == "flow":
            return "新增类指标，不按增长率评估进展" if lang == "zh" else \
                "a flow (additions), not assessed by growth rate"
        if is_missing(row["baseline_value"]) and is_missing(row.get("latest_value")):
            return "无基期值和观测值，无法评估进展" if lang == "zh" else \
                "no baseline or observation to assess progress"
        if is_missing(row["baseline_value"]):
            return "无基期值，无法计算进展速度" if lang == "zh" else \
                "no baseline, so no rate of progress"
        return "无法评估进展" if lang == "zh" else "progress not assessable"
    if status == "no_observation":
        return "尚无基期之后的观测值" if lang == "zh" else "no observation after the baseline yet"
    label = status_label(status, lang)
    return f"进展状态：{label}" if lang == "zh" else f"status: {label.lower()}"


def missing_cities_sentence(ds: Dataset, rows: pd.DataFrame, cities: Sequence[str],
                            lang: str, what: str | None = None) -> str | None:
    """Cities that set no target for the subject; None when every city has one."""
    absent = [city_name(ds, c, lang) for c in cities if c not in set(rows["city_id"])]
    if not absent:
        return None
    what = what or ("该指标" if lang == "zh" else "this indicator")
    return sentence(f"{join_words(absent, lang)}的规划未就{what}设定目标" if lang == "zh" else
                    f"{join_words(absent, lang)} set{'s' if len(absent) == 1 else ''} no "
                    f"target for {what}", lang)


def indicator_findings(ds: Dataset, status: pd.DataFrame, indicator_ids: Sequence[str],
                       cities: Sequence[str], lang: str) -> list[str]:
    """Findings for one indicator or one family across cities (status = `assess(ds, …)`)."""
    check_lang(lang)
    cities = list(cities)
    rows = status.loc[status["indicator_id"].isin(indicator_ids) & status["city_id"].isin(cities)]
    rows = rows.assign(_c=rows["city_id"].map({c: i for i, c in enumerate(cities)}),
                       _i=rows["indicator_id"].map({m: i for i, m in enumerate(indicator_ids)}))
    rows = rows.sort_values(["_c", "_i"], kind="stable").drop(columns=["_c", "_i"])
    targeted = list(dict.fromkeys(rows["indicator_id"]))
    out = []
    if len(indicator_ids) == 1 or len(targeted) == 1:
        out.append(ranking_sentence(ds, rows, (targeted or list(indicator_ids))[0], cities, lang))
    elif targeted:
        out.append(definitions_sentence(ds, rows, lang))
        for ind in targeted:  # definitions shared by several cities can still be ranked
            if rows.loc[rows["indicator_id"] == ind, "target_value"].notna().sum() >= 2:
                out.append(ranking_sentence(ds, rows, ind, cities, lang))
    else:
        out.append(ranking_sentence(ds, rows, indicator_ids[0], cities, lang))
    several = len(targeted) > 1
    out.extend(city_target_sentence(ds, r, lang, with_indicator=several)
               for _, r in rows.iterrows())
    absent = missing_cities_sentence(ds, rows, cities, lang)
    if absent:
        out.append(absent)
    return out


# --- one city's scorecard -----------------------------------------------------------------

def status_summary(statuses: pd.Series, lang: str) -> str:
    """已达成目标2项，暂无观测值26项 / 2 target achieved, 26 no observation (STATUSES order)."""
    counts = statuses.value_counts()
    parts = [(status_label(s, lang), int(counts[s])) for s in STATUSES if counts.get(s, 0)]
    if lang == "zh":
        return "，".join(f"{label}{n}项" for label, n in parts)
    return "; ".join(f"{label.lower()} {n}" for label, n in parts)


def scorecard_findings(ds: Dataset, card: pd.DataFrame, city_id: str, lang: str) -> list[str]:
    """Findings for one city's scorecard (card = `scorecard(ds, city_id)`)."""
    check_lang(lang)
    city = city_name(ds, city_id, lang)
    if card.empty:
        return [sentence(f"{city}的规划中没有目标" if lang == "zh" else
                         f"{city}'s plan sets no targets", lang)]
    n, themes = len(card), card["theme"].nunique()
    numeric = int(card["target_value"].notna().sum())
    based = int((card["target_value"].notna() & card["baseline_value"].notna()).sum())
    if lang == "zh":
        base_words = f"{based}项同时给出了基期值" if based else "均未给出基期值"
        head = (f"{city}的规划共设定{n}项目标，涉及{themes}个主题，"
                f"其中{numeric}项为数值目标，{base_words}")
    else:
        base_words = f"{based} of these come with a baseline" if based else "none with a baseline"
        head = (f"{city}'s plan sets {n} targets across {themes} themes; {numeric} are numbers, "
                f"{base_words}")
    out = [sentence(head, lang)]
    out.append(sentence(("按进展评估方法：" if lang == "zh" else "Progress assessment: ")
                        + status_summary(card["status"], lang), lang))
    # only targets that ask for improvement: a looser-than-baseline one is not "demanding"
    demanding = ~card["looser_than_baseline"].fillna(False).astype(bool)
    rated = card.loc[card["required_annual_rate"].notna() & (card["required_annual_rate"] != 0)
                     & demanding]
    if not rated.empty:
        top = rated.loc[rated["required_annual_rate"].abs().idxmax()]
        name = indicator_name(ds, top["indicator_id"], lang)
        base = quantity(ds, top["indicator_id"], top["baseline_value"], lang)
        target = target_phrase(ds, top, lang)
        since, until = year_text(top["baseline_year"]), year_text(top["target_year"])
        rate = percent(top["required_annual_rate"])
        out.append(sentence(
            f"要求最高的是{name}：从{since}年的{base}到{until}年{target}，需年均变化{rate}"
            if lang == "zh" else
            f"The most demanding is {name}: from {base} in {since} to {target} by {until}, "
            f"{rate} a year", lang))
    looser = card.loc[card["looser_than_baseline"].fillna(False).astype(bool)]
    if not looser.empty:
        names = [f"{indicator_name(ds, r.indicator_id, lang)}（{fmt_number(r.baseline_value)}→"
                 f"{target_phrase(ds, pd.Series(r._asdict()), lang)}）"
                 if lang == "zh" else
                 f"{indicator_name(ds, r.indicator_id, lang)} ({fmt_number(r.baseline_value)} → "
                 f"{target_phrase(ds, pd.Series(r._asdict()), lang)})"
                 for r in looser.itertuples(index=False)]
        out.append(sentence(f"{len(looser)}项目标宽于其基期值，期初即已达到：{listing(names, lang)}"
                            if lang == "zh" else
                            f"{len(looser)} target{'s are' if len(looser) > 1 else ' is'} looser "
                            f"than the baseline, met from the start: {listing(names, lang)}", lang))
    achieved = card.loc[card["status"] == "target_achieved"]
    if not achieved.empty:
        names = [indicator_name(ds, i, lang) for i in achieved["indicator_id"]]
        out.append(sentence(f"最新观测值已达到目标的有：{listing(names, lang)}" if lang == "zh"
                            else f"Already achieved on the latest observation: "
                                 f"{listing(names, lang)}", lang))
    words = card.loc[card["target_value"].isna(), "target_text"]
    if not words.empty:
        examples = join_words([quote(w, lang) for w in list(dict.fromkeys(words))[:2]], lang)
        out.append(sentence(f"{len(words)}项目标不是数值（如{examples}），无法量化评估"
                            if lang == "zh" else
                            f"{len(words)} target{'s are' if len(words) > 1 else ' is'} not a "
                            f"number (e.g. {examples}) and cannot be assessed", lang))
    return out


# --- one theme across cities ----------------------------------------------------------------

def theme_findings(ds: Dataset, status: pd.DataFrame, theme: str, cities: Sequence[str],
                   lang: str) -> list[str]:
    """Findings for one theme across cities (status = `assess(ds, …)`)."""
    check_lang(lang)
    cities = list(cities)
    label = theme_label(theme, lang)
    rows = status.loc[(status["theme"] == theme) & status["city_id"].isin(cities)]
    counts = rows["city_id"].value_counts()
    per_city = [(city_name(ds, c, lang), int(counts.get(c, 0))) for c in cities]
    if lang == "zh":
        head = f"在{label}主题下，" + "，".join(f"{c}设定{n}项目标" for c, n in per_city)
    else:
        head = f"On {label}, " + ", ".join(f"{c} sets {n} target{'s' if n != 1 else ''}"
                                          for c, n in per_city)
    shared = rows.groupby("indicator_id")["city_id"].nunique()
    shared_ids = shared[shared >= 2].index.tolist()
    k = len(shared_ids)
    if lang == "zh":
        head += (f"；其中{k}项指标由两个及以上城市共同设定" if k
                 else "；没有一项指标由两个及以上城市共同设定")
    else:
        head += (f"; {k} indicator{'s are' if k != 1 else ' is'} targeted by two or more cities"
                 if k else "; no indicator is targeted by two or more cities")
    out = [sentence(head, lang)]
    for ind in shared_ids:
        out.append(ranking_sentence(ds, rows, ind, cities, lang))
    families = rows.loc[~rows["indicator_id"].isin(shared_ids)].groupby("family")
    split = [f for f, g in families if g["city_id"].nunique() >= 2]
    if split:
        names = [listing(list(dict.fromkeys(indicator_name(ds, i, lang) for i in
                                            g["indicator_id"])), lang)
                 for f, g in families if f in split]
        out.append(sentence(
            f"另有{len(split)}组指标概念相同但口径不同，不作排名：{'；'.join(names)}"
            if lang == "zh" else
            f"{len(split)} more concept{'s are' if len(split) > 1 else ' is'} targeted under "
            f"different definitions and not ranked: {'; '.join(names)}", lang))
    if not rows.empty:
        out.append(sentence(("按进展评估方法：" if lang == "zh" else "Progress assessment: ")
                            + status_summary(rows["status"], lang), lang))
    return out


# --- county against prefecture --------------------------------------------------------------

def alignment_findings(ds: Dataset, align: pd.DataFrame, child: str, parent: str,
                       lang: str) -> list[str]:
    """Findings for a county's targets against its prefecture's (align = `alignment(…)`)."""
    check_lang(lang)
    c, p = city_name(ds, child, lang), city_name(ds, parent, lang)
    if align.empty:
        return [sentence(f"{c}与{p}的规划没有可对照的目标" if lang == "zh" else
                         f"{c}'s and {p}'s plans share no targets to compare", lang)]
    counts = align["verdict"].value_counts()
    n = len(align)
    parts = [(verdict_label(v, lang), int(counts.get(v, 0)))
             for v in ("stricter", "same", "looser")]
    if lang == "zh":
        head = (f"{c}与{p}的规划共有{n}组可对照的目标：{c}的目标更严{parts[0][1]}项、"
                f"相同{parts[1][1]}项、更宽{parts[2][1]}项，另有"
                f"{int(counts.get('not_comparable', 0))}项不可比")
    else:
        head = (f"{c}'s and {p}'s plans have {n} pairs of targets to set side by side: {c}'s "
                f"is stricter in {parts[0][1]}, the same in {parts[1][1]} and looser in "
                f"{parts[2][1]}; {int(counts.get('not_comparable', 0))} are not comparable")
    out = [sentence(head, lang)]
    for verdict in ("stricter", "looser", "same"):
        rows = align.loc[align["verdict"] == verdict]
        if rows.empty:
            continue
        items = listing([_pair_words(ds, r, lang) for _, r in rows.iterrows()], lang)
        intro = {
            "stricter": (f"{c}目标更严的", f"Stricter in {c}"),
            "looser": (f"{c}目标更宽的", f"Looser in {c}"),
            "same": ("两市目标相同的", "The same in both"),
        }[verdict]
        out.append(sentence(f"{intro[0]}：{items}" if lang == "zh" else f"{intro[1]}: {items}",
                            lang))
    nc = align.loc[align["verdict"] == "not_comparable"]
    if not nc.empty:
        other_def = int((nc["indicator_id"] != nc["parent_indicator_id"]).sum())
        same_def = nc.loc[nc["indicator_id"] == nc["parent_indicator_id"]]
        words = int((same_def["child_target"].isna() | same_def["parent_target"].isna()).sum())
        counted = len(same_def) - words
        reasons = [(other_def, "口径不同", "different definitions"),
                   (words, "目标不是数值", "a target that is not a number"),
                   (counted, "计数类指标随城市规模而变", "counts that scale with city size")]
        listed = [(f"{zh}{k}项" if lang == "zh" else f"{en} ({k})") for k, zh, en in reasons if k]
        out.append(sentence(f"不可比的原因：{'，'.join(listed)}" if lang == "zh" else
                            f"Not comparable because of {', '.join(listed)}", lang))
    return out


def _pair_words(ds: Dataset, row: pd.Series, lang: str) -> str:
    ind = row["indicator_id"]
    child = quantity(ds, ind, row["child_target"], lang, str(row["child_comparator"]))
    parent = quantity(ds, ind, row["parent_target"], lang, str(row["parent_comparator"]))
    return f"{indicator_name(ds, ind, lang)}（{child} 对 {parent}）" if lang == "zh" else \
        f"{indicator_name(ds, ind, lang)} ({child} vs {parent})"


# --- previous plan --------------------------------------------------------------------------

def track_record_findings(ds: Dataset, record: pd.DataFrame, city_id: str,
                          lang: str) -> list[str]:
    """Findings for a city's previous-plan track record (record = `track_record(ds, …)`)."""
    check_lang(lang)
    from qcompare.track_record import attainment

    city = city_name(ds, city_id, lang)
    rec = record.loc[record["city_id"] == city_id]
    if rec.empty:
        return [sentence(f"{city}没有上期规划目标及完成情况的数据" if lang == "zh" else
                         f"There are no previous-plan targets and results for {city}", lang)]
    year = int(rec["year"].max())
    met = rec["met"].astype("boolean")
    assessed, n_met = int(met.notna().sum()), int(met.fillna(False).sum())
    share = f"{n_met / assessed:.0%}" if assessed else "—"
    out = [sentence(
        f"{city}上期规划（至{year}年）的{len(rec)}项指标中，{assessed}项可判断，"
        f"其中{n_met}项完成（{share}）" if lang == "zh" else
        f"Of the {len(rec)} indicators of {city}'s previous plan (to {year}), {assessed} can be "
        f"judged and {n_met} of them were met ({share})", lang)]
    missed = rec.loc[met.fillna(True) == False]  # noqa: E712 - boolean NA-aware mask
    if not missed.empty:
        items = [f"{indicator_name(ds, r.indicator_id, lang)}（目标{r.prior_target_text}，"
                 f"实际{r.prior_actual_text}）" if lang == "zh" else
                 f"{indicator_name(ds, r.indicator_id, lang)} (target {r.prior_target_text}, "
                 f"result {r.prior_actual_text})" for r in missed.itertuples(index=False)]
        out.append(sentence(f"未完成的有：{listing(items, lang)}" if lang == "zh" else
                            f"Missed: {listing(items, lang)}", lang))
    rates = attainment(ds, by=("city_id", "theme"), record=rec).dropna(
        subset=["attainment_rate"])
    if rates["theme"].nunique() >= 2:
        best = rates.loc[rates["attainment_rate"] == rates["attainment_rate"].max(), "theme"]
        worst = rates.loc[rates["attainment_rate"] == rates["attainment_rate"].min(), "theme"]
        hi, lo = rates["attainment_rate"].max(), rates["attainment_rate"].min()
        if hi > lo:
            b = join_words([theme_label(t, lang) for t in best], lang)
            w = join_words([theme_label(t, lang) for t in worst], lang)
            out.append(sentence(f"按主题看，完成率最高的是{b}（{hi:.0%}），最低的是{w}（{lo:.0%}）"
                                if lang == "zh" else
                                f"By theme, completion was highest for {b} ({hi:.0%}) and "
                                f"lowest for {w} ({lo:.0%})", lang))
    unjudged = len(rec) - assessed
    if unjudged:
        out.append(sentence(f"另有{unjudged}项的目标或结果不是数值，无法判断是否完成"
                            if lang == "zh" else
                            f"{unjudged} more cannot be judged because the target or the "
                            f"result is not a number", lang))
    return out


# --- method ---------------------------------------------------------------------------------

def status_rows(lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[tuple[str, str]]:
    """(condition, status label) for the method table, thresholds from `Thresholds`."""
    check_lang(lang)
    on, acc, lim = (fmt_number(thresholds.on_track), fmt_number(thresholds.needs_acceleration),
                    fmt_number(thresholds.limited_progress))
    zh = lang == "zh"
    conditions = {
        "target_achieved": "最新观测值已满足目标" if zh else "latest observation meets the target",
        "on_track": f"R ≥ {on}",
        "needs_acceleration": f"{acc} ≤ R < {on}",
        "limited_progress": f"{lim} ≤ R < {acc}",
        "deterioration": f"R < {lim}",
        "no_observation": "基期之后没有观测值" if zh else "no observation after the baseline",
        "not_assessable": "目标不是数值、没有基期值，或为新增类指标" if zh else
                          "target not a number, no baseline, or a flow (additions)",
    }
    return [(conditions[s], status_label(s, lang)) for s in STATUSES]
