"""The raw↔text alignment kept in the data model: corrections know where they sit on both sides,
titles' corrections are recorded, and the view and the tables place every correction exactly,
also on text that repeats the same fragment (where searching for it again used to misplace it)."""

from __future__ import annotations

import json
import pickle
import unicodedata
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vnpolicy
from vnpolicy.alignment import Alignment, Segment
from vnpolicy.display import correction_label, document_html
from vnpolicy.document import Article, Correction, Document
from vnpolicy.frames import to_frames
from vnpolicy.text import TextTrace, correct
from vnpolicy.text.trace import Edit


@pytest.fixture(scope="module")
def nlp() -> vnpolicy.Pipeline:
    return vnpolicy.Pipeline(disable=["tokenize", "entities", "topics"])


def _holds(doc: Document, c: Correction) -> None:
    """Both sides of a correction: the raw text holds ``original``, the normalized text ``replacement``."""
    raw, text = (doc.raw, doc.text) if c.field == "text" else (doc.raw_title or "", doc.title or "")
    assert raw[c.start : c.end] == c.original, c
    assert c.text_start is not None and c.text_end is not None, c
    assert text[c.text_start : c.text_end] == c.replacement, c


# -- the alignment itself ------------------------------------------------------------------


def test_alignment_maps_both_ways_around_chrome_and_fixes() -> None:
    raw = "Chi tiết bài viết\n\nBan Dân vận làm việc,Tổ khảo sát"
    chrome = len("Chi tiết bài viết\n\n")
    trace = TextTrace(raw)
    trace.apply([Edit(0, chrome, "", "read")], record=False)
    trace.apply([Edit(raw.index(",Tổ") + 1 - chrome, raw.index(",Tổ") + 1 - chrome, " ", "spacing")])
    a = trace.alignment()
    assert trace.text == "Ban Dân vận làm việc, Tổ khảo sát"
    assert a.segments == [Segment(0, chrome, 0, 0), Segment(40, 40, 21, 22)]
    ban = trace.text.index("Ban Dân vận")
    assert a.raw_span(ban, ban + 11) == (chrome, chrome + 11) and raw[chrome : chrome + 11] == "Ban Dân vận"
    to = trace.text.index("Tổ khảo sát")
    start, end = a.raw_span(to, len(trace.text))
    assert raw[start:end] == "Tổ khảo sát"
    assert a.text_span(start, end) == (to, len(trace.text))
    assert a.text_span(0, chrome) == (0, 0)  # the chrome went; it stood at the start
    assert a.text_span(40, 40) == (21, 22)  # the space put after the comma
    assert a.raw_span(0, 0) == (0, chrome)  # ...and what was dropped before the text
    with pytest.raises(ValueError, match="does not fit the text"):
        a.raw_span(0, 99)


def test_alignment_is_compact_and_round_trips() -> None:
    raw = "Ban Dân vận Tỉnh ủy " * 200 + "làm việc,Tổ"
    trace = TextTrace(raw)
    trace.apply([Edit(len(raw) - 2, len(raw) - 2, " ", "spacing")])
    a = trace.alignment()
    assert a.segments == [Segment(len(raw) - 2, len(raw) - 2, len(raw) - 2, len(raw) - 1)]
    assert Alignment.from_dict(json.loads(json.dumps(a.to_dict()))) == a
    assert pickle.loads(pickle.dumps(a)) == a
    with pytest.raises(ValueError, match="out of order"):
        Alignment(10, 10, [Segment(5, 6, 5, 6), Segment(2, 3, 2, 3)])


# -- corrections know both sides -----------------------------------------------------------


def test_title_corrections_are_recorded(nlp: vnpolicy.Pipeline) -> None:
    doc = nlp("Ban Dân vận Tỉnh ủy làm việc với Tổ khảo sát.", title="Hội nghị ở Thanh Hoá,Tồ quốc")
    assert doc.raw_title == "Hội nghị ở Thanh Hoá,Tồ quốc"
    assert doc.title != doc.raw_title
    titled = [c for c in doc.corrections if c.field == "title"]
    assert {(c.original, c.replacement, c.rule) for c in titled} >= {("Hoá", "Hóa", "tone_style"), (",", ", ", "spacing")}
    for c in doc.corrections:
        _holds(doc, c)
    assert doc.raw_span(0, 8, field="title") == (0, 8)
    hoa = doc.title.index("Hóa")
    assert doc.raw_title[slice(*doc.raw_span(hoa, hoa + 3, field="title"))] == "Hoá"


