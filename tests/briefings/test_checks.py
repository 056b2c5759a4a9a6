"""The page checks of tests/briefings/conftest.py catch what they look for."""

from __future__ import annotations

from qcompare.briefings import export


def _good_page() -> str:
    return (
        f'<!DOCTYPE html><html lang="zh"><head><title>标题</title>'
        '<style>@font-face { font-family: "qcompare CJK"; '
        'src: url("data:font/woff2;base64,d09GMgABAAAA") format("woff2"); }</style>'
        f"<script>{export.plotly_js()}</script></head><body>"
        '<div class="plotly-graph-div"></div><script>Plotly.newPlot("x")</script>'
        "<h2>来源</h2></body></html>"
    )


def test_a_good_page_passes(page_problems):
    assert page_problems(_good_page(), "zh", "标题", "share") == []


def test_the_checker_catches_each_problem(page_problems):
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
        "not inlined exactly once": good.replace(
            "</head>", f"<script>{export.plotly_js()}</script></head>"
        ),
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
