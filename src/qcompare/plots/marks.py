"""What each chart draws, as plain frames: both backends draw the same marks from these.

Each function takes the plot inputs (a Dataset plus a derived table), joins the catalog
(names, unit, direction only from there), resolves the labels in the chosen language and looks
up each value's source wording (value_text) and source_id in the observations for the hover.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qcompare.data.dataset import Dataset
from qcompare.plots import labels as L

TARGETS_COLUMNS = [
    "city_id",
    "indicator_id",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "target_text",
    "latest_year",
    "latest_value",
]
COMPARISON_COLUMNS = [
    "city_id",
    "indicator_id",
    "kind",
    "year",
    "comparator",
    "value",
    "value_text",
]
RECORD_COLUMNS = ["city_id", "indicator_id", "prior_target", "prior_actual", "met"]


def _isnan(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _float(value: object) -> float:
    return math.nan if _isnan(value) else float(value)  # type: ignore[arg-type]


def _year(value: object) -> int | None:
    return None if _isnan(value) else int(value)  # type: ignore[call-overload]


def _str(value: object) -> str:
    return "" if _isnan(value) else str(value)


@dataclass(frozen=True)
class ObsRef:
    """The observation behind one plotted value: its wording, source, note and period."""

    value_text: str = ""
    source_id: str = ""
    note: str = ""
    comparator: str = ""
    kind: str = ""
    partial_year: bool = False
    period_start: str = ""
    period_end: str = ""

    def partial_mark(self, lang: str) -> str:
        """ "(Jan–Nov 2023)" when the value covers part of its year, else ""."""
        return L.partial_mark(self.partial_year, self.period_start, self.period_end, lang)


def lookup(
    ds: Dataset,
    city_id: str,
    indicator_id: str,
    kinds: tuple[str, ...],
    year: int | None,
    value: float = math.nan,
    area_id: str = "",
) -> ObsRef:
    """The observation of one of `kinds` for a city, indicator, year and (when given) area,
    preferring the one whose value matches; an empty ObsRef when there is none."""
    if year is None:
        return ObsRef()
    o = ds.obs(city_id, indicator_id)
    rows = o.loc[
        (o["year"] == year)
        & o["kind"].isin(kinds)
        & ((o["area_id"] == area_id) if area_id else True)
    ]
    if rows.empty:
        return ObsRef()
    if not math.isnan(value):
        same = rows.loc[np.isclose(rows["value"].astype(float), value, equal_nan=False)]
        if not same.empty:
            rows = same
    rank = {k: i for i, k in enumerate(kinds)}
    row = rows.iloc[int(np.argmin([rank[k] for k in rows["kind"]]))]
    return ObsRef(
        _str(row["value_text"]),
        _str(row["source_id"]),
        _str(row["note"]),
        _str(row["comparator"]),
        _str(row["kind"]),
        bool(row["partial_year"]),
        _str(row["period_start"]),
        _str(row["period_end"]),
    )


def _check_cities(ds: Dataset, city_ids: Iterable[object]) -> None:
    unknown = sorted({str(c) for c in city_ids} - set(ds.cities["city_id"]))
    if unknown:
        raise ValueError(f"city_id not in ds.cities: {', '.join(unknown)}")


def _order(ds: Dataset, frame: pd.DataFrame, extra: list[str] | None = None) -> pd.DataFrame:
    """Rows in catalog order of indicators, then city order of ds.cities."""
    ind_pos = {k: i for i, k in enumerate(ds.indicators["indicator_id"])}
    city_pos = {k: i for i, k in enumerate(ds.cities["city_id"])}
    out = frame.assign(
        _ind=frame["indicator_id"].map(ind_pos), _city=frame["city_id"].map(city_pos)
    )
    return (
        out.sort_values(["_ind", "_city", *(extra or [])], kind="stable")
        .drop(columns=["_ind", "_city"])
        .reset_index(drop=True)
    )


def _source_line(ref: ObsRef, lang: str) -> str:
    return f"{L.text('source', lang)}: {ref.source_id}" if ref.source_id else ""


def hover(parts: list[str]) -> str:
    """Hover text for plotly: the non-empty parts, one per line (plotly's <br>), each
    escaped for plotly's markup (labels.plotly_text) so a part from the data adds no tag."""
    return "<br>".join(L.plotly_text(p) for p in parts if p)


# --- bullet ----------------------------------------------------------------------------------
def bullet_marks(ds: Dataset, targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per city × indicator × target year of `targets`, with facet (= indicator) and row
    labels, baseline / target / latest values, their wording, source and hover text."""
    L.check_lang(lang)
    L.require_columns(targets, TARGETS_COLUMNS, "targets")
    _check_cities(ds, targets["city_id"])
    t = _order(ds, L.with_catalog(ds, targets), ["target_year"])
    rows = []
    for r in t.itertuples(index=False):
        city, ind = str(r.city_id), str(r.indicator_id)
        area = _str(getattr(r, "area_id", "")) or city
        b_year, t_year, l_year = _year(r.baseline_year), _year(r.target_year), _year(r.latest_year)
        b_val, t_val = _float(r.baseline_value), _float(r.target_value)
        l_val = _float(r.latest_value)
        b_ref = lookup(ds, city, ind, ("baseline",), b_year, b_val, area)
        t_ref = lookup(ds, city, ind, ("target",), t_year, t_val, area)
        l_ref = lookup(ds, city, ind, ("observed", "prior_actual", "baseline"), l_year, l_val, area)
        comparator = _str(r.comparator)
        t_text = _str(r.target_text) or t_ref.value_text
        t_label = L.target_label(comparator, t_val, t_text)
        city_label = _city_area_label(ds, city, area, lang)
        partial = l_ref.partial_year
        rows.append(
            {
                "facet": ind,
                "indicator_id": ind,
                "city_id": city,
                "facet_title": L.indicator_title(ds, ind, lang),
                "axis_title": L.axis_title(ds, ind, lang),
                "city_label": city_label,
                "direction": r.direction,
                "baseline_year": b_year,
                "baseline_value": b_val,
                "target_year": t_year,
                "target_value": t_val,
                "comparator": comparator,
                "target_label": t_label,
                "target_numeric": not math.isnan(t_val),
                "latest_year": l_year,
                "latest_value": l_val,
                "latest_partial": partial,
                "baseline_hover": hover(
                    [
                        city_label,
                        f"{L.text('baseline', lang)} {b_year or ''}: "
                        f"{b_ref.value_text or L.fmt_number(b_val)}",
                        _source_line(b_ref, lang),
                    ]
                ),
                "target_hover": hover(
                    [
                        city_label,
                        f"{L.text('target', lang)} {t_year or ''}: {t_label}",
                        f"({t_ref.value_text})"
                        if t_ref.value_text and t_ref.value_text != t_label
                        else "",
                        _source_line(t_ref, lang),
                    ]
                ),
                "latest_hover": hover(
                    [
                        city_label,
                        f"{L.text('latest', lang)} {l_year or ''}: "
                        f"{l_ref.value_text or L.fmt_number(l_val)}",
                        l_ref.partial_mark(lang),
                        _source_line(l_ref, lang),
                    ]
                ),
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        raise ValueError("targets has no rows to plot")
    # Two targets of one city for one indicator (e.g. 2025 and 2035) get their year in the label.
    dup = out.duplicated(["facet", "city_id"], keep=False)
    out["row_label"] = out["city_label"].where(
        ~dup, out["city_label"] + " " + out["target_year"].astype(str)
    )
    return out


def _city_area_label(ds: Dataset, city: str, area: str, lang: str) -> str:
    """The city's name, or its area's catalog name when the area is not the whole city (the
    catalog's area names carry the city: 温州市区, Wenzhou urban districts)."""
    if not area or str(ds.area(area)["scope"]) == "whole":
        return L.city_name(ds, city, lang)
    return L.area_label(ds, area, lang)


# --- trajectory ------------------------------------------------------------------------------
TRAJECTORY_KINDS = ("baseline", "target", "observed", "prior_target", "prior_actual")


def trajectory_marks(
    ds: Dataset, indicator_id: str, cities: list[str] | None, lang: str
) -> pd.DataFrame:
    """The observations of one indicator (all kinds) for the chosen cities, with labels."""
    L.check_lang(lang)
    ds.indicator(indicator_id)  # KeyError for an unknown indicator
    o = ds.obs(indicator_id=indicator_id)
    if cities is not None:
        cities = [cities] if isinstance(cities, str) else list(cities)
        _check_cities(ds, cities)
        o = o.loc[o["city_id"].isin(cities)]
    o = o.loc[o["kind"].isin(TRAJECTORY_KINDS)]
    if o.empty:
        raise ValueError(f"no observations of {indicator_id!r} for cities {cities or 'any'}")
    o = _order(ds, o, ["year"])
    kind_label = {k: L.text(k, lang) for k in TRAJECTORY_KINDS}
    out = o[
        [
            "city_id",
            "indicator_id",
            "kind",
            "year",
            "comparator",
            "value",
            "value_text",
            "source_id",
            "note",
            "area_id",
            "period_start",
            "period_end",
            "partial_year",
        ]
    ].copy()
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    out["city_label"] = [
        _city_area_label(ds, c, a, lang)
        for c, a in zip(out["city_id"], out["area_id"], strict=True)
    ]
    out["partial"] = out["partial_year"].astype(bool)
    out["period_mark"] = [
        L.partial_mark(p, s, e, lang)
        for p, s, e in zip(out["partial"], out["period_start"], out["period_end"], strict=True)
    ]
    out["numeric"] = out["value"].notna()
    out["label"] = [
        L.target_label(c, v, t)
        for c, v, t in zip(out["comparator"], out["value"], out["value_text"], strict=True)
    ]
    out["hover"] = [
        hover(
            [
                cl,
                f"{kind_label[k]} {y}: {vt or L.fmt_number(v)}",
                p,
                f"{L.text('source', lang)}: {s}",
            ]
        )
        for cl, k, y, vt, v, p, s in zip(
            out["city_label"],
            out["kind"],
            out["year"],
            out["value_text"],
            out["value"],
            out["period_mark"],
            out["source_id"],
            strict=True,
        )
    ]
    return out.reset_index(drop=True)


# --- dumbbell --------------------------------------------------------------------------------
def dumbbell_marks(ds: Dataset, comparison: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per city × indicator × target year: baseline, target and the latest observed
    value (if the comparison has observed rows), faceted by unit so indicators of different
    units never share an axis; family members keep their own name."""
    L.check_lang(lang)
    L.require_columns(comparison, COMPARISON_COLUMNS, "comparison")
    _check_cities(ds, comparison["city_id"])
    c = L.with_catalog(ds, comparison)
    if "source_id" not in c.columns:
        c = c.assign(source_id="")
    if "area_id" not in c.columns:
        c = c.assign(area_id=c["city_id"])
    key = ["city_id", "indicator_id", "area_id"]
    base = c.loc[c["kind"] == "baseline"].sort_values("year").groupby(key, sort=False).tail(1)
    tgt = c.loc[c["kind"] == "target"]
    seen = c.loc[(c["kind"] == "observed") & c["value"].notna()].sort_values("year")
    seen = seen.groupby(key, sort=False).tail(1)
    keys = pd.concat([f[key] for f in (base, tgt, seen)])
    keys = keys.drop_duplicates()
    if keys.empty:
        raise ValueError("comparison has no baseline, target or observed rows to plot")
    rows = []
    for city, ind, area in keys.itertuples(index=False):

        def pick(
            frame: pd.DataFrame, city: object = city, ind: object = ind, area: object = area
        ) -> pd.DataFrame:
            return frame.loc[
                (frame["city_id"] == city)
                & (frame["indicator_id"] == ind)
                & (frame["area_id"] == area)
            ]

        b, ts, o = pick(base), pick(tgt), pick(seen)
        b_row = b.iloc[0] if not b.empty else None
        o_row = o.iloc[0] if not o.empty else None
        for _, t_row in ts.sort_values("year").iterrows() if not ts.empty else [(None, None)]:
            row = _dumbbell_row(ds, str(city), str(ind), b_row, t_row, o_row, lang)
            row["city_label"] = _city_area_label(ds, str(city), str(area), lang)
            rows.append(row)
    out = _order(ds, pd.DataFrame(rows), ["target_year"])
    units = list(dict.fromkeys(out["unit"]))
    out["facet"] = out["unit"].map({u: i for i, u in enumerate(units)})
    out = out.sort_values("facet", kind="stable").reset_index(drop=True)
    labels, titles, axes = [], {}, {}
    for facet, grp in out.groupby("facet", sort=True):
        inds = list(dict.fromkeys(grp["indicator_id"]))
        many = len(inds) > 1
        notes = {L.direction_note(ds.indicator(i)["direction"], lang) for i in inds}
        # the lower-is-better note goes on the axis when it holds for the whole facet,
        # on each row's name when the facet mixes directions
        row_name = L.indicator_title if len(notes) > 1 else L.indicator_name
        dup = grp.duplicated(["city_id", "indicator_id"], keep=False)
        for (_, r), d in zip(grp.iterrows(), dup, strict=True):
            label = r["city_label"]
            if many:
                label += " · " + row_name(ds, r["indicator_id"], lang)
            if d and r["target_year"] is not None:
                label += f" ({r['target_year']})"
            labels.append(label)
        if many:
            unit = L.unit_label(ds, inds[0], lang)
            titles[facet] = f"{L.text('unit', lang)}: {unit}"
            axes[facet] = unit if len(notes) > 1 else L.axis_title(ds, inds[0], lang)
        else:
            titles[facet] = L.indicator_title(ds, inds[0], lang)
            axes[facet] = L.axis_title(ds, inds[0], lang)
    out["row_label"] = labels
    out["facet_title"] = out["facet"].map(titles)
    out["axis_title"] = out["facet"].map(axes)
    return out


def _dumbbell_row(
    ds: Dataset,
    city: str,
    ind: str,
    b: pd.Series | None,
    t: pd.Series | None,
    o: pd.Series | None,
    lang: str,
) -> dict[str, object]:
    city_label = L.city_name(ds, city, lang)
    b_val = _float(b["value"]) if b is not None else math.nan
    t_val = _float(t["value"]) if t is not None else math.nan
    b_year = _year(b["year"]) if b is not None else None
    t_year = _year(t["year"]) if t is not None else None
    t_text = _str(t["value_text"]) if t is not None else ""
    t_label = L.target_label(_str(t["comparator"]), t_val, t_text) if t is not None else ""
    name = L.indicator_name(ds, ind, lang)
    return {
        "city_id": city,
        "indicator_id": ind,
        "city_label": city_label,
        "unit": str(ds.indicator(ind)["unit"]),
        "direction": str(ds.indicator(ind)["direction"]),
        "baseline_year": b_year,
        "baseline_value": b_val,
        "target_year": t_year,
        "target_value": t_val,
        "target_label": t_label,
        "has_target": t is not None,
        "target_numeric": not math.isnan(t_val),
        "baseline_hover": hover(
            [
                f"{city_label} · {name}",
                f"{L.text('baseline', lang)} {b_year}: {_str(b['value_text'])}"
                if b is not None
                else "",
                f"{L.text('source', lang)}: {_str(b['source_id'])}" if b is not None else "",
            ]
        ),
        "target_hover": hover(
            [
                f"{city_label} · {name}",
                f"{L.text('target', lang)} {t_year}: {t_label}" if t is not None else "",
                f"({t_text})" if t_text and t_text != t_label else "",
                f"{L.text('source', lang)}: {_str(t['source_id'])}" if t is not None else "",
            ]
        ),
        **_latest_fields(city_label, name, o, lang),
    }


def _latest_fields(city_label: str, name: str, o: pd.Series | None, lang: str) -> dict[str, object]:
    if o is None:
        return {
            "latest_year": None,
            "latest_value": math.nan,
            "latest_partial": False,
            "latest_hover": "",
        }
    partial = bool(o["partial_year"]) if "partial_year" in o else False
    mark = (
        L.partial_mark(partial, _str(o["period_start"]), _str(o["period_end"]), lang)
        if partial
        else ""
    )
    return {
        "latest_year": _year(o["year"]),
        "latest_value": _float(o["value"]),
        "latest_partial": partial,
        "latest_hover": hover(
            [
                f"{city_label} · {name}",
                f"{L.text('latest', lang)} {_year(o['year'])}: {_str(o['value_text'])}",
                mark,
                f"{L.text('source', lang)}: {_str(o['source_id'])}",
            ]
        ),
    }


# --- status heatmap --------------------------------------------------------------------------
@dataclass(frozen=True)
class StatusGrid:
    """Cells of the status heatmap: rows = indicators (× target year), columns = cities."""

    statuses: tuple[str, ...]
    codes: np.ndarray  # float, position in `statuses`, NaN where a city has no such target
    cells: np.ndarray  # object: cell label (status name) or ""
    hovers: np.ndarray  # object: hover text or ""
    row_labels: list[str]
    col_labels: list[str]


def status_grid(ds: Dataset, targets: pd.DataFrame, lang: str) -> StatusGrid:
    """The city × indicator grid of statuses, ordered as qcompare.analysis.progress.STATUSES."""
    from qcompare.analysis.progress import (
        STATUSES,  # analytics module, imported when a heatmap is drawn
    )

    L.check_lang(lang)
    L.require_columns(targets, ["city_id", "indicator_id", "target_year", "status"], "targets")
    _check_cities(ds, targets["city_id"])
    unknown = sorted(set(targets["status"].map(_str)) - set(STATUSES))
    if unknown:
        raise ValueError(f"status not in qcompare.analysis.progress.STATUSES: {', '.join(unknown)}")
    t = _order(ds, L.with_catalog(ds, targets), ["target_year"])
    if "area_id" not in t.columns:
        t = t.assign(area_id=t["city_id"])
    key = ["city_id", "indicator_id", "target_year", "area_id"]
    if t.duplicated(key).any():
        dups = t.loc[t.duplicated(key), key].drop_duplicates().to_dict("records")
        raise ValueError(f"targets has more than one row for {dups}")
    # one city with several areas for an indicator (Wenzhou's star-rated green buildings):
    # one grid row per area, named after it
    several = t.duplicated(["city_id", "indicator_id", "target_year"], keep=False)
    t["_area"] = t["area_id"].where(several, "")
    t["target_year"] = [_year(y) for y in t["target_year"]]
    years_per_ind = t.groupby("indicator_id")["target_year"].nunique()
    row_keys = list(
        dict.fromkeys(zip(t["indicator_id"], t["target_year"], t["_area"], strict=True))
    )
    col_keys = list(dict.fromkeys(ds.cities["city_id"][ds.cities["city_id"].isin(t["city_id"])]))
    row_labels = [
        L.indicator_title(ds, ind, lang)
        + (f" ({year})" if years_per_ind[ind] > 1 else "")
        + (f" · {L.area_label(ds, area, lang)}" if area else "")
        for ind, year, area in row_keys
    ]
    col_labels = [L.city_name(ds, c, lang) for c in col_keys]
    codes = np.full((len(row_keys), len(col_keys)), np.nan)
    cells = np.full(codes.shape, "", dtype=object)
    hovers = np.full(codes.shape, "", dtype=object)
    pos = {s: i for i, s in enumerate(STATUSES)}
    for r in t.to_dict("records"):
        i = row_keys.index((r["indicator_id"], r["target_year"], r["_area"]))
        j = col_keys.index(r["city_id"])
        status = str(r["status"])
        codes[i, j] = pos[status]
        cells[i, j] = L.status_label(status, lang)
        t_val = _float(r.get("target_value"))
        t_ref = lookup(
            ds, r["city_id"], r["indicator_id"], ("target",), r["target_year"], t_val, r["area_id"]
        )
        target = L.target_label(
            _str(r.get("comparator")), t_val, _str(r.get("target_text")) or t_ref.value_text
        )
        l_year, l_val = _year(r.get("latest_year")), _float(r.get("latest_value"))
        l_ref = lookup(
            ds,
            r["city_id"],
            r["indicator_id"],
            ("observed", "prior_actual"),
            l_year,
            l_val,
            r["area_id"],
        )
        latest = (
            f"{L.text('latest', lang)} {l_year}: {l_ref.value_text or L.fmt_number(l_val)}"
            + (f" {l_ref.partial_mark(lang)}" if l_ref.partial_year else "")
            if not math.isnan(l_val)
            else ""
        )
        hovers[i, j] = hover(
            [
                f"{col_labels[j]} · {row_labels[i]}",
                f"{L.text('status', lang)}: {cells[i, j]}",
                f"{L.text('target', lang)} {r['target_year'] or ''}: {target}" if target else "",
                _source_line(t_ref, lang),
                latest,
                _source_line(l_ref, lang),
                _str(r.get("note")),
            ]
        )
    return StatusGrid(tuple(STATUSES), codes, cells, hovers, row_labels, col_labels)


# --- track record ----------------------------------------------------------------------------
def _met(value: object) -> bool | None:
    if _isnan(value):
        return None
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "1", "yes", "met"):
            return True
        if low in ("false", "0", "no", "not_met", "unmet"):
            return False
        return None
    return bool(value)


def track_record_marks(ds: Dataset, record: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per city × indicator of the previous plan: its target, its result and whether
    it was met, faceted by indicator (each indicator its own unit and axis)."""
    L.check_lang(lang)
    L.require_columns(record, RECORD_COLUMNS, "record")
    _check_cities(ds, record["city_id"])
    r = _order(ds, L.with_catalog(ds, record))
    rows = []
    for rec in r.to_dict("records"):
        city, ind = str(rec["city_id"]), str(rec["indicator_id"])
        tgt, act = _float(rec["prior_target"]), _float(rec["prior_actual"])
        t_ref = _latest_ref(ds, city, ind, "prior_target", rec.get("year"))
        a_ref = _latest_ref(ds, city, ind, "prior_actual", rec.get("year"))
        # the record's own wording wins; the observation fills in what it lacks
        comparator = _str(rec.get("comparator")) or t_ref.comparator
        t_text = _str(rec.get("prior_target_text")) or t_ref.value_text
        a_text = _str(rec.get("prior_actual_text")) or a_ref.value_text
        t_label = L.target_label(comparator, tgt, t_text)
        met = _met(rec["met"])
        city_label = L.city_name(ds, city, lang)
        met_text = L.text({True: "met", False: "not_met", None: "met_unknown"}[met], lang)
        rows.append(
            {
                "facet": ind,
                "indicator_id": ind,
                "city_id": city,
                "city_label": city_label,
                "row_label": city_label,
                "facet_title": L.indicator_title(ds, ind, lang),
                "axis_title": L.axis_title(ds, ind, lang),
                "prior_target": tgt,
                "prior_actual": act,
                "met": met,
                "target_label": t_label or L.text("no_value", lang),
                "target_numeric": not math.isnan(tgt),
                "actual_label": a_text or L.fmt_number(act),
                "year": _year(rec.get("year")),
                "target_hover": hover(
                    [
                        city_label,
                        f"{L.text('prior_target', lang)}: {t_label}",
                        _source_line(t_ref, lang),
                    ]
                ),
                "actual_hover": hover(
                    [
                        city_label,
                        f"{L.text('prior_actual', lang)}: {a_text or L.fmt_number(act)}",
                        met_text,
                        _source_line(a_ref, lang),
                    ]
                ),
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        raise ValueError("record has no rows to plot")
    # one city with several prior-plan years for an indicator: the year tells the rows apart
    dup = out.duplicated(["facet", "city_id"], keep=False)
    out["row_label"] = out["city_label"].where(
        ~dup, out["city_label"] + " " + out["year"].astype(str)
    )
    return out


def _latest_ref(ds: Dataset, city: str, ind: str, kind: str, year: object) -> ObsRef:
    o = ds.obs(city_id=city, indicator_id=ind, kind=kind)
    if o.empty:
        return ObsRef()
    y = _year(year) if year is not None else None
    if y is None or not (o["year"] == y).any():
        y = int(o["year"].max())
    return lookup(ds, city, ind, (kind,), y)


# --- ambition --------------------------------------------------------------------------------
AMBITION_MARK_COLUMNS = [
    "city_id",
    "indicator_id",
    "theme",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "required_annual_rate",
]


def ambition_marks(ds: Dataset, card: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per target with a required annual rate: its theme (the row), the rate turned
    the way of improvement (% a year; > 0 asks for better, < 0 allows worse: looser than the
    baseline) and the hover text. Empty when no target has a rate."""
    L.check_lang(lang)
    L.require_columns(card, AMBITION_MARK_COLUMNS, "card")
    _check_cities(ds, card["city_id"])
    c = L.with_catalog(ds, card.loc[card["required_annual_rate"].notna()])
    rows = []
    for r in c.to_dict("records"):
        ind, city = str(r["indicator_id"]), str(r["city_id"])
        rate = float(r["required_annual_rate"])
        sign = 1.0 if r["direction"] == "higher_better" else -1.0
        improvement = 100.0 * sign * rate
        kind = "improves" if improvement > 1e-9 else "looser" if improvement < -1e-9 else "holds"
        b_year, t_year = _year(r["baseline_year"]), _year(r["target_year"])
        b_ref = lookup(ds, city, ind, ("baseline", "observed", "prior_actual"), b_year)
        t_val = _float(r["target_value"])
        t_ref = lookup(ds, city, ind, ("target",), t_year, t_val)
        t_label = L.target_label(_str(r["comparator"]), t_val, t_ref.value_text)
        rows.append(
            {
                "city_id": city,
                "indicator_id": ind,
                "theme": str(r["theme"]),
                "theme_label": L.theme_label(str(r["theme"]), lang),
                "indicator_label": L.indicator_name(ds, ind, lang),
                "improvement_pct": improvement,
                "kind": kind,
                "hover": hover(
                    [
                        f"{L.city_name(ds, city, lang)} · {L.indicator_name(ds, ind, lang)}",
                        f"{L.text('baseline', lang)} {b_year or ''}: "
                        f"{b_ref.value_text or L.fmt_number(_float(r['baseline_value']))}",
                        f"{L.text('target', lang)} {t_year or ''}: {t_label}",
                        f"{L.text('required_rate', lang)}: {100 * rate:+.1f}%",
                        L.text(kind, lang),
                    ]
                ),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "city_id",
            "indicator_id",
            "theme",
            "theme_label",
            "indicator_label",
            "improvement_pct",
            "kind",
            "hover",
        ],
    )
    order = {th: i for i, th in enumerate(dict.fromkeys(ds.indicators["theme"]))}
    out["_order"] = out["theme"].map(order)
    return (
        out.sort_values(["_order", "improvement_pct"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
