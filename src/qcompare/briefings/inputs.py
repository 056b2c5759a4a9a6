"""What a briefing depends on, and a fingerprint of it.

A briefing changes only when its params file, its notebook, the data or the library change.
`make` decides by modification times; `qcompare render` also compares this content
fingerprint with the one recorded at the last render, so a file that was touched but not
changed (a checkout, an editor save) costs no re-execution.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import qcompare
from qcompare.briefings.params import Briefing

LIBRARY_DIR = Path(qcompare.__file__).resolve().parent
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not _SKIP_PARTS & set(p.parts) and not p.name.endswith(".pyc")
    )


def dependencies(briefing: Briefing, root: Path) -> list[Path]:
    """Every file whose content shapes the briefing: params, notebook, data, library."""
    return [
        briefing.params_file,
        briefing.notebook,
        *_files(root / "data" / "raw"),
        *_files(root / "data" / "processed"),
        *_files(LIBRARY_DIR),
    ]


_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def file_digest(path: Path) -> bytes:
    """sha256 of a file's bytes, remembered per (path, size, mtime) within the process (a
    batch render fingerprints hundreds of briefings over the same data and library files)."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return _DIGESTS[key]


def fingerprint(paths: Iterable[Path], root: Path, extra: str = "") -> str:
    """sha256 over the paths' names (relative to `root`) and bytes, and `extra`."""
    h = hashlib.sha256(extra.encode())
    base = root.resolve()
    for p in paths:
        name = _relative_name(p, base)
        h.update(name.encode() + b"\0")
        h.update(file_digest(p))
    return h.hexdigest()


@cache
def _relative_name(path: Path, base: Path) -> str:
    """`path` relative to the resolved `base` (its absolute path when outside), remembered
    within the process: resolving each of a batch's hundreds of data and library files for
    every briefing cost more than hashing them."""
    for candidate in (path, path.resolve()):
        try:
            return str(candidate.relative_to(base))
        except ValueError:
            continue
    return str(path)
