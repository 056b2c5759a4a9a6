"""Controlled vocabularies of the data model (DESIGN.md, "Data model")."""

KINDS = ("baseline", "target", "observed", "prior_target", "prior_actual")
COMPARATORS = (">=", "<=", "=", "~")
DIRECTIONS = ("higher_better", "lower_better")
MEASURES = ("level", "stock", "flow")
# counts (a stock held, or a flow added): they scale with a city's size, so one city's count
# is never stricter or looser than another's
COUNT_MEASURES = ("stock", "flow")
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

# --- data model v2: where and when a number holds; what is not an observation -------------
OTHER_SCOPE = "other"
"""The scope that says nothing about what an area is: an area of it is like no area, not even
another area of scope `other`."""
AREA_SCOPES = ("whole", "urban", "counties", OTHER_SCOPE)
"""whole: the city's whole administrative area (全市); urban: its urban districts / city proper
(市区, 城区, 城市); counties: the counties and county-level cities outside the urban districts;
other: any other part."""
TRENDS = ("keep_falling", "keep_rising", "hold")
"""The trend clause of a target beside its level: 持续下降/逐年下降 keep_falling; 持续提升/
稳步提高/不断提高 keep_rising; 保持/稳定 hold."""
EXCLUSION_REASONS = ("other_place", "date", "structure", "restatement", "context")
"""Why a number of a source is not an observation: it is about another place; it is a date;
it is document structure (headings, table titles, ordinals); it restates a number already
recorded; it only describes something else (context)."""
