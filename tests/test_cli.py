"""The `qcompare` command as a curator and `make` use it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from qcompare.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_validate_summarises_counts_per_city_and_kind(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 3 cities, 5 sources")
    for city in ("ruian", "wenzhou", "quanzhou"):
        assert city in out
    assert "prior_actual" in out


def test_build_writes_tidy_tables_and_datapackage(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "cities.csv",
        "sources.csv",
        "indicators.csv",
        "observations.csv",
        "targets.csv",
        "track_record.csv",
        "alignment.csv",
        "datapackage.json",
    } <= names
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in package["resources"]} >= {"observations", "targets"}
    assert "changed" in capsys.readouterr().out
    assert main(["build", "--out", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_unchanged_build_keeps_file_times(tmp_path):
    main(["build", "--out", str(tmp_path)])
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    main(["build", "--out", str(tmp_path)])
    after = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert before == after


def test_no_subcommand_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().out


def test_unknown_raw_folder_is_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "qcompare", "validate", "--raw", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == (
        f"{tmp_path / 'nowhere'}: no such folder; expected the curated data folder "
        "(cities.csv, sources.csv, indicators.csv, observations/), e.g. data/raw"
    )


_STARTUP_PROBE = """
import sys
from qcompare.cli import _parser
parser = _parser()
loaded = "jsonschema" in sys.modules  # loaded by the briefings, under the block
commands = parser._subparsers._group_actions[0].choices
import nbformat
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
nbformat.validate(nb)  # notebooks still validate without the IRI checker
print(loaded, "render" in commands, "rfc3987_syntax.syntax_helpers" in sys.modules,
      sys.modules.get("rfc3987_syntax", "absent") is None)
"""


def test_the_command_skips_jsonschemas_iri_grammar_and_still_validates_notebooks():
    # rfc3987_syntax compiles an Earley grammar on import; the command never checks IRI
    # formats, so loading the briefings must not build it (bench/RESULTS.md §1)
    if importlib.util.find_spec("rfc3987_syntax") is None:
        pytest.skip("rfc3987_syntax is not installed: nothing to skip")
    proc = subprocess.run(
        [sys.executable, "-c", _STARTUP_PROBE], capture_output=True, text=True, check=True
    )
    loaded, has_render, built_grammar, still_blocked = proc.stdout.split()
    assert loaded == "True" and has_render == "True"
    assert built_grammar == "False"
    assert still_blocked == "False"  # the block ends with the import it guards


def test_a_module_that_needs_a_skipped_import_is_not_hidden():
    # the briefings are optional (an ImportError drops their commands), but an import the
    # block itself made fail must surface, not silently drop `render`: skip one they need
    probe = (
        "import qcompare.cli as cli\n"
        "cli.UNUSED_OPTIONAL_IMPORTS = ('nbformat',)\n"
        "print(sorted(cli._parser()._subparsers._group_actions[0].choices))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode != 0, proc.stdout
    assert "nbformat" in proc.stderr.splitlines()[-1]


def test_a_broken_qcompare_module_is_not_taken_for_missing_briefings():
    probe = (
        "import sys\n"
        "sys.modules['qcompare.briefings.charts'] = None  # stands for a broken module\n"
        "import qcompare.cli as cli\n"
        "cli._parser()\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "qcompare.briefings.charts" in proc.stderr.splitlines()[-1]
