"""Render many briefings in one command with N workers, the warm-up paid once.

`qcompare render --jobs N PARAMS…` (and `make report`, which hands it every out-of-date
params file at once) loads the data and warms up once in this process, then renders each
briefing in a worker forked from it, at most N at a time. With the warm engine each worker's
notebook runs in a further child forked from the warm worker (qcompare.briefings.warm); with
the kernel engine each worker starts its own Jupyter kernel.

One progress line per briefing as it finishes, with a running count ("[7/21] render …"), and
a summary line at the end (rendered, unchanged, failed, wall time). A worker that dies or
runs past its briefing's `timeout` (plus a grace period: the engines stop a briefing at its
limit themselves; this is the backstop) fails that briefing only; the others finish.

Where fork is not safe in this process (qcompare.briefings.warm.fork_unsafe_reason), the
briefings render one after another in this process instead, and a line says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from qcompare.briefings.params import display_path
from qcompare.briefings.render import (
    DEFAULT_ENGINE,
    RenderFailed,
    Terminated,
    is_current,
    render,
)
from qcompare.data.dataset import Dataset

GRACE_SECONDS = 30.0


@dataclass
class Summary:
    total: int
    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return len(self.rendered) + len(self.unchanged) + len(self.failed)

    def line(self) -> str:
        failed = f" ({', '.join(self.failed)})" if self.failed else ""
        return (
            f"render: {self.total} briefing(s) in {self.seconds:.1f} s — "
            f"{len(self.rendered)} rendered, {len(self.unchanged)} unchanged, "
            f"{len(self.failed)} failed{failed}"
        )


def jobs_from_makeflags(makeflags: str | None = None) -> int | None:
    """The `-jN` of make's MAKEFLAGS (None when make gave no job count)."""
    import re

    flags = os.environ.get("MAKEFLAGS", "") if makeflags is None else makeflags
    match = re.search(r"(?:^|\s)-j\s*(\d+)", flags) or re.search(r"--jobs=(\d+)", flags)
    if match:
        return max(1, int(match.group(1)))
    if re.search(r"(?:^|\s)-j(?:\s|$)", flags):  # -j without a number: as many as cores
        return os.cpu_count() or 1
    return None


