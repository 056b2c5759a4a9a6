"""The data layer: read the curated files of `data/raw`, check them against their declared
schema and against the source documents, and hand out a validated `Dataset`.

Nothing here imports the analysis, plots or briefings layers (import-linter checks it).
"""
