"""The typo corrector on real Vietnamese: the slips it must fix and the text it must not touch."""

from __future__ import annotations

import pytest

import vnpolicy
from vnpolicy.text.spelling import DEFAULT_THRESHOLD, load_model, typo_edits
from vnpolicy.text.spelling.corrector import edit_cost, telex_decode
from vnpolicy.text.spelling.model import confusion_signature, syllable_key


def fixed(text: str, **kw) -> str:
    out, pos = [], 0
    for e in sorted(typo_edits(text, **kw), key=lambda e: e.start):
        out += [text[pos : e.start], e.replacement]
        pos = e.end
    return "".join(out) + text[pos:]


# Sentences from provincial portals and the seed article, each with one real slip.
FIXES = [
    ("Nội dung, phương thức hoạt động của Mặt trận Tồ quốc và các tổ chức chính trị - xã hội có bước đổi mới.", "Tồ", "Tổ"),
    ("Chính quyền các cấp trực tiếp đối thoại giải quyết khiếu nại, tổ cáo của nhân dân.", "tổ", "tố"),
    ("Ủy ban nhân dân tỉnh vừa ban hành quyêt định thành lập Ban Chỉ đạo.", "quyêt", "quyết"),
    ("Kỷ niệm ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Viễt Nam.", "Viễt", "Việt"),
    ("Hội nghị có ỹ nghĩa quan trọng trong việc triển khai Nghị quyết.", "ỹ", "ý"),
    ("Tham dự hội nghị có lãnh đạo các sơ, ban, ngành tỉnh.", "sơ", "sở"),
    ("Ban Chỉ đạo quocs gia về xây dựng nông thôn mới.", "quocs", "quốc"),
    ("Chương trình đã hỗ trợ cho hàng nghìn nguowif dân trong tỉnh.", "nguowif", "người"),
    ("Xã đã hoàn thành 19/19 tiêu chí xây dựng nông thông mới.", "thông", "thôn"),
    ("Cán bộ, đảng viên và những ngừơi dân trong xã đều đồng tình.", "ngừơi", "người"),
    ("Thủ tướng Chính phủ vừa ky quyết định phê duyệt đề án.", "ky", "ký"),
    ("Đẩy mạnh công tác phòng, chống tham nhủng, tiêu cực.", "nhủng", "nhũng"),
]


@pytest.mark.parametrize("sentence, wrong, right", FIXES)
def test_fixes_real_slips(sentence, wrong, right):
    edits = typo_edits(sentence)
    assert [(sentence[e.start : e.end], e.replacement) for e in edits] == [(wrong, right)]
    (edit,) = edits
    assert edit.rule == "typo"
    assert DEFAULT_THRESHOLD <= edit.confidence <= 1 or edit.confidence >= 0.5
    assert wrong in edit.note and right in edit.note


# Correct text that must come back untouched: names, set words, abbreviations, codes, caps.
NON_FIXES = [
    "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp và làm việc với Tổ khảo sát.",
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Các cấp ủy, tổ chức đảng, cán bộ, đảng viên nhận thức đầy đủ hơn về công tác dân vận.",
    "Viện kiểm sát thực hiện kiểm sát việc tuân theo pháp luật trong hoạt động tố tụng.",
    "Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội tham gia giám sát.",
    "Thanh niên sẵn sàng lên đường bảo vệ tổ quốc.",
    "UBND huyện, HĐND xã và Ban Chỉ đạo NTM họp về Quyết định số 123/QĐ-UBND ngày 05/9/2022.",
    "Thực hiện Nghị quyết TW4 khóa XII và Nghị quyết số 01-NQ/TU của Ban Chấp hành Đảng bộ tỉnh.",
    "TIẾP TỤC TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG ĐỐI VỚI CÔNG TÁC DÂN VẬN",
    "Chi tiết xem tại https://www.dongthap.gov.vn/tin-tuc hoặc gửi thư về banbientap@dongthap.gov.vn.",
    "Ứng dụng Smart City, Internet of Things và Zalo được dùng trong dịch vụ công trực tuyến.",
    "Tổng kinh phí 1.250 triệu đồng, đạt 98,5% kế hoạch năm 2022.",
    "Người dân có thể nộp hồ sơ online qua website hoặc gửi email, xem clip và video trên fanpage.",
    "Lọt top 10 game show được yêu thích, đi xe bus đến bến xe.",
    "Đoàn công tác của tỉnh Đắk Lắk, Kon Tum thăm hỏi gia đình ông Y Bhin Niê.",
    "Ông Nguyễn Văn Tồ, Chủ tịch UBND xã, phát biểu tại hội nghị.",
    "BT: Nguyễn Thu – Hình: Vũ Chiến",
    "Đồng chí Lê Văn Hòa, Phó Bí thư Thường trực Huyện ủy phát biểu chỉ đạo hội nghị.",
]


@pytest.mark.parametrize("sentence", NON_FIXES)
def test_leaves_correct_text_alone(sentence):
    assert typo_edits(sentence) == []


def test_keeps_the_case_of_the_original():
    assert fixed("Mặt trận Tồ quốc") == "Mặt trận Tổ quốc"
    assert fixed("Mặt trận tồ quốc") == "Mặt trận tổ quốc"
    assert fixed("MẶT TRẬN TỒ QUỐC") == "MẶT TRẬN TỒ QUỐC"  # all caps is left alone