def test_a_fix_inside_a_composed_run_keeps_both_corrections_true(nlp: vnpolicy.Pipeline) -> None:
    """NFD text is composed as one run; a typo fixed inside it afterwards widens nothing wrongly:
    the run's correction reports what the text now holds."""
    raw = unicodedata.normalize("NFD", "Ban Dân vận Tỉnh ủy và Mặt trận Tồ quốc") + " tỉnh Đồng Tháp."
    doc = nlp(raw)
    assert "Mặt trận Tổ quốc" in doc.text
    assert {c.rule for c in doc.corrections} >= {"nfc", "typo"}
    for c in doc.corrections:
        _holds(doc, c)


def test_documents_keep_the_alignment_through_json_and_pickle(nlp: vnpolicy.Pipeline, seed_text: str) -> None:
    doc = nlp(seed_text, source="data/articles/000_c9ab4d96580aabf9.txt")
    assert doc.corrections and doc.alignment is not None
    assert len(doc.alignment.segments) < 50  # a few changed places, not a map per character
    for again in (Document.from_dict(json.loads(json.dumps(doc.to_dict()))), pickle.loads(pickle.dumps(doc))):
        assert again.to_dict() == doc.to_dict()
        for c in again.corrections:
            _holds(again, c)
            assert again.raw_span(c.text_start, c.text_end)[0] <= c.start


def test_output_written_before_the_spans_still_reads_and_places(nlp: vnpolicy.Pipeline) -> None:
    doc = nlp("Tổ khảo sát làm việc,Tổ quốc ghi nhận.")
    line = doc.to_dict()
    for c in line["corrections"]:
        del c["text_start"], c["text_end"], c["field"]
    old = Document.from_dict(line)  # an older JSONL line: no text spans on the corrections
    assert old.corrections[0].text_start is None and old.corrections[0].field == "text"
    row = to_frames([old])["corrections"].iloc[0]
    assert (row["text_start"], row["text_end"]) == (doc.corrections[0].text_start, doc.corrections[0].text_end)
    del line["alignment"]
    bare = Document.from_dict(line)
    with pytest.raises(ValueError, match="no alignment kept"):
        bare.raw_span(0, 3)
    assert 'class="vnp-fix' in document_html(old) and "<td>,</td>" not in document_html(bare)


# -- the view and the tables, on text that repeats itself ------------------------------------


