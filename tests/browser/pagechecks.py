"""What the harness asks the browser about a page: fonts actually used, charts, hover labels.

The font check asks Chromium, not the HTML: for every text node that contains CJK, CDP's
`CSS.getPlatformFontsForNode` names the fonts the text was laid out with and how many glyphs
each drew. Each CJK character must be drawn by the page's embedded web font (a custom font of
the Noto Sans CJK / "qcompare CJK" family): with no CJK font on the system, anything else is
an empty box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
EMBEDDED_FAMILIES = re.compile(r"^(qcompare CJK|Noto Sans CJK)")
NOT_RENDERED = {"SCRIPT", "STYLE", "TITLE", "HEAD", "NOSCRIPT", "TEMPLATE"}


@dataclass
class FontReport:
    """Text nodes with CJK that were laid out, and those not drawn in the embedded font."""

    checked: int = 0
    bad: list[str] = field(default_factory=list)
    families: set[str] = field(default_factory=set)


def cjk_font_report(page, context) -> FontReport:
    """Ask Chromium which fonts draw each visible CJK text node of `page`."""
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        nodes = cdp.send("DOM.getFlattenedDocument", {"depth": -1, "pierce": True})["nodes"]
        names = {n["nodeId"]: n.get("nodeName", "") for n in nodes}
        report = FontReport()
        for n in nodes:
            text = n.get("nodeValue", "")
            if n["nodeType"] != 3 or not HAN.search(text):
                continue
            if names.get(n.get("parentId"), "") in NOT_RENDERED:
                continue
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": n["nodeId"]})["fonts"]
            if not fonts:  # not laid out (display: none): not visible
                continue
            report.checked += 1
            embedded = sum(
                f["glyphCount"]
                for f in fonts
                if f["isCustomFont"] and EMBEDDED_FAMILIES.match(f["familyName"])
            )
            report.families |= {f["familyName"] for f in fonts}
            needed = len(CJK_CHAR.findall(text))
            if embedded < needed:
                used = ", ".join(
                    f"{f['familyName']}{' (web font)' if f['isCustomFont'] else ''}: "
                    f"{f['glyphCount']}"
                    for f in fonts
                )
                report.bad.append(f"{text.strip()[:40]!r}: {needed} CJK characters; {used}")
        return report
    finally:
        cdp.detach()


CHARTS_JS = """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(gd => ({
  id: gd.id, svg: gd.querySelectorAll('svg.main-svg').length,
  marks: gd.querySelectorAll('.scatterlayer .point, .heatmaplayer image, .barlayer .point').length
}))"""

# The screen position of the first hoverable data point of chart `id` (page coordinates after
# scrolling it into view), from plotly's own axes: scatter and bar points, heatmap cells.
POINT_JS = """(id) => {
  const gd = document.getElementById(id);
  const fl = gd._fullLayout;
  let box = gd.getBoundingClientRect();
  for (const tr of gd._fullData) {
    if (tr.visible !== true || tr.hoverinfo === 'skip' || !tr.xaxis) continue;
    const xa = fl[tr.xaxis.replace('x', 'xaxis')], ya = fl[tr.yaxis.replace('y', 'yaxis')];
    const at = (x, y) => {  // scroll the point to the middle of the window, then measure
      const dy = ya._offset + ya.d2p(y);
      window.scrollTo(0, window.scrollY + box.top + dy - window.innerHeight / 2);
      box = gd.getBoundingClientRect();
      return {x: box.left + xa._offset + xa.d2p(x), y: box.top + dy};
    };
    if (tr.type === 'heatmap') {
      for (let i = 0; i < tr.z.length; i++) for (let j = 0; j < tr.z[i].length; j++)
        if (tr.z[i][j] !== null && tr.z[i][j] !== undefined) return at(tr.x[j], tr.y[i]);
    } else if (tr.x && tr.y) {
      for (let i = 0; i < tr.x.length; i++) {
        if (tr.x[i] === null || tr.y[i] === null) continue;
        if (tr.type === 'bar') return at(tr.x[i] / 2, tr.y[i]);  // mid-bar, not its tip
        return at(tr.x[i], tr.y[i]);
      }
    }
  }
  return null;
}"""


def chart_problems(page) -> list[str]:
    """Charts that drew no SVG, and charts on which hovering a data point shows no label."""
    problems = []
    charts = page.evaluate(CHARTS_JS)
    for c in charts:
        if c["svg"] == 0:
            problems.append(f"chart {c['id']}: no SVG drawn")
            continue
        point = page.evaluate(POINT_JS, c["id"])
        if point is None:
            problems.append(f"chart {c['id']}: no hoverable data point")
            continue
        page.mouse.move(1, 1)  # leave any previous chart first
        page.mouse.move(point["x"], point["y"], steps=3)
        label = page.locator(f'[id="{c["id"]}"] .hoverlayer .hovertext')
        try:
            label.first.wait_for(state="attached", timeout=3000)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; reported as a problem
            problems.append(f"chart {c['id']}: no hover label at {point}")
    return problems
