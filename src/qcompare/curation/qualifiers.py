"""Rules that read a number's qualifiers from the words around it: comparator, trend, year,
kind, period and area. Each takes plain strings so it can be tested on a document's own
sentences; `extract` applies them with the document's context (qcompare.curation.document).

Kinds follow the rule of data/raw/README.md: a plan's target → `target` (year: the 到20XX年
of the sentence, else the plan's horizon); a level or count a plan states for its base year or
its previous plan period (in its results section, or under 十三五期间 / 2020年) → `baseline`
(a count of the previous plan period carries that period); a table's 规划目标 / 完成情况
columns → `prior_target` / `prior_actual`; a number of a dated report (news) → `observed`.
"""

from __future__ import annotations

import re

from qcompare.data.numbers import normalise

# --- comparator and trend ------------------------------------------------------------------

_CAP = re.compile(r"控制在|不超过|不超過|不高于|不高於")
_TRENDS = (
    ("keep_falling", re.compile(r"持续(?:下降|降低|减少|減少|改善)|逐步(?:下降|降低)|稳步下降")),
    (
        "keep_rising",
        re.compile(r"持续(?:提升|提高|增长|增長|上升|扩大|擴大)|稳步(?:提升|提高|增长)|不断提高"),
    ),
    ("hold", re.compile(r"保持|稳定在|穩定在|维持在|維持在|继续保持|繼續保持")),
)


def comparator(local: str, before: str) -> str:
    """The comparator of a number: `local` is the one read next to it (以上 → >=, 近 → ~, …);
    a 控制在 earlier in the clause (`before`) caps a plain number (控制在70天 → <=)."""
    if local == "=" and _CAP.search(before):
        return "<="
    return local


def trend(before: str) -> str:
    """The trend clause of a target from the text before its number in the sentence:
    持续下降 → keep_falling, 持续提升 → keep_rising, 保持 / 稳定在 → hold, else ''."""
    for name, pattern in _TRENDS:
        if pattern.search(before):
            return name
    return ""


def with_trend(comp: str, trend_word: str) -> str:
    """A level stated with a falling (rising) trend is a ceiling (floor): 持续下降,稳定到25
    reads <= 25."""
    if comp == "=" and trend_word == "keep_falling":
        return "<="
    if comp == "=" and trend_word == "keep_rising":
        return ">="
    return comp


# --- year, kind and period ------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
_BY_YEAR = re.compile(r"(?:到|至|截至|截止到?)\s*((?:19|20)[0-9]{2})\s*年")
_SINCE_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年(?:以来|来|起)")
_STOCK = re.compile(r"累计|累計|总数|總數|保有量|拥有量|擁有量")
_MONTHS = re.compile(
    r"(?<![0-9])([0-9]{1,2})\s*(?:月\s*(?:[0-9]{1,2}\s*日)?)?\s*[-—–~至到]\s*([0-9]{1,2})\s*月"
)  # 1-11月, 1月1日至11月30日
_PRIOR_PERIOD = re.compile(r"十三五|“十三五”|2016\s*[-—–~至到]\s*2020")
_TARGET_WORDS = re.compile(r"目标|力争|力爭|争取|爭取|争创|爭創|确保|確保|计划|計劃")
_LEVEL_UNITS = re.compile(
    r"^(?:%|％|微克/立方米|ug/m³|μg/m³|µg/m³|平方米|吨标煤|噸標煤|分贝|分貝|天|工作日|个工作日|"
    r"個工作日|万元/亩|万元/人·年|rank)$"
)


def years_in(text: str) -> list[int]:
    """The years written as 20XX年 in `text` (full-width digits folded)."""
    return [int(y) for y in _YEAR.findall(normalise(text))]


def target_year(sentence: str, horizon: int) -> int:
    """到20XX年 in the sentence, else the plan's horizon."""
    by = _BY_YEAR.findall(normalise(sentence))
    return int(by[-1]) if by else horizon


def is_level_unit(unit: str) -> bool:
    """Rates, concentrations, areas per person, durations and ranks are levels; a count of
    things (家, 个, 项, 件 …) is not."""
    return bool(_LEVEL_UNITS.match(unit))


