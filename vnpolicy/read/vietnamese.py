"""How Vietnamese a decoded text looks: the score that picks between candidate encodings.

A wrongly decoded Vietnamese text (TCVN3 read as Windows-1258, VNI read as TCVN3, …) is full of
letters no Vietnamese syllable can hold ("ViÖt", "Vieät"), so the share of well-formed syllables
separates the right decoding from the wrong ones by a wide margin. This module only judges text;
it never changes it.

>>> syllable_share("Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp và làm việc")
1.0
>>> syllable_share("Ban Th\u00f6\u00f4\u00f8ng vu\u00ef Huy\u00eaa\u00e4n") < 0.5
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vnpolicy.orthography import TONE_MARKS

_BASE_LETTERS = set("abcdeghiklmnopqrstuvxyđăâêôơư")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnptiyuo])?$"
)
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?…–—-/\\*•·%"
_ACRONYM = re.compile(r"^[A-ZĐ0-9&/.-]{2,}$")


def _strip_tone(word: str) -> tuple[str, int]:
    """The word without tone marks (vowel marks kept), and how many tone marks it had."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in TONE_MARKS)
    bare = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones


def _shaped_like_syllable(token: str) -> bool:
    """A cheap first test: Vietnamese letters only, one tone mark, onset + vowels + coda."""
    bare, tones = _strip_tone(token.lower())
    if tones > 1 or not bare or any(ch not in _BASE_LETTERS for ch in bare):
        return False
    return bool(_SYLLABLE.match(bare))


@lru_cache(maxsize=65536)
def is_syllable(token: str) -> bool:
    """True when ``token`` is one well-formed Vietnamese syllable (the rhyme inventory of
    :func:`vnpolicy.text.syllable.is_valid_syllable`, after a cheap shape test).

    >>> is_syllable("Nghị"), is_syllable("quyết"), is_syllable("ViÖt"), is_syllable("Vieät")
    (True, True, False, False)
    >>> is_syllable("quyêì")  # Windows-1258 bytes misread as VNI: shaped right, no such rhyme
    False
    """
    if not _shaped_like_syllable(token):
        return False
    from vnpolicy.text.syllable import is_valid_syllable

    return is_valid_syllable(token)


def syllable_share(text: str, *, limit: int = 4000) -> float:
    """Share of the word tokens in (the first ``limit`` tokens of) ``text`` that are syllables.

    Tokens with digits and all-capital acronyms (UBND, HĐND) are not counted either way.
    Returns 0.0 when nothing countable is left.
    """
    counted = good = 0
    for raw in text.split()[:limit]:
        token = raw.strip(_EDGE_PUNCT)
        if not token or any(ch.isdigit() for ch in token) or _ACRONYM.match(token):
            continue
        counted += 1
        if is_syllable(unicodedata.normalize("NFC", token)):
            good += 1
    return good / counted if counted else 0.0


def has_vietnamese_letters(text: str) -> bool:
    """True when the text holds at least one letter only Vietnamese uses (đ, ư, ơ, ă, ạ, …)."""
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) > 0x7F and ch.isalpha():
            bare, _ = _strip_tone(ch.lower())
            if bare in _BASE_LETTERS:
                return True
    return False
