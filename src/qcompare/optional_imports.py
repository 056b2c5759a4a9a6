"""Skipping optional imports a process never uses.

Some libraries import an optional module when it happens to be installed and register a
feature with it. When that import is costly and the feature is never asked for, a command can
skip it: see `qcompare.cli`, which skips jsonschema's IRI format checker (bench/RESULTS.md §1).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence


@contextlib.contextmanager
def skipping_imports(names: Sequence[str]) -> Iterator[None]:
    """Inside the block, `import NAME` raises ImportError (Python's rule for a None entry in
    sys.modules), so an optional import guarded by `except ImportError` is skipped. Names
    already imported are left alone; afterwards (even after an error) NAME imports again."""
    blocked = [name for name in names if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
