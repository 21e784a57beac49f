"""Sentences and words, with underthesea or pyvi underneath and the domain's items kept whole.

Word segmentation runs in four steps, each in its own module:

1. ``protected``: document numbers (01-NQ/TU, 123/QĐ-UBND), dates, times, numbers, URLs,
   e-mails, abbreviations (TP.HCM, UBND) and Roman numerals are found by one regex;
2. ``backends``: the backend cuts the text between them into its own tokens;
3. the backend's CRF labels the whole token sequence, protected spans included (each one a
   single token that starts a word and is never joined to the next);
4. ``lexicon``: domain terms ("Ủy ban nhân dân", "Tỉnh ủy", "Dân vận") and place names after
   an administrative word ("huyện Quỳnh Lưu") get their boundaries.

Words are returned as underthesea returns them (syllables of one word joined by one space,
every punctuation mark its own token) but spelled as in the input: underthesea's own output rewrites
"Uỷ" to "Ủy"; vnpolicy leaves tone style to ``vnpolicy.normalize``. A line break always ends
a word. This room does not normalize or correct text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from contextlib import suppress
from itertools import chain, compress
from typing import cast

from vnpolicy.tokenize.backends import (
    DEFAULT_BACKEND,
    backend_names,
    check_backend,
    get_backend,
    register_backend,
    unregister_backend,
)
from vnpolicy.tokenize.lexicon import correct_segmentation
from vnpolicy.tokenize.protected import protected_spans
from vnpolicy.tokenize.sentences import sent_tokenize

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "backend_names", "register_backend", "sent_tokenize", "tokenize_sentences", "unregister_backend",
           "word_spans", "word_tokenize"]


def __getattr__(name: str) -> tuple[str, ...]:
    """``BACKENDS``: the registered backend names now (see :func:`backend_names`)."""
    if name == "BACKENDS":
        return backend_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_LINE = re.compile(r"[^\r\n]+")
_HAS_WORD_CHAR = re.compile(r"\w")

Span = tuple[int, int]


def _segment(text: str, backend: str) -> list[tuple[int, Words]]:
    """The :data:`Words` of each line of ``text``, with the offset of the line in ``text``."""
    check_backend(backend)
    return [(line.start(), _segment_line(line.group(), backend)) for line in _LINE.finditer(text)]


def line_tokens(line: str, segmenter) -> tuple[list[Span], list[str], list[bool]]:
    """The token spans, tokens and "must start a word" flags the backend's model labels.

    Protected spans are single forced tokens; the backend cuts the text between them. Shared by
    segmentation and by ``scripts/build_segmenter.py``, so training sees the same tokens.
    """
    spans: list[Span] = []
    forced: list[bool] = []
    cursor = 0
    for start, end, _kind in protected_spans(line):
        cut = segmenter.pretokenize(line, cursor, start)
        spans += cut
        forced += [False] * len(cut)
        spans.append((start, end))
        forced.append(True)
        cursor = end
    cut = segmenter.pretokenize(line, cursor, len(line))
    spans += cut
    forced += [False] * len(cut)
    tokens = [line[s:e] for s, e in spans]
    # Punctuation and symbols ("|", "<", "\\") are words of their own; underthesea's model
    # sometimes joins them to a neighbour ("| Tháp Mười", "10/03/2022 |"). (A token of letters
    # and digits only has a word character: the search is left for the others.)
    search = _HAS_WORD_CHAR.search
    forced = [f or (not t.isalnum() and search(t) is None) for f, t in zip(forced, tokens)]
    # The token after a protected span or a punctuation mark starts a word too.
    if forced:
        forced = [forced[0], *[f or before for f, before in zip(forced[1:], forced)]]
    return spans, tokens, forced


#: The words of one line: each word as a string (its tokens joined by one space, as underthesea
#: writes a word), and every word's start and end in the line, flat (start0, end0, start1, …).
#: Two objects a line: a tuple per token and per word, as the words were kept before, took a
#: twentieth of the step to build and turn into strings (tokenize_sentences on speed.py's 20
#: articles: 3.27 -> 3.10 ms per 1,000 syllables), and the collector walked them after each article.
Words = tuple[tuple[str, ...], tuple[int, ...]]


class _LineCache:
    """Words of the last ``size`` lines segmented, per backend: portal chrome and titles repeat.

    What ``lru_cache`` gave ``_segment_line``, with look-up and storing apart, so that
    :func:`_segment_lines` can score all of a document's new lines in one call."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._words: OrderedDict[tuple[str, str], Words] = OrderedDict()

    def __call__(self, line: str, backend: str) -> Words:
        """Words of one line (offsets into the line)."""
        return _segment_lines([line], backend)[0]

    # Threads may share the cache: a key another thread just dropped is no error (a miss at worst).
    def get(self, key: tuple[str, str]) -> Words | None:
        found = self._words.get(key)
        if found is not None:
            with suppress(KeyError):
                self._words.move_to_end(key)
        return found

    def put(self, key: tuple[str, str], words: Words) -> None:
        self._words[key] = words
        if len(self._words) > self.size:
            with suppress(KeyError):
                self._words.popitem(last=False)

    def cache_clear(self) -> None:
        self._words.clear()


