"""The conda environment and the pip package cannot drift apart."""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_the_package_with_its_dev_extra():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    pip_block = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert pip_block == ["-e .[dev]"], "environment.yml must install the package itself"
    pinned = [d for d in deps if isinstance(d, str) and d not in ("pip",)]
    assert pinned == ["python=3.11"], f"only python is pinned by conda, found {pinned}"


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]
    assert project["requires-python"] == ">=3.11,<3.12"


def test_declared_stack_is_complete():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {
        d.split(">")[0].split("=")[0].split("[")[0].strip().lower() for d in project["dependencies"]
    }
    for needed in [
        "jupyterlab",
        "pandas",
        "numpy",
        "matplotlib",
        "seaborn",
        "plotly",
        "papermill",
        "nbconvert",
        "ipykernel",
        "pyyaml",
        "pandera",
        "mplfonts",
    ]:
        assert needed in names, needed
    dev = {d.split(">")[0].strip() for d in project["optional-dependencies"]["dev"]}
    assert {"pytest", "hypothesis", "ruff"} <= dev
    assert project["scripts"]["qcompare"] == "qcompare.cli:main"


def test_the_qcompare_kernel_is_registered_in_the_venv():
    """`make setup` registers the kernel that `make lab` and the briefings run on."""
    import json
    import subprocess
    import sys

    jupyter = Path(sys.executable).with_name("jupyter")
    out = subprocess.run(
        [str(jupyter), "kernelspec", "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    specs = json.loads(out)["kernelspecs"]
    assert "qcompare" in specs
    assert specs["qcompare"]["resource_dir"].startswith(sys.prefix)
