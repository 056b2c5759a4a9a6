"""What a source document is, as far as drafting needs it: a plan or a report, its date,
its horizon and base year, which passages are results and which are goals, and which
sentences are about another place.

Everything is read from the text itself, or from `sources.csv` when the document is already
registered there (its kind and date then win over what the text suggests).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from qcompare.curation.places import foreign_names
from qcompare.curation.script import simplified
from qcompare.curation.sentences import sentences
from qcompare.data.numbers import normalise

# headings: 一、现实基础  （一）发展成效  (三)主要目标
_HEADING = re.compile(
    r"(?:^|(?<=[\s。]))(?:[一二三四五六七八九十]{1,2}、|[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)])"
    r"\s*([^\s，。,；;]{2,16})",
    re.MULTILINE,
)
_RESULTS = re.compile(r"基础|基礎|成效|现状|現狀|回顾|回顧|成就|背景|形势|形勢|问题|問題|趋势|趨勢")
_GOALS = re.compile(r"目标|目標|思路|要求|任务|任務|重点|重點|举措|舉措|保障|措施|行动|行動")
_PLAN_WORDS = re.compile(r"规划|規劃|方案|计划|計劃|纲要|綱要|意见|意見")
_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*(?:([0-9]{1,2})\s*月)?")
_FIVE_YEAR = re.compile(r"十四五|“十四五”")


@dataclass
class Document:
    """A source text with the context its numbers are read in."""

    text: str
    city_id: str
    kind: str  # plan | news
    year: int
    month: int | None
    horizon: int  # the year its targets refer to
    base_year: int  # the year its baselines refer to
    own_names: tuple[str, ...]  # the city, its parent and children, and its areas
    _section_at: list[int] = field(default_factory=list, repr=False)
    _section_label: list[str] = field(default_factory=list, repr=False)
    _foreign: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def section(self, pos: int) -> str:
        """'results' or 'goals' (or '' before any heading) at a position of the text."""
        i = bisect_right(self._section_at, pos) - 1
        return self._section_label[i] if i >= 0 else ""

    def foreign(self, pos: int) -> bool:
        """Whether the sentence at `pos` is about another place than the document's city."""
        return any(s <= pos < e for s, e in self._foreign)

    def foreign_sentence(self, pos: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self._foreign if s <= pos < e), None)


def _sections(text: str) -> tuple[list[int], list[str]]:
    """Start and label of each labelled heading; sub-headings without a label of their own
    inherit their parent's (a plain （一）提升产业链质量水平 under 三、主要任务 is a goal)."""
    at, labels = [], []
    top = ""
    for m in _HEADING.finditer(text):
        name = m.group(1)
        is_top = "、" in m.group(0)[:4]
        label = "results" if _RESULTS.search(name) else "goals" if _GOALS.search(name) else ""
        if is_top:
            top = label or ("goals" if top == "results" else top)
            label = top
        elif top == "goals":
            label = "goals"  # （九）夯实治理基础 under 三、主要任务 is a task, not a result
        else:
            label = label or top
        if label:
            at.append(m.start(1))
            labels.append(label)
    return at, labels


def read_date(text: str) -> tuple[int, int | None]:
    """The document's date as its text gives it (used when sources.csv does not): the
    latest full date (2021年12月24日, 2023年2月) of its first pages, else the latest year
    they name that is no target (not after 到/至)."""
    head = normalise(text[:3000])
    dated = [
        (int(y), int(mo))
        for y, mo in re.findall(r"((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月", head)
    ]
    if dated:
        return max(dated)
    years = [
        int(m.group(1))
        for m in _DATE.finditer(head)
        if not re.search(r"[到至]\s*$", head[max(m.start() - 2, 0) : m.start()])
    ]
    return (max(years), None) if years else (0, None)


def horizon_of(text: str, fallback: int) -> int:
    """The year the document's targets refer to: its most frequent 到20XX年."""
    years = Counter(int(y) for y in re.findall(r"到\s*((?:19|20)[0-9]{2})\s*年", normalise(text)))
    return years.most_common(1)[0][0] if years else fallback


def _foreign_sentences(text: str, own: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sentences about another place (read in reports only: a plan is about its own city and
    names other places as models or partners). A sentence is about another place when it
    names a division outside the city's prefecture and province (qcompare.curation.places)
    and not the city's own names; a sentence naming neither belongs to the place of the
    sentence before it (a news page that moves on to another town's story stays there until
    it names the document's city again)."""
    names = foreign_names(text, own[0]) if own else set()
    if not names:
        return []
    own_plain = [simplified(o) for o in own]
    out: list[tuple[int, int]] = []
    state = False
    for s, e in sentences(text):
        plain = simplified(text[s:e])
        if any(o in plain for o in own_plain):
            state = False
        elif any(n in plain for n in names):
            state = True
        if state:
            out.append((s, e))
    return out


def document(
    text: str,
    city_id: str,
    own_names: tuple[str, ...],
    kind: str | None = None,
    date: str | None = None,
) -> Document:
    """The context of one document. `kind` (plan | news) and `date` (YYYY[-MM[-DD]]) come
    from sources.csv when registered; otherwise they are read from the text."""
    year, month = read_date(text)
    if date:
        parts = date.split("-")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
    head = normalise(text[:400])
    if kind is None:
        kind = (
            "plan" if _PLAN_WORDS.search(head) and re.search(r"到\s*20\d\d\s*年", text) else "news"
        )
    horizon = horizon_of(text, year)
    if _FIVE_YEAR.search(text[:2000]):
        horizon, base = 2025, 2020
    else:
        base = horizon - 5 if horizon - year >= 3 else year - 1
    at, labels = _sections(text) if kind == "plan" else ([], [])
    return Document(
        text=text,
        city_id=city_id,
        kind=kind,
        year=year,
        month=month,
        horizon=horizon,
        base_year=base,
        own_names=own_names,
        _section_at=at,
        _section_label=labels,
        _foreign=_foreign_sentences(text, own_names) if kind == "news" else [],
    )
