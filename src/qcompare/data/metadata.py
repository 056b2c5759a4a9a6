"""What each column of the published tables means (written into datapackage.json).

Types are not declared here: they are read off the frames when they are written, so the
schema in `qcompare.data.schema` stays the one source of truth for them.
"""

from __future__ import annotations

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "cities": {
        "city_id": "Stable ascii id of the city.",
        "name_zh": "Chinese name.",
        "name_en": "English name.",
        "admin_level": "prefecture (地级市) or county (县级市).",
        "parent_id": "city_id of the prefecture a county-level city belongs to; empty otherwise.",
        "province": "Province.",
    },
    "sources": {
        "source_id": "Stable id of the source document.",
        "file": "Path of the document under data/raw.",
        "title_zh": "Title in the document's language.",
        "title_en": "English title.",
        "issuer": "Who issued or published it.",
        "date": "Publication or issue date (YYYY, YYYY-MM or YYYY-MM-DD).",
        "city_id": "City the document is about.",
        "kind": "plan (a policy document) or news (a press report).",
        "sha256": "SHA-256 of the document's bytes.",
    },
    "indicators": {
        "indicator_id": "Stable ascii id; one id per definition.",
        "name_zh": "Chinese name.",
        "name_en": "English name.",
        "unit": "Unit of every value of this indicator.",
        "unit_zh": "Unit as the sources write it.",
        "direction": "higher_better or lower_better.",
        "theme": "Policy theme (product, service, engineering, environment, …).",
        "measure": "level (rate or concentration at a date), stock (cumulative count) or "
        "flow (additions during the plan period, 新增).",
        "family": "Indicators about one concept with different definitions share a family.",
        "definition_en": "What is counted, and how it differs from the family's other members.",
    },
    "observations": {
        "city_id": "City.",
        "indicator_id": "Indicator (catalog id).",
        "kind": "baseline, target, observed, prior_target or prior_actual.",
        "year": "Year the value refers to.",
        "comparator": ">=, <=, = or ~ (about); empty for a non-numeric value.",
        "value": "The number in the indicator's unit; empty when the source states no number.",
        "value_text": "The source's own wording of the value.",
        "source_id": "Source document.",
        "quote": "Shortest verbatim passage of the source that states the value.",
        "note": "What a reader must know about this value.",
    },
}
