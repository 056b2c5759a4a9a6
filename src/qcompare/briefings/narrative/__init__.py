"""The opening findings of each briefing: sentences computed from the analytics tables.

One module per briefing kind (`indicator`, `scorecard`, `theme`, `alignment`,
`track_record`), the sentences about targets they share in `targets`, and the wording every
one of them uses in `words`. Each `*_findings` function returns plain-text sentences, headline
first; the headline is the briefing's one-line finding in reports/index.html.

    from qcompare.briefings import narrative
    narrative.indicator_findings(ds, assess(ds, …), ["env_pm25"], cities, "en")
"""

from qcompare.briefings.narrative.alignment import alignment_findings
from qcompare.briefings.narrative.indicator import indicator_findings
from qcompare.briefings.narrative.scorecard import (
    peers_listed,
    scorecard_context,
    scorecard_findings,
)
from qcompare.briefings.narrative.theme import theme_findings
from qcompare.briefings.narrative.track_record import track_record_findings
from qcompare.briefings.narrative.words import city_line, subject_line

__all__ = [
    "alignment_findings",
    "city_line",
    "indicator_findings",
    "peers_listed",
    "scorecard_context",
    "scorecard_findings",
    "subject_line",
    "theme_findings",
    "track_record_findings",
]