def render_all(
    params: list[Path],
    ds: Dataset,
    *,
    jobs: int = 1,
    engine: str = DEFAULT_ENGINE,
    force: bool = False,
    root: Path | None = None,
    reports: Path | None = None,
    figures: Path | None = None,
    timeouts: dict[Path, float] | None = None,
    share: bool = True,
    figure_files: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Summary:
    """Render every params file, `jobs` at a time; print progress; return the summary."""
    out = out or sys.stdout
    err = err or sys.stderr
    start = time.monotonic()
    summary = Summary(total=len(params))
    kwargs = {"force": force, "root": root, "reports": reports, "figures": figures}
    kwargs.update(engine=engine, share=share, figure_files=figure_files)
    from qcompare.briefings.warm import fork_unsafe_reason, warm_up

    if not force:  # unchanged briefings first, here: no warm-up when nothing is to be done
        todo = []
        for p in params:
            if is_current(
                p, ds, root=root, reports=reports, share=share, figure_files=figure_files
            ):
                _report(summary, _render_here(p, ds, kwargs), out, err)
            else:
                todo.append(p)
        params = todo
    reason = fork_unsafe_reason()
    if params and engine == "warm" and not reason:
        warm_up()  # once, here: every worker is forked from this warm process
    if reason or len(params) == 1:  # one briefing: in this process (its notebook still forks)
        if reason and jobs > 1:
            print(f"render: {reason}; rendering one briefing at a time", file=err)
        for p in params:
            _report(summary, _render_here(p, ds, kwargs, here=True), out, err)
    else:
        _run_forked(params, ds, kwargs, max(1, jobs), timeouts or {}, summary, out, err)
    summary.seconds = time.monotonic() - start
    print(summary.line(), file=out, flush=True)
    return summary


def _render_here(params: Path, ds: Dataset, kwargs: dict, here: bool = False) -> dict:
    """Render one briefing and describe the outcome. In this process (`here`) an OSError
    (full disk, unwritable folder) propagates to the CLI's one-line report; in a worker it
    becomes the briefing's failure line."""
    name = Path(params).stem
    try:
        result = render(params, ds, **kwargs)
    except RenderFailed as exc:
        return {"name": name, "error": str(exc)}
    except Terminated:
        return {"name": name, "terminated": True}
    except OSError as exc:
        if here:
            raise
        return {"name": name, "error": f"render {name}: {exc.filename}: {exc.strerror}"}
    return {
        "name": result.name,
        "rendered": result.rendered,
        "line": result.line(),
        "warnings": list(result.warnings),
    }


def _report(summary: Summary, res: dict, out: TextIO, err: TextIO) -> None:
    name = res["name"]
    if res.get("terminated"):
        summary.failed.append(name)
        print(f"render {name}: terminated; temporary outputs removed", file=err, flush=True)
        raise SystemExit(143)
    if "error" in res:
        summary.failed.append(name)
        print(f"[{summary.done}/{summary.total}] {res['error']}", file=err, flush=True)
        return
    (summary.rendered if res["rendered"] else summary.unchanged).append(name)
    print(f"[{summary.done}/{summary.total}] {res['line']}", file=out, flush=True)
    for line in res.get("warnings", []):
        print(line, file=err, flush=True)


@dataclass
class _Worker:
    params: Path
    pid: int
    fd: int
    deadline: float
    data: bytes = b""


def _run_forked(
    params: list[Path],
    ds: Dataset,
    kwargs: dict,
    jobs: int,
    timeouts: dict[Path, float],
    summary: Summary,
    out: TextIO,
    err: TextIO,
) -> None:
    from qcompare.briefings.params import DEFAULT_TIMEOUT

    queue = list(params)
    running: dict[int, _Worker] = {}
    previous = signal.signal(signal.SIGTERM, _terminate)  # so `finally` stops the workers
    try:
        while queue or running:
            while queue and len(running) < jobs:
                p = queue.pop(0)
                limit = timeouts.get(p, DEFAULT_TIMEOUT) + GRACE_SECONDS
                w = _start(p, ds, kwargs, limit)
                running[w.fd] = w
            now = time.monotonic()
            wait = max(0.0, min(w.deadline for w in running.values()) - now)
            ready, _, _ = select.select(list(running), [], [], wait)
            for fd in ready:
                w = running[fd]
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    w.data += chunk
                    continue
                del running[fd]
                os.close(fd)
                _report(summary, _finish(w), out, err)
            for fd, w in list(running.items()):
                if time.monotonic() >= w.deadline:
                    _kill_group(w.pid)
                    del running[fd]
                    os.close(fd)
                    _reap(w.pid)
                    name = Path(w.params).stem
                    limit = timeouts.get(w.params, DEFAULT_TIMEOUT)
                    message = (
                        f"render {name}: ran past its time limit ({limit:g} s + "
                        f"{GRACE_SECONDS:g} s grace); its worker was killed"
                    )
                    _report(summary, {"name": name, "error": message}, out, err)
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(list(running.values()), err)


def _stop(workers: list[_Worker], err: TextIO) -> None:
    """Interrupted: ask each running worker to stop (its render removes its temporary
    outputs on SIGTERM), give it a moment, then kill what is left."""
    for w in workers:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(w.pid, signal.SIGTERM)
    end = time.monotonic() + GRACE_SECONDS
    for w in workers:
        while time.monotonic() < end and os.waitpid(w.pid, os.WNOHANG) == (0, 0):
            time.sleep(0.05)
        _kill_group(w.pid)
        _reap(w.pid)
        os.close(w.fd)
        name = Path(w.params).stem
        print(f"render {name}: terminated; temporary outputs removed", file=err, flush=True)


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _start(params: Path, ds: Dataset, kwargs: dict, limit: float) -> _Worker:
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(read_fd)
            os.setpgid(0, 0)  # its own process group, so a backstop kill reaches its kernel
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            res = _render_here(params, ds, kwargs)
            payload = json.dumps(res, ensure_ascii=False).encode()
            while payload:
                payload = payload[os.write(write_fd, payload) :]
        except BaseException:  # noqa: BLE001 - reported as this briefing's failure
            code = 70
            traceback.print_exc(limit=3)
        finally:
            os._exit(code)
    os.close(write_fd)
    return _Worker(params, pid, read_fd, time.monotonic() + limit)


def _finish(w: _Worker) -> dict:
    status = _reap(w.pid)
    name = Path(w.params).stem
    try:
        return json.loads(w.data.decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {
            "name": name,
            "error": f"render {name}: its worker {status} ({display_path(w.params)})",
        }


def _kill_group(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
            return
        except (ProcessLookupError, PermissionError):
            continue


def _reap(pid: int) -> str:
    from qcompare.briefings.warm import describe_status

    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "ended"
    return describe_status(status)
