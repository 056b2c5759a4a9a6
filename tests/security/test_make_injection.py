"""`make report` never hands a file name or params content to the shell or to make as code.

Each case reproduces an attack of issue 14 in a temporary copy of the project (Makefile,
pyproject.toml, notebooks, data and one real params file; never the real tree), running
the real Makefile with this checkout's .venv, and asserts: no PWNED file, a non-zero exit,
and one clear line from qcompare naming the params file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from qcompare.data.paths import project_root

ROOT = project_root()
BIN = ROOT / ".venv" / "bin"
pytestmark = pytest.mark.skipif(
    not (BIN / "qcompare").exists() or shutil.which("make") is None,
    reason="needs make and the project's .venv (make setup)",
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    p = tmp_path / "project"
    p.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, p / name)
    shutil.copytree(ROOT / "notebooks", p / "notebooks")
    shutil.copytree(ROOT / "data" / "raw", p / "data" / "raw")
    shutil.copytree(ROOT / "data" / "processed", p / "data" / "processed")
    (p / "params").mkdir()
    shutil.copy2(ROOT / "params" / "pm25_en.yaml", p / "params" / "pm25_en.yaml")
    return p


def make_report(project: Path) -> subprocess.CompletedProcess:
    stamp = project.parent / "installed"  # stands for .venv/.installed, newer than pyproject
    stamp.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env["QCOMPARE_ROOT"] = str(project)
    return subprocess.run(
        ["make", "report", f"BIN={BIN}", f"STAMP={stamp}"],
        cwd=project,
        env=env,
        text=True,
        capture_output=True,
        timeout=600,
    )


def _pwned(project: Path) -> list[Path]:
    return [p for p in project.parent.rglob("*PWNED*") if not p.name.endswith(".yaml")]


def _qcompare_lines(stderr: str) -> list[str]:
    """stderr without make's own lines (`make: *** …`, `Makefile:N: …`)."""
    return [ln for ln in stderr.splitlines() if ln and not ln.startswith(("make", "Makefile:"))]


def test_a_params_file_name_with_shell_metacharacters_runs_nothing(project):
    """cp params/pm25_en.yaml 'params/x&id>PWNED&.yaml'; make report"""
    shutil.copy(project / "params" / "pm25_en.yaml", project / "params" / "x&id>PWNED&.yaml")
    proc = make_report(project)
    assert proc.returncode != 0
    assert not _pwned(project), proc.stderr
    lines = _qcompare_lines(proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("params/x&id>PWNED&.yaml: unsafe"), lines
    assert not (project / "reports" / "pm25_en.html").exists()  # stopped before rendering


def test_a_notebook_value_with_a_shell_function_never_reaches_make(project):
    """`notebook:` with $(shell …) and tabs (no space) was written into reports/.deps.mk."""
    text = (project / "params" / "pm25_en.yaml").read_text(encoding="utf-8")
    evil = json.dumps("notebooks/indicator.ipynb\t$(shell\ttouch\tPWNED)")
    text = text.replace("notebook: notebooks/indicator.ipynb", f"notebook: {evil}")
    (project / "params" / "evil.yaml").write_text(text, encoding="utf-8")
    proc = make_report(project)
    assert proc.returncode != 0
    assert not _pwned(project), proc.stderr
    lines = _qcompare_lines(proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("params/evil.yaml: notebook: "), lines
    deps = project / "reports" / ".deps.mk"
    assert not deps.exists() or "shell" not in deps.read_text(encoding="utf-8")


def test_a_notebook_outside_notebooks_is_not_executed(project, tmp_path):
    evil = tmp_path / "evil.ipynb"
    shutil.copy(ROOT / "notebooks" / "indicator.ipynb", evil)
    text = (project / "params" / "pm25_en.yaml").read_text(encoding="utf-8")
    text = text.replace("notebooks/indicator.ipynb", str(evil))
    (project / "params" / "evil.yaml").write_text(text, encoding="utf-8")
    proc = make_report(project)
    assert proc.returncode != 0
    lines = _qcompare_lines(proc.stderr)
    assert len(lines) == 1 and f"notebook: '{evil}' is not a notebook file" in lines[0], lines
    assert not (project / "reports" / "evil.html").exists()


@pytest.mark.parametrize("name", ["a b.yaml", "x';touch PWNED;'.yaml", "x$(shell id).yaml"])
def test_a_name_make_would_split_or_expand_is_refused_in_one_line(project, name):
    """A space splits a name into two for make, `$(…)` is make syntax: such names never enter
    make's graph (it holds only the names reports/.deps.mk lists); qcompare refuses them."""
    shutil.copy(project / "params" / "pm25_en.yaml", project / "params" / name)
    proc = make_report(project)
    assert proc.returncode != 0
    assert not _pwned(project), proc.stderr
    lines = _qcompare_lines(proc.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"params/{name}: unsafe briefing name"), lines


def test_a_params_file_named_index_is_refused(project):
    shutil.copy(project / "params" / "pm25_en.yaml", project / "params" / "index.yaml")
    proc = make_report(project)
    assert proc.returncode != 0
    lines = _qcompare_lines(proc.stderr)
    assert len(lines) == 1 and "collides with reports/ own files" in lines[0], lines
    assert not (project / "reports" / "index.html").exists()


def test_make_clean_removes_what_a_killed_render_left(project):
    """A render killed with SIGKILL (no handler runs) leaves figures/.NAME.* and temporary
    files; `make clean` removes them and keeps figures/.gitkeep and the processed data."""
    (project / "figures" / ".pm25_en.abc123").mkdir(parents=True)
    (project / "figures" / ".pm25_en.abc123" / "a.svg").write_text("<svg/>", encoding="utf-8")
    (project / "figures" / ".pm25_en.old").mkdir()
    (project / "figures" / "pm25_en").mkdir()
    (project / "figures" / ".gitkeep").touch()
    (project / "reports" / ".pm25_en.xyz").mkdir(parents=True)
    (project / "data" / "processed" / ".targets.csv.q1w2.tmp").write_text("x", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    proc = subprocess.run(
        ["make", "clean", f"BIN={BIN}"], cwd=project, env=env, text=True, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (project / "figures").iterdir()) == [".gitkeep"]
    assert not (project / "reports").exists()
    assert not list((project / "data" / "processed").glob(".*.tmp"))
    assert (project / "data" / "processed" / "observations.csv").is_file()
