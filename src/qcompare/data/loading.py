"""`qcompare.load()`: the validated curated data as a Dataset.

Validated once per content: a load of raw data that was validated before (same bytes, same
validator) reads the cached result instead of validating again (qcompare.data.cache).

A process that will execute many briefings (the warm parent of qcompare.briefings.warm)
calls `preload()` once: `load()` calls of the same folder in every process forked from it
return that Dataset while no file of the folder changed (size and mtime of each file
compared), without reading anything. The preloading process itself keeps loading as before.
"""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

from qcompare.data import cache
from qcompare.data.dataset import Dataset
from qcompare.data.paths import raw_dir as default_raw_dir

_PRELOADED: dict[Path, tuple[tuple, Dataset, int]] = {}


def _signature(raw: Path) -> tuple:
    return tuple(
        (str(p), st.st_size, st.st_mtime_ns)
        for p in sorted(raw.rglob("*"))
        if p.is_file() and (st := p.stat())
    )


def preload(raw: str | Path | None = None) -> Dataset:
    """Load the data once for this process and its forks (see the module docstring)."""
    raw = Path(raw) if raw is not None else default_raw_dir()
    ds = load(raw)
    ds.warm_lookups()
    _PRELOADED[raw.resolve()] = (_signature(raw), ds, os.getpid())
    return ds


def load(raw: str | Path | None = None, *, use_cache: bool | None = None) -> Dataset:
    """Load and validate the curated data (default data/raw); raise InvalidInput listing
    every problem. `use_cache=False` (or QCOMPARE_CACHE=0) always validates afresh."""
    raw = Path(raw) if raw is not None else default_raw_dir()
    held = _PRELOADED.get(raw.resolve())
    if use_cache is not False and held is not None and held[2] != os.getpid():
        if _signature(raw) == held[0]:
            return held[1]  # a fork of the warm parent: its Dataset, copy-on-write
        del _PRELOADED[raw.resolve()]
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