def test_seed_article_via_correct(seed_text):
    result = vnpolicy.correct(seed_text)
    assert "Mặt trận Tổ quốc" in result.text and "Mặt trận Tồ quốc" not in result.text
    assert "khiếu nại, tố cáo" in result.text and "khiếu nại, tổ cáo" not in result.text
    typos = [c for c in result.corrections if c.rule == "typo"]
    assert sorted((c.original, c.replacement) for c in typos) == [("Tồ", "Tổ"), ("tổ", "tố")]
    for c in typos:
        assert seed_text[c.start : c.end] == c.original  # offsets into the raw text
        assert 0.5 <= c.confidence <= 1.0
        assert "tố cáo" in c.note or "Tổ quốc" in c.note
    start = next(c.start for c in typos if c.original == "Tồ")
    assert seed_text[start - 9 : start + 7] == "Mặt trận Tồ quốc"


def test_correct_false_makes_no_typo_fix(seed_text):
    doc = vnpolicy.Pipeline(correct=False, entities=False, topics=False)(seed_text)
    assert not [c for c in doc.corrections if c.rule == "typo"]
    assert "Mặt trận Tồ quốc" in doc.text
    assert vnpolicy.normalize("khiếu nại, tổ cáo", typos=False) == "khiếu nại, tổ cáo"
    # The pipeline's threshold reaches the corrector: above 1, nothing is sure enough.
    strict = vnpolicy.correct(seed_text, typo_threshold=1.01)
    assert not [c for c in strict.corrections if c.rule == "typo"]


def test_threshold_trades_recall_for_precision():
    text = " ".join(s for s, _, _ in FIXES)
    grid = (0.3, DEFAULT_THRESHOLD, 0.99, 0.999, 0.9999, 0.99999, 1.01)
    counts = [len(typo_edits(text, threshold=t)) for t in grid]
    assert counts == sorted(counts, reverse=True)  # a higher threshold never fixes more
    assert counts[1] >= 8 and counts[-1] == 0
    assert any(0 < c < counts[1] for c in counts)  # and somewhere in between it fixes fewer


def test_telex_and_edit_costs():
    assert telex_decode("vieetj") == "việt"
    assert telex_decode("ddaays") == "đấy"
    assert telex_decode("quyết") is None
    assert edit_cost("tồ", "tô3") == 1.0  # one tone slip
    # a tone mark left out (typed without one) is the commonest tone slip: it costs less
    assert edit_cost("quyêt", "quyêt1") == 0.5 < edit_cost("quyệt", "quyêt1") == 1.0
    assert edit_cost("sơ", "sơ3") < edit_cost("xơ", "sơ3")  # a consonant slip costs more
    assert confusion_signature("Tồ") == confusion_signature("tố")
    assert syllable_key("hoà") == syllable_key("hòa") == "hoa2"


def test_model_is_small_and_loaded_once():
    model = load_model()
    assert model is load_model()
    assert model.meta["held_out"].startswith("VNTC")
    assert model.count[model.ids["tô3"]] > 1000  # "tổ" is common in the news
    from importlib import resources

    folder = resources.files("vnpolicy.resources.spelling")
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())  # type: ignore[attr-defined]
    assert size < 10_000_000  # ngrams.npz 6.2 MB, tone_window.npz 3.2 MB (the tone judge's window model)


def test_clean_held_out_sentences_stay_clean(corpora_dir):
    """UD-VTB dev text never fed the statistics; almost nothing in it should change."""
    lines = (corpora_dir / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu").read_text(encoding="utf-8").splitlines()
    sentences = [line[len("# text = ") :] for line in lines if line.startswith("# text = ")][:400]
    syllables = sum(len(s.split()) for s in sentences)
    changes = sum(len(typo_edits(s)) for s in sentences)
    assert syllables > 8000
    assert changes <= 3  # about 2 per 10,000 syllables, and some of those are real typos


def test_replacement_follows_the_tone_style():
    text = "Xã làm tốt công tác hoa giải ở cơ sở"
    assert [e.replacement for e in typo_edits(text)] == ["hòa"]
    assert [e.replacement for e in typo_edits(text, tone_style="new")] == ["hoà"]
    # Without a style given, the text's own placement decides ("thuỷ", "khoẻ": new style).
    assert [e.replacement for e in typo_edits(text + ", thuỷ lợi và sức khoẻ")] == ["hoà"]


def test_empty_and_wordless_text():
    assert typo_edits("") == []
    assert typo_edits("123/QĐ-UBND, 19/8/2022 – 2025.") == []


def test_missing_model_is_a_model_error(monkeypatch):
    from vnpolicy.errors import ModelError
    from vnpolicy.text.spelling import model as spelling_model

    spelling_model.load_model.cache_clear()
    monkeypatch.setattr(spelling_model, "RESOURCE", "vnpolicy.resources.no_such_spelling_model")
    try:
        with pytest.raises(ModelError, match="build_spelling_model"):
            spelling_model.load_model()
    finally:
        monkeypatch.undo()
        spelling_model.load_model.cache_clear()
    assert spelling_model.load_model().vocab_size > 10_000


def test_sample_articles_only_their_planted_slips_are_fixed():
    """Seventeen portal-like articles (names, places, codes of five provinces): the corrector
    finds the slips planted in them and touches nothing else."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "data" / "articles"
    found = set()
    for path in sorted(folder.glob("0*")):
        text = path.read_text(encoding="utf-8")
        found |= {(path.name[:3], text[e.start : e.end], e.replacement) for e in typo_edits(text)}
    assert found == {("000", "tổ", "tố"), ("000", "Tồ", "Tổ"), ("007", "quyêt", "quyết")}
