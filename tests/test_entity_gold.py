"""The VNTC entity gold set: well-formed, exact offsets, split by source article."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold" / "entities" / "vntc"
LABELS = {"LEGAL_DOC", "ORG", "DATE", "LOC", "PER", "PROGRAM"}


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_spans_are_flat_sorted_and_trimmed(split):
    for row in rows(split):
        text, ents = row["text"], row["entities"]
        assert row["split"] == split and row["source_file"]
        last_end = 0
        for start, end, label in ents:
            assert label in LABELS
            assert last_end <= start < end <= len(text), (row["id"], start, end)
            assert text[start:end] == text[start:end].strip()
            last_end = end
        for start, end, label, parent in row["nested"]:
            p_start, p_end, p_label = ents[parent]
            assert p_start <= start < end <= p_end
            assert (p_label, label) in {("LEGAL_DOC", "ORG"), ("LEGAL_DOC", "DATE"), ("ORG", "LOC")}


def test_split_by_source_article_and_every_label_well_represented():
    by_split = {s: rows(s) for s in ("train", "dev", "test")}
    sources = {s: {r["source_file"] for r in rs} for s, rs in by_split.items()}
    assert not (sources["train"] & sources["dev"]) and not (sources["train"] & sources["test"])
    assert not (sources["dev"] & sources["test"])
    ids = [r["id"] for rs in by_split.values() for r in rs]
    assert len(ids) == len(set(ids)) >= 1000
    counts = Counter(label for rs in by_split.values() for r in rs for *_, label in r["entities"])
    assert sum(counts.values()) >= 5000 and min(counts[label] for label in LABELS) >= 300


def test_double_annotated_share_is_at_least_15_percent():
    double = rows("double")
    pairs = Counter(r["id"] for r in double)
    assert all(n == 2 for n in pairs.values())
    total = sum(len(rows(s)) for s in ("train", "dev", "test"))
    assert len(pairs) / total >= 0.15
    texts = {}
    for r in double:
        assert texts.setdefault(r["id"], r["text"]) == r["text"]  # both annotators saw the same text
