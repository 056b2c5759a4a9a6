"""The languages a briefing or a chart can be written in."""

from __future__ import annotations

LANGS = ("zh", "en")


def check_lang(lang: str) -> str:
    """The language code, or a ValueError naming the accepted ones."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang
