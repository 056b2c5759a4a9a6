"""Briefing parameter files (params/NAME.yaml): load, check against the notebook, check ids.

A params file names a notebook, a title and the values of the notebook's parameters:

    notebook: notebooks/indicator.ipynb
    title: 细颗粒物（PM2.5）——三城对比
    parameters:
      indicator: env_pm25
      cities: [ruian, wenzhou, quanzhou]
      lang: zh

Everything is checked before a kernel starts (papermill by itself only warns about unknown
parameters): the keys, each parameter against the type declared in the notebook's
`parameters` cell (read with papermill's inspect_notebook), and every city, indicator, family
and theme id against the data. A problem is one `ParamsError` line naming file and key.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qcompare.data.dataset import Dataset
from qcompare.data.paths import project_root

LANGS = ("zh", "en")
TOP_KEYS = {
    "notebook": "a notebook path such as notebooks/indicator.ipynb",
    "title": "the briefing's title",
    "parameters": "a mapping of notebook parameters",
    "timeout": "the briefing's execution time limit in seconds (a positive number)",
}
DEFAULT_TIMEOUT = 600.0
"""Seconds a briefing may execute when its params file sets no `timeout`."""
REQUIRED_TOP_KEYS = ("notebook", "title")

# Which kind of id a parameter holds, by its name (the notebooks follow this naming).
ID_PARAMETERS = {
    "city": "city",
    "child": "city",
    "parent": "city",
    "cities": "city",
    "indicator": "indicator",
    "indicators": "indicator",
    "family": "family",
    "theme": "theme",
    "lang": "lang",
}
# Of these pairs, a notebook that declares both needs exactly one to be non-empty.
EXACTLY_ONE_OF = (("indicator", "family"),)
# Ids that may be left empty ("" = not used, or the notebook's documented fallback).
OPTIONAL_IDS = {"indicator", "family", "parent"}


class ParamsError(Exception):
    """A params file is wrong; str() is one line: `file: key: what was expected`."""

    def __init__(self, file: Path | str, key: str | None, message: str):
        self.file, self.key, self.message = str(file), key, message
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Declared:
    """One parameter declared in a notebook's `parameters` cell."""

    name: str
    type: str
    default: Any
    help: str


