"""The analysis layer: cross-city comparison, ambition, progress status, track record,
county-against-prefecture alignment, scorecards and the declared derived tables.

It reads a `qcompare.data.Dataset` and returns tidy frames; it never draws or renders.
"""
