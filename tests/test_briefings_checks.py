"""Checks of a rendered briefing page, shared by the render and browser tests."""

from __future__ import annotations

import re

from qcompare.briefings import export

URL_IN_SRC = re.compile(
    r'<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?'
    r'\b(?:src|href|data)\s*=\s*["\']?((?:https?:)?//[^"\' >]*)', re.IGNORECASE)


def page_problems(page: str, lang: str, title: str) -> list[str]:
    """What is wrong with a rendered briefing (an empty list when nothing is)."""
    problems = []
    body = page.replace(export.plotly_js(), "")  # the library itself is checked separately
    if page.count(export.plotly_js()[:500]) != 1:
        problems.append("plotly.js is not inlined exactly once")
    if 'class="plotly-graph-div"' not in body or "Plotly.newPlot(" not in body:
        problems.append("no plotly figure")
    if f'<html lang="{lang}">' not in page:
        problems.append(f"no <html lang=\"{lang}\">")
    if f"<title>{title}</title>" not in page.replace("&amp;", "&").replace("&#39;", "'"):
        problems.append("title missing")
    for marker in ("jp-InputArea-editor", "br.setup_notebook", "import qcompare", "In&nbsp;["):
        if marker in body:
            problems.append(f"code or prompt in the page ({marker})")
    for marker in ("Traceback", "application/vnd.jupyter.stderr", "Warning:", "Warning ",
                   "missing from font", "DeprecationWarning", "FutureWarning"):
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


# --- the checker itself must catch what it looks for ---------------------------------------

def _good_page() -> str:
    return (f'<!DOCTYPE html><html lang="zh"><head><title>标题</title>'
            f"<script>{export.plotly_js()}</script></head><body>"
            '<div class="plotly-graph-div"></div><script>Plotly.newPlot("x")</script>'
            "<h2>来源</h2></body></html>")


def test_a_good_page_passes():
    assert page_problems(_good_page(), "zh", "标题") == []


def test_the_checker_catches_each_problem():
    good = _good_page()
    bad = {
        "external resources": good.replace("<h2>", '<img src="https://x.org/a.png"><h2>'),
        "a script is loaded": good.replace("<h2>", '<script src="a.js"></script><h2>'),
        "code or prompt": good.replace("<h2>", "<pre>import qcompare</pre><h2>"),
        "error or warning": good.replace("<h2>", "<pre>Traceback (most recent call)</pre><h2>"),
        "no plotly figure": good.replace('class="plotly-graph-div"', ""),
        "title missing": good.replace("<title>标题</title>", "<title>x</title>"),
        "no <html lang": good.replace('lang="zh"', 'lang="en"'),
        "no Sources": good.replace("来源", "x"),
        "not inlined exactly once": good.replace("</head>",
                                                 f"<script>{export.plotly_js()}</script></head>"),
    }
    for problem, page in bad.items():
        found = page_problems(page, "zh", "标题")
        assert any(problem in p for p in found), (problem, found)
