"""Controlled vocabularies of the data model (DESIGN.md, "Data model")."""

KINDS = ("baseline", "target", "observed", "prior_target", "prior_actual")
COMPARATORS = (">=", "<=", "=", "~")
DIRECTIONS = ("higher_better", "lower_better")
MEASURES = ("level", "stock", "flow")
ADMIN_LEVELS = ("prefecture", "county")
THEMES = (
    "product",
    "service",
    "engineering",
    "environment",
    "standards",
    "brands",
    "innovation",
    "agriculture",
    "infrastructure",
    "finance",
    "industry",
    "governance",
)
SOURCE_KINDS = ("plan", "news")
