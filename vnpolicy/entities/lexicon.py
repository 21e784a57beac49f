"""The word lists behind entity extraction, read once from ``vnpolicy/resources/entities/``.

Every list a linguist might correct (document types, issuers, bodies, sectors, titles, surnames,
programme names, place-type words) lives in a TSV/TXT file there (abbreviations are shared with
the tokenizer: ``resources/tokenize/abbreviations.tsv``); this module only reads them and
compiles them into regular-expression alternations. It must not hold knowledge of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import regex

from vnpolicy.resources import read_lines, read_table
from vnpolicy.tokenize.resources import abbreviation_table

# A capitalised Vietnamese syllable ("Tháp", "Mười", "A"): names of places, people and bodies.
CAP = r"\p{Lu}[\p{Ll}\p{M}]*"


def _lines(name: str) -> tuple[str, ...]:
    return read_lines("entities", name)


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """A one-item-a-line list, order kept, duplicates dropped."""
    return tuple(dict.fromkeys(line.strip() for line in _lines(name)))


def table(name: str) -> tuple[dict[str, str], ...]:
    """A TSV file's rows as dicts keyed by its header row (missing trailing fields become "")."""
    return read_table("entities", name)


@lru_cache(maxsize=None)
def _cue_rows() -> dict[str, tuple[tuple[str, str], ...]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for row in table("cue_words.tsv"):
        rows.setdefault(row["cue"], []).append((row["word"], row["value"]))
    return {cue: tuple(pairs) for cue, pairs in rows.items()}


def cue_words(cue: str) -> tuple[str, ...]:
    """The words of one cue of ``cue_words.tsv`` (the words a rule looks for), in the file's order.

    >>> cue_words("not_issuer")
    ('Đảng bộ', 'Chi bộ')
    """
    return tuple(word for word, _ in _cue_rows()[cue])


def cue_values(cue: str) -> dict[str, str]:
    """The words of one cue and their values (a level, a number), in the file's order."""
    return dict(_cue_rows()[cue])


def ordered_alternation(items) -> str:
    """A regex alternation in the given order, for rules that try the words in turn."""
    return "|".join(regex.escape(i) for i in items)


def alternation(items) -> str:
    """A regex alternation, longest first so that "Hội Nông dân Việt Nam" beats "Hội Nông dân"."""
    return "|".join(regex.escape(i) for i in sorted(set(items), key=len, reverse=True))


# Not right after a Latin letter (a subset of \p{L}, so every place a name can start is kept).
_NOT_AFTER_LETTER = r"(?<![A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF])"


def tried_where_words_start(pattern: regex.Pattern, firsts: Iterable[str]) -> Callable[..., Iterator[regex.Match]]:
    """``pattern.finditer(text, pos=0)``, tried only where one of ``firsts`` starts: the same matches, faster.

    Why: ``regex`` tries a long alternation ("ông|bà|…|huấn luyện viên") at every character of the
    text; Python's ``re`` finds the few places where one of its first words starts several times
    faster (a zero-width look-ahead, so places inside a longer candidate are found too). Exact
    when every match of ``pattern`` begins with one of ``firsts``, case-sensitively, not right
    after a letter (give the first words of a case-sensitive alternation the pattern starts with).
    """
    words = sorted(set(firsts), key=len, reverse=True)
    chars = "".join(sorted({w[0] for w in words}))
    starts = re.compile(rf"{_NOT_AFTER_LETTER}(?=[{re.escape(chars)}])(?={'|'.join(map(re.escape, words))})")

    def finditer(text: str, pos: int = 0) -> Iterator[regex.Match]:
        end = pos
        for c in starts.finditer(text, pos):
            if c.start() >= end and (m := pattern.match(text, c.start())):
                end = m.end()
                yield m

    return finditer


@lru_cache(maxsize=None)
def organ_abbreviations() -> dict[str, str]:
    """Abbreviated body names and their expansions: the "organ" rows of the project's one
    abbreviation table, ``resources/tokenize/abbreviations.tsv`` (the tokenizer reads it too)."""
    return {form: expansion for form, expansion, kind in abbreviation_table() if kind == "organ"}


def expand_abbreviations(text: str) -> str:
    """Spell out UBND, HĐND, MTTQ… in a name: "UBND tỉnh" -> "Ủy ban nhân dân tỉnh".

    >>> expand_abbreviations("Ủy ban MTTQ Việt Nam huyện")
    'Ủy ban Mặt trận Tổ quốc Việt Nam huyện'
    >>> expand_abbreviations("Ban Dân vận Tỉnh ủy")
    'Ban Dân vận Tỉnh ủy'
    """
    table_ = organ_abbreviations()
    pattern = _abbreviation_pattern()
    return pattern.sub(lambda m: table_[m.group(0)], text)


@lru_cache(maxsize=None)
def _abbreviation_pattern() -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(organ_abbreviations())})(?![\p{{L}}\d])")
