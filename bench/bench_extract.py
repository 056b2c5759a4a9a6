"""Evaluation of the curator's assistant (`qcompare extract`), leave-one-document-out.

For each source of data/raw/sources.csv: remove that source's curated observations and the
catalog entries only they use, draft the document with what is left, and score the drafts
against the removed rows (qcompare.curation.scoring). Prints Markdown; `--write` also puts the
section into bench/RESULTS.md between its markers.

    .venv/bin/python bench/bench_extract.py [--write] [--raw data/raw]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from qcompare.curation.extract import extract
from qcompare.curation.match import GOOD_MATCH
from qcompare.curation.reference import read_reference
from qcompare.curation.scoring import Score, score

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"recall": 0.90, "precision": 0.70, "top3": 0.80}
START, END = "<!-- bench_extract:start -->", "<!-- bench_extract:end -->"


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def run(raw: Path, keep_catalog: bool = False) -> tuple[list[Score], Score, dict[str, set[str]]]:
    ref = read_reference(raw)
    scores = []
    known: dict[str, set[str]] = {}
    for s in ref.sources.itertuples():
        text = (raw / s.file).read_text(encoding="utf-8")
        rest = ref.without_source(s.source_id, keep_catalog)
        known[s.source_id] = set(rest.indicators["indicator_id"])
        drafted = extract(text, s.city_id, s.source_id, rest, s.kind, s.date)
        curated = ref.observations[ref.observations["source_id"] == s.source_id]
        path = raw / "exclusions" / f"{s.source_id}.csv"
        excl = pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file() else None
        scores.append(
            score(
                s.source_id,
                text,
                drafted.drafts,
                curated,
                known[s.source_id],
                excl,
            )
        )
    total = Score("all five")
    for sc in scores:
        total.add(sc)
    return scores, total, known


def _row(sc: Score) -> str:
    r = Score.ratio
    return (
        f"| {sc.source_id} | {sc.curated_numeric} | {sc.drafts} | {_f(sc.recall)} | "
        f"{_f(sc.precision)} | {_f(r(sc.agree_kind, sc.pairs))} | "
        f"{_f(r(sc.agree_comparator, sc.pairs))} | {_f(r(sc.agree_year, sc.pairs))} | "
        f"{_f(r(sc.agree_all, sc.pairs))} | {sc.indicator_known} | "
        f"{_f(r(sc.top1, sc.indicator_known))} | {_f(r(sc.top3, sc.indicator_known))} | "
        f"{sc.new_proposed}/{sc.new_needed} | {_f(r(sc.right_call, sc.pairs))} |"
    )


def _verdict(sc: Score) -> str:
    r = Score.ratio
    figures = {
        "recall": sc.recall,
        "precision": sc.precision,
        "top3": r(sc.top3, sc.indicator_known),
    }
    parts = []
    for name, goal in GOALS.items():
        value = figures[name]
        ok = value is not None and value >= goal
        parts.append(
            f"{name} {_f(value)} {'≥' if ok else '<'} {goal:.2f} ({'met' if ok else 'missed'})"
        )
    return "; ".join(parts)


def _examples(sc: Score, n: int = 10) -> list[str]:
    lines = [
        "| curated: indicator, kind, year, cmp, value_text, quote "
        "| draft: indicator (or new), kind, year, cmp, value_text, quote |",
        "|---|---|",
    ]
    step = max(1, len(sc.examples) // n)
    for r, d in sc.examples[::step][:n]:
        top = d.candidates[0].indicator_id if d.candidates else "(none)"
        chosen = d.row["indicator_id"] or f"new: {d.new_name_zh} ({top} first)"
        esc = lambda s: s.replace("|", "\\|").replace("\t", "⇥")  # noqa: E731
        lines.append(
            f"| {r['indicator_id']}, {r['kind']}, {r['year']}, {r['comparator'] or '–'}, "
            f"{esc(r['value_text'])}, «{esc(r['quote'])}» | {chosen}, {d.row['kind']}, "
            f"{d.row['year']}, {d.row['comparator'] or '–'}, {esc(d.row['value_text'])}, "
            f"«{esc(d.row['quote'])}» |"
        )
    return lines


def _sensitivity(scores: list[Score], known: dict[str, set[str]]) -> list[str]:
    """How the new-indicator threshold trades matches against proposals, on the matched
    pairs: right = the first candidate when it is the curated indicator and scores at least
    the threshold, or a proposal (no id) when the curated indicator was removed."""
    lines = [
        "| threshold | indicator_id right | known rows given their id "
        "| removed rows proposed new |",
        "|---|---|---|---|",
    ]
    for t in (60, 66, GOOD_MATCH, 78, 84, 90):
        right = given = n_known = proposed = n_new = pairs = 0
        for sc in scores:
            for r, d in sc.examples:
                pairs += 1
                top = d.candidates[0] if d.candidates else None
                chosen = top.indicator_id if top and top.score >= t else ""
                if r["indicator_id"] in known[sc.source_id]:
                    n_known += 1
                    given += chosen == r["indicator_id"]
                    right += chosen == r["indicator_id"]
                else:
                    n_new += 1
                    proposed += chosen == ""
                    right += chosen == ""
        mark = " (used)" if t == GOOD_MATCH else ""
        lines.append(
            f"| {t:g}{mark} | {_f(right / pairs if pairs else None)} | {given}/{n_known} "
            f"| {proposed}/{n_new} |"
        )
    return lines


def _names_only(scores: list[Score]) -> list[str]:
    """The matcher when every indicator is still in the catalog but the document's own
    quotes are gone: its name is all the catalog has of a document's own indicator."""
    lines = [
        "| source | matched rows | top-1 | top-3 |",
        "|---|---|---|---|",
    ]
    total = Score("all five")
    for sc in [*scores]:
        total.add(sc)
        lines.append(
            f"| {sc.source_id} | {sc.indicator_known} "
            f"| {_f(sc.ratio(sc.top1, sc.indicator_known))} "
            f"| {_f(sc.ratio(sc.top3, sc.indicator_known))} |"
        )
    lines.append(
        f"| **all five** | {total.indicator_known} | "
        f"{_f(total.ratio(total.top1, total.indicator_known))} | "
        f"{_f(total.ratio(total.top3, total.indicator_known))} |"
    )
    return lines


