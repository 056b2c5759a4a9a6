"""The period an observation covers, as words: "Jan–Nov 2023" / "2023年1–11月".

`ds.observations` carries `period_start` and `period_end` (YYYY-MM; the calendar year when the
curated row leaves them empty) and `partial_year`. Every place that shows a value's period (the
notes of the derived tables, the findings, the display tables, the chart labels) writes it with
`period_label`, so a partial year reads the same everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qcompare.data.lang import check_lang

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _ym(text: str) -> tuple[int, int]:
    year, month = str(text).split("-")
    return int(year), int(month)


def period_label(start: str, end: str, lang: str = "en") -> str:
    """A period as a reader writes it.

    Calendar year: "2023" / "2023年"; part of one year: "Jan–Nov 2023" / "2023年1–11月"; one
    month: "Nov 2023" / "2023年11月"; whole years: "2016–2020" / "2016–2020年"; otherwise
    "Jul 2022–Jun 2023" / "2022年7月–2023年6月"."""
    check_lang(lang)
    (sy, sm), (ey, em) = _ym(start), _ym(end)
    zh = lang == "zh"
    if sy == ey:
        if (sm, em) == (1, 12):
            return f"{sy}年" if zh else f"{sy}"
        if sm == em:
            return f"{sy}年{sm}月" if zh else f"{MONTHS_EN[sm - 1]} {sy}"
        return f"{sy}年{sm}–{em}月" if zh else f"{MONTHS_EN[sm - 1]}–{MONTHS_EN[em - 1]} {sy}"
    if (sm, em) == (1, 12):
        return f"{sy}–{ey}年" if zh else f"{sy}–{ey}"
    if zh:
        return f"{sy}年{sm}月–{ey}年{em}月"
    return f"{MONTHS_EN[sm - 1]} {sy}–{MONTHS_EN[em - 1]} {ey}"


def period_labels(
    start: pd.Series | np.ndarray, end: pd.Series | np.ndarray, lang: str = "en"
) -> list[str]:
    """`period_label` for each pair; "" where either end is missing."""
    return [
        period_label(s, e, lang) if isinstance(s, str) and s and isinstance(e, str) and e else ""
        for s, e in zip(np.asarray(start, dtype=object), np.asarray(end, dtype=object), strict=True)
    ]


def is_calendar_year(start: str, end: str) -> bool:
    """True when the period is exactly one calendar year (YYYY-01 to YYYY-12)."""
    (sy, sm), (ey, em) = _ym(start), _ym(end)
    return sy == ey and (sm, em) == (1, 12)