_segment_line = _LineCache(4096)


def _segment_lines(lines: list[str], backend: str) -> list[Words]:
    """Words of each line (offsets into the line); the lines not cached are labelled together
    when the backend can (``word_starts_many``), each on its own otherwise."""
    found: dict[str, Words | None] = {}
    for line in lines:
        if line not in found:
            found[line] = _segment_line.get((line, backend))
    todo = [line for line, words in found.items() if words is None]
    if todo:
        segmenter = get_backend(backend)
        prepared = [line_tokens(line, segmenter) for line in todo]
        many = getattr(segmenter, "word_starts_many", None)
        if many is not None:
            starts = many([(tokens, forced) for _, tokens, forced in prepared])
        else:
            starts = [segmenter.word_starts(tokens, forced) if tokens else [] for _, tokens, forced in prepared]
        for line, (spans, tokens, _), begins in zip(todo, prepared, starts):
            found[line] = words = _words(spans, tokens, begins)
            _segment_line.put((line, backend), words)
    return [cast(Words, found[line]) for line in lines]


def _words(spans: list[Span], tokens: list[str], starts: list[bool]) -> Words:
    """The :data:`Words` of a line, from the backend's word starts, the domain terms corrected."""
    if not spans:
        return (), ()
    n = len(tokens)
    firsts = list(compress(range(n), starts))
    if not firsts or firsts[0]:
        firsts.insert(0, 0)
    word_index = list(zip(firsts, [*firsts[1:], n]))
    cut = correct_segmentation(tokens, word_index)
    join = " ".join
    texts = tuple([tokens[a] if b - a == 1 else join(tokens[a:b]) for a, b in cut])
    return texts, tuple(chain.from_iterable((spans[a][0], spans[b - 1][1]) for a, b in cut))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def word_spans(text: str, *, backend: str = DEFAULT_BACKEND) -> list[Span]:
    """``(start, end)`` character offsets of each word of ``text`` (which should be NFC).

    >>> text = "Ban Dân vận Tỉnh ủy"
    >>> [text[s:e] for s, e in word_spans(text)]
    ['Ban', 'Dân vận', 'Tỉnh ủy']
    """
    out: list[Span] = []
    for offset, (_, bounds) in _segment(text, backend):
        ends = iter(bounds[1::2])
        out += [(offset + start, offset + next(ends)) for start in bounds[::2]]
    return out


def word_tokenize(text: str, *, backend: str = DEFAULT_BACKEND) -> list[str]:
    """Split ``text`` into words: syllables of one word joined by a space, as underthesea does.

    >>> word_tokenize("Nghị quyết số 01-NQ/TU của Ban Dân vận Tỉnh ủy")
    ['Nghị quyết', 'số', '01-NQ/TU', 'của', 'Ban', 'Dân vận', 'Tỉnh ủy']
    >>> word_tokenize("Uỷ ban nhân dân tỉnh ban hành Quyết định 123/QĐ-UBND", backend="pyvi")
    ['Uỷ ban nhân dân', 'tỉnh', 'ban hành', 'Quyết định', '123/QĐ-UBND']
    >>> word_tokenize("Người dân vận động con em nhập ngũ.")
    ['Người dân', 'vận động', 'con em', 'nhập ngũ', '.']
    """
    text = _nfc(text)
    return [word for _, (words, _) in _segment(text, backend) for word in words]


def tokenize_sentences(sentences: list[str], *, backend: str = DEFAULT_BACKEND) -> list[list[str]]:
    """``[word_tokenize(s, backend=backend) for s in sentences]``, for less: the lines of all the
    sentences go to the backend's model together (see :func:`_segment_lines`).

    >>> tokenize_sentences(["Ban Dân vận Tỉnh ủy họp.", "Người dân vận động con em nhập ngũ."])
    [['Ban', 'Dân vận', 'Tỉnh ủy', 'họp', '.'], ['Người dân', 'vận động', 'con em', 'nhập ngũ', '.']]
    """
    check_backend(backend)
    texts = [_nfc(s) for s in sentences]
    lines = [[m.group() for m in _LINE.finditer(text)] for text in texts]
    words = iter(_segment_lines([line for each in lines for line in each], backend))
    return [[w for _ in each for w in next(words)[0]] for each in lines]
