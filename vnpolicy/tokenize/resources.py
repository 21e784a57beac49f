"""The tokenizer's word lists, read once from ``vnpolicy/resources/tokenize/``.

This room only parses files; it decides nothing about segmentation. Every loader is cached,
so the lists are read the first time they are needed and never again.
"""

from __future__ import annotations

from functools import lru_cache

from vnpolicy.resources import read_lines as _resource_lines
from vnpolicy.resources import read_table


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a resource file, stripped of trailing whitespace."""
    return [line.rstrip() for line in _resource_lines("tokenize", name)]


@lru_cache(maxsize=None)
def abbreviation_table() -> tuple[tuple[str, str, str], ...]:
    """``(abbreviation, expansion, kind)`` rows of ``abbreviations.tsv``, the project's one list
    of abbreviations; kind is place, title, writing, organ (a body's name) or term.

    >>> ("UBND", "Ủy ban nhân dân", "organ") in abbreviation_table()
    True
    """
    return tuple((row["abbreviation"], row["expansion"], row["kind"])
                 for row in read_table("tokenize", "abbreviations.tsv"))


@lru_cache(maxsize=None)
def abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion, e.g. ``"UBND" -> "Ủy ban nhân dân"``."""
    return {form: expansion for form, expansion, _ in abbreviation_table()}


@lru_cache(maxsize=None)
def domain_terms() -> tuple[tuple[str, frozenset[str]], ...]:
    """(term, flags) pairs from ``domain_terms.tsv``; a term may hold " | " word breaks."""
    return tuple((" ".join(row["term"].split()), frozenset(row["flags"].split()))
                 for row in read_table("tokenize", "domain_terms.tsv"))


@lru_cache(maxsize=None)
def competing_words() -> tuple[str, ...]:
    """Ordinary words that may win a tie against a domain term (``competing_words.txt``)."""
    return tuple(" ".join(line.split()) for line in read_lines("competing_words.txt"))


@lru_cache(maxsize=None)
def place_names() -> tuple[str, ...]:
    """Place names of two syllables or more (``place_names.txt``, built from vietnamadminunits)."""
    return tuple(" ".join(line.split()) for line in read_lines("place_names.txt"))


@lru_cache(maxsize=None)
def place_cues() -> tuple[str, ...]:
    """Words after which a listed place name is one word (``place_cues.txt``)."""
    return tuple(line.strip() for line in read_lines("place_cues.txt"))
