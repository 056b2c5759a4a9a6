"""The harness's checks fail where they should: each on a control page built to break it."""

from __future__ import annotations

import pytest
from pagechecks import cjk_font_report

from qcompare.plots.fonts import cjk_font_path

pytestmark = pytest.mark.browser


def _page(tmp_path, body: str, head: str = "") -> object:
    path = tmp_path / "control.html"
    path.write_text(
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def test_a_remote_request_is_caught(tmp_path, visit):
    v = visit(_page(tmp_path, '<img src="https://example.invalid/x.png"><p>control</p>'))
    assert v.remote_requests == ["https://example.invalid/x.png"]
    assert "request to https://example.invalid/x.png" in v.problems()


def test_console_and_page_errors_are_caught(tmp_path, visit):
    v = visit(_page(tmp_path, "<script>console.error('boom'); undefinedCall();</script>"))
    assert v.console_errors == ["boom"]
    assert len(v.page_errors) == 1 and "undefinedCall" in v.page_errors[0]


def test_the_font_check_fails_without_the_embedded_font(tmp_path, visit, browser):
    """No web font: with no CJK font on the system the Chinese is boxes, and the check says so."""
    v = visit(_page(tmp_path, "<h1>瑞安市质量强市</h1><p>Wenzhou 温州 PM2.5</p>"))
    report = cjk_font_report(v.page, browser)
    assert report.checked == 2
    assert len(report.bad) == 2 and "瑞安市质量强市" in report.bad[0]


def test_the_font_check_passes_with_an_embedded_font(tmp_path, visit, browser):
    """The same text with the packaged Noto Sans CJK as a web font: the check passes."""
    head = (
        '<style>@font-face { font-family: "qcompare CJK"; '
        f'src: url("{cjk_font_path().as_uri()}"); }}'
        'body { font-family: "qcompare CJK", sans-serif; }</style>'
    )
    v = visit(_page(tmp_path, "<h1>瑞安市质量强市</h1><p>Wenzhou 温州 PM2.5</p>", head))
    report = cjk_font_report(v.page, browser)
    assert report.checked == 2 and report.bad == [], report.families
