"""The tokenizer-backend registry, and underthesea and pyvi as interchangeable segmenters.

A backend is registered by name (:func:`register_backend`); the registry feeds
``Pipeline(tokenizer=…)``, the CLI's ``--tokenizer`` choices and the benchmarks.

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
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

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


@lru_cache(maxsize=1)
def underthesea_token_pattern() -> re.Pattern[str]:
    """underthesea's regex tokenizer as one pattern: its tokens ("200.000", "L.T.A", "e-mail",
    "300" then "g"), which its segmenter was trained on and vnpolicy's own segmenter copies.

    underthesea mutates its global ``patterns`` when ``fixed_words`` is used; this is our own
    copy, with its super-linear parts rewritten (see _LINEAR_REWRITES)."""
    from underthesea.pipeline.word_tokenize import regex_tokenize

    patterns = [_linear(p) for p in regex_tokenize.regex_patterns]
    return re.compile("(" + "|".join(patterns) + ")", re.VERBOSE | re.UNICODE)


def underthesea_tokens(text: str, start: int, end: int) -> list[Span]:
    """The spans of :func:`underthesea_token_pattern`'s tokens in ``text[start:end]``, found faster.

    Why: the pattern tries some forty alternatives at every token, and most tokens are plain
    words. A run of letters between spaces can only be the word itself (every other alternative
    needs a digit, a mark or a symbol, and no token holds a space), so only the other runs are
    matched, each from its start (with the whole text around it, so look-arounds and ``$`` at
    ``end`` see what they saw). Same spans as ``finditer(text, start, end)`` (checked on 200,000
    VNTC sentences). The one exception is underthesea's "Th.S"/"Th.s", whose unescaped dot takes
    any letter ("Thessaloniki" is cut "Thes" + "saloniki"): runs starting "Th" take the long way.
    """
    pattern = underthesea_token_pattern()
    out: list[Span] = []
    # The chunks are cut at plain spaces by str.split (a sixth cheaper than match objects); any
    # other white space is made a plain space first, which keeps every offset.
    segment = text[start:end]
    if _OTHER_SPACE.search(segment):
        segment = _OTHER_SPACE.sub(" ", segment)
    at = start
    for word in segment.split(" "):
        if not word:
            at += 1
            continue
        stop = at + len(word)
        if word.isalpha() and not word.startswith("Th"):
            out.append((at, stop))
        elif (plain := _plain_word(word)) is not None:
            out += [(at + a, at + b) for a, b in plain]
        elif "Th" in word:  # "Th.S": the dot takes any character, a space too (see _chunk_spans)
            for m in pattern.finditer(text, at, end):
                if m.start() >= stop:
                    break
                out.append(m.span())
        else:
            out += [(at + a, at + b) for a, b in _chunk_spans(pattern, text, word, at, stop, start, end)]
        at = stop + 1
    return out


def _chunk_spans(pattern: re.Pattern[str], text: str, word: str, at: int, stop: int, start: int,
                 end: int) -> tuple[Span, ...]:
    """The spans (within ``word``) of the pattern's tokens in the chunk ``text[at:stop]`` of
    :func:`underthesea_tokens`, remembered per chunk and what the pattern can see around it.

    Why: the chunks left to the pattern (numbers, dates, "(NLĐ)-", "sát.") repeat, and its forty
    alternatives tried at each of their tokens were a third of the token cutting. What else the
    pattern reads: its look-behinds at most two characters before a place, its look-aheads one
    after (and ``$``, which holds at ``end`` and before a line break ending there), and no
    token holds a space but "Th.S"'s (those chunks never come here). Before a chunk that
    is not the first the character is a space, and a space (any white space) is all those
    look-arounds see, whatever is before it; after a chunk that is not the last, likewise."""
    before = text[max(0, at - 2):at] if at == start else " "
    after = "$" if stop == end else "\n$" if stop == end - 1 and text[stop] == "\n" else " "
    key = (word, before, after)
    found = _CHUNKS.get(key)
    if found is None:
        spans = []
        for m in pattern.finditer(text, at, end):
            if m.start() >= stop:
                break
            spans.append((m.start() - at, m.end() - at))
        found = tuple(spans)
        if len(_CHUNKS) >= _CHUNKS_MAX:
            _CHUNKS.clear()
        _CHUNKS[key] = found
    return found


_CHUNKS: dict[tuple[str, str, str], tuple[Span, ...]] = {}
_CHUNKS_MAX = 50_000  # chunks kept; the table starts again beyond that


_OTHER_SPACE = re.compile(r"[^\S ]")  # white space but a plain space (each one character)


# One mark before a run of letters, one after: "(", "“", '"'; ",", ";", ":", ")", "”", '"'. Each
# is a token of its own, whatever the letters (no alternative of the pattern takes in one of
# them next to letters: "Th.S" aside, those need a ".", "&", "'", "’", "-", "@" or a digit).
_LEAD = frozenset("(“\"")
_TRAIL = frozenset(",;:)”\"")


def _plain_word(chunk: str) -> list[Span] | None:
    """The token spans (in ``chunk``) of a run of letters with a mark of :data:`_LEAD` before it
    and/or one of :data:`_TRAIL` after it ("dân,", "(Tháp", "“Mười”"), or None for another chunk.

    Why: after plain words, these are most of the chunks of news text (a third of those left to
    the pattern, "dân," alone a fifth); the pattern gives the same tokens, checked on VNTC."""
    lead = chunk[0] in _LEAD
    trail = len(chunk) > 1 and chunk[-1] in _TRAIL
    core = chunk[lead:len(chunk) - trail]
    if not (lead or trail) or not core.isalpha() or core.startswith("Th"):
        return None
    spans = [(0, 1)] if lead else []
    spans.append((int(lead), len(chunk) - trail))
    if trail:
        spans.append((len(chunk) - 1, len(chunk)))
    return spans


def _linear(pattern: str) -> str:
    for old, new in _LINEAR_REWRITES:
        pattern = pattern.replace(old, new)
    return pattern


class Underthesea:
    """underthesea 9.x: its regex tokenizer and its CRF word segmenter (VLSP 2013)."""

    name = "underthesea"

    def __init__(self) -> None:
        from underthesea.pipeline.text_normalize import token_normalize

        # Pure function of one token, called for every token: remember the answers.
        self._token_normalize = lru_cache(maxsize=65536)(token_normalize)
        self._model = None

    def _tagger(self):
        if self._model is None:
            import underthesea.pipeline.word_tokenize as ws
            from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

            from vnpolicy.tokenize.underthesea_crf import model_dir

            if ws.word_tokenize_model is not None:  # share the one underthesea already loaded
                self._model = ws.word_tokenize_model
            else:
                model = FastCRFSequenceTagger()
                model.load(str(model_dir()))
                self._model = ws.word_tokenize_model = model
        return self._model

    def pretokenize(self, text: str, start: int, end: int) -> list[Span]:
        return underthesea_tokens(text, start, end)

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        # The model is underthesea's, scored by vnpolicy.tokenize.underthesea_crf (the same tags
        # as underthesea_core's tagger, a fourth of its cost).
        from vnpolicy.tokenize.underthesea_crf import load

        return self._starts(tokens, forced, load().word_starts)

    def word_starts_many(self, items: list[tuple[list[str], list[bool]]]) -> list[list[bool]]:
        """:meth:`word_starts` of each ``(tokens, forced)``, the model asked once about all their
        ranges: its scoring costs per call as much as per token, so a document's lines go together."""
        from vnpolicy.tokenize.crf_weights import _viterbi
        from vnpolicy.tokenize.underthesea_crf import load

        model = load()
        plans = [self._pieces(tokens, forced) for tokens, forced in items]
        margins = iter(model.margins_many([piece for plan in plans for *_, piece in plan]))
        return [self._assemble(forced, [(start, end, lo, _viterbi(next(margins), model.transitions))
                                        for start, end, lo, piece in plan])
                for (_, forced), plan in zip(items, plans)]

    def reference_word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        """:meth:`word_starts` as underthesea_core's own featurizer and tagger decide: the reference
        the tests and ``benchmarks/word_segmentation.py`` hold vnpolicy's scoring to."""
        tagger = self._tagger()
        return self._starts(tokens, forced, lambda piece: [tag != "I-W" for tag in tagger.predict([[t] for t in piece])])

    def _starts(self, tokens: list[str], forced: list[bool], tag: Callable[[list[str]], list[bool]]) -> list[bool]:
        """Word starts from ``tag`` (a token sequence's "begins a word" answers), asked about each
        range that matters (:meth:`_pieces`) with its context."""
        return self._assemble(forced, [(start, end, lo, tag(piece)) for start, end, lo, piece in self._pieces(tokens, forced)])

    def _pieces(self, tokens: list[str], forced: list[bool]) -> list[tuple[int, int, int, list[str]]]:
        """``(start, end, lo, piece)`` for each range whose tags matter (:func:`_tag_ranges`): the
        piece to tag is the range with its context, from token ``lo``. The model was trained on
        normalized tokens ("Uỷ" -> "Ủy"); vnpolicy returns the text as written, but asks the
        model about the normalized form."""
        normalized = [self._token_normalize(t) for t in tokens]
        pieces = []
        for start, end in _tag_ranges(forced):
            lo, hi = max(0, start - _CONTEXT), min(len(tokens), end + _CONTEXT)
            pieces.append((start, end, lo, normalized[lo:hi]))
        return pieces

    @staticmethod
    def _assemble(forced: list[bool], tagged: list[tuple[int, int, int, list[bool]]]) -> list[bool]:
        """Word starts from each range's tags (``(start, end, lo, tags of the piece from lo)``)."""
        starts = [True] * len(forced)  # a forced token's answer is never read
        for start, end, lo, tags in tagged:
            starts[start:end] = tags[start - lo : end - lo]
        return [i == 0 or f or s for i, (s, f) in enumerate(zip(starts, forced))]


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


