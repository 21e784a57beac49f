"""Domain terms: put word boundaries where Vietnamese Party and State names need them.

underthesea writes "Ban Dân vận Tỉnh ủy" as "Ban", "Dân vận Tỉnh", "ủy" and "Ủy ban nhân
dân" as "Ủy", "ban nhân dân". This room corrects a backend's segmentation after the fact, with
the terms of ``resources/tokenize/domain_terms.tsv``:

- a domain term found in the text (ignoring case and tone-mark placement) becomes a word, and
  no backend word may swallow it or reach into it;
- a place name of ``place_names.txt`` ("Uông Bí", "Quỳnh Lưu") is a word when it follows an
  administrative word of ``place_cues.txt`` ("thành phố Uông Bí", "huyện Quỳnh Lưu") and is
  written with capitals, so "Hoàng Văn Lâm" (a person) keeps "Văn Lâm" (a district) apart;
- ordinary words listed in ``competing_words.txt`` win ties against a term that would steal
  a syllable ("Tỉnh ủy ban hành" is "Tỉnh ủy" + "ban hành"), and mend what the backend cut
  into single syllables ("Ủy", "ban" -> "Ủy ban");
- everywhere else the backend's choice stands.

The choice is a cheapest-path search over the syllables: a domain term costs 0.1, a
competing word 0.5, and any other word (the backend's own, or a single syllable) 1. So the
backend's segmentation wins wherever no term is found. This room sees tokens and word spans
only; it never reads the raw text or calls a backend.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count, repeat
from typing import cast

from vnpolicy.orthography import fold_syllable
from vnpolicy.tokenize.resources import competing_words, domain_terms, place_cues, place_names

TERM_COST = 0.1
COMPETING_COST = 0.5
#: Float sums of equal paths differ by rounding; a path must be cheaper by more to replace one.
_COST_EPSILON = 1e-9
WORD_COST = 1.0

# The matching key of a syllable (lower case, old-style tone placement) is the orthography's.
fold = fold_syllable


@dataclass(frozen=True)
class Term:
    """A listed term: its syllable keys, where its words break, and how it must be cased."""

    keys: tuple[str, ...]
    word_ends: tuple[int, ...]  # syllable offsets (within the term) where a word ends
    cost: float
    initial_upper: bool | None  # None: any case; True/False: first letter must match
    after: frozenset[str] | None = None  # keys one of which must precede (place names)

    def matches_case(self, tokens: list[str]) -> bool:
        if self.after is not None:  # a proper name: every syllable capitalized
            return all(t[:1].isupper() for t in tokens)
        return self.initial_upper is None or tokens[0][:1].isupper() == self.initial_upper


def _parse(entry: str, cost: float, cased: bool, after: frozenset[str] | None = None) -> Term:
    keys: list[str] = []
    word_ends: list[int] = []
    for word in entry.split("|"):
        syllables = word.split()
        keys.extend(fold(s) for s in syllables)
        word_ends.append(len(keys))
    initial_upper = entry[:1].isupper() if cased else None
    return Term(tuple(keys), tuple(word_ends), cost, initial_upper, after)


class Lexicon:
    """Terms and competing words, indexed by their syllable keys (and lengths per first key)."""

    def __init__(self, terms: list[Term]) -> None:
        self.by_keys: dict[tuple[str | None, ...], list[Term]] = {}
        lengths: dict[str, set[int]] = {}
        for term in terms:
            self.by_keys.setdefault(term.keys, []).append(term)
            lengths.setdefault(term.keys[0], set()).add(len(term.keys))
        self.lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}
        # The first two keys of every term of two syllables or more: most syllables that start
        # a term ("bình", "ban") are not followed by its second, so no window is built there.
        self.pairs = {term.keys[:2] for term in terms if len(term.keys) > 1}
        self.firsts = frozenset(first for first, _ in self.pairs)  # a pair is looked up only after one
        self.single = {term.keys[0] for term in terms if len(term.keys) == 1}

    def matches(self, keys: list[str | None], tokens: list[str]) -> list[tuple[int, int, Term]]:
        """Every ``(start, end, term)`` found in the token keys (``None`` never matches)."""
        found: list[tuple[int, int, Term]] = []
        n = len(keys)
        pairs, single = self.pairs, self.single
        # A pair is made only after a first key (a pair's hash is worked out anew, a key's is kept)
        starts = [i for i in compress(count(), map(self.firsts.__contains__, keys[:-1])) if (keys[i], keys[i + 1]) in pairs]
        if single:
            starts = sorted({*starts, *(i for i, key in enumerate(keys) if key in single)})
        for i in starts:
            lengths = self.lengths[cast(str, keys[i])]  # a start's key is a term's first: never None
            for length in lengths:
                j = i + length
                if j > n:
                    continue
                # a None key inside the window never equals a term's key, so the lookup just misses
                window = cast(tuple[str, ...], tuple(keys[i:j]))
                for term in self.by_keys.get(window, ()):
                    if not term.matches_case(tokens[i:j]):
                        continue
                    if term.after is not None and (i == 0 or fold(tokens[i - 1]) not in term.after):
                        continue
                    found.append((i, j, term))
        return found


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped domain terms and competing words, loaded once."""
    terms = [_parse(t, TERM_COST, "cased" in flags) for t, flags in domain_terms()]
    terms += [_parse(w, COMPETING_COST, False) for w in competing_words()]
    cues = frozenset(fold(c) for c in place_cues())
    terms += [_parse(name, TERM_COST, False, cues) for name in place_names()]
    return Lexicon(terms)


def correct_segmentation(
    tokens: list[str], words: list[tuple[int, int]], lexicon: Lexicon | None = None
) -> list[tuple[int, int]]:
    """Re-segment ``tokens`` (given as the backend's ``words``, token index spans) at domain terms.

    ``tokens`` that are not syllables (punctuation, protected spans) never match a term.

    >>> toks = "Ban Dân vận Tỉnh ủy".split()
    >>> correct_segmentation(toks, [(0, 1), (1, 4), (4, 5)])
    [(0, 1), (1, 3), (3, 5)]
    >>> toks = "Tỉnh ủy ban hành Chỉ thị".split()
    >>> correct_segmentation(toks, [(0, 1), (1, 3), (3, 4), (4, 6)])
    [(0, 2), (2, 4), (4, 6)]
    >>> toks = "thành phố Uông Bí tổng kết".split()
    >>> correct_segmentation(toks, [(0, 2), (2, 3), (3, 6)])
    [(0, 2), (2, 4), (4, 6)]
    >>> toks = "người dân vận động".split()  # no "Dân vận" here
    >>> correct_segmentation(toks, [(0, 2), (2, 4)])
    [(0, 2), (2, 4)]
    """
    lexicon = lexicon or default_lexicon()
    keys = token_keys(tokens)
    found = lexicon.matches(keys, tokens)
    if not found or _terms_agree(found, words, len(tokens)):
        return words
    terms = [(i, j) for i, j, t in found if t.cost == TERM_COST]
    edges, disturbed = _backend_edges(len(tokens), words, terms)
    _add_term_edges(edges, found, words, disturbed)
    return _cheapest_segmentation(edges)


def _terms_agree(found: list[tuple[int, int, Term]], words: list[tuple[int, int]], n: int) -> bool:
    """Does every term found start and end where the backend's words do, and break into words
    exactly where the backend does inside it? Then the cheapest segmentation is ``words`` itself.

    Why: a term of the lexicon is found in about one line in nine of news text, and nearly always
    the backend already cut it as the term says ("Ủy ban nhân dân", "Tỉnh ủy"); building every
    token's edges and the cheapest path for those lines was a third of :func:`correct_segmentation`
    and changed two lines in a thousand. Why it is exact: when ``words`` tile the tokens, every edge
    is then a backend word, a term cut as the backend cuts, or a single token, and a run of single
    tokens between the others covers whole backend words, each of two tokens or more costing
    :data:`WORD_COST` more than the word itself. So the cheapest path has the backend's cuts, and
    its words are the backend's. (Terms the backend disagrees with take the full path.)
    """
    if not words or words[0][0] != 0 or words[-1][1] != n or any(a != b for (_, a), (b, _) in zip(words, words[1:])):
        return False  # not a tiling of the tokens: the argument above does not hold
    cuts = {0, *(b for _, b in words)}
    return all(i in cuts and [b for b in range(i + 1, j + 1) if b in cuts] == [i + e for e in term.word_ends]
               for i, j, term in found)


_KEYS: dict[str, str | None] = {}  # token -> its key (None: not a syllable); bounded like fold's cache


