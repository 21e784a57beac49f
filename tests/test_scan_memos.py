"""Scans that remember what they found for a piece of text, or start where a match can be, give
what one scan of the whole text gives (issue 15: same output, less CPU).

Each memo is read twice here: once filling it, once reading it back, in contexts that differ
around the same piece (start or end of a segment, after a mark, before a line break).
"""

from __future__ import annotations

import regex

PIECES = [
    "Ngày 19/8/2022, UBND tỉnh (TP.HCM) họp; 01-NQ/TU và 123/QĐ-UBND.", "e-mail: a.b@c.vn, http://x.vn/a?b=1 x",
    "(NLĐ)- “Tồ” 12,5% x² ½ Ⅻ ٣ hoa\u0300 \u0301a", "A.B  C\n\nD\tE\u00a0F - G–H, 'I' \"J\"!?", "3x4 :D =)) <3 -> ...",
    "v.v. Mr. Th.S Nguyễn, Th Sơn xTh S", "GD-ĐT 2.000.000 1,5 3.4 12/3 -- ==> °C", "foo.na@example.com www.a.vn/x",
    "", " ", "  a  ", "a", ".", "a.", "1.", "x\n", "x.com\n", "@a.vn", "-.ab x", ":D\n", "A. B.", "x:D y",
]


def test_the_token_stream_read_twice_is_one_scan_of_the_text():
    from test_typo_speed_internals import _scan_whole_text as whole

    from vnpolicy.text.spelling.model import _scan

    for _ in range(2):
        for text in PIECES + [" ".join(PIECES), "\n".join(PIECES)]:
            assert [tuple(tok) for tok in _scan(text)] == whole(text), text


def test_the_taggers_tokens_read_twice_are_one_scan_of_its_pattern():
    from vnpolicy.entities.tagger import _TOKEN, tokens

    for _ in range(2):
        for text in PIECES + [" ".join(PIECES), "\n".join(PIECES)]:
            assert tokens(text) == [m.span() for m in _TOKEN.finditer(text)], text


def test_underthesea_chunks_remembered_are_the_patterns_tokens_wherever_they_stand():
    from vnpolicy.tokenize import backends
    from vnpolicy.tokenize.backends import underthesea_token_pattern, underthesea_tokens

    pattern = underthesea_token_pattern()
    backends._CHUNKS.clear()
    texts = [t for t in PIECES if "Th" not in t] + ["1.5 (a) 1.5 x-1.5", "UBND. UBND.", "a.vn a.vn\n", "@1.5 1.5@"]
    for _ in range(2):
        for text in texts:
            for start in range(len(text) + 1):
                for end in range(start, len(text) + 1):
                    expected = [m.span() for m in pattern.finditer(text, start, end)]
                    assert underthesea_tokens(text, start, end) == expected, (text, start, end)


def test_a_chunk_with_th_is_cut_as_before_and_never_remembered():
    # "Th.S": the pattern's dot takes any character, a space too, so such a chunk's tokens depend
    # on what follows it; those chunks are matched in the text each time, as before the memo
    from vnpolicy.tokenize import backends
    from vnpolicy.tokenize.backends import _plain_word, underthesea_token_pattern, underthesea_tokens

    pattern = underthesea_token_pattern()

    def before(text: str, start: int, end: int) -> list[tuple[int, int]]:
        out, at = [], start
        for word in text[start:end].split(" "):
            stop = at + len(word)
            if word.isalpha() and not word.startswith("Th"):
                out.append((at, stop))
            elif word and (plain := _plain_word(word)) is not None:
                out += [(at + a, at + b) for a, b in plain]
            elif word:
                for m in pattern.finditer(text, at, end):
                    if m.start() >= stop:
                        break
                    out.append(m.span())
            at = stop + 1
        return out

    backends._CHUNKS.clear()
    for _ in range(2):
        for text in ["(Th S", "(Th Sơn", "xTh. S", "Th.S Nguyễn", "1Th x", "(Th.s) b"]:
            assert underthesea_tokens(text, 0, len(text)) == before(text, 0, len(text)), text
    assert not any("Th" in key[0] for key in backends._CHUNKS)


def test_the_closing_name_is_found_on_the_last_line_as_in_the_whole_text():
    from vnpolicy.entities.person import _last_line_start, _patterns

    pattern = _patterns()["trailing_byline"]
    endings = ["Hội nghị kết thúc. Minh Quân", "Hội nghị kết thúc. Minh Quân\n", "Đoàn về xã.\nHọp xong. Nam Anh - Xuân Vũ",
               "Đoàn về xã.\nHọp xong. Bảo Anh (Huyện đoàn Thanh Chương)\n", "Họp. Minh Quân\n\n", "Minh Quân", "\n",
               "", "Kết luận số 05-CT/TW. Thái Hà", "BCH khóa I. Minh Tâm \t", "a.\nb. Hoài Thương\nc"]
    for text in endings + ["Mở đầu. Văn Hai.\n" + e for e in endings]:
        assert ([(m.span(), m.group("names")) for m in pattern.finditer(text, _last_line_start(text))]
                == [(m.span(), m.group("names")) for m in pattern.finditer(text)]), text


