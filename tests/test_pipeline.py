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


def test_tokens_disabled_never_segments(monkeypatch) -> None:
    """With ``disable=["tokenize"]`` no step splits sentences or words, nor loads a segmenter
    backend: entities and topics read ``doc.text`` as it is (the cheapest path)."""
    import vnpolicy.tokenize as tokenize
    import vnpolicy.tokenize.backends as backends

    def refuse(*args, **kwargs):
        raise AssertionError("segmentation ran with the tokenize step disabled")

    text = ("Sáng 12/3/2024, Ban Dân vận Huyện ủy Tiền Hải tổ chức hội nghị triển khai Nghị quyết số "
            "05-NQ/HU về công tác dân vận. Đồng chí Trần Văn Bình, Phó Bí thư Huyện ủy, phát biểu chỉ đạo.")
    full = Pipeline()(text)
    nlp = Pipeline(disable=["tokenize"])
    for name in ("sent_tokenize", "word_tokenize", "word_spans", "_segment_line"):
        monkeypatch.setattr(tokenize, name, refuse)
    monkeypatch.setattr(backends, "get_backend", refuse)
    lean = nlp(text)
    assert lean.sentences == [] and lean.tokens == []
    assert [(e.label, e.text, e.start) for e in lean.entities] == [(e.label, e.text, e.start) for e in full.entities]
    assert any(e.label == "LEGAL_DOC" and e.text.endswith("05-NQ/HU") for e in lean.entities)
    assert lean.topics == full.topics and lean.topic == full.topic


def test_entity_to_dict_is_asdict() -> None:
    """Entity.to_dict skips asdict's generic walk (a third of writing a document out) and gives
    the same dict, nested attributes copied, not shared."""
    from dataclasses import asdict

    doc = Pipeline(disable=["tokenize"], topics=False)(
        "Ngày 05/9/2023, UBND huyện Tháp Mười ban hành Quyết định số 1234/QĐ-UBND về Chương trình "
        "mục tiêu quốc gia xây dựng nông thôn mới; ông Nguyễn Văn Hùng, Chủ tịch UBND huyện, ký.")
    assert len(doc.entities) >= 3
    for entity in doc.entities + doc.nested:
        assert entity.to_dict() == asdict(entity)
    e = vnpolicy.Entity("ORG", "Ban Dân vận", 0, 11, {"parts": [{"level": "tinh"}], "span": (0, 3)})
    out = e.to_dict()
    assert out == asdict(e) and out["attrs"]["span"] == (0, 3)
    out["attrs"]["parts"][0]["level"] = "huyen"
    assert e.attrs["parts"][0]["level"] == "tinh"


def test_first_article_moves_the_loaded_models_out_of_the_collectors_way(monkeypatch):
    """After a Pipeline's first article its models are in the permanent generation: full
    collections (one every few articles) no longer walk them (vnpolicy.resident)."""
    import gc

    from vnpolicy import resident
    from vnpolicy.tokenize.crf import load_segmenter

    monkeypatch.setattr(resident, "MIN_OBJECTS", 0)
    gc.unfreeze()
    try:
        nlp = Pipeline(tokenizer="vnpolicy")
        nlp("Sáng 3/5, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết phong trào thi đua.")
        dictionary = load_segmenter().dictionary
        assert gc.get_freeze_count() > 0
        assert not any(o is dictionary for o in gc.get_objects())  # frozen: no collection walks it
        doc = nlp("Đồng chí Bí thư Huyện ủy phát biểu chỉ đạo hội nghị.")
        assert doc.entities  # later articles run as before
    finally:
        gc.unfreeze()


def test_an_article_leaves_no_reference_cycles_for_the_paused_collector():
    """The collector is off while an article is analysed (vnpolicy.resident.paused): that is only
    free if the work leaves no garbage that reference counting cannot free."""
    import gc

    nlp = Pipeline()
    nlp("Sáng 3/5, Ban Dân vận Huyện ủy Tháp Mười tổ chức hội nghị sơ kết.")  # models loaded
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        nlp("Ngày 19/8/2022, UBND tỉnh Đồng Tháp ban hành Quyết định 123/QĐ-UBND về phong trào "
            "thi đua. Đồng chí Nguyễn Văn An, Bí thư Huyện ủy, phát biểu tại hội nghị khiếu nại, tổ cáo.")
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_the_collector_is_on_again_after_an_article_and_stays_off_when_it_was(monkeypatch):
    import gc

    from vnpolicy import resident

    seen = []
    nlp = Pipeline(entities=False, topics=False)
    nlp.add_step(lambda doc, state: seen.append(gc.isenabled()), name="probe")
    assert gc.isenabled()
    nlp("Ban Thường vụ Tỉnh ủy họp.")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        nlp("Ban Thường vụ Tỉnh ủy họp.")
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(resident, "enabled", False)
    nlp("Ban Thường vụ Tỉnh ủy họp.")
    assert seen == [False, False, True]


def test_leaves_the_collector_alone_when_told(monkeypatch):
    import gc

    from vnpolicy import resident

    monkeypatch.setattr(resident, "enabled", False)
    gc.unfreeze()
    Pipeline(tokenizer="vnpolicy")("Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 5.")
    assert gc.get_freeze_count() == 0
