"""Params files are code-like input: nothing in a file name or in its YAML reaches a shell,
make or a path outside notebooks/, params/ and reports/ (issue 14, item 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qcompare import cli
from qcompare.briefings import params as P
from qcompare.data.paths import project_root

ROOT = project_root()
GOOD = (ROOT / "params" / "pm25_en.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project with the real notebooks and one real params file (QCOMPARE_ROOT → it)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "pm25_en.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("QCOMPARE_ROOT", str(tmp_path))
    return tmp_path


def _params(project: Path, name: str, text: str = GOOD) -> Path:
    path = project / "params" / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name",
    ["x&id>PWNED&.yaml", "a b.yaml", "$(shell id).yaml", "x;id.yaml", "-rf.yaml", "é.yaml"],
)
def test_an_unsafe_briefing_name_is_refused(project, name):
    path = _params(project, name)
    with pytest.raises(P.ParamsError, match="unsafe briefing name"):
        P.read_params(path, project)


@pytest.mark.parametrize("name", ["index", "assets", "share", "INDEX"])
def test_a_name_colliding_with_reports_own_files_is_refused(project, name):
    path = _params(project, f"{name}.yaml")
    with pytest.raises(P.ParamsError, match="collides with reports/ own files"):
        P.read_params(path, project)


def test_render_refuses_an_unsafe_name_before_loading_data(project, monkeypatch, capsys):
    monkeypatch.setattr("qcompare.data.loading.load", lambda *a, **k: pytest.fail("data loaded"))
    path = _params(project, "x&id>PWNED&.yaml")
    assert cli.main(["render", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("params/x&id>PWNED&.yaml: unsafe briefing")
    assert not list(project.rglob("PWNED*"))


@pytest.mark.parametrize(
    "notebook",
    [
        "/tmp/evil.ipynb",
        "../evil.ipynb",
        "notebooks/../../evil.ipynb",
        "notebooks/sub/indicator.ipynb",
        "params/evil.ipynb",
        "notebooks/indicator.ipynb\t$(shell\ttouch\tPWNED)",
        "notebooks/indicator.ipynb\n\t$(shell touch PWNED)",
        "notebooks/$(shell id).ipynb",
    ],
)
def test_a_notebook_outside_notebooks_is_refused(project, notebook, tmp_path):
    (tmp_path.parent / "evil.ipynb").write_text("{}", encoding="utf-8")
    (project / "params" / "evil.ipynb").write_text("{}", encoding="utf-8")
    text = GOOD.replace("notebook: notebooks/indicator.ipynb", f"notebook: {json.dumps(notebook)}")
    assert notebook in P.load_yaml(text)["notebook"]
    path = _params(project, "evil.yaml", text)
    with pytest.raises(P.ParamsError) as err:
        P.read_params(path, project)
    assert err.value.key == "notebook" and "\n" not in str(err.value)


def test_make_deps_refuses_the_shell_tab_injection(project, capsys):
    """A `notebook:` holding `$(shell …)` separated by tabs (no space) used to be written
    verbatim into reports/.deps.mk, where make ran it."""
    text = GOOD.replace(
        "notebook: notebooks/indicator.ipynb",
        'notebook: "notebooks/indicator.ipynb\\t$(shell\\ttouch\\tPWNED)"',
    )
    _params(project, "evil.yaml", text)
    out = project / "reports" / ".deps.mk"
    assert cli.main(["list", "--make-deps", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("params/evil.yaml: notebook: ")
    assert not out.exists()


def test_make_deps_holds_only_safe_names(project, capsys):
    _params(project, "pm25_copy-2.yaml")
    out = project / "reports" / ".deps.mk"
    assert cli.main(["list", "--make-deps", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (
        "PARAMS_FILES := params/pm25_copy-2.yaml params/pm25_en.yaml\n"
        "REPORTS := reports/pm25_copy-2.html reports/pm25_en.html\n"
        "reports/pm25_copy-2.html: notebooks/indicator.ipynb\n"
        "reports/pm25_en.html: notebooks/indicator.ipynb\n"
    )
    assert not [p for p in out.parent.iterdir() if p.name != ".deps.mk"]  # no temp left


@pytest.mark.parametrize(
    "yaml_text, line",
    [
        ("title: A\ntitle: B\n", "line 3: duplicate key 'title' (first given on line 2)"),
        ("parameters:\n  lang: en\n  lang: zh\n", "duplicate key 'lang'"),
        ("parameters: {lang: en, lang: zh}\n", "duplicate key 'lang'"),
    ],
)
def test_a_duplicate_yaml_key_is_refused(project, yaml_text, line):
    text = "notebook: notebooks/indicator.ipynb\n" + yaml_text
    if "title" not in yaml_text:
        text += "title: T\n"
    path = _params(project, "dup.yaml", text)
    with pytest.raises(P.ParamsError, match="not valid YAML") as err:
        P.read_params(path, project)
    assert line in str(err.value)


def test_timeout_defaults_to_600_seconds(project):
    b = P.read_params(project / "params" / "pm25_en.yaml", project)
    assert b.timeout == 600 == P.DEFAULT_TIMEOUT


def test_timeout_is_read_from_params(project):
    path = _params(project, "t.yaml", GOOD + "timeout: 30\n")
    assert P.read_params(path, project).timeout == 30


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "true", "'600'", "100000", "null"])
def test_a_bad_timeout_is_refused(project, value):
    path = _params(project, "t.yaml", GOOD + f"timeout: {value}\n")
    with pytest.raises(P.ParamsError) as err:
        P.read_params(path, project)
    assert err.value.key == "timeout" and "whole number of seconds" in str(err.value)


def test_the_index_links_no_unsafe_or_reserved_name(project, capsys):
    _params(project, "index.yaml")
    _params(project, "x&id>PWNED&.yaml")
    assert cli.main(["index"]) == 0
    page = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="index.html"' not in page and "PWNED" not in page
    assert "index: reports/index.html lists 1 briefing(s)" in capsys.readouterr().out


def test_a_damaged_sidecar_lists_the_briefing_as_not_rendered(project, capsys):
    reports = project / "reports"
    reports.mkdir()
    (reports / "pm25_en.html").write_text("page", encoding="utf-8")
    (reports / "pm25_en.json").write_text('{"title": "cut off', encoding="utf-8")
    assert cli.main(["index"]) == 0
    assert "not rendered: pm25_en" in capsys.readouterr().out


def test_concurrent_make_deps_writes_never_mix(project):
    """Two `make report` at once both regenerate reports/.deps.mk: each writes a unique
    temporary file and renames it, so the result is always one whole listing."""
    import os
    import subprocess
    import sys

    for i in range(30):
        _params(project, f"b{i:02d}.yaml")
    out = project / "reports" / ".deps.mk"
    env = {**os.environ, "QCOMPARE_ROOT": str(project)}
    cmd = [sys.executable, "-m", "qcompare", "list", "--make-deps", "--out", str(out)]
    procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0, 0]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + 31 and lines[-1] == "reports/pm25_en.html: notebooks/indicator.ipynb"
    assert sorted(p.name for p in out.parent.iterdir()) == [".deps.mk"]
