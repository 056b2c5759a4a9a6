"""Wording shared by every briefing's findings: lists, sentences, quantities with their
catalog unit, targets as stated, and the subtitle lines naming a city or an indicator.

Everything is assembled from the rows it describes, in Chinese or English; escaping happens
where text meets HTML (qcompare.briefings.html).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

import pandas as pd

from qcompare.briefings.i18n import check_lang
from qcompare.data.dataset import Dataset
from qcompare.plots.labels import (
    area_label,
    city_name,
    fmt_number,
    indicator_name,
    period_text,
    trend_label,
)

MAX_LISTED = 3  # items named in a list sentence before "and N more"


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


def quantity(ds: Dataset, indicator_id: str, value: float, lang: str, comparator: str = "") -> str:
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
    """The target as stated: a quantity, or the plan's own words when it is not a number; with
    its trend clause when it has one (≤25 µg/m³ and keep falling / ≤25微克/立方米并持续下降)."""
    value, comparator = row[f"{prefix}_value"], row.get("comparator", "")
    if is_missing(value):
        return quote(str(row.get(f"{prefix}_text", "")), lang)
    phrase = quantity(ds, row["indicator_id"], value, lang, str(comparator or ""))
    trend = row.get("trend", "") if prefix == "target" else ""
    if isinstance(trend, str) and trend:
        word = trend_label(trend, lang)
        phrase += f"并{word}" if lang == "zh" else f" and {word}"
    return phrase


def is_whole_area(ds: Dataset, area_id: str) -> bool:
    """Does the area stand for its city's whole administrative area (scope `whole`)?"""
    return str(ds.area(area_id)["scope"]) == "whole"


def who(ds: Dataset, row: pd.Series, lang: str, with_area: bool | None = None) -> str:
    """The city a row is about, or, when its area is not the whole city (or `with_area` asks
    for it), the area's catalog name, which names its city: 温州市区 / Wenzhou urban districts,
    瑞安市 / Ruian (whole city)."""
    area = str(row.get("area_id") or row["city_id"])
    if with_area is None:
        with_area = not is_whole_area(ds, area)
    if not with_area:
        return city_name(ds, row["city_id"], lang)
    return area_label(ds, area, lang)


def period_of(row: pd.Series, prefix: str, lang: str) -> str:
    """The period of a row's `{prefix}_period_start/end` (2023年1–11月 / Jan–Nov 2023), or its
    `{prefix}_year` when the row carries no period."""
    start, end = row.get(f"{prefix}_period_start", ""), row.get(f"{prefix}_period_end", "")
    if isinstance(start, str) and start and isinstance(end, str) and end:
        return period_text(start, end, lang)
    year = year_text(row.get(f"{prefix}_year"))
    return f"{year}年" if (lang == "zh" and year) else year


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


def subject_line(
    ds: Dataset, indicator_ids: Sequence[str], cities: Sequence[str], lang: str
) -> str:
    """What the briefing compares: indicator(s) with unit and direction, and the cities."""
    check_lang(lang)
    names = []
    for ind in indicator_ids:
        row = ds.indicator(ind)
        unit = unit_of(ds, ind, lang)
        better = {
            "lower_better": ("越低越好", "lower is better"),
            "higher_better": ("越高越好", "higher is better"),
        }[row["direction"]]
        names.append(
            f"{indicator_name(ds, ind, lang)}（{unit}，{better[0]}）"
            if lang == "zh"
            else f"{indicator_name(ds, ind, lang)} ({unit}, {better[1]})"
        )
    sep = "；" if lang == "zh" else "; "
    places = join_words([city_name(ds, c, lang) for c in cities], lang)
    return (
        f"指标：{sep.join(names)}。城市：{places}。"
        if lang == "zh"
        else f"Indicator{'s' if len(names) > 1 else ''}: {sep.join(names)}. Cities: {places}."
    )
