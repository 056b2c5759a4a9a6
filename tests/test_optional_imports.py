"""qcompare.optional_imports: an optional import skipped for a block, and only for it."""

from __future__ import annotations

import json
import sys

import pytest

from qcompare.optional_imports import skipping_imports


def _import_missing() -> None:
    import qcompare_no_such_module  # noqa: F401


def test_a_skipped_import_raises_inside_the_block_and_is_free_after():
    with skipping_imports(["json", "qcompare_no_such_module"]):
        assert sys.modules["json"] is json  # already imported: left alone
        with pytest.raises(ImportError, match="None in sys.modules"):
            _import_missing()
    assert "qcompare_no_such_module" not in sys.modules


def test_the_block_ends_even_when_its_body_raises():
    with pytest.raises(RuntimeError), skipping_imports(["qcompare_no_such_module"]):
        raise RuntimeError("the body failed")
    assert "qcompare_no_such_module" not in sys.modules
