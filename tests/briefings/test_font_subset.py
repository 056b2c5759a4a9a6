"""The page's CJK font subset (qcompare.briefings.fonts): what it holds, how it is cached."""

from __future__ import annotations

import io

import nbformat
import pytest
from fontTools.ttLib import TTFont
from nbformat.v4 import new_code_cell, new_notebook, new_output

from qcompare.briefings import export, fonts
from qcompare.plots.fonts import WEB_CJK_FAMILY, WEB_FONT_STACK


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QCOMPARE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "_MEMORY", {})


def cmap_of(woff2: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(woff2)).getBestCmap())


def test_the_subset_holds_exactly_the_characters_asked_for():
    text = "温州瑞安泉州：國家质量——traditional 質量 and simplified 质量（PM2.5）≤"
    points = fonts.codepoints_of([text])
    assert ord("國") in points and ord("国") not in points and ord("a") not in points
    sub = fonts.subset(points)
    assert cmap_of(sub.woff2) == set(points)
    assert sub.woff2[:4] == b"wOF2"
    other = fonts.subset(fonts.codepoints_of(["国"]))
    assert cmap_of(other.woff2) == {ord("国")} and other.name != sub.name


def test_identical_character_sets_cost_nothing(monkeypatch):
    points = fonts.codepoints_of(["质量强市"])
    first = fonts.subset(points)
    monkeypatch.setattr(fonts, "_make", lambda p: pytest.fail("subset made twice"))
    assert fonts.subset(reversed(points)).woff2 == first.woff2  # memory
    monkeypatch.setattr(fonts, "_MEMORY", {})
    assert fonts.subset(points).woff2 == first.woff2  # disk cache, as a new process sees it


def test_page_text_leaves_out_scripts_and_styles_and_decodes_entities():
    page = (
        "<html><head><style>.x{content:'样'}</style><script>var s='脚本';</script></head>"
        '<body><p title="标题">正文 &amp; &#x56FD;</p></body></html>'
    )
    text = fonts.page_text(page)
    assert "正文" in text and "国" in text and "标题" in text
    assert "样" not in text and "脚本" not in text


def test_unicode_range_merges_runs():
    assert fonts.unicode_range([0x4E01, 0x4E00, 0x4E02, 0x4E05]) == "U+4E00-4E02, U+4E05"
    assert fonts.unicode_range([]) == "U+0"


def test_figure_text_and_hover_labels_are_in_the_subset():
    figure = {
        "data": [{"type": "bar", "x": ["瑞安"], "y": [1], "hovertext": ["鑫"]}],
        "layout": {"title": {"text": "標題"}, "xaxis": {"ticktext": ["甲"]}},
    }
    nb = new_notebook(
        cells=[
            new_code_cell(
                "fig",
                outputs=[
                    new_output(
                        "display_data",
                        data={"text/html": "<div></div>", export.PLOTLY_MIMETYPE: figure},
                    )
                ],
            )
        ]
    )
    nb = nbformat.from_dict(nb)
    points = fonts.codepoints_of(export.figure_strings(nb))
    assert {ord(c) for c in "瑞安鑫標題甲"} == set(points)


def test_font_face_and_stacks():
    sub = fonts.subset(fonts.codepoints_of(["质量"]))
    css = sub.css("assets/fonts/x.woff2")
    assert f'font-family: "{WEB_CJK_FAMILY}"' in css and 'format("woff2")' in css
    assert "unicode-range: U+8D28, U+91CF" in css
    families = [f.strip().strip('"') for f in WEB_FONT_STACK.split(",")]
    # the subset first (its unicode-range holds no ASCII, so Latin text falls through to the
    # Latin fonts after it); no generic or CJK system family before the Latin ones
    assert families[0] == WEB_CJK_FAMILY and "Arial" in families
    latin = families.index("Arial")
    assert not {"system-ui", "sans-serif", "Noto Sans CJK SC"} & set(families[:latin])
    assert not any(0x20 <= c <= 0x7E for c in sub.codepoints)
    assert "--qc-font-stack" in export.page_css()


def test_font_subsets_no_page_uses_are_pruned(tmp_path):
    import json

    from qcompare.briefings.index import prune_fonts

    reports = tmp_path / "reports"
    (reports / "assets/fonts").mkdir(parents=True)
    for name in ("qcompare-cjk-aaa.woff2", "qcompare-cjk-bbb.woff2", "qcompare-cjk-idx.woff2"):
        (reports / "assets/fonts" / name).write_bytes(b"wOF2")
    (reports / "a.json").write_text(json.dumps({"font": "qcompare-cjk-aaa.woff2"}))
    assert prune_fonts(reports, {"qcompare-cjk-idx.woff2"}) == ["qcompare-cjk-bbb.woff2"]
    assert sorted(p.name for p in (reports / "assets/fonts").iterdir()) == [
        "qcompare-cjk-aaa.woff2",
        "qcompare-cjk-idx.woff2",
    ]
    (reports / "b.json").write_text("{not json")  # unsure what is used: nothing removed
    (reports / "assets/fonts/qcompare-cjk-ccc.woff2").write_bytes(b"wOF2")
    assert prune_fonts(reports, set()) == []
