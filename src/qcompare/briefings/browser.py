"""Headless Chromium through Playwright: the one browser set-up for PDFs and the browser tests.

Playwright's own browser download cannot be used here (no internet but package registries),
so Playwright drives Debian's `chromium` by `executable_path`, in a fresh, throw-away
profile, with the background services that would reach the network switched off.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ENV = "QCOMPARE_CHROMIUM"


class BrowserMissing(RuntimeError):
    """No Playwright or no Chromium: str() is one line saying what to install."""


def chromium_path() -> Path:
    """The Chromium executable: $QCOMPARE_CHROMIUM, else /usr/bin/chromium or one on PATH."""
    if env := os.environ.get(CHROMIUM_ENV):
        path = Path(env)
        if not path.is_file():
            raise BrowserMissing(f"{CHROMIUM_ENV}={env}: no such file")
        return path
    if Path("/usr/bin/chromium").is_file():
        return Path("/usr/bin/chromium")
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return Path(found)
    raise BrowserMissing("headless Chromium not found (Debian: apt-get install chromium)")


def require_playwright() -> None:
    """Raise BrowserMissing when Playwright for Python is not installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise BrowserMissing(
            "Playwright for Python is not installed; run `make setup` (it is a dev dependency)"
        ) from None


@contextmanager
def chromium(**context_options: Any) -> Iterator[Any]:
    """A Playwright BrowserContext of headless Chromium in a fresh user-data dir (removed after).

    `context_options` go to `launch_persistent_context` (viewport, accept_downloads, …).
    """
    require_playwright()
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="qcompare-chromium-") as profile,
        sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=str(executable),
            args=list(CHROMIUM_FLAGS),
            headless=True,
            **context_options,
        )
        try:
            yield context
        finally:
            context.close()


SETTLE_JS = """async () => {
  // fonts loaded and two frames drawn with them (a web font that loads late re-lays text out)
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let i = 0; i < 100; i++) {
    await document.fonts.ready;
    await frame();
    if (document.fonts.status === "loaded") return true;
  }
  return false;
}"""
"""JavaScript for `page.evaluate`: resolves once the page's fonts have loaded and been drawn."""
