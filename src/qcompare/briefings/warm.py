"""The `qcompare-warm` papermill engine: each notebook runs in a process forked from a warm one.

A fresh Jupyter kernel spends most of a briefing importing pandas, plotly, matplotlib and
qcompare and loading the data. This engine pays that once: the process that runs papermill
(the *warm parent*) imports the stack and preloads the Dataset (`warm_up`), and each notebook
then executes in a child forked from it, in a fresh IPython shell that records outputs the
way ipykernel does (display data, execute results, streams, errors, matplotlib's inline
figures). Papermill still parameterizes the notebook and records the run: the engine drives
papermill's NotebookExecutionManager cell by cell, so the executed notebook carries the same
papermill metadata as with the stock engine.

Registered under papermill's engine entry point (pyproject.toml), so
`papermill --engine qcompare-warm IN.ipynb OUT.ipynb` works too.

Isolation: every notebook gets its own forked copy of the parent, so nothing it changes —
module globals, plotly or matplotlib defaults, pandas options, environment variables, the
working directory — reaches the parent or the next notebook.

Faults: a failing cell gives the stock engine's error (papermill raises
PapermillExecutionError). A child that dies (os._exit, a signal such as SIGSEGV, the OOM
killer) or runs past its time limit raises `ChildFailed` naming the cell it was running; the
notebook executed so far is attached (`.nb`) so the caller can keep it.

Where fork is not safe — the parent runs other Python threads (a forked child inherits
their locks in whatever state they are) or the platform is macOS (system frameworks are not
fork-safe) — the engine does not fork: it prints one line saying why and runs the notebook
on the stock kernel engine instead (`fork_unsafe_reason`).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import struct
import sys
import threading
import time

import nbformat

ENGINE_NAME = "qcompare-warm"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
WARM_MODULES = (
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "plotly",
    "plotly.graph_objects",
    "plotly.io",
    "plotly.express",
    "IPython",
    "IPython.core.interactiveshell",
    "jupyter_client.session",
    "ipykernel.ipkernel",
    "papermill",
    "qcompare",
    "qcompare.analysis.comparison",
    "qcompare.analysis.progress",
    "qcompare.analysis.targets",
    "qcompare.analysis.scorecard",
    "qcompare.analysis.alignment",
    "qcompare.analysis.track_record",
    "qcompare.briefings",
    "qcompare.briefings.narrative",
    "qcompare.briefings.tables",
    "qcompare.plots.interactive",
    "qcompare.plots.static",
)
_STATE = {"warm": False}


class ChildFailed(Exception):
    """The notebook's process died or ran out of time; `nb` is the notebook executed so far."""

    def __init__(
        self,
        what: str,
        nb: nbformat.NotebookNode,
        cell_index: int | None,
        timed_out: bool = False,
    ):
        super().__init__(_where(cell_index, what))
        self.what = what  # the failure without the cell: callers name the cell their own way
        self.nb = nb
        self.cell_index = cell_index
        self.timed_out = timed_out


# --- the warm parent -----------------------------------------------------------------------


def fork_unsafe_reason() -> str | None:
    """Why forking this process is unsafe now (None: safe)."""
    if sys.platform == "darwin" or not hasattr(os, "fork"):
        return f"fork is not safe on {sys.platform}"
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if others:
        return f"this process runs {len(others)} other thread(s) ({', '.join(others[:3])})"
    if threading.current_thread() is not threading.main_thread():
        return "called outside the main thread"
    return None


def warm_up(preload_data: bool = True) -> None:
    """Import the stack and qcompare, parse the CJK font, load the Dataset: once a process.

    Imports only: nothing here changes a default a notebook could see (matplotlib's backend
    is chosen the way ipykernel chooses it, through MPLBACKEND, before matplotlib loads).
    """
    if _STATE["warm"]:
        return
    import importlib

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in WARM_MODULES:
        with contextlib.suppress(ImportError):  # optional: the notebook imports it itself
            importlib.import_module(name)
    from qcompare.briefings import export, fonts

    export.warm_up()
    if preload_data:
        from qcompare.data.errors import InvalidInput
        from qcompare.data.loading import preload
        from qcompare.data.paths import raw_dir

        ds = None
        if (raw_dir() / "indicators.csv").is_file():
            with contextlib.suppress(InvalidInput):  # the notebook's load() reports them
                ds = preload()
        from qcompare.briefings.rehearsal import rehearse

        rehearse(ds)  # first-call costs paid here, once, not in every forked notebook
    fonts.preload()  # after the rehearsal, whose page export may subset (and use up) a copy
    import gc

    gc.collect()
    gc.freeze()  # forked children do not touch (and so copy) the parent's objects in GC passes
    _STATE["warm"] = True


# --- the engine ----------------------------------------------------------------------------


