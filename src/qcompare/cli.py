"""The `qcompare` command: validate and build the data, render the briefings.

Exit codes: 0 success, 2 bad input (one line per problem on stderr), 1 anything else.
An operating-system error (a read-only or full disk, a path that is a file, a closed pipe as
in `qcompare validate | head -1`) is one line naming the path and the cause, exit 1, never a
traceback. Problem lists are capped (the first MAX_PROBLEMS, then a count by kind); `--all`
prints every one.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from qcompare.data.errors import InvalidInput, report_lines
from qcompare.optional_imports import skipping_imports

MAX_PROBLEMS = 50

# Optional imports the command never uses, skipped while the briefings load. jsonschema (which
# nbformat, and so papermill, imports) registers an IRI format checker when rfc3987_syntax is
# installed (JupyterLab's jupyter-events pulls it in), and importing that module compiles an
# Earley grammar, the largest single cost of the command's start (bench/RESULTS.md §1). Nothing
# the command runs validates with format checking (nbformat, nbconvert and papermill pass no
# format checker), so the checker is never asked for; a process forked from the command (a warm
# render's notebook) has jsonschema without it, as the command does.
UNUSED_OPTIONAL_IMPORTS = ("rfc3987_syntax",)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        try:
            return int(args.run(args) or 0)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
    except InvalidInput as err:
        limit = None if getattr(args, "all", False) else MAX_PROBLEMS
        for line in report_lines(err.problems, limit):
            print(line, file=sys.stderr)
        print(
            f"qcompare {args.command}: {len(err.problems)} problem(s) "
            "(file:line = the line an editor shows); nothing written",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `qcompare validate | head -1`: the reader left early
        _quiet_stdout()
        print(
            f"qcompare {args.command}: <stdout>: the reader closed the pipe early "
            "(Broken pipe, EPIPE); output cut short",
            file=sys.stderr,
        )
        return 1
    except OSError as err:
        print(f"qcompare {args.command}: {os_error_line(err)}", file=sys.stderr)
        return 1


def os_error_line(err: OSError) -> str:
    """`PATH: cause` for an operating-system error, e.g. `reports/x.html: No space left on
    device (ENOSPC)`."""
    cause = err.strerror or str(err) or type(err).__name__
    code = errno.errorcode.get(err.errno or 0)
    cause = f"{cause} ({code})" if code else cause
    paths = [p for p in (err.filename, err.filename2) if p is not None]
    where = " → ".join(os.fsdecode(p) for p in paths)
    return f"{where}: {cause}" if where else cause


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush
    raises nothing (Python's documented recipe for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
        pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qcompare",
        description="Compare the quality-city targets of Chinese cities from their plans.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check the curated data in data/raw")
    validate.add_argument(
        "--raw", type=Path, default=None, help="folder of curated data (default: data/raw)"
    )
    _all_flag(validate)
    validate.set_defaults(run=_validate)

    coverage = sub.add_parser(
        "coverage",
        help="check that every number of the sources is an observation, an exclusion or a "
        "named rule",
    )
    coverage.add_argument("source_id", nargs="?", default=None, help="one source (default: all)")
    coverage.add_argument("--raw", type=Path, default=None, help="folder of curated data")
    coverage.set_defaults(run=_coverage)

    build = sub.add_parser("build", help="write data/processed from data/raw")
    build.add_argument("--raw", type=Path, default=None, help="folder of curated data")
    build.add_argument(
        "--out", type=Path, default=None, help="output folder (default: data/processed)"
    )
    _all_flag(build)
    build.set_defaults(run=_build)

    extract = sub.add_parser(
        "extract",
        help="draft observation rows from a source document (writes data/raw/drafts/ID.csv)",
    )
    extract.add_argument("source_file", type=Path, metavar="SOURCE_FILE")
    extract.add_argument("--city", required=True, metavar="CITY_ID", help="city of cities.csv")
    extract.add_argument(
        "--source-id", required=True, metavar="ID", help="source id (names the draft files)"
    )
    extract.add_argument("--raw", type=Path, default=None, help="curated data (default data/raw)")
    extract.add_argument(
        "--out", type=Path, default=None, help="draft folder (default data/raw/drafts)"
    )
    extract.add_argument(
        "--kind", choices=("plan", "news"), default=None, help="default: sources.csv, else read"
    )
    extract.add_argument(
        "--date", default=None, help="YYYY[-MM[-DD]]; default: sources.csv, else read"
    )
    extract.set_defaults(run=_extract)

    suggest = sub.add_parser("suggest", help="catalog candidates for a sentence, with scores")
    suggest.add_argument("text", metavar="TEXT")
    suggest.add_argument("--raw", type=Path, default=None, help="curated data (default data/raw)")
    suggest.add_argument("-k", type=int, default=5, help="how many candidates (default 5)")
    suggest.set_defaults(run=_suggest)

    try:
        with skipping_imports(UNUSED_OPTIONAL_IMPORTS):
            from qcompare.briefings.cli import add_subcommands
    except ImportError as err:  # the briefings package is optional for data-only use
        if err.name in UNUSED_OPTIONAL_IMPORTS or (err.name or "").startswith("qcompare"):
            raise  # a module skipped as unused is needed, or qcompare's own code is broken
    else:
        add_subcommands(sub)
    return parser


def _all_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        action="store_true",
        help=f"print every problem (default: the first {MAX_PROBLEMS}, then a count by kind)",
    )


def _validate(args: argparse.Namespace) -> int:
    from qcompare.data.loading import load

    ds = load(args.raw, use_cache=False)  # a curator's check always validates afresh
    counts = ds.summary()
    print(
        f"ok: {len(ds.cities)} cities, {len(ds.sources)} sources, "
        f"{len(ds.indicators)} indicators, {len(ds.observations)} observations, "
        f"{len(ds.areas)} areas, {len(ds.exclusions)} exclusions"
    )
    print(counts.to_string())
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from qcompare.data.coverage import accounts, report_lines, summary_lines
    from qcompare.data.errors import Problem
    from qcompare.data.loading import load

    ds = load(args.raw, use_cache=False)
    known = list(ds.sources["source_id"])
    if args.source_id is not None and args.source_id not in known:
        raise InvalidInput(
            [
                Problem(
                    "sources.csv",
                    None,
                    "source_id",
                    f"unknown source {args.source_id!r}; expected one of {', '.join(known)}",
                )
            ]
        )
    found = accounts(ds, None if args.source_id is None else [args.source_id])
    missing = report_lines(found, ds.source_texts)
    for line in missing:
        print(line, file=sys.stderr)
    for line in summary_lines(found):
        print(line)
    if missing:
        print(f"qcompare coverage: {len(missing)} token(s) not accounted for", file=sys.stderr)
        return 2
    return 0


def _build(args: argparse.Namespace) -> int:
    from qcompare.build import build
    from qcompare.data.loading import load
    from qcompare.data.paths import processed_dir

    ds = load(args.raw, use_cache=False)
    out = args.out or processed_dir()
    written = build(ds, out)
    print(f"{out}: {len(written)} file(s) changed" if written else f"{out}: up to date")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from qcompare.curation.document import read_date
    from qcompare.curation.drafts import write_drafts
    from qcompare.curation.extract import extract
    from qcompare.curation.inputs import check_arguments, read_source
    from qcompare.curation.match import GOOD_MATCH
    from qcompare.curation.reference import read_reference
    from qcompare.data.errors import Problem
    from qcompare.data.paths import raw_dir

    raw = args.raw or raw_dir()
    reference = read_reference(raw)
    check_arguments(reference, args.city, args.source_id)
    text = read_source(args.source_file)
    kind, date = args.kind, args.date
    src = reference.sources
    if len(src) and args.source_id in set(src["source_id"]):
        row = src.loc[src["source_id"] == args.source_id].iloc[0]
        kind = kind or row.get("kind") or None
        date = date or row.get("date") or None
    if not date and not read_date(text)[0]:
        raise InvalidInput(
            [
                Problem(
                    str(args.source_file),
                    None,
                    None,
                    "no date found in the text and the source is not in sources.csv; "
                    "give it with --date YYYY[-MM]",
                )
            ]
        )
    result = extract(text, args.city, args.source_id, reference, kind, date)
    drafts, exclusions = write_drafts(result, args.source_id, args.out or raw / "drafts")
    matched = sum(1 for d in result.drafts if d.row["indicator_id"])
    print(
        f"{drafts}: {len(result.drafts)} draft rows ({matched} matched to the catalog at "
        f"score >= {GOOD_MATCH:g}, {len(result.drafts) - matched} proposing a new indicator)"
    )
    print(f"{exclusions}: {len(result.exclusions)} proposed exclusions")
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from qcompare.curation.match import GOOD_MATCH, Matcher
    from qcompare.curation.mentions import mentions, skip_spans
    from qcompare.curation.reference import read_reference
    from qcompare.data.paths import raw_dir

    reference = read_reference(args.raw or raw_dir())
    found = mentions(args.text, 0, len(args.text), skip_spans(args.text))
    unit = next((m.unit for m in found if m.unit), "")
    cands = Matcher(reference.indicators, reference.observations).candidates(
        args.text, unit, k=args.k
    )
    if not cands:
        print("no candidates: the text names nothing to match", file=sys.stderr)
        return 2
    for c in cands:
        mark = "" if c.score >= GOOD_MATCH else "  (weak)"
        print(f"{c.score:5.1f}  {c.indicator_id}  {c.name_zh}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
