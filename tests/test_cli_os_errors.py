"""Operating-system faults are one line naming the path and the cause, exit 1, no traceback;
`build` replaces the processed set all or nothing (issue 14, item 4).

The faults are produced without root tricks: a read-only folder is stood in for by a path
whose parent is a regular file (every write under it fails with an OSError, as a read-only
mount's EROFS/EACCES would), and a full disk by making the file write raise ENOSPC — the
error a real full disk gives at the same call.
"""

from __future__ import annotations

import errno
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import qcompare as qc
from qcompare import cli
from qcompare.data import atomic, cache

ROOT = Path(__file__).resolve().parents[1]
QCOMPARE = [sys.executable, "-m", "qcompare"]


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _into_closed_pipe(args: list[str]) -> subprocess.CompletedProcess:
    """Run qcompare with stdout a pipe whose reader has already gone (as `| head` does
    once it has its lines): every write gets EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            QCOMPARE + args, stdout=write, stderr=subprocess.PIPE, text=True, timeout=300
        )
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [["validate"], ["list"]])
def test_a_closed_pipe_is_not_a_traceback(args):
    """qcompare validate | head -1, qcompare list | head"""
    proc = _into_closed_pipe(args)
    assert proc.returncode == 1
    assert _one_line(proc.stderr) == (
        f"qcompare {args[0]}: <stdout>: the reader closed the pipe early (Broken pipe, EPIPE); "
        "output cut short"
    )


def test_a_closed_pipe_in_process(monkeypatch, capsys):
    class Closed:
        def write(self, text):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert cli.main(["list"]) == 1
    assert "the reader closed the pipe early" in _one_line(capsys.readouterr().err)


def test_build_out_onto_a_file(tmp_path, capsys):
    """qcompare build --out README.md"""
    readme = tmp_path / "README.md"
    readme.write_text("keep me\n", encoding="utf-8")
    assert cli.main(["build", "--out", str(readme)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"qcompare build: {readme}") and "(EEXIST)" in line
    assert readme.read_text(encoding="utf-8") == "keep me\n"


def test_index_into_an_unwritable_reports_folder(tmp_path, monkeypatch, capsys):
    """reports/ that cannot be written (here: `reports` is a file, so nothing goes under it)."""
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "x.yaml").write_text(
        "notebook: notebooks/indicator.ipynb\ntitle: X\n", encoding="utf-8"
    )
    (tmp_path / "reports").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QCOMPARE_ROOT", str(tmp_path))
    assert cli.main(["index"]) == 1
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"qcompare index: {tmp_path / 'reports'}")
    assert line.endswith(("(EEXIST)", "(ENOTDIR)"))


def _full_disk_after(n: int, monkeypatch) -> None:
    """The (n+1)-th file write raises ENOSPC, as on a disk that fills up mid-build."""
    real = Path.write_text
    calls = {"n": 0}

    def write_text(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


def test_a_full_disk_during_build_leaves_the_previous_set(tmp_path, monkeypatch, capsys):
    out = tmp_path / "processed"
    assert cli.main(["build", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # every file differs from the new build: the build must write all of them
    for name in before:
        (out / name).write_bytes(before[name] + b"\n")
    stale = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    _full_disk_after(3, monkeypatch)
    assert cli.main(["build", "--out", str(out)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"qcompare build: {out}/.") and line.endswith(
        "No space left on device (ENOSPC)"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == stale  # no mixed set, no temp


def test_write_all_renames_nothing_until_everything_is_written(tmp_path, monkeypatch):
    files = {tmp_path / f"{i}.csv": f"new {i}\n" for i in range(5)}
    for path in files:
        path.write_text("old\n", encoding="utf-8")
    _full_disk_after(4, monkeypatch)
    with pytest.raises(OSError):
        atomic.write_all(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.csv" for i in range(5)]
    assert {p.read_text(encoding="utf-8") for p in files} == {"old\n"}


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        pickle.dumps(["not", "tables"]),
        b"\x80\x05\x95\xff\xff\xff",
        b"\x80\x05\x8c\x03\xff\xfe\xfd\x94.",  # a damaged string: UnicodeDecodeError
    ],
    ids=["empty", "garbage", "wrong-type", "truncated", "bad-utf8"],
)
def test_a_corrupt_cache_file_is_silently_revalidated(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("QCOMPARE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("QCOMPARE_CACHE", raising=False)
    raw = ROOT / "data" / "raw"
    first = qc.load(raw)
    (path,) = (tmp_path / "cache").glob("*.pickle")
    path.write_bytes(damage)
    assert cache.read(cache.key(raw)) is None
    again = qc.load(raw)  # validated afresh, no error
    assert again.observations.equals(first.observations)


def test_load_of_a_missing_folder_names_it(tmp_path):
    with pytest.raises(qc.InvalidInput) as err:
        qc.load(tmp_path / "nonexistent")
    assert str(err.value) == (
        f"{tmp_path / 'nonexistent'}: no such folder; expected the curated data folder "
        "(cities.csv, sources.csv, indicators.csv, observations/), e.g. data/raw"
    )