def test_word_starts_are_the_places_not_after_a_latin_letter():
    from vnpolicy.entities import rule_entities
    from vnpolicy.entities.lexicon import _WORD_STARTS, LATIN_LETTERS, trie_alternation

    rule_entities("Ông Nguyễn Văn A, Chủ tịch UBND tỉnh, dự chương trình “Dân vận khéo”.")  # every scan registered
    _, _, _, scans_of = _WORD_STARTS._pattern()
    words = _WORD_STARTS._words
    every = set().union(*words)
    reference = regex.compile(rf"(?<![{LATIN_LETTERS}])(?=({trie_alternation(every)}))")
    samples = ["Chủ tịch Nguyễn Văn A", "xChủ tịch, (Chủ tịch) 1Chủ tịch\nChủ tịch", "ông bà chương trình Đảng ủy"]
    for text in samples + [" ".join(samples), "".join(samples)]:
        expected: list[list[int]] = [[] for _ in words]
        for m in reference.finditer(text):
            for k in scans_of[m.group(1)]:
                expected[k].append(m.start())
        for k, pattern in _WORD_STARTS._patterns.items():  # the scans of lexicon.starts_where
            expected[k] = [m.start() for m in pattern.finditer(text)]
        _WORD_STARTS._last = ("", -1, [])
        assert _WORD_STARTS.places(text) == expected, text


def test_places_found_piece_by_piece_are_those_of_the_whole_text(monkeypatch):
    # The word starts and the date and document starts, read from the pieces between spaces (each
    # piece's places remembered, so read twice: filling the memo, then from it) and from one scan
    # of the whole text, on pieces in different places: first in a text, after a mark or a line break
    from vnpolicy.entities import lexicon, rule_entities
    from vnpolicy.entities.date import _DATE_START
    from vnpolicy.entities.legal import _start
    from vnpolicy.entities.lexicon import _WORD_STARTS

    rule_entities("Ông Nguyễn Văn A, Chủ tịch UBND tỉnh, dự chương trình “Dân vận khéo”.")  # every scan registered
    samples = ["Ngày 19/8/2022, Chủ tịch UBND tỉnh ký Quyết định số 123/QĐ-UBND; Luật Đất đai 2024",
               "(Chủ tịch) 1Chủ tịch\nChủ tịch xChủ tịch,tháng 5,ngày 3 năm2020 giai đoạn 2021-2025 từ 1/1",
               "Nghị quyết 01-NQ/TU, Thông tư 15/2020/TT-BTC.Bộ Y tế  Sở  Nội vụ\tNgày\u00a0ngày 5",
               "ngày", " ngày", "ngày ", "Ngày 5", "\nNghị định", "ông bà chương trình Đảng ủy"]
    assert {_DATE_START, _start()} <= set(_WORD_STARTS._patterns.values())
    texts = PIECES + samples + [" ".join(PIECES + samples), "\n".join(PIECES + samples), "".join(samples)]
    for text in texts:
        monkeypatch.setattr(lexicon, "PIECE_PLACES", False)
        _WORD_STARTS._last = ("", -1, [])
        whole = _WORD_STARTS.places(text)
        for k, pattern in _WORD_STARTS._patterns.items():
            assert whole[k] == [m.start() for m in pattern.finditer(text)], text
        monkeypatch.setattr(lexicon, "PIECE_PLACES", True)
        for _ in range(2):
            _WORD_STARTS._last = ("", -1, [])
            assert _WORD_STARTS.places(text) == whole, text


def test_the_pieces_kept_for_the_last_text_are_its_pieces():
    # The rules' word starts and the tagger's tokens share the last text's pieces (space_pieces)
    from vnpolicy.entities.lexicon import _WORD_STARTS, space_pieces
    from vnpolicy.entities.tagger import _TOKEN, tokens

    texts = PIECES + [" ".join(PIECES), "\n".join(PIECES)]
    for text in texts + texts[::-1]:
        for _ in range(2):
            assert space_pieces(text) == text.split(" "), text
        _WORD_STARTS._last = ("", -1, [])
        _WORD_STARTS.places(text)  # the pieces kept, then read by the tokens
        assert tokens(text) == [m.span() for m in _TOKEN.finditer(text)], text
        assert space_pieces(text) == text.split(" "), text


