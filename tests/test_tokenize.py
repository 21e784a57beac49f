"""Sentences and words on real portal Vietnamese, with both backends."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vnpolicy import sent_tokenize, word_tokenize
from vnpolicy.tokenize import BACKENDS, word_spans

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import word_segmentation as bench  # noqa: E402

SEED_SENTENCE = (
    "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp và làm việc với Tổ khảo sát "
    "của Ban Dân vận Tỉnh ủy về kết quả 01 năm thực hiện Nghị quyết 01 của Ban Chấp hành Đảng bộ "
    "tỉnh khóa XI."
)


def contains(words: list[str], expected: list[str]) -> bool:
    """Whether ``expected`` occurs in ``words`` as a run of consecutive words."""
    n = len(expected)
    return any(words[i : i + n] == expected for i in range(len(words) - n + 1))


# --- the seed ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_seed_sentence(backend):
    words = word_tokenize(SEED_SENTENCE, backend=backend)
    assert words[:3] == ["Ngày", "19/8/2022", ","]
    assert contains(words, ["Ban Thường vụ", "Huyện ủy", "Tháp Mười"])
    assert contains(words, ["Ban", "Dân vận", "Tỉnh ủy"])
    assert contains(words, ["Ban Chấp hành", "Đảng bộ", "tỉnh", "khóa", "XI", "."])


@pytest.mark.parametrize("backend", BACKENDS)
def test_seed_article_keeps_its_items(seed_text, backend):
    words = [w for s in sent_tokenize(seed_text) for w in word_tokenize(s, backend=backend)]
    assert "19/8/2022" in words
    assert "Dân vận Tỉnh" not in words and "Dân vận" in words and "Tỉnh ủy" in words
    assert "Mặt trận Tổ quốc" in words
    assert words[-1] != "/"  # the closing "./." of the article is one mark


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text, item",
    [
        ("Thực hiện Nghị quyết số 01-NQ/TU của Tỉnh ủy", "01-NQ/TU"),
        ("Quyết định 123/QĐ-UBND của Ủy ban nhân dân tỉnh", "123/QĐ-UBND"),
        ("Theo Nghị định 15/2020/NĐ-CP của Chính phủ", "15/2020/NĐ-CP"),
        ("Luật số 45/2019/QH14 có hiệu lực", "45/2019/QH14"),
        ("Quy định 08-QĐi/TW của Ban Chấp hành Trung ương", "08-QĐi/TW"),
        ("Quyết định 749/QĐ-TTg của Thủ tướng", "749/QĐ-TTg"),
        ("ngày 19-8-2022 tại huyện", "19-8-2022"),
        ("trong tháng 08/2022 toàn huyện", "08/2022"),
        ("khai mạc lúc 7h30 sáng nay", "7h30"),
        ("khai mạc lúc 14:30 chiều nay", "14:30"),
        ("tổng vốn 1.234,5 tỷ đồng", "1.234,5"),
        ("tăng 3,5% so với cùng kỳ", "3,5"),
        ("xem tại https://thapmuoi.dongthap.gov.vn/tin-tuc nhé", "https://thapmuoi.dongthap.gov.vn/tin-tuc"),
        ("gửi về vanphong@dongthap.gov.vn trước ngày", "vanphong@dongthap.gov.vn"),
        ("đoàn công tác tại TP.HCM hôm qua", "TP.HCM"),
        ("UBND huyện chỉ đạo các xã", "UBND"),
        ("HĐND tỉnh khóa X họp", "HĐND"),
        ("MTTQ các cấp vận động", "MTTQ"),
        ("Ủy ban nhân dân tỉnh Đồng Tháp", "Ủy ban nhân dân"),
        ("Hội đồng nhân dân huyện Tháp Mười", "Hội đồng nhân dân"),
        ("Mặt trận Tổ quốc và các đoàn thể", "Mặt trận Tổ quốc"),
        ("Đại hội Đảng bộ lần thứ XII nhiệm kỳ 2020-2025", "XII"),
        ("Nghị quyết TW4 khóa XII của Đảng", "TW4"),
        ("tổ chức tại Q.1.", "Q.1"),
    ],
)
def test_protected_items_stay_whole(text, item, backend):
    words = word_tokenize(text, backend=backend)
    assert item in words, words


@pytest.mark.parametrize("backend", BACKENDS)
def test_percent_sign_is_its_own_token(backend):
    assert contains(word_tokenize("tăng 3,5% so với cùng kỳ", backend=backend), ["3,5", "%"])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ban Dân vận Tỉnh ủy", ["Ban", "Dân vận", "Tỉnh ủy"]),
        ("Tỉnh ủy ban hành Chỉ thị", ["Tỉnh ủy", "ban hành", "Chỉ thị"]),
        ("Đảng ủy xã tổ chức hội nghị", ["Đảng ủy", "xã"]),
        ("các cấp ủy Đảng", ["cấp ủy", "Đảng"]),
        ("Ủy ban Thường vụ Quốc hội cho ý kiến", ["Ủy ban Thường vụ Quốc hội"]),
        ("Ban Tuyên giáo Huyện ủy", ["Ban", "Tuyên giáo", "Huyện ủy"]),
        ("được bầu làm Tỉnh ủy viên", ["Tỉnh ủy viên"]),
    ],
)
def test_domain_terms_split_right(text, expected, backend):
    assert contains(word_tokenize(text, backend=backend), expected)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text, expected",
    [
        # underthesea alone: "Uông", "Bí tổng kết" and "Quỳnh Lưu khóa"
        ("Ban Chỉ huy Quân sự thành phố Uông Bí tổng kết năm 2023", ["thành phố", "Uông Bí", "tổng kết"]),
        ("HĐND huyện Quỳnh Lưu khóa XX họp", ["huyện", "Quỳnh Lưu", "khóa", "XX"]),
        ("Huyện ủy Cao Lãnh sơ kết", ["Huyện ủy", "Cao Lãnh", "sơ kết"]),
        # a person's name that holds a district's name ("Văn Lâm") stays one word
        ("đồng chí Hoàng Văn Lâm phát biểu", ["Hoàng Văn Lâm"]),
    ],
)
def test_place_names_after_an_administrative_word(text, expected, backend):
    assert contains(word_tokenize(text, backend=backend), expected)


def test_punctuation_is_never_joined_to_a_word():
    words = word_tokenize("Trang chủ | Tháp Mười | 10/03/2022 | Tin tức")
    assert words.count("|") == 3 and "Tháp Mười" in words and "10/03/2022" in words


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    ["Uỷ ban nhân dân huyện", "ủy ban nhân dân huyện", "uỷ ban nhân dân huyện", "ỦY BAN NHÂN DÂN huyện"],
)
def test_terms_ignore_case_and_tone_placement(text, backend):
    words = word_tokenize(text, backend=backend)
    assert words[0] == text[: len("Ủy ban nhân dân")]  # one word, spelled as written


@pytest.mark.parametrize(
    "text, expected",
    [
        # no "Dân vận" and no "Tỉnh ủy" here: the neighbours are ordinary words
        ("Người dân vận động con em nhập ngũ", ["Người dân", "vận động"]),
        ("UBND tỉnh ủy quyền cho Sở Tài chính", ["tỉnh", "ủy quyền"]),
        ("vùng nông thôn mới có điện lưới", ["nông thôn", "mới"]),
        ("khoảng cách giữa hai số là 1 / 2", ["1", "/", "2"]),
    ],
)
def test_what_must_not_be_joined(text, expected):
    assert contains(word_tokenize(text), expected)


def test_words_are_spelled_as_in_the_input():
    text = "Hoà bình, Uỷ ban nhân dân  tỉnh"
    words = word_tokenize(text)
    assert "".join("".join(w.split()) for w in words) == "".join(text.split())
    assert "Uỷ ban nhân dân" in words  # underthesea alone would answer "Ủy ban nhân dân"


def test_word_spans_point_into_the_text():
    text = "Ngày 19/8/2022, Ban Dân vận Tỉnh ủy\nlàm việc với UBND huyện."
    spans = word_spans(text)
    words = [text[s:e] for s, e in spans]
    assert words[:7] == ["Ngày", "19/8/2022", ",", "Ban", "Dân vận", "Tỉnh ủy", "làm việc"]
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


def test_a_line_break_ends_a_word():
    # plain underthesea answers "null Tiếp" here, joining the portal chrome to the title
    words = word_tokenize("Xuất bản thông tin\nnull Tiếp và làm việc")
    assert words[:3] == ["Xuất bản", "thông tin", "null"]


def test_underthesea_fixed_words_do_not_leak_into_vnpolicy():
    import underthesea
    from underthesea.pipeline.word_tokenize import regex_tokenize

    text = "Ban Dân vận Tỉnh ủy làm việc với UBND huyện"
    before = word_tokenize(text)
    saved = regex_tokenize.patterns
    try:
        # underthesea 9.5 keeps the last fixed_words for every later call (its global
        # `patterns`); vnpolicy compiled its own pattern and must not be affected.
        underthesea.word_tokenize("Ban Dân vận", fixed_words=["Ban Dân"])
        assert word_tokenize(text) == before
    finally:
        regex_tokenize.patterns = saved  # do not leave the leak to other tests


def test_empty_and_unknown_backend():
    assert word_tokenize("") == []
    assert word_tokenize("  \n ") == []
    with pytest.raises(ValueError, match="spacy"):
        word_tokenize("Tỉnh ủy", backend="spacy")


# --- sentences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đoàn đến TP. Hồ Chí Minh. Sau đó về Q.1 làm việc.",
         ["Đoàn đến TP. Hồ Chí Minh.", "Sau đó về Q.1 làm việc."]),
        ("TS. Nguyễn Văn A và ThS. Lê Thị B báo cáo. PGS.TS. Trần Văn C kết luận.",
         ["TS. Nguyễn Văn A và ThS. Lê Thị B báo cáo.", "PGS.TS. Trần Văn C kết luận."]),
        ("Đ/c Nguyễn Thu phát biểu. Đ/c Vũ Chiến tiếp thu.",
         ["Đ/c Nguyễn Thu phát biểu.", "Đ/c Vũ Chiến tiếp thu."]),
        ("Tổng vốn là 1.234 tỷ đồng. Ngày 19.8.2022 khởi công.",
         ["Tổng vốn là 1.234 tỷ đồng.", "Ngày 19.8.2022 khởi công."]),
        ("Thực hiện Nghị quyết số 01-NQ/TU. Quyết định 123/QĐ-UBND ngày 19/8/2022 đã ban hành.",
         ["Thực hiện Nghị quyết số 01-NQ/TU.", "Quyết định 123/QĐ-UBND ngày 19/8/2022 đã ban hành."]),
        ("Các loại cây trồng như lúa, ngô, v.v. đều tăng năng suất.",
         ["Các loại cây trồng như lúa, ngô, v.v. đều tăng năng suất."]),
        ("Có nhiều khó khăn... nhưng vẫn vượt qua. Thật đáng mừng!",
         ["Có nhiều khó khăn... nhưng vẫn vượt qua.", "Thật đáng mừng!"]),
        ("Phấn đấu thực hiện đạt các chỉ tiêu theo Nghị quyết đề ra./.",
         ["Phấn đấu thực hiện đạt các chỉ tiêu theo Nghị quyết đề ra./."]),
        ("Nghị quyết đề ra./. BT: Nguyễn Thu", ["Nghị quyết đề ra./.", "BT: Nguyễn Thu"]),
        ("Tiếp và làm việc với Tổ khảo sát\nChi tiết bài viết Tin tức\n\nNgày 19/8/2022, Ban Thường vụ họp.",
         ["Tiếp và làm việc với Tổ khảo sát", "Chi tiết bài viết Tin tức", "Ngày 19/8/2022, Ban Thường vụ họp."]),
        ("Ông nói: “Dân vận khéo là chìa khóa.” Hội nghị ghi nhận.",
         ["Ông nói: “Dân vận khéo là chìa khóa.”", "Hội nghị ghi nhận."]),
        ("1. Quyền tiếp cận thông tin pháp luật", ["1. Quyền tiếp cận thông tin pháp luật"]),
        # a missing space after the full stop still ends the sentence, not in TP.HCM or a URL
        ("Đạt 100% chỉ tiêu.Chỉ tiêu tại TP.HCM và dongthap.gov.vn tăng.",
         ["Đạt 100% chỉ tiêu.", "Chỉ tiêu tại TP.HCM và dongthap.gov.vn tăng."]),
        ("“Sao ông không nghỉ cho khỏe?” - tôi hỏi.", ["“Sao ông không nghỉ cho khỏe?” - tôi hỏi."]),
        ("Có dịp gặp họa sĩ H.H. Ông kể lại.", ["Có dịp gặp họa sĩ H.H. Ông kể lại."]),
    ],
)
def test_sent_tokenize(text, expected):
    assert sent_tokenize(text) == expected


def test_sentences_are_slices_of_the_text(seed_text):
    sentences = sent_tokenize(seed_text)
    assert sentences[0] == "Xuất bản thông tin"
    assert all(s in seed_text for s in sentences)
    assert sentences[-1] == "BT: Nguyễn Thu – Hình: Vũ Chiến"
    assert "Phấn đấu thực hiện đạt các chỉ tiêu theo Nghị quyết đề ra./." in sentences
    assert sent_tokenize("") == [] and sent_tokenize("\n\n") == []


# --- accuracy against gold segmentations -----------------------------------------------


@pytest.fixture(scope="module")
def vlsp_sample():
    path = bench.vlsp2013_test_path()
    if not path.exists():
        pytest.skip(f"VLSP 2013 test file not shipped with this underthesea: {path}")
    return bench.read_vlsp(path)[:300]


def test_vlsp2013_sample_no_worse_than_underthesea(vlsp_sample):
    import underthesea

    texts = [" ".join(gold) for gold in vlsp_sample]
    plain = bench.score(zip([underthesea.word_tokenize(t) for t in texts], vlsp_sample))[2]
    ours = bench.score(zip([word_tokenize(t) for t in texts], vlsp_sample))[2]
    assert plain > 95  # the harness itself works
    assert ours >= plain - 0.1  # F1 in %, i.e. at most 0.001 below


@pytest.mark.parametrize("backend", BACKENDS)
def test_domain_sentences_beat_the_plain_backend(backend):
    items = bench.read_domain()
    # vnpolicy's own segmenter and the cascade have no "plain" form: they are measured against underthesea's
    plain = bench.configurations()[f"{'underthesea' if backend in ('vnpolicy', 'cascade') else backend} (plain)"]
    golds = [gold for _, gold in items]
    f_plain = bench.score(zip([plain(raw) for raw, _ in items], golds))[2]
    f_ours = bench.score(zip([word_tokenize(raw, backend=backend) for raw, _ in items], golds))[2]
    assert f_ours > 97 and f_ours > f_plain + 10


# --- properties -------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["Tỉnh ủy", "Uỷ ban", "nhân dân", "01-NQ/TU", "19/8/2022", "1.234,5", "TP.", "v.v.", "./.", "XI",
     "huyện", "Tháp Mười", "ban hành", "Dân vận", ",", ".", "…", "(", "%", "\n", " ", "  ", "a", "Đ/c",
     "https://dongthap.gov.vn", "x@y.vn", "|", "\u00a0", "Q.1", "TW4"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=14))
def test_words_cover_the_text_and_sentences_are_slices(pieces):
    import unicodedata

    text = "".join(pieces)
    nfc = unicodedata.normalize("NFC", text)
    for backend in BACKENDS:
        words = word_tokenize(text, backend=backend)
        assert all(w and w == w.strip() and "\n" not in w for w in words)
        assert "".join("".join(w.split()) for w in words) == "".join(nfc.split())
    assert all(s and s in text for s in sent_tokenize(text))


@pytest.mark.parametrize("backend", BACKENDS)
def test_tokenize_sentences_is_word_tokenize_of_each(backend):
    """The batched path the pipeline takes gives each sentence's word_tokenize, with and without
    its lines already cached (repeats, blank and multi-line sentences, NFD input)."""
    from vnpolicy.tokenize import _segment_line, tokenize_sentences

    sentences = ["Ban Dân vận Tỉnh ủy ban hành Nghị quyết số 01-NQ/TU.", "", "   ", "Một",
                 "Ủy ban nhân dân huyện Tháp Mười\nthông báo lúc 08:30 ngày 19/8/2022!!!",
                 "Ban Dân vận Tỉnh ủy ban hành Nghị quyết số 01-NQ/TU.",
                 "Hội Nông dân trao quà ở TP.HCM (mỗi suất 500.000 đồng).", "Ho\u0300a Bi\u0300nh"]
    _segment_line.cache_clear()
    expected = [word_tokenize(s, backend=backend) for s in sentences]
    _segment_line.cache_clear()
    assert tokenize_sentences(sentences, backend=backend) == expected
    assert tokenize_sentences(sentences, backend=backend) == expected  # now from the cache
    assert tokenize_sentences([], backend=backend) == []


def test_underthesea_tokens_fast_paths_are_the_patterns_tokens():
    """Plain words and words with one mark before or after ("dân,", "(Tháp", "“Mười”") skip the
    pattern; these chunks, tricky letters included ("http:", "Th,", "TP:", "e”"), in several
    contexts, get the pattern's own tokens."""
    from itertools import product

    from vnpolicy.tokenize.backends import underthesea_token_pattern, underthesea_tokens

    pattern = underthesea_token_pattern()
    cores = ["dân", "http", "https", "Th", "Thes", "e", "v", "TP", "ThS", "D", "Mr", "Tp", "ABC", "ª", "Đ"]
    for lead, core, trail in product(["", "(", "“", '"'], cores, ["", ",", ";", ":", ")", "”", '"', "."]):
        for context in ("{}", "a {} b", "x {}\n", "{}S", "{}:)", "{}/x"):
            text = context.format(lead + core + trail)
            for end in (len(text), len(text) - 1):
                assert underthesea_tokens(text, 0, end) == [m.span() for m in pattern.finditer(text, 0, end)], (text, end)


