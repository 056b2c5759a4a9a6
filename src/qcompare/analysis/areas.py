"""Where a number holds: the area catalog (`ds.areas`) as the analytics use it.

The catalog is the one source of an area's meaning: its name in each language and its scope
(whole city, urban districts, the counties outside them, other). Two numbers are like for like
in area when their areas have the same scope (and that scope is not `other`, which says nothing
about what the area is); every comparison that sets numbers of different scopes side by side
names the areas instead of stating a verdict bare.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from qcompare.data.dataset import Dataset
from qcompare.data.lang import check_lang
from qcompare.data.vocab import OTHER_SCOPE


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


AREA_SEPARATOR = {"zh": "；", "en": "; "}
"""Between the names of areas set side by side."""


def like_scope_pairs(first: Sequence[str], second: Sequence[str]) -> np.ndarray:
    """Row by row: do numbers of scope first[i] and of scope second[i] describe the same kind
    of area? The one statement of the rule: the same scope, and not `other`. A missing scope
    (None, NaN) is like no scope."""
    first = np.asarray(first, dtype=object)
    second = np.asarray(second, dtype=object)
    return (first == second) & (first != OTHER_SCOPE) & pd.notna(first)


def like_scopes(scopes: Sequence[str]) -> bool:
    """Do numbers of these scopes describe the same kind of area? (`like_scope_pairs`, each
    scope against the first; no scopes at all are alike.)"""
    scopes = np.asarray(list(scopes), dtype=object)
    return bool(like_scope_pairs(scopes[:1].repeat(len(scopes)), scopes).all())


def areas_text(ds: Dataset, pairs: Sequence[tuple[str, str]], lang: str) -> str:
    """The catalog names of the areas of (city_id, area_id) pairs, in the order given (the
    names carry their city): "Ruian (whole city); Wenzhou urban districts" / "瑞安市；温州市区"."""
    check_lang(lang)
    areas = list(dict.fromkeys(a for _, a in pairs))
    return AREA_SEPARATOR[lang].join(area_name(ds, a, lang) for a in areas)


def area_pairs_text(ds: Dataset, first: pd.Series, second: pd.Series, lang: str) -> np.ndarray:
    """Row by row, `areas_text` of two areas: both names, or one where both are one area."""
    names = ds.areas.set_index("area_id")[f"name_{check_lang(lang)}"].astype(str)
    one_area = first.to_numpy() == second.to_numpy()
    text = first.map(names).to_numpy(dtype=object)
    return text + np.where(
        one_area, "", AREA_SEPARATOR[lang] + second.map(names).to_numpy(dtype=object)
    )
