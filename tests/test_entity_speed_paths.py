"""The entity step's fast paths give exactly what the plain ones give (sentences written for the test).

Dates are tried only where one can start (vnpolicy.entities.date._date_matches); the tagger's
features are built from per-token strings cached across calls (vnpolicy.entities.tagger.features).
"""

from __future__ import annotations

import pytest

from vnpolicy.entities import date as date_module
from vnpolicy.entities import rule_entities
from vnpolicy.entities import tagger as tagger_module
from vnpolicy.entities.tagger import features, tokens

# One sentence per way a date starts: a number, each first word of the pattern, "Tết", ranges.
DATE_SENTENCES = [
    "Sáng 17/6/2022, UBND huyện họp; chiều 5-9 tiếp tục; (12/3) là hạn chót.",
    "Ngày 13 và 14/11 đoàn về xã; trong 2 ngày 15 và 16/7/2020 có mưa.",
    "Cập nhật: 24/11/2023. Từ ngày 3 đến ngày 7/5/2021 và 9- 11/5/2023 nghỉ.",
    "Quý III/2024, tháng 10/2023, tháng 12 năm 2022, nhiệm kỳ 2020 - 2025, năm học 2025 - 2026.",
    "Giai đoạn 2021-2025, đầu năm 2024, cuối tháng 3, giữa tháng 5 năm 2023, sáu tháng đầu năm nay.",
    "Tết Nguyên đán Giáp Thìn 2024 và mùa khô 2023 - 2024; vụ Đông Xuân 2024; NĂM 2017 qua.",
    "Từ đầu năm đến nay, 5 năm qua, hai năm trở lại đây, năm ngoái và tháng trước; đến hết năm 2025.",
    "Quyết định 15/2020/NĐ-CP không phải ngày; 01/2021/TT-BTC cũng vậy; ngày 1.1.2013 thì có.",
    # every way a date opens with a word (_WORDS_THEN), and words that open none ("từ khi", "đầu tư")
    "Từ sáng 5 đến chiều 6/9, từ đêm 29 đến sáng 30/9/2025, từ tháng 5/2023 đến tháng 6/2024; Tết Độc lập 2024.",
    "Xuân Giáp Thìn, vụ Hè Thu 2023, mùa mưa năm 2022, Chủ nhật 8/3, thứ Bảy 12/4/2025, ngày mùng 10 tháng Giêng.",
    "Mồng 5 tháng 5 âm lịch, mười năm gần đây, chín tháng năm 2022, niên độ 2022-2023, đến ngày 5/6; từ khi đầu tư.",
]


def _assert_same_matches(fast, full, texts: list[str], least: int) -> None:
    """``fast(text)`` finds what ``full(text)`` finds (spans and groups), at least ``least`` a text."""
    for text in texts:
        found = [(m.span(), m.groupdict()) for m in fast(text)]
        assert found == [(m.span(), m.groupdict()) for m in full(text)], text
        assert len(found) >= least, text


def test_dates_tried_only_where_they_can_start_match_the_full_scan():
    _assert_same_matches(date_module._date_matches, date_module._DATE_RE.finditer, DATE_SENTENCES, 1)


def test_features_do_not_depend_on_the_token_cache():
    text = "Bộ trưởng Hiển dự lễ phát động phong trào “Người tốt việc tốt” tại Hà Nội với Microsoft."
    spans = tokens(text)
    proposals = [(e.start, e.end, e.label) for e in rule_entities(text)]
    first = features(text, spans, proposals)
    tagger_module._TOK_CACHE.clear()
    assert features(text, spans, proposals) == first
    words = [text[s:e] for s, e in spans]
    assert "k-1=title|Aa" in first[words.index("Hiển")]  # "trưởng" is a title word
    assert "g=B" in first[words.index("Hà")] and "g=I" in first[words.index("Nội")]