def test_terms_the_backend_agrees_with_skip_the_path_but_not_its_answer(seed_text):
    # _terms_agree lets correct_segmentation return the backend's words as they are; the
    # cheapest path over all the edges must give the same words on every line with a term,
    # and the lines where a term does re-cut the backend's words must still take the path.
    from itertools import compress

    from vnpolicy.tokenize import lexicon, line_tokens
    from vnpolicy.tokenize.backends import get_backend

    segmenter = get_backend("vnpolicy")
    lines = [*seed_text.splitlines(), "Ban Dân vận Tỉnh ủy họp.", "Tỉnh ủy ban hành Chỉ thị",
             "thành phố Uông Bí tổng kết", "Người dân vận động con em nhập ngũ."]
    took_path = agreed = 0
    for line in filter(None, lines):
        _, tokens, forced = line_tokens(line, segmenter)
        starts = segmenter.word_starts(tokens, forced)
        firsts = [0, *(i for i in compress(range(len(tokens)), starts) if i)]
        words = list(zip(firsts, [*firsts[1:], len(tokens)]))
        found = lexicon.default_lexicon().matches(lexicon.token_keys(tokens), tokens)
        if not found:
            continue
        terms = [(i, j) for i, j, t in found if t.cost == lexicon.TERM_COST]
        edges, disturbed = lexicon._backend_edges(len(tokens), words, terms)
        lexicon._add_term_edges(edges, found, words, disturbed)
        assert lexicon.correct_segmentation(tokens, words) == lexicon._cheapest_segmentation(edges)
        if lexicon._terms_agree(found, words, len(tokens)):
            agreed += 1
        else:
            took_path += 1
    assert agreed and took_path
    assert not lexicon._terms_agree([(0, 2, lexicon.Term(("a", "b"), (2,), lexicon.TERM_COST, None))], [(0, 1), (2, 3)], 3)
