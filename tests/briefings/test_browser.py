"""A rendered briefing in a real browser: headless Chromium, networking off.

Both pages of a briefing — the site page (plotly.js and the font from reports/assets/) and the
self-contained share page — must draw their plotly figures (the SVG is in the DOM after load;
the figures are drawn once the CJK font has loaded or failed to) and make no network
request at all. Chromium runs in an empty network namespace when `unshare -n` works (as root
in CI), and its NetLog records every request a page starts: requests whose initiator is the
page (not Chromium's own background services) must be none. A control page with an external
image proves the check can fail. Under CI=true a missing Chromium is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from qcompare.briefings.params import read_params
from qcompare.briefings.render import render
from qcompare.data.paths import project_root

pytestmark = [pytest.mark.browser, pytest.mark.render]
ROOT = project_root()
NAME = "pm25_zh"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    message = "headless Chromium not found (Debian: apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _no_network_prefix() -> list[str]:
    """`unshare -n` when this user may create a network namespace, else nothing."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def open_page(chromium: str, page: Path, tmp: Path) -> tuple[str, list[str]]:
    """Load `page`, return its DOM after scripts ran and the URLs the page requested."""
    netlog = tmp / "netlog.json"
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            *_no_network_prefix(),
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            f"--log-net-log={netlog}",
            "--dump-dom",
            page.as_uri(),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout, page_requests(netlog)


def page_requests(netlog: Path) -> list[str]:
    """URLs of network requests the page started (Chromium's own services left out)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if (
            event["type"] == start
            and "url" in params
            and params.get("initiator") != "not an origin"
        ):
            urls.append(params["url"])
    return [
        u for u in dict.fromkeys(urls) if not u.startswith(("file:", "data:", "blob:", "about:"))
    ]


@pytest.fixture(scope="module")
def briefing(tmp_path_factory, real_ds) -> Path:
    out = tmp_path_factory.mktemp("browser")
    result = render(
        ROOT / "params" / f"{NAME}.yaml",
        real_ds,
        root=ROOT,
        reports=out / "reports",
        figures=out / "figures",
    )
    return result.html


@pytest.mark.parametrize("kind", ["site", "share"])
def test_briefing_draws_its_figures_offline(chromium, briefing, tmp_path, page_problems, kind):
    path = briefing if kind == "site" else briefing.parent / "share" / briefing.name
    page = path.read_text(encoding="utf-8")
    b = read_params(ROOT / "params" / f"{NAME}.yaml", ROOT)
    assert page_problems(page, b.lang, b.title, kind) == []
    dom, requests = open_page(chromium, path, tmp_path)
    figures = page.count('class="plotly-graph-div"')
    assert figures >= 2
    assert dom.count('class="main-svg"') >= figures  # plotly drew every figure as SVG
    assert "瑞安" in dom and "温州" in dom
    assert requests == []  # the site page's assets are file: URLs, which the check allows


def test_the_request_check_can_fail(chromium, tmp_path):
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html><body><img src="https://example.invalid/x.png">'
        "<p>control</p></body></html>",
        encoding="utf-8",
    )
    dom, requests = open_page(chromium, control, tmp_path)
    assert "control" in dom
    assert requests == ["https://example.invalid/x.png"]
