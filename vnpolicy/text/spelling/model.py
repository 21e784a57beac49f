"""The spelling model: syllable counts and n-gram counts from real Vietnamese news, and lookups.

This room holds what the corrector *knows*: the token stream shared by the build script and
the corrector (so both see the same syllables, commas and boundaries), the syllable key
("tổ" → "tô3", one key for old and new tone placement), the confusion signature that groups
syllables a typing slip can turn into one another, and the loaded counts with fast batched
lookups. It does not decide what is a typo (``corrector.py`` does), and it never reads the raw
corpora (``scripts/build_spelling_model.py`` does, offline).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import regex

from vnpolicy.errors import ModelError
from vnpolicy.orthography import MARK_DIGITS

# Special token ids (real syllables start at FIRST_ID); shared with the build script.
BOUNDARY, COMMA, NUM, UNK = 0, 1, 2, 3
FIRST_ID = 4
SPECIALS = ("<b>", "<,>", "<num>", "<unk>")
ID_BITS = 21
FORMAT = 3

TONE_DIGIT = MARK_DIGITS  # a tone mark -> the digit written after the syllable in a key
TOKEN_RE = regex.compile(r"(?P<w>[\p{L}\p{M}]+)|(?P<n>\d+(?:[.,]\d+)*)|(?P<c>,)|(?P<nl>\n)|(?P<p>[^\s\p{L}\p{M}\d])")
SENT_END = frozenset(".!?:;…\n\"“”")


@lru_cache(maxsize=200_000)
def syllable_key(word: str) -> str | None:
    """The lookup key of a syllable: lowercase, tone mark written as a digit after it.

    One key for both tone placements; None for a word with two tone marks (never a syllable).

    >>> syllable_key("Tổ"), syllable_key("hòa"), syllable_key("hoà"), syllable_key("quyết")
    ('tô3', 'hoa2', 'hoa2', 'quyêt1')
    >>> syllable_key("tổố") is None
    True
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in TONE_DIGIT]
    if len(tones) > 1:
        return None
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_DIGIT))
    return base + (TONE_DIGIT[tones[0]] if tones else "0")


_ONSET_CLASS = (("ngh", "ŋ"), ("gh", "g"), ("gi", "D"), ("ch", "C"), ("tr", "C"), ("d", "D"), ("r", "D"), ("s", "S"), ("x", "S"))


def confusion_signature(word: str) -> str:
    """What is left of a syllable once every slip the corrector models is forgotten.

    Marks are dropped (tone and vowel marks, đ → d) and the consonants people confuse are
    merged (s/x, ch/tr, d/gi/r, final n/ng, final c/t), so two syllables share a signature
    exactly when some combination of those slips turns one into the other.

    >>> confusion_signature("Tồ"), confusion_signature("tố"), confusion_signature("sở"), confusion_signature("xơ")
    ('to', 'to', 'So', 'So')
    >>> confusion_signature("giảng") == confusion_signature("dán") == confusion_signature("rạn")
    True
    """
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for onset, cls in _ONSET_CLASS:
        if bare.startswith(onset) and len(bare) > len(onset):
            bare = cls + bare[len(onset) :]
            break
    if bare.endswith("ng") and len(bare) > 2:
        bare = bare[:-2] + "N"
    elif bare.endswith("n") and len(bare) > 1:
        bare = bare[:-1] + "N"
    elif bare.endswith(("c", "t")) and not bare.endswith("ch") and len(bare) > 1:
        bare = bare[:-1] + "T"
    return bare


class Token(NamedTuple):
    """One item of the token stream: a word (with its text span), a number, a comma or a break."""

    kind: str  # "w" word, "n" number, "c" comma, "b" boundary
    start: int
    end: int
    text: str
    sentence_start: bool = False


def tokens(text: str) -> Iterator[Token]:
    """The token stream the statistics were counted on; boundaries collapse, commas stay.

    >>> [(t.kind, t.text) for t in tokens("khiếu nại, tố cáo. Số 01")]
    [('w', 'khiếu'), ('w', 'nại'), ('c', ','), ('w', 'tố'), ('w', 'cáo'), ('b', '.'), ('w', 'Số'), ('n', '01')]
    """
    return iter(_scan(text))


