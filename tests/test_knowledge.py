"""One home for each piece of knowledge: the rooms that use a table use the same one.

Tone marks, tone-placement folds, domain names, Roman numerals and the date vocabulary are each
defined once (vnpolicy.orthography, vnpolicy.identifiers, vnpolicy.dates); these tests check
that every room reads them from there and agrees on sentences written for the test.
"""

from __future__ import annotations

import importlib

from vnpolicy import orthography
from vnpolicy.read import encodings, vietnamese
from vnpolicy.text import syllable
from vnpolicy.text.spelling import corrector, model
from vnpolicy.tokenize import lexicon
from vnpolicy.topics import features

normalize = importlib.import_module("vnpolicy.text.normalize")  # the package exports a function of that name


def test_one_tone_table_everywhere() -> None:
    assert syllable.TONE_MARKS is orthography.TONE_MARKS
    assert normalize.TONE_MARKS is orthography.TONE_MARKS
    assert vietnamese.TONE_MARKS is orthography.TONE_MARKS
    assert encodings.TONE_MARKS is orthography.TONE_MARKS
    assert corrector.TONE_MARKS is orthography.TONE_MARKS
    assert normalize.TONE_STYLES is syllable.TONE_STYLES is orthography.TONE_STYLES
    assert model.TONE_DIGIT is orthography.MARK_DIGITS


def test_digits_and_marks_agree() -> None:
    # the spelling model's key digit of a mark names the tone the mark carries
    for mark, digit in orthography.MARK_DIGITS.items():
        assert orthography.TONE_DIGITS[digit] == orthography.TONE_MARKS[mark]
    assert model.syllable_key("Thuỷ") == model.syllable_key("thủy") == "thuy3"


def test_new_to_old_is_the_placement_rule() -> None:
    """The fold table agrees with the syllable module's placement of both styles."""
    for new, old in orthography.NEW_TO_OLD.items():
        tone = syllable.tone_of(new)
        bare = syllable.strip_tone(new)
        assert syllable.with_tone(bare, tone, "new") == new
        assert syllable.with_tone(bare, tone, "old") == old
    assert len(orthography.NEW_TO_OLD) == 15


def test_topic_and_segmenter_folds_agree_on_a_sentence() -> None:
    sentence = "Ủy ban nhân dân tỉnh Thanh Hoá họp về thủy lợi, Uỷ viên Hòa và Thuỷ"
    folded = features.fold(sentence)
    assert folded == "ủy ban nhân dân tỉnh thanh hóa họp về thủy lợi, ủy viên hòa và thủy"
    words = sentence.replace(",", "").split()
    assert [lexicon.fold(w) for w in words] == [features.fold(w) for w in words]
    assert features.fold is orthography.fold
