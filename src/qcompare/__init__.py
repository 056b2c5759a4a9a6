"""qcompare — compare the quality-city (质量强市) targets of Chinese cities from their plans.

import qcompare as qc
ds = qc.load()                           # validated Dataset of tidy frames
qc.compare(ds, family="green_building_share")
qc.targets_table(ds)                     # ambition and progress status of every target
qc.alignment(ds, child="ruian")          # county against its prefecture
"""

from qcompare.analysis.alignment import alignment
from qcompare.analysis.ambition import ambition
from qcompare.analysis.comparison import compare
from qcompare.analysis.progress import STATUSES, Thresholds, assess
from qcompare.analysis.scorecard import scorecard
from qcompare.analysis.targets import targets_table
from qcompare.analysis.track_record import attainment, track_record
from qcompare.data.dataset import Dataset
from qcompare.data.errors import InvalidInput, Problem
from qcompare.data.loading import load

__all__ = [
    "STATUSES",
    "Dataset",
    "InvalidInput",
    "Problem",
    "Thresholds",
    "alignment",
    "ambition",
    "assess",
    "attainment",
    "compare",
    "load",
    "scorecard",
    "targets_table",
    "track_record",
]
__version__ = "0.1.0"
