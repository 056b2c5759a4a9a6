"""Briefing params files, notebooks and the `render | index | list` CLI (no kernel started)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from qcompare import cli
from qcompare.briefings import params as P
from qcompare.data.paths import project_root

ROOT = project_root()
PARAMS = sorted((ROOT / "params").glob("*.yaml"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """notebook: notebooks/indicator.ipynb
title: A title
parameters:
  indicator: pm
  cities: [alpha, beta]
  lang: en
"""


# --- the repository's params files and notebooks -------------------------------------------


def test_there_are_params_and_notebooks():
    assert len(PARAMS) >= 15 and len(NOTEBOOKS) == 5


@pytest.mark.parametrize("path", PARAMS, ids=lambda p: p.stem)
def test_every_params_file_validates_against_the_real_data(path, real_ds):
    b = P.load_briefing(path, real_ds, ROOT)
    assert b.name == path.stem and b.title and b.lang in ("zh", "en")


def test_required_briefings_exist():
    """The briefings the issue asks for, each in at least zh, and every notebook type in en."""
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in PARAMS]
    seen = {
        (Path(d["notebook"]).stem, k, str(v), d["parameters"]["lang"])
        for d in docs
        for k, v in d["parameters"].items()
        if k != "lang" and v
    }
    wanted = [
        ("indicator", "indicator", "env_pm25"),
        ("indicator", "indicator", "env_good_air_days_ratio"),
        ("indicator", "family", "green_building_share"),
        ("indicator", "family", "prefab_share"),
        ("indicator", "indicator", "inn_hv_invention_patents_per_10k"),
        ("indicator", "indicator", "prod_mfg_quality_pass_rate"),
        ("indicator", "family", "service_satisfaction"),
        ("scorecard", "city", "ruian"),
        ("scorecard", "city", "wenzhou"),
        ("scorecard", "city", "quanzhou"),
        ("theme", "theme", "product"),
        ("theme", "theme", "service"),
        ("theme", "theme", "engineering"),
        ("theme", "theme", "environment"),
        ("alignment", "child", "ruian"),
        ("alignment", "parent", "wenzhou"),
        ("track_record", "city", "wenzhou"),
    ]
    for notebook, key, value in wanted:
        assert (notebook, key, value, "zh") in seen, (notebook, key, value)
    langs = {(Path(d["notebook"]).stem, d["parameters"]["lang"]) for d in docs}
    for nb in NOTEBOOKS:
        assert {(nb.stem, "zh"), (nb.stem, "en")} <= langs, nb.stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stripped_and_document_their_parameters(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "qcompare"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "outputs not stripped"
    declared = P.declared_parameters(path)
    assert "lang" in declared
    for d in declared.values():
        assert d.type != "None", f"{d.name} has no type annotation"
        assert d.help, f"{d.name} has no trailing comment"
        assert P.type_matches(d.default, d.type), f"{d.name} default does not fit {d.type}"
    first_code = next(
        c
        for c in nb.cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    )
    assert "br.setup_notebook(lang)" in first_code.source
    assert sum("br.publish(" in c.source for c in nb.cells) == 1


# --- checks, one clear line each ------------------------------------------------------------


def test_a_good_file_reads(tmp_path, tiny_ds):
    b = P.load_briefing(write(tmp_path, GOOD), tiny_ds, ROOT)
    assert b.parameters == {"indicator": "pm", "cities": ["alpha", "beta"], "lang": "en"}
    assert b.values["family"] == "" and b.lang == "en"
    assert b.notebook == ROOT / "notebooks" / "indicator.ipynb"


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (GOOD + "  colour: red\n", "parameters.colour", "unknown parameter"),
        (GOOD.replace("[alpha, beta]", "alpha"), "parameters.cities", "not of type list[str]"),
        (GOOD.replace("lang: en", "lang: 3"), "parameters.lang", "not of type str"),
        (GOOD + "output: x\n", "output", "unknown key"),
        (GOOD.replace("title: A title\n", ""), "title", "missing"),
        (GOOD.replace("indicator.ipynb", "nope.ipynb"), "notebook", "not a notebook file"),
        (GOOD.replace("parameters:\n", "parameters: 3\nx:\n"), "x", "unknown key"),
    ],
)
def test_structure_errors_name_file_and_key(tmp_path, text, key, fragment):
    path = write(tmp_path, text)
    with pytest.raises(P.ParamsError) as err:
        P.read_params(path, ROOT)
    line = str(err.value)
    assert "\n" not in line and line.startswith(f"{path}: {key}: ") and fragment in line


@pytest.mark.parametrize(
    ("old", "new", "key", "fragment"),
    [
        ("[alpha, beta]", "[alpha, ruian]", "parameters.cities", "unknown city 'ruian'"),
        ("[alpha, beta]", "[alpha, alpha]", "parameters.cities", "listed twice"),
        ("[alpha, beta]", "[]", "parameters.cities", "empty list"),
        ("indicator: pm", "indicator: pm25", "parameters.indicator", "unknown indicator 'pm25'"),
        ("lang: en", "lang: fr", "parameters.lang", "unknown lang 'fr'"),
        ("indicator: pm", "indicator: pm\n  family: gb", "parameters", "exactly one of"),
        ("indicator: pm", "indicator: ''", "parameters", "exactly one of"),
        (
            "indicator: pm",
            "indicator: ''\n  family: nofamily",
            "parameters.family",
            "unknown family 'nofamily'",
        ),
    ],
)
def test_id_errors_name_file_and_key(tmp_path, tiny_ds, old, new, key, fragment):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(P.ParamsError) as err:
        P.load_briefing(path, tiny_ds, ROOT)
    line = str(err.value)
    assert "\n" not in line and line.startswith(f"{path}: {key}: ") and fragment in line


def test_unknown_theme(tmp_path, tiny_ds):
    path = write(
        tmp_path,
        "notebook: notebooks/theme.ipynb\ntitle: t\nparameters:\n"
        "  theme: services\n  cities: [alpha]\n",
    )
    with pytest.raises(P.ParamsError, match=r"parameters.theme: unknown theme 'services'"):
        P.load_briefing(path, tiny_ds, ROOT)


def test_a_long_id_list_suggests_close_matches(tmp_path, real_ds):
    path = write(
        tmp_path,
        "notebook: notebooks/indicator.ipynb\ntitle: t\nparameters:\n  indicator: env_pm2.5\n",
    )
    with pytest.raises(P.ParamsError) as err:
        P.load_briefing(path, real_ds, ROOT)
    assert "did you mean env_pm25" in str(err.value) and len(str(err.value)) < 300


def test_invalid_yaml_is_one_line(tmp_path):
    path = write(tmp_path, "notebook: [unclosed\ntitle: x\n")
    with pytest.raises(P.ParamsError, match=r"not valid YAML: line \d+"):
        P.read_params(path, ROOT)


@pytest.mark.parametrize(
    ("value", "annotation", "ok"),
    [
        ("a", "str", True),
        (["a"], "list[str]", True),
        ([1], "list[str]", False),
        (True, "int", False),
        (3, "float", True),
        (None, "str | None", True),
        ("a", "int", False),
    ],
)
def test_type_matches(value, annotation, ok):
    assert P.type_matches(value, annotation) is ok


# --- the CLI --------------------------------------------------------------------------------


def test_render_rejects_bad_params_with_exit_2_before_any_kernel(
    tmp_path, tiny_ds, monkeypatch, capsys
):
    import papermill

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr("qcompare.data.loading.load", lambda *a, **k: tiny_ds)
    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    (tmp_path / "params").mkdir()
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "indicator.ipynb", tmp_path / "notebooks")
    monkeypatch.setenv("QCOMPARE_ROOT", str(tmp_path))
    good = write(tmp_path / "params", GOOD, "good.yaml")
    bad = write(tmp_path / "params", GOOD + "  colour: red\n", "bad.yaml")
    assert cli.main(["render", str(good), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == "params/bad.yaml: parameters.colour: unknown parameter; notebooks/indicator.ipynb "
        "declares indicator, family, cities, lang"
    )


def test_render_refuses_a_params_file_outside_params(tmp_path, capsys):
    outside = write(tmp_path, GOOD, "good.yaml")
    assert cli.main(["render", str(outside)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{outside}: not in params/; briefings are params/NAME.yaml"
    )


def test_list_make_deps_maps_each_report_to_its_notebook(capsys):
    assert cli.main(["list", "--make-deps"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [p.stem for p in PARAMS]
    assert lines[0] == "PARAMS_FILES := " + " ".join(f"params/{n}.yaml" for n in names)
    assert lines[1] == "REPORTS := " + " ".join(f"reports/{n}.html" for n in names)
    lines = lines[2:]
    assert len(lines) == len(PARAMS)
    for line, params in zip(lines, PARAMS, strict=True):
        m = re.fullmatch(r"reports/(\S+)\.html: (notebooks/\S+\.ipynb)", line)
        assert m and m.group(1) == params.stem and (ROOT / m.group(2)).is_file()


def test_list_names_each_briefing(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in out] == [p.stem for p in PARAMS]


def test_index_lists_unrendered_briefings(tmp_path, monkeypatch, capsys):
    (tmp_path / "params").mkdir()
    write(tmp_path / "params", GOOD, "x.yaml")
    monkeypatch.setenv("QCOMPARE_ROOT", str(tmp_path))
    assert cli.main(["index"]) == 0
    assert "not rendered: x" in capsys.readouterr().out
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "A title" in page and "not rendered yet" in page
