"""Findings of a city scorecard briefing: every target of one city's plan."""

from __future__ import annotations

import pandas as pd

from qcompare.briefings.i18n import check_lang
from qcompare.briefings.narrative.targets import status_summary
from qcompare.briefings.narrative.words import (
    is_whole_area,
    join_words,
    listing,
    percent,
    period_of,
    quantity,
    quote,
    sentence,
    target_phrase,
    year_text,
)
from qcompare.data.dataset import Dataset
from qcompare.plots.labels import (
    area_label,
    city_name,
    fmt_number,
    indicator_name,
)

# Up to this many other cities, the scorecard names each in its peers finding and lists the
# pairs one by one (the real data has 2: a county's prefecture and the third city). Five
# cities times a plan's ~50 indicators is a table of some 250 rows a reader can still scan,
# and five names still read as a list; beyond that the pairs are counted per indicator
# (`analysis.peers.peer_summary`) and the cities by their number.
PEERS_LISTED_MAX = 5


def peer_cities(peer_rows: pd.DataFrame) -> list[str]:
    """The other cities of `peers` rows, in their first order."""
    return list(dict.fromkeys(peer_rows["parent_id"]))


def peers_listed(peer_rows: pd.DataFrame) -> bool:
    """Few enough other cities to name each and list every pair (PEERS_LISTED_MAX)."""
    return len(peer_cities(peer_rows)) <= PEERS_LISTED_MAX


def _subject(ds: Dataset, row, lang: str) -> str:
    """The indicator, with its area when the target is not for the whole city."""
    name = indicator_name(ds, row.indicator_id, lang)
    if is_whole_area(ds, row.area_id):
        return name
    area = area_label(ds, row.area_id, lang)
    return f"{name}（{area}）" if lang == "zh" else f"{name} for {area}"


def scorecard_findings(ds: Dataset, card: pd.DataFrame, city_id: str, lang: str) -> list[str]:
    """Findings for one city's scorecard (card = `scorecard(ds, city_id)`)."""
    check_lang(lang)
    city = city_name(ds, city_id, lang)
    if card.empty:
        return [
            sentence(
                f"{city}的规划中没有目标" if lang == "zh" else f"{city}'s plan sets no targets",
                lang,
            )
        ]
    n, themes = len(card), card["theme"].nunique()
    numeric = int(card["target_value"].notna().sum())
    based = int((card["target_value"].notna() & card["baseline_value"].notna()).sum())
    if lang == "zh":
        base_words = f"{based}项同时给出了基期值" if based else "均未给出基期值"
        head = (
            f"{city}的规划共设定{n}项目标，涉及{themes}个主题，"
            f"其中{numeric}项为数值目标，{base_words}"
        )
    else:
        base_words = f"{based} of these come with a baseline" if based else "none with a baseline"
        head = (
            f"{city}'s plan sets {n} targets across {themes} themes; {numeric} are numbers, "
            f"{base_words}"
        )
    out = [sentence(head, lang)]
    out.append(
        sentence(
            ("按进展评估方法：" if lang == "zh" else "Progress assessment: ")
            + status_summary(card["status"], lang),
            lang,
        )
    )
    # only targets that ask for improvement: a looser-than-baseline one is not "demanding"
    demanding = ~card["looser_than_baseline"].fillna(False).astype(bool)
    rated = card.loc[
        card["required_annual_rate"].notna() & (card["required_annual_rate"] != 0) & demanding
    ]
    if not rated.empty:
        top = rated.loc[rated["required_annual_rate"].abs().idxmax()]
        name = _subject(ds, top, lang)
        base = quantity(ds, top["indicator_id"], top["baseline_value"], lang)
        target = target_phrase(ds, top, lang)
        since, until = year_text(top["baseline_year"]), year_text(top["target_year"])
        rate = percent(top["required_annual_rate"])
        out.append(
            sentence(
                f"要求最高的是{name}：从{since}年的{base}到{until}年{target}，需年均变化{rate}"
                if lang == "zh"
                else f"The most demanding is {name}: from {base} in {since} to {target} "
                f"by {until}, {rate} a year",
                lang,
            )
        )
    # a level looser than its baseline, with no trend clause asking for more: met from the start
    looser = card.loc[
        card["looser_than_baseline"].fillna(False).astype(bool)
        & ~card["trend"].isin(["keep_falling", "keep_rising"])
    ]
    if not looser.empty:
        names = [
            f"{_subject(ds, r, lang)}（{fmt_number(r.baseline_value)}→"
            f"{target_phrase(ds, pd.Series(r._asdict()), lang)}）"
            if lang == "zh"
            else f"{_subject(ds, r, lang)} ({fmt_number(r.baseline_value)} → "
            f"{target_phrase(ds, pd.Series(r._asdict()), lang)})"
            for r in looser.itertuples(index=False)
        ]
        out.append(
            sentence(
                f"{len(looser)}项目标宽于其基期值，期初即已达到：{listing(names, lang)}"
                if lang == "zh"
                else f"{len(looser)} target{'s are' if len(looser) > 1 else ' is'} looser "
                f"than the baseline, met from the start: {listing(names, lang)}",
                lang,
            )
        )
    achieved = card.loc[card["status"] == "target_achieved"]
    if not achieved.empty:
        names = [
            _subject(ds, r, lang)
            + (
                (
                    f"（暂定：{period_of(pd.Series(r._asdict()), 'latest', lang)}）"
                    if lang == "zh"
                    else f" (provisional: {period_of(pd.Series(r._asdict()), 'latest', lang)})"
                )
                if r.provisional
                else ""
            )
            for r in achieved.itertuples(index=False)
        ]
        out.append(
            sentence(
                f"最新观测值已达到目标的有：{listing(names, lang)}"
                if lang == "zh"
                else f"Already achieved on the latest observation: {listing(names, lang)}",
                lang,
            )
        )
    words = card.loc[card["target_value"].isna(), "target_text"]
    if not words.empty:
        examples = join_words([quote(w, lang) for w in list(dict.fromkeys(words))[:2]], lang)
        out.append(
            sentence(
                f"{len(words)}项目标不是数值（如{examples}），无法量化评估"
                if lang == "zh"
                else f"{len(words)} target{'s are' if len(words) > 1 else ' is'} not a "
                f"number (e.g. {examples}) and cannot be assessed",
                lang,
            )
        )
    return out


