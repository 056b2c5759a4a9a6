"""Bilingual (zh | en) labels for the plots, taken from the catalog; shared by both backends.

Indicator and city names come from ``ds.indicators`` / ``ds.cities``; units and direction come
only from the catalog (`with_catalog` replaces any catalog columns a frame brings along).

Plotly renders its text as pseudo-HTML (`<a href>`, `<span style>`, `<b>`, `<i>`, `<br>`,
`<sub>`, `<sup>`, …), so text from the data is escaped for it (`plotly_text`) before it
reaches an interactive chart: every chart passes its finished figure through
`escape_figure`, and hover texts escape their parts as they are joined (marks.hover).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from qcompare.analysis.periods import period_label
from qcompare.data.dataset import Dataset
from qcompare.data.lang import check_lang

CATALOG_COLUMNS = [
    "name_zh",
    "name_en",
    "unit",
    "unit_zh",
    "direction",
    "theme",
    "measure",
    "family",
    "definition_en",
]

STATUS_LABELS: dict[str, dict[str, str]] = {
    "target_achieved": {"zh": "已达成目标", "en": "Target achieved"},
    "on_track": {"zh": "进展顺利", "en": "On track"},
    "needs_acceleration": {"zh": "需加快进度", "en": "Needs acceleration"},
    "limited_progress": {"zh": "进展有限", "en": "Limited progress"},
    "deterioration": {"zh": "背离目标", "en": "Moving away"},
    "no_observation": {"zh": "暂无观测值", "en": "No observation"},
    "not_assessable": {"zh": "无法评估", "en": "Not assessable"},
}

TEXT: dict[str, dict[str, str]] = {
    "baseline": {"zh": "基期值", "en": "Baseline"},
    "target": {"zh": "目标值", "en": "Target"},
    "latest": {"zh": "最新观测值", "en": "Latest observation"},
    "observed": {"zh": "实际值", "en": "Observed"},
    "prior_target": {"zh": "上期目标", "en": "Previous-plan target"},
    "prior_actual": {"zh": "上期完成值", "en": "Previous-plan result"},
    "partial_year": {"zh": "年内部分数据", "en": "partial year"},
    "plan_path": {"zh": "规划路径", "en": "Planned path"},
    "met": {"zh": "已完成", "en": "Met"},
    "not_met": {"zh": "未完成", "en": "Not met"},
    "met_unknown": {"zh": "无法判断", "en": "Cannot tell"},
    "lower_better": {"zh": "越低越好", "en": "lower is better"},
    "higher_better": {"zh": "越高越好", "en": "higher is better"},
    "non_numeric_target": {"zh": "目标（非数值）", "en": "Target (not a number)"},
    "non_numeric_prior": {"zh": "上期目标（非数值）", "en": "Previous target (not a number)"},
    "no_value": {"zh": "无数值", "en": "no number"},
    "year": {"zh": "年份", "en": "Year"},
    "city": {"zh": "城市", "en": "City"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "status": {"zh": "进展状态", "en": "Status"},
    "source": {"zh": "来源", "en": "Source"},
    "unit": {"zh": "单位", "en": "Unit"},
    "title_bullet": {
        "zh": "目标、基期值与最新观测值",
        "en": "Targets, baselines and latest observations",
    },
    "title_trajectory": {"zh": "从基期到目标的路径", "en": "From baseline to target"},
    "title_dumbbell": {"zh": "各城市基期值与目标值", "en": "Baseline and target by city"},
    "title_status": {"zh": "目标进展状态", "en": "Progress towards targets"},
    "title_ambition": {
        "zh": "目标力度：按主题的所需年均改善幅度",
        "en": "Ambition: the yearly improvement each target asks for, by theme",
    },
    "axis_ambition": {
        "zh": "所需年均改善幅度（%/年）",
        "en": "Required improvement per year (%)",
    },
    "improves": {"zh": "要求改善", "en": "Asks for improvement"},
    "looser": {"zh": "宽于基期值", "en": "Looser than baseline"},
    "holds": {"zh": "保持基期水平", "en": "Holds the baseline"},
    "required_rate": {"zh": "所需年均变化率", "en": "Required annual rate"},
    "title_track_record": {
        "zh": "上期规划目标与完成情况",
        "en": "Previous plan: targets and results",
    },
}

THEME_LABELS = {
    "product": {"zh": "产品质量", "en": "product quality"},
    "service": {"zh": "服务质量", "en": "service quality"},
    "engineering": {"zh": "工程质量", "en": "construction quality"},
    "environment": {"zh": "生态环境", "en": "environment"},
    "standards": {"zh": "标准", "en": "standards"},
    "brands": {"zh": "品牌", "en": "brands"},
    "innovation": {"zh": "创新", "en": "innovation"},
    "agriculture": {"zh": "农业", "en": "agriculture"},
    "infrastructure": {"zh": "质量基础设施", "en": "quality infrastructure"},
    "finance": {"zh": "金融", "en": "finance"},
    "industry": {"zh": "产业", "en": "industry"},
    "governance": {"zh": "质量治理", "en": "quality governance"},
}


_COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "~": "≈", "=": ""}


def text(key: str, lang: str) -> str:
    """A fixed label (mark names, titles, …) in the chosen language."""
    return TEXT[key][check_lang(lang)]


def theme_label(theme: str, lang: str) -> str:
    """A catalog theme in words (the id itself for a theme without a label)."""
    return THEME_LABELS.get(theme, {}).get(check_lang(lang), theme)


def status_label(status: str, lang: str) -> str:
    """Display name of a progress status."""
    if status not in STATUS_LABELS:
        raise ValueError(f"unknown status {status!r}; known: {list(STATUS_LABELS)}")
    return STATUS_LABELS[status][check_lang(lang)]


def city_name(ds: Dataset, city_id: str, lang: str) -> str:
    """City name from ``ds.cities`` (name_zh / name_en)."""
    return str(ds.city(city_id)[f"name_{check_lang(lang)}"])


def indicator_name(ds: Dataset, indicator_id: str, lang: str) -> str:
    """Indicator name from the catalog."""
    return str(ds.indicator(indicator_id)[f"name_{check_lang(lang)}"])


def unit_label(ds: Dataset, indicator_id: str, lang: str) -> str:
    """The catalog unit: ``unit_zh`` in Chinese, ``unit`` in English."""
    row = ds.indicator(indicator_id)
    return str(row["unit_zh"] if check_lang(lang) == "zh" else row["unit"])


def direction_note(direction: str, lang: str) -> str:
    """ "越低越好" / "lower is better" for lower_better indicators, "" otherwise."""
    return text("lower_better", lang) if direction == "lower_better" else ""


def axis_title(ds: Dataset, indicator_id: str, lang: str) -> str:
    """Value-axis title: the unit, plus the lower-is-better marker where it applies."""
    unit = unit_label(ds, indicator_id, lang)
    note = direction_note(str(ds.indicator(indicator_id)["direction"]), lang)
    return _join(unit, note, lang)


def indicator_title(ds: Dataset, indicator_id: str, lang: str) -> str:
    """Facet title: name, plus the lower-is-better marker where it applies."""
    name = indicator_name(ds, indicator_id, lang)
    note = direction_note(str(ds.indicator(indicator_id)["direction"]), lang)
    return _join(name, note, lang)


def _join(main: str, note: str, lang: str) -> str:
    if not note:
        return main
    return f"{main}（{note}）" if lang == "zh" else f"{main} ({note})"


def fmt_number(value: float) -> str:
    """A number as a reader writes it: 95, 4.2, 46.38, 1,200 (no float noise)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def target_label(comparator: str, value: float, value_text: str = "") -> str:
    """A target as a short label: "≥96", "≤26", "≈5", "30"; the source wording when the
    target is not a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return value_text or ""
    return f"{_COMPARATOR_SIGNS.get(comparator, comparator or '')}{fmt_number(value)}"


TREND_LABELS: dict[str, dict[str, str]] = {
    "keep_falling": {"zh": "持续下降", "en": "keep falling"},
    "keep_rising": {"zh": "持续提升", "en": "keep rising"},
    "hold": {"zh": "保持", "en": "hold"},
}


def trend_label(trend: str, lang: str) -> str:
    """A target's trend clause in words (持续下降 / keep falling)."""
    if trend not in TREND_LABELS:
        raise ValueError(f"unknown trend {trend!r}; known: {list(TREND_LABELS)}")
    return TREND_LABELS[trend][check_lang(lang)]


