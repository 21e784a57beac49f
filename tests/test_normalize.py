"""Normalization rules: what each fixes, what each must leave alone, and the invariants."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vnpolicy.text import correct, normalize
from vnpolicy.text.normalize import (
    html_entity_edits,
    invisible_edits,
    nfc_edits,
    odd_character_edits,
    spacing_edits,
    tone_style_edits,
)
from vnpolicy.text.trace import TextTrace


def fixed(rule, text: str) -> str:
    trace = TextTrace(text)
    trace.apply(rule(text))
    return trace.text


def clean(text: str, **kw) -> str:
    return normalize(text, typos=False, **kw)


# --- the seed article --------------------------------------------------------------------------


def test_seed_article_faults_fixed_with_exact_offsets(seed_text):
    result = correct(seed_text, typos=False)
    assert "01 của Ban Chấp hành" in result.text and "01của" not in result.text
    assert "làm việc, Tổ khảo sát" in result.text
    assert "  " not in result.text and "\u00a0" not in result.text
    assert "\n\n" in result.text  # paragraph breaks kept
    assert result.text.rstrip().endswith("./.\n\nBT: Nguyễn Thu – Hình: Vũ Chiến".split("\n\n")[-1])
    for c in result.corrections:
        assert seed_text[c.start : c.end] == c.original
    by_original = {(c.original, c.replacement, c.rule) for c in result.corrections}
    assert ("01của", "01 của", "spacing") in by_original
    assert (",", ", ", "spacing") in by_original
    glued = next(c for c in result.corrections if c.original == "01của")
    assert seed_text[glued.start - 3 : glued.end] == "số 01của"
    assert all(c.rule in ("invisible", "spacing") for c in result.corrections)


def test_seed_article_is_stable(seed_text):
    once = clean(seed_text)
    assert clean(once) == once
    assert correct(once, typos=False).corrections == []


def test_insertion_is_reported_on_the_punctuation():
    result = correct("làm việc,Tổ khảo sát", typos=False)
    assert [(c.start, c.end, c.original, c.replacement) for c in result.corrections] == [(8, 9, ",", ", ")]


# --- html_entities -----------------------------------------------------------------------------


def test_html_entities():
    assert fixed(html_entity_edits, "Sở GD&amp;ĐT") == "Sở GD&ĐT"
    assert fixed(html_entity_edits, "&quot;Dân vận khéo&quot;") == '"Dân vận khéo"'
    assert fixed(html_entity_edits, "Bộ GD&amp;amp;ĐT") == "Bộ GD&ĐT"
    assert fixed(html_entity_edits, "&#272;ảng") == "Đảng"
    assert html_entity_edits("Nam & Bắc; R&D; AT&T") == []
    assert clean("Sở GD&amp;ĐT Hà Nội") == "Sở GD&ĐT Hà Nội"  # not "GD& amp; ĐT"


# --- invisible ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, want",
    [
        ("tỉnh\u00a0khóa XI", "tỉnh khóa XI"),
        ("cán bộ\u00a0 làm", "cán bộ làm"),
        ("T\u200bổ khảo sát", "Tổ khảo sát"),
        ("Tổ\u200bkhảo sát", "Tổ khảo sát"),
        ("\ufeffNgày 19/8/2022", "Ngày 19/8/2022"),
        ("khảo\u00adsát", "khảo sát"),
        ("infor\u00admation", "information"),
        ("Đảng\u200d bộ", "Đảng bộ"),
        ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
        ("Tháp\x07 Mười\x1b", "Tháp Mười"),
        ("Hà\u2003Nội\u3000và", "Hà Nội và"),
    ],
)
def test_invisible_fixes(raw, want):
    assert fixed(invisible_edits, raw) == want


@pytest.mark.parametrize("text", ["Tháp Mười\tĐồng Tháp", "đoạn 1\n\nđoạn 2", "“Dân vận khéo”", "a\u0301"])
def test_invisible_leaves(text):
    assert invisible_edits(text) == []


# --- nfc ---------------------------------------------------------------------------------------


def test_nfc_composes_decomposed_text():
    raw = unicodedata.normalize("NFD", "Ban Dân vận Tỉnh ủy Thanh Hóa")
    result = correct(raw, typos=False)
    assert result.text == "Ban Dân vận Tỉnh ủy Thanh Hóa"
    assert {c.rule for c in result.corrections} == {"nfc"}
    for c in result.corrections:
        assert raw[c.start : c.end] == c.original


def test_nfc_moves_a_stray_windows_1258_tone_mark():
    assert fixed(nfc_edits, "Viêt\u0323 Nam") == "Việt Nam"
    assert fixed(nfc_edits, "ngươ\u0300i") == "người"


def test_nfc_leaves_composed_and_foreign_text():
    assert nfc_edits("Nghị quyết 01-NQ/TU của Đảng bộ") == []
    assert fixed(nfc_edits, "Jose\u0301") == "José"


# --- odd_characters ----------------------------------------------------------------------------


def test_odd_characters():
    assert fixed(odd_character_edits, "ÐẢNG BỘ, Ðặng Văn") == "ĐẢNG BỘ, Đặng Văn"
    assert fixed(odd_character_edits, "Hà Nội，ngày ２０") == "Hà Nội,ngày 20"
    assert fixed(odd_character_edits, "Tháp Mưоi") == "Tháp Mưoi"  # Cyrillic о inside a Latin word
    assert odd_character_edits("“Dân vận khéo” ‘ok’ – Москва, Αθήνα") == []


# --- spacing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, want",
    [
        ("làm việc,Tổ khảo sát", "làm việc, Tổ khảo sát"),
        ("trên địa bàn.Phấn đấu", "trên địa bàn. Phấn đấu"),
        ("xã hội , Nhà nước", "xã hội, Nhà nước"),
        ("xã hội ,Nhà nước", "xã hội, Nhà nước"),
        ("Hình :Vũ Chiến", "Hình: Vũ Chiến"),
        ("BT:Nguyễn Thu", "BT: Nguyễn Thu"),
        ("làm gì?Ngành nào", "làm gì? Ngành nào"),
        ("quyết tâm !Thành công", "quyết tâm! Thành công"),
        ("dân vận;Mặt trận", "dân vận; Mặt trận"),
        ("năm 2022.Phấn đấu", "năm 2022. Phấn đấu"),
        ("“Dân vận khéo”.Phong trào", "“Dân vận khéo”. Phong trào"),
        ("Nghị quyết số 01của Ban", "Nghị quyết số 01 của Ban"),
        ("vào lúc 20giờ ngày 30-9", "vào lúc 20 giờ ngày 30-9"),
        ("ngày 12/10/2005Tại khách sạn", "ngày 12/10/2005 Tại khách sạn"),
        ("năm2022", "năm 2022"),
        ("Ban  Dân vận   Tỉnh ủy", "Ban Dân vận Tỉnh ủy"),
        ("cuối dòng   \nđầu dòng", "cuối dòng\nđầu dòng"),
        ("   thụt đầu dòng", "thụt đầu dòng"),
        ("đoạn 1\n\n\n\nđoạn 2", "đoạn 1\n\nđoạn 2"),
        ("đoạn 1\n  \n\t\nđoạn 2", "đoạn 1\n\nđoạn 2"),
        ("hết. \nĐoạn", "hết.\nĐoạn"),
        ("120 tỉ đồng ( tăng 20% )", "120 tỉ đồng (tăng 20%)"),
        ("cười: “ Tết mà, giá phải lên ”.", "cười: “Tết mà, giá phải lên”."),
    ],
)
def test_spacing_fixes(raw, want):
    assert fixed(spacing_edits, raw) == want


MUST_NOT_CHANGE = [
    "Ngày 19/8/2022, 19-8-2022 và 19.8.2022",
    "Tổng vốn 1.234,5 tỷ đồng, tăng 3,5% so với 2021",
    "Lúc 10:30 ngày 19/8, tỷ số 2 : 1",
    "Nghị quyết số 01-NQ/TU, Luật 45/2019/QH14, Quyết định 123/QĐ-UBND, Nghị định 15/2020/NĐ-CP",
    "Xem www.dongthap.gov.vn, https://thapmuoi.dongthap.gov.vn/tin-tuc?id=12&p=2 hoặc dongthap.gov.vn/tin",
    "Liên hệ banbientap@dongthap.gov.vn.",
    "TP.HCM, TP. Cao Lãnh, Q.1, Th.S Nguyễn Văn A, PGS.TS Lê B",
    "các tổ chức chính trị - xã hội, v.v. và …",
    "Phấn đấu đạt các chỉ tiêu theo Nghị quyết đề ra./.",
    "Nghị quyết TW4 khóa XII, Luật QH14, bệnh nhân F0, mạng 5G, COVID-19, H5N1, in 3D",
    "Diện tích 120 m2, 5 km2, 10km, 5ha, 3kg, 2,5 tấn",
    "(*) Số liệu tạm tính; phong trào “Dân vận khéo” và 'Dân vận khéo'",
    "Ông Nguyễn V. Thành, P.O. Box 750, ĐT: 0277.3851.234",
    "đoạn một.\n\nĐoạn hai.\nDòng ba.",
    "Tháp Mười\tĐồng Tháp",
    "lớp 12a, khu phố 3b, số 5c, sầu riêng Ri6, xe Lux A2.0, iPhone 6s, Galaxy S10",
    "Sở GD&ĐT, Nam & Bắc",
    "if (!confirm('Gửi ý kiến?')) return",
    "Thu?n Hưng",
    "phim nổi tiếng ”Tây Du ký”, ( ), “ ”",
    "1 ) mục một; a ) mục hai",
]


@pytest.mark.parametrize("text", MUST_NOT_CHANGE)
def test_spacing_leaves_alone(text):
    assert spacing_edits(text) == []


@pytest.mark.parametrize("text", MUST_NOT_CHANGE)
def test_normalize_leaves_alone(text):
    assert clean(text) == text


# --- tone_style --------------------------------------------------------------------------------


def test_tone_style_old_is_default():
    assert clean("Thanh Hoá, sức khoẻ, Uỷ ban, thuỷ lợi, hoà bình") == "Thanh Hóa, sức khỏe, Ủy ban, thủy lợi, hòa bình"


def test_tone_style_new():
    text = "Thanh Hóa, sức khỏe, Ủy ban, thủy lợi, hòa bình, KHÓA XII"
    assert clean(text, tone_style="new") == "Thanh Hoá, sức khoẻ, Uỷ ban, thuỷ lợi, hoà bình, KHOÁ XII"


def test_tone_style_leaves_syllables_with_a_coda_and_non_vietnamese():
    text = "Hoàng, kế hoạch, quý, quỳ, khuya, thuở, người, thuyền, khuỷu, quyết, toàn, Hoà.vn, hoá2"
    assert tone_style_edits(text, "old") == tone_style_edits(text, "new") == []


def test_tone_style_round_trip():
    text = "Quốc hội khóa XV, Thanh Hóa, Khánh Hòa, thủy điện, sức khỏe, Ủy ban, Hoàng, quý"
    new = clean(text, tone_style="new")
    assert new != text
    assert clean(new, tone_style="old") == text


def test_bad_tone_style():
    with pytest.raises(ValueError, match="tone_style"):
        normalize("hòa", tone_style="modern")


# --- invariants (hypothesis) -------------------------------------------------------------------

SYLLABLES = (
    "Tổ khảo sát của Ban Dân vận Tỉnh ủy Thanh Hóa hoà khoẻ thuỷ Ủy ban người quyết định "
    "hoạch Hoàng quý khuya thuở giữ gìn Đảng bộ huyện Tháp Mười nông thôn mới xã hội "
    "TP.HCM COVID-19 QH14 F0 5G m2 km2 01-NQ/TU 45/2019/QH14 123/QĐ-UBND 19/8/2022 1.234,5 3,5% "
    "10:30 www.dongthap.gov.vn v.v. ./. (*) “Dân vận khéo” 01của năm2022 ha kg GD&amp;ĐT"
).split()
PIECES = st.one_of(
    st.sampled_from(SYLLABLES),
    st.sampled_from(SYLLABLES).map(lambda s: unicodedata.normalize("NFD", s)),
    st.sampled_from([" ", "  ", "\u00a0", "\u200b", "\ufeff", "\n", "\n\n", "\n\n\n", " \n", "\t", "\r\n",
                     ",", ", ", " ,", ".", ". ", " .", ":", ";", "?", "!", "…", "...", "-", "/", "(", ")",
                     "“", "”", "\"", "0", "1", "19", "2022", "\x07", "\u0301", "\u0323", "Ð", "&amp;"]),
    st.text(alphabet="aăâeêioôơuưyđbcdghklmnpqrstvxAĐHQTàáảãạếờủỹ0123456789 ,.:;!?/-\n", max_size=6),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_idempotent_without_typos(text):
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["old", "new"]))
@example("www.dongthap.gov.vn(*)năm2022", "old")  # a bracket inside a link was spaced, freeing "năm2022" for a second pass
def test_corrections_point_into_the_raw_text(text, style):
    result = correct(text, typos=False, tone_style=style)
    for c in result.corrections:
        assert 0 <= c.start <= c.end <= len(text)
        assert text[c.start : c.end] == c.original
    assert correct(result.text, typos=False, tone_style=style).corrections == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_idempotent_with_defaults(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLES), max_size=30).map(" ".join))
def test_tone_style_round_trip_property(text):
    old = clean(text, tone_style="old")
    new = clean(old, tone_style="new")
    assert clean(new, tone_style="old") == old


# --- real text ---------------------------------------------------------------------------------


def test_clean_treebank_text_keeps_its_syllables(corpora_dir):
    """On the UD Vietnamese-VTB dev sentences (clean, edited text), normalization changes fewer
    than 1 syllable per 10,000, tone-mark and i/y style and lookalike letters aside (the treebank
    has a few Icelandic "Ð" for "Đ", which are real faults), and a second pass changes nothing."""
    import regex

    word = regex.compile(r"[\p{L}\p{M}\p{N}]+")
    path = corpora_dir / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu"
    sentences = [line[9:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# text = ")]
    syllables = changed = 0
    for sentence in sentences:
        syllables += len(word.findall(sentence))
        result = correct(sentence, typos=False)
        for c in result.corrections:
            if c.rule not in ("tone_style", "spelling_style", "odd_characters") and word.findall(c.original) != word.findall(c.replacement):
                changed += 1
        assert correct(result.text, typos=False).corrections == []
    assert syllables > 20_000
    assert changed / syllables < 1e-4


# --- the spacing rules' fast finders find what their patterns find ------------------------------

_FINDER_TEXTS = [
    "làm việc,Tổ khảo sát ( tăng 20% ), anh em ” ; môi trường )  \n  Ban  Dân vận   \n\n",
    "Nghị quyết số 01của Ban, năm2022, QH14, x_1, 1²a, Việt\u0301 2, ab12cd34, 5ha, 10km",
    "xem https://dongthap.gov.vn/tin?id=1, www.thapmuoi.vn, vanphong@dongthap.gov.vn, tuoitre.vn.",
    "giai đoạn 2017- 2019, kinh tế- xã hội - - x, 0,52%/ năm, 22 /7, 70 %, 5   %, 11(kỳ họp), Covid -19",
    "2970/QĐ - BVHTTDL, a -b, a- b, -, --, a - -b, Cập nhật:12/01/2016, x) y, (a)b ",
    "   ", "", "a", ")", " )", "( )", "“ ”", " \n \n", "-", "/ /", "%", " %",
    "xã hội , Nhà nước. làm gì?Ngành  ; a ,  b ..  . ./. x: )  !", ",  .", ", ,", " ,", ". ", ".\n", "a .. , b",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\n", "a", "Tổ", "1", "-", "/", "%", "(", ")", "”", "“", ".", ",", ":",
                                 "_", "x1", "gov.vn", "www.", "http://", "@", "\t", "\u0301", "²", "QĐ", ";", "!",
                                 "?", "..", "./"]),
                max_size=30).map("".join))
def test_spacing_finders_find_what_their_patterns_find(text):
    """The spacing rules find some spans from a rare character or skip a pattern whose needle is
    absent (much cheaper on long articles); the spans are the patterns' own."""
    import importlib

    rules = importlib.import_module("vnpolicy.text.normalize")

    def spans(found):
        return sorted((m.start(), m.end(), m.group()) for m in found)

    for t in [text, *_FINDER_TEXTS]:
        for pattern, find in rules._FAST_SPACING.items():
            assert spans(find(t)) == spans(pattern.finditer(t)), (pattern.pattern, t)
        for pattern, literal, spaces in ((rules._DASH, "-", 1), (rules._SLASH, "/", 1), (rules._PERCENT, "%", None),
                                         (rules._OPEN_GLUED, "(", 0), (rules._CLOSE_GLUED, ")", 0),
                                         (rules._COLON_DIGIT, ":", 0)):
            assert spans(rules._matches(pattern, t, literal, spaces)) == spans(pattern.finditer(t)), (pattern.pattern, t)
        # glued tokens: the whole letter/digit runs holding a letter next to a digit
        expected, seen = [], -1
        for m in rules._LETTER_DIGIT.finditer(t):
            if m.start() < seen:
                continue
            start, end = m.start(), m.end()
            while start and (t[start - 1].isalnum() or unicodedata.combining(t[start - 1])):
                start -= 1
            while end < len(t) and (t[end].isalnum() or unicodedata.combining(t[end])):
                end += 1
            seen = end
            if t[start - 1 : start] != "_" and t[end : end + 1] != "_" and rules._GLUED.fullmatch(t, start, end):
                expected.append((start, end, t[start:end]))
        assert spans(rules._glued_tokens(t)) == expected, t
        # punct: every match of the pattern, less the marks spaced as they should be
        punct = rules._SPACING_PARTS[4][1]
        every = [(m.span(), m.groups()) for m in punct.finditer(t)
                 if not (m.end() - m.start() == 2 and t[m.end() - 1] == " " and t[m.end() : m.end() + 1] not in
                         rules._NOT_SETTLED_AFTER)]
        assert [(m.span(), m.groups()) for *_, m in rules._punct_spans(t, punct, 4)] == every, t