def _scan(text: str) -> list[Token]:
    """:func:`tokens` as a list, built in one loop (a generator's resume per token cost more).

    The text is cut at its spaces first (no token holds one): a piece made of letters only is
    one word, and one followed by a single mark (``_TAILS``: "việc,", "sát.") a word and that
    mark, taken without the pattern; any other piece is matched by ``TOKEN_RE`` within its own
    bounds. The same tokens as one scan of the whole text (the pattern looks neither behind nor
    ahead, and ``str.isalpha`` is true only for letters ``TOKEN_RE`` takes as word characters:
    tests/test_typo_speed_internals.py checks both), in about half the time."""
    out: list[Token] = []
    add = out.append
    sentence_start = True
    last = "b"
    new = tuple.__new__  # Token(...) without the namedtuple's Python-level __new__: one call per token
    pieces = _PIECES
    pos = 0
    for piece in text.split(" "):
        if piece.isalpha():
            end = pos + len(piece)
            add(new(Token, ("w", pos, end, piece, sentence_start)))
            sentence_start = False
            last = "w"
            pos = end + 1
            continue
        if piece[-1:] in _TAILS and piece[:-1].isalpha():
            end = pos + len(piece) - 1
            add(new(Token, ("w", pos, end, piece[:-1], sentence_start)))
            mark = piece[-1]
            if mark == ",":
                add(new(Token, ("c", end, end + 1, ",", False)))
                last = "c"
                sentence_start = False
            else:  # after a word a mark is always a break of its own
                add(new(Token, ("b", end, end + 1, mark, False)))
                last = "b"
                sentence_start = mark in SENT_END
            pos = end + 2
            continue
        if piece:
            for kind, a, b, found in pieces.get(piece) or _piece_matches(piece):
                if kind == "w" or kind == "n":
                    add(new(Token, (kind, pos + a, pos + b, found, sentence_start and kind == "w")))
                    sentence_start = False
                    last = kind
                elif kind == "c":
                    if last != "c":
                        add(new(Token, ("c", pos + a, pos + b, ",", False)))
                    last = "c"
                else:  # one character: a line break or a punctuation mark
                    if last != "b":
                        add(new(Token, ("b", pos + a, pos + b, found, False)))
                    last = "b"
                    if found in SENT_END:
                        sentence_start = True
        pos += len(piece) + 1
    return out


_PIECES: dict[str, tuple[tuple[str, int, int, str], ...]] = {}  # piece -> its TOKEN_RE matches (see _piece_matches)
_PIECES_MAX = 50_000  # pieces kept; the table starts again beyond that


