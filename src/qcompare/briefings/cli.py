"""`qcompare render | index | list`: the briefing subcommands of the qcompare CLI.

The lead's argparse CLI (qcompare.cli) calls `add_subcommands(subparsers)`; each subcommand
sets `run(args) -> exit code`. Exit codes: 0 ok, 1 a notebook failed, 2 bad params or data.
Errors are one line each on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from qcompare.data.paths import project_root


def add_subcommands(subparsers) -> None:
    """Add `render`, `index` and `list` to the qcompare CLI."""
    render = subparsers.add_parser(
        "render",
        help="render briefings: params/NAME.yaml → reports/NAME.html",
        description="Execute each briefing notebook with papermill on the qcompare kernel and "
        "export it as self-contained HTML to reports/NAME.html.",
    )
    render.add_argument(
        "params",
        nargs="*",
        type=Path,
        metavar="PARAMS",
        help="params file(s), e.g. params/pm25_zh.yaml",
    )
    render.add_argument(
        "--force",
        action="store_true",
        help="render even when params, notebook, data and library are unchanged",
    )
    render.add_argument(
        "--pdf",
        action="store_true",
        help="also print each briefing to reports/NAME.pdf (A4, headless Chromium)",
    )
    render.add_argument(
        "--engine",
        choices=("warm", "kernel"),
        default="warm",
        help="warm: each notebook runs in a process forked from this warm one (default); "
        "kernel: a fresh Jupyter kernel per notebook",
    )
    render.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help="briefings rendered at a time (default: make's -j from MAKEFLAGS, else 1)",
    )
    render.add_argument(
        "--from-file",
        type=Path,
        default=None,
        metavar="LIST",
        help="also render the params files listed in LIST, one per line (make writes it; "
        "the file is removed once read)",
    )
    render.add_argument(
        "--site-only",
        action="store_true",
        help="write the site pages only, no reports/share/ files (a site of many briefings)",
    )
    render.add_argument(
        "--no-figures",
        action="store_true",
        help="draw no static figures (figures/NAME/ left empty): the pages only, for a site "
        "of many briefings",
    )
    render.add_argument(
        "--index",
        action="store_true",
        help="write reports/index.html afterwards, even when a briefing failed",
    )
    render.set_defaults(run=_render)

    index = subparsers.add_parser(
        "index", help="write reports/index.html from the rendered briefings"
    )
    index.set_defaults(run=_index)

    lst = subparsers.add_parser("list", help="list the briefings of params/")
    lst.add_argument(
        "--make-deps",
        action="store_true",
        help="print make rules: each reports/NAME.html depends on its notebook "
        "(refuses a params file whose name or notebook is not safe to give make)",
    )
    lst.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write the listing to this file atomically instead of printing it",
    )
    lst.set_defaults(run=_list)


def _render(args: argparse.Namespace) -> int:
    from qcompare.briefings.batch import jobs_from_makeflags, render_all
    from qcompare.briefings.params import ParamsError, check_location, load_briefing
    from qcompare.data.loading import load

    params = list(args.params)
    if args.from_file is not None:
        try:  # a missing list is an empty one (another render already took it)
            listed = (
                args.from_file.read_text(encoding="utf-8").splitlines()
                if args.from_file.exists()
                else []
            )
        except (OSError, UnicodeDecodeError) as err:
            print(f"render: cannot read {args.from_file}: {err}", file=sys.stderr)
            return 2
        params += [Path(line) for line in dict.fromkeys(listed) if line.strip()]
    params = list(dict.fromkeys(params))  # a briefing named twice renders once
    if not params and not args.index and args.from_file is None:
        print("render: no params files given", file=sys.stderr)
        return 2
    timeouts = {}
    try:  # every params file is checked before the data loads and the first notebook runs
        for p in params:
            check_location(p)
            check_name_of(p)
        ds = load()
        for p in params:
            timeouts[p] = load_briefing(p, ds).timeout
    except ParamsError as err:
        print(err, file=sys.stderr)
        return 2
    jobs = args.jobs or jobs_from_makeflags() or 1
    failed = False
    if params:
        summary = render_all(
            params,
            ds,
            jobs=jobs,
            engine=args.engine,
            force=args.force,
            timeouts=timeouts,
            share=not args.site_only,
            figure_files=not args.no_figures,
        )
        failed = bool(summary.failed)
        if args.pdf:  # the pages now current, printed in one browser session
            reports = project_root() / "reports"
            done = [*summary.rendered, *summary.unchanged]
            failed = bool(_pdfs([reports / f"{name}.html" for name in done])) or failed
    if args.from_file is not None:
        args.from_file.unlink(missing_ok=True)
    if args.index:
        _index(args, prune=True)  # every render of this command has finished
    return 1 if failed else 0


def _pdfs(pages: list[Path]) -> int:
    """Print the rendered pages to PDF; the number of failures (errors as one line each)."""
    from qcompare.briefings.browser import BrowserMissing
    from qcompare.briefings.params import display_path
    from qcompare.briefings.pdf import PdfFailed, write_pdfs

    try:
        for pdf in write_pdfs(pages):
            print(f"pdf {pdf.stem}: → {display_path(pdf)} ({pdf.stat().st_size / 1e6:.1f} MB)")
    except (BrowserMissing, PdfFailed) as err:
        print(f"pdf: {err}" if isinstance(err, BrowserMissing) else err, file=sys.stderr)
        return 1
    return 0


def _index(args: argparse.Namespace, prune: bool = False) -> int:
    from qcompare.briefings.index import entries, write_index
    from qcompare.briefings.params import display_path

    root = project_root()
    items = entries(root / "params", root / "reports")
    target = write_index(root / "params", root / "reports", prune=prune, items=items)
    missing = [e.name for e in items if not e.rendered]
    note = f"; not rendered: {', '.join(missing)}" if missing else ""
    print(f"index: {display_path(target)} lists {len(items)} briefing(s){note}")
    return 0


def check_name_of(params: Path) -> None:
    """The briefing name of a params file path must be safe (params.check_name)."""
    from qcompare.briefings.params import check_name, display_path

    check_name(params.stem, display_path(params))


def _list(args: argparse.Namespace) -> int:
    from qcompare.briefings.params import ParamsError, read_params
    from qcompare.data.atomic import write_text

    root = project_root()
    lines = []
    try:
        for params in sorted((root / "params").glob("*.yaml")):
            if args.make_deps:
                if rule := make_rule(params, root):
                    lines.append(rule)
                continue
            b = read_params(params, root)
            notebook = b.notebook.relative_to(root.resolve())
            lines.append(f"{b.name}\t{notebook}\t{b.lang}\t{b.title}")
    except ParamsError as err:
        print(err, file=sys.stderr)
        return 2
    if args.make_deps:  # the briefings make knows of: only names that passed the checks
        names = [line.split(".html:", 1)[0].removeprefix("reports/") for line in lines]
        lines = [
            "PARAMS_FILES := " + " ".join(f"params/{n}.yaml" for n in names),
            "REPORTS := " + " ".join(f"reports/{n}.html" for n in names),
            *lines,
        ]
    text = "".join(f"{line}\n" for line in lines)
    if args.out is not None:  # a unique temporary file renamed over the target: no race
        write_text(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def make_rule(params: Path, root: Path) -> str | None:
    """`reports/NAME.html: notebooks/NB.ipynb` for make, built only from names that passed
    the safe-name checks (so no make or shell metacharacter can appear in it). A params file
    with an unsafe name or notebook raises ParamsError; one that does not parse gives None
    (`qcompare render` reports it)."""
    from qcompare.briefings.params import check_name, display_path, load_yaml, notebook_path

    label = display_path(params)
    check_name(params.stem, label)
    try:
        doc = load_yaml(params.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - unreadable YAML: `qcompare render` names the problem
        return None
    notebook = doc.get("notebook") if isinstance(doc, dict) else None
    if not isinstance(notebook, str):
        return None
    path = notebook_path(notebook, root, label)  # raises ParamsError when unsafe
    relative = path.relative_to(root.resolve())
    return f"reports/{params.stem}.html: {relative.as_posix()}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the briefing subcommands on their own (the qcompare CLI normally hosts them)."""
    parser = argparse.ArgumentParser(prog="qcompare")
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