BackendFactory = Callable[[], Backend]

# name -> factory: a class or function that builds the backend, or its import path
# ("package.module:attr", imported on first use). The first is the default everywhere.
_REGISTRY: dict[str, BackendFactory | str] = {
    # the default first: the own segmenter with underthesea's model asked where it is unsure
    # (issue 15: VLSP 2013 test 97.85, UD dev 96.09, a quarter of word_tokenize's CPU time)
    "cascade": "vnpolicy.tokenize.cascade:Cascade",
    "underthesea": Underthesea,
    "vnpolicy": "vnpolicy.tokenize.crf:Crf",
    "pyvi": Pyvi,
}
#: The segmenter used when none is named.
DEFAULT_BACKEND = "cascade"
_BUILT_IN = frozenset(_REGISTRY)
_NAME = re.compile(r"[a-z][a-z0-9_-]*")
#: Installed packages add backends under this entry-point group (``name = "module:attr"``), so
#: the CLI and every worker process find them without any code run first.
ENTRY_POINT_GROUP = "vnpolicy.tokenizers"
_found_plugins = False


def _find_plugins() -> None:
    """Register the installed packages' backends (once per process; registered names win)."""
    global _found_plugins
    if _found_plugins:
        return
    _found_plugins = True
    from importlib.metadata import entry_points

    for point in entry_points(group=ENTRY_POINT_GROUP):
        if _NAME.fullmatch(point.name) and _IMPORT_PATH.fullmatch(point.value):
            _REGISTRY.setdefault(point.name, point.value)