LEGAL_SENTENCES = [
    "Thực hiện Nghị quyết số 12-NQ/TU ngày 5/3/2021 của Tỉnh ủy và Quyết định 749/QĐ-TTg, huyện đã làm.",
    "Theo Luật Đất đai 2024, Bộ luật Dân sự, Hiến pháp năm 2013 và Pháp lệnh Dân số; số 45/2019/QH14.",
    "Nghị quyết Trung ương 4 khóa XII, Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII.",
    "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI; Kết luận 61-KL/TW; Công điện số 1305/CĐ-TTg.",
    # types in lower case, and their first words in prose (_type_ahead rules those out before the pattern)
    "Theo thông tư số 12/2020/TT-BTC và công văn 345/UBND-VX, công tác chỉ đạo, kết luận 5 người, chỉ thị 15-CT/TU.",
]


def test_documents_tried_only_where_they_can_start_match_the_full_scan():
    from vnpolicy.entities import legal

    _assert_same_matches(legal._matches, lambda text: legal._pattern().finditer(text), LEGAL_SENTENCES, 2)


# One sentence per way a person's name is led in: honorifics, ranks, professions (several in a row),
# a family name before a title, a bare full name; triggers glued to a letter, a digit, "_", "²".
PERSON_SENTENCES = [
    "Ông Lê Văn Tám và bà Đào Thị Mơ dự họp; chị Hà nói; anh Sơn, Đại tá Phan Văn Giang cũng đến.",
    "PGS.TS Nguyễn Văn Hùng cùng HLV Park Hang-seo và nhạc sĩ Văn Cao; không Ông nào vắng.",
    "Trần Quốc Vượng, Bí thư Tỉnh ủy, gặp Đỗ Thị Thu Thảo; thanh Ông Hai; x_ông Ba; 2ông Bảy; ²bà Năm.",
    "đồng chí Đại tướng Võ Nguyên Giáp; Đồng chí Nguyễn Thị Kim Ngân - Chủ tịch Quốc hội; cụ Lò Văn Pọm.",
]


def test_people_tried_only_where_a_trigger_or_family_name_starts_match_the_full_scan():
    from vnpolicy.entities import person

    for name in ("triggered", "title", "surname_then_title", "bare_name"):
        full = person._patterns()[name].finditer
        _assert_same_matches(person._scans()[name], full, PERSON_SENTENCES, 0)
        assert sum(1 for t in PERSON_SENTENCES for _ in full(t)) >= 2, name


def test_a_capital_after_a_trigger_is_never_ruled_out_by_the_re_check():
    # tried_where_words_start's ``needs`` (re) must match wherever the regex pattern can: every
    # character regex takes as \p{Lu} passes maybe_capital, and a trigger before a capital passes
    import re
    import sys

    import regex

    from vnpolicy.entities.lexicon import maybe_capital, words_then

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    capitals = "".join(regex.findall(r"\p{Lu}", every))
    assert re.fullmatch(maybe_capital() + "*", capitals)
    assert not re.match(maybe_capital(), "a") and not re.match(maybe_capital(), " ")
    assert re.match(words_then(["ông", "bí thư"], maybe_capital(), most=3), "bí thư ông Ánh")
    assert not re.match(words_then(["ông", "bí thư"], maybe_capital(), most=3), "ông cho biết")


# Places and programmes after the word that leads them in: a place word before a district, a known
# programme name, a trigger before a quoted name.
LED_SENTENCES = [
    "Bà Năm ngụ Bình Thạnh, ở Hóc Môn, tại quận 3 và ở tại Củ Chi; xtại Gò Vấp; tại đây.",
    "Xã hưởng ứng Chương trình OCOP, phong trào thi đua “Dân vận khéo”, cuộc vận động \"Người Việt Nam ưu tiên dùng hàng Việt Nam\".",
    "Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”, Chương trình mục tiêu quốc gia xây dựng nông thôn mới; xPhong trào “A”.",
]


