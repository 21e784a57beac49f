"""Syllable analysis: parts, validity, tone-mark placement in both styles."""

from __future__ import annotations

import pytest

from vnpolicy.text.syllable import (
    TONES,
    is_valid_syllable,
    parse_syllable,
    remove_diacritics,
    restyle,
    strip_tone,
    tone_of,
    with_tone,
)


@pytest.mark.parametrize(
    "word, parts",
    [
        ("người", ("ng", "", "ươ", "i", "huyen")),
        ("quý", ("qu", "", "y", "", "sac")),
        ("quỳ", ("qu", "", "y", "", "huyen")),
        ("gìn", ("gi", "", "i", "n", "huyen")),
        ("giữ", ("gi", "", "ư", "", "nga")),
        ("giếng", ("gi", "", "iê", "ng", "sac")),
        ("thuở", ("th", "u", "ơ", "", "hoi")),
        ("khuya", ("kh", "u", "ya", "", "ngang")),
        ("hoạch", ("h", "o", "a", "ch", "nang")),
        ("thuyền", ("th", "u", "yê", "n", "huyen")),
        ("khuỷu", ("kh", "u", "y", "u", "hoi")),
        ("Nguyễn", ("ng", "u", "yê", "n", "nga")),
        ("ủy", ("", "u", "y", "", "hoi")),
        ("xoong", ("x", "", "oo", "ng", "ngang")),
    ],
)
def test_parse_parts(word, parts):
    p = parse_syllable(word)
    assert p is not None
    assert (p.onset, p.medial, p.nucleus, p.coda, p.tone) == parts


@pytest.mark.parametrize("word", ["hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "hóa", "hoá", "quyết",
                                  "Việt", "Nghị", "quốc", "giặc", "kìa", "nghiêng", "yêu", "ĐỒNG", "Tháp",
                                  "Mười", "quên", "Lắk", "Đắk", "Kon", "uy", "oai", "ngoằn", "huấn"])
def test_valid(word):
    assert is_valid_syllable(word)


@pytest.mark.parametrize("word", ["quyêt", "Viễt", "ngừơi", "gìa", "qủa", "ka", "ci", "ghà", "nghành",
                                  "COVID", "01", "QH14", "", "hoàa", "Tồ" + "x", "bắcc", "mát̀"])
def test_invalid(word):
    assert not is_valid_syllable(word)


def test_stop_codas_take_only_sac_or_nang():
    assert [is_valid_syllable(with_tone("viêt", t)) for t in TONES] == [False, False, True, False, False, True]
    assert [is_valid_syllable(with_tone("hoach", t)) for t in TONES] == [False, False, True, False, False, True]


@pytest.mark.parametrize(
    "bare, tone, old, new",
    [
        ("hoa", "huyen", "hòa", "hoà"),
        ("thuy", "hoi", "thủy", "thuỷ"),
        ("khoe", "hoi", "khỏe", "khoẻ"),
        ("hoa", "sac", "hóa", "hoá"),
        ("Uy", "hoi", "Ủy", "Uỷ"),
        ("quy", "sac", "quý", "quý"),
        ("quy", "huyen", "quỳ", "quỳ"),
        ("hoach", "nang", "hoạch", "hoạch"),
        ("hoang", "huyen", "hoàng", "hoàng"),
        ("thuyên", "huyen", "thuyền", "thuyền"),
        ("khuyu", "hoi", "khuỷu", "khuỷu"),
        ("ngươi", "huyen", "người", "người"),
        ("thuơ", "hoi", "thuở", "thuở"),
        ("ngoai", "huyen", "ngoài", "ngoài"),
        ("gin", "huyen", "gìn", "gìn"),
        ("gia", "huyen", "già", "già"),
        ("qua", "hoi", "quả", "quả"),
        ("mua", "huyen", "mùa", "mùa"),
        ("HOA", "huyen", "HÒA", "HOÀ"),
    ],
)
def test_with_tone_styles(bare, tone, old, new):
    assert with_tone(bare, tone, "old") == old
    assert with_tone(bare, tone, "new") == new
    assert tone_of(old) == tone_of(new) == tone
    assert strip_tone(old) == strip_tone(new) == bare
    assert restyle(old, "new") == new and restyle(new, "old") == old


def test_with_tone_rejects_non_syllables():
    with pytest.raises(ValueError):
        with_tone("QH14", "sac")
    with pytest.raises(ValueError):
        with_tone("hoa", "acute")


def test_remove_diacritics():
    assert remove_diacritics("Ủy ban nhân dân huyện Tháp Mười") == "Uy ban nhan dan huyen Thap Muoi"
    assert remove_diacritics("ĐẢNG") == "DANG"


def test_nfd_input_is_understood():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "người")
    assert is_valid_syllable(nfd)
    assert tone_of(nfd) == "huyen"


def test_corpus_words_are_valid(corpora_dir):
    """Nearly every alphabetic lowercase token of the UD Vietnamese treebank is a valid syllable."""
    import collections

    counts: collections.Counter[str] = collections.Counter()
    for line in (corpora_dir / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu").read_text(encoding="utf-8").splitlines():
        if line.startswith("# text ="):
            for w in line[8:].split():
                w = w.strip(".,;:!?()\"“”'…-")
                if w.isalpha() and w == w.lower():
                    counts[w] += 1
    invalid = sum(n for w, n in counts.items() if not is_valid_syllable(w))
    # What remains are foreign words and real typos ("chuôt"); below 1 % of tokens.
    assert invalid / sum(counts.values()) < 0.01
