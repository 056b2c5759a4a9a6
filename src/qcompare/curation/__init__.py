"""The curator's assistant: draft observation rows from a new source document.

sentences (clauses and table rows) → mentions (the numbers a clause states) → qualifiers
(comparator, trend, kind, year, period, area) → match (catalog candidates) → extract (draft
rows and proposed exclusions) → drafts (the CSV files a curator reviews). `scoring` measures
drafts against curated rows (bench/bench_extract.py). Imports only `qcompare.data`.
"""
