"""reports/index.html: every briefing with its title, one-line finding and sources.

Built from the params files (what should exist) and the JSON sidecars that `render` writes
(what was rendered), so the index needs no kernel and no data. A briefing not rendered yet is
listed as such rather than left out. Each entry links the site page (NAME.html) and offers
the self-contained share file beside it (share/NAME.html). The index carries its own CJK font
subset, loaded from reports/assets/fonts/ like the site pages' subsets.

The page filters by city, theme, briefing kind and language and searches titles and headline
findings in Chinese and English, in the browser and offline: the entries travel as JSON in a
`<script type="application/json">` (escaped so no data text can close it) and a small vanilla
script (templates/index.js) hides what does not match. Without JavaScript the full list shows.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

import qcompare
from qcompare.briefings import fonts
from qcompare.briefings.export import ASSETS_MARK, FONTS, TEMPLATES, page_css
from qcompare.briefings.html import script_json
from qcompare.briefings.params import RESERVED_NAMES, SAFE_NAME, load_yaml
from qcompare.data.atomic import write_bytes, write_text

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
    cities: tuple[tuple[str, str, str], ...] = ()  # (city_id, name_zh, name_en)
    themes: tuple[tuple[str, str, str], ...] = ()  # (theme, label_zh, label_en)
    share: bool = True

    @property
    def href(self) -> str:
        return f"{self.name}.html"

    @property
    def share_href(self) -> str:
        return f"share/{self.name}.html"

    @property
    def share_label(self) -> str:
        return "单文件（可发送）" if self.lang == "zh" else "single file to send"

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
            facets = meta.get("facets") or {}
            out.append(
                Entry(
                    name,
                    Path(meta["notebook"]).stem,
                    meta["title"],
                    lang,
                    True,
                    meta["finding"],
                    sources,
                    cities=_labelled(facets.get("cities")),
                    themes=_labelled(facets.get("themes")),
                    share=bool(meta.get("share", True)),
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


def _labelled(items: object) -> tuple[tuple[str, str, str], ...]:
    """Sidecar facets [{"id", "zh", "en"}, …] as (id, zh, en) tuples (bad entries skipped)."""
    if not isinstance(items, list):
        return ()
    return tuple(
        (str(i["id"]), str(i.get("zh", i["id"])), str(i.get("en", i["id"])))
        for i in items
        if isinstance(i, dict) and "id" in i
    )


def _yaml_or_empty(path: Path) -> dict:
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _fold(text: str) -> str:
    """Search form of a text: NFKC (full-width → half-width), case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _facet_options(items: list[Entry], attr: str) -> list[dict[str, str]]:
    seen: dict[str, tuple[str, str]] = {}
    for e in items:
        for key, zh, en in getattr(e, attr):
            seen.setdefault(key, (zh, en))
    return [{"id": k, "zh": zh, "en": en} for k, (zh, en) in sorted(seen.items())]


def index_data(items: list[Entry]) -> list[dict[str, object]]:
    """What the filter script needs per entry (in page order): facets and the search text."""
    out = []
    for e in items:
        words = [e.title, e.finding, e.name]
        words += [w for c in e.cities for w in c] + [w for t in e.themes for w in t]
        out.append(
            {
                "kind": e.group,
                "lang": e.lang,
                "cities": [c[0] for c in e.cities],
                "themes": [t[0] for t in e.themes],
                "text": _fold(" ".join(words)),
            }
        )
    return out


def index_html(items: list[Entry]) -> str:
    """The index page with ASSETS_MARK where its font face goes (inline CSS, its entries as
    JSON and the filter script)."""
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
        groups.append({"key": key, "label_zh": zh, "label_en": en, "briefings": members})
    ordered = [e for g in groups for e in g["briefings"]]  # data-i of each <li>, in this order
    kinds = [{"id": g["key"], "zh": g["label_zh"], "en": g["label_en"]} for g in groups]
    return env.get_template("index.html.j2").render(
        groups=groups,
        count=len(items),
        css=page_css(),
        assets=jinja2.utils.markupsafe.Markup(ASSETS_MARK),
        version=qcompare.__version__,
        cities=_facet_options(items, "cities"),
        themes=_facet_options(items, "themes"),
        kinds=kinds,
        langs=sorted({e.lang for e in items}, key=lambda lg: (lg != "zh", lg)),
        data=script_json(index_data(ordered)),
        script=(TEMPLATES / "index.js").read_text(encoding="utf-8"),
    )


def prune_fonts(reports: Path, keep: set[str]) -> list[str]:
    """Remove font subsets in reports/assets/fonts/ that no page uses any more (a page
    re-rendered with other characters names a new subset); return the names removed."""
    used = set(keep)
    for sidecar in reports.glob("*.json"):
        try:
            used.add(json.loads(sidecar.read_text(encoding="utf-8")).get("font"))
        except (OSError, json.JSONDecodeError, AttributeError):
            return []  # unsure what is used: remove nothing
    removed = []
    for font in (reports / FONTS).glob("qcompare-cjk-*.woff2"):
        if font.name not in used:
            font.unlink(missing_ok=True)
            removed.append(font.name)
    return removed


def write_index(
    params_dir: Path, reports: Path, *, prune: bool = False, items: list[Entry] | None = None
) -> Path:
    """Write reports/index.html (and its font subset) atomically and return its path;
    `prune`: also remove font subsets no page uses (when no render is running); `items`: the
    entries when the caller has read them already."""
    target = reports / "index.html"
    page = index_html(entries(params_dir, reports) if items is None else items)
    font = fonts.subset(fonts.codepoints_of([fonts.page_text(page)]))
    face = f"<style>\n{font.css(f'{FONTS}/{font.name}')}\n</style>" if font.codepoints else ""
    if font.codepoints and not (reports / FONTS / font.name).is_file():
        write_bytes(reports / FONTS / font.name, font.woff2)
    write_text(target, page.replace(ASSETS_MARK, face, 1))
    if prune:
        prune_fonts(reports, {font.name})
    return target
