"""reports/NAME.pdf: a rendered briefing printed to A4 by the same headless Chromium.

The page is laid out at the width of the printed column first (so the responsive plotly charts
are drawn to fit the paper, not the 1280 px screen), its fonts are awaited, and Chromium prints
it with the page's print stylesheet (qcompare/templates/briefing.css: A4, no chart or table row
split, toolbar hidden, link targets written out). Each PDF replaces the old one atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qcompare.briefings.browser import SETTLE_JS, chromium
from qcompare.data.atomic import write_bytes

# A4 is 210 mm wide; the stylesheet's @page leaves 12 mm either side: 186 mm at 96 px/inch.
PRINT_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#52606d">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


class PdfFailed(Exception):
    """A PDF could not be written; str() is one line naming the page and the cause."""


def pdf_path(html: Path) -> Path:
    """reports/NAME.html → reports/NAME.pdf (a share page's PDF goes beside the site page)."""
    html = Path(html)
    folder = html.parent.parent if html.parent.name == "share" else html.parent
    return folder / f"{html.stem}.pdf"


def write_pdfs(pages: Iterable[Path], context: Any = None) -> list[Path]:
    """Print each HTML page to its PDF in one browser session (`context`: a Playwright
    BrowserContext to reuse, else a fresh headless Chromium); return the PDFs written."""
    pages = [Path(p) for p in pages]
    if context is None:
        with chromium() as fresh:
            return write_pdfs(pages, fresh)
    written = []
    for html in pages:  # one page at a time, laid out at the printed column's width
        target = pdf_path(html)
        page = context.new_page()
        page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 1100})
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.evaluate(SETTLE_JS)
            if page.locator(".plotly-graph-div").count():
                page.wait_for_function("window.qcPlotsSettled === true", timeout=30_000)
            page.emulate_media(media="print")
            data = page.pdf(
                format="A4",
                prefer_css_page_size=True,
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
            )
        except Exception as err:  # noqa: BLE001 - Playwright errors: one line, no traceback
            first = (str(err).strip().splitlines() or [""])[0][:300]
            raise PdfFailed(f"pdf {html.name}: {type(err).__name__}: {first}") from None
        finally:
            page.close()
        if errors:
            raise PdfFailed(f"pdf {html.name}: the page raised an error: {errors[0][:300]}")
        write_bytes(target, data)
        written.append(target)
    return written
