"""reports/index.html in the browser: filters and search, offline, quick at 1,000 entries."""

from __future__ import annotations

import random

import pytest

from qcompare.briefings.index import Entry, _fold, index_data, index_html

pytestmark = pytest.mark.browser
CITIES = [
    ("ruian", "瑞安", "Ruian"),
    ("wenzhou", "温州", "Wenzhou"),
    ("quanzhou", "泉州", "Quanzhou"),
]
THEMES = [
    ("environment", "生态环境", "Environment"),
    ("product", "产品质量", "Product quality"),
    ("service", "服务质量", "Service quality"),
    ("engineering", "工程质量", "Engineering"),
]
KINDS = ["indicator", "scorecard", "theme", "alignment", "track_record"]
SUBJECTS = [
    ("细颗粒物浓度", "PM2.5 concentration"),
    ("绿色建筑占比", "green building share"),
    ("装配式建筑", "prefabricated buildings"),
    ("高价值发明专利", "high-value patents"),
]


def generated(n: int, seed: int = 11) -> list[Entry]:
    """n index entries spread over every city, theme, kind and language."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        lang = "zh" if i % 3 else "en"
        cities = tuple(rnd.sample(CITIES, rnd.randint(1, 3)))
        themes = tuple(rnd.sample(THEMES, rnd.randint(1, 2)))
        zh, en = rnd.choice(SUBJECTS)
        names = [c[1] if lang == "zh" else c[2] for c in cities]
        title = (
            f"{zh}：{'、'.join(names)}对比 {i}"
            if lang == "zh"
            else f"{en}: {', '.join(names)} compared {i}"
        )
        finding = (
            f"{names[0]}的目标为{rnd.randint(20, 99)}%"
            if lang == "zh"
            else f"{names[0]} targets {rnd.randint(20, 99)}%"
        )
        out.append(
            Entry(
                f"b{i:04d}",
                KINDS[i % len(KINDS)],
                title,
                lang,
                True,
                finding,
                ("文件",),
                cities,
                themes,
            )
        )
    return out


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    items = generated(1000)
    path = tmp_path_factory.mktemp("index") / "index.html"
    path.write_text(index_html(items), encoding="utf-8")
    return path, items


def expected(items, *, q="", city="", theme="", kind="", lang=""):
    """What the page must show, computed here in Python from the same entries."""
    words = _fold(q).split()
    return sum(
        1
        for d in index_data(items)
        if (not city or city in d["cities"])
        and (not theme or theme in d["themes"])
        and (not kind or d["kind"] == kind)
        and (not lang or d["lang"] == lang)
        and all(w in d["text"] for w in words)
    )


def _shown(page) -> int:
    return page.locator("li[data-i]:visible").count()


def test_filters_and_search_at_1000_entries(big_index, visit):
    path, items = big_index
    v = visit(path)
    page = v.page
    assert _shown(page) == 1000
    steps = [
        ("#qc-q", "温州", dict(q="温州")),
        ("#qc-q", "wenzhou PM2.5", dict(q="wenzhou PM2.5")),
        ("#qc-q", "ＰＭ２.５", dict(q="PM2.5")),  # full-width typed: NFKC folds it
        ("#qc-city", "quanzhou", dict(q="PM2.5", city="quanzhou")),
        ("#qc-theme", "product", dict(q="PM2.5", city="quanzhou", theme="product")),
        ("#qc-q", "", dict(city="quanzhou", theme="product")),
        ("#qc-kind", "scorecard", dict(city="quanzhou", theme="product", kind="scorecard")),
        ("#qc-lang", "en", dict(city="quanzhou", theme="product", kind="scorecard", lang="en")),
    ]
    for selector, value, state in steps:
        if selector == "#qc-q":
            page.fill(selector, value)
        else:
            page.select_option(selector, value)
        want = expected(items, **state)
        assert page.evaluate("window.qcIndex.shown") == want == _shown(page), state
        # The one timing assertion of the suite, kept because the issue asks for exactly
        # this: the filter call itself, measured in the page with performance.now(), must
        # stay under 100 ms at 1,000 entries so the page answers as one types.
        assert page.evaluate("window.qcIndex.lastMs") < 100, state
    assert 0 < want < 1000
    assert f"{want} of 1000 briefings" in page.locator("#qc-count").inner_text()
    assert v.problems() == []


def test_a_filtered_view_can_be_linked(big_index, visit, browser):
    path, items = big_index
    v = visit(path)
    v.page.goto(path.as_uri() + "#city=ruian&lang=zh")
    v.page.reload()
    assert v.page.evaluate("window.qcIndex.shown") == expected(items, city="ruian", lang="zh")
    assert v.page.locator("#qc-city").input_value() == "ruian"


def test_nothing_matches_says_so(big_index, visit):
    path, _ = big_index
    v = visit(path)
    v.page.fill("#qc-q", "没有这个词 nothing")
    assert _shown(v.page) == 0 and v.page.locator("#qc-none").is_visible()
    assert v.page.locator("section.qc-index:visible").count() == 0


def test_the_real_index_is_offline_and_in_the_embedded_font(briefings, visit, browser):
    """The index of the harness's briefings: no request, no error, Chinese in the embedded
    font (the filter labels too), nothing wider than a phone."""
    from browser_harness import ROOT
    from pagechecks import cjk_font_report

    from qcompare.briefings.index import entries, write_index

    reports = next(iter(briefings.values())).html.parent
    index = write_index(ROOT / "params", reports)
    for width in (1280, 390):
        v = visit(index, width=width)
        assert v.problems() == []
        report = cjk_font_report(v.page, browser)
        assert report.checked >= 10 and report.bad == [], report.bad
        overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width} px: index is {overflow} px wider than the window"
    v.page.select_option("#qc-lang", "en")
    english = [e for e in entries(ROOT / "params", reports) if e.lang == "en"]
    assert v.page.evaluate("window.qcIndex.shown") == len(english) == _shown(v.page)