def table_kind(header: str, title: str, base_year: int, horizon: int) -> tuple[str, int] | None:
    """Kind and year of a table column from its header cell (基期值, 目标值, 2020年, 规划目标,
    完成情况) and the table title; None for a column that is not a value."""
    h = normalise(header)
    if re.search(r"规划目标|規劃目標", h):
        return "prior_target", base_year
    if re.search(r"完成|实际|實際", h):
        return "prior_actual", base_year
    if re.search(r"基期|基数|基數|现状|現狀", h):
        return "baseline", base_year
    if re.search(r"目标|目標|预期|預期", h):
        prior = re.search(r"十三五|完成情况|完成情況", title)
        return ("prior_target", base_year) if prior else ("target", horizon)
    if ys := years_in(h) or [int(y) for y in re.findall(r"(?:19|20)[0-9]{2}", h)]:
        year = ys[0]
        return ("baseline", year) if year <= base_year else ("target", year)
    return None


def news_year(sentence: str, doc_year: int, doc_month: int | None) -> int:
    """The year an observation of a dated report refers to: a year the sentence names (跻身
    2022年…第36位), else the report's year; a report of January states the year just ended."""
    named = [
        y
        for y in years_in(sentence)
        if doc_year - 5 <= y <= doc_year and not _SINCE_YEAR.search(sentence)
    ]  # a year long past (1987年) dates a story, not a figure of the report
    if named:
        return named[-1]
    return doc_year - 1 if doc_month == 1 else doc_year


def news_target_year(sentence: str, doc_year: int) -> int | None:
    """A report that quotes a target (力争到2025年…, 目标 2025年…) states a target: the future
    year it names; None for the report's own figures."""
    s = normalise(sentence)
    future = [int(y) for y in _BY_YEAR.findall(s) if int(y) > doc_year]
    if future:
        return future[-1]
    if _TARGET_WORDS.search(s):
        later = [y for y in years_in(s) if y > doc_year]
        return later[-1] if later else None
    return None


def news_period(sentence: str, year: int) -> tuple[str, str]:
    """The period of a reported number: 1-11月 → YYYY-01..YYYY-11; 2021年以来 → 2021-01 to the
    end of the year reported; else ('', '') for the calendar year."""
    s = normalise(sentence)
    if m := _MONTHS.search(s):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a < b <= 12:
            return f"{year}-{a:02d}", f"{year}-{b:02d}"
    if (m := _SINCE_YEAR.search(s)) and not _STOCK.search(s):  # a flow since then, not a stock
        return f"{int(m.group(1))}-01", f"{max(year, int(m.group(1)))}-12"
    return "", ""


def plan_kind(
    sentence: str, section: str, unit: str, base_year: int, horizon: int
) -> tuple[str, int, str, str]:
    """Kind, year and period of a number in a plan's text.

    `section` is what the plan's headings say the passage is: 'results' (现实基础, 发展成效)
    or 'goals' (目标, 任务). A sentence naming the previous plan period (十三五期间) or the base
    year (2020年) states results wherever it stands; one with 到2025年 or 力争 a target.
    """
    s = normalise(sentence)
    base_named = str(base_year) + "年" in s.replace(" ", "") and not _BY_YEAR.search(s)
    results = (section == "results" and not _BY_YEAR.search(s)) or bool(
        _PRIOR_PERIOD.search(s) and not _BY_YEAR.search(s) and not _TARGET_WORDS.search(s)
    )
    if results or base_named:
        if is_level_unit(unit) or not unit:
            return "baseline", base_year, "", ""
        return "baseline", base_year, f"{base_year - 4}-01", f"{base_year}-12"
    return "target", target_year(sentence, horizon), "", ""


# --- area -----------------------------------------------------------------------------------

_URBAN = re.compile(r"市区|市區|城区|城區|城市\s*(?=PM|ＰＭ|空气|空氣|环境空气|環境空氣)")
_COUNTIES = re.compile(r"其他县市|其他縣市|其余县|其餘縣|各县（市、区）|各縣（市、區）")


def area_scope(text: str) -> str:
    """The area scope a passage names: 'urban' (市区, 城市 PM2.5 / 空气), 'counties' (其他县市),
    else 'whole' (全市, or nothing said)."""
    if _COUNTIES.search(text):
        return "counties"
    if _URBAN.search(text):
        return "urban"
    return "whole"