def test_places_and_programmes_tried_where_their_words_start_match_the_full_scan():
    from vnpolicy.entities import place, program

    _assert_same_matches(place._district_after_finditer(), place._district_after().finditer, LED_SENTENCES, 0)
    for scan, pattern in zip(program._scans()[:2], program._patterns()):
        _assert_same_matches(scan, pattern.finditer, LED_SENTENCES, 0)
    assert sum(1 for t in LED_SENTENCES for _ in place._district_after().finditer(t)) >= 2
    assert sum(1 for t in LED_SENTENCES for p in program._patterns() for _ in p.finditer(t)) >= 3


# One sentence per way a body's name starts: a sub-body, a head, a sector head, a school, a named
# body, a numbered unit, an abbreviation; glued to a letter, after "_" and a digit.
ORG_SENTENCES = [
    "Ban Thường vụ Huyện ủy Tân Phú và UBND xã Mỹ An họp với Sở Y tế tỉnh; Văn phòng Đoàn ĐBQH dự.",
    "Trường THCS Lê Lợi, Công ty Cổ phần Dệt may Huế, Hợp tác xã Thủy sản Bình An và Quân khu 7 ký kết.",
    "Đảng ủy Công an tỉnh, Hội Nông dân huyện, Mặt trận Tổ quốc Việt Nam; xUBND; _UBND tỉnh; 3Huyện ủy.",
]


def test_bodies_tried_only_where_a_name_can_start_match_the_full_scan():
    from vnpolicy.entities import org

    _assert_same_matches(org._core_finditer(), org._patterns()[0].finditer, ORG_SENTENCES, 3)


# World places and named sites, bare, glued, after a digit or a full stop.
PLACE_SENTENCES = [
    "Đoàn đi Mỹ, Nhật Bản và châu Âu; hàng từ Trung Quốc về TP.HCM qua Quốc lộ 1A và Khu công nghiệp Phú Đa.",
    "Lễ hội ở Đền ông Hoàng Mười, Chùa Một Cột; xMỹ; 3Mỹ; .Mỹ; Mỹ Tho; tiếng Anh; nước Anh; Cầu Rồng.",
    "Các xã Kỳ Sơn, An Sơn thuộc huyện Tháp Mười, tỉnh Đồng Tháp; ấp 3, Phường 5, TP Cần Thơ, Thành phố Huế.",
    "Về Hà Nội, Bà Rịa - Vũng Tàu, Thừa Thiên Huế và Việt Nam; xhuyện Cái Bè; 2xã An Bình; thị xã Sơn Tây, Hà Tĩnh.",
]


def test_world_places_and_sites_tried_only_where_their_words_start_match_the_full_scan(monkeypatch):
    from vnpolicy.entities import place

    _assert_same_matches(place._site_matches(), place._sites()[1].finditer, PLACE_SENTENCES, 0)
    units, provinces = place._place_scans()
    _assert_same_matches(units, place._PLACE_RE.finditer, PLACE_SENTENCES[2:], 1)
    _assert_same_matches(provinces, place._bare_province_re().finditer, PLACE_SENTENCES[2:], 2)
    fast = [place._world_matches(t) for t in PLACE_SENTENCES]
    monkeypatch.setattr(place, "_world_words", lambda: place._WORD_START.finditer)  # every word
    assert fast == [place._world_matches(t) for t in PLACE_SENTENCES]
    assert len(fast[0]) >= 3


# Written for the test: titles before names, a glued quote, a line break, capitals, numbers,
# an unknown acronym, a place run and a bare programme name.
TAGGER_TEXTS = [
    "Chiều 5/3/2024, ông Nguyễn Văn Bình, Bí thư Huyện ủy Tân Phú, làm việc với Sở Y tế tỉnh Đồng Nai.\n"
    "Theo Quyết định số 12/QĐ-UBND, chương trình “Mỗi xã một sản phẩm” (OCOP) được triển khai tại xã Phú Lộc.",
    "HỘI NGHỊ TỔNG KẾT NĂM 2023 của Ban Chỉ đạo XYZQ diễn ra ở Hà Nội;phong trào Toàn dân đoàn kết.",
    "Trần Thị Hoa",
    "!",
]


