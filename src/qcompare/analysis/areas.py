"""Where a number holds: the area catalog (`ds.areas`) as the analytics use it.

The catalog is the one source of an area's meaning: its name in each language and its scope
(whole city, urban districts, the counties outside them, other). Two numbers are like for like
in area when their areas have the same scope (and that scope is not `other`, which says nothing
about what the area is); every comparison that sets numbers of different scopes side by side
names the areas instead of stating a verdict bare.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qcompare.data.dataset import Dataset
from qcompare.data.lang import check_lang


def area_table(ds: Dataset) -> pd.DataFrame:
    """area_id, area_name_zh, area_name_en, scope (the catalog, renamed for joining)."""
    return ds.areas[["area_id", "name_zh", "name_en", "scope"]].rename(
        columns={"name_zh": "area_name_zh", "name_en": "area_name_en"}
    )


def with_areas(ds: Dataset, frame: pd.DataFrame, column: str = "area_id") -> pd.DataFrame:
    """`frame` with the area's names and scope joined on `column` (prefixed like `column` when
    it is not area_id: child_area_id → child_area_name_en, child_scope)."""
    table = area_table(ds)
    if column != "area_id":
        prefix = column.removesuffix("area_id")
        table = table.rename(
            columns={
                "area_id": column,
                "area_name_zh": f"{prefix}area_name_zh",
                "area_name_en": f"{prefix}area_name_en",
                "scope": f"{prefix}scope",
            }
        )
    return frame.merge(table, on=column, how="left", validate="m:1")


def area_name(ds: Dataset, area_id: str, lang: str) -> str:
    """The catalog name of an area in the chosen language."""
    return str(ds.area(area_id)[f"name_{check_lang(lang)}"])


def like_scopes(scopes: Sequence[str]) -> bool:
    """Do numbers of these scopes describe the same kind of area?"""
    distinct = set(scopes)
    return len(distinct) <= 1 and "other" not in distinct


def areas_text(ds: Dataset, pairs: Sequence[tuple[str, str]], lang: str) -> str:
    """The catalog names of the areas of (city_id, area_id) pairs, in the order given (the
    names carry their city): "Ruian (whole city); Wenzhou urban districts" / "瑞安市；温州市区"."""
    check_lang(lang)
    areas = list(dict.fromkeys(a for _, a in pairs))
    return ("；" if lang == "zh" else "; ").join(area_name(ds, a, lang) for a in areas)
