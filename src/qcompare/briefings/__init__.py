"""Briefings: parameterized notebooks rendered to self-contained HTML pages.

In a notebook:

    from qcompare import briefings as br
    br.setup_notebook(lang)          # first cell: plotly renderer, CJK font
    br.findings(sentences, lang)     # escaped blocks: findings, table, method, sources
    br.publish(sentences, obs)       # the one-line finding and sources for the index

From the shell: `qcompare render params/NAME.yaml`, `qcompare index`, `qcompare list`.
"""

from qcompare.briefings.charts import chart, save_chart
from qcompare.briefings.i18n import t
from qcompare.briefings.notebook import (
    figures_dir,
    findings,
    heading,
    method,
    paragraph,
    publish,
    save_static,
    setup_notebook,
    show,
    sources,
    table,
)

__all__ = [
    "chart",
    "save_chart",
    "figures_dir",
    "findings",
    "heading",
    "method",
    "paragraph",
    "publish",
    "save_static",
    "setup_notebook",
    "show",
    "sources",
    "t",
    "table",
]