def _shipped_tagger():
    from pathlib import Path

    from vnpolicy.entities.tagger import load_tagger

    path = Path(tagger_module.__file__).resolve().parent.parent / "resources" / "entities" / "tagger.zip"
    if not path.exists():
        pytest.skip("no shipped tagger (scripts/build_entity_tagger.py builds it)")
    return load_tagger(path)


@pytest.mark.parametrize("short_paths", [True, False])
def test_tagger_scores_are_the_sums_of_its_feature_weights(short_paths, monkeypatch):
    """Both ways of scoring: the plain-Python paths a paragraph takes (few triggers, few proposals,
    a short text) and, with those limits set to nothing, the numpy paths an article takes."""
    import numpy as np

    if not short_paths:
        monkeypatch.setattr(tagger_module, "_SHORT", -1)
        monkeypatch.setattr(tagger_module, "_FEW_TRIGGERS", -1)
        monkeypatch.setattr(tagger_module, "_FEW_PROPOSALS", -1)
    tagger = _shipped_tagger()
    scorer = tagger._scorer
    for text in TAGGER_TEXTS:
        spans = tokens(text)
        proposals = [(e.start, e.end, e.label) for e in rule_entities(text)]
        by_strings = np.array([sum((scorer.row(f) for f in fs), scorer.zero) for fs in features(text, spans, proposals)])
        assert np.allclose(scorer.scores(text, spans, proposals), by_strings, atol=1e-9), text


def test_tagger_decides_as_crfsuite_does():
    tagger = _shipped_tagger()
    for text in TAGGER_TEXTS:
        assert tagger.spans(text) == tagger.crfsuite_spans(text), text
    assert tagger.spans("") == []


def test_context_features_mark_quoted_names_triggers_and_names_found_elsewhere():
    text = ("Hội Nông dân xã phát động phong trào “Nông dân sản xuất giỏi”; ông Trần Văn Khải nói "
            "Khải sẽ làm. Liên đoàn Lao động tỉnh (LĐLĐ) họp, LĐLĐ cũng góp.")
    spans = tokens(text)
    words = [text[s:e] for s, e in spans]
    proposals = [(e.start, e.end, e.label) for e in rule_entities(text)]
    assert any(lab == "PER" and text[s:e] == "Trần Văn Khải" for s, e, lab in proposals)
    feats = features(text, spans, proposals)
    inside = feats[words.index("sản")]
    assert "q=in" in inside and "qk=prog" in inside  # quoted, after "phong trào"
    assert "q=open" in feats[words.index("“")] and "q=close" in feats[words.index("”")]
    assert "stop" in feats[words.index("sẽ")]
    second_khai = [i for i, w in enumerate(words) if w == "Khải"][1]
    assert "dl=PER" in feats[second_khai]  # the given name of a person named before
    if any(text[s:e].startswith("Liên đoàn Lao động") for s, e, lab in proposals if lab == "ORG"):
        second = [i for i, w in enumerate(words) if w == "LĐLĐ"][1]
        assert "dl=ORG" in feats[second]  # the bracketed acronym of a body, used again


def _plain_viterbi(scores, transitions) -> list[int]:
    """The textbook Viterbi in plain Python: strict comparisons in label order (ties to the lowest)."""
    size = len(transitions)
    delta, back = list(scores[0]), []
    for row in scores[1:]:
        best = [max(range(size), key=lambda p, y=y: (delta[p] + transitions[p][y], -p)) for y in range(size)]
        delta = [delta[p] + transitions[p][y] + row[y] for y, p in enumerate(best)]
        back.append(best)
    label = max(range(size), key=lambda y: (delta[y], -y))
    path = [label]
    for best in reversed(back):
        label = best[label]
        path.append(label)
    return path[::-1]