def backend_names() -> tuple[str, ...]:
    """The registered backends, the default first: ``Pipeline(tokenizer=…)`` and the CLI's
    ``--tokenizer`` choices, ``word_tokenize(backend=…)`` and the benchmarks read this list.

    >>> backend_names()[:4]
    ('cascade', 'underthesea', 'vnpolicy', 'pyvi')
    """
    _find_plugins()
    return tuple(_REGISTRY)


def register_backend(name: str, factory: BackendFactory | str, *, replace: bool = False) -> None:
    """Add a segmenter: ``factory()`` (or the object at the import path ``"module:attr"``,
    called) builds an object with ``pretokenize`` and ``word_starts`` (see :class:`Backend`).

    It is built once per process, on first use. For ``Pipeline.pipe(n_process>1)`` the factory
    travels to the workers by reference, so it must be importable: a module-level class or
    function, or an import path. A package makes its backend known to every process (the CLI,
    batch and Dask workers) with an entry point in the ``vnpolicy.tokenizers`` group instead.
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"backend name {name!r}: lower-case letters, digits, '-' and '_', starting with a letter")
    if name in _REGISTRY and not replace:
        raise ValueError(f"tokenizer backend {name!r} is already registered (pass replace=True to change it)")
    if not (callable(factory) or (isinstance(factory, str) and _IMPORT_PATH.fullmatch(factory))):
        raise ValueError(f"backend {name!r}: factory must be callable or an import path 'module:attr', got {factory!r}")
    _REGISTRY[name] = factory
    _forget()


def unregister_backend(name: str) -> None:
    """Remove a backend added with :func:`register_backend` (the shipped ones stay)."""
    if name in _BUILT_IN:
        raise ValueError(f"tokenizer backend {name!r} ships with vnpolicy and cannot be removed")
    if name not in _REGISTRY:
        raise ValueError(f"no tokenizer backend {name!r}; backends are {backend_names()}")
    del _REGISTRY[name]
    _forget()


def backend_factory(name: str) -> BackendFactory | str:
    """The factory registered for ``name`` (what a worker process needs to register it too)."""
    check_backend(name)
    return _REGISTRY[name]


def is_built_in(name: str) -> bool:
    return name in _BUILT_IN


def check_backend(name: object) -> None:
    """A ValueError naming the registered backends unless ``name`` is one of them."""
    if isinstance(name, str) and name not in _REGISTRY:
        _find_plugins()
    if not isinstance(name, str) or name not in _REGISTRY:
        raise ValueError(f"tokenizer backend must be one of {backend_names()}, got {name!r}"
                         " (vnpolicy.tokenize.register_backend adds one)")


@lru_cache(maxsize=None)
def get_backend(name: str) -> Backend:
    """The one instance of backend ``name`` in this process."""
    check_backend(name)
    factory = _REGISTRY[name]
    if isinstance(factory, str):
        factory = import_object(factory)
    return factory()


_IMPORT_PATH = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")


def import_object(path: str) -> Any:
    """The object at ``"package.module:attr"`` (ValueError naming the path if there is none)."""
    import importlib

    if not _IMPORT_PATH.fullmatch(path):
        raise ValueError(f"{path!r} is not an import path 'package.module:attr'")
    module_name, _, attr = path.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot import {path!r}: {error}") from None
    return obj


def _forget() -> None:
    """Drop built backends and cached segmentations: a name may now mean another backend."""
    get_backend.cache_clear()
    from vnpolicy.tokenize import _segment_line

    _segment_line.cache_clear()
