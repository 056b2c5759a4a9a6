"""Print and PDF: every harness briefing printed to A4 by headless Chromium, read back by pypdf.

The PDF must exist, hold the headline finding in the briefing's language as text (the Chinese
as characters, which needs the embedded font: with no CJK font, Chromium prints boxes that
extract as nothing), and have no blank page. A page without the embedded font shows the CJK
check failing.
"""

from __future__ import annotations

import re

import pytest
from browser_harness import case_params

from qcompare.briefings.pdf import pdf_path, write_pdfs

pytestmark = [pytest.mark.browser, pytest.mark.render]
HAN = re.compile(r"[\u3400-\u9fff]")


def squeeze(text: str) -> str:
    """Text without whitespace (PDF extraction breaks lines wherever the page did)."""
    return re.sub(r"\s+", "", text)


def pdf_pages(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def missing_han(expected: str, pages: list[str]) -> list[str]:
    """The Han characters of `expected` that the PDF's text does not contain."""
    got = set(HAN.findall("".join(pages)))
    return sorted(set(HAN.findall(expected)) - got)


@pytest.fixture(scope="session")
def pdfs(briefings, browser):
    written = write_pdfs([b.html for b in briefings.values()], browser)
    return {b.name: pdf_path(b.html) for b in briefings.values()} | {"_written": written}


@pytest.mark.parametrize("briefing", case_params(), indirect=True)
def test_pdf_holds_the_headline_and_no_blank_page(briefing, pdfs):
    path = pdfs[briefing.name]
    assert path in pdfs["_written"] and path.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(path)
    assert len(pages) >= 2
    blank = [i + 1 for i, text in enumerate(pages) if len(squeeze(text)) < 20]
    assert blank == [], f"blank pages {blank}"
    finding = briefing.meta["finding"]
    assert missing_han(finding + briefing.title, pages) == []
    assert squeeze(finding)[:60] in squeeze("".join(pages))
    sources = "来源" if briefing.lang == "zh" else "Sources"
    assert sources in "".join(pages)
    # the whole Sources section: the last quote of the page is in the PDF too
    page = briefing.html.read_text(encoding="utf-8")
    last_quote = re.findall(r"<q\b[^>]*>(.*?)</q>", page, flags=re.S)[-1]
    import html

    assert squeeze(html.unescape(last_quote))[:30] in squeeze("".join(pages))


def test_the_cjk_check_fails_on_a_page_without_the_font(tmp_path, browser):
    page = tmp_path / "nofont.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body>'
        "<h1>瑞安市质量强市目标</h1><p>Latin text stays readable.</p></body></html>",
        encoding="utf-8",
    )
    [pdf] = write_pdfs([page], browser)
    pages = pdf_pages(pdf)
    assert "Latin text stays readable." in pages[0]
    assert missing_han("瑞安市质量强市目标", pages) != []
