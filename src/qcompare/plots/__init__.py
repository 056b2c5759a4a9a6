"""Charts of targets, baselines and observations: `interactive` (plotly, for the HTML
briefings) and `static` (matplotlib/seaborn, for figures/), with the same function names.

    import qcompare.plots as qp
    qp.setup()                      # once per notebook: Chinese labels in matplotlib
    qp.interactive.bullet(ds, targets, lang="en")
    qp.static.bullet(ds, targets).savefig("figures/bullet.png")
"""

from qcompare.plots import interactive, static
from qcompare.plots.fonts import setup
from qcompare.plots.labels import STATUS_LABELS

__all__ = ["STATUS_LABELS", "interactive", "setup", "static"]