class WarmEngine:
    """papermill engine: execute the parameterized notebook in a child of a warm process.

    papermill.engines.Engine's interface, without subclassing it: papermill loads its engine
    entry points while it is itself being imported, so this module must not import papermill
    at the top (importing qcompare.briefings.warm first would otherwise be circular).
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        from papermill.engines import Engine

        return Engine.execute_notebook.__func__(cls, nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        from papermill.utils import nb_kernel_name

        return nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        from papermill.utils import nb_language

        return nb_language(nb, language)

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        briefing_timeout=None,
        **kwargs,
    ):
        """Run every code cell of nb_man.nb in a forked child; per-cell `execution_timeout`
        (papermill's option) and whole-notebook `briefing_timeout`, in seconds."""
        reason = fork_unsafe_reason()
        if reason:
            from papermill.engines import NBClientEngine

            print(f"{ENGINE_NAME}: {reason}; running on the kernel engine", file=sys.stderr)
            limits = [t for t in (execution_timeout, briefing_timeout) if t]
            return NBClientEngine.execute_managed_notebook(
                nb_man,
                kernel_name,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                start_timeout=start_timeout,
                execution_timeout=min(limits) if limits else None,
                **kwargs,
            )
        warm_up()
        _run_in_child(nb_man, execution_timeout, briefing_timeout)
        return nb_man.nb


def _run_in_child(nb_man, cell_timeout, total_timeout) -> None:
    nb = nb_man.nb
    from ipykernel.ipkernel import IPythonKernel

    nb.metadata["language_info"] = dict(IPythonKernel.language_info)
    cells = [
        (i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
    ]
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        code = 0
        try:  # same process group as its parent: a kill of the parent's group reaches it
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
            _child_main(cells, write_fd)
        except BaseException as err:  # noqa: BLE001 - the parent reports the death
            code = 70
            _send(write_fd, {"kind": "crash", "error": f"{type(err).__name__}: {err}"[:300]})
        finally:
            os._exit(code)
    os.close(write_fd)
    start = time.monotonic()
    deadline = start + total_timeout if total_timeout else None
    reader = _Reader(read_fd)
    current: int | None = None
    cell_started = start
    try:
        while True:
            limits = [
                d for d in (deadline, cell_started + cell_timeout if cell_timeout else None) if d
            ]
            wait = max(0.0, min(limits) - time.monotonic()) if limits else None
            msg = reader.next(wait)
            if msg is _Reader.TIMEOUT:
                _kill(pid)
                which = (
                    "its time limit"
                    if deadline and time.monotonic() >= deadline
                    else "the cell time limit"
                )
                limit = total_timeout if which == "its time limit" else cell_timeout
                raise ChildFailed(f"ran past {which} of {limit:g} s", nb, current, True)
            if msg is None:  # end of the pipe before "end": the child died
                status = _reap(pid)
                pid = 0
                raise ChildFailed(f"its process {status}", nb, current)
            kind = msg["kind"]
            if kind == "start":
                current = msg["index"]
                cell_started = time.monotonic()
                nb_man.cell_start(nb.cells[current], current)
            elif kind == "done":
                index = msg["index"]
                cell = nb.cells[index]
                cell.execution_count = msg["execution_count"]
                cell.outputs = [nbformat.from_dict(o) for o in msg["outputs"]]
                error = next((o for o in cell.outputs if o.output_type == "error"), None)
                if error is not None:
                    nb_man.cell_exception(cell, index, exception=error)
                nb_man.cell_complete(cell, index)
                current = None
                if error is not None:
                    break
            elif kind == "crash":
                _reap(pid)
                pid = 0
                raise ChildFailed(f"the engine failed: {msg['error']}", nb, current)
            elif kind == "end":
                break
    finally:
        reader.close()
        if pid:
            _reap(pid, kill=True)


def _where(cell: int | None, what: str) -> str:
    return f"{what} while running cell {cell}" if cell is not None else what


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int, kill: bool = False) -> str:
    """Wait for the child; describe how it ended."""
    if kill:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return "ended"
        if done:
            return describe_status(status)
        _kill(pid)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "ended"
    return describe_status(status)


def describe_status(status: int) -> str:
    """How a process ended, from its wait status ("was killed by SIGSEGV", "exited with 3")."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    return f"exited with code {code}"


class _Reader:
    """Length-prefixed JSON messages from the child's pipe."""

    TIMEOUT = object()

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = b""

    def next(self, timeout: float | None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if len(self.buffer) >= 4:
                (size,) = struct.unpack(">I", self.buffer[:4])
                if len(self.buffer) >= 4 + size:
                    body, self.buffer = self.buffer[4 : 4 + size], self.buffer[4 + size :]
                    return json.loads(body)
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return self.TIMEOUT
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


# --- the child -----------------------------------------------------------------------------


def _send(fd: int, msg: dict) -> None:
    """One length-prefixed message, serialized as ipykernel serializes its messages."""
    from jupyter_client.session import json_packer

    body = json_packer(msg)
    data = struct.pack(">I", len(body)) + body
    while data:
        data = data[os.write(fd, data) :]


def _child_main(cells: list[tuple[int, str]], fd: int) -> None:
    def send(msg: dict) -> None:
        _send(fd, msg)

    sink = _Outputs()
    shell = _shell(sink)
    for index, source in cells:
        send({"kind": "start", "index": index})
        sink.begin()
        shell.run_cell(source, store_history=True, silent=False)
        sink.end()
        send(
            {
                "kind": "done",
                "index": index,
                "execution_count": shell.execution_count - 1,
                "outputs": sink.outputs,
            }
        )
        if any(o["output_type"] == "error" for o in sink.outputs):
            break
    send({"kind": "end"})


class _Outputs:
    """The outputs of the running cell, in nbformat shape and in the order they came."""

    def __init__(self) -> None:
        self.outputs: list[dict] = []
        self._capture = _FdCapture()

    def begin(self) -> None:
        self.outputs = []
        self._capture.start()

    def end(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for name, text in self._capture.stop():
            self.stream(name, text)

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def display(self, data: dict, metadata: dict) -> None:
        self.outputs.append(
            {"output_type": "display_data", "data": dict(data), "metadata": dict(metadata)}
        )

    def result(self, data: dict, metadata: dict, count: int) -> None:
        self.outputs.append(
            {
                "output_type": "execute_result",
                "data": dict(data),
                "metadata": dict(metadata),
                "execution_count": count,
            }
        )

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self.outputs.append(
            {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback}
        )

    def clear(self) -> None:
        self.outputs = []


class _FdCapture:
    """What C code and subprocesses write to file descriptors 1 and 2, per cell (ipykernel
    captures these too); Python-level writes go through the shell's own streams."""

    def __init__(self) -> None:
        import tempfile

        self.files = {}
        self.marks: dict[str, int] = {}
        for fd, name in ((1, "stdout"), (2, "stderr")):
            f = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the child
            os.dup2(f.fileno(), fd)
            self.files[name] = f

    def start(self) -> None:
        for name, f in self.files.items():
            f.seek(0, os.SEEK_END)
            self.marks[name] = f.tell()

    def stop(self) -> list[tuple[str, str]]:
        out = []
        for name, f in self.files.items():
            f.seek(self.marks[name])
            out.append((name, f.read().decode("utf-8", "replace")))
        return out


class _Stream:
    """sys.stdout / sys.stderr of the child: text goes into the cell's outputs."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, sink: _Outputs, name: str, fd: int):
        self._sink, self.name, self._fd = sink, name, fd

    def write(self, text: str) -> int:
        self._sink.stream(self.name, str(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def readable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def _shell(sink: _Outputs):
    """A fresh IPython shell whose displays, results and errors go to `sink`."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False):
            sink.display(data, metadata or {})

        def clear_output(self, wait=False):
            sink.clear()

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            sink.result(format_dict, md_dict or {}, self.prompt_count)

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher

        def _showtraceback(self, etype, evalue, stb):
            sink.error(str(etype.__name__), str(evalue), list(stb))

        def enable_gui(self, gui=None):
            pass  # no GUI event loop: figures are inline, as in a kernel

    config = Config()
    config.HistoryManager.enabled = False
    sys.stdout = _Stream(sink, "stdout", 1)
    sys.stderr = _Stream(sink, "stderr", 2)
    shell = Shell.instance(config=config)
    _as_in_a_kernel(shell)
    return shell


def _as_in_a_kernel(shell) -> None:
    """Start from the state a fresh ipykernel gives a notebook: its environment variables,
    matplotlib's inline backend, and plotly's default renderer as plotly picks it under
    ipykernel (the warm parent imported plotly before any shell existed)."""
    from ipykernel.zmqshell import ZMQInteractiveShell

    ZMQInteractiveShell.init_environment(shell)  # TERM, CLICOLOR, PAGER, … as ipykernel sets
    # what matplotlib_inline does when a kernel's pyplot loads it (MPLBACKEND set by ipykernel)
    from IPython.core.pylabtools import activate_matplotlib
    from matplotlib_inline.backend_inline import configure_inline_support

    os.environ["MPLBACKEND"] = INLINE_BACKEND
    activate_matplotlib(INLINE_BACKEND)
    configure_inline_support(shell, INLINE_BACKEND)
    if "plotly.io" in sys.modules:
        import plotly.io as pio

        pio.renderers.default = os.environ.get("PLOTLY_RENDERER") or "plotly_mimetype"
        pio.renderers.render_on_display = True
