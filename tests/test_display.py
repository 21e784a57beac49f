"""The notebook view of a Document: highlights, corrections on hover, topic bars, and no injection."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from vnpolicy.display import document_html, placed_corrections
from vnpolicy.document import Correction, Document, Entity

RAW = "Chi tiết bài viết\n\nNgày 19/8/2022,Ban Thường vụ Huyện ủy Tháp Mười làm việc về Mặt trận Tồ quốc."
TEXT = "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười làm việc về Mặt trận Tổ quốc."


def _seed_like() -> Document:
    def ent(label: str, words: str, **attrs) -> Entity:
        start = TEXT.index(words)
        return Entity(label, words, start, start + len(words), attrs)

    typo_at = RAW.index("Tồ quốc")
    space_at = RAW.index(",Ban") + 1
    text_typo_at = TEXT.index("Tổ quốc")
    text_space_at = TEXT.index(", Ban") + 1
    return Document(
        raw=RAW,
        text=TEXT,
        title="Tiếp và làm việc với Tổ khảo sát của Ban Dân vận Tỉnh ủy",
        date="2022-08-19",
        authors=[{"name": "Nguyễn Thu", "role": "editor"}, {"name": "Vũ Chiến", "role": "photo"}],
        source="data/articles/000_c9ab4d96580aabf9.txt",
        corrections=[
            Correction(space_at, space_at, "", " ", "spacing", text_start=text_space_at, text_end=text_space_at + 1),
            Correction(typo_at, typo_at + len("Tồ quốc"), "Tồ quốc", "Tổ quốc", "typo", 0.97,
                       text_start=text_typo_at, text_end=text_typo_at + len("Tổ quốc")),
        ],
        entities=[
            ent("DATE", "Ngày 19/8/2022", value="2022-08-19"),
            ent("ORG", "Ban Thường vụ Huyện ủy Tháp Mười", kind="party", level="huyen"),
            ent("LOC", "Tháp Mười", unit_type="huyen"),  # nested inside the ORG
            ent("ORG", "Mặt trận Tổ quốc", kind="front"),
        ],
        topics=[("dan_van", 0.81), ("xay_dung_dang", 0.42), ("mat_tran_doan_the", 0.2),
                ("kinh_te", 0.05), ("y_te", 0.02), ("giao_duc", 0.01)],
        topic="dan_van",
    )


class _Collector(HTMLParser):
    """Parses the fragment the way a browser would; records tags and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        self.in_style = tag == "style"
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}: tags do not nest"
        self.stack.pop()
        self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)


def _parse(fragment: str) -> _Collector:
    parser = _Collector()
    parser.feed(fragment)
    parser.close()
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    return parser


def test_entities_are_highlighted_with_a_legend() -> None:
    h = document_html(_seed_like())
    assert h.count('data-label="ORG"') == 2
    assert 'data-label="DATE"' in h and 'data-label="LOC"' in h
    # The nested LOC sits inside the ORG's highlight, and the whole view nests properly.
    org_start = h.index('data-label="ORG"')
    assert org_start < h.index('data-label="LOC"') < h.index("</mark>", h.index('data-label="LOC"'))
    parsed = _parse(h)
    visible = "".join(parsed.text)
    for label in ("LEGAL_DOC", "ORG", "DATE", "LOC", "PER", "PROGRAM"):
        assert label in visible  # legend keys
    assert "ORG 2" in visible and "PER 0" in visible
    # The article text is all there, in order, once the labels are taken out.
    assert "Ban Thường vụ Huyện ủy Tháp Mười" in visible
    # Attributes reach the hover text.
    assert "kind=party" in h and "level=huyen" in h


def test_corrections_show_before_and_after_on_hover() -> None:
    doc = _seed_like()
    located = {c.rule: (s, e) for c, s, e in placed_corrections(doc)}
    s, e = located["typo"]
    assert doc.text[s:e] == "Tổ quốc"
    s, e = located["spacing"]
    assert doc.text[s - 1 : e + 3] == ", Ban"
    h = document_html(doc)
    assert 'title="Tồ quốc → Tổ quốc (typo, 0.97)"' in h
    assert "∅ → ␣ (spacing)" in h
    # The typo sits inside the "Mặt trận Tổ quốc" highlight, properly nested.
    _parse(h)
    assert re.search(r'data-label="ORG"[^>]*>Mặt trận <span class="vnp-fix" title="Tồ quốc → Tổ quốc', h)


def test_topic_bars_show_the_top_five() -> None:
    h = document_html(_seed_like())
    assert h.count('class="vnp-topic') == 6  # the container + five rows
    assert "Dân vận" in h and "0.81" in h and "width: 81%" in h
    assert "giao_duc" not in h  # sixth topic left out
    assert 'class="vnp-topic vnp-best"' in h


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<b>bold</b>", '" onmouseover="alert(1)',
                                     "<img src=x onerror=alert(1)>"])
