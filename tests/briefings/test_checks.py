"""The page checks of tests/briefings/conftest.py catch what they look for."""

from __future__ import annotations

from qcompare.briefings import export

FACE = '@font-face {{ font-family: "qcompare CJK"; src: url("{}") format("woff2"); }}'


def _good_page(kind: str = "share") -> str:
    if kind == "share":
        head = f"<style>{FACE.format('data:font/woff2;base64,AAAA')}</style>"
        head += f"<script>{export.plotly_js()}</script>"
    else:
        head = f"<style>{FACE.format('assets/fonts/qcompare-cjk-0123abcd.woff2')}</style>"
        head += f'<script src="assets/{export.plotly_js_name()}"></script>'
    return (
        f'<!DOCTYPE html><html lang="zh"><head><title>标题</title>{head}</head><body>'
        '<div class="plotly-graph-div"></div><script>Plotly.newPlot("x")</script>'
        "<h2>来源</h2></body></html>"
    )


def test_a_good_page_passes(page_problems):
    assert page_problems(_good_page("share"), "zh", "标题", "share") == []
    assert page_problems(_good_page("site"), "zh", "标题", "site") == []


def test_the_site_checker_catches_each_problem(page_problems):
    good = _good_page("site")
    bad = {
        "plotly.js inlined in a site page": good.replace(
            "</head>", f"<script>{export.plotly_js()}</script></head>"
        ),
        "not loaded once from assets/": good.replace("assets/plotly-", "https://cdn/plotly-"),
        "a script other than": good.replace("<h2>", '<script src="a.js"></script><h2>'),
        "font subset not loaded from assets/fonts/": good.replace(
            "assets/fonts/qcompare-cjk-0123abcd.woff2", "https://x.org/f.woff2"
        ),
        "over 400 KB": good.replace("<h2>", "<p>" + "x" * 500_000 + "</p><h2>"),
        "a stylesheet loads from a URL": good.replace(
            "</style>", "@import url(https://x.org/a.css);</style>"
        ),
    }
    for problem, page in bad.items():
        found = page_problems(page, "zh", "标题", "site")
        assert any(problem in p for p in found), (problem, found)


def test_the_checker_catches_each_problem(page_problems):
    good = _good_page("share")
    bad = {
        "external resources": good.replace("<h2>", '<img src="https://x.org/a.png"><h2>'),
        "a script is loaded": good.replace("<h2>", '<script src="a.js"></script><h2>'),
        "code or prompt": good.replace("<h2>", "<pre>import qcompare</pre><h2>"),
        "error or warning": good.replace("<h2>", "<pre>Traceback (most recent call)</pre><h2>"),
        "no plotly figure": good.replace('class="plotly-graph-div"', ""),
        "title missing": good.replace("<title>标题</title>", "<title>x</title>"),
        "no <html lang": good.replace('lang="zh"', 'lang="en"'),
        "no Sources": good.replace("来源", "x"),
        "not inlined exactly once": good.replace(
            "</head>", f"<script>{export.plotly_js()}</script></head>"
        ),
        "font subset not inlined": good.replace("data:font/woff2;base64,AAAA", "assets/f.woff2"),
    }
    # no figure at all is fine only when a line says why the chart is not shown
    noted = good.replace(
        '<div class="plotly-graph-div"></div><script>Plotly.newPlot("x")</script>',
        '<p class="qc-chart-note">No status chart: …</p>',
    )
    noted = noted.replace(f"<script>{export.plotly_js()}</script>", "")
    assert page_problems(noted, "zh", "标题", "share") == []
    for problem, page in bad.items():
        found = page_problems(page, "zh", "标题", "share")
        assert any(problem in p for p in found), (problem, found)