def test_the_cascades_viterbi_from_its_first_doubtful_token_is_the_whole_viterbi():
    import random

    from vnpolicy.tokenize.cascade import forward_differences, viterbi_edges

    rng = random.Random(15)
    transitions = [[0.3, -1.2], [0.8, -0.4]]
    extra = [[0.5, -0.7], [-0.2, 0.9]]
    for _ in range(3000):
        n = rng.randint(1, 14)
        margin = [rng.choice([rng.uniform(-3, 3), 0.0, 1.5, -0.9]) for _ in range(n)]
        forward = forward_differences(margin, transitions)
        asked = sorted(rng.sample(range(n), rng.randint(1, min(3, n))))
        touched = [k in asked for k in range(n)]
        changed = list(margin)
        for k in asked:
            changed[k] += rng.uniform(-2, 2)
        assert (viterbi_edges(list(changed), transitions, extra, touched, forward, asked[0])
                == viterbi_edges(list(changed), transitions, extra, touched)), (margin, asked)


def test_topic_scans_by_re_are_the_regex_scans_on_every_character_of_the_plane():
    import random

    from vnpolicy.topics.features import _BREAK, _SYLLABLE, FeatureSettings, _re_twins, analyze

    split, findall = _re_twins()
    plane = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    doubled = "".join(c * 2 for c in plane)
    rng = random.Random(15)
    mixed = "".join(rng.choice(plane) if rng.random() < 0.3 else rng.choice("ab  .,\n\t\u00a0\u2003") for _ in range(200_000))
    for text in (plane, doubled, mixed):
        assert split(text) == _BREAK.split(text)
        assert findall(text) == _SYLLABLE.findall(text)
    # beyond the plane the regex patterns run: the same features either way
    from vnpolicy.orthography import fold

    text = "Công tác 😀 dân vận, 𝐀𝐁 khéo"
    expected = [f for chunk in _BREAK.split(fold(text)) for f in _ngram_list(_SYLLABLE.findall(chunk))]
    assert analyze(text, FeatureSettings(ngram_max=2)) == expected
    assert "dân vận" in expected and "𝐀𝐁 khéo" in expected


def _ngram_list(syllables: list[str]) -> list[str]:
    return [*syllables, *map(" ".join, zip(syllables, syllables[1:]))] if syllables else []


def test_no_protected_span_starts_at_a_capital_before_a_lower_case_letter_but_an_abbreviations():
    # protected_spans skips "Nguyễn", "Đảng": check every capital before every lower-case letter
    # of the Latin blocks, with what may follow, against the one pattern itself
    from vnpolicy.tokenize.protected import _CANDIDATE, PROTECTED, protected_spans

    lower = [c for c in map(chr, [*range(0x250), *range(0x1E00, 0x1F00)]) if c.islower()]
    tails = ["", ".", "S.", ". ", "1", "/2022", "-UBND", " ", "ng", "S.BS.", "p. HCM", ".1"]
    for upper in "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ":
        for low in lower:
            for tail in tails:
                text = upper + low + tail
                if _CANDIDATE.match(text) is None:
                    assert PROTECTED.match(text) is None, text
                assert protected_spans(text) == [(m.start(), m.end(), m.lastgroup) for m in PROTECTED.finditer(text)], text


def test_protected_spans_tried_at_fewer_places_are_the_patterns_spans():
    # protected_spans looks for a lower-case start by its marks (_LOWER_MARKS) and tries the one
    # pattern only where no word character comes before (but "./."): the same spans as the
    # pattern's own scan, on strings of the characters those checks turn on
    import random

    from vnpolicy.tokenize.protected import _LOWER_MARKS, _LOWER_START, PROTECTED, protected_spans

    rng = random.Random(15)
    texts = PIECES + ["v.v. a", "tr. 5", "đ/c Hà", "x.com", "a@b", "http://x", "ThS. Nguyễn", "TP.HCM", "UBND2 x2022",
                      "2022", "A1 1A", "Q.1", "khóa XI", "HÀ NỘI 19/8/2022", "a./.", "1./.", "_1", "_T", "é2", "ĐBQH2"]
    texts += ["".join(rng.choice("aT1.:/@ vđcrhpĐQXI-_é\n9") for _ in range(rng.randint(1, 14))) for _ in range(5000)]
    assert _LOWER_MARKS is not None
    for text in texts:
        assert bool(_LOWER_MARKS.search(text)) == bool(_LOWER_START.search(text)), text
        assert protected_spans(text) == [(m.start(), m.end(), m.lastgroup) for m in PROTECTED.finditer(text)], text