def token_keys(tokens: list[str]) -> list[str | None]:
    """Each token's matching key (:func:`fold`), None for a token that does not start with a
    letter. Remembered per token and read with one ``map`` (a Python call per token was a
    twentieth of the segmenter's time)."""
    keys = list(map(_KEYS.get, tokens, repeat("")))  # "": not seen (no key is empty)
    if "" in keys:
        for i, (token, key) in enumerate(zip(tokens, keys)):
            if key == "":
                keys[i] = key = fold(token) if token[:1].isalpha() else None
                if len(_KEYS) < 200_000:
                    _KEYS[token] = key
    return keys


#: An edge: (end token, cost, the word ends it makes inside [start, end)).
_Edge = tuple[int, float, tuple[int, ...]]


def _backend_edges(n: int, words: list[tuple[int, int]],
                   terms: list[tuple[int, int]]) -> tuple[list[list[_Edge]], set[int]]:
    """``edges[start]`` for the backend's words (cut back to their parts outside any term they
    overlap) and for every single token, and the tokens of words a term broke up."""
    edges: list[list[_Edge]] = [[] for _ in range(n)]
    disturbed: set[int] = set()  # tokens of backend words that a term broke up
    for i, j in terms:
        disturbed.update(range(i, j))
    # Only the terms starting within a term's length before a word can overlap it: found by
    # bisection, not by a pass over every term for every word (quadratic on a line made of
    # nothing but terms, "Đảng ủy Đảng ủy …": 80 kB took 6.7 s).
    order = sorted(terms)
    starts = [i for i, _ in order]
    longest = max((j - i for i, j in order), default=0)
    for a, b in words:
        nearby = order[bisect_left(starts, a - longest + 1):bisect_left(starts, b)]
        blocked = [
            (i, j) for i, j in nearby
            if a < j and (i, j) != (a, b) and not (a >= i and b <= j)
        ]
        if not blocked or b - a == 1:
            edges[a].append((b, WORD_COST, (b,)))
            continue
        disturbed.update(range(a, b))
        # The backend word swallows or reaches into a term: keep only its parts outside terms.
        covered: set[int] = set()
        for i, j in blocked:
            covered.update(range(max(i, a), min(j, b)))
        for k, m in _runs_outside(a, b, covered):
            edges[k].append((m, WORD_COST, (m,)))
    for k in range(n):
        edges[k].append((k + 1, WORD_COST, (k + 1,)))
    return edges, disturbed


def _runs_outside(a: int, b: int, covered: set[int]) -> list[tuple[int, int]]:
    """The maximal runs of tokens in [a, b) that are not ``covered``."""
    runs = []
    k = a
    while k < b:
        if k in covered:
            k += 1
            continue
        m = k
        while m < b and m not in covered:
            m += 1
        runs.append((k, m))
        k = m
    return runs


def _add_term_edges(edges: list[list[_Edge]], found: list[tuple[int, int, Term]], words: list[tuple[int, int]],
                    disturbed: set[int]) -> None:
    """An edge per domain term, and per competing word where it may apply."""
    singles = {a for a, b in words if b - a == 1}
    for i, j, term in found:
        if term.cost == COMPETING_COST:
            # A competing word only mends a word the backend cut into single syllables
            # ("Ủy", "ban") or settles what a term broke up; it never re-cuts the backend's
            # own words elsewhere ("người", "dân nghèo" stays).
            near_term = any(k in disturbed for k in range(i, j))
            if not near_term and not all(k in singles for k in range(i, j)):
                continue
        edges[i].append((j, term.cost, tuple(i + e for e in term.word_ends)))


def _cheapest_segmentation(edges: list[list[_Edge]]) -> list[tuple[int, int]]:
    """The word spans of the cheapest path from token 0 to the end (on a tie, the first found)."""
    n = len(edges)
    best = [float("inf")] * (n + 1)
    back: list[tuple[int, tuple[int, ...]]] = [(0, ())] * (n + 1)
    best[0] = 0.0
    for k in range(n):
        if best[k] == float("inf"):
            continue
        for end, cost, ends in edges[k]:
            total = best[k] + cost
            if total < best[end] - _COST_EPSILON:
                best[end] = total
                back[end] = (k, ends)
    spans: list[tuple[int, int]] = []
    k = n
    while k > 0:
        start, ends = back[k]
        pieces = []
        s = start
        for e in ends:
            pieces.append((s, e))
            s = e
        spans[:0] = pieces
        k = start
    return spans
