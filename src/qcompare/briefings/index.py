"""reports/index.html: every briefing with its title, one-line finding and sources.

Built from the params files (what should exist) and the JSON sidecars that `render` writes
(what was rendered), so the index needs no kernel and no data. A briefing not rendered yet is
listed as such rather than left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

import qcompare
from qcompare.briefings.export import TEMPLATES
from qcompare.briefings.params import RESERVED_NAMES, SAFE_NAME, load_yaml
from qcompare.data.atomic import write_text

NOTEBOOK_GROUPS = {
    "indicator": ("指标对比", "Indicator comparisons"),
    "scorecard": ("城市记分卡", "City scorecards"),
    "theme": ("主题对比", "Theme comparisons"),
    "alignment": ("县市与地级市目标衔接", "County vs prefecture alignment"),
    "track_record": ("上期规划完成情况", "Previous-plan track record"),
}


@dataclass(frozen=True)
class Entry:
    name: str
    group: str
    title: str
    lang: str
    rendered: bool
    finding: str = ""
    sources: tuple[str, ...] = ()

    @property
    def href(self) -> str:
        return f"{self.name}.html"

    @property
    def sources_label(self) -> str:
        return "来源" if self.lang == "zh" else "Sources"


def entries(params_dir: Path, reports: Path) -> list[Entry]:
    """One entry per params file, with the rendered briefing's sidecar where it exists."""
    out = []
    for params in sorted(params_dir.glob("*.yaml")):
        name = params.stem
        if not SAFE_NAME.match(name) or name.lower() in RESERVED_NAMES:
            continue  # never rendered (`qcompare render` refuses it): nothing to link to
        sidecar = reports / f"{name}.json"
        html = reports / f"{name}.html"
        meta = _sidecar_or_none(sidecar) if html.is_file() else None
        if meta is not None:
            lang = meta.get("lang", "zh")
            sources = tuple(s[f"title_{lang}"] for s in meta.get("sources", []))
            out.append(
                Entry(
                    name,
                    Path(meta["notebook"]).stem,
                    meta["title"],
                    lang,
                    True,
                    meta["finding"],
                    sources,
                )
            )
        else:
            doc = _yaml_or_empty(params)
            params_values = doc.get("parameters") or {}
            out.append(
                Entry(
                    name,
                    Path(str(doc.get("notebook", "?"))).stem,
                    str(doc.get("title", name)),
                    str(params_values.get("lang", "zh")),
                    False,
                )
            )
    return out


def _sidecar_or_none(path: Path) -> dict | None:
    """A rendered briefing's sidecar, or None when missing or damaged (listed as not rendered;
    the next render rewrites it)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(meta, dict) or not {"notebook", "title", "finding"} <= set(meta):
        return None
    return meta


def _yaml_or_empty(path: Path) -> dict:
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return doc if isinstance(doc, dict) else {}


def index_html(items: list[Entry]) -> str:
    """The index page (self-contained: inline CSS, no script)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True
    )
    order = list(NOTEBOOK_GROUPS)
    groups = []
    for key in sorted(
        {e.group for e in items}, key=lambda g: (order.index(g) if g in order else len(order), g)
    ):
        zh, en = NOTEBOOK_GROUPS.get(key, (key, key))
        members = sorted(
            (e for e in items if e.group == key), key=lambda e: (e.lang != "zh", e.name)
        )
        groups.append({"label_zh": zh, "label_en": en, "briefings": members})
    css = (TEMPLATES / "briefing.css").read_text(encoding="utf-8")
    return env.get_template("index.html.j2").render(
        groups=groups, count=len(items), css=css, version=qcompare.__version__
    )


def write_index(params_dir: Path, reports: Path) -> Path:
    """Write reports/index.html atomically and return its path."""
    target = reports / "index.html"
    write_text(target, index_html(entries(params_dir, reports)))
    return target