def markdown(
    scores: list[Score],
    total: Score,
    known: dict[str, set[str]],
    names_only: list[Score] | None = None,
) -> str:
    head = (
        "| source | curated numeric rows | drafts | recall | precision | kind | comparator | "
        "year | all three | rows with a known indicator | top-1 | top-3 "
        "| new indicator proposed | indicator_id right |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [
        "## Curator's assistant: `qcompare extract`, leave-one-document-out "
        "(`bench/bench_extract.py`)",
        "",
        "Each document is drafted with its own curated rows, and the catalog entries only "
        "they use, removed. Recall: curated rows with a value that a draft finds (quotes "
        "overlap, same value). Precision: drafts that correspond to a curated row (numeric or "
        "not). Agreement: of the matched pairs. Top-1/top-3: of matched rows whose indicator "
        "is still in the reduced catalog (top-1 is the first candidate). Last column: matched "
        "rows whose indicator was removed, and for how many the draft proposed a new "
        "indicator instead of a forced match. `indicator_id right`: of the matched pairs, the "
        "draft's indicator_id is the curated one, or empty (new proposed) when the curated "
        "one was removed from the catalog.",
        "",
        head,
        *(_row(sc) for sc in scores),
        _row(total).replace("| all five |", "| **all five** |"),
        "",
        "Goals (recall ≥ 0.90, precision ≥ 0.70, top-3 ≥ 0.80):",
        "",
        *(f"- {sc.source_id}: {_verdict(sc)}" for sc in [*scores, total]),
        "",
        "The ten most common kinds of miss (all five documents):",
        "",
        "| count | kind of miss |",
        "|---|---|",
        *(f"| {n} | {k} |" for k, n in total.misses.most_common(10)),
        "",
        f"The threshold below which a draft proposes a new indicator ({GOOD_MATCH:g}) was set "
        "when the matcher was written, not tuned on this table; how other thresholds would do "
        "on the same pairs:",
        "",
        *_sensitivity(scores, known),
        "",
        *(
            [
                "A second run keeps every catalog entry (only the document's own curated rows "
                "are removed), so that every matched row's indicator is in the catalog, with "
                "its name but none of its quotes; this measures the matcher on all rows rather "
                "than on the few whose indicator other documents also use:",
                "",
                *_names_only(names_only),
                "",
            ]
            if names_only
            else []
        ),
        "Ten drafts of the Quanzhou scheme next to the curated rows they correspond to:",
        "",
        *_examples(next(sc for sc in scores if sc.source_id.startswith("quanzhou"))),
        "",
        "How far to trust these figures: the rules (qualifiers, kinds, sections, what is "
        "context) were written while reading these five documents, so they fit them better "
        "than they will fit a new one, although no string of a document is written into the "
        "code; the catalog's zh names were written by curators from these documents, which "
        "flatters the names-only run; precision counts every draft that no curated row "
        "matches, including numbers a curator chose to exclude as context (a judgement, not "
        "an error of reading); and recall is high by construction, since every number the "
        "coverage rules do not account for becomes a draft or a proposed exclusion.",
    ]
    return "\n".join(lines) + "\n"


def write_section(text: str, results: Path) -> None:
    body = results.read_text(encoding="utf-8") if results.is_file() else "# Benchmark results\n"
    section = f"{START}\n{text}{END}\n"
    if START in body:
        body = re.sub(
            re.escape(START) + ".*?" + re.escape(END) + "\n?", lambda _: section, body, flags=re.S
        )
    else:
        body = body.rstrip("\n") + "\n\n" + section
    results.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    scores, total, known = run(args.raw)
    names_only, _, _ = run(args.raw, keep_catalog=True)
    text = markdown(scores, total, known, names_only)
    print(text)
    if args.write:
        write_section(text, ROOT / "bench" / "RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
