"""HTML blocks of a briefing. Every string that comes from the data is escaped here.

Builders return strings of HTML; `esc` is applied to each piece of data text (names, quotes,
notes, titles) so that a catalog entry such as `<script>…</script>` shows as text and never
runs. Tables go through pandas' `to_html(escape=True)`.
"""

from __future__ import annotations

import html as _html
import json
from collections.abc import Iterable

import pandas as pd

from qcompare.analysis.periods import is_calendar_year, period_label
from qcompare.briefings.i18n import kind_label, t
from qcompare.data.dataset import Dataset


def esc(text: object) -> str:
    """Escape text for HTML content and attribute values (quotes included)."""
    return _html.escape("" if text is None else str(text), quote=True)


def script_json(value: object) -> str:
    """JSON safe inside any <script> (data or code): no `<`, `>` or `&` as themselves, so no
    data text can end the element or open a comment; U+2028/9 escaped for JavaScript."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def heading(text: str, level: int = 2) -> str:
    if level not in (2, 3, 4):
        raise ValueError("heading level must be 2, 3 or 4 (the page title is the h1)")
    return f"<h{level}>{esc(text)}</h{level}>"


def paragraph(text: str, css_class: str = "") -> str:
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return f"<p{cls}>{esc(text)}</p>"


def findings(sentences: Iterable[str], lang: str) -> str:
    """The findings box: one list item per sentence, the first one (the headline) in bold."""
    items = "".join(f"<li>{esc(s)}</li>" for s in sentences)
    return (
        f'<section class="qc-findings"><h2>{esc(t("findings", lang))}</h2>'
        f"<ul>{items}</ul></section>"
    )


def table(frame: pd.DataFrame, numeric: Iterable[str] = ()) -> str:
    """A compact table: headers and cells escaped, numeric columns right-aligned. Each cell
    carries its column's header (data-label), so a phone can show a row as a card of
    "header: value" lines instead of a table to scroll sideways (briefing.css)."""
    numeric = set(numeric)
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            cls = "num" if col in numeric else ""
            cells.append(_td(str(col), esc(_cell(value)), cls))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="qc-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _td(label: str, content: str, cls: str = "") -> str:
    """One table cell: `content` is HTML already escaped; `label` (plain text, the column's
    header) is what a phone shows before it (briefing.css)."""
    cls = f' class="{cls}"' if cls else ""
    return f'<td{cls} data-label="{esc(label)}">{content}</td>'


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


# --- method --------------------------------------------------------------------------------


def method(lang: str) -> str:
    """The progress-assessment method: what it does, its thresholds, its citation."""
    from qcompare.briefings.narrative.method import status_rows

    threshold, status = t("threshold", lang), t("status", lang)
    rows = "".join(
        f"<tr>{_td(threshold, esc(cond))}{_td(status, esc(label))}</tr>"
        for cond, label in status_rows(lang)
    )
    return (
        f'<section class="qc-method"><h3>{esc(t("method", lang))}</h3>'
        f"<p>{esc(t('method_text', lang))}</p>"
        f'<table class="qc-table"><thead><tr><th>{esc(threshold)}</th>'
        f"<th>{esc(status)}</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="qc-note">{esc(t("method_cite", lang))}</p></section>'
    )


# --- sources -------------------------------------------------------------------------------


def sources(ds: Dataset, observations: pd.DataFrame, lang: str) -> str:
    """Documents cited (title, issuer, date, file, sha256) and the quote behind each number."""
    cited = list(dict.fromkeys(observations["source_id"]))
    docs = ds.sources.set_index("source_id")
    number = {sid: i + 1 for i, sid in enumerate(cited)}
    items = []
    for sid in cited:
        d = docs.loc[sid]
        other = "en" if lang == "zh" else "zh"
        items.append(
            f'<li id="src-{esc(sid)}"><b>{esc(d[f"title_{lang}"])}</b> '
            f'<span lang="{other}">({esc(d[f"title_{other}"])})</span><br>'
            f"{esc(t('issuer', lang))}: {esc(d['issuer'])} · {esc(t('date', lang))}: "
            f"{esc(d['date'])} · {esc(t('file', lang))}: <code>{esc(d['file'])}</code><br>"
            f'<span class="qc-hash">sha256 {esc(d["sha256"])}</span></li>'
        )
    cities = ds.cities.set_index("city_id")[f"name_{lang}"]
    areas = ds.areas.set_index("area_id")
    names = ds.indicators.set_index("indicator_id")[f"name_{lang}"]
    obs = observations.sort_values(["indicator_id", "city_id", "kind", "year"], kind="stable")
    keys = ("indicator", "city", "kind", "year", "value", "quote", "source")
    label = {k: t(k, lang) for k in keys}
    rows = []
    for o in obs.itertuples(index=False):
        note = f'<br><span class="qc-note">{esc(o.note)}</span>' if o.note else ""
        # the area when it is not the whole city, the months or years when not one calendar year
        where = cities.get(o.city_id, o.city_id)
        if areas.at[o.area_id, "scope"] != "whole":
            where = areas.at[o.area_id, f"name_{lang}"]
        when = (
            o.year
            if is_calendar_year(o.period_start, o.period_end)
            else period_label(o.period_start, o.period_end, lang)
        )
        link = f'<a href="#src-{esc(o.source_id)}">[{number[o.source_id]}]</a>'
        rows.append(
            "<tr>"
            + _td(label["indicator"], esc(names.get(o.indicator_id, o.indicator_id)))
            + _td(label["city"], esc(where))
            + _td(label["kind"], esc(kind_label(o.kind, lang)))
            + _td(label["year"], esc(when), "num")
            + _td(label["value"], esc(o.value_text))
            + _td(label["quote"], f'<q lang="zh">{esc(o.quote)}</q>{note}', "qc-quote")
            + _td(label["source"], link)
            + "</tr>"
        )
    head = "".join(f"<th>{esc(label[k])}</th>" for k in keys)
    from qcompare.briefings.download import download_link

    return (
        f'<section class="qc-sources"><h2>{esc(t("sources", lang))}</h2>'
        f"{download_link(ds, observations, lang)}"
        f"<h3>{esc(t('documents', lang))}</h3><ol>{''.join(items)}</ol>"
        f"<h3>{esc(t('quotes', lang))}</h3>"
        f'<table class="qc-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )
