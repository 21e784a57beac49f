"""Vietnamese orthography as tables: the tone marks, their names, keys and digits, the two
tone-placement styles, and the folds built on them.

Every room that strips, reads, places or folds a tone mark takes its table from here (the
syllable parser, normalization, the reader's encoding judge, the typo corrector, the segmenter's
term matching, topic features), so a change to the orthography is made once. Syllable *shape*
(onset, rhyme, where the mark goes in a given syllable) is :mod:`vnpolicy.text.syllable`, built
on these tables. This module imports nothing from the project.

>>> TONE_MARKS["\\u0323"], MARK_OF["hoi"] == "\\u0309", TONE_DIGITS["2"]
('nang', True, 'huyen')
>>> NEW_TO_OLD["oà"], NEW_TO_OLD["uỷ"]
('òa', 'ủy')
"""

from __future__ import annotations

import unicodedata

import regex

__all__ = [
    "TONES",
    "TONE_NAMES_VI",
    "TONE_STYLES",
    "DEFAULT_TONE_STYLE",
    "TONE_MARKS",
    "MARK_OF",
    "TONE_DIGITS",
    "MARK_DIGITS",
    "TELEX_TONE_KEYS",
    "NEW_TO_OLD",
    "VIETNAMESE_ONLY_LETTERS",
    "fold",
    "fold_syllable",
    "remove_diacritics",
]

# Tones are named with ASCII identifiers: ngang (no mark), huyen (à), sac (á), hoi (ả), nga (ã), nang (ạ).
TONES = ("ngang", "huyen", "sac", "hoi", "nga", "nang")
TONE_NAMES_VI = {"ngang": "ngang", "huyen": "huyền", "sac": "sắc", "hoi": "hỏi", "nga": "ngã", "nang": "nặng"}

# Where the mark of the open rhymes oa, oe, uy goes: "old" on the first vowel (hòa, khỏe, thủy),
# "new" on the second (hoà, khoẻ, thuỷ). Both are correct; "old" is the default everywhere.
TONE_STYLES = ("old", "new")
DEFAULT_TONE_STYLE = "old"

# The combining marks that carry tone (as NFD writes them); other marks (â ă ê ô ơ ư) are letters.
# In the order of their digits (VNI typing and the spelling model's keys: 1 sắc … 5 nặng).
TONE_MARKS = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
MARK_OF = {tone: mark for mark, tone in TONE_MARKS.items()}
# A tone as a digit after the toneless syllable ("hoa2" = hòa), as VNI typing writes it.
TONE_DIGITS = {"0": "ngang", **{str(k): tone for k, tone in enumerate(TONE_MARKS.values(), 1)}}
MARK_DIGITS = {mark: str(k) for k, mark in enumerate(TONE_MARKS, 1)}
# The Telex key typed after a syllable for its tone ("vieetj" = việt).
TELEX_TONE_KEYS = {"s": "sac", "f": "huyen", "r": "hoi", "x": "nga", "j": "nang"}

# New-style placement on an open oa/oe/uy → its old-style twin ("oà" → "òa", "uỷ" → "ủy").
NEW_TO_OLD = {
    first + unicodedata.normalize("NFC", second + MARK_OF[tone]): unicodedata.normalize("NFC", first + MARK_OF[tone]) + second
    for first, second in ("oa", "oe", "uy")
    for tone in TONES[1:]
}
_NEW_TO_OLD_RE = regex.compile(r"(?<![q])(" + "|".join(NEW_TO_OLD) + r")\b")

# Lowercase letters only Vietnamese uses (tone-marked vowels and đ ă â ê ô ơ ư).
VIETNAMESE_ONLY_LETTERS = "đăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


def fold(text: str) -> str:
    """NFC, lower case, old-style tone placement: one form for text that two styles write apart.

    >>> fold("Hoà Bình, THUỶ LỢI, quý")
    'hòa bình, thủy lợi, quý'
    """
    text = unicodedata.normalize("NFC", text).lower()
    return _NEW_TO_OLD_RE.sub(lambda m: NEW_TO_OLD[m.group(1)], text)


def remove_diacritics(s: str) -> str:
    """``s`` in plain ASCII letters: every mark dropped, đ → d.

    >>> remove_diacritics("Đồng Tháp, Tháp Mười")
    'Dong Thap, Thap Muoi'
    """
    decomposed = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


_FOLDED: dict[str, str] = {}


def fold_syllable(syllable: str) -> str:
    """The matching key of one (NFC) syllable: lower case, old-style tone placement; cached.

    Faster than :func:`fold` on a single syllable. Matching only needs both spellings to fall on
    one key, so "quý" -> "qúy" is harmless.

    >>> fold_syllable("Uỷ") == fold_syllable("ủy") == fold_syllable("ỦY")
    True
    >>> fold_syllable("Hoà"), fold_syllable("hoàn")
    ('hòa', 'hoàn')
    """
    key = _FOLDED.get(syllable)
    if key is None:
        key = syllable.lower()
        tail = NEW_TO_OLD.get(key[-2:])
        if tail is not None:
            key = key[:-2] + tail
        if len(_FOLDED) < 200_000:  # a plain dict is the fastest cache; keep it bounded
            _FOLDED[syllable] = key
    return key
