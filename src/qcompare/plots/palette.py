"""Colour-blind-safe colours (Okabe & Ito 2008) shared by the plotly and matplotlib plots."""

from __future__ import annotations

from collections.abc import Sequence

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"

# One colour per city, in the order cities are listed in the catalog.
CITY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

# Marks of the bullet, dumbbell and trajectory charts.
MARK_COLOURS = {
    "baseline": GREY,
    "target": OKABE_ITO["black"],
    "latest": OKABE_ITO["blue"],
    "prior_target": GREY,
    "prior_actual": OKABE_ITO["blue"],
}

# Status of a target, good → bad along a blue → orange → vermillion scale (safe for the common
# colour-vision deficiencies), then the two "cannot say" statuses in greys.
STATUS_COLOURS = {
    "target_achieved": "#0072B2",
    "on_track": "#56B4E9",
    "needs_acceleration": "#F0E442",
    "limited_progress": "#E69F00",
    "deterioration": "#D55E00",
    "no_observation": "#BDBDBD",
    "not_assessable": "#EEEEEE",
}

MET_COLOURS = {True: OKABE_ITO["blue"], False: OKABE_ITO["vermillion"], None: GREY}


def city_colours(city_ids: Sequence[str], all_city_ids: Sequence[str]) -> dict[str, str]:
    """Stable colour per city: its position in the full city list picks the colour, so a city
    keeps its colour whichever subset a chart shows."""
    order = {city: i for i, city in enumerate(all_city_ids)}
    return {
        city: CITY_COLOURS[order.get(city, i) % len(CITY_COLOURS)]
        for i, city in enumerate(city_ids)
    }


def status_colours(statuses: Sequence[str]) -> list[str]:
    """Colours for statuses in the given order; an unknown status is a clear error."""
    unknown = [s for s in statuses if s not in STATUS_COLOURS]
    if unknown:
        raise ValueError(f"no colour for status(es) {unknown}; known: {list(STATUS_COLOURS)}")
    return [STATUS_COLOURS[s] for s in statuses]