def test_viterbi_in_stretches_decides_as_step_by_step():
    """Long sequences are decoded in stretches cut after surely-outside tokens (crf_weights._stretch_deltas);
    the guess that each stretch starts after "O" is wrong on purpose here (names right after the cuts)."""
    import numpy as np

    from vnpolicy.tokenize.crf_weights import viterbi

    rng = np.random.default_rng(10)
    transitions = rng.normal(0, 3, (13, 13))
    transitions[0, 0] = 3.0
    for n in (1, 2, 40, 63, 64, 65, 300, 900):
        scores = rng.normal(0, 3, (n, 13))
        scores[::5, 0] += 15  # surely outside: a cut after each
        scores[1::5, 1:] += rng.normal(4, 3, (len(scores[1::5]), 12))  # and a likely name right after
        assert viterbi(scores, transitions) == _plain_viterbi(scores.tolist(), transitions.tolist()), n
    # Labels that keep to themselves: the mending of a wrong cut runs through its whole short
    # stretch into the next cut, whose best labels before must then be read again.
    sticky = rng.normal(0, 1, (13, 13)) + 6 * np.eye(13)
    for n in (64, 300):
        scores = rng.normal(0, 1, (n, 13))
        scores[::4, 0] += 10
        assert viterbi(scores, sticky) == _plain_viterbi(scores.tolist(), sticky.tolist()), n
    tagger = _shipped_tagger()
    text = " ".join(TAGGER_TEXTS[:2]) * 8  # several hundred tokens
    spans = tokens(text)
    scores = tagger._scorer.scores(text, spans, [(e.start, e.end, e.label) for e in rule_entities(text)])
    assert len(scores) > 300
    assert viterbi(scores, tagger._scorer.transitions) == _plain_viterbi(scores.tolist(), tagger._scorer.transitions.tolist())


def test_viterbi_step_by_step_fallback_and_huge_stretches_decide_the_same(monkeypatch):
    """Hostile input (thousands of dots or slashes) made stretches of thousands of tokens, cut
    again one margin at a time (time in the square of the length) and laid side by side (memory
    in the square): now a huge stretch is first cut every _HUGE_STRETCH tokens, and stretches
    too wide to lay side by side are decoded step by step. Neither changes a decision."""
    import numpy as np

    import vnpolicy.tokenize.crf_weights as crf_weights

    rng = np.random.default_rng(11)
    transitions = rng.normal(0, 3, (13, 13))
    scores = rng.normal(0, 1, (1500, 13))
    scores[:, 0] += 5  # likely but never surely outside: one stretch of 1,500 tokens
    plain = _plain_viterbi(scores.tolist(), transitions.tolist())
    assert crf_weights.viterbi(scores, transitions) == plain
    monkeypatch.setattr(crf_weights, "_WIDEST", 0)  # every long sequence decoded step by step
    assert crf_weights.viterbi(scores, transitions) == plain
    monkeypatch.undo()
    tagger = _shipped_tagger()
    text = "Xong" + "." * 8000 + " UBND huyện Tháp Mười" + "/" * 4000
    assert tagger.spans(text) == tagger.crfsuite_spans(text)


def test_rule_tags_by_number_are_the_bio_tags_of_the_proposals():
    """_Scorer._rule_tags sets apart proposals all at once and overlapping ones in turn: both as _bio does."""
    import numpy as np

    from vnpolicy.entities.tagger import _bio

    scorer = _shipped_tagger()._scorer
    text = "Ngày 5/3/2021, Ban Thường vụ Huyện ủy Tháp Mười và ông Nguyễn Văn An họp tại xã Mỹ An."
    spans = tokens(text)
    starts = np.array([s for s, _ in spans])
    apart = [(0, 13, "DATE"), (15, 47, "ORG"), (55, 71, "PER"), (79, 87, "LOC")]
    overlapping = [(15, 47, "ORG"), (29, 47, "ORG"), (38, 47, "LOC"), (0, 4, "DATE"), (85, 85, "LOC")]
    for few in (tagger_module._FEW_PROPOSALS, -1):  # in turn (a paragraph's few), and by number
        for proposals in (apart, overlapping, apart[:1], [(3, 3, "DATE")]):
            rule = np.zeros(len(spans), dtype=np.intp)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(tagger_module, "_FEW_PROPOSALS", few)
                scorer._rule_tags(rule, starts, proposals)
            assert [scorer.labels[k] if k < len(scorer.labels) else "?" for k in rule] == \
                [t if t in scorer.tag_index else "?" for t in _bio(spans, proposals)], (few, proposals)


