"""Which place names of a document are another place than its city.

The gazetteer is the table of China's administrative divisions that ships with the `cpca`
package (adcodes.csv: 3,500 provinces, prefectures and counties with their codes). A division
is the document's own region when it lies in the same prefecture as the city (the city, its
parent, its sibling counties, its districts) or is its province (浙江, 全省 rankings are about the
city); every other division the document names in full (海宁市, 嵊泗县) is another place, and
so is its short form (海宁) once the full name has appeared. Names ending in 城市 (海城市) are
left out: they are found inside 沿海城市 and the like.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from qcompare.curation.script import simplified

_SUFFIXES = ("自治县", "自治州", "市", "县", "区", "省", "州", "盟", "旗")
_GENERIC = {"城区", "郊区", "矿区", "新区", "市辖区", "开发区", "高新区", "经济开发区", "新城区"}


@lru_cache(maxsize=1)
def divisions() -> dict[str, str]:
    """Full division name → adcode (12 digits)."""
    data = resources.files("cpca.resources").joinpath("adcodes.csv").read_text("utf-8")
    out: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(data)):
        out.setdefault(row["name"], row["adcode"])
    return out


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def region_code(city_name: str) -> str | None:
    """The prefecture code (4 digits) of a city's name (温州市 → 3303), None if unknown."""
    name = simplified(city_name)
    for candidate in (name, name + "市", name + "县"):
        if code := divisions().get(candidate):
            return code[:4]
    return None


def foreign_names(text: str, city_name: str) -> set[str]:
    """The names (full, and short once the full one appears) of the divisions outside the
    city's prefecture and province that `text` names; empty when the city is not in the
    gazetteer (nothing can be said then)."""
    region = region_code(city_name)
    if region is None:
        return set()
    plain = simplified(text)
    found: set[str] = set()
    for name, code in divisions().items():
        if len(name) < 3 or name in _GENERIC or name.endswith("城市") or code.startswith(region):
            continue
        if code[2:] == "0" * 10 and code[:2] == region[:2]:
            continue  # the city's own province
        if name in plain:
            found.add(name)
            short = _short(name)
            if short != name and short not in _GENERIC:
                found.add(short)
    return found
