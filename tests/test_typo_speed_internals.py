"""The typo step's shortcuts (pre-filters, caches, sorted look-ups) change nothing it decides.

The full check runs on 300 VNTC articles and the UD dev sentences (``benchmarks/typo_equivalence.py``);
these tests keep each shortcut honest on the bundled real articles and on sentences written for
them, fast enough for every run.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from vnpolicy.text.spelling import corrector, diacritics
from vnpolicy.text.spelling.corrector import _PROTECTED_RE, _protected, edit_cost, typo_edits, typo_suspects, word_info
from vnpolicy.text.spelling.model import _lookup, load_model, token_list, tokens

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "data" / "articles").glob("*.txt"))

# Written for these tests: slips next to settled context, names, codes and links.
SENTENCES = [
    "Ủy ban nhân dân tỉnh vừa ban hành quyêt định thành lập Ban Chỉ đạo, khiếu nại, tổ cáo của nhân dân.",
    "Đồng chí Nguyễn Văn Tồ, Bí thư Tỉnh ủy, dự Hội nghị của Mặt trận Tồ quốc tỉnh Đồng Tháp.",
    "Theo Quyết định số 123/QĐ-UBND, xem tại https://dongthap.gov.vn/tin?id=1 hoặc gửi thư về vanphong@dongthap.gov.vn.",
    "Thủ tướng Chính phủ vừa ky quyết định phê duyệt đề án; các sơ, ban, ngành triển khai thực hiện.",
    "Chi khong phai la nguoi tot. Cán bộ, đảng viên và những ngừơi dân trong xã đều đồng tình.",
    # a letter left out, a key struck beside the right one, a set phrase's letter (the letter pass)
    "Quốc hội thông qua luật sử đổi, bổ sung một số điều; cần phân việt bởi các quy định về khối đại đoàn hết các dân tộc.",
    # a final consonant swapped and a sure letter fix without a dictionary word (the letter pass's
    # coda options and _letter_fix_ok(worded=False)), which the letter pre-filter must keep
    "Mỗi cán bộ phải nêu cao tránh nhiệm trước dân; năng suất lúa phụ thuộc nào thời tiết từng vụ.",
]


def _texts() -> list[str]:
    return SENTENCES + [p.read_text(encoding="utf-8") for p in ARTICLES]


def _as_tuples(edits) -> list:
    return [(e.start, e.end, e.replacement, e.confidence, e.note) for e in edits]


@pytest.mark.parametrize("flag", ["PREFILTER_SETTLED", "PREFILTER_UNSUPPORTED", "PREFILTER_UNWORDED_LETTERS"])
@pytest.mark.parametrize("review", [False, True])
def test_prefilters_change_no_decision(monkeypatch, review, flag):
    texts = _texts()[:8] if review else _texts()  # review mode is slow: the sentences and three articles

    def run() -> list:
        if review:
            return [[(_as_tuples([e]), alts) for e, alts in typo_suspects(t)] for t in texts]
        return [_as_tuples(typo_edits(t)) for t in texts]

    as_shipped = run()
    monkeypatch.setattr(corrector, flag, not getattr(corrector, flag))  # on if shipped off, off if on
    assert run() == as_shipped
    assert any(as_shipped)  # the texts do hold slips


# One slip a sentence for each rule of _decide that can fix one (its note says which), and
# sentences where the rules leave slip-like words alone.
RULE_SLIPS = [
    "Bác sĩ khuyên người bệnh không nên tự ý sử dung thuốc kháng sinh.",  # a tone mark left out
    "Các cơ quan phải đảm báo việc cung cấp thông tin cho người dân.",  # a wrong tone mark
    "Chuyến đi để lại nhiều ấn tưởng để đời cho du khách.",
    "Công tác giải phóng mặt băng còn chậm so với kế hoạch.",  # a set phrase (the outer rule)
    "Đôi khi lam nhiều người cảm thấy mệt mỏi vì công việc.",  # the trigram on both sides
    "Đơn vị đã tiếp nhận hàng trăm hổ sơ của người dân.",
    "Vai trò của phụ nư đẩy mạnh phong trào thi đua.",
    "Nhiệm vụ được giao, nhân quân đã hoàn thành tốt.",  # the whole window
    "Theo nguyên tắc trà lời câu hỏi của cử tri.",
    "Mặt trận Tồ quốc và khiếu nại, tổ cáo kéo dài.",  # the posterior
    "Ông ấy không đên nhận giải thưởng năm nay.",
    "Đây là thử thạch trí tuệ của học sinh.",
    "Dự Đai hội đại biểu toàn quốc lần thứ XIII của Đảng.",  # a capitalised syllable, the dictionary
    "Hôi nghị Ban Chấp hành Trung ương lần thứ tám.",
    "Về tinh thân quan trọng của nghị quyết mới.",
    "Nhà máy tháo gơ. Sau đó công nhân về nhà.",
    "Xã có chiều tỗi rất đẹp bên bờ sông.",  # a valid syllable never seen
    "Việc thực hiên các chính sách an sinh xã hội được quan tâm thương xuyên.",
    "Học sinh được nghỉ hè từ tháng sáu, về mặt tinh cảm thì ai cũng vui.",
    "Thủ tướng yêu cầu các bộ, ngành khẩn trương hoàn thiên hồ sơ dự án.",
    "Anh nói rằng cô ây yêu quê hương lắm. Người dân nơi đây thường bắt dế vào mùa hè.",
    "Khong co viec gi kho, chi so long khong ben.",  # non-words
]


@pytest.mark.parametrize("threshold", [None, 0.5, 0.95])
def test_unreached_rules_skipped_change_no_edit(monkeypatch, threshold):
    texts = RULE_SLIPS + _texts()
    with_skip = [_as_tuples(typo_edits(t, threshold=threshold)) for t in texts]
    monkeypatch.setattr(corrector, "SKIP_UNREACHED_RULES", False)
    assert [_as_tuples(typo_edits(t, threshold=threshold)) for t in texts] == with_skip
    if threshold is None:
        assert sum(map(bool, with_skip[: len(RULE_SLIPS)])) >= len(RULE_SLIPS) - 2  # a slip fixed in (almost) each


def test_unreached_rules_skipped_log_the_same_judged_rows(monkeypatch):
    # scripts/build_tone_judge.py trains on the rows _judge_rows logs: skipping it where no
    # option gains JUDGE_MIN_GAIN logs the same rows
    def logged() -> list:
        monkeypatch.setattr(corrector, "_JUDGE_LOG", [])
        for text in RULE_SLIPS + SENTENCES:
            typo_edits(text)
        return [(start, key, list(features), word) for start, key, features, word in corrector._JUDGE_LOG]

    with_skip = logged()
    monkeypatch.setattr(corrector, "SKIP_UNREACHED_RULES", False)
    assert logged() == with_skip and with_skip


def test_letter_pass_prefilter_keeps_the_letter_fixes():
    # each fix makes a dictionary word with a neighbour: 'sửa đổi', 'phân biệt', 'đoàn kết'
    for sentence, fixed in [("Quốc hội thông qua luật sử đổi, bổ sung một số điều.", "sửa"),
                            ("Cần phân việt bởi các quy định.", "biệt"),
                            ("Phát huy sức mạnh khối đại đoàn hết các dân tộc.", "kết")]:
        assert fixed in [e.replacement for e in typo_edits(sentence)], sentence


def test_dictionary_partners_are_the_two_syllable_words():
    from vnpolicy.text.spelling.slips import two_syllable_words

    model, words = load_model(), two_syllable_words()
    right_of, left_of = corrector._dictionary_partners()
    for a, partners in list(right_of.items())[:300]:
        for b in partners:
            assert f"{model.keys[a]} {model.keys[b]}" in words
            assert a in left_of[b]
    dan = model.ids[corrector.syllable_key("dân")]
    assert model.ids[corrector.syllable_key("tộc")] in right_of[dan]


def test_unsupported_prefilter_keeps_slips_with_one_syllable_side():
    # a non-word at the start of a sentence (one syllable side) and a Telex leftover (both sides asked)
    for sentence, fixed in [("Quyêt định có hiệu lực từ ngày ký.", "Quyết"), ("Hội nghị đã thông qua nghị quyêt.", "quyết"),
                            ("thực hiện nghị quyeets của Đảng", "quyết")]:
        assert [e.replacement for e in typo_edits(sentence)] == [fixed], sentence


def test_prefilter_keeps_a_slip_in_settled_company():
    # "tổ cáo": both neighbours are common, the slip itself is not settled there
    sentence = "Công dân có quyền khiếu nại, tổ cáo theo quy định của pháp luật."
    assert [(e.start, e.replacement) for e in typo_edits(sentence)] == [(sentence.index("tổ cáo"), "tố")]


def test_url_hint_only_skips_texts_the_pattern_cannot_match():
    texts = _texts() + ["Xem WWW.DONGTHAP.GOV.VN", "ghi tại Dongthap.Com.", "a@b", "ftp://x.y", "x.info z",
                        "Ứng dụng có tại sotuphap.io và hop-tac.biz, cả tổ chức quocte.int."]  # every listed domain
    for t in texts:
        assert _protected(t) == [m.span() for m in _PROTECTED_RE.finditer(t)], t


def test_stripped_count_agrees_with_the_token_walk():
    for t in _texts():
        walked = sum(
            1
            for tok in tokens(t)
            if tok.kind == "w" and not (tok.text.isupper() and len(tok.text) > 1) and diacritics._stripped(tok.text)
        )
        assert diacritics._stripped_count(t) == walked


def test_token_list_is_tokens():
    for t in _texts():
        assert token_list(t) == tuple(tokens(t))


def test_sorted_lookups_equal_plain_searchsorted():
    model = load_model()
    rng = np.random.default_rng(7)
    keys, counts = model.trigram_keys, model.trigram_counts
    query = np.concatenate([rng.choice(keys, 200), rng.integers(0, int(keys[-1]), 200)]).reshape(20, 20)
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    assert np.array_equal(_lookup(keys, counts, query), np.where(keys[pos] == query, counts[pos], 0.0))


def test_fenced_lookups_equal_plain_searchsorted():
    # the n-gram look-ups search a fence of every 64th key first, then the keys between two
    model = load_model()
    rng = np.random.default_rng(11)
    for keys, counts, fence in ((model.bigram_keys, model.bigram_counts, model.bigram_fence),
                                (model.trigram_keys, model.trigram_counts, model.trigram_fence)):
        assert (np.diff(keys) > 0).all()  # one count per key: the last key <= the query is the key
        query = np.concatenate([rng.choice(keys, 300), rng.integers(0, int(keys[-1]) + 9, 300),
                                keys[:2], keys[-2:], fence[:3], [0, keys[-1] + 1]])
        pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
        assert np.array_equal(_lookup(keys, counts, query, fence), np.where(keys[pos] == query, counts[pos], 0.0))
        square = query[:400].reshape(20, 20)
        assert np.array_equal(_lookup(keys, counts, square, fence), _lookup(keys, counts, square))


def test_costs_from_parts_match_their_definition():
    # edit_cost through the cached parts; the numbers of its docstring and the test suite
    assert (edit_cost("Tồ", "tô3"), edit_cost("quyêt", "quyêt1"), edit_cost("xơ", "sơ3")) == (1.0, 0.5, 3.0)
    assert edit_cost("ngươi", "ngươi2") == 0.5 and edit_cost("nguoi", "ngươi2") == 2.5  # uo → ươ one slip
    info = word_info("quyêt")
    assert info.candidates and info.costs == tuple(sorted(info.costs))


def test_stripped_sentences_found_around_the_stripped_words(monkeypatch):
    texts = _texts() + [
        "Hội nghị. ninh xương bo trong 8 tieng, Ban Chấp hanh Dang bo. Tốt.",
        "(khong) nguoi!! tieng khong. OK khong tieng ABC",
        "Báo cáo gửi qua email. Chi khong phai la nguoi tot",
    ]
    around = [diacritics.no_diacritics_spans(t) for t in texts]
    monkeypatch.setattr(diacritics, "WALK_EVERY_SENTENCE", True)
    assert [diacritics.no_diacritics_spans(t) for t in texts] == around
    assert sum(map(len, around)) >= 4


def test_tone_style_candidates_found_from_the_vowel_pair():
    normalize = importlib.import_module("vnpolicy.text.normalize")

    texts = _texts() + ["Thanh Hoá, hoà.vn, x@hoa, a/hoà, 1hoà, hoa_, quy.định, Q.hòa, khoẻ, ÔNG HOÀ, thuỷ.., tuy-hoà, UỶ",
                        "x\u0301oa Hoà", "Uỷ ban; sức khoẻ; thủy lợi"]
    for t in texts:
        assert normalize._style_candidates(t) == [m.span() for m in normalize._STYLE_CANDIDATE.finditer(t)], t
    assert normalize._style_candidates("Thanh Hoá, hoà.vn") == [(6, 9)]
    assert normalize._style_candidates("Thanh Hoá, hoà.vn") == [(6, 9)]  # the kept spans of the last text
    assert normalize._style_candidates("") == []


def test_tone_style_pairs_found_by_re_are_the_letters_regex_takes():
    # _STYLE_PAIR_START (re) spells out the letters of _STYLE_PAIR's case-insensitive classes
    import sys

    import regex

    normalize = importlib.import_module("vnpolicy.text.normalize")
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    classes = ["[oòóỏõọ]", "[aàáảãạeèéẻẽẹ]", "[uùúủũụ]", "[yỳýỷỹỵ]"]
    letters = [letter for pair in normalize._STYLE_PAIR_LETTERS for letter in pair]
    for cls, spelled in zip(classes, letters):
        assert sorted(regex.findall(f"(?i:{cls})", every)) == sorted(spelled), cls
    assert not set(letters[0] + letters[2]) & set(letters[1] + letters[3])  # pairs never overlap


def test_spacing_patterns_on_the_standard_re_match_as_before():
    # "punct" and "trailing" moved from the regex module to the standard re (Python 3.11+)
    import regex

    normalize = importlib.import_module("vnpolicy.text.normalize")
    parts = dict((k, p) for k, p in normalize._SPACING_PARTS if k in ("punct", "trailing"))
    before = {"punct": regex.compile(r"(?P<pre>(?<![ ])[ ]++|)(?P<punct>[,;:!?]|\.(?![./]))(?P<post>[ ]*+)"),
              "trailing": regex.compile(r"(?<![ ])[ ]++(?=\n|\Z)")}
    texts = _texts() + ["a ,b", "x  .  y", "a.  \n", "x ,, y", "  ,", "end.   ", "a:\n\n b", "ab ...  c", "x. /.", "Ð ,Ð"]
    for t in texts:
        for kind, pattern in parts.items():
            assert [m.span() + m.groups() for m in pattern.finditer(t)] == [m.span() + m.groups() for m in before[kind].finditer(t)]


def test_always_wrong_lookalikes_found_by_the_pattern():
    normalize = importlib.import_module("vnpolicy.text.normalize")
    always, _ = normalize._lookalikes()
    text = "ÐẢNG CỘNG SẢN, ðảng, Tháp Mưоi, Ɖ"
    found = [(e.start, e.replacement) for e in normalize.odd_character_edits(text) if e.end - e.start == 1]
    assert found == [(i, always[ch]) for i, ch in enumerate(text) if ch in always]
    assert len(found) == 3


def test_well_spaced_marks_skipped_by_the_spacing_rule_change_nothing(monkeypatch):
    normalize = importlib.import_module("vnpolicy.text.normalize")
    texts = _texts() + ["anh em, ”Tết”, (tăng 20%, )", "làm việc, Tổ, \nkhảo sát. ", "x. )y; ”z", "a , b ,c,  d"]
    skipped = [normalize.spacing_edits(t) for t in texts]

    def every_span(text, pattern, priority):
        return [(m.start(), priority, m.end(), "punct", m) for m in pattern.finditer(text)]

    monkeypatch.setattr(normalize, "_punct_spans", every_span)
    assert [normalize.spacing_edits(t) for t in texts] == skipped
    assert any(skipped)


def test_bloom_filter_never_rules_out_a_counted_bigram():
    from vnpolicy.text.spelling import corrector
    from vnpolicy.text.spelling.model import BLOOM_MIN_COUNT

    # what the pre-filters ask of it: pairs seen MIN_SUPPORT times (supported()), and pairs seen
    # fewer than LETTER_UNSEEN times ruled out (_strangers)
    assert BLOOM_MIN_COUNT == corrector.MIN_SUPPORT == corrector.LETTER_UNSEEN
    model = load_model()
    lm = model.lm
    keys = model.bigram_keys[model.bigram_counts >= BLOOM_MIN_COUNT]
    a, b = keys >> 21, keys & ((1 << 21) - 1)
    assert lm.maybe_bigrams(a, b).all()  # every pair counted that often is a "maybe"
    rng = np.random.default_rng(3)
    x, y = rng.integers(4, model.vocab_size, 20000), rng.integers(4, model.vocab_size, 20000)
    absent = lm.bigrams(x, y) < BLOOM_MIN_COUNT
    assert lm.maybe_bigrams(x, y)[absent].mean() < 0.05  # and most pairs never counted are ruled out


def _scan_whole_text(text: str) -> list[tuple]:
    """The token stream as one scan of the whole text with TOKEN_RE (the rule _scan keeps)."""
    from vnpolicy.text.spelling.model import SENT_END, TOKEN_RE

    out, sentence_start, last = [], True, "b"
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind in ("w", "n"):
            out.append((kind, *m.span(), m.group(), sentence_start and kind == "w"))
            sentence_start, last = False, kind
        elif kind == "c":
            if last != "c":
                out.append(("c", *m.span(), ",", False))
            last = "c"
        else:
            if last != "b":
                out.append(("b", *m.span(), m.group(), False))
            last = "b"
            sentence_start = sentence_start or m.group() in SENT_END
    return out


def test_scan_by_pieces_equals_one_scan_of_the_text():
    from vnpolicy.text.spelling.model import _scan

    texts = _texts() + ["", " ", "  a  ", "a", ".", "a.", "a..", ",a,", "a, ,", "(a) b", "x) y'", "1.5,2 x. 3", "ông A. Ba",
                        "“Đây” là (một)…  ví dụ: 1,5; 2.000!", "a\tb c\u00a0d", "hoa\u0301 x", "x\n y.\n\n z", "a:b c;", "Tồ,Tổ.Tố"]
    for t in texts:
        assert [tuple(tok) for tok in _scan(t)] == _scan_whole_text(t), t[:60]


def test_letters_by_isalpha_are_word_characters_of_the_token_pattern():
    # _scan takes a piece for which str.isalpha() holds as one word, without the pattern
    import sys

    import regex

    letters = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isalpha())
    assert regex.fullmatch(r"[\p{L}\p{M}]+", letters)


def test_slip_prefilters_change_no_edit(monkeypatch):
    from vnpolicy.text.spelling import slips

    texts = _texts() + [
        "Triển khai các các văn bản; Các các đơn vị, với với nhau, CÁC CÁC, luôn luôn, năm năm, thi công công trình.",
        "Quốc hộithảo luận vềphê duyệt kế hoạch đếnnăm 2030, củaRomania, online, iPhone, ngừơi, kíem, Tổkhảo sátkhảo.",
    ]
    fast = [(slips.repeated_edits(t), slips.glued_edits(t)) for t in texts]
    monkeypatch.setattr(slips, "REPEAT_PLACES", False)  # the whole text scanned once a pair is found
    assert [slips.repeated_edits(t) for t in texts] == [r for r, _ in fast]
    monkeypatch.setattr(slips, "_repeat_starts", lambda text, model: None)  # every text scanned whole
    monkeypatch.setattr(slips, "_may_split", lambda word, model: True)
    assert [(slips.repeated_edits(t), slips.glued_edits(t)) for t in texts] == fast
    assert any(r for r, _ in fast) and any(g for _, g in fast)


def test_stripped_words_from_tokens_equal_the_word_pattern():
    import regex

    word = regex.compile(r"(?<![\p{L}\p{M}])[\p{L}\p{M}]++(?![\p{L}\p{M}])")
    texts = _texts() + ["Chi khong phai la nguoi tot, KHONG nguoi2 nguoi_x (tieng) hoa\u0301 khong.",
                        "Ho đa nhân đươc hô sơ, ĐƯƠC kê tư hôm qua."]
    for t in texts:
        found = word.findall(t)
        expected = {w: found.count(w) for w in set(found)
                    if w.isalpha() and not (w.isupper() and len(w) > 1) and diacritics._stripped(w)}
        assert diacritics._stripped_words(t) == expected


def test_few_lookups_skip_the_fence_and_find_the_same_counts():
    from vnpolicy.text.spelling import model as spelling_model

    model = load_model()
    keys, counts, fence = model.bigram_keys, model.bigram_counts, model.bigram_fence
    query = np.concatenate([keys[:3], keys[-2:], fence[:3], [0, keys[-1] + 1, 12345]])
    assert query.size <= spelling_model._FENCE_QUERIES
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    assert np.array_equal(_lookup(keys, counts, query, fence), np.where(keys[pos] == query, counts[pos], 0.0))


def test_folded_words_match_where_the_regex_module_ignores_case():
    # _repeat_starts compares _folded neighbours where _REPEAT's (?i:\1) compares letters: every
    # letter or mark of the Latin blocks it trusts must fold like each letter there that the
    # regex module takes as its equal (dotless ı ~ I and İ ~ i among them)
    import sys

    import regex

    from vnpolicy.text.spelling import slips

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    trusted = "".join(regex.findall(r"[\p{L}\p{M}]", every[:0x250] + every[0x300:0x370] + every[0x1E00:0x1F00]))
    assert not slips._UNCHECKED_LETTER.search(trusted)
    for c in trusted:
        for other in regex.findall("(?i)" + regex.escape(c), trusted):
            assert slips._folded([c]) == slips._folded([other]), (c, other)
    assert slips._folded(["Iı", "İi", "Tồ"]) == ["ii", "ii", "tồ"]
    # the quick standard-re test finds every letter the check does not trust
    assert set(slips._UNCHECKED_LETTER.findall(every)) <= set(slips._OUTSIDE_LATIN.findall(every))
    assert slips._repeat_starts("Ông nói Σίσυφος σίσυφος.", load_model()) is None  # untrusted letters: scanned whole


PHRASE_SLIPS = [
    "Phát huy khối đại đoàn hết toàn dân tộc; công tác phòng, chống tham nhũng, tiêu cưc.",
    "Đồng chí Phí Bí thư Đoàn Thanh niên Công sản Hồ Chí Minh dự lễ trao quả cho người có công.",
    "Khám, chửa bệnh, thăm và tặng qùa; sở, ban, ngành, đoàn thể; giải phóng mặt bằng 12,5 ha.",
]


def test_phrase_keys_from_the_token_table_equal_the_keys_by_kind():
    from vnpolicy.text.spelling import phrases
    from vnpolicy.text.spelling.model import syllable_key

    odd = ["hoa\u0300 x , 1.000,5 ; \n\n A-b ,, .. Ổ ổ 12,3.4 \u0301a", "Ｆｕｌｌ ½ ² ³ ٣ ๓ x² tổố"]
    for text in _texts() + PHRASE_SLIPS + odd:
        by_kind = [(syllable_key(word) or "") if kind == "w" else "," if kind == "c" else word if kind == "n" else ""
                   for kind, _, _, word, _ in token_list(text)]
        assert list(phrases.token_keys(text)) == by_kind


def _slipped_at(keys: list[str], i: int, entries, j: int) -> list:
    """The phrases of ``entries`` that the window of ``keys`` at ``i`` matches but for item ``j``."""
    return [e for e in entries if i + len(e[0]) <= len(keys)
            and [m for m in range(len(e[0])) if keys[i + m] != e[0][m]] == [j]]


def test_phrase_windows_by_pairs_hold_every_one_slip_phrase_of_the_one_item_lists():
    from vnpolicy.text.spelling import phrases

    by_first, by_second = phrases.set_phrases()
    longest = max(len(phrase) for entries in by_first.values() for phrase, _ in entries)
    for text in _texts() + PHRASE_SLIPS:
        keys = phrases.token_keys(text)
        windows = dict(phrases._windows(keys))
        for i, key in enumerate(keys):
            after = by_second.get(keys[i + 1], ()) if i + 1 < len(keys) else ()
            tried = [*by_first.get(key, ()), *(p for p in after if p[0][0] != key)]
            # for each slip position, the same phrases in the same order
            for j in range(longest):
                assert _slipped_at(keys, i, windows.get(i, []), j) == _slipped_at(keys, i, tried, j)


def test_neighbour_pairs_and_runs_look_up_what_the_plain_calls_do():
    # _settled reads each pair of neighbours once; _Evidence a site's context once for its options
    model = load_model()
    lm = model.lm
    rng = np.random.default_rng(7)
    written = [model.id_of(t.text) for t in token_list(SENTENCES[0] + " " + SENTENCES[1]) if t.kind == "w"]
    for size in (5, 40, 400, len(written)):
        middle = written if size == len(written) else rng.integers(0, 3000, size)
        ids = np.concatenate([[0, 0], middle, [0, 0]]).astype(np.int64)
        for pos in (np.arange(2, size + 2), np.sort(rng.choice(np.arange(2, size + 2), size // 3 + 1, replace=False)),
                    np.array([2]), np.array([], dtype=np.intp), np.array([0, 1, size + 2])):
            left, right = corrector._neighbour_pairs(lm, ids, pos)
            assert size != len(written) or len(pos) < 3 or left.any()  # real text: counted pairs
            assert np.array_equal(left, lm.bigrams(ids[pos - 1], ids[pos]))
            assert np.array_equal(right, lm.bigrams(ids[pos], ids[pos + 1]))
        a = np.repeat(ids, rng.integers(1, 4, len(ids)))
        b = np.repeat(ids[::-1], rng.integers(1, 4, len(ids)))
        a, b = a[:min(len(a), len(b))], b[:min(len(a), len(b))]
        for x, y in ((a, b), (a[:1], b[:1])):
            first, back = corrector._runs(x, y)
            assert np.array_equal(lm.bigrams(x[first], y[first])[back], lm.bigrams(x, y))


def test_trigrams_are_never_counted_more_than_their_bigrams():
    # what LanguageModel.trigrams_within relies on to skip the look-up of a trigram whose bigram was
    # seen less often than the table's least trigram count
    from vnpolicy.text.spelling.model import ID_BITS

    model = load_model()
    lm = model.lm
    keys, counts = model.trigram_keys, model.trigram_counts
    mask = (1 << ID_BITS) - 1
    a, b, c = keys >> (2 * ID_BITS), (keys >> ID_BITS) & mask, keys & mask
    assert counts.min() >= lm.trigram_floor
    assert (lm.bigrams(a, b) >= counts).all() and (lm.bigrams(b, c) >= counts).all()
    rng = np.random.default_rng(11)
    words = [model.id_of(t.text) for t in token_list(" ".join(SENTENCES)) if t.kind == "w"]
    x = np.asarray(words + rng.integers(0, 3000, 300).tolist(), dtype=np.int64)
    for y, z in ((np.roll(x, -1), np.roll(x, -2)), (rng.permutation(x), np.roll(x, -1))):
        assert np.array_equal(lm.trigrams_within(x, y, z, lm.bigrams(x, y), lm.bigrams(y, z)), lm.trigrams(x, y, z))


def test_protected_spans_from_the_hinted_runs_equal_the_whole_scan():
    import random

    rng = random.Random(3)
    pieces = ["http://", "https://x.vn/a?b=1", "www.", "WWW.Abc.COM", "a@b.vn", "@", " ", "\n", ".vn", ".VN", ".com",
              ".gov.vn", "abc", "x-y", "1/2", "-", ".", "dongthap.gov.vn/tin", "thư@", "(", ")", "“", "Ftp://a", "\u00a0", "a.b.c"]
    # _protected scans only the runs of non-space characters holding a hint: the whole scan's spans
    for text in SENTENCES + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]:
        assert _protected(text) == [m.span() for m in _PROTECTED_RE.finditer(text)], text


def test_pair_places_are_the_places_of_the_listed_pairs():
    from vnpolicy.text.spelling.phrases import pair_places

    keys = ("a", "b", "a", "c", "b", "a", "b", "a")
    pairs = {("a", "b"), ("c", "b"), ("b", "z")}
    firsts = frozenset(first for first, _ in pairs)
    assert pair_places(keys, pairs, firsts) == [i for i, pair in enumerate(zip(keys, keys[1:])) if pair in pairs] == [0, 3, 5]
    assert pair_places((), pairs, firsts) == pair_places(("a",), pairs, firsts) == []


def _token_stream_as_before(text: str, protected: list, shift: int) -> tuple[list, list, list]:
    """The corrector's token loop as it was before its words carried a "plain" flag (speed14):
    the unit check after a number and the break collapsing spelled out."""
    ids, capitals, words = [corrector.BOUNDARY, corrector.BOUNDARY], [], []
    units = corrector.attached_units()
    for kind, start, end, word, sentence_start in token_list(text):
        if kind == "w":
            after_number = ids[-1] == corrector.NUM
            capitalised = not sentence_start and word[0].isupper()
            word_id, known, shaped = corrector._word_id(word, capitalised, shift)
            ids.append(word_id)
            capitals.append(capitalised)
            if not shaped or (after_number and word.lower() in units):
                continue
            if corrector._in_context_skipped(text, start, end, protected):
                continue
            words.append((len(ids) - 1, start, end, word, capitalised, len(capitals) - 1, known))
        elif kind == "n":
            ids.append(corrector.NUM)
        else:
            kind_id = corrector.COMMA if kind == "c" else corrector.BOUNDARY
            if kind_id != corrector.BOUNDARY or ids[-1] != corrector.BOUNDARY:
                ids.append(kind_id)
            capitals.append(False)
    ids.extend([corrector.BOUNDARY, corrector.BOUNDARY])
    return ids, capitals, words


# Written for this test: unit symbols after a number and elsewhere, in either case, breaks in a
# row, a word glued to digits and a link.
UNIT_SENTENCES = [
    "Ống dẫn dài 100 nm, rộng 20 Km và cao 3 m; nm là đơn vị đo. M là chữ cái.",
    "Mưa lớn 120 mm... Sau đó! Trời tạnh, 5 kg gạo, 2 ha lúa và xã A3 xem tại www.xa.gov.vn nhé.",
]


def test_token_stream_same_as_before():
    shift = load_model().vocab_size
    for text in UNIT_SENTENCES + _texts():
        protected = _protected(text)
        assert corrector._token_stream(text, protected, shift) == _token_stream_as_before(text, protected, shift)
    ids, _, words = corrector._token_stream(UNIT_SENTENCES[0], [], shift)
    examined = {w[3] for w in words}
    assert "nm" in examined and "Km" not in examined  # "nm" after no number is a word to examine


def _option_rows_as_before(lm, shift: int, sites: list) -> tuple:
    """corrector._option_rows as it was before its rows were joined from remembered blocks (speed14)."""
    option_ids, costs, sizes = [], [], []
    for site in sites:
        info = site.info
        offset = shift if site.capitalised else 0
        option_ids.append(info.oid + offset if info.oid != corrector.UNK else lm.novel)
        option_ids += [c + offset for c in info.candidates]
        costs.append(0.0)
        costs += info.costs
        sizes.append(1 + len(info.candidates))
    size = np.asarray(sizes, dtype=np.int64)
    first = np.zeros(len(sites), dtype=np.int64)
    np.cumsum(size[:-1], out=first[1:])
    site_of = np.repeat(np.arange(len(sites), dtype=np.int64), size)
    return site_of, np.asarray(option_ids, dtype=np.int64), np.asarray(costs, dtype=np.float64), first


def test_option_rows_same_as_before(monkeypatch):
    seen: list = []
    original = corrector._option_rows

    def checked(lm, shift, sites):
        rows = original(lm, shift, sites)
        before = _option_rows_as_before(lm, shift, sites)
        for a, b in zip(rows, before, strict=True):
            assert a.dtype == b.dtype and np.array_equal(a, b)
        seen.append(len(sites))
        return rows

    monkeypatch.setattr(corrector, "_option_rows", checked)
    # Capitalised sites mid-sentence (offset rows), unseen syllables (the novel id), the letter
    # pass's own WordInfo objects, and the same words again (remembered blocks).
    for text in SENTENCES + UNIT_SENTENCES + _texts()[:3] + SENTENCES:
        typo_edits(text)
        typo_suspects(text) if len(text) < 200 else None
    assert sum(seen) > 100
    assert all(len(r) == 0 for r in corrector._option_rows(load_model().lm, load_model().vocab_size, [])[1:2])
