"""Drafting observation rows, and exclusion rows, from one source document.

Every number-bearing token of the document (as `qcompare coverage` counts them) that no named
coverage rule accounts for becomes one of:
- a draft observation row: quote (the shortest clause stating it, verbatim), value,
  value_text, unit, comparator, trend, kind, year, period, area, the best catalog candidates;
- a proposed exclusion: a bare year (date), a count of the document's own parts
  (structure: 9个方面, 10条具体措施), a sentence about another place (other_place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from qcompare.curation import qualifiers as q
from qcompare.curation.document import Document, document
from qcompare.curation.match import GOOD_MATCH, Candidate, Matcher
from qcompare.curation.mentions import Mention, cell_mention, mentions, skip_spans
from qcompare.curation.reference import Reference
from qcompare.curation.script import key, simplified
from qcompare.curation.sentences import Clause, clauses
from qcompare.data.coverage import occurrences

_STRUCTURE = re.compile(
    r"^[\u4e00-\u9fff“”\"]{0,6}?(?:方面|措施|舉措|举措|任务|任務|行动|行動|领域|領域|部分|"
    r"章|篇|条具体|條具體|项质量措施|項質量措施|大质量|大質量|大领域|大領域)"
)
_LEAD_VERBS = re.compile(
    r"^(?:力争|争取|争创|确保|实现|累计|全市|我市|新增|建成|建设|创建|创成|培育|打造|完成|"
    r"开展|推动|推进|提升|达到|形成|发放|获得|发布|导入|举办|评选|挂牌|启动|引进|新建|改造)+"
)


@dataclass(frozen=True)
class Draft:
    """One draft observation row and what the curator needs to review it."""

    row: dict[str, str]  # the observation columns
    unit: str
    confidence: float
    candidates: tuple[Candidate, ...]
    new_name_zh: str = ""  # a proposed indicator when no candidate is good enough
    new_unit_zh: str = ""
    name_zh: str = ""  # a table row's indicator-name cell
    start: int = 0  # span of the quote in the source
    end: int = 0
    value_start: int = 0  # span of the value_text in the source
    value_end: int = 0


@dataclass(frozen=True)
class Exclusion:
    """A proposed exclusion: a passage and why its numbers are no observations."""

    passage: str
    reason: str
    note: str
    start: int = 0  # where the passage starts in the source
    token_start: int = -1  # the number it accounts for (-1: every number of the passage)
    token_end: int = -1


@dataclass
class Extraction:
    """The drafts and proposed exclusions of one document, in document order."""

    drafts: list[Draft] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)


def _segment(text: str, clause: Clause, found: list[Mention], i: int) -> tuple[int, int]:
    """The part of a clause that belongs to its i-th number: when a clause enumerates
    numbered items with 、 (60家、60家), the item between the enumeration commas; else the
    whole clause."""
    start, end = clause.start, clause.end
    if i > 0:
        cut = text.rfind("、", found[i - 1].end, found[i].start)
        if cut != -1:
            start = cut + 1
    if i + 1 < len(found):
        cut = text.find("、", found[i].end, found[i + 1].start)
        if cut != -1:
            end = cut
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _respectively(text: str, clause: Clause, found: list[Mention], i: int) -> str:
    """The name a number of a 分别 clause pairs with: "亩均税收、全员劳动生产率、亩均增加值,
    分别达到40万元/亩以上、20万元/人·年、200万元/亩" pairs 20万元/人·年 with 全员劳动生产率;
    '' when the clause is no such list or the counts differ."""
    numbers = [m for m in found if m.kind in ("number", "range")]
    if "分别" not in clause.text and "分別" not in clause.text or len(numbers) < 2:
        return ""
    before = text[clause.sentence_start : clause.start].rstrip(" ,，:：")
    names_part = re.split(r"[,，;；:：]", before)[-1] if before else ""
    names = [n for n in re.split(r"[、和及与與]", names_part) if n.strip()]
    if len(names) != len(numbers) or found[i] not in numbers:
        return ""
    return names[numbers.index(found[i])]


def _new_name(passage: str, value_text: str) -> str:
    """A proposed indicator name: the passage in simplified script without its number,
    qualifiers and leading verbs."""
    name = key(passage.replace(value_text, " "))
    name = _LEAD_VERBS.sub("", name)
    return name[:30]


def _number(value: float) -> str:
    """A value as the CSV holds it: 95, 98.5, 46.38 (never 1e+12)."""
    return str(int(value)) if value.is_integer() else repr(value)


def _confidence(top: float, certain: bool) -> float:
    return round(min(1.0, top / 100) * (1.0 if certain else 0.85), 2)


class Extractor:
    """Drafts documents against one reference (catalog, curated rows, cities, areas); the
    matcher is built once, so many documents can be drafted with it."""

    def __init__(self, reference: Reference):
        self.reference = reference
        self.matcher = Matcher(reference.indicators, reference.observations)

    def run(
        self,
        text: str,
        city_id: str,
        source_id: str,
        kind: str | None = None,
        date: str | None = None,
    ) -> Extraction:
        doc = document(text, city_id, self.reference.own_names(city_id), kind, date)
        skip = skip_spans(text)
        out = Extraction()
        excluded_sentences: set[tuple[int, int]] = set()
        for clause in clauses(text):
            if clause.row is not None:
                out.drafts.extend(self._table_row(doc, clause, source_id))
                continue
            found = mentions(text, clause.start, clause.end, skip)
            if not found:
                continue
            if doc.foreign(clause.start):
                span = doc.foreign_sentence(clause.start)
                if span and span not in excluded_sentences:
                    excluded_sentences.add(span)
                    out.exclusions.append(
                        Exclusion(
                            text[span[0] : span[1]],
                            "other_place",
                            "a sentence about another place than the document's city",
                            span[0],
                        )
                    )
                continue
            for i, m in enumerate(found):
                draft = self._mention(doc, clause, found, i, m, source_id, out)
                if draft is not None:
                    out.drafts.append(draft)
        _fold_restatements(out)
        out.exclusions[:] = _resolved(text, out)
        return out

    # --- one number of running text ------------------------------------------------------

    def _mention(
        self,
        doc: Document,
        clause: Clause,
        found: list[Mention],
        i: int,
        m: Mention,
        source_id: str,
        out: Extraction,
    ) -> Draft | None:
        text = doc.text
        if m.kind == "year":
            passage = text[m.start : min(clause.end, m.end + 8)]
            out.exclusions.append(
                Exclusion(
                    passage,
                    "date",
                    f"the year {m.value_text} in a name or title",
                    m.start,
                    m.start,
                    m.end,
                )
            )
            return None
        if m.kind == "context" or (m.kind == "batch" and doc.kind != "plan"):
            # a number that only describes something else (a title, a name, a duration; 一批
            # in a report, which sets nothing)
            s, e = _segment(text, clause, found, i)
            why = m.why or "一批 in a report: an unquantified amount that sets nothing"
            out.exclusions.append(Exclusion(text[s:e], "context", why, s, m.start, m.end))
            return None
        if m.kind not in ("rank", "batch") and _STRUCTURE.match(text[m.end : m.end + 10]):
            s, e = _segment(text, clause, found, i)
            out.exclusions.append(
                Exclusion(
                    text[s:e],
                    "structure",
                    "a count of the document's own parts or measures",
                    s,
                    m.start,
                    m.end,
                )
            )
            return None
        start, end = _segment(text, clause, found, i)
        quote = text[start:end]
        sentence = text[clause.sentence_start : clause.sentence_end]
        before_in_sentence = text[clause.sentence_start : m.start]
        before_in_clause = text[clause.start : m.start]
        notes = []
        if doc.kind == "plan":
            kind, year, p_start, p_end = q.plan_kind(
                sentence, doc.section(m.start), m.unit, doc.base_year, doc.horizon
            )
            if p_start:
                notes.append("a count over the previous plan period (period from the plan)")
        elif (goal := q.news_target_year(sentence, doc.year)) is not None:
            kind, year, p_start, p_end = "target", goal, "", ""
            notes.append("a target the report quotes")
        else:
            kind = "observed"
            year = q.news_year(sentence, doc.year, doc.month)
            p_start, p_end = q.news_period(sentence, year)
            if p_start:
                notes.append(f"period {p_start}..{p_end} from the sentence")
        trend = q.trend(before_in_sentence) if kind == "target" else ""
        comparator = q.comparator(m.comparator, before_in_clause)
        comparator = q.with_trend(comparator, trend)
        if m.kind == "range":
            notes.append("a range: no single value")
        area = self.reference.area_id(doc.city_id, q.area_scope(quote))
        # a clause without its subject (稳定到25微克/立方米) is matched with the sentence so
        # far; in "A、B、C,分别达到x、y、z" the i-th number is matched with the i-th name
        query = _respectively(text, clause, found, i) or (
            quote if len(key(quote)) >= 6 else text[clause.sentence_start : end]
        )
        cands = self.matcher.candidates(query, m.unit)
        certain = bool(q.years_in(sentence)) or m.kind == "rank"
        return self._draft(
            doc, source_id, kind, year, p_start, p_end, area, comparator, trend, m, quote,
            cands, certain, notes, start, end,
        )  # fmt: skip

    # --- one table row ---------------------------------------------------------------------

    def _table_row(self, doc: Document, clause: Clause, source_id: str) -> list[Draft]:
        row = clause.row
        assert row is not None
        drafts = []
        area = self.reference.area_id(doc.city_id, q.area_scope(row.name.text))
        unit = row.unit.text
        cands = self.matcher.candidates(row.name.text, unit)
        for cell, header in row.values:
            read = q.table_kind(header, row.title, doc.base_year, doc.horizon)
            if read is None:
                continue
            kind, year = read
            m = cell_mention(doc.text, cell.start, cell.end, unit)
            notes = [f"table column {header!r}"]
            drafts.append(
                self._draft(
                    doc,
                    source_id,
                    kind,
                    year,
                    "",
                    "",
                    area,
                    m.comparator,
                    "",
                    m,
                    clause.text,
                    cands,
                    True,
                    notes,
                    clause.start,
                    clause.end,
                    row.name.text,
                )  # fmt: skip
            )
        return drafts

    def _draft(
        self,
        doc: Document,
        source_id: str,
        kind: str,
        year: int,
        p_start: str,
        p_end: str,
        area: str,
        comparator: str,
        trend: str,
        m: Mention,
        quote: str,
        cands: list[Candidate],
        certain: bool,
        notes: list[str],
        start: int,
        end: int,
        name_zh: str = "",
    ) -> Draft:
        top = cands[0].score if cands else 0.0
        good = top >= GOOD_MATCH
        value = "" if m.value is None else _number(m.value)
        row = {
            "city_id": doc.city_id,
            "indicator_id": cands[0].indicator_id if good else "",
            "area_id": area,
            "kind": kind,
            "year": str(year),
            "period_start": p_start,
            "period_end": p_end,
            "comparator": comparator if m.value is not None else "",
            "value": value,
            "value_text": m.value_text,
            "trend": trend,
            "source_id": source_id,
            "quote": quote,
            "note": "; ".join(["draft", *notes]),
        }
        return Draft(
            row=row,
            unit=simplified(m.unit),
            confidence=_confidence(top, certain) if good else round(top / 200, 2),
            candidates=tuple(cands),
            new_name_zh="" if good else _new_name(quote, m.value_text),
            new_unit_zh="" if good else simplified(m.unit),
            name_zh=name_zh,
            start=start,
            end=end,
            value_start=m.start,
            value_end=m.end,
        )


def _fold_restatements(out: Extraction) -> None:
    """A number of the text that restates a table row (same value and kind, a passage
    naming the same indicator) is proposed as a `restatement` exclusion; its qualifier goes
    to the table row when the table cell is bare (表 35, text 35%以上 → >=)."""
    drafts = list(out.drafts)
    tables = [i for i, d in enumerate(drafts) if d.name_zh]
    drop: set[int] = set()
    for j, d in enumerate(drafts):
        if d.name_zh or d.row["value"] == "":
            continue
        same = [
            i
            for i in tables
            if drafts[i].row["value"] == d.row["value"]
            and drafts[i].row["kind"] == d.row["kind"]
            and restates(d.row["quote"], drafts[i].name_zh)
        ]
        if not same:
            # the same number stated again in the text (a summary, then the tasks): which
            # passage to keep is the curator's call, so the later draft only says so
            earlier = next(
                (
                    drafts[i]
                    for i in range(j)
                    if not drafts[i].name_zh
                    and drafts[i].row["value"] == d.row["value"]
                    and drafts[i].unit == d.unit
                    and drafts[i].row["kind"] == d.row["kind"]
                    and restates(d.row["quote"], drafts[i].row["quote"], 90)
                ),
                None,
            )
            if earlier is not None:
                row = dict(d.row)
                row["note"] += (
                    f"; may restate «{earlier.row['quote']}» (keep one, exclude the other)"
                )
                drafts[j] = replace(d, row=row)
        if not same:
            continue
        drop.add(j)
        t = drafts[same[0]]
        out.exclusions.append(
            Exclusion(
                d.row["quote"],
                "restatement",
                f"restates the table row «{t.name_zh}»",
                d.start,
                d.value_start,
                d.value_end,
            )
        )
        if t.row["comparator"] == "=" and d.row["comparator"] not in ("", "="):
            row = dict(t.row)
            row["comparator"] = d.row["comparator"]
            row["note"] += f"; qualifier from the text ({d.row['value_text']}), the cell is bare"
            drafts[same[0]] = replace(t, row=row)
    out.drafts[:] = [d for i, d in enumerate(drafts) if i not in drop]


_BOUNDARY = set("、，,。；;：:“”《》()（）\n\t ")


def _narrow(text: str, start: int, end: int, reach: int = 12) -> tuple[int, int]:
    """The token widened to the nearest punctuation on either side (at most `reach`)."""
    s, e = start, end
    while s > max(start - reach, 0) and text[s - 1] not in _BOUNDARY:
        s -= 1
    while e < min(end + reach, len(text)) and text[e] not in _BOUNDARY:
        e += 1
    return s, e


def _resolved(text: str, out: Extraction) -> list[Exclusion]:
    """The proposed exclusions a validator accepts next to the drafts: a number already
    inside a draft's quote needs none, and a passage must not overlap any occurrence of a
    draft's quote (the passage is narrowed to the number and its words until it does not)."""
    quote_spans = [sp for q in {d.row["quote"] for d in out.drafts} for sp in occurrences(text, q)]

    def clashes(passage: str) -> bool:
        return any(
            s < qe and qs < e for s, e in occurrences(text, passage) for qs, qe in quote_spans
        )

    kept: list[Exclusion] = []
    for e in out.exclusions:
        if e.token_start < 0:
            if not clashes(e.passage):
                kept.append(e)
            continue
        if any(qs <= e.token_start and e.token_end <= qe for qs, qe in quote_spans):
            continue  # accounted for by a quote
        narrow = _narrow(text, e.token_start, e.token_end)
        for s, end in ((e.start, e.start + len(e.passage)), narrow, (e.token_start, e.token_end)):
            passage = text[s:end]
            if passage.strip() and not clashes(passage):
                kept.append(replace(e, passage=passage, start=s))
                break
    return kept


def restates(passage: str, name: str, threshold: float = 80) -> bool:
    """Whether a passage of text names the indicator of a table row (or of an earlier
    passage)."""
    a, b = key(passage), key(name)
    return bool(a and b) and fuzz.partial_ratio(b, a) >= threshold


def extract(
    text: str,
    city_id: str,
    source_id: str,
    reference: Reference,
    kind: str | None = None,
    date: str | None = None,
) -> Extraction:
    """Draft rows and proposed exclusions for one document of one city."""
    return Extractor(reference).run(text, city_id, source_id, kind, date)


__all__ = ["Draft", "Exclusion", "Extraction", "Extractor", "extract"]