def test_tokens_by_pieces_equal_one_scan_of_the_pattern():
    # tokens() cuts at spaces and takes plain syllables (with one trailing mark) without the pattern
    odd = ["việc, sát. (Hà Nội) “Tồ” 12,5% x² ½ Ⅻ ٣ hoa\u0300 \u0301a ـ", "A.B  C\n\nD\tE\u00a0F - G–H, 'I' \"J\"!?",
           "", " ", "   x  ", ",", "a,", "a,,", "ab.c", "Đ\u0323"]
    for text in DATE_SENTENCES + odd:
        assert tokens(text) == [m.span() for m in tagger_module._TOKEN.finditer(text)], text


def test_token_texts_kept_by_tokens_are_the_tokens_cut_from_the_text():
    odd = ["việc, sát. (Hà Nội) “Tồ” 12,5% x² ½ Ⅻ ٣ hoa\u0300 \u0301a ـ", "A.B  C\n\nD\tE\u00a0F - G–H, 'I' \"J\"!?",
           "", " ", "   x  ", ",", "a,", "a,,", "ab.c", "Đ\u0323"]
    for text in DATE_SENTENCES + odd:
        spans = tokens(text)
        assert tagger_module.token_texts(text, spans) == [text[s:e] for s, e in spans], text
    first = tokens("Ủy ban nhân dân tỉnh.")
    tokens("Đồng Tháp")
    # a list tokens() returned earlier is cut from the text again
    assert tagger_module.token_texts("Ủy ban nhân dân tỉnh.", first) == ["Ủy", "ban", "nhân", "dân", "tỉnh", "."]
    assert tagger_module.token_texts("Ủy ban nhân dân tỉnh.", list(first)) == ["Ủy", "ban", "nhân", "dân", "tỉnh", "."]


def test_a_scan_resumed_from_a_moving_position_gives_the_full_scans_matches():
    """find_orgs takes one match at a time from a moving position; the scan walks its places by
    index from there (a slice per call made "Đảng ủy " x 40,000 quadratic). Same matches either way."""
    import regex

    from vnpolicy.entities.lexicon import tried_where_words_start

    pattern = regex.compile(r"(?<![\p{L}])Đảng ủy(?: xã)?")
    scan = tried_where_words_start(pattern, ["Đảng"])
    text = "Đảng ủy xã họp; Đảng ủy huyện và Đảng ủy xã Tân Lập. " * 50
    resumed, pos = [], 0
    while (m := next(scan(text, pos), None)) is not None:
        resumed.append(m.span())
        pos = m.end()
    assert resumed == [m.span() for m in pattern.finditer(text)]


def test_viterbi_gives_up_mending_that_runs_on_and_decides_the_same(monkeypatch):
    """A phrase repeated thousands of times whose every token may start a date ("từ đêm 1 đến
    sáng ") kept the stretches' guess wrong for hundreds of rows past every cut: a thousand rounds
    of mending, time growing faster than the text. After _MENDING_ROUNDS rounds the sequence is
    decoded step by step, with the same decision."""
    import numpy as np

    import vnpolicy.tokenize.crf_weights as crf_weights

    rng = np.random.default_rng(12)
    sticky = rng.normal(0, 1, (13, 13)) + 6 * np.eye(13)
    scores = rng.normal(0, 1, (900, 13))
    scores[::4, 0] += 10
    plain = _plain_viterbi(scores.tolist(), sticky.tolist())
    calls = []
    real = crf_weights._stretch_deltas
    monkeypatch.setattr(crf_weights, "_stretch_deltas", lambda *a: calls.append(out := real(*a)) or out)
    monkeypatch.setattr(crf_weights, "_MENDING_ROUNDS", 1)
    assert crf_weights.viterbi(scores, sticky) == plain
    assert calls == [None]  # gave up on the stretches
    tagger = _shipped_tagger()
    text = "từ đêm 1 đến sáng " * 300
    assert tagger.spans(text) == tagger.crfsuite_spans(text)


