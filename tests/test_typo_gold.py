"""The judged real-typo gold set (data/gold/typos/) is well formed; no corpus needed."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold" / "typos"
KINDS = {"spacing", "glued", "repeated", "letter", "tone", "dd", "no_diacritics", "missing_word", "other"}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def halves() -> dict[str, list[dict]]:
    return {"tune": _rows("tune.jsonl"), "test": _rows("test.jsonl")}


@pytest.fixture(scope="module")
def lookalikes() -> list[dict]:
    return _rows("lookalikes.jsonl")


def test_typo_rows_have_the_schema_and_their_offsets_point_at_the_wrong_form(halves):
    for name, rows in halves.items():
        assert rows, f"{name}.jsonl is empty"
        for r in rows:
            assert {"id", "source_file", "context", "start", "end", "wrong", "right", "kind"} <= r.keys(), r
            assert r["context"][r["start"] : r["end"]] == r["wrong"], r["id"]
            assert r["kind"] in KINDS, r["id"]
            assert r["wrong"] != r["right"], r["id"]
            assert (r["kind"] == "missing_word") == (r["wrong"] == ""), r["id"]
            assert 0 < len(r["context"]) <= 300 and r["source_file"], r["id"]
            assert r.get("nfc", True) == unicodedata.is_normalized("NFC", r["context"]), r["id"]


def test_lookalike_rows_have_the_schema_and_their_offsets_point_at_the_form(lookalikes):
    assert lookalikes
    for r in lookalikes:
        assert {"id", "source_file", "context", "start", "end", "form", "why"} <= r.keys(), r
        assert r["context"][r["start"] : r["end"]] == r["form"], r["id"]
        assert 0 < len(r["context"]) <= 300 and r["source_file"], r["id"]


def test_ids_are_unique_across_all_files(halves, lookalikes):
    ids = [r["id"] for rows in halves.values() for r in rows] + [r["id"] for r in lookalikes]
    assert len(ids) == len(set(ids))


def test_no_source_article_is_in_both_halves(halves):
    tune = {r["source_file"] for r in halves["tune"]}
    test = {r["source_file"] for r in halves["test"]}
    assert not tune & test


def test_the_set_is_big_enough_to_tune_and_report_on(halves, lookalikes):
    rows = halves["tune"] + halves["test"]
    assert len(rows) >= 600 and len(lookalikes) >= 300
    assert min(len(halves["tune"]), len(halves["test"])) >= 0.4 * len(rows)
    kinds = {r["kind"] for r in rows}
    assert kinds >= {"spacing", "glued", "repeated", "letter", "tone", "dd", "no_diacritics", "missing_word"}


def test_spacing_faults_are_at_most_thirty_percent(halves):
    rows = halves["tune"] + halves["test"]
    assert sum(r["kind"] == "spacing" for r in rows) <= 0.3 * len(rows)


def test_known_items_read_as_judged(halves):
    """A few judged items, spot-checked by their wrong/right pair."""
    pairs = {(r["wrong"], r["right"]) for rows in halves.values() for r in rows}
    assert ("mối", "môi") in pairs  # "tội “mối giới hối lộ”"
    assert ("tố", "tổ") in pairs  # "rồi tố chức nhập lậu"


def test_the_written_typos_are_rebuilt_from_their_marked_paragraphs():
    """data/gold/typos/written: written.jsonl is what build.py makes of paragraphs.txt, and each
    row's offsets point at its typed form in the paragraph as typed."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("written_build", GOLD / "written" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rows = _rows("written/written.jsonl")
    typed = {}
    for i, line in enumerate((GOLD / "written" / "paragraphs.txt").read_text(encoding="utf-8").splitlines(), 1):
        pid, text, typos = build.parse(line, f"line {i}")
        typed[pid] = (text, typos)
    assert {r["paragraph"] for r in rows} == set(typed)
    for r in rows:
        text, typos = typed[r["paragraph"]]
        assert r["context"] == text and text[r["start"]:r["end"]] == r["wrong"]
        assert r["kind"] == "none" or {k: r[k] for k in ("start", "end", "wrong", "right", "kind")} in typos
    assert sum(r["kind"] != "none" for r in rows) == 100


def test_a_bad_mark_in_the_written_paragraphs_names_its_line():
    import importlib.util

    spec = importlib.util.spec_from_file_location("written_build", GOLD / "written" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    with pytest.raises(ValueError, match="line 7"):
        build.parse("p01\tXã {{tổ chưc|tổ chức|typo}} hội nghị.", "line 7")
    with pytest.raises(ValueError, match="line 8"):
        build.parse("p01\tXã {{tổ chức|tổ chức|tone}} hội nghị.", "line 8")
