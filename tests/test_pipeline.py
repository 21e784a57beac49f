"""The pipeline end to end on the seed article: the contract of DESIGN.md."""

from __future__ import annotations

import json

import vnpolicy
from vnpolicy import Document, Pipeline


def test_analyze_seed_returns_document(seed_text: str) -> None:
    doc = vnpolicy.analyze(seed_text, source="seed.txt")
    assert isinstance(doc, Document)
    assert doc.raw == seed_text
    assert "01 của" in doc.text and "01của" not in doc.text
    assert "làm việc, Tổ" in doc.text
    assert "  " not in doc.text
    # corrections point into the raw text
    for c in doc.corrections:
        assert seed_text[c.start : c.end] == c.original
    json.dumps(doc.to_dict(), ensure_ascii=False)
    assert Document.from_dict(doc.to_dict()).to_dict() == doc.to_dict()


def test_pipe_preserves_order() -> None:
    nlp = Pipeline(topics=False, entities=False)
    texts = ["Tiêu đề một\n\nNội dung thứ nhất.", "Tiêu đề hai\n\nNội dung thứ hai."]
    docs = list(nlp.pipe(texts))
    assert [d.title for d in docs] == ["Tiêu đề một", "Tiêu đề hai"]


def test_text_without_vietnamese_gets_no_topic_and_says_why() -> None:
    doc = Pipeline()("The quick brown fox jumps over the lazy dog. 12345.")
    assert doc.topics == [] and doc.topic is None
    assert "Vietnamese" in doc.meta["topics_error"]


def test_corrections_come_in_raw_text_order(seed_text: str) -> None:
    doc = vnpolicy.analyze(seed_text)
    starts = [c.start for c in doc.corrections]
    assert starts == sorted(starts)
    rules = {c.rule for c in doc.corrections}
    assert {"spacing", "typo"} <= rules


def test_hand_built_article_without_spans_keeps_offsets_into_doc_raw() -> None:
    article = vnpolicy.Article(path=None, title="Tin", date=None, authors=[],
                               body="Khiếu nại,tố cáo của nhân dân.", raw="Tin\n\nKhiếu nại,tố cáo của nhân dân.")
    doc = Pipeline(topics=False)(article)
    assert doc.corrections, "the missing space after the comma is fixed"
    for c in doc.corrections:
        assert doc.raw[c.start : c.end] == c.original
