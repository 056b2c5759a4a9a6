"""qcompare — compare the quality-city (质量强市) targets of Chinese cities from their plans.

    import qcompare as qc
    ds = qc.load()          # validated Dataset of tidy frames
"""

from qcompare.dataset import Dataset
from qcompare.errors import InvalidInput, Problem
from qcompare.loading import load

__all__ = ["Dataset", "InvalidInput", "Problem", "load"]
__version__ = "0.1.0"