def scorecard_context(
    ds: Dataset, peer_rows: pd.DataFrame, record: pd.DataFrame, city_id: str, lang: str
) -> list[str]:
    """What the data can say beyond the statuses: how the city's targets compare with the same
    indicators in the other cities (peer_rows = `peers(ds, city_id)`), and the previous plan's
    record (record = `track_record(ds, cities=[city_id])`, may be empty)."""
    check_lang(lang)
    zh = lang == "zh"
    city = city_name(ds, city_id, lang)
    out = []
    if len(peer_rows):
        like = peer_rows.loc[peer_rows["same_definition"].astype(bool)]
        judged = like.loc[like["verdict"] != "not_comparable"]
        other_area = int((~judged["like_for_like"].astype(bool)).sum())
        n = {v: int((judged["verdict"] == v).sum()) for v in ("stricter", "same", "looser")}
        cities = peer_cities(peer_rows)
        if peers_listed(peer_rows):
            others = join_words([city_name(ds, c, lang) for c in cities], lang)
        else:
            others = f"其他{len(cities)}个城市" if zh else f"{len(cities)} other cities"
        pairs, unjudged = len(like), len(like) - len(judged)
        if zh:
            text = (
                f"与{others}的同一指标相比（{pairs}组同一定义的目标），{city}的目标"
                f"{n['stricter']}项更严、{n['same']}项相同、{n['looser']}项更宽"
            )
            if other_area:
                text += f"（其中{other_area}项所指区域或时段不同）"
            if unjudged:
                text += f"，{unjudged}项不可比（非数值目标或计数类指标）"
            cross = len(peer_rows) - len(like)
            if cross:
                text += f"；另有{cross}组属同一指标族但口径不同，未作比较"
        else:
            text = (
                f"Against the same indicators in {others} ({pairs} pairs of one definition), "
                f"{city}'s targets are stricter in {n['stricter']}, the same in {n['same']} "
                f"and looser in {n['looser']}"
            )
            if other_area:
                text += f" ({other_area} of these cover a different area or period)"
            if unjudged:
                text += (
                    f"; {unjudged} cannot be compared (a target in words, or a count that "
                    "scales with city size)"
                )
            cross = len(peer_rows) - len(like)
            if cross:
                text += (
                    f"; {cross} more pairs share a family but not a definition and are not compared"
                )
        out.append(sentence(text, lang))
    if len(record):
        met = record["met"].astype("boolean")
        judged, hit = int(met.notna().sum()), int(met.fillna(False).sum())
        out.append(
            sentence(
                f"上期规划的{len(record)}项指标中，{judged}项可判断，其中{hit}项已完成"
                if zh
                else f"Of the previous plan's {len(record)} indicators, {judged} can be judged "
                f"and {hit} of these were met",
                lang,
            )
        )
    return out
