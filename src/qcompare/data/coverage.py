"""Coverage: every number-bearing token of a source is accounted for.

A token is accounted for when it lies inside an occurrence of one of the source's observation
quotes, inside an occurrence of one of its exclusion passages (data/raw/exclusions), or inside
a span matched by one of the named rules below (dates, list ordinals, headings, names that
contain digits). Anything else is reported, one line per token, by `qcompare coverage`.

Tokens: runs of Arabic or full-width digits (with a decimal part and a following %, 万, 亿);
Chinese numerals followed by a counter (五个, 三项, 一批, 十大) or by 万/亿 (千亿); Chinese
numerals after 第/前 (第一, 前十, ranks and ordinals).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ahocorasick

if TYPE_CHECKING:
    from qcompare.data.dataset import Dataset

_D = "0-9０-９"
_CN = "零〇一二两兩三四五六七八九十百千"
_COUNTERS = "个個项項家名条條大类類种種次批座件只所位张張倍成星级級支台套届屆亩畝人年万萬亿億千百"

TOKEN = re.compile(
    rf"[{_D}]+(?:[.．][{_D}]+)?(?: ?[%％万萬亿億])?"  # 36.7%, 4.02万, 2025
    rf"|(?<=[第前])[{_CN}]+"  # 第一, 前十 (ranks, ordinals)
    rf"|[{_CN}]+(?=[{_COUNTERS}])"  # 五个, 三项, 一批, 十大, 千亿
)


@dataclass(frozen=True)
class Rule:
    """A named class of tokens that no curator should list one by one."""

    name: str
    pattern: re.Pattern[str]
    description: str


def _rule(name: str, pattern: str, description: str, flags: int = 0) -> Rule:
    return Rule(name, re.compile(pattern, flags), description)


_Y = rf"(?<![{_D}.．])(?:[1１][5-9５-９]|[2２][0０])[{_D}]{{2}}"  # a year 1500–2099
_MONTH = r"(?:[0０]?[1-9１-９]|[1１][0-2０-２])"
_MD = rf"[{_D}]{{1,2}}"
RULES: tuple[Rule, ...] = (
    _rule(
        "date",
        rf"{_Y}\s*[-—–~至到]\s*{_Y}\s*年"  # 2021—2025年
        rf"|{_Y}\s*年(?:代|度)?(?:\s*{_MD}\s*月(?:份)?(?:\s*{_MD}\s*日)?)?"  # 2021年12月24日
        rf"|{_Y}[-/.]{_MONTH}(?:[-/.]{_MD})?(?![{_D}.．])"  # 2021-12-24, 2022-03
        rf"|(?<![{_D}.])(?:{_MD}\s*月(?:份)?\s*{_MD}\s*[日号]|{_MD}\s*月份?|{_MD}\s*[日号](?=[至到起,，、]))"
        rf"|(?<![{_D}])[{_D}]{{2}}\s*世纪"  # 20世纪
        rf"|(?:[下上]午|晚上?|早上?)\s*{_MD}\s*[时点]"  # 下午2时
        rf"|[〇零一二三四五六七八九]{{4}}\s*年",  # 二〇二一年
        "dates and times: 2025年, 2021年12月24日, 2021—2025年, 2021-12-24, 5月, 20世纪, 下午2时",
    ),
    _rule(
        "ordinal",
        rf"(?:(?<=^)|(?<=[\s。；;：:|]))[{_D}]{{1,2}}\s*[.．、](?![{_D}])"  # 1. 2、
        rf"|[（(][{_D}{_CN}]{{1,3}}[）)]"  # (1) （二）
        rf"|(?:(?<=^)|(?<=[\s。；;：:|]))[{_CN}]{{1,3}}、"  # 一、
        rf"|第[{_D}{_CN}]+[章节節条條部篇款批]",  # 第三章, 第三批
        "section and list ordinals: 1.  2、  (1)  （二）  一、  第三章; batch ordinals 第三批",
        re.MULTILINE,
    ),
    _rule(
        "heading",
        r"^#{1,6} .*$"  # a markdown heading line
        rf"|[表图圖]\s*[{_D}]+(?=[\s:：　]|$)"  # 表1, 图2 (table and figure titles)
        rf"|附件\s*[{_D}]+|专栏\s*[{_D}]+(?:\s*[-—－]\s*[{_D}]+)?",
        "document headings and titles: markdown heading lines, 表1 / 图2 / 附件1 / 专栏 3-2 labels",
        re.MULTILINE,
    ),
    _rule(
        "article",
        rf"(?<![{_D}{_CN}第前])一(?=[个個种種座张張条條件位所支套份]|大(?!批))",
        "一 as an indefinite article (一个地区, 一座城市, 一种, 一张张); not 一批 / 一大批, "
        "not 一次 (a frequency such as 每年召开一次 is a number)",
    ),
    _rule(
        "doc_number",
        rf"〔[{_D}]{{4}}〕\s*[{_D}]+\s*号",
        "official document numbers: 〔2021〕211号",
    ),
    _rule(
        "phrase",
        "第三方|第一责任人|质量第一|千家万户|百年未有之大变局|[四五]大(?:主导|支柱|战略性?|新兴)"
        "|五大新兴|最多跑一次|一次性|一次(?:验收|检测|认证)",
        "fixed expressions whose numeral is no quantity: 第三方 (third party), 第一责任人, "
        "质量第一, 千家万户, 百年未有之大变局; 四大主导产业 / 五大战略性新兴产业 (a plan's "
        "named groups of industries); 最多跑一次 (a reform's name), 一次性, 一次验收 (first-time "
        "acceptance)",
    ),
    _rule(
        "name",
        rf"(?:PM|ＰＭ)\s*_?\{{?[{_D}.．]+\}}?"  # PM2.5, PM10, PM_{2.5}
        rf"|(?<![A-Za-z{_D}])[{_D}]+\s*G(?![A-Za-z])"  # 5G
        rf"|ISO\s*[{_D}]+|GB/?T?\s*[{_D}]+"  # ISO 9001, GB/T 19001
        rf"|[A-Za-z]+[{_D}]+(?![.．{_D}])"  # S2线, Q5, O3
        r"|“十[一二三四五]五”|十[一二三四五]五",  # plan names (not a counter token anyway)
        "names that contain digits: PM2.5, PM10, 5G, ISO 9001, S2线, 十四五",
    ),
)


@dataclass(frozen=True)
class Token:
    """One number-bearing token of a source text."""

    start: int
    end: int
    text: str
    line: int


@dataclass
class Account:
    """How each token of one source is accounted for."""

    source_id: str
    file: str
    in_quotes: list[Token] = field(default_factory=list)
    excluded: dict[str, list[Token]] = field(default_factory=dict)  # by reason
    by_rule: dict[str, list[Token]] = field(default_factory=dict)  # by rule name
    unaccounted: list[Token] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            len(self.in_quotes)
            + sum(map(len, self.excluded.values()))
            + sum(map(len, self.by_rule.values()))
            + len(self.unaccounted)
        )


def tokens(text: str) -> list[Token]:
    """Every number-bearing token of `text`, with its 1-based line."""
    out = []
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    line = 0
    for m in TOKEN.finditer(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= m.start():
            line += 1
        out.append(Token(m.start(), m.end(), m.group().rstrip(), line + 1))
    return out


def occurrences(text: str, passage: str) -> list[tuple[int, int]]:
    """Start and end of every (possibly overlapping) occurrence of `passage` in `text`."""
    if not passage:
        return []
    spans, at = [], text.find(passage)
    while at != -1:
        spans.append((at, at + len(passage)))
        at = text.find(passage, at + 1)
    return spans


def rule_spans(text: str, rules: Iterable[Rule] = RULES) -> dict[str, list[tuple[int, int]]]:
    """The spans each named rule matches in `text`."""
    return {r.name: [m.span() for m in r.pattern.finditer(text)] for r in rules}


def _inside(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(s <= token.start and token.end <= e for s, e in spans)


class QuoteSpans:
    """Every occurrence of every quote of one source, found in one Aho–Corasick pass, so
    that many passages can be checked against them cheaply."""

    def __init__(self, text: str, quotes: Iterable[str]) -> None:
        distinct = sorted({q for q in quotes if q})
        found: list[tuple[int, int, str]] = []
        if distinct:
            automaton = ahocorasick.Automaton()
            for q in distinct:
                automaton.add_word(q, q)
            automaton.make_automaton()
            found = [(end + 1 - len(q), end + 1, q) for end, q in automaton.iter(text)]
        found.sort()
        self._spans = found
        self._starts = [s for s, _, _ in found]
        self._longest = max((e - s for s, e, _ in found), default=0)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _ in self._spans]

    def overlap(self, start: int, end: int) -> str | None:
        """A quote with an occurrence overlapping [start, end), or None."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        for s, e, q in self._spans[lo:hi]:
            if s < end and start < e:
                return q
        return None


def overlapping(text: str, passage: str, quotes: Iterable[str] | QuoteSpans) -> str | None:
    """The first quote one of whose occurrences overlaps an occurrence of `passage`."""
    spans = quotes if isinstance(quotes, QuoteSpans) else QuoteSpans(text, quotes)
    for s, e in occurrences(text, passage):
        if (quote := spans.overlap(s, e)) is not None:
            return quote
    return None


def account(
    source_id: str,
    file: str,
    text: str,
    quotes: Iterable[str],
    exclusions: Iterable[tuple[str, str]],
    rules: Iterable[Rule] = RULES,
) -> Account:
    """Account for every token of one source: in a quote, in an exclusion passage
    (`exclusions` is (passage, reason) pairs), matched by a rule, or not at all."""
    quote_spans = QuoteSpans(text, quotes).spans
    excl_spans: dict[str, list[tuple[int, int]]] = {}
    for passage, reason in exclusions:
        excl_spans.setdefault(reason, []).extend(occurrences(text, passage))
    by_rule = rule_spans(text, rules)
    result = Account(source_id, file)
    for token in tokens(text):
        if _inside(token, quote_spans):
            result.in_quotes.append(token)
            continue
        reason = next((r for r, spans in excl_spans.items() if _inside(token, spans)), None)
        if reason is not None:
            result.excluded.setdefault(reason, []).append(token)
            continue
        rule = next((r for r, spans in by_rule.items() if _inside(token, spans)), None)
        if rule is not None:
            result.by_rule.setdefault(rule, []).append(token)
            continue
        result.unaccounted.append(token)
    return result


