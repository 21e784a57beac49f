"""Text → features for topic models: syllable n-grams or tokenizer words, as settings.

Vietnamese writes one syllable per space-separated unit, so syllable n-grams (1–3) already carry
most multi-syllable words ("dân vận", "nông thôn mới") at no tokenizing cost; ``"word"`` features
use :func:`vnpolicy.word_tokenize` instead (slower, for users who want them). Both are
folded the same way: NFC, lower case, one tone-mark placement ("hoà" and "hòa" are one feature),
and n-grams never cross punctuation. This module must not know about labels or models.

>>> analyze("Công tác Dân vận, hoà giải.", FeatureSettings(ngram_max=2))
['công', 'tác', 'dân', 'vận', 'công tác', 'tác dân', 'dân vận', 'hòa', 'giải', 'hòa giải']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache

import regex

from vnpolicy.orthography import VIETNAMESE_ONLY_LETTERS, fold  # fold: the form every feature is made from

ANALYZERS = ("syllable", "word")

# A run of letters (with combining marks, in case NFC could not compose them).
_SYLLABLE = regex.compile(r"[\p{L}\p{M}]+")
# Punctuation that ends a phrase: n-grams do not cross it.
_BREAK = regex.compile(r"[.,;:!?()\[\]{}\"“”‘’'«»…/\\|–—\-\n\r\t•*+=<>]+|\s{2,}")
# Letters only Vietnamese uses (tone marks and đ ă â ê ô ơ ư), to tell Vietnamese from other text.
_VIETNAMESE_LETTERS = regex.compile(f"[{VIETNAMESE_ONLY_LETTERS}]")


@dataclass(frozen=True)
class FeatureSettings:
    """How a text becomes features; stored in every model file so prediction matches training."""

    analyzer: str = "syllable"
    ngram_min: int = 1
    ngram_max: int = 3
    backend: str = "underthesea"  # tokenizer backend when analyzer == "word"

    def __post_init__(self) -> None:
        if self.analyzer not in ANALYZERS:
            raise ValueError(f"analyzer must be one of {ANALYZERS}, got {self.analyzer!r}")
        if not 1 <= self.ngram_min <= self.ngram_max <= 5:
            raise ValueError(f"n-gram range must satisfy 1 <= min <= max <= 5, got {self.ngram_min}-{self.ngram_max}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FeatureSettings:
        return cls(**{k: data[k] for k in ("analyzer", "ngram_min", "ngram_max", "backend") if k in data})


def vietnamese_syllable_count(text: str) -> int:
    """How many syllables carry a letter only Vietnamese uses (a cheap "is this Vietnamese?").

    >>> vietnamese_syllable_count("Công tác dân vận"), vietnamese_syllable_count("The meeting 2024")
    (4, 0)
    """
    return sum(1 for s in _SYLLABLE.findall(fold(text)) if _VIETNAMESE_LETTERS.search(s))


def has_vietnamese(folded: str) -> bool:
    """Whether a :func:`fold`-ed text has a syllable that :func:`vietnamese_syllable_count` counts:
    one search, as every such letter lies in some syllable.

    >>> has_vietnamese(fold("Công tác")), has_vietnamese(fold("The meeting 2024"))
    (True, False)
    """
    return _VIETNAMESE_LETTERS.search(folded) is not None


def _ngrams(tokens: list[str], lo: int, hi: int, out: list[str]) -> None:
    """Append the ``lo``..``hi``-grams of ``tokens`` to ``out``: all 1-grams, then all 2-grams…

    (``zip`` over shifted lists and ``str.join`` in C: the topic step's inner loop.)
    """
    for n in range(lo, hi + 1):
        if n == 1:
            out += tokens
        elif n == 2:
            out += map(" ".join, zip(tokens, tokens[1:]))
        else:
            out += map(" ".join, zip(*(tokens[k:] for k in range(n))))


def analyze(text: str, settings: FeatureSettings, *, folded: bool = False) -> list[str]:
    """The features of one text, with repeats (the caller counts them); ``folded=True`` for a
    text already passed through :func:`fold` (the topic step folds once for both checks)."""
    if not folded:
        text = fold(text)
    out: list[str] = []
    if settings.analyzer == "syllable":
        # _BREAK and _SYLLABLE by ``re`` (:func:`_re_twins`), unless a character beyond the BMP is there
        split, findall = (_BREAK.split, _SYLLABLE.findall) if _ASTRAL.search(text) else _re_twins()
        for chunk in split(text):
            syllables = findall(chunk)
            if syllables:
                _ngrams(syllables, settings.ngram_min, settings.ngram_max, out)
        return out
    from vnpolicy.tokenize import word_tokenize

    for chunk in _BREAK.split(text):
        if not _SYLLABLE.search(chunk):
            continue
        words = [w.replace(" ", "_") for w in word_tokenize(chunk, backend=settings.backend) if _SYLLABLE.search(w)]
        _ngrams(words, settings.ngram_min, settings.ngram_max, out)
    return out


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # a character outside the Basic Multilingual Plane


@lru_cache(maxsize=1)
def _re_twins() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """``_BREAK.split`` and ``_SYLLABLE.findall`` by Python's ``re``, for texts within the Basic
    Multilingual Plane: the same pieces, in about half the time (the topic step's scans).

    Why exact: ``re`` has no ``\\p{L}``, so each class is spelled out as the characters of the
    plane that ``regex`` itself puts in it (letters and marks; white space for ``\\s``), read
    once from a string of the whole plane (a few tens of ms); the patterns keep their form, so a
    text of those characters is cut and matched the same. A text holding any other character
    takes the ``regex`` patterns (:func:`analyze`)."""
    plane = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))

    def spelled(pattern: str) -> str:
        codes = [ord(c) for c in regex.findall(pattern, plane)]
        runs = [[codes[0], codes[0]]]
        for c in codes[1:]:
            if c == runs[-1][1] + 1:
                runs[-1][1] = c
            else:
                runs.append([c, c])
        return "".join(re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in runs)

    space, letter = spelled(r"\s"), spelled(r"[\p{L}\p{M}]")
    breaks = _BREAK.pattern.replace(r"\s{2,}", "[" + space + "]{2,}")
    assert breaks != _BREAK.pattern and _SYLLABLE.pattern == r"[\p{L}\p{M}]+"
    return re.compile(breaks).split, re.compile("[" + letter + "]+").findall


def display(feature: str) -> str:
    """A feature as a reader sees it ("dân_vận khéo" → "dân vận khéo")."""
    return feature.replace("_", " ")
