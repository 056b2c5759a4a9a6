"""The numbers a clause states, each with its wording, value, unit and local qualifier.

Tokens are found by the coverage tokenizer (`qcompare.data.coverage.TOKEN`), so that the
assistant proposes a row for exactly the tokens `qcompare coverage` asks a curator to account
for; a token inside a span of one of coverage's named rules (dates, ordinals, headings, names
such as PM2.5) needs no row and is skipped. Values are read by the project's own number
reader (`qcompare.data.numbers`): full-width digits, 万/亿, Chinese numerals.

`value` is the number as written (46.38 for 46.38万件: the unit carries the 万); `value_text`
is the document's own wording of it, as it stands in the quote (近100個, 98.5%以上, 第36位).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qcompare.data.coverage import RULES, TOKEN, rule_spans
from qcompare.data.numbers import normalise, numbers_in

# qualifiers written right before a number, with the comparator each means
_PREFIX = {
    "不低于": ">=",
    "不低於": ">=",
    "不少于": ">=",
    "不少於": ">=",
    "超过": ">=",
    "超過": ">=",
    "突破": ">=",
    "高于": ">=",
    "高於": ">=",
    "超": ">=",
    "≥": ">=",
    ">": ">=",
    "＞": ">=",
    "不高于": "<=",
    "不高於": "<=",
    "不超过": "<=",
    "不超過": "<=",
    "小于": "<=",
    "小於": "<=",
    "低于": "<=",
    "低於": "<=",
    "≤": "<=",
    "<": "<=",
    "＜": "<=",
    "近": "~",
    "约": "~",
    "約": "~",
}
# qualifiers written right after a number (and its unit)
_SUFFIX = {
    "及以上": ">=",
    "以上": ">=",
    "以下": "<=",
    "以内": "<=",
    "以內": "<=",
    "左右": "~",
}
# counters and units that follow a number (longest first)
UNITS = sorted(
    [
        "周年",
        "週年",
        "个工作日",
        "個工作日",
        "工作日",
        "个次",
        "個次",
        "人次",
        "家次",
        "微克/立方米",
        "ug/m³",
        "μg/m³",
        "µg/m³",
        "元/人·年",
        "元/亩",
        "元/畝",
        "平方米",
        "平方公里",
        "吨标煤",
        "噸標煤",
        "分贝",
        "分貝",
        "公里",
        "千米",
        "小时",
        "小時",
        "个月",
        "個月",
        "个",
        "個",
        "项",
        "項",
        "家",
        "件",
        "张",
        "張",
        "条",
        "條",
        "所",
        "座",
        "只",
        "名",
        "位",
        "批",
        "类",
        "類",
        "种",
        "種",
        "次",
        "台",
        "套",
        "届",
        "屆",
        "人",
        "亩",
        "畝",
        "天",
        "年",
        "元",
        "吨",
        "噸",
        "倍",
        "双",
        "雙",
        "处",
        "處",
        "米",
        "周",
        "岁",
        "歲",
        "户",
        "戶",
        "株",
        "头",
        "頭",
        "辆",
        "輛",
        "艘",
        "款",
        "幢",
        "栋",
        "棟",
        "大",
        "期",
        "例",
        "场",
        "場",
        "篇",
        "部",
        "首",
        "间",
        "間",
        "块",
        "塊",
        "份",
        "枚",
        "只",
    ],
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_PREFIX_RE = re.compile(
    "(" + "|".join(re.escape(p) for p in sorted(_PREFIX, key=len, reverse=True)) + r")\s*$"
)
_SUFFIX_RE = re.compile(
    r"\s*(?P<more>[余餘多])?\s*(?P<unit>"
    + _UNIT_RE
    + r")?\s*(?P<qual>"
    + "|".join(re.escape(s) for s in sorted(_SUFFIX, key=len, reverse=True))
    + ")?"
)
_RANGE_RE = re.compile(r"\s*[-—–~～]\s*(?=[0-9０-９])")
_YEAR_LIKE = re.compile(r"^(19|20)\d\d$")
_MULT = re.compile(r"[万萬亿億]$")
_MULTIPLIERS = "万萬亿億"
_HAS_DIGIT = re.compile(r"[0-9０-９]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_RANK = set("目之以提此当當事空年日月向跟眼")  # 目前, 之前, 以前, 提前, 此前, 当前 …
_ORDINAL_COUNTERS = "个個届屆批次章节節条條期轮輪大"
_DURATION_UNITS = ("年", "周年", "週年")  # 连续6年, 30周年: a duration or an anniversary
# a Chinese numeral that is part of a name: 三项制度, 三位一体, 十九届五中全会, 十九大
_NAME_AFTER = re.compile(r"\s*(?:制度|体系|體系|一体|一體|全会|全會)")
_CONGRESS = re.compile(r"^(?:十[五六七八九]|二十)$")


@dataclass(frozen=True)
class Mention:
    """One number of the document, as a draft row needs it."""

    start: int  # span of value_text in the document
    end: int
    value: float | None
    value_text: str
    unit: str  # as written: '%', '家', '亿元', '万件', 'rank', '' when none
    comparator: str  # from the qualifier next to the number; '' when not a number
    kind: str  # number | rank | range | batch | year | cell | context
    why: str = ""  # for a context token: why it is no observation


def _in_title(text: str, at: int, floor: int) -> str:
    """What encloses position `at`: a title 《…》 or a short name “…” (at most 10
    characters); '' when neither."""
    for open_, close, longest, what in (
        ("《", "》", 60, "a number in a document's title"),
        ("“", "”", 10, "a number in a name"),
        ("「", "」", 10, "a number in a name"),
    ):
        o = text.rfind(open_, max(floor - 60, 0), at)
        if o == -1 or text.rfind(close, o, at) != -1:
            continue
        c = text.find(close, at, at + 60)
        if c != -1 and c - o - 1 <= longest:
            return what
    return ""


def _next_in(text: str, at: int, chars: str) -> bool:
    """Whether the character at `at` is one of `chars` (False at the end of the text)."""
    return at < len(text) and text[at] in chars


def _context(text: str, start: int, end: int, why: str) -> Mention:
    """A token that is no observation, kept so that a draft can propose its exclusion."""
    return Mention(start, end, None, text[start:end], "", "", "context", why)


def skip_spans(text: str) -> list[tuple[int, int]]:
    """Spans of coverage's named rules: their tokens need no row."""
    return sorted(span for spans in rule_spans(text, RULES).values() for span in spans)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _first_number(text: str) -> float | None:
    found = numbers_in(text)
    return found[0] if found else None


