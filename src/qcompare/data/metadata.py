"""What each column of the published tables means (written into datapackage.json).

Types are not declared here: they are read off the frames when they are written, so the
schema in `qcompare.data.schema` stays the one source of truth for them. The controlled
vocabularies of `qcompare.data.vocab` are published as enum constraints (CONSTRAINTS).
"""

from __future__ import annotations

from qcompare.data import vocab

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
    "areas": {
        "area_id": "Stable ascii id of the area; a city's whole area has area_id = city_id.",
        "city_id": "City the area belongs to.",
        "name_zh": "Chinese name.",
        "name_en": "English name.",
        "scope": "whole (the city's whole administrative area, 全市), urban (urban districts / "
        "city proper, 市区/城区/城市), counties (the counties outside the urban districts) or "
        "other.",
        "definition_en": "What the documents mean by the area.",
    },
    "exclusions": {
        "source_id": "Source document.",
        "passage": "Verbatim passage of the source whose numbers are not observations.",
        "reason": "other_place, date, structure (headings, titles, ordinals), restatement (of a "
        "recorded number) or context (a number that only describes something else).",
        "note": "Why, in words.",
    },
    "observations": {
        "city_id": "City.",
        "indicator_id": "Indicator (catalog id).",
        "area_id": "Area the value describes (areas.csv); the city_id for its whole area.",
        "kind": "baseline (a level or stock the plan states for its base year, or a plan-period "
        "total with its period), target, observed (a reported actual outside that), "
        "prior_target or prior_actual (the previous plan's target and completion).",
        "year": "Year the value refers to (a period's end year).",
        "period_start": "First month the value covers (YYYY-MM); YYYY-01 for a calendar year.",
        "period_end": "Last month the value covers (YYYY-MM); YYYY-12 for a calendar year.",
        "partial_year": "True when the period lies within one year and covers less than all of "
        "it (e.g. 2023-01..2023-11); a status resting on it is provisional.",
        "trend": "The trend clause of a target beside its level: keep_falling, keep_rising or "
        "hold; empty when there is none.",
        "comparator": ">=, <=, = or ~ (about); empty for a non-numeric value.",
        "value": "The number in the indicator's unit; empty when the source states no number.",
        "value_text": "The source's own wording of the value.",
        "source_id": "Source document.",
        "quote": "Shortest verbatim passage of the source that states the value.",
        "note": "What a reader must know about this value.",
    },
}


CONSTRAINTS: dict[str, dict[str, dict]] = {
    "areas": {"scope": {"enum": list(vocab.AREA_SCOPES)}},
    "exclusions": {"reason": {"enum": list(vocab.EXCLUSION_REASONS)}},
    "observations": {
        "kind": {"enum": list(vocab.KINDS)},
        "comparator": {"enum": list(vocab.COMPARATORS)},
        "trend": {"enum": list(vocab.TRENDS)},
        "period_start": {"required": True, "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        "period_end": {"required": True, "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        "area_id": {"required": True},
    },
    "indicators": {
        "direction": {"enum": list(vocab.DIRECTIONS)},
        "measure": {"enum": list(vocab.MEASURES)},
        "theme": {"enum": list(vocab.THEMES)},
    },
}
