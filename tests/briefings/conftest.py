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


def _page_problems(page: str, lang: str, title: str) -> list[str]:
    """What is wrong with a rendered briefing (an empty list when nothing is)."""
    problems = []
    body = page.replace(export.plotly_js(), "")  # the library itself is checked separately
    if page.count(export.plotly_js()[:500]) != 1:
        problems.append("plotly.js is not inlined exactly once")
    if 'class="plotly-graph-div"' not in body or "Plotly.newPlot(" not in body:
        problems.append("no plotly figure")
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
    if re.search(r"<script[^>]*\bsrc=", page):
        problems.append("a script is loaded from a file or URL")
    if "Sources" not in body and "来源" not in body:
        problems.append("no Sources section")
    if len(page.encode()) >= export.MAX_BYTES:
        problems.append(f"{len(page.encode()) / 1e6:.1f} MB, over 6 MB")
    return problems


@pytest.fixture(scope="session")
def page_problems() -> Callable[[str, str, str], list[str]]:
    """What is wrong with a rendered briefing page: `page_problems(page, lang, title)`."""
    return _page_problems