def mentions(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[Mention]:
    """The mentions of `text[start:end]` (a clause), in order."""
    out: list[Mention] = []
    consumed = start
    for m in TOKEN.finditer(text, start, end):
        t_start, t_end = m.start(), m.start() + len(m.group().rstrip())
        if t_start < consumed or _inside(t_start, t_end, skip):
            continue
        token = text[t_start:t_end]
        if token == "一" and text.startswith(("批", "大批"), t_end):  # 一批: not a number
            e = t_end + (1 if text.startswith("批", t_end) else 2)
            out.append(Mention(t_start, e, None, text[t_start:e], "", "", "batch"))
            consumed = e
            continue
        if not _HAS_DIGIT.search(token) and _next_in(text, t_end, _MULTIPLIERS):
            # 千亿 in 千亿产业集群: a size class in a name, not a quantity
            out.append(_context(text, t_start, t_end + 1, "a size class in a name (千亿, 百万)"))
            consumed = t_end + 1
            continue
        if why := _in_title(text, t_start, start):
            # inside 《…》 or a short “…” name: 《第十四个五年规划》, “5+5+N”, “两个健康”
            out.append(_context(text, t_start, t_end, why))
            consumed = t_end
            continue
        before = text[max(start, t_start - 4) : t_start]
        if before.endswith("第") and _next_in(text, t_end, _ORDINAL_COUNTERS):
            # 第十四个, 第二批: an ordinal, not a rank
            out.append(_context(text, t_start - 1, t_end + 1, "an ordinal (第…个), not a rank"))
            consumed = t_end + 1
            continue
        if before.endswith("第") or (before.endswith("前") and before[-2:-1] not in _NOT_RANK):
            # a rank: 第36位, 前10, 第一 (not the 前 of 目前, 之前, 提前 …)
            s = t_start - 1
            tail = re.match(r"\s*(位|名)?", text[t_end:end])
            e = t_end + (tail.end() if tail else 0)
            value = _first_number(token)
            if value is None or (not (tail and tail.group(1)) and _CJK.match(text, e)):
                # 第一印象, 前三季度: an ordinal before a noun, not a rank (a rank ends its
                # phrase or says 位/名: 温州第一, 全省前10, 第36位, 第四名成绩)
                out.append(_context(text, s, e, "an ordinal before a noun, not a rank"))
                consumed = e
                continue
            comp = "<=" if before.endswith("前") else "="
            out.append(Mention(s, e, value, text[s:e], "rank", comp, "rank"))
            consumed = e
            continue
        if re.fullmatch(r"[0-9０-９]+", normalise(token)) and _YEAR_LIKE.match(normalise(token)):
            nxt = text[t_end : t_end + 1]
            if not nxt or not re.match(_UNIT_RE + "|[%％万萬亿億]", nxt):
                out.append(Mention(t_start, t_end, None, token, "", "", "year"))
                consumed = t_end
                continue
        value = _first_number(token)
        if value is None:  # 两三次: no single number
            out.append(_context(text, t_start, t_end, "a numeral that states no single number"))
            consumed = t_end
            continue
        rng = _RANGE_RE.match(text, t_end, end)
        if rng and (second := TOKEN.match(text, rng.end(), end)):
            s_end = rng.end() + len(second.group().rstrip())
            suffix = _SUFFIX_RE.match(text, s_end, end)
            e = suffix.end("unit") if suffix and suffix.group("unit") else s_end
            out.append(Mention(t_start, e, None, text[t_start:e], "", "", "range"))
            consumed = e
            continue
        pre = _PREFIX_RE.search(text[max(start, t_start - 4) : t_start])
        s = t_start - (len(pre.group()) if pre else 0)
        comparator = _PREFIX[pre.group(1)] if pre else "="
        suffix = _SUFFIX_RE.match(text, t_end, end)
        e = t_end
        unit = "%" if token.endswith(("%", "％")) else ""
        mult = _MULT.search(token)
        if suffix:
            if suffix.group("more"):
                comparator = ">="
            if suffix.group("unit") and not unit:
                unit = suffix.group("unit")
            if suffix.group("qual"):
                comparator = _SUFFIX[suffix.group("qual")]
            last = max(
                (suffix.end(g) for g in ("more", "unit", "qual") if suffix.group(g)), default=t_end
            )
            e = last
        chinese = not _HAS_DIGIT.search(token)
        if chinese and (
            _NAME_AFTER.match(text, e, end)
            or (_CONGRESS.match(token) and unit in ("大", "届", "屆"))
        ):
            out.append(_context(text, t_start, e, "a numeral inside a name (三项制度, 十九大)"))
            consumed = e
            continue
        if unit in _DURATION_UNITS or (not unit and chinese):
            # 连续6年: a duration; 四级政府, 二星级: a Chinese numeral without a counter
            why = "a duration or anniversary" if unit else "a numeral that counts nothing"
            out.append(_context(text, t_start, e, why))
            consumed = e
            continue
        if mult:
            unit = normalise(mult.group()) + unit
        out.append(Mention(s, e, value, text[s:e], unit, comparator, "number"))
        consumed = e
    return out


def cell_mention(text: str, start: int, end: int, unit: str) -> Mention:
    """The value of a table cell: ≥96, ≤ 26, 3(在建2个), '-' or 省定目标."""
    cell = text[start:end]
    value = _first_number(cell)
    folded = normalise(cell).lstrip()
    if value is None:
        comparator = ""
    elif folded.startswith(("≥", ">")):
        comparator = ">="
    elif folded.startswith(("≤", "<")):
        comparator = "<="
    else:
        comparator = "="
    return Mention(start, end, value, cell, unit, comparator, "cell")
