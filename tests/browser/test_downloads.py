"""The numbers behind the page, downloaded offline: the CSV link and plotly's PNG button."""

from __future__ import annotations

import csv
import io
import re

import pytest
from browser_harness import case_params

pytestmark = [pytest.mark.browser, pytest.mark.render]
BOM = b"\xef\xbb\xbf"
HEADER = ["city_id", "city", "indicator_id", "indicator"]


def _download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=10_000) as info:
        page.locator(selector).first.click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_csv_download_holds_the_rows_shown(briefing, visit):
    v = visit(briefing.html)
    link = v.page.locator("a[data-qc-download=csv]")
    assert link.count() == 1
    assert link.inner_text() == (
        "下载数据（CSV）" if briefing.lang == "zh" else "Download the data (CSV)"
    )
    name, data = _download(v.page, "a[data-qc-download=csv]")
    assert name == f"{briefing.name}.csv"
    assert data.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))
    header = list(rows[0])
    assert header[:4] == HEADER
    for col in ("kind", "value", "unit", "comparator", "value_as_stated", "quote", "source_id"):
        assert col in header
    # one row per line of the Sources table, the Chinese of the quotes intact
    shown = v.page.locator(".qc-sources table.qc-table tbody tr").count()
    assert len(rows) == shown > 0
    quotes = v.page.locator(".qc-sources td.qc-quote q").all_inner_texts()
    squash = lambda text: " ".join(text.split())  # noqa: E731 - the page collapses whitespace
    assert sorted(squash(r["quote"]) for r in rows) == sorted(squash(q) for q in quotes)
    assert all(re.search(r"[\u4e00-\u9fff]", r["quote"]) for r in rows)  # Chinese intact
    if briefing.lang == "zh":
        assert any(
            r["city"] in ("瑞安", "温州", "泉州", "瑞安市", "温州市", "泉州市") for r in rows
        )
    assert v.remote_requests == []


@pytest.mark.parametrize("briefing", [("indicator", "zh"), ("scorecard", "en")], indirect=True)
def test_plotly_png_download_works_offline(briefing, visit):
    v = visit(briefing.html)
    chart = v.page.locator(".plotly-graph-div").first
    chart.scroll_into_view_if_needed()
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    assert button.count() == 1
    # no button that would send the chart to a cloud service
    assert chart.locator('.modebar-btn[data-title^="Share"]').count() == 0
    with v.page.expect_download(timeout=15_000) as info:
        button.click()
    data = info.value.path().read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    assert info.value.suggested_filename.endswith(".png")
    assert v.problems() == []