def test_article_text_is_escaped_everywhere(payload: str) -> None:
    text = f"Ban Dân vận Tỉnh ủy {payload} họp."
    raw = f"Ban Dân vận Tỉnh ủy {payload}  họp."
    doc = Document(
        raw=raw,
        text=text,
        title=f"Tiêu đề {payload}",
        date=payload,
        authors=[{"name": f"Nguyễn Thu {payload}", "role": payload}, payload],  # type: ignore[list-item]
        source=payload,
        corrections=[Correction(raw.index("  "), raw.index("  ") + 2, f"  {payload}", " ", "spacing", note=payload)],
        entities=[Entity("ORG", "Ban Dân vận Tỉnh ủy", 0, 19, {"expanded": payload, payload: payload}),
                  Entity(payload, text[20:20 + len(payload)], 20, 20 + len(payload), {})],
        topics=[(payload, 0.5)],
        topic=payload,
    )
    h = document_html(doc)
    parsed = _parse(h)
    # No tag or attribute came from the article: only the view's own.
    assert set(parsed.tags) <= {"div", "style", "h3", "h4", "span", "mark", "code", "details", "summary",
                                "table", "tr", "th", "td"}
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert "<script" not in h and "<b>" not in h and "<img" not in h
    assert html.escape(payload, quote=True) in h
    # ...and the reader still sees the text as written.
    visible = "".join(parsed.text)
    assert f"Tiêu đề {payload}" in visible and f"Nguyễn Thu {payload}" in visible
    assert f"Ban Dân vận Tỉnh ủyORG {payload}" in visible  # the label tag follows the entity


def test_empty_and_broken_documents_render() -> None:
    empty = document_html(Document(raw=""))
    _parse(empty)
    assert 'class="vnp-doc"' in empty and 'class="vnp-topics"' not in empty
    # Offsets that do not fit, crossing entities, a correction that cannot be found: no crash.
    doc = Document(
        raw="abc",
        text="Huyện ủy Tháp Mười",
        entities=[Entity("ORG", "Huyện ủy Tháp", 0, 13), Entity("LOC", "Tháp Mười", 9, 18),
                  Entity("ORG", "x", 40, 50), Entity("DATE", "", 5, 5)],
        corrections=[Correction(1, 2, "b", "zzz", "typo", 0.9), Correction(10, 20, "?", "?", "nfc")],
        topics=[("dan_van", float("nan"))],
    )
    h = document_html(doc)
    _parse(h)
    assert h.count("<mark") == 1  # the crossing LOC is dropped, the bad ones skipped
    assert "typob → zzz0.90" in "".join(_parse(h).text)  # listed in the table though not placed
    assert "b → zzz (typo" not in h  # ...and not pinned to a guessed place
    assert "nan" not in "".join(_parse(h).text)


def test_repr_html_is_the_view() -> None:
    doc = _seed_like()
    assert doc._repr_html_() == document_html(doc)


def test_real_seed_article_renders_with_its_corrections_placed(seed_text: str) -> None:
    import vnpolicy

    doc = vnpolicy.analyze(seed_text, source="data/articles/000_c9ab4d96580aabf9.txt")
    h = document_html(doc)
    parsed = _parse(h)  # nests properly
    assert 'data-label="ORG"' in h and "Ban Dân vận Tỉnh ủy" in "".join(parsed.text)
    located = placed_corrections(doc) + placed_corrections(doc, "title")
    assert len(located) == len(doc.corrections) > 0
    for c, s, e in located:  # every correction placed, from the spans the pipeline stored
        assert (s, e) == (c.text_start, c.text_end), c
        assert doc.text[s:e] == c.replacement and doc.raw[c.start : c.end] == c.original, c
    assert h.count('<span class="vnp-fix') == len(doc.corrections)  # each marked once


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_spans = st.tuples(st.integers(-3, 40), st.integers(-3, 40))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab <>&\"'ồ\n", max_size=30), ents=st.lists(_spans, max_size=6),
       fixes=st.lists(st.tuples(_spans, st.text(alphabet="ab ồ<", max_size=3)), max_size=4))
def test_any_offsets_give_well_formed_escaped_html(text, ents, fixes) -> None:
    doc = Document(
        raw=text, text=text,
        entities=[Entity("ORG", text[max(0, s):max(0, e)], s, e) for s, e in ents],
        corrections=[Correction(s, e, text[max(0, s):max(0, e)], r, "typo", 0.9) for (s, e), r in fixes],
    )
    parsed = _parse(document_html(doc))
    assert set(parsed.tags) <= {"div", "style", "h3", "h4", "span", "mark", "code", "details", "summary",
                                "table", "tr", "th", "td"}
    assert "".join(parsed.text).count("<") >= text.count("<")
