"""Every briefing kind in both languages, in a real browser: offline, no errors, charts that
draw and answer a hover, Chinese drawn in the embedded font, screenshots for people to look at.
"""

from __future__ import annotations

import pytest
from browser_harness import SCREENSHOTS, case_params
from pagechecks import chart_problems, cjk_font_report

pytestmark = [pytest.mark.browser, pytest.mark.render]
WIDTHS = (1280, 390)


def _pages(briefing):
    """The site page, and the share page when the render wrote one."""
    yield "site", briefing.html
    if briefing.share is not None:
        yield "share", briefing.share


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_page_is_offline_and_without_errors(briefing, visit):
    for variant, path in _pages(briefing):
        v = visit(path)
        assert v.problems() == [], variant
        assert any(u.startswith("file:") for u in v.requests)  # the recorder saw the page


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_charts_draw_and_answer_a_hover(briefing, visit):
    for variant, path in _pages(briefing):
        v = visit(path)
        charts = v.page.locator(".plotly-graph-div").count()
        assert charts >= 1, variant
        assert chart_problems(v.page) == [], variant
        assert v.problems() == [], variant


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_chinese_is_drawn_in_the_embedded_font(briefing, visit, browser):
    for variant, path in _pages(briefing):
        v = visit(path)
        report = cjk_font_report(v.page, browser)
        assert report.checked >= 5, variant  # titles, city names, quotes, … were looked at
        assert report.bad == [], (variant, report.families)


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_screenshots(briefing, visit):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        v = visit(briefing.html, width=width)
        shot = SCREENSHOTS / f"{briefing.kind}-{briefing.lang}-{width}.png"
        v.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        # nothing wider than the phone: no sideways scrolling of the whole page
        overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width} px: page is {overflow} px wider than the window"


_TABLES_JS = """() => [...document.querySelectorAll('table.qc-table')].map(t => ({
    wider: t.scrollWidth - t.parentElement.clientWidth,
    head: getComputedStyle(t.querySelector('thead')).display,
    label: getComputedStyle(t.querySelector('td'), '::before').content,
}))"""


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_tables_fit_a_phone_as_cards_and_stay_tables_on_a_desktop(briefing, visit):
    v = visit(briefing.html, width=390)
    tables = v.page.evaluate(_TABLES_JS)
    assert tables, "no table on the page"
    for t in tables:  # each row a card of "header: value" lines, nothing to scroll sideways
        assert t["wider"] <= 1, t
        assert t["label"] not in ("none", "normal", '""'), t
    v = visit(briefing.html, width=1280)
    assert {t["head"] for t in v.page.evaluate(_TABLES_JS)} == {"table-header-group"}


def _static_page_problems():
    """The static page checks of tests/briefings/conftest.py (what the HTML itself must hold:
    no code, no remote resource, the title, the budget per page kind), loaded from there so
    there is one copy of them."""
    import importlib.util

    from browser_harness import ROOT

    spec = importlib.util.spec_from_file_location(
        "briefings_page_checks", ROOT / "tests" / "briefings" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._page_problems


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_page_html_passes_the_static_checks(briefing):
    check = _static_page_problems()
    for variant, path in _pages(briefing):
        page = path.read_text(encoding="utf-8")
        assert check(page, briefing.lang, briefing.title, variant) == [], variant
