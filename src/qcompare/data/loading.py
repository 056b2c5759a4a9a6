"""`qcompare.load()`: the validated curated data as a Dataset.

Validated once per content: a load of raw data that was validated before (same bytes, same
validator) reads the cached result instead of validating again (qcompare.data.cache).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from qcompare.data import cache
from qcompare.data.dataset import Dataset
from qcompare.data.paths import raw_dir as default_raw_dir


def load(raw: str | Path | None = None, *, use_cache: bool | None = None) -> Dataset:
    """Load and validate the curated data (default data/raw); raise InvalidInput listing
    every problem. `use_cache=False` (or QCOMPARE_CACHE=0) always validates afresh."""
    raw = Path(raw) if raw is not None else default_raw_dir()
    digest = cache.key(raw) if (cache.enabled() if use_cache is None else use_cache) else None
    if digest and (tables := cache.read(digest)) is not None:
        return Dataset(**tables, raw_dir=raw)
    from qcompare.data.validation import validate  # pandera is imported only to validate

    ds = validate(raw)
    if digest:
        cache.write(
            digest, {f.name: getattr(ds, f.name) for f in fields(ds) if f.name != "raw_dir"}
        )
    return ds