@dataclass(frozen=True)
class Briefing:
    """A checked params file: what to execute and with which values."""

    name: str
    params_file: Path
    notebook: Path
    title: str
    parameters: dict[str, Any]
    declared: dict[str, Declared] = field(repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def values(self) -> dict[str, Any]:
        """Every declared parameter's value: the YAML's, else the notebook's default."""
        out = {name: d.default for name, d in self.declared.items()}
        out.update(self.parameters)
        return out

    @property
    def lang(self) -> str:
        return str(self.values.get("lang", "zh"))


def display_path(path: Path) -> str:
    """`path` relative to the project root when it lies inside it (for messages)."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(project_root()))
    except ValueError:
        return str(path)


# --- reading -------------------------------------------------------------------------------


def read_params(params_file: Path | str, root: Path | None = None) -> Briefing:
    """Read a params file and check it against its notebook's parameters cell (no data)."""
    params_file = Path(params_file)
    root = Path(root) if root is not None else project_root()
    label = display_path(params_file)
    doc = _yaml(params_file, label)

    for key in doc:
        if key not in TOP_KEYS:
            raise ParamsError(
                label, str(key), f"unknown key; expected one of {', '.join(TOP_KEYS)}"
            )
    for key in REQUIRED_TOP_KEYS:
        if key not in doc:
            raise ParamsError(label, key, f"missing; expected {TOP_KEYS[key]}")
    for key in ("notebook", "title"):
        if not isinstance(doc[key], str) or not doc[key].strip():
            raise ParamsError(label, key, f"expected {TOP_KEYS[key]} (a non-empty string)")
    parameters = doc.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise ParamsError(label, "parameters", f"expected {TOP_KEYS['parameters']}")

    notebook = (root / doc["notebook"]).resolve()
    if notebook.suffix != ".ipynb" or not notebook.is_file():
        raise ParamsError(
            label,
            "notebook",
            f"{doc['notebook']!r} is not a notebook file "
            f"(paths are relative to the project root, e.g. notebooks/x.ipynb)",
        )
    timeout = doc.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ParamsError(label, "timeout", f"{timeout!r}: expected {TOP_KEYS['timeout']}")
    declared = declared_parameters(notebook)
    for name, value in parameters.items():
        key = f"parameters.{name}"
        if name not in declared:
            raise ParamsError(
                label,
                key,
                f"unknown parameter; {doc['notebook']} declares {', '.join(declared) or 'none'}",
            )
        if not type_matches(value, declared[name].type):
            raise ParamsError(label, key, f"{value!r} is not of type {declared[name].type}")
    return Briefing(
        name=params_file.stem,
        params_file=params_file.resolve(),
        notebook=notebook,
        title=doc["title"].strip(),
        parameters=dict(parameters),
        declared=declared,
        timeout=float(timeout),
    )


def _yaml(path: Path, label: str) -> dict:
    if not path.is_file():
        raise ParamsError(label, None, "file not found")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ParamsError(label, None, "not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(err, "problem", None) or "syntax error"
        raise ParamsError(label, None, f"not valid YAML: {where}{problem}") from None
    if not isinstance(doc, dict):
        raise ParamsError(label, None, "expected a mapping with keys notebook, title, parameters")
    return doc


def declared_parameters(notebook: Path) -> dict[str, Declared]:
    """The parameters a notebook declares (name, type annotation, default, help comment)."""
    from papermill import inspect_notebook  # imported here: papermill is slow to import

    out = {}
    for name, info in inspect_notebook(str(notebook)).items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            default = None
        out[name] = Declared(
            name=name, type=info["inferred_type_name"], default=default, help=info["help"]
        )
    return out


# --- types ---------------------------------------------------------------------------------

_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}
_LIST = re.compile(r"^(?:list|List)\[(\w+)\]$")


def type_matches(value: Any, annotation: str) -> bool:
    """Does a YAML value fit a parameter annotation such as `str`, `list[str]`, `int | None`?"""
    options = [a.strip() for a in annotation.split("|")]
    return any(_fits(value, a) for a in options)


def _fits(value: Any, annotation: str) -> bool:
    if annotation == "None":
        return value is None
    if m := _LIST.match(annotation):
        return isinstance(value, list) and all(_fits(v, m.group(1)) for v in value)
    if annotation not in _SCALARS:
        raise ValueError(f"unsupported parameter annotation {annotation!r}")
    if isinstance(value, bool) and annotation != "bool":
        return False
    return isinstance(value, _SCALARS[annotation])


# --- ids against the data -----------------------------------------------------------------


def check_ids(briefing: Briefing, ds: Dataset) -> None:
    """Check every city, indicator, family, theme and lang value against the data."""
    label = display_path(briefing.params_file)
    known = {
        "city": ds.cities["city_id"].tolist(),
        "indicator": ds.indicators["indicator_id"].tolist(),
        "family": sorted(set(ds.indicators["family"])),
        "theme": sorted(set(ds.indicators["theme"])),
        "lang": list(LANGS),
    }
    values = briefing.values
    for name, value in values.items():
        kind = ID_PARAMETERS.get(name)
        if kind is None:
            continue
        key = f"parameters.{name}"
        items = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not value:
            raise ParamsError(label, key, f"empty list; expected at least one {kind}")
        if isinstance(value, list) and len(set(value)) != len(value):
            raise ParamsError(label, key, f"{kind} listed twice in {value!r}")
        for item in items:
            if item == "" and name in OPTIONAL_IDS:
                continue  # an optional id left empty
            if item not in known[kind]:
                raise ParamsError(
                    label, key, f"unknown {kind} {item!r}; " + _expected(str(item), known[kind])
                )
    for pair in EXACTLY_ONE_OF:
        if all(p in values for p in pair):
            given = [p for p in pair if values[p] not in ("", None)]
            if len(given) != 1:
                raise ParamsError(
                    label,
                    "parameters",
                    f"set exactly one of {' or '.join(pair)}"
                    f" (got {' and '.join(given) or 'neither'})",
                )


def _expected(item: str, known: list[str]) -> str:
    """ "expected one of a, b, c" — or, for a long list, the closest matches."""
    if len(known) <= 12:
        return f"expected one of {', '.join(known)}"
    close = difflib.get_close_matches(item, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"not among the {len(known)} known ids{hint}"


def load_briefing(params_file: Path | str, ds: Dataset, root: Path | None = None) -> Briefing:
    """Read a params file and check it completely, ids included."""
    briefing = read_params(params_file, root)
    check_ids(briefing, ds)
    return briefing