def test_patterns_that_check_behind_after_their_first_character_match_as_before():
    # The spelling variants and a number glued to "của" are found from their first letters, the
    # look-behind checked once those are taken: the matches of the look-behind-first patterns
    import random
    import re

    from vnpolicy.entities import _GLUED_CUA
    from vnpolicy.text.normalize import spelling_variants

    rng = random.Random(15)
    samples = ["lí do, kì họp, bác sỹ, qui định, mĩ thuật", "xqui @quí .lí -kì /mĩ sỹ. quiz lí-a lí.a", "1của x 12của",
               "a của b", "nói lí nhí, ông Lí", "kĩ\nkí\tkỉ"]
    texts = PIECES + samples + ["".join(rng.choice("qulíkìmĩsỹ1của@./-x \n") for _ in range(rng.randint(1, 16)))
                                for _ in range(5000)]
    glued = re.compile(r"\dcủa ")
    for style in ("old", "new"):
        rows, pattern, _ = spelling_variants(style)
        assert pattern is not None
        before = re.compile(rf"(?<![\w@./-])(?:{'|'.join(sorted(rows, key=len, reverse=True))})(?![\w@]|\.\w|-\w)")
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in before.finditer(text)], text
            assert bool(_GLUED_CUA.search(text)) == bool(glued.search(text)), text


def test_words_before_a_place_found_from_the_end_are_those_found_from_the_start():
    # place.py searches its end-anchored windows from the end ("(?r)"); the same match as a search
    # from the window's start, on windows of every length over seeded strings and the samples
    import random

    from vnpolicy.entities.place import _TWO_WORDS_BEFORE, _WINDOW, _WORD_BEFORE

    rng = random.Random(15)
    texts = PIECES + ["Đại sứ quán Mỹ tại Hà Nội", "đội tuyển U23 VN và Ủy ban châu Âu", "x.y-z 1a .ab cd ", " - a b "]
    texts += ["".join(rng.choice("ab1. -Đc  é,x\n") for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    for reverse in (_WORD_BEFORE, _WINDOW, _TWO_WORDS_BEFORE):
        assert reverse.pattern.startswith("(?r)")
        forward = regex.compile(reverse.pattern[len("(?r)"):])
        for text in texts:
            for end in range(len(text) + 1):
                for pos in {0, max(0, end - 12), max(0, end - 5)}:
                    a, b = forward.search(text, pos, end), reverse.search(text, pos, end)
                    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (reverse.pattern, text, pos, end)


def test_the_core_body_pattern_ruled_out_first_matches_as_itself():
    # org._core_match asks the re pattern of what a body needs at its start before the core
    # pattern: the same match at every place of bodies, lists and near misses
    from vnpolicy.entities.org import _core_match, _patterns

    core = _patterns()[0]
    texts = PIECES + ["Ban Tuyên giáo và Dân vận Tỉnh ủy, Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Tháp họp",
                      "UBND tỉnh, HĐND huyện Tháp Mười, Đảng ủy Công an tỉnh, Trường THPT Lê Lợi, Hội Nông dân",
                      "Văn phòng Đoàn ĐBQH và HĐND tỉnh; Ủy ban MTTQ Việt Nam xã; BAN TUYÊN GIÁO TỈNH ỦY; ủy ban",
                      "Công ty Cổ phần Đầu tư, Bộ Y tế, Sở Nội vụ,Bộ Tài chính² Bộ Công an (Bộ Quốc phòng)"]
    for text in texts:
        for pos in range(len(text) + 1):
            a, b = _core_match(text, pos), core.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)


def test_the_lower_case_bodies_and_curated_programmes_found_with_their_pre_checks_as_without(monkeypatch):
    # org._lower_case_heads and program._curated_after_heads give tried_where_words_start a ``needs``
    # pattern (a whole name; a head and a name's first word): the same matches as the scans without
    from vnpolicy.entities import lexicon, org, program

    texts = PIECES + ["hội phụ nữ xã, Hội nông dân huyện, mặt trận huyện, hội nghị, mặt hàng, huyện đoàn Mộc Châu",
                      "các hội phụ nữ, chương trình xóa nhà tạm, nhà dột nát; CHƯƠNG TRÌNH XÓA NHÀ TẠM, NHÀ DỘT NÁT",
                      "phong trào nông dân thi đua sản xuất, kinh doanh giỏi; chương trình hành động; phong trào thi đua"]

    def found() -> list[list[tuple[int, int]]]:
        return [[m.span() for m in scan(text)] for text in texts
                for scan in (org._lower_case_heads()[0], program._curated_after_heads()[0])]

    with_needs = found()
    plain = lexicon.tried_where_words_start
    try:
        monkeypatch.setattr(lexicon, "tried_where_words_start", lambda pattern, firsts, needs=None: plain(pattern, firsts))
        monkeypatch.setattr(program, "tried_where_words_start", lambda pattern, firsts, needs=None: plain(pattern, firsts))
        org._lower_case_heads.cache_clear()
        program._curated_after_heads.cache_clear()
        assert found() == with_needs
        assert any(with_needs)
    finally:
        monkeypatch.undo()
        org._lower_case_heads.cache_clear()
        program._curated_after_heads.cache_clear()
