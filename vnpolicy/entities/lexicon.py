"""The word lists behind entity extraction, read once from ``vnpolicy/resources/entities/``.

Every list a linguist might correct (document types, issuers, bodies, sectors, titles, surnames,
programme names, place-type words) lives in a TSV/TXT file there (abbreviations are shared with
the tokenizer: ``resources/tokenize/abbreviations.tsv``); this module only reads them and
compiles them into regular-expression alternations. It must not hold knowledge of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import regex

from vnpolicy.resources import read_lines, read_table
from vnpolicy.tokenize.resources import abbreviation_table

# A capitalised Vietnamese syllable ("Tháp", "Mười", "A"): names of places, people and bodies. The
# Central Highlands' names join two parts with an apostrophe ("Đắk R’Lấp", "Ea H’leo", "Cư M’gar",
# "K’Bang", "H’Hen Niê"): one syllable here, or the name is cut at "R".
CAP = r"\p{Lu}[\p{Ll}\p{M}]*(?:['’]\p{L}[\p{Ll}\p{M}]*)?"


def apostrophe_spellings(name: str) -> list[str]:
    """``name`` as portals may write a Central Highlands name ("Đắk R'Lấp", "M’nông"): each apostrophe
    straight or typographic, the letter after it as written, then upper, then lower case (six
    forms in that order, repeats kept, so that callers can prefer the form as written)."""
    return [regex.sub(r"['’](\p{L})", lambda m, mark=mark, case=case: mark + (case(m.group(1)) if case else m.group(1)), name)
            for case in (None, str.upper, str.lower) for mark in ("'", "’")]


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


def with_capital(items: Iterable[str]) -> list[str]:
    """Each word as written, then with a capital first letter (the same word starting a sentence)."""
    out = []
    for w in items:
        out += [w, w[0].upper() + w[1:]]
    return out


def ordered_alternation(items) -> str:
    """A regex alternation in the given order, for rules that try the words in turn."""
    return "|".join(regex.escape(i) for i in items)


def alternation(items) -> str:
    """A regex alternation, longest first so that "Hội Nông dân Việt Nam" beats "Hội Nông dân"."""
    return "|".join(regex.escape(i) for i in sorted(set(items), key=len, reverse=True))


# The Latin letters (a part of \p{L}) and the combining diacritics (a part of \p{M}), as the body
# of a character class of Python's ``re``, which has no \p{…}: a start filter that checks for
# them instead of \p{L} keeps every place the \p{L} check keeps (the pattern checks the rest).
LATIN_LETTERS = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF"
COMBINING_MARKS = r"\u0300-\u036F"


def tried_where_words_start(pattern: regex.Pattern, firsts: Iterable[str], needs: str | None = None
                            ) -> Callable[..., Iterator[regex.Match]]:
    """``pattern.finditer(text, pos=0)``, tried only where one of ``firsts`` starts: the same matches, faster.

    Why: ``regex`` tries a long alternation ("ông|bà|…|huấn luyện viên") at every character of the
    text; Python's ``re`` finds the few places where one of its first words starts several times
    faster. Exact when every match of ``pattern`` begins with one of ``firsts``, case-sensitively,
    not right after a letter (give the first words of a case-sensitive alternation the pattern
    starts with). The places are found for all such scans at once (:class:`_WordStarts`).

    ``needs``: an ``re`` pattern that matches wherever ``pattern`` can (a looser copy of its
    start, :func:`words_then`), tried first at each place: ``re`` rules out a trigger word
    followed by a lower-case word several times faster than ``regex`` tries the whole pattern.
    """
    scan = _WORD_STARTS.register(firsts)
    check = re.compile(needs).match if needs else None

    def finditer(text: str, pos: int = 0) -> Iterator[regex.Match]:
        at = _WORD_STARTS.places(text)[scan]
        end = pos
        # By index, not over a slice ``at[k:]``: callers that take one match at a time from a
        # moving ``pos`` would copy the rest of the list per call (quadratic on "Đảng ủy " x 40,000).
        for k in range(bisect_left(at, pos), len(at)):
            start = at[k]
            if start >= end and (check is None or check(text, start)) and (m := pattern.match(text, start)):
                end = m.end()
                yield m

    return finditer


def words_then(items: Iterable[str], after: str = "", most: int = 1) -> str:
    """``re`` source for :func:`tried_where_words_start`'s ``needs``: one to ``most`` of ``items``
    (a tree, :func:`trie_alternation`), then ``after`` (``re`` source, e.g. :func:`maybe_capital`).
    A match of a ``regex`` alternation of ``items`` followed by what ``after`` allows is one here."""
    words = trie_alternation(items)
    return words + after if most == 1 else rf"(?:{words}{re.escape(' ')}){{1,{most}}}" + after


# The blocks of Latin letters and combining marks; outside them :func:`maybe_capital` lets every
# character through.
_LATIN_BLOCKS = "".join(map(chr, [*range(0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]))


@lru_cache(maxsize=None)
def _latin_class(cls: str, inside: bool) -> str:
    """An ``re`` class body: the characters of :data:`_LATIN_BLOCKS` that the ``regex`` class
    ``cls`` matches (``inside``) or does not: taken from ``regex`` itself, so the two agree."""
    chars = [c for c in _LATIN_BLOCKS if bool(regex.fullmatch(cls, c)) == inside]
    return "".join(re.escape(c) for c in chars)


def maybe_capital() -> str:
    """``re`` source of one character that may be ``\\p{Lu}``: any but the Latin-block characters
    ``regex`` says are not (a lower-case letter, a digit, a space, a mark)."""
    return "[^" + _latin_class(r"\p{Lu}", False) + "]"


def trie_alternation(items: Iterable[str]) -> str:
    """An ``re`` alternation of ``items`` as a tree of shared beginnings, longest match first.

    Why: ``re`` tries the branches of a flat alternation one after another at every place, five
    hundred words in all; as a tree it follows the one branch of the next character.

    >>> trie_alternation(["ông", "ô", "bà"])
    '(?:bà|ô(?:ng|))'
    """
    root: dict[str, dict] = {}
    for item in items:
        node = root
        for ch in item:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ("|" if "" in node else "") + ")"

    return branch(root)


class _WordStarts:
    """Where the first words of every :func:`tried_where_words_start` scan start, in one pass;
    and where the patterns of :func:`starts_where` match, in the same pass.

    Each scan ran its own ``re`` look-ahead over the whole text, and a pass over an article
    costs about the same whatever the words (``re`` steps through every character): eight scans
    were eight passes. One pattern of all their words (a tree, :func:`trie_alternation`) finds
    the longest word starting at each place; a scan's words that start there are exactly its
    words that begin that longest one, so each place goes to the scans listed for its word.
    The places of the last text asked about are kept (a (text, places) pair replaced whole, so
    threads never mix two texts): the rules scan the same text several times.

    The text is read piece by piece between its spaces, and each piece's places (within it) are
    remembered (:func:`_piece_places`). No word and no match of a pattern holds a space, and a
    piece starts after a space or at the text's start, a place either way: what starts at a
    place in a piece is what starts there in the text. News repeats its pieces (syllables,
    "UBND", "tỉnh,"), so a dict probe per piece replaces ``re`` trying the tree of words, the
    date starts and the document starts after every space (three scans of 0.1-0.3 ms per 1,000
    syllables each).
    """

    def __init__(self) -> None:
        self._words: list[frozenset[str]] = []  # per scan (a pattern's scan: none)
        self._patterns: dict[int, re.Pattern] = {}  # scan -> the pattern of a starts_where scan
        self._built: tuple[int, re.Pattern, re.Pattern, dict[str, tuple[int, ...]]] | None = None
        self._spaced = False  # a word holds a space (see _pattern)
        self._last: tuple[str, int, list[list[int]]] = ("", -1, [])
        # piece -> its places and the scans each goes to, for the scans registered when it was filled
        self._pieces: tuple[int, dict[str, tuple[tuple[int, tuple[int, ...]], ...]]] = (-1, {})

    def register(self, firsts: Iterable[str]) -> int:
        """A new scan of ``firsts``; its number."""
        self._words.append(frozenset(firsts))
        return len(self._words) - 1

    def register_pattern(self, pattern: re.Pattern) -> int:
        """A new scan of where ``pattern`` matches (see :func:`starts_where`); its number."""
        self._words.append(frozenset())
        self._patterns[len(self._words) - 1] = pattern
        return len(self._words) - 1

    def _pattern(self) -> tuple[int, re.Pattern, re.Pattern, dict[str, tuple[int, ...]]]:
        """The patterns of every scan's words: one for the start of a text, one that takes the
        character before a place (:meth:`places`); and the scans each longest word goes to."""
        built = self._built
        if built is None or built[0] != len(self._words):
            every = set().union(*self._words)
            scans_of = {w: tuple(k for k, ws in enumerate(self._words) if any(w.startswith(f) for f in ws)) for w in every}
            # (no words yet: patterns that never match)
            words = trie_alternation(every) if every else "(?!)"
            built = (len(self._words), re.compile(rf"(?=({words}))"), re.compile(rf"[^{LATIN_LETTERS}](?=({words}))"),
                     scans_of)
            # a word with a space (none today) could run over two pieces: then the whole text is scanned
            self._spaced = any(not w or " " in w for w in every)
            self._built = built
        return built

    def places(self, text: str) -> list[list[int]]:
        """For each scan, the places in ``text`` (in order) where one of its words starts, or
        where its pattern matches.

        A place not after a Latin letter is the start of the text or the place after another
        character: the second pattern takes that character and looks at the words after it.
        ``re`` skips ahead to a character of a class that opens a pattern, so it tries the words
        only after a space or a mark, where a look-behind first had it try every character (the
        same places: a match takes one character, so the next is tried after it)."""
        seen, version, found = self._last
        if seen is text and version == len(self._words):
            return found
        version, first, after, scans_of = self._pattern()
        found = [[] for _ in range(version)]
        if not PIECE_PLACES or self._spaced:
            m = first.match(text)
            if m:
                for k in scans_of[m.group(1)]:
                    found[k].append(0)
            for m in after.finditer(text):
                start = m.end()
                for k in scans_of[m.group(1)]:
                    found[k].append(start)
            for k, pattern in self._patterns.items():
                found[k] = [m.start() for m in pattern.finditer(text)]
        else:
            filled, memo = self._pieces
            if filled != version or len(memo) >= _PIECES_MAX:
                memo = {}
                self._pieces = (version, memo)
            get = memo.get
            pos = 0
            for piece in space_pieces(text):
                hits = get(piece)
                if hits is None:
                    hits = memo[piece] = _piece_places(piece, first, after, scans_of, self._patterns)
                if hits:
                    for offset, scans in hits:
                        for k in scans:
                            found[k].append(pos + offset)
                pos += len(piece) + 1
        self._last = (text, version, found)
        return found


def _piece_places(piece: str, first: re.Pattern, after: re.Pattern, scans_of: dict[str, tuple[int, ...]],
                  patterns: dict[int, re.Pattern]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """:meth:`_WordStarts.places` of a space-free ``piece``, remembered per piece: the places where
    a word starts (the piece's start, and after each character that is not a Latin letter) with
    the scans of the longest word there, and the starts of each pattern's matches with its scan;
    in order of place (a place's scans in order)."""
    out = []
    m = first.match(piece)
    if m:
        out.append((0, scans_of[m.group(1)]))
    out += [(m.end(), scans_of[m.group(1)]) for m in after.finditer(piece)]
    for k, pattern in patterns.items():
        out += [(m.start(), (k,)) for m in pattern.finditer(piece)]
    out.sort(key=lambda hit: hit[0])  # stable: a scan's places stay in order
    return tuple(out)


# The places are found piece by piece, each piece's remembered (see _WordStarts); False scans
# the whole text with ``re`` each time (the same places: tests/test_scan_memos.py).
PIECE_PLACES = True
_PIECES_MAX = 50_000  # pieces remembered; the memo starts again beyond that


_WORD_STARTS = _WordStarts()


def space_pieces(text: str) -> list[str]:
    """``text.split(" ")``, the last text's kept (a (text, pieces) pair replaced whole): the word
    starts (:class:`_WordStarts`) and the tagger's tokens (:func:`vnpolicy.entities.tagger.tokens`)
    read the same text's pieces, and a piece's hash, worked out once, is kept with its string
    for the dict probes of both. The list is shared: read it, never change it."""
    global _LAST_PIECES
    seen, pieces = _LAST_PIECES
    if seen is not text:
        pieces = text.split(" ")
        _LAST_PIECES = (text, pieces)
    return pieces


_LAST_PIECES: tuple[str, list[str]] = ("", [""])


def starts_where(pattern: re.Pattern) -> Callable[[str], list[int]]:
    """``[m.start() for m in pattern.finditer(text)]``, found with the word starts in one pass
    over the text's pieces (:class:`_WordStarts`): the same places, cheaper.

    Exact for a pattern none of whose matches holds a space and whose look-arounds see a space as
    they see the start or end of a text (a negative look-behind or look-ahead of characters other
    than the space): then its matches in a piece between two spaces are its matches in the text."""
    scan = _WORD_STARTS.register_pattern(pattern)

    def starts(text: str) -> list[int]:
        return _WORD_STARTS.places(text)[scan]

    return starts


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