def test_invisible_rule_skips_only_texts_it_would_leave_alone():
    """The invisible rule first looks for any character a match can start with (most texts have
    none): that class holds exactly those characters, so no text it skips had anything to fix."""
    import importlib

    rules = importlib.import_module("vnpolicy.text.normalize")
    starts = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert [c for c in starts if bool(rules._INVISIBLE_FIRST.match(c)) != bool(rules._INVISIBLE_RE.match(c + "x"))] == []
    assert rules.invisible_edits("Ban Dân vận Tỉnh ủy, khóa XI.") == []
    assert [e.replacement for e in rules.invisible_edits("Tỉnh ủy\u00a0khóa XI\r\n")] == [" ", "\n"]


# --- i/y spelling style ---------------------------------------------------------------------------


def test_i_y_variants_are_written_one_way():
    # written for the test: the same words in both spellings split counts and searches
    text = "Kì họp thứ hai nêu lí do chậm tiến độ; kì họp thứ ba giao bác sỹ Trần Kì rà soát qui trình."
    result = correct(text, typos=False)
    assert result.text == "Kì họp thứ hai nêu lý do chậm tiến độ; kỳ họp thứ ba giao bác sĩ Trần Kì rà soát quy trình."
    assert {c.rule for c in result.corrections} == {"spelling_style"}


def test_i_y_new_style_keeps_i_and_words_that_are_not_variants():
    assert correct("Kì thi tới, các bác sỹ trực.", typos=False, tone_style="new").text == "Kì thi tới, các bác sĩ trực."
    kept = "Em nói lí nhí; hạt li ti; tỉ lệ tăng; xem ki.vn"
    assert correct(kept, typos=False).text == kept
