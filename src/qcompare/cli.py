"""The `qcompare` command: validate and build the data, render the briefings.

Exit codes: 0 success, 2 bad input (one line per problem on stderr), 1 anything else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from qcompare.data.errors import InvalidInput


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except InvalidInput as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(
            f"qcompare {args.command}: {len(err.problems)} problem(s); nothing written",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


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
    build.set_defaults(run=_build)

    try:
        from qcompare.briefings.cli import add_subcommands
    except ImportError:  # the briefings package is optional for data-only use
        pass
    else:
        add_subcommands(sub)
    return parser


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


if __name__ == "__main__":
    sys.exit(main())
