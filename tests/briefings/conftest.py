"""Fixtures of the briefings tests: the checks every rendered page must pass."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from qcompare.briefings import export

URL_IN_SRC = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r'\b(?:src|href|data)\s*=\s*["\']?((?:https?:)?//[^"\' >]*)',
    re.IGNORECASE,
)


PLOTLY_SRC = re.compile(r'<script src="(assets/plotly-[0-9][0-9A-Za-z.+-]*\.min\.js)"></script>')
FONT_URL = re.compile(
    r'@font-face \{ font-family: "qcompare CJK"; src: url\("([^"]+)"\) format\("woff2"\)'
)


def _page_problems(page: str, lang: str, title: str, kind: str = "site") -> list[str]:
    """What is wrong with a rendered briefing (an empty list when nothing is).

    kind "site": reports/NAME.html loads plotly.js and its font subset from assets/ by
    relative path (nothing inlined, nothing remote); kind "share": reports/share/NAME.html
    inlines both (no file or URL loaded at all).
    """
    problems = []
    js = export.plotly_js()
    body = page.replace(js, "")  # the library itself is checked separately
    fonts = FONT_URL.findall(page)
    # A briefing whose every chart would say nothing shows one line per chart instead
    # (class qc-chart-note, qcompare.briefings.charts) and then needs no plotly.js at all.
    charts = 'class="plotly-graph-div"' in body
    if not charts and 'class="qc-chart-note"' in body:
        js = "\0no plotly.js expected\0"
    if kind == "site":
        if js[:500] in page:
            problems.append("plotly.js inlined in a site page")
        scripts = PLOTLY_SRC.findall(page)
        if charts and scripts != [f"assets/{export.plotly_js_name()}"]:
            problems.append(f"plotly.js not loaded once from assets/: {scripts}")
        if len(re.findall(r"<script[^>]*\bsrc=", page)) != len(scripts):
            problems.append("a script other than assets/plotly-*.min.js is loaded from a file")
        if len(fonts) != 1 or not re.fullmatch(
            r"assets/fonts/qcompare-cjk-[0-9a-f]+\.woff2", fonts[0]
        ):
            problems.append(f"font subset not loaded from assets/fonts/: {fonts}")
        if len(page.encode()) > export.SITE_MAX_BYTES:
            problems.append(f"{len(page.encode()) / 1e3:.0f} KB, over 400 KB")
    elif kind == "share":
        if charts and page.count(js[:500]) != 1:
            problems.append("plotly.js is not inlined exactly once")
        if re.search(r"<script[^>]*\bsrc=", page):
            problems.append("a script is loaded from a file or URL")
        if len(fonts) != 1 or not fonts[0].startswith("data:font/woff2;base64,"):
            problems.append("font subset not inlined as a data: URL")
        if len(page.encode()) > export.SHARE_MAX_BYTES:
            problems.append(f"{len(page.encode()) / 1e6:.2f} MB, over 5.5 MiB")
    else:
        raise ValueError(kind)
    if charts != ("Plotly.newPlot(" in body) or not (charts or 'class="qc-chart-note"' in body):
        problems.append("no plotly figure (and no line saying why a chart is not shown)")
    if f'<html lang="{lang}">' not in page:
        problems.append(f'no <html lang="{lang}">')
    if f"<title>{title}</title>" not in page.replace("&amp;", "&").replace("&#39;", "'"):
        problems.append("title missing")
    for marker in ("jp-InputArea-editor", "br.setup_notebook", "import qcompare", "In&nbsp;["):
        if marker in body:
            problems.append(f"code or prompt in the page ({marker})")
    for marker in (
        "Traceback",
        "application/vnd.jupyter.stderr",
        "Warning:",
        "Warning ",
        "missing from font",
        "DeprecationWarning",
        "FutureWarning",
    ):
        if marker in body:
            problems.append(f"error or warning output ({marker})")
    urls = URL_IN_SRC.findall(page)
    if urls:
        problems.append(f"external resources: {urls[:3]}")
    if re.search(r"url\(\s*[\"']?(?:https?:)?//", page):
        problems.append("a stylesheet loads from a URL")
    if "Sources" not in body and "来源" not in body:
        problems.append("no Sources section")
    return problems


@pytest.fixture(scope="session")
def page_problems() -> Callable[..., list[str]]:
    """What is wrong with a rendered briefing page: `page_problems(page, lang, title, kind)`,
    kind "site" (reports/NAME.html) or "share" (reports/share/NAME.html)."""
    return _page_problems
