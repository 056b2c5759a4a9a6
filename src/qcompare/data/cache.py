"""A cache of validated datasets, keyed by the bytes they were validated from.

Validation is the slow part of a load; its result depends only on the raw files and on the
code that validates them, so both go into the key. A changed byte anywhere — data, source
document or validator — misses the cache and validates afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from qcompare.data import atomic

# the modules whose code decides what a valid dataset is and what it holds
_VALIDATOR_MODULES = (
    "validation",
    "schema",
    "evidence",
    "numbers",
    "reading",
    "vocab",
    "dataset",
    "errors",
    "coverage",
)


def cache_dir() -> Path:
    """QCOMPARE_CACHE_DIR, else $XDG_CACHE_HOME/qcompare (~/.cache/qcompare)."""
    if env := os.environ.get("QCOMPARE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qcompare"


def enabled() -> bool:
    """Off when QCOMPARE_CACHE=0."""
    return os.environ.get("QCOMPARE_CACHE", "1") != "0"


def key(raw: Path) -> str:
    """Digest of every file under `raw` (path and bytes) and of the validator's code."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for name in _VALIDATOR_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(raw)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read(digest: str) -> dict | None:
    """The cached tables for `digest`, or None (missing or unreadable: validate again)."""
    path = cache_dir() / f"{digest}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def write(digest: str, tables: dict) -> None:
    """Store validated tables; a cache that cannot be written is simply skipped."""
    with contextlib.suppress(OSError):
        atomic.write_bytes(
            cache_dir() / f"{digest}.pickle", pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
        )
