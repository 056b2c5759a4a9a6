"""Renders that time out, are killed, race, or meet a full or unwritable disk (issue 14):
one line each, the previous page kept, no temporary output left behind (slow: `render`).

Runs on the constructed project of test_render (hostile strings, a failing notebook) plus a
notebook whose second cell never returns.
"""

from __future__ import annotations

import errno
import fcntl
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from test_render import make_project

import qcompare
from qcompare import cli
from qcompare.briefings.render import RenderFailed, render

pytestmark = pytest.mark.render
HANG = "import time\nwhile True:\n    time.sleep(1)"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    make_project(root)
    slow = new_notebook(
        metadata={"kernelspec": {"name": "qcompare", "language": "python", "display_name": "q"}}
    )
    slow.cells = [
        new_code_cell('lang: str = "zh"  # language', metadata={"tags": ["parameters"]}),
        new_code_cell("x = 1"),
        new_code_cell(HANG),
    ]
    nbformat.write(slow, root / "notebooks" / "slow.ipynb")
    (root / "params" / "slow.yaml").write_text(
        "notebook: notebooks/slow.ipynb\ntitle: Never ends\ntimeout: 3\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QCOMPARE_ROOT", str(root))
        yield root


def _temps(root: Path, name: str) -> list[Path]:
    return [
        p
        for d in ("reports", "figures")
        if (root / d).is_dir()
        for p in (root / d).iterdir()
        if p.name.startswith(f".{name}.")
    ]


def test_a_cell_past_the_timeout_fails_in_one_line(project, capsys):
    reports = project / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "slow.html").write_text("previous good page", encoding="utf-8")
    ds = qcompare.load(project / "data" / "raw")
    with pytest.raises(RenderFailed) as err:
        render(project / "params" / "slow.yaml", ds, root=project)
    line = str(err.value)
    assert "\n" not in line
    assert line.startswith(
        "render slow: notebooks/slow.ipynb cell 2 did not finish within 3 s "
        "(timeout of params/slow.yaml)"
    ), line
    assert (reports / "slow.html").read_text(encoding="utf-8") == "previous good page"
    assert _temps(project, "slow") == []
    # the CLI: exit 1, that one line, no traceback
    assert cli.main(["render", str(project / "params" / "slow.yaml")]) == 1
    out = capsys.readouterr().err.strip()
    assert out.count("\n") == 0 and "did not finish within 3 s" in out


def _qcompare(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "QCOMPARE_ROOT": str(project)}
    return subprocess.Popen(
        [sys.executable, "-m", "qcompare", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(test, proc: subprocess.Popen, what: str, limit: float = 120) -> None:
    """Poll until `test()` holds (a guard against hanging, not a timing assertion)."""
    end = time.monotonic() + limit
    while not test():
        assert proc.poll() is None, f"process ended before {what}: {proc.communicate()}"
        assert time.monotonic() < end, f"never saw {what}"
        time.sleep(0.1)


def test_sigterm_removes_the_temporary_outputs(project):
    (project / "params" / "hang.yaml").write_text(
        "notebook: notebooks/slow.ipynb\ntitle: Hangs\ntimeout: 600\n", encoding="utf-8"
    )
    proc = _qcompare(project, "render", "--force", "params/hang.yaml")
    try:
        _wait_for(lambda: len(_temps(project, "hang")) == 2, proc, "the temporary outputs")
        time.sleep(1)  # let the kernel start the cell that hangs
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, err
    assert err.strip() == "render hang: terminated; temporary outputs removed"
    assert _temps(project, "hang") == []
    assert not (project / "reports" / "hang.html").exists()


def test_two_renders_of_one_briefing_never_run_at_once(project):
    lock = project / "reports" / ".locks" / "fail.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another render of `fail` is running
        proc = _qcompare(project, "render", "params/fail.yaml")
        try:
            ready, _, _ = select.select([proc.stderr], [], [], 120)
            assert ready, "no line from the second render"
            line = proc.stderr.readline().strip()
            assert line == "render fail: already rendering elsewhere; waiting"
            assert proc.poll() is None and _temps(project, "fail") == []  # it waits
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "render fail: " in err and "cell 2" in err  # then ran


def test_a_full_disk_while_writing_the_page_is_one_line(project, monkeypatch, capsys):
    """ENOSPC from the page write, as a full disk gives it there: exit 1, one line naming
    the file, the previous page and sidecar untouched, no temporary output left."""
    reports = project / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "evil.html").write_text("previous page", encoding="utf-8")

    def full(path, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("qcompare.briefings.render.write_text", full)
    assert cli.main(["render", "--force", str(project / "params" / "evil.yaml")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"qcompare render: {reports / 'evil.html'}: No space left on device (ENOSPC)")
    assert (reports / "evil.html").read_text(encoding="utf-8") == "previous page"
    assert _temps(project, "evil") == []


def test_an_unwritable_reports_folder_is_one_line(project, tmp_path, capsys):
    """reports/ that cannot be written to (a file in its place stands for a read-only
    mount): the render fails before any kernel starts."""
    ds = qcompare.load(project / "data" / "raw")
    blocked = tmp_path / "reports"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OSError) as err:
        render(project / "params" / "evil.yaml", ds, root=project, reports=blocked)
    assert cli.os_error_line(err.value).startswith(str(blocked))


def _dies_first(times: int, monkeypatch):
    """papermill.execute_notebook whose kernel dies while starting the first `times` calls
    (as jupyter_client reports a kernel that lost its port to another), then runs."""
    import papermill

    from qcompare.briefings.render import KERNEL_START_FAILED

    real, calls = papermill.execute_notebook, []

    def execute(*args, **kwargs):
        calls.append(kwargs.get("engine_name"))
        if len(calls) <= times:
            raise RuntimeError(KERNEL_START_FAILED)
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    return calls


def test_a_kernel_that_dies_while_starting_is_started_again(project, monkeypatch, capsys):
    calls = _dies_first(1, monkeypatch)
    params = project / "params" / "evil.yaml"
    result = render(params, qcompare.load(), force=True, root=project, engine="kernel")
    assert result.rendered and len(calls) == 2
    assert "render evil: its kernel died while starting" in capsys.readouterr().err


def test_a_kernel_that_dies_twice_is_one_line(project, monkeypatch):
    calls = _dies_first(2, monkeypatch)
    params = project / "params" / "evil.yaml"
    with pytest.raises(RenderFailed, match=r"^render evil: RuntimeError: Kernel died before"):
        render(params, qcompare.load(), force=True, root=project, engine="kernel")
    assert len(calls) == 2