def _piece_matches(piece: str) -> tuple[tuple[str, int, int, str], ...]:
    """``(kind, start, end, text)`` of each ``TOKEN_RE`` match in a space-free piece of text,
    offsets within the piece; remembered per piece for :func:`_scan`.

    Why: the pieces :func:`_scan` leaves to the pattern (numbers, "(NLĐ)-", "GD-ĐT", "-") repeat
    from article to article, and a ``regex`` iterator with a match object per token cost several
    times a dict probe (about a sixth of the scan). The pattern looks neither behind nor ahead,
    so a piece's matches are the same alone as within the text (tests/test_typo_speed_internals.py
    compares the scan with one pass of the pattern)."""
    found = tuple((m.lastgroup, m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(piece))
    if len(_PIECES) >= _PIECES_MAX:
        _PIECES.clear()
    _PIECES[piece] = found
    return found


# Marks that end a piece of text after a word often enough to be split off without the pattern
# (each is one token of its own there: a comma, or a break).
_TAILS = frozenset(",.;:!?)\"'”")


@lru_cache(maxsize=4)
def token_list(text: str) -> tuple[Token, ...]:
    """:func:`tokens` of ``text`` as a tuple, kept for the last few texts: the diacritics check,
    the corrector and the missing-word check read the same text one after another."""
    return tuple(_scan(text))


def pack(*ids: np.ndarray) -> np.ndarray:
    """N-gram keys: ids packed ``ID_BITS`` bits apiece into one int64."""
    key = np.zeros(np.broadcast(*ids).shape, dtype=np.int64)
    for part in ids:
        key = (key << ID_BITS) | np.asarray(part, dtype=np.int64)
    return key


class LanguageModel:
    """The n-gram side of the model, over token ids as the statistics were counted.

    Ids below ``size`` (the vocabulary size) are specials and syllables written lowercase or
    starting a sentence; ``size + id`` is the same syllable capitalised mid-sentence (names,
    "Mặt trận Tổ quốc"), counted apart; ``novel`` (``2 * size``) is a valid syllable the
    statistics never saw: it has no counts and matches no n-gram.
    """

    def __init__(self, model: SpellingModel) -> None:
        size = model.vocab_size
        lower = model.count - model.capital
        capital = model.capital.copy()
        capital[:FIRST_ID] = 0.0
        self.counts = np.concatenate([lower, capital, [0.0]])
        self.novel = 2 * size
        self.norm = float(self.counts.sum() + 0.5 * len(self.counts))
        self._model = model
        self._bloom: np.ndarray | None = None
        # The least count a trigram of the table has (pruned below it at build time): 1 if unsaid.
        self.trigram_floor = float(model.meta.get("min_counts", {}).get("trigram", 1))

    def bigrams(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        m = self._model
        return _lookup(m.bigram_keys, m.bigram_counts, pack(a, b), m.bigram_fence)

    def trigrams(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        m = self._model
        return _lookup(m.trigram_keys, m.trigram_counts, pack(a, b, c), m.trigram_fence)

    def trigrams_within(self, a: np.ndarray, b: np.ndarray, c: np.ndarray, ab: np.ndarray, bc: np.ndarray) -> np.ndarray:
        """:meth:`trigrams`, given the counts of the two bigrams inside each trigram (``ab``: of
        ``a b``, ``bc``: of ``b c``): looked up only where both reach the trigram table's least
        count, as a trigram is never counted more often than either of its bigrams (the build
        counts them on one token stream; tests/test_typo_speed_internals.py checks the shipped
        tables). Most candidate syllables were never seen beside a neighbour: their trigrams
        cost no look-up."""
        out = np.zeros(len(a))
        k = np.flatnonzero((ab >= self.trigram_floor) & (bc >= self.trigram_floor))
        if len(k):
            out[k] = self.trigrams(a[k], b[k], c[k])
        return out

    def maybe_bigrams(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """False where the bigram was certainly seen fewer than ``BLOOM_MIN_COUNT`` times, True
        where it may have been seen that often: a one-hash Bloom filter (4 MB, about 2% false
        "maybe"), several times cheaper than :meth:`bigrams`, for pre-filters that only need to
        rule pairs out. (The table also keeps the pairs seen once; no pre-filter asks for them.)"""
        if self._bloom is None:
            flags = np.zeros(1 << _BLOOM_BITS, dtype=bool)
            flags[_bloom_slots(self._model.bigram_keys[self._model.bigram_counts >= BLOOM_MIN_COUNT])] = True
            self._bloom = np.packbits(flags, bitorder="little")
        slots = _bloom_slots(pack(a, b))
        return ((self._bloom[slots >> np.uint64(3)] >> (slots & np.uint64(7)).astype(np.uint8)) & 1).astype(bool)


_BLOOM_BITS = 25  # 4 MB of bits for the 0.62 million bigrams seen twice or more: about 2% false "maybe"
BLOOM_MIN_COUNT = 2  # the corrector's MIN_SUPPORT and LETTER_UNSEEN
_BLOOM_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # multiply-shift hashing (Fibonacci)


def _bloom_slots(keys: np.ndarray) -> np.ndarray:
    return (np.asarray(keys, dtype=np.int64).view(np.uint64) * _BLOOM_MULTIPLIER) >> np.uint64(64 - _BLOOM_BITS)


class SpellingModel:
    """Loaded counts: ``ids`` (key → id), per-id counts, and sorted packed n-gram tables."""

    def __init__(self, vocab_rows: list[tuple[str, str, int, int, str]], arrays: dict[str, np.ndarray], meta: dict):
        self.meta = meta
        self.keys = [r[0] for r in vocab_rows]
        self.surface = [r[1] for r in vocab_rows]
        self.count = np.asarray([r[2] for r in vocab_rows], dtype=np.float64)
        self.capital = np.asarray([r[3] for r in vocab_rows], dtype=np.float64)
        self.ids = {k: i for i, k in enumerate(self.keys)}
        self.total = float(self.count[FIRST_ID:].sum())
        self.vocab_size = len(self.keys)
        by_signature: dict[str, list[int]] = {}
        for i, row in enumerate(vocab_rows[FIRST_ID:], start=FIRST_ID):
            by_signature.setdefault(row[4], []).append(i)
        self.by_signature = {s: tuple(v) for s, v in by_signature.items()}
        self.bigram_keys = _unpack_columns(arrays, "bigram", 2)
        self.bigram_counts = arrays["bigram_counts"].astype(np.float64)
        self.trigram_keys = _unpack_columns(arrays, "trigram", 3)
        self.trigram_counts = arrays["trigram_counts"].astype(np.float64)
        self.bigram_fence = _fence(self.bigram_keys)
        self.trigram_fence = _fence(self.trigram_keys)
        self.lm = LanguageModel(self)

    def id_of(self, word: str) -> int:
        """The id of a syllable (any case, either tone placement); ``UNK`` when unknown."""
        key = syllable_key(word)
        return self.ids.get(key, UNK) if key is not None else UNK


def _unpack_columns(arrays: dict[str, np.ndarray], name: str, n: int) -> np.ndarray:
    """The sorted packed n-gram keys from their stored uint16 id columns."""
    first = np.cumsum(arrays[f"{name}_0_delta"], dtype=np.int64)
    return pack(first, *(arrays[f"{name}_{i}"] for i in range(1, n)))


def _fence(keys: np.ndarray) -> np.ndarray:
    """Every ``_FENCE_EVERY``-th key: the small index :func:`_lookup` searches first."""
    return keys[::_FENCE_EVERY].copy()


def _lookup(keys: np.ndarray, counts: np.ndarray, query: np.ndarray, fence: np.ndarray | None = None) -> np.ndarray:
    """The count of each packed n-gram key of ``query`` in the table (0 where it is absent).

    With ``fence`` (:func:`_fence` of ``keys``) and more than ``_FENCE_QUERIES`` queries, each key is first placed between two fence keys
    (a small array that stays in cache) and then found among the ``_FENCE_EVERY`` keys between
    them by a few halving steps, all queries at once: a search of the whole table (1.3 million
    keys) missed the cache at almost every step.
    """
    if len(keys) == 0 or query.size == 0:
        return np.zeros(query.shape)
    if fence is not None and query.size > _FENCE_QUERIES:
        # In sorted order, the halving steps of neighbouring queries read neighbouring keys (the
        # table misses the cache): a fifth to a third cheaper, sort included, from 128 queries on.
        flat = query.ravel()
        order = np.argsort(flat)
        out = np.empty(flat.shape)
        out[order] = _fenced(keys, counts, flat[order], fence)
        return out.reshape(query.shape)
    if query.size > _SORT_QUERIES:
        # Sorted queries let the binary search resume where the last one ended (and stay in
        # cache): several times faster than the same queries in text order.
        flat = query.ravel()
        order = np.argsort(flat, kind="stable")
        found = np.empty(flat.shape, dtype=np.intp)
        found[order] = np.searchsorted(keys, flat[order])
        pos = found.reshape(query.shape)
    else:
        pos = np.searchsorted(keys, query)
    pos = np.minimum(pos, len(keys) - 1)
    return np.where(keys[pos] == query, counts[pos], 0.0)


def _fenced(keys: np.ndarray, counts: np.ndarray, query: np.ndarray, fence: np.ndarray) -> np.ndarray:
    """:func:`_lookup` by the fence: each query placed between two fence keys, then found among
    the ``_FENCE_EVERY`` keys between them by halving steps, all queries at once."""
    # lo: the last key <= the query (0 when there is none); its block is [lo, lo + _FENCE_EVERY)
    lo = np.searchsorted(fence, query, side="right") - 1
    np.maximum(lo, 0, out=lo)
    lo *= _FENCE_EVERY
    last = len(keys) - 1
    step = _FENCE_EVERY // 2
    while step:
        mid = np.minimum(lo + step, last)
        lo = np.where(keys[mid] <= query, mid, lo)
        step //= 2
    return np.where(keys[lo] == query, counts[lo], 0.0)


# Tried (issue 15) and left out: a hashed index beside the sorted tables (keys bucketed by a
# multiplicative hash, 2^21 or 2^22 buckets) found the corrector's queries 1.4-1.7x faster than
# the fence, but cost 0.5 s CPU to build and about 65 MB; fewer queries did more
# (LanguageModel.trigrams_within). Building _scan's word tokens by map/zip over the pieces
# instead of its loop took more instructions, not fewer (callgrind).
_SORT_QUERIES = 32  # queries above this many are sorted first (see _lookup)
_FENCE_QUERIES = 128  # ... and above this many placed by the fence: fewer are found faster by one
# searchsorted call than by the fence's dozen array operations (on the corrector's own queries)
_FENCE_EVERY = 64  # a power of two: the keys between two fence keys are found in log2 steps

RESOURCE = "vnpolicy.resources.spelling"


@lru_cache(maxsize=1)
def load_model() -> SpellingModel:
    """The shipped model, loaded once per process."""
    try:
        folder = resources.files(RESOURCE)
        meta = json.loads(folder.joinpath("meta.json").read_text(encoding="utf-8"))
        with folder.joinpath("vocab.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
            rows = []
            for line in f:
                if line.startswith("#"):
                    continue
                key, surface, count, capital, signature = line.rstrip("\n").split("\t")
                rows.append((key, surface, int(count), int(capital), signature))
        with folder.joinpath("ngrams.npz").open("rb") as raw:
            with np.load(raw, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError, KeyError, ImportError) as exc:
        raise ModelError(
            f"spelling model in vnpolicy/resources/spelling is missing or unreadable ({exc}); "
            "rebuild it with: python scripts/build_spelling_model.py"
        ) from exc
    if meta.get("format") != FORMAT or meta.get("id_bits") != ID_BITS or meta.get("capitalised_offset") != len(rows):
        raise ModelError(
            f"spelling model format {meta.get('format')!r} is not the one this vnpolicy reads ({FORMAT}); "
            "rebuild it with: python scripts/build_spelling_model.py"
        )
    return SpellingModel(rows, arrays, meta)