def context(text: str, token: Token, width: int = 18) -> str:
    """The token with `width` characters either side, on one line."""
    before = text[max(token.start - width, 0) : token.start]
    after = text[token.end : token.end + width]
    return (before + token.text + after).replace("\n", " ").replace("\t", " ")


def report_lines(accounts: Iterable[Account], texts: Mapping[str, str]) -> list[str]:
    """One line per unaccounted token: `FILE:LINE: source_id: 'token' in «context»`."""
    return [
        f"{a.file}:{t.line}: {a.source_id}: {t.text!r} in «{context(texts[a.source_id], t)}»"
        for a in accounts
        for t in a.unaccounted
    ]


def summary_lines(accounts: Iterable[Account]) -> list[str]:
    """Tokens per source: in quotes, excluded by reason, matched by rule."""
    lines = []
    for a in accounts:
        excluded = ", ".join(f"{k} {len(v)}" for k, v in sorted(a.excluded.items()))
        ruled = ", ".join(f"{k} {len(v)}" for k, v in sorted(a.by_rule.items()))
        lines.append(
            f"{a.source_id}: {a.total} tokens: {len(a.in_quotes)} in quotes; "
            f"excluded {sum(map(len, a.excluded.values()))} ({excluded or '-'}); "
            f"by rule {sum(map(len, a.by_rule.values()))} ({ruled or '-'})"
            + (f"; {len(a.unaccounted)} unaccounted" if a.unaccounted else "")
        )
    return lines


def accounts(ds: Dataset, source_ids: Iterable[str] | None = None) -> list[Account]:
    """Account for the tokens of each source of `ds` (all sources, or those named)."""
    wanted = list(ds.sources["source_id"]) if source_ids is None else list(source_ids)
    files = dict(zip(ds.sources["source_id"], ds.sources["file"], strict=True))
    obs, ex = ds.observations, ds.exclusions
    out = []
    for sid in wanted:
        quotes = obs.loc[obs["source_id"] == sid, "quote"].tolist()
        mine = ex.loc[ex["source_id"] == sid] if len(ex) else ex
        pairs = list(zip(mine.get("passage", []), mine.get("reason", []), strict=True))
        out.append(account(sid, files[sid], ds.source_texts[sid] or "", quotes, pairs))
    return out
