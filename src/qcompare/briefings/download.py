""" "Download the data (CSV)": the observations a briefing shows, embedded in the page.

The CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese intact, and travels inside
the page as a base64 `data:` URL (only A–Z a–z 0–9 + / = reach the HTML: nothing to escape,
nothing fetched). Area and period columns (data model v2: `area_id`, `period_start`,
`period_end`, `partial_year`) are written when the observations carry them.
"""

from __future__ import annotations

import base64

import pandas as pd

from qcompare.briefings.i18n import kind_label, t
from qcompare.data.dataset import Dataset

CSV_MIMETYPE = "text/csv;charset=utf-8"
BOM = "\ufeff"
# the columns of data model v2 that say when a value holds
PERIOD_COLUMNS = ["period_start", "period_end", "partial_year"]


def data_rows(ds: Dataset, observations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per observation shown: names in the briefing's language, ids beside them."""
    o = observations.sort_values(["indicator_id", "city_id", "kind", "year"], kind="stable")
    cities = ds.cities.set_index("city_id")[f"name_{lang}"]
    catalog = ds.indicators.set_index("indicator_id")
    titles = ds.sources.set_index("source_id")[f"title_{lang}"]
    out = pd.DataFrame(
        {
            "city_id": o["city_id"].to_numpy(),
            "city": o["city_id"].map(cities).to_numpy(),
            "indicator_id": o["indicator_id"].to_numpy(),
            "indicator": o["indicator_id"].map(catalog[f"name_{lang}"]).to_numpy(),
        }
    )
    if "area_id" in o.columns:
        areas = getattr(ds, "areas", pd.DataFrame())
        names = (
            areas.set_index("area_id")[f"name_{lang}"]
            if len(areas) and f"name_{lang}" in areas.columns
            else pd.Series(dtype=object)
        )
        area_id = o["area_id"].fillna("").astype(str).where(lambda s: s != "", o["city_id"])
        out["area_id"] = area_id.to_numpy()
        out["area"] = [str(names.get(a, "")) for a in area_id]
    out["year"] = o["year"].to_numpy()
    for col in PERIOD_COLUMNS:
        if col in o.columns:
            out[col] = o[col].to_numpy()
    out["kind"] = o["kind"].to_numpy()
    out["kind_label"] = [kind_label(k, lang) for k in o["kind"]]
    out["value"] = o["value"].to_numpy()
    out["unit"] = o["indicator_id"].map(catalog["unit"]).to_numpy()
    out["comparator"] = o["comparator"].to_numpy()
    out["value_as_stated"] = o["value_text"].to_numpy()
    out["quote"] = o["quote"].to_numpy()
    out["source_id"] = o["source_id"].to_numpy()
    out["source"] = o["source_id"].map(titles).to_numpy()
    out["note"] = o["note"].to_numpy() if "note" in o.columns else ""
    return out


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, CRLF line ends (RFC 4180), every field as text the way it reads."""
    text = rows.to_csv(index=False, lineterminator="\r\n", float_format="%.10g")
    return (BOM + text).encode("utf-8")


def data_url(payload: bytes) -> str:
    """A base64 data: URL of a CSV (safe in an HTML attribute as it is)."""
    return f"data:{CSV_MIMETYPE};base64,{base64.b64encode(payload).decode('ascii')}"


def download_link(ds: Dataset, observations: pd.DataFrame, lang: str) -> str:
    """The "Download the data (CSV)" link of a briefing (its file name set by the page)."""
    payload = csv_bytes(data_rows(ds, observations, lang))
    rows = len(observations)
    note = f"{rows} 行" if lang == "zh" else f"{rows} rows"
    from qcompare.briefings.html import esc

    return (
        f'<p class="qc-download"><a class="qc-csv" href="{data_url(payload)}" '
        f'download="qcompare-data.csv" data-qc-download="csv">{esc(t("download_csv", lang))}</a> '
        f'<span class="qc-note">({note})</span></p>'
    )