def test_span_list_finds_and_replaces_what_a_scan_would():
    """tagger._SpanList answers 'which spans overlap [s, e)' by bisection over sorted spans that
    never overlap, and by a scan otherwise; both as the scan over all spans did."""
    import random

    from vnpolicy.entities.tagger import _SpanList

    rng = random.Random(5)
    for _ in range(200):
        cuts = sorted(rng.sample(range(1, 300), 40))
        spans = [(a, b, rng.choice("ABC")) for a, b in zip(cuts[::2], cuts[1::2]) if rng.random() < 0.7]
        if rng.random() < 0.2:
            spans.append((cuts[0], cuts[-1], "X"))  # one overlapping all: the scan's way
        view = _SpanList(spans)
        for _ in range(20):
            s = rng.randrange(0, 300)
            e = s + rng.randrange(1, 40)
            scan = sorted(sp for sp in view.items if sp[0] < e and s < sp[1])
            assert sorted(view.over(s, e)) == scan
            if scan and rng.random() < 0.3:
                new = (min(s, scan[0][0]), max(e, scan[-1][1]), "N") if rng.random() < 0.7 else None
                kept = sorted([sp for sp in view.items if sp not in scan] + ([new] if new else []))
                view.replace(view.over(s, e), new)
                assert sorted(view.items) == kept


def _provinces_in_as_before(text: str) -> set[str]:
    """place.provinces_in as it was before it looked only where a name's first word stands (speed14)."""
    from vnpolicy.entities import place

    g = place.gazetteer()
    found: set[str] = set()
    districts: list[list[dict]] = []
    for m in place._CAP_RUN_RE.finditer(text):
        parts = m.group(0).split(" ")
        for i in range(len(parts)):
            for n in range(min(len(parts) - i, g.max_words), 1, -1):
                name = " ".join(parts[i:i + n])
                if name in place._NOT_BARE and not (i == 0 and place._CITY_BEFORE.search(text, max(0, m.start() - 10), m.start())):
                    continue
                if name in g.provinces:
                    found.update(u["province"] for u in g.provinces[name])
                    break
                units = g.districts.get(name)
                if units:
                    districts.append(units)
                    if len({u["province"] for u in units}) == 1:
                        found.add(units[0]["province"])
                    break
    for units in districts:
        for u in units:
            if u["province"] in found or len(units) == 1:
                found.add(f"{u['district']}|{u['province']}")
    return found


# Written for this test: provinces and districts inside longer runs of capitals, names that are no
# city ("phong cách Hồ Chí Minh"), a district shared by two provinces, and runs naming none.
PROVINCE_SENTENCES = [
    "Đoàn công tác Tỉnh ủy Đồng Tháp và UBND Huyện Tháp Mười làm việc với Sở Nội vụ Thành phố Hồ Chí Minh.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; Ban Thường vụ Quận Ủy Ba Đình họp.",
    "Đoàn Đại biểu Quốc hội Tỉnh Quảng Nam, Huyện Châu Thành và Thị xã Kỳ Anh Hà Tĩnh; Việt Nam Xanh.",
    "Nguyễn Văn An Giang Lê Thị Bình Định cùng Công ty Cổ phần Sông Đà làm việc tại Bắc Ninh và Hà Nội.",
]


def test_provinces_in_same_as_before():
    from pathlib import Path

    from vnpolicy.entities.place import provinces_in

    articles = sorted((Path(__file__).resolve().parent.parent / "data" / "articles").glob("*.txt"))
    texts = PROVINCE_SENTENCES + [p.read_text(encoding="utf-8") for p in articles]
    assert all(provinces_in(t) == _provinces_in_as_before(t) for t in texts)
    assert any(provinces_in(t) for t in PROVINCE_SENTENCES)