class _Marks(HTMLParser):
    """Where the view put each correction mark in one fragment (the title or the body):
    ``(start, end, hover text)`` in offsets of the visible text (markers' ✎ not counted)."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.at = 0
        self.stack: list[tuple[int, str] | None] = []
        self.marks: list[tuple[int, int, str]] = []
        self.in_marker = False
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_marker = a.get("class") == "vnp-fix-mark"
        if self.in_marker:
            self.marks.append((self.at, self.at, a["title"]))
        self.stack.append((self.at, a["title"]) if a.get("class") == "vnp-fix" else None)

    def handle_endtag(self, tag):
        top = self.stack.pop()
        self.in_marker = False
        if top is not None:
            self.marks.append((top[0], self.at, top[1]))

    def handle_data(self, data):
        if not self.in_marker:
            self.at += len(data)


def _marks(page: str) -> list[tuple[str, int, int, str]]:
    found = []
    if '<h3 class="vnp-title">' in page:
        title = page.split('<h3 class="vnp-title">', 1)[1].split("</h3>", 1)[0]
        found += [("title", *m) for m in _Marks(title).marks]
    body = page.split('<div class="vnp-body"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    return found + [("body", *m) for m in _Marks(body).marks]


FRAGMENTS = ["làm việc,Tổ", "Mặt trận Tồ quốc", "việc,Tổ", "ở Thanh Hoá", "Tồ quốc", "Tổ khảo sát", "01của",
             "tổ cáo", "Ban Dân vận", "\u200b", "  ", "Nghị quyết số 01-NQ/TU", "quyêt định", "hoà giải"]
SEPARATORS = [" ", "  ", ". ", ", ", "\n\n", ",", ""]


@st.composite
def repeated_text(draw: st.DrawFn) -> str:
    """Text built from a few fragments repeated in any order: the same typo phrase, the same
    missing space, several times over."""
    picked = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3, unique=True))
    parts = draw(st.lists(st.sampled_from(picked), min_size=2, max_size=10))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


@settings(max_examples=120, deadline=None)
@given(body=repeated_text(), title=st.one_of(st.none(), repeated_text()),
       nfd=st.booleans())
def test_every_correction_is_placed_exactly_once_where_it_belongs(nlp: vnpolicy.Pipeline, body: str,
                                                                  title: str | None, nfd: bool) -> None:
    raw = unicodedata.normalize("NFD", body) if nfd else body
    doc = nlp(raw, title=title)
    for c in doc.corrections:
        _holds(doc, c)
    # The view: each correction marked once, at its stored place (a point marker at its start).
    found = sorted(_marks(document_html(doc)))
    expected = []
    for c in doc.corrections:
        if c.field == "title" and not doc.title:
            continue  # a title of invisible characters only: nothing left to show, listed in the table
        where = "body" if c.field == "text" else "title"
        shown = c.text_end > c.text_start and c.replacement.strip()
        expected.append((where, c.text_start, c.text_end if shown else c.text_start, correction_label(c)))
    assert found == sorted(expected)
    # The tables: the same spans.
    rows = to_frames([doc])["corrections"]
    assert list(zip(rows["field"], rows["text_start"], rows["text_end"])) == \
        [(c.field, c.text_start, c.text_end) for c in doc.corrections]


@settings(max_examples=150, deadline=None)
@given(raw=st.text(alphabet="ăâđêôơưàảãạáTồổ ,.", max_size=20),
       batches=st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.text(alphabet="ổồ ,x", max_size=3)),
                                 max_size=4), min_size=1, max_size=5))
def test_corrections_stay_true_through_any_later_edits(raw: str, batches: list) -> None:
    """However later rules edit around or inside what an earlier one wrote, every correction's
    raw span holds its before text and its text span its after text."""
    trace = TextTrace(raw)
    for batch in batches:
        edits, pos = [], 0
        for at, width, replacement in sorted(batch):
            start = max(pos, min(at, len(trace.text)))
            end = min(len(trace.text), start + width)
            edits.append(Edit(start, end, replacement, "test"))
            pos = end
        trace.apply(edits)
    doc = Document(raw=raw, text=trace.text, corrections=trace.corrections, alignment=trace.alignment())
    for c in doc.corrections:
        _holds(doc, c)
    for start in range(len(doc.text) + 1):  # every text span maps into the raw text, in order
        a, b = doc.raw_span(start, len(doc.text))
        assert 0 <= a <= b <= len(raw)


def test_correct_result_view_places_repeated_fixes() -> None:
    from vnpolicy.display import corrected_html

    text = "làm việc,Tổ khảo sát; làm việc,Tổ khảo sát; làm việc,Tổ khảo sát"
    result = correct(text)
    assert result.text.count("việc, Tổ") == 3
    assert [result.text[c.text_start : c.text_end] for c in result.corrections] == [", "] * 3
    assert [c.text_start for c in result.corrections] == [m for m in range(len(result.text))
                                                          if result.text.startswith(", Tổ", m)]
    assert [(start, end) for _, start, end, _ in _marks(corrected_html(result))] == \
        [(c.text_start, c.text_end) for c in result.corrections]


def test_an_article_with_body_spans_maps_corrections_into_the_page_text(nlp: vnpolicy.Pipeline) -> None:
    raw = "Trang chủ | Tin tức\nTồ quốc ghi công\nViệc,Tổ khảo sát làm việc,Tổ công tác.\nBản quyền"
    start = raw.index("Việc")
    end = raw.index("\nBản")
    doc = nlp(Article(path=None, title=None, date=None, authors=[], body=raw[start:end], raw=raw,
                      body_spans=[(start, end)]))
    assert doc.text == "Việc, Tổ khảo sát làm việc, Tổ công tác."
    assert [(c.start, c.text_start) for c in doc.corrections] == [(start + 4, 4), (raw.index(",Tổ c"), doc.text.index(", Tổ c"))]
    for c in doc.corrections:
        _holds(doc, c)
    assert doc.text_span(0, start) == (0, 0)  # the page chrome is gone from the text


def test_batch_outputs_carry_the_spans_and_the_alignment(tmp_path) -> None:
    from vnpolicy.batch.output import read_jsonl
    from vnpolicy.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bai.txt").write_text(
        "Trang chủ > Tin tức - Sự kiện > Công tác Dân vận\n\n"
        "Hội nghị ở Thanh Hoá,Tổ khảo sát làm việc\n\n"
        "Thứ Sáu, 16/04/2021 09:42\n\n"
        "Tổ khảo sát làm việc,Tổ công tác tại xã. Sau đó Tổ khảo sát làm việc,Tổ công tác tại huyện.\n",
        encoding="utf-8")
    assert main(["analyze", str(folder), "-o", str(tmp_path / "out.jsonl"), "--workers", "1", "--quiet"]) == 0
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["alignment"]["segments"] and line["raw_title"] is not None
    fixes = [c for c in line["corrections"] if c["field"] == "text" and c["original"] == ","]
    assert len(fixes) == 2 and all(line["text"][c["text_start"] : c["text_end"]] == ", " for c in fixes)
    assert {"start", "end", "original", "replacement", "rule", "confidence", "note"} <= set(fixes[0])  # old fields kept
    (doc,) = read_jsonl(tmp_path / "out.jsonl")
    for c in doc.corrections:
        _holds(doc, c)
    assert main(["analyze", str(folder), "-o", str(tmp_path / "csv"), "--format", "csv", "--workers", "1", "--quiet"]) == 0
    import pandas as pd

    table = pd.read_csv(tmp_path / "csv" / "corrections.csv", encoding="utf-8-sig")
    assert list(table[["field", "text_start", "text_end"]].itertuples(index=False, name=None)) == \
        [(c.field, c.text_start, c.text_end) for c in doc.corrections]


def test_a_title_that_is_not_text_is_refused_clearly(nlp: vnpolicy.Pipeline) -> None:
    with pytest.raises(TypeError, match="title must be a str, got int"):
        nlp("Ban Dân vận Tỉnh ủy làm việc với Tổ khảo sát.", title=2022)  # type: ignore[arg-type]


def _per_character(raw: str, batches: list[list[Edit]]) -> tuple[str, list[int], list[int]]:
    """The map spelled out per character, as TextTrace kept it before it kept blocks (the reference)."""
    text, starts, ends = raw, list(range(len(raw))), list(range(1, len(raw) + 1))
    for edits in batches:
        pieces, new_starts, new_ends, pos = [], [], [], 0
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            pieces.append(text[pos : e.start])
            new_starts += starts[pos : e.start]
            new_ends += ends[pos : e.start]
            if e.start < e.end:
                span = starts[e.start], ends[e.end - 1]
            else:
                span = (starts[e.start],) * 2 if e.start < len(starts) else (ends[-1],) * 2 if ends else (len(raw),) * 2
            pieces.append(e.replacement)
            new_starts += [span[0]] * len(e.replacement)
            new_ends += [span[1]] * len(e.replacement)
            pos = e.end
        pieces.append(text[pos:])
        text, starts, ends = "".join(pieces), new_starts + starts[pos:], new_ends + ends[pos:]
    return text, starts, ends


@settings(max_examples=300, deadline=None)
@given(raw=st.text(alphabet="aab ,Tổ", max_size=24),
       batches=st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.text(alphabet="ab ,ổ", max_size=3),
                                           st.booleans()), max_size=5), min_size=1, max_size=6))
def test_the_trace_keeps_the_per_character_map_in_blocks(raw: str, batches: list) -> None:
    """The trace keeps its map as blocks (an edit costs what it changes, not the text's length):
    the map it spells out is the per-character one, and its alignment is the one built from that,
    also where a one-character edit puts back the raw character or edits overlap raw spans."""
    trace, applied = TextTrace(raw), []
    for batch in batches:
        edits, pos = [], 0
        for at, width, replacement, restore in sorted(batch):
            start = max(pos, min(at, len(trace.text)))
            end = min(len(trace.text), start + width)
            if restore and end == start + 1:
                replacement = trace.text[start:end]  # no change, or the raw character put back
            edits.append(Edit(start, end, replacement, "test"))
            pos = end
        trace.apply(edits)
        applied.append(edits)
    text, starts, ends = _per_character(raw, applied)
    assert trace.text == text
    assert trace.char_spans() == (starts, ends)
    assert trace.alignment() == Alignment.from_char_spans(raw, text, starts, ends)
    assert [trace.raw_span(i, j) for i in range(len(text) + 1) for j in range(i, min(len(text), i + 2) + 1)] == \
        [(starts[i], ends[j - 1]) if i < j else _point(i, raw, starts, ends) for i in range(len(text) + 1)
         for j in range(i, min(len(text), i + 2) + 1)]


def _point(i: int, raw: str, starts: list[int], ends: list[int]) -> tuple[int, int]:
    pos = starts[i] if i < len(starts) else ends[-1] if ends else len(raw)
    return pos, pos
