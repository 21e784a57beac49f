"""underthesea and pyvi as interchangeable segmenters over a list of tokens.

Each backend does two things here: cut a stretch of text into its own tokens (with offsets),
and label a whole token sequence with "this token starts a word" / "continues a word" using
its CRF model. Splitting the two lets vnpolicy slip protected spans ("01-NQ/TU") into the
sequence as single tokens while the model still sees the full sentence as context.

Models are loaded once per process, on first use, from the installed packages; nothing is
downloaded. underthesea's module-level ``fixed_words`` pattern (which, in 9.5, still leaks
into later calls once set) is never touched: this room compiles its own copy of the regex.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Protocol

Span = tuple[int, int]


class Backend(Protocol):
    name: str

    def pretokenize(self, text: str, start: int, end: int) -> list[Span]:
        """Token spans of ``text[start:end]``, in the backend's own syllable cutting."""

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        """For each token, whether it begins a word; ``forced`` tokens always do."""


# underthesea's token patterns, rewritten where they take more than linear time, each to match
# the same tokens on ordinary text (old text, new text). A pattern not found (another underthesea
# version) is left as it is; tests/test_adversarial.py then notices the slowness.
_LINEAR_REWRITES = (
    # URL body: a run inside a repeated group, "(?:[^…]+|…)+", then an end that a run of dots
    # never gives: exponential ("http://" and 24 dots took 6.5 s). One character per repeat
    # matches the same text, with linear backtracking.
    ("[^\\s()<>{}\\[\\]]+                   # Run of non-space, non-()<>{}[]",
     "[^\\s()<>{}\\[\\]]                    # One non-space, non-()<>{}[]"),
    # So is a domain before a slash, from the start of its run.
    ("    [a-z0-9.\\-]+[.]\n", "    (?<![a-z0-9.\\-])[a-z0-9.\\-]+[.]\n"),
    # A naked domain is only tried from the start of a chain ("a.a.a…x" from each letter was quadratic).
    ("(?<!@)                 # not preceded by a @, avoid matching foo@_gmail.com_",
     "(?<!@)(?<![a-z0-9])(?<![a-z0-9][.\\-])  # not after @, nor inside a chain"),
    # An e-mail's user part is only tried from the start of its run (a long run without "@" was quadratic).
    ("(?P<email>[a-zA-Z0-9_.+-]+@", "(?P<email>(?<![a-zA-Z0-9_.+-])[a-zA-Z0-9_.+-]+@"),
)


def _linear(pattern: str) -> str:
    for old, new in _LINEAR_REWRITES:
        pattern = pattern.replace(old, new)
    return pattern


class Underthesea:
    """underthesea 9.x: its regex tokenizer and its CRF word segmenter (VLSP 2013)."""

    name = "underthesea"

    def __init__(self) -> None:
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.word_tokenize import regex_tokenize

        # underthesea mutates its global `patterns` when fixed_words is used; keep our own, with
        # its super-linear parts rewritten (see _LINEAR_REWRITES).
        patterns = [_linear(p) for p in regex_tokenize.regex_patterns]
        self._pattern = re.compile("(" + "|".join(patterns) + ")", re.VERBOSE | re.UNICODE)
        # Pure function of one token, called for every token: remember the answers.
        self._token_normalize = lru_cache(maxsize=65536)(token_normalize)
        self._model = None

    def _tagger(self):
        if self._model is None:
            from os.path import dirname, join

            import underthesea.pipeline.word_tokenize as ws
            from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

            if ws.word_tokenize_model is not None:  # share the one underthesea already loaded
                self._model = ws.word_tokenize_model
            else:
                model = FastCRFSequenceTagger()
                model.load(join(dirname(ws.__file__), "models", "ws_crf_vlsp2013_20230727"))
                self._model = ws.word_tokenize_model = model
        return self._model

    def pretokenize(self, text: str, start: int, end: int) -> list[Span]:
        return [m.span() for m in self._pattern.finditer(text, start, end)]

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        # The model was trained on normalized tokens ("Uỷ" -> "Ủy"); vnpolicy returns the text
        # as written, but asks the model about the normalized form.
        features = [[self._token_normalize(t)] for t in tokens]
        tagger = self._tagger()
        tags = ["B-W"] * len(tokens)  # a forced token's tag is never read
        for start, end in _tag_ranges(forced):
            lo, hi = max(0, start - _CONTEXT), min(len(tokens), end + _CONTEXT)
            tags[start:end] = tagger.predict(features[lo:hi])[start - lo : end - lo]
        return [i == 0 or f or tag != "I-W" for i, (tag, f) in enumerate(zip(tags, forced))]


# The CRF's features look two tokens either way; a piece it tags carries three more on each side,
# so every token it is asked about sees the same neighbours as in the whole sentence.
_CONTEXT = 3
_PIECE = 400  # tokens the CRF tags at once


def _tag_ranges(forced: list[bool]) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of a token sequence whose tags matter: the tokens not forced,
    apart from stretches of forced tokens (runs of "!" or "…") and cut every ``_PIECE`` tokens.

    A run of 10,000 marks costs no tagging at all, and one very long "sentence" is tagged in
    pieces of a fixed size, whose cost per token does not grow with the sentence.

    >>> _tag_ranges([True, False, False, True, False] + [True] * 20 + [False])
    [(1, 5), (25, 26)]
    """
    ranges: list[tuple[int, int]] = []
    start = last = -1
    for i, is_forced in enumerate(forced):
        if is_forced:
            continue
        if start < 0:
            start = i
        elif i - last > 2 * _CONTEXT or i - start >= _PIECE:
            ranges.append((start, last + 1))
            start = i
        last = i
    if start >= 0:
        ranges.append((start, last + 1))
    return ranges


class Pyvi:
    """pyvi: its syllable cutter and CRF, with the joining rules of ``ViTokenizer.tokenize``."""

    name = "pyvi"
    _PUNCTUATION = frozenset(string.punctuation)

    def __init__(self) -> None:
        from pyvi.ViTokenizer import ViTokenizer

        self._vi = ViTokenizer

    def pretokenize(self, text: str, start: int, end: int) -> list[Span]:
        piece = text[start:end]
        _, tokens = self._vi.sylabelize(piece)
        spans = []
        cursor = 0
        for token in tokens:
            if token.isspace():
                continue
            found = piece.find(token, cursor)
            if found < 0:  # sylabelize normalized something; fall back to a whitespace cut
                return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", piece)]
            spans.append((start + found, start + found + len(token)))
            cursor = found + len(token)
        return spans

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        labels = self._vi.model.predict([self._vi.sent2features(tokens, False)])[0]
        starts = [True]
        punct = self._PUNCTUATION
        for i in range(1, len(tokens)):
            tok, prev = tokens[i], tokens[i - 1]
            joins = (
                labels[i] == "I_W"
                and not forced[i]
                and tok not in punct
                and prev not in punct
                and not tok[0].isdigit()
                and not prev[0].isdigit()
                and not (tok[0].istitle() and not prev[0].istitle())
            )
            starts.append(not joins)
        return starts


def _crf() -> Backend:
    from vnpolicy.tokenize.crf import Crf

    return Crf()


_BACKEND_CLASSES = {"vnpolicy": _crf, "underthesea": Underthesea, "pyvi": Pyvi}


@lru_cache(maxsize=None)
def get_backend(name: str) -> Backend:
    """The one instance of backend ``name`` in this process."""
    try:
        cls = _BACKEND_CLASSES[name]
    except KeyError:
        raise ValueError(f"backend must be one of {tuple(_BACKEND_CLASSES)}, got {name!r}") from None
    return cls()
