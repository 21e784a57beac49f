"""The public misspelling corpus (data/gold/typos/viwiki): its files are what build.py makes of
the transcriptions, every mistake sits at its offsets, and the halves share no document."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

VIWIKI = Path(__file__).resolve().parent.parent / "data" / "gold" / "typos" / "viwiki"
KINDS = {"spacing", "glued", "repeated", "letter", "tone", "dd", "no_diacritics", "missing_word", "other"}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (VIWIKI / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _build():
    spec = importlib.util.spec_from_file_location("viwiki_build", VIWIKI / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_mistake_sits_at_its_offsets_and_has_a_kind():
    for half in ("tune", "test"):
        rows = _rows(f"{half}.jsonl")
        assert len(rows) > 700
        for r in rows:
            assert r["context"][r["start"]:r["end"]] == r["wrong"], r["id"]
            assert r["right"] and r["right"] != r["wrong"] and r["kind"] in KINDS


def test_the_halves_share_no_document_and_ids_are_unique():
    tune, test = _rows("tune.jsonl"), _rows("test.jsonl")
    assert not {r["source_file"] for r in tune} & {r["source_file"] for r in test}
    ids = [r["id"] for r in tune + test]
    assert len(ids) == len(set(ids))


def test_the_files_are_what_build_makes_of_the_transcriptions():
    build = _build()
    rows = [json.loads(line) for path in sorted((VIWIKI / "transcribed").glob("part*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items, _ = build.items(rows)
    made = {half: [g for g in items if build.split_of(g["source_file"].split(":", 1)[1]) == half] for half in ("tune", "test")}
    assert made["tune"] == _rows("tune.jsonl")
    assert made["test"] == _rows("test.jsonl")


def test_the_right_form_keeps_the_mistakes_capital():
    # the set suggests "quế" for the name "Ngô Tam Quê"; the gold keeps the capital
    assert _build()._cased_like("Quê", "quế") == "Quế"
    assert _build()._cased_like("quê", "quế") == "quế"
