"""Render one briefing: check params → execute with papermill → export HTML → commit atomically.

Outputs of briefing NAME (params/NAME.yaml), each file replaced atomically (a reader sees old
or new), both pages from the same executed notebook:
- reports/NAME.html        the site page: plotly.js and the CJK font subset from
                           reports/assets/ (plotly-<version>.min.js, fonts/*.woff2);
- reports/share/NAME.html  the same page self-contained (plotly.js and the font inlined);
- reports/NAME.json        sidecar for the index: title, lang, findings, sources, font, input
                           fingerprint (written last, so an interrupted commit never looks
                           current);
- figures/NAME/            static figures saved by the notebook (qcompare.briefings.save_static).
A notebook that fails — or whose process crashes or runs past the params' `timeout` — leaves
all of them as they were and keeps the executed notebook, error included, in
reports/.failed/NAME.ipynb.

Engines (papermill engine names): `qcompare-warm` (qcompare.briefings.warm: the cells run in
a process forked from this warm one) and the stock `kernel` (nbclient: a fresh Jupyter kernel
per briefing).

While a render runs it holds reports/.locks/NAME.lock (fcntl), so a second render of the same
briefing waits for the first and then finds its inputs unchanged; a SIGTERM removes the
temporary outputs (reports/.NAME.*, figures/.NAME.*) before the process ends.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import nbformat

from qcompare.briefings.export import (
    META_MIMETYPE,
    SHARE_MAX_BYTES,
    SITE_MAX_BYTES,
    Pages,
    plotly_js,
    to_pages,
)
from qcompare.briefings.facets import facets
from qcompare.briefings.i18n import t
from qcompare.briefings.inputs import dependencies, fingerprint
from qcompare.briefings.notebook import FIGURE_FILES_ENV, FIGURES_ENV
from qcompare.briefings.params import Briefing, check_location, display_path, load_briefing
from qcompare.data.atomic import write_bytes, write_text
from qcompare.data.dataset import Dataset
from qcompare.data.paths import project_root

KERNEL = "qcompare"
ENGINES = {"warm": "qcompare-warm", "kernel": "nbclient"}
"""`qcompare render --engine` choices → papermill engine names."""
DEFAULT_ENGINE = "warm"
# The kernel's own log goes to this process's stderr; silence it (ipykernel ≥ 7 warns
# about TCP transport on every start, which would drown the one progress line per briefing).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


class RenderFailed(Exception):
    """A briefing could not be rendered; str() is one line naming the briefing and the cause."""


class Terminated(BaseException):
    """SIGTERM arrived during a render (a BaseException, so no `except Exception` eats it)."""


@contextmanager
def terminate_as_exception() -> Iterator[None]:
    """Turn SIGTERM into `Terminated` while the block runs, so every `finally` and context
    manager (temporary directories, the kernel) cleans up; outside the main thread, where a
    handler cannot be installed, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def render_lock(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive fcntl lock on `path` for the block; when another process holds it,
    call `on_wait` once and wait for it (the lock goes with the process, even on kill -9)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@dataclass(frozen=True)
class RenderResult:
    name: str
    html: Path
    rendered: bool  # False: inputs unchanged since the last render, nothing executed
    seconds: float
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        """The progress line printed per briefing."""
        if not self.rendered:
            return (
                f"render {self.name}: inputs unchanged, kept {display_path(self.html)} "
                f"({self.seconds:.1f} s)"
            )
        size = self.html.stat().st_size / 1e3
        share = self.html.parent / "share" / self.html.name
        extra = f", share {share.stat().st_size / 1e6:.1f} MB" if share.is_file() else ""
        return (
            f"render {self.name}: {self.seconds:.1f} s → {display_path(self.html)} "
            f"({size:.0f} KB{extra})"
        )


@dataclass(frozen=True)
class Outputs:
    """Where briefing NAME's outputs go."""

    html: Path
    share: Path
    meta: Path
    figures: Path
    failed: Path
    lock: Path

    @classmethod
    def of(cls, name: str, reports: Path, figures: Path) -> Outputs:
        return cls(
            html=reports / f"{name}.html",
            share=reports / "share" / f"{name}.html",
            meta=reports / f"{name}.json",
            figures=figures / name,
            failed=reports / ".failed" / f"{name}.ipynb",
            lock=reports / ".locks" / f"{name}.lock",
        )


def render(
    params_file: Path | str,
    ds: Dataset,
    *,
    force: bool = False,
    root: Path | None = None,
    reports: Path | None = None,
    figures: Path | None = None,
    kernel: str = KERNEL,
    engine: str = DEFAULT_ENGINE,
    share: bool = True,
    figure_files: bool = True,
) -> RenderResult:
    """Render one briefing; execute nothing when its inputs are byte-identical to last time.

    `engine` is "warm" or "kernel" (ENGINES); both give the same pages, sidecar and figures.
    `share=False` writes the site page only (a site of many briefings, no share files);
    `figure_files=False` draws no static figures (figures/NAME/ is left empty). A render
    that made more than is asked (a share page, figures) is current for a request of less.
    """
    start = time.monotonic()
    root = Path(root) if root is not None else project_root()
    reports = (Path(reports) if reports is not None else root / "reports").absolute()
    figures = (Path(figures) if figures is not None else root / "figures").absolute()
    check_location(params_file, root)
    briefing = load_briefing(params_file, ds, root)
    out = Outputs.of(briefing.name, reports, figures)

    def waiting() -> None:
        print(f"render {briefing.name}: already rendering elsewhere; waiting", file=sys.stderr)

    with terminate_as_exception(), render_lock(out.lock, on_wait=waiting):
        return _render_locked(
            briefing,
            ds,
            out,
            root,
            reports,
            figures,
            kernel,
            force,
            start,
            engine,
            share,
            figure_files,
        )


def _render_locked(
    briefing: Briefing,
    ds: Dataset,
    out: Outputs,
    root: Path,
    reports: Path,
    figures: Path,
    kernel: str,
    force: bool,
    start: float,
    engine: str = DEFAULT_ENGINE,
    share: bool = True,
    figure_files: bool = True,
) -> RenderResult:
    """The render itself, under the briefing's lock (so the fingerprint is read fresh)."""
    stamp = fingerprint(dependencies(briefing, root), root, extra=kernel)

    made = _made(out, stamp)
    if not force and made is not None and made.covers(share, figure_files):
        if made.whole:  # a whole render: make may call it up to date
            for path in (out.meta, out.share, out.html):
                os.utime(path)  # make sees it up to date; the content is already right
        return RenderResult(briefing.name, out.html, False, time.monotonic() - start)

    reports.mkdir(parents=True, exist_ok=True)
    figures.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix=f".{briefing.name}.", dir=reports) as build,
        tempfile.TemporaryDirectory(prefix=f".{briefing.name}.", dir=figures) as fig_tmp,
    ):
        executed = Path(build) / f"{briefing.name}.ipynb"
        nb = _execute(briefing, executed, Path(fig_tmp), kernel, out, engine, figure_files)
        try:
            meta = _take_metadata(nb, briefing)
        except RenderFailed:
            _keep_failed(executed, out.failed)
            raise
        warnings = tuple(_stderr_lines(nb, briefing))
        pages = to_pages(
            nb,
            title=briefing.title,
            lang=briefing.lang,
            kicker=t("kicker", briefing.lang),
            footer=t("footer", briefing.lang),
            share=share,
        )
        warnings += tuple(_size_warnings(briefing.name, pages))
        sidecar = _sidecar(briefing, ds, meta, stamp, root, Path(fig_tmp))
        sidecar["font"] = pages.font.name
        sidecar["share"] = f"share/{out.share.name}" if share else None
        sidecar["figure_files"] = figure_files
        write_assets(reports, pages)
        _replace_dir(Path(fig_tmp), out.figures)
        write_text(out.html, pages.site)
        if pages.share is not None:
            write_text(out.share, pages.share)
        else:
            out.share.unlink(missing_ok=True)  # would be older than the site page
        # the sidecar (with the fingerprint) last: an interrupted commit re-renders next time
        write_text(out.meta, json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n")
        if not (share and figure_files):
            _leave_to_make(out.html)
    out.failed.unlink(missing_ok=True)
    return RenderResult(briefing.name, out.html, True, time.monotonic() - start, warnings)


def is_current(
    params_file: Path | str,
    ds: Dataset,
    *,
    root: Path | None = None,
    reports: Path | None = None,
    kernel: str = KERNEL,
    share: bool = True,
    figure_files: bool = True,
) -> bool:
    """Are the briefing's pages there and its inputs byte-identical to their last render?"""
    root = Path(root) if root is not None else project_root()
    reports = (Path(reports) if reports is not None else root / "reports").absolute()
    briefing = load_briefing(params_file, ds, root)
    out = Outputs.of(briefing.name, reports, root / "figures")
    stamp = fingerprint(dependencies(briefing, root), root, extra=kernel)
    made = _made(out, stamp)
    return made is not None and made.covers(share, figure_files)


def _size_warnings(name: str, pages: Pages):
    for label, page, budget in (
        ("site page", pages.site, SITE_MAX_BYTES),
        ("share page", pages.share, SHARE_MAX_BYTES),
    ):
        if page is None:
            continue
        size = len(page.encode())
        if size > budget:
            yield (
                f"render {name}: {label} is {size / 2**20:.2f} MiB, "
                f"over the {budget / 2**20:.2f} MiB budget"
            )


def write_assets(reports: Path, pages: Pages) -> None:
    """Put the site page's shared assets in reports/assets/ (each written once, atomically)."""
    for rel, data in pages.site_assets().items():
        target = reports / rel
        if data is None:  # plotly.js: the version is in the name, the bytes never change
            if target.is_file():
                continue
            data = plotly_js().encode()
        elif target.is_file() and target.stat().st_size == len(data):
            continue  # content-addressed name: same name, same bytes
        write_bytes(target, data)


def _leave_to_make(page: Path) -> None:
    """A page rendered without its share page or figures is dated 1970, so that make (which
    knows only times) sees the briefing out of date and `make report` completes it."""
    os.utime(page, (0, 0))


class _Made(NamedTuple):
    """What the last render of a briefing wrote besides its site page."""

    share: bool
    figure_files: bool

    def covers(self, share: bool, figure_files: bool) -> bool:
        """Is it at least what is asked now?"""
        return (self.share or not share) and (self.figure_files or not figure_files)

    @property
    def whole(self) -> bool:
        return self.share and self.figure_files


def _made(out: Outputs, stamp: str) -> _Made | None:
    """What the last render made, if it had these inputs (None: it did not, or there is
    none); the sidecar is read once."""
    recorded = _recorded(out)
    if recorded.get("fingerprint") != stamp:
        return None
    return _Made(out.share.is_file(), recorded.get("figure_files", True) is not False)


def _recorded(out: Outputs) -> dict:
    """The sidecar of the last render ({} when there is no page or no readable sidecar)."""
    if not (out.html.is_file() and out.meta.is_file()):
        return {}
    try:
        recorded = json.loads(out.meta.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError, UnicodeDecodeError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


# --- execution -----------------------------------------------------------------------------


@contextmanager
def _environment(**values: str):
    """Set environment variables for the kernel (it inherits this process's environment)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _execute(
    briefing: Briefing,
    executed: Path,
    fig_dir: Path,
    kernel: str,
    out: Outputs,
    engine: str,
    figure_files: bool = True,
) -> nbformat.NotebookNode:
    """Execute the briefing's notebook into `executed`; return the executed notebook."""
    import papermill as pm
    from jupyter_client.kernelspec import NoSuchKernel
    from papermill.exceptions import PapermillExecutionError

    from qcompare.briefings.warm import ChildFailed

    # papermill (and nbclient through it) logs errors it also raises: the raise becomes the
    # one line; the log would be a second one
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    name = briefing.name
    if engine not in ENGINES:
        raise RenderFailed(f"render {name}: unknown engine {engine!r}; use {' or '.join(ENGINES)}")
    # the warm engine limits the whole briefing; the kernel engine (nbclient) each cell
    limits = (
        {"briefing_timeout": briefing.timeout}
        if engine == "warm"
        else {"execution_timeout": briefing.timeout}
    )
    try:
        wanted = {FIGURES_ENV: str(fig_dir), FIGURE_FILES_ENV: "1" if figure_files else "0"}
        with _environment(**wanted):
            return _retrying_kernel_start(
                name,
                lambda: pm.execute_notebook(
                    str(briefing.notebook),
                    str(executed),
                    parameters=briefing.parameters,
                    engine_name=ENGINES[engine],
                    kernel_name=kernel,
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False,
                    cwd=str(briefing.notebook.parent),
                    extra_arguments=KERNEL_ARGUMENTS,
                    **limits,
                ),
            )
    except PapermillExecutionError as err:
        _keep_failed(executed, out.failed)
        cell = _source_cell_index(executed, err.cell_index)
        evalue = (str(err.evalue).strip().splitlines() or [""])[0][:300]
        raise RenderFailed(
            f"render {name}: {display_path(briefing.notebook)} failed at cell {cell} "
            f"(In [{err.exec_count}]): {err.ename}: {evalue} — executed notebook kept in "
            f"{display_path(out.failed)}"
        ) from None
    except ChildFailed as err:
        nbformat.write(err.nb, executed)
        _keep_failed(executed, out.failed)
        if err.timed_out and err.cell_index is not None:  # as the kernel engine says it
            cell = _source_cell_index(executed, err.cell_index)
            raise RenderFailed(
                f"render {name}: {display_path(briefing.notebook)} cell {cell} did not finish "
                f"within {briefing.timeout} s (timeout of {display_path(briefing.params_file)})"
                f" — executed notebook kept in {display_path(out.failed)}"
            ) from None
        where = ""
        if err.cell_index is not None:
            where = f" at cell {_source_cell_index(executed, err.cell_index)}"
        raise RenderFailed(
            f"render {name}: {display_path(briefing.notebook)} failed{where}: "
            f"{err.what} — executed notebook kept in "
            f"{display_path(out.failed)}"
        ) from None
    except TimeoutError as err:  # nbclient's CellTimeoutError: a cell ran past the timeout
        kept = _keep_failed(executed, out.failed)
        cell = _timed_out_cell(briefing.notebook, str(err))
        where = f"cell {cell}" if cell is not None else "a cell"
        raise RenderFailed(
            f"render {name}: {display_path(briefing.notebook)} {where} did not finish within "
            f"{briefing.timeout} s (timeout of {display_path(briefing.params_file)})"
            + (f" — executed notebook kept in {display_path(out.failed)}" if kept else "")
        ) from None
    except NoSuchKernel:
        raise RenderFailed(
            f"render {name}: Jupyter kernel {kernel!r} is not installed; run `make setup`"
        ) from None
    except Exception as err:  # kernel died, timeout, unreadable notebook, …
        _keep_failed(executed, out.failed)
        first = (str(err).strip().splitlines() or [""])[0][:300]
        raise RenderFailed(f"render {name}: {type(err).__name__}: {first}") from None


# jupyter_client's words when a kernel exits before it answers: with several kernels
# starting at once, one can lose a TCP port to another between choosing it and binding it
# ("Address already in use": jupyter/jupyter_client#487, nteract/papermill#511, where the
# suggested remedy is to retry with a fresh set of ports)
KERNEL_START_FAILED = "Kernel died before replying to kernel_info"


def _retrying_kernel_start(
    name: str, run: Callable[[], nbformat.NotebookNode]
) -> nbformat.NotebookNode:
    """`run()`, once more if its kernel died before it started (nothing had run yet, so
    a second kernel, on new ports, changes nothing but the outcome of the race)."""
    try:
        return run()
    except RuntimeError as err:
        if KERNEL_START_FAILED not in str(err):
            raise
        print(f"render {name}: its kernel died while starting; starting another", file=sys.stderr)
        return run()


def _keep_failed(executed: Path, failed: Path) -> bool:
    """Copy the executed notebook to reports/.failed/ when papermill wrote one."""
    if executed.is_file():
        failed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed, failed)
        return True
    return False


def _timed_out_cell(notebook: Path, message: str) -> int | None:
    """The index of the source cell that timed out, found from the cell preview nbclient
    puts in its CellTimeoutError (the whole source, or its first and last five lines)."""
    import ast

    m = re.search(r"preview of the cell contents:\n-+\n(.*)\n-+\s*$", message, re.S)
    if not m:
        return None
    preview = m.group(1).strip()
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 - best effort for the message only
        return None
    head = None
    if preview.startswith("[") and "\n...\n" in preview:
        try:
            head = ast.literal_eval(preview.split("\n...\n", 1)[0])
        except (ValueError, SyntaxError):
            head = None
    for i, cell in enumerate(nb.cells):
        source = cell.source.strip()
        if source == preview or (head and source.split("\n")[:5] == head):
            return i
    return None


def _source_cell_index(executed: Path, index: int) -> int:
    """The failing cell's index in the source notebook (papermill inserted its own cells)."""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001 - best effort for the message only
        return index
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    # papermill puts an error banner at the top after the failure and the injected-parameters
    # cell after `parameters`; the error's index counts the latter, not the former.
    injected = [i for i, tg in enumerate(tags) if "injected-parameters" in tg]
    banner = 1 if nb.cells and "papermill-error-cell-tag" in tags[0] else 0
    shift = 1 if injected and injected[0] - banner < index else 0
    return index - shift


# --- after execution -----------------------------------------------------------------------


def _take_metadata(nb: nbformat.NotebookNode, briefing: Briefing) -> dict:
    """Remove the notebook's `publish()` output and return its payload."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if META_MIMETYPE in output.get("data", {}):
                found.append(output["data"][META_MIMETYPE])
            else:
                kept.append(output)
        cell["outputs"] = kept
    if len(found) != 1:
        raise RenderFailed(
            f"render {briefing.name}: {display_path(briefing.notebook)} must call "
            f"qcompare.briefings.publish() exactly once (called {len(found)} times)"
        )
    return dict(found[0])


def _stderr_lines(nb: nbformat.NotebookNode, briefing: Briefing):
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                first = (output.get("text", "").strip().splitlines() or [""])[0][:200]
                yield f"render {briefing.name}: warning output in cell {i}: {first}"


def _sidecar(
    briefing: Briefing, ds: Dataset, meta: dict, stamp: str, root: Path, fig_dir: Path
) -> dict:
    docs = ds.sources.set_index("source_id")
    sources = []
    for sid in meta.get("sources", []):
        d = docs.loc[sid]
        sources.append(
            {
                "source_id": sid,
                **{
                    k: str(d[k])
                    for k in ("title_zh", "title_en", "issuer", "date", "file", "sha256")
                },
            }
        )
    return {
        "name": briefing.name,
        "title": briefing.title,
        "lang": briefing.lang,
        "params": _relative(briefing.params_file, root),
        "notebook": _relative(briefing.notebook, root),
        "parameters": briefing.values,
        "finding": meta["finding"],
        "findings": meta.get("findings", [meta["finding"]]),
        "sources": sources,
        "facets": facets(ds, meta.get("cities", []), meta.get("indicators", [])),
        "figures": sorted(p.name for p in fig_dir.iterdir()) if fig_dir.is_dir() else [],
        "fingerprint": stamp,
    }


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _replace_dir(new: Path, target: Path) -> None:
    """Put `new`'s files in place of `target` (old figures removed only after the move)."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    shutil.copytree(new, target)
    os.chmod(target, 0o755)  # the temporary directory it came from was private (0700)
    shutil.rmtree(old, ignore_errors=True)
