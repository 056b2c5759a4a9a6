"""The browser harness: rendered briefings opened in headless Chromium through Playwright.

One Chromium (Debian's, by executable_path; fresh profile; background networking off) serves
the whole session. `visit(path)` opens a page in it and records every request the page makes,
every console error and every page error. One briefing per kind × language is rendered once
per session (`briefings`). Under CI=true a missing Playwright or Chromium is a failure, not a
skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_harness import CASES, LOCAL_SCHEMES, ROOT, missing

from qcompare.briefings.browser import SETTLE_JS, BrowserMissing, chromium, require_playwright
from qcompare.briefings.browser import chromium_path as find_chromium


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium BrowserContext for the session (downloads accepted)."""
    try:
        require_playwright()
        find_chromium()
    except BrowserMissing as err:
        missing(str(err))
    with chromium(accept_downloads=True, viewport={"width": 1280, "height": 900}) as context:
        yield context


@dataclass
class Visit:
    """A page opened by `visit`, with what it did while loading and afterwards."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        """Requests that are not file:, data: or blob: (a briefing must make none)."""
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]

    def problems(self) -> list[str]:
        out = [f"request to {u}" for u in self.remote_requests]
        out += [f"console error: {m}" for m in self.console_errors]
        out += [f"page error: {m}" for m in self.page_errors]
        return out


@pytest.fixture
def visit(browser) -> Iterator[Callable[..., Visit]]:
    """`visit(path, width=1280)`: open a local file, wait for load and fonts, return a Visit."""
    opened: list = []

    def _visit(path: Path, width: int = 1280, height: int = 900) -> Visit:
        page = browser.new_page()
        opened.append(page)
        v = Visit(page)
        page.on("request", lambda r: v.requests.append(r.url))
        page.on("console", lambda m: v.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: v.page_errors.append(str(e)))
        page.set_viewport_size({"width": width, "height": height})
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        assert page.evaluate(SETTLE_JS), "fonts did not finish loading"
        if page.locator(".plotly-graph-div").count():  # the page's own "charts drawn" flag
            page.wait_for_function("window.qcPlotsSettled === true", timeout=30_000)
        return v

    yield _visit
    for page in opened:
        page.close()


@dataclass(frozen=True)
class Rendered:
    name: str
    kind: str
    lang: str
    title: str
    html: Path
    share: Path | None
    meta: dict


@pytest.fixture(scope="session")
def briefings(tmp_path_factory, real_ds) -> dict[tuple[str, str], Rendered]:
    """Every harness case rendered once into a temporary reports/ (site and share page)."""
    import json

    from qcompare.briefings.render import render

    # QCOMPARE_HARNESS_OUT=DIR keeps the renders between runs (unchanged inputs render nothing)
    keep = os.environ.get("QCOMPARE_HARNESS_OUT")
    out = Path(keep) if keep else tmp_path_factory.mktemp("harness")
    done = {}
    for (kind, lang), name in sorted(CASES.items()):
        result = render(
            ROOT / "params" / f"{name}.yaml",
            real_ds,
            root=ROOT,
            reports=out / "reports",
            figures=out / "figures",
        )
        meta = json.loads((out / "reports" / f"{name}.json").read_text(encoding="utf-8"))
        share = out / "reports" / "share" / f"{name}.html"
        done[(kind, lang)] = Rendered(
            name, kind, lang, meta["title"], result.html, share if share.is_file() else None, meta
        )
    return done


@pytest.fixture
def briefing(request, briefings) -> Rendered:
    """The rendered briefing of the case `request.param` = (kind, lang)."""
    key = request.param
    if key not in briefings:
        pytest.fail(f"no params file renders a {key[0]} briefing in {key[1]}")
    return briefings[key]
