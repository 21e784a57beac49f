"""Vietnamese syllables: their parts, their tone, and where the tone mark goes.

A written Vietnamese syllable is ``onset + (medial) + nucleus + (coda)`` with one of six tones
carried as a mark on one vowel. This module parses a single syllable into those parts
(:func:`parse_syllable`), tells whether it is a well-formed Vietnamese syllable
(:func:`is_valid_syllable`), and moves tone marks (:func:`strip_tone`, :func:`tone_of`,
:func:`with_tone`). The inventories of onsets and rhymes are data, in
``vnpolicy/resources/text/`` (``onsets.txt``, ``rhymes.txt``, ``syllable_exceptions.txt``).

Tone-mark placement has two accepted styles, which differ only for the open rhymes
``oa``, ``oe`` and ``uy`` (no coda): ``"old"`` puts the mark on the first vowel (hòa, khỏe,
thủy), ``"new"`` on the second (hoà, khoẻ, thuỷ). Everywhere else both styles agree
(hoạch, quý, thuyền, khuỷu, người).

This module works on one syllable at a time, on NFC text; it never splits text into words and
never decides whether a word is a typo (that is ``spelling.py``).

Tones are named with ASCII identifiers: ``ngang`` (no mark), ``huyen`` (à), ``sac`` (á),
``hoi`` (ả), ``nga`` (ã), ``nang`` (ạ).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vnpolicy.resources import read_lines

__all__ = [
    "TONES",
    "TONE_NAMES_VI",
    "Syllable",
    "parse_syllable",
    "is_valid_syllable",
    "strip_tone",
    "tone_of",
    "with_tone",
    "restyle",
    "remove_diacritics",
    "case_pattern",
]

TONES = ("ngang", "huyen", "sac", "hoi", "nga", "nang")
TONE_NAMES_VI = {"ngang": "ngang", "huyen": "huyền", "sac": "sắc", "hoi": "hỏi", "nga": "ngã", "nang": "nặng"}
TONE_STYLES = ("old", "new")

# The combining marks that carry tone (as NFD writes them); other marks (â ă ê ô ơ ư) are letters.
_TONE_MARKS = {"\u0300": "huyen", "\u0301": "sac", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
_MARK_OF = {tone: mark for mark, tone in _TONE_MARKS.items()}
_VOWELS = frozenset("aăâeêioôơuưy")
_HAT_VOWELS = frozenset("ăâêôơư")  # vowels whose own diacritic attracts the tone mark
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})
_CONSONANT_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
_DIPHTHONGS = frozenset({"ia", "ya", "ua", "ưa", "iê", "yê", "uô", "ươ", "oo"})
_FRONT = frozenset("ieêy")  # before these, c/g/ng are written k/gh/ngh


def _read_list(name: str) -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", line.strip()) for line in read_lines("text", name))


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    onsets = _read_list("onsets.txt")
    rhymes = _read_list("rhymes.txt")
    # After "qu" the medial u (or o: "qua" sounds /kwa/) is written as part of the onset.
    qu_rhymes = frozenset(r[1:] for r in rhymes if r[:1] in ("u", "o") and len(r) > 1) | {"ôc"}
    exceptions = _read_list("syllable_exceptions.txt")
    return onsets, rhymes, qu_rhymes, exceptions


def strip_tone(s: str) -> str:
    """``s`` without its tone marks (letters such as â, ơ, đ keep their own diacritics).

    >>> strip_tone("Nghị quyết")
    'Nghi quyêt'
    >>> strip_tone("NGƯỜI")
    'NGƯƠI'
    """
    decomposed = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))


def tone_of(s: str) -> str:
    """The tone of a syllable: the first tone mark found, or ``"ngang"`` when there is none.

    >>> [tone_of(w) for w in ("ma", "mà", "má", "mả", "mã", "mạ")]
    ['ngang', 'huyen', 'sac', 'hoi', 'nga', 'nang']
    >>> tone_of("Hòa")
    'huyen'
    """
    for ch in unicodedata.normalize("NFD", s):
        if ch in _TONE_MARKS:
            return _TONE_MARKS[ch]
    return "ngang"


def _tone_count(s: str) -> int:
    return sum(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", s))


def remove_diacritics(s: str) -> str:
    """``s`` in plain ASCII letters: every mark dropped, đ → d.

    >>> remove_diacritics("Đồng Tháp, Tháp Mười")
    'Dong Thap, Thap Muoi'
    """
    decomposed = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def case_pattern(s: str) -> str:
    """``"lower"``, ``"upper"``, ``"title"`` or ``"mixed"``.

    >>> [case_pattern(w) for w in ("hòa", "HÒA", "Hòa", "hÒa", "A")]
    ['lower', 'upper', 'title', 'mixed', 'title']
    """
    if s == s.lower():
        return "lower"
    if len(s) > 1 and s == s.upper():
        return "upper"
    if s[:1].isupper() and s[1:] == s[1:].lower():
        return "title"
    return "mixed"


@dataclass(frozen=True)
class Syllable:
    """A parsed syllable. Parts are lowercase and toneless, as written.

    ``onset`` may be ``"gi"`` or ``"qu"``; in "gìn" the i belongs to both the onset and the
    nucleus (``onset="gi"``, ``nucleus="i"``), in "quý" the u belongs to the onset only.
    ``coda`` includes the glides i, y, o, u (``người`` → coda ``"i"``).
    ``mark_index`` is the index in ``text`` of the vowel that carries (or would carry) the tone
    mark in the style the text uses.
    """

    text: str
    onset: str
    medial: str
    nucleus: str
    coda: str
    tone: str
    case: str
    mark_index: int

    @property
    def rhyme(self) -> str:
        """The rhyme as written after the onset, toneless: ``medial + nucleus + coda``."""
        return self.medial + self.nucleus + self.coda

    @property
    def style_sensitive(self) -> bool:
        """True for the open oa/oe/uy rhymes, where "old" and "new" place the mark differently."""
        return bool(self.medial) and len(self.nucleus) == 1 and self.nucleus in "aey" and not self.coda


def _split_onset(bare: str) -> tuple[str, int]:
    """(onset, index where the rhyme starts) for a lowercase toneless syllable."""
    if bare.startswith("qu") and len(bare) > 2 and bare[2] in _VOWELS:
        return "qu", 2
    if bare.startswith("gi"):
        rest = bare[2:]
        if rest and rest[0] in _VOWELS and rest[0] != "ê":
            return "gi", 2
        return "gi", 1  # gì, gìn, giếng: the i is shared with the rhyme
    i = 0
    while i < len(bare) and bare[i] not in _VOWELS:
        i += 1
    return bare[:i], i


def _split_rhyme(rhyme: str, onset: str) -> tuple[str, str, str] | None:
    """(medial, nucleus, coda) of a toneless rhyme, or None when it is not vowels + coda."""
    i = 0
    while i < len(rhyme) and rhyme[i] in _VOWELS:
        i += 1
    vowels, coda = rhyme[:i], rhyme[i:]
    if not vowels or (coda and coda not in _CONSONANT_CODAS):
        return None
    medial = ""
    if onset != "qu" and len(vowels) > 1:
        if vowels[0] == "o" and vowels[1] in "aăe":
            medial = "o"
        elif vowels[0] == "u" and vowels[1] in "âêyơ":
            medial = "u"
    nucleus = vowels[len(medial):]
    if not coda and len(nucleus) > 1 and nucleus[-1] in "iyou" and nucleus not in _DIPHTHONGS:
        nucleus, coda = nucleus[:-1], nucleus[-1]
    return medial, nucleus, coda


def _mark_offset(medial: str, nucleus: str, coda: str, style: str) -> int:
    """Index within ``medial + nucleus`` of the vowel that carries the tone mark."""
    hats = [k for k, ch in enumerate(nucleus) if ch in _HAT_VOWELS]
    if hats:
        k = hats[-1]  # ươ → ơ, uô → ô, iê → ê, ưa → ư
    elif len(nucleus) == 1:
        if medial and not coda and style == "old":
            return 0  # hòa, khỏe, thủy
        k = 0
    elif nucleus == "oo":
        k = 1
    else:
        k = 0  # ia, ya, ua: mía, khuya, mùa
    return len(medial) + k


def _parse(text: str, style: str | None) -> Syllable | None:
    text = unicodedata.normalize("NFC", text)
    if not text or not text.isalpha() or _tone_count(text) > 1:
        return None
    lower = text.lower()
    bare = strip_tone(lower)
    if len(bare) != len(text):
        return None
    onset, rhyme_start = _split_onset(bare)
    parts = _split_rhyme(bare[rhyme_start:], onset)
    if parts is None:
        return None
    medial, nucleus, coda = parts
    tone = tone_of(lower)
    if style is None:  # report where the text actually has its mark (or the old-style place)
        marked = [k for k, (a, b) in enumerate(zip(lower, bare)) if a != b and b in _VOWELS]
        if marked:
            mark_index = marked[0]
        else:
            mark_index = rhyme_start + _mark_offset(medial, nucleus, coda, "old")
    else:
        mark_index = rhyme_start + _mark_offset(medial, nucleus, coda, style)
    return Syllable(text, onset, medial, nucleus, coda, tone, case_pattern(text), mark_index)


def parse_syllable(s: str) -> Syllable | None:
    """The parts of one syllable, or None when ``s`` is not shaped like one.

    Parsing only splits letters; :func:`is_valid_syllable` checks that the parts go together.

    >>> p = parse_syllable("người")
    >>> (p.onset, p.medial, p.nucleus, p.coda, p.tone)
    ('ng', '', 'ươ', 'i', 'huyen')
    >>> p = parse_syllable("Hoạch")
    >>> (p.onset, p.medial, p.nucleus, p.coda, p.tone, p.case)
    ('h', 'o', 'a', 'ch', 'nang', 'title')
    >>> p = parse_syllable("gìn")
    >>> (p.onset, p.nucleus, p.coda, p.mark_index)
    ('gi', 'i', 'n', 1)
    >>> p = parse_syllable("quý")
    >>> (p.onset, p.medial, p.nucleus, p.tone)
    ('qu', '', 'y', 'sac')
    >>> parse_syllable("COVID") is None, parse_syllable("01") is None
    (True, True)
    """
    return _parse(s, None)


def _spelling_ok(onset: str, rhyme: str) -> bool:
    first = rhyme[:1]
    front = first in _FRONT
    if onset == "c" and front or onset == "k" and not front:
        return False  # ca / ki, never *ka / *ci
    if onset in ("g", "ng") and first in "ieê" or onset in ("gh", "ngh") and not front:
        return False  # ghi, nghe; never *gi(e) / *nge / *gha
    if rhyme.startswith("yê") and onset not in ("", "qu"):
        return False  # yêu, quyết, but biết, tiếng
    if rhyme.startswith("iê") and onset in ("", "qu"):
        return False
    if rhyme.startswith("ya") and onset != "qu":
        return False
    return True


@lru_cache(maxsize=65536)
def is_valid_syllable(s: str) -> bool:
    """True when ``s`` is one well-formed Vietnamese syllable, tone mark well placed.

    Checks the onset and the rhyme against the inventories, the spelling rules (c/k, g/gh,
    ng/ngh, iê/yê), that the stop codas c, ch, p, t take only the sắc or nặng tone, and that
    the mark sits where one of the two accepted styles puts it. Case does not matter.
    A few place names outside standard spelling (Đắk Lắk, Kon Tum) are accepted from
    ``syllable_exceptions.txt``.

    >>> [is_valid_syllable(w) for w in ("quyết", "người", "thuở", "khuya", "khuỷu", "Hòa", "hoà")]
    [True, True, True, True, True, True, True]
    >>> [is_valid_syllable(w) for w in ("quyêt", "Viễt", "ngừơi", "gìa", "ka", "nghành", "COVID")]
    [False, False, False, False, False, False, False]
    >>> is_valid_syllable("Lắk")
    True
    """
    text = unicodedata.normalize("NFC", s)
    onsets, rhymes, qu_rhymes, exceptions = _tables()
    if text.lower() in exceptions:
        return True
    p = _parse(text, None)
    if p is None:
        return False
    rhyme = p.rhyme
    if p.onset == "qu":
        if rhyme not in qu_rhymes:
            return False
    elif p.onset and p.onset not in onsets:
        return False
    elif rhyme not in rhymes:
        return False
    if not _spelling_ok(p.onset, rhyme):
        return False
    if p.coda in _STOP_CODAS and p.tone not in ("sac", "nang"):
        return False
    if p.tone != "ngang":
        bare = strip_tone(text)
        if text not in (with_tone(bare, p.tone, "old"), with_tone(bare, p.tone, "new")):
            return False
    return True


@lru_cache(maxsize=65536)
def with_tone(s: str, tone: str, style: str = "old") -> str:
    """``s`` carrying ``tone``, the mark placed as ``style`` ("old" or "new") puts it.

    Any mark ``s`` already has is removed first; case is kept letter by letter.
    Raises ValueError when ``s`` is not shaped like a syllable.

    >>> with_tone("hoa", "huyen"), with_tone("hoa", "huyen", "new")
    ('hòa', 'hoà')
    >>> with_tone("Thuy", "hoi"), with_tone("Thuy", "hoi", "new")
    ('Thủy', 'Thuỷ')
    >>> [with_tone(w, t, "new") for w, t in [("quy", "sac"), ("hoach", "nang"), ("thuyên", "huyen")]]
    ['quý', 'hoạch', 'thuyền']
    >>> [with_tone(w, t) for w, t in [("gin", "huyen"), ("giư", "nga"), ("thuơ", "hoi"), ("khuyu", "hoi")]]
    ['gìn', 'giữ', 'thuở', 'khuỷu']
    >>> with_tone("NGƯƠI", "huyen")
    'NGƯỜI'
    """
    if tone not in TONES:
        raise ValueError(f"tone must be one of {TONES}, got {tone!r}")
    if style not in TONE_STYLES:
        raise ValueError(f"style must be one of {TONE_STYLES}, got {style!r}")
    text = unicodedata.normalize("NFC", s)
    bare = strip_tone(text)
    p = _parse(bare, style)
    if p is None:
        raise ValueError(f"not a Vietnamese syllable: {s!r}")
    if tone == "ngang":
        return bare
    ch = bare[p.mark_index]
    return bare[: p.mark_index] + unicodedata.normalize("NFC", ch + _MARK_OF[tone]) + bare[p.mark_index + 1 :]


def restyle(s: str, style: str) -> str:
    """``s`` with its tone mark moved to where ``style`` puts it; ``s`` itself when nothing moves
    or when ``s`` is not a valid Vietnamese syllable.

    >>> restyle("hòa", "new"), restyle("hoà", "old"), restyle("Hoàng", "new"), restyle("COVID", "new")
    ('hoà', 'hòa', 'Hoàng', 'COVID')
    """
    if not is_valid_syllable(s):
        return s
    p = _parse(s, None)
    if p is None or not p.style_sensitive or p.tone == "ngang":
        return s
    return with_tone(s, p.tone, style)