def area_label(ds: Dataset, area_id: str, lang: str) -> str:
    """An area's name from the area catalog (``ds.areas``), the one source of its meaning."""
    return str(ds.area(area_id)[f"name_{check_lang(lang)}"])


def period_text(start: str, end: str, lang: str) -> str:
    """The period a value covers (2023年1–11月 / Jan–Nov 2023; 2020年 / 2020 for a calendar
    year), from the observation's period_start/period_end: the same words as the notes."""
    return period_label(start, end, lang)


def partial_mark(partial: bool, start: str, end: str, lang: str) -> str:
    """ "(Jan–Nov 2023)" for a value covering part of its year (the observation's
    `partial_year`), "" otherwise: what a chart label adds to a partial-year value."""
    if not partial or not start or not end:
        return ""
    words = period_text(start, end, lang)
    return f"（{words}）" if check_lang(lang) == "zh" else f"({words})"


def with_catalog(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the catalog's columns joined on indicator_id. Catalog columns the frame
    already carries are replaced: unit and direction only ever come from the catalog."""
    unknown = sorted(set(frame["indicator_id"]) - set(ds.indicators["indicator_id"]))
    if unknown:
        raise ValueError(f"indicator_id not in the catalog: {', '.join(map(str, unknown))}")
    base = frame.drop(columns=[c for c in CATALOG_COLUMNS if c in frame.columns])
    cols = ["indicator_id"] + [c for c in CATALOG_COLUMNS if c in ds.indicators.columns]
    return base.merge(ds.indicators[cols], on="indicator_id", how="left", validate="m:1")


def require_columns(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    """A clear error naming the columns a plot input lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {', '.join(missing)}")


# --- plotly's pseudo-HTML (issue 14) ---------------------------------------------------------

_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def plotly_text(value: str) -> str:
    """Text shown literally by plotly: `&`, `<` and `>` as entities, so no tag of plotly's
    markup (`<a>`, `<span style>`, `<b>`, `<br>`, …) can come from the data; plotly turns
    the entities back into the characters on screen."""
    return str(value).translate(_MARKUP)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return plotly_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        return np.array([_escaped(v) for v in value.tolist()], dtype=object)
    return value


# Trace and layout properties plotly draws as text (hovertext is escaped where it is built,
# marks.hover, since it joins its escaped parts with plotly's own <br>).
_TRACE_TEXT = ("name", "text", "x", "y", "labels")
_AXIS_TEXT = ("ticktext", "categoryarray")


def escape_figure(fig: Any) -> Any:
    """Escape every data-bearing text of a finished plotly figure for plotly's markup: the
    title, axis titles, tick and category labels, annotations, legend titles, trace names,
    text labels and category values (escaped alike wherever they appear, so categories and
    the annotations placed on them still match). Call it once per figure."""
    layout = fig.layout
    if layout.title.text:
        layout.title.text = plotly_text(layout.title.text)
    if layout.legend.title.text:
        layout.legend.title.text = plotly_text(layout.legend.title.text)
    for key in list(layout.to_plotly_json()):
        if not key.startswith(("xaxis", "yaxis")):
            continue
        axis = layout[key]
        if axis.title.text:
            axis.title.text = plotly_text(axis.title.text)
        for prop in _AXIS_TEXT:
            if axis[prop] is not None:
                axis[prop] = _escaped(axis[prop])
    for note in layout.annotations:
        note.text = _escaped(note.text)
        note.x, note.y = _escaped(note.x), _escaped(note.y)
    for trace in fig.data:
        for prop in _TRACE_TEXT:
            if prop in trace and trace[prop] is not None:
                trace[prop] = _escaped(trace[prop])
        if "legendgrouptitle" in trace and trace.legendgrouptitle.text:
            trace.legendgrouptitle.text = plotly_text(trace.legendgrouptitle.text)
    return fig
