"""underthesea's word segmenter, decided by our own code: the same model, the same tags, a quarter of the cost.

Why: in the default pipeline, underthesea's word segmentation is the largest single cost, and
two thirds of it are underthesea_core's feature strings ("T[-1,0].lower=hà nội", 43 a token)
and their look-up, not the model. This module reads the model file underthesea ships
(``ws_crf_vlsp2013_20230727/models.bin``, a crfsuite file, and its ``dictionary.bin``) and
scores each token from remembered per-token, per-pair and per-triple sums of the same weights
(a document's sentences together, with numpy), then runs the same two-label Viterbi. Nothing is copied into vnpolicy: the model is read from
the installed underthesea, as underthesea itself reads it (the crfsuite file by
:func:`~vnpolicy.tokenize.crf_weights.read_crfsuite`, no crfsuite needed).

The features are underthesea_core's, worked out from its output (``CRFFeaturizer.process``):

* ``T[k]`` the token, ``T[k].lower`` it in lower case, for k = -2 … 2; ``T[k].isdigit`` (ASCII
  digits only) for k = -1 … 1; ``T[k].istitle`` (no word of it starts with a lower-case letter:
  "ABC", "2020" and "." are titles) for k = -2 … 2; ``T[k].is_in_dict`` (lower case, in the
  model's dictionary) for k = -2 … 2;
* the same over the pairs -2,-1 / -1,0 / 0,1 / 1,2 (``T[a,b]``, ``.lower``, ``.is_in_dict``;
  ``.istitle`` for 0,1 only) and the triples -2,0 / -1,1 / 0,2 (``T[a,b]``, ``.is_in_dict``;
  ``.istitle`` for 0,2 only), the tokens joined by a space;
* a window reaching past the sentence's start is "BOS", past its end "EOS" (the start wins).

``tests/test_underthesea_crf.py`` checks the tags against underthesea_core's on real sentences;
``benchmarks/word_segmentation.py`` compares both on thousands.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from vnpolicy.errors import ModelError

MODEL_DIR = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")
_NUMPY_FROM = 64  # tokens in a call from which numpy's fixed cost pays (measured: even at 64, 2.9 us a token either way)
_CACHE = 20_000  # remembered tokens, pairs and triples each (more gained nothing: most pairs and triples are seen once)

# Offsets of the single-token templates, the pair templates (by their left offset) and the
# triple templates (by their left offset) that exist, per feature kind.
_SINGLE = {"": (-2, -1, 0, 1, 2), ".lower": (-2, -1, 0, 1, 2), ".isdigit": (-1, 0, 1),
           ".istitle": (-2, -1, 0, 1, 2), ".is_in_dict": (-2, -1, 0, 1, 2)}
_PAIR = {"": (-2, -1, 0, 1), ".lower": (-2, -1, 0, 1), ".istitle": (0,), ".is_in_dict": (-2, -1, 0, 1)}
_TRIPLE = {"": (-2, -1, 0), ".istitle": (0,), ".is_in_dict": (-2, -1, 0)}


def model_dir() -> Path:
    """The folder of underthesea's word segmentation model, in the installed package."""
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("underthesea is not installed: its word segmentation model cannot be read")
    return Path(list(spec.submodule_search_locations)[0]).joinpath(*MODEL_DIR)


def read_margins(crf_bytes: bytes, where: str) -> tuple[dict[str, float], list[list[float]]]:
    """Each attribute's weight for "B-W" minus that for "I-W" (attributes with none left out),
    and the transitions between [B-W, I-W], from a crfsuite model file
    (:func:`~vnpolicy.tokenize.crf_weights.read_crfsuite`: its own chunks, no crfsuite)."""
    from vnpolicy.tokenize.crf_weights import read_crfsuite

    try:
        labels, rows, table = read_crfsuite(crf_bytes)
    except (ValueError, struct.error, UnicodeDecodeError) as error:
        raise ModelError(f"{where}: {error}") from None
    if sorted(labels) != ["B-W", "I-W"]:
        raise ModelError(f"{where}: not a B-W / I-W segmentation model")
    b, i = labels.index("B-W"), labels.index("I-W")
    return ({name: float(row[b] - row[i]) for name, row in rows.items()},
            [[float(table[x, y]) for y in (b, i)] for x in (b, i)])


def _feature(k: int, width: int, kind: str, value: str) -> str:
    """underthesea_core's attribute string: "T[-1].lower=hà", "T[0,1].is_in_dict=True"."""
    return f"T[{k}]{kind}={value}" if width == 0 else f"T[{k},{k + width}]{kind}={value}"


_TokenInfo = tuple[int, int, int, str, str, bool, tuple[float, ...]]
_PAD_FLAG = 8  # the all-zero row of the yes/no sums
# A padding token between sequences: zero rows; its text (no token holds a line break) only
# goes into the pairs and triples around it, whose rows are zeroed anyway.
_PAD_INFO = (0, 0, _PAD_FLAG, "\n", "\n", False, (0.0,) * 5)


def _flag_index(digit: bool, title: bool, in_dict: bool) -> int:
    """The row of the yes/no sums for these answers (the order :meth:`UndertheseaCrf._matrices` builds)."""
    return (not digit) * 4 + (not title) * 2 + (not in_dict)


def _rows(rows: Iterable[tuple[float, ...]], width: int) -> np.ndarray:
    """``rows`` as an array under a row of zeros (row number 0: a string the model does not know)."""
    return np.array([(0.0,) * width, *rows], dtype=np.float64).reshape(-1, width)


def _title(text: str) -> str:
    return "False" if any(w[:1].islower() for w in text.split(" ")) else "True"


def _digit(text: str) -> str:
    return "True" if text and all("0" <= c <= "9" for c in text) else "False"


class UndertheseaCrf:
    """underthesea's segmentation model, scored here (see the module docstring)."""

    def __init__(self, folder: Path | None = None) -> None:
        import joblib

        folder = folder or model_dir()
        where = str(folder / "models.bin")
        try:
            crf_bytes = (folder / "models.bin").read_bytes()
            self.dictionary: frozenset[str] = frozenset(joblib.load(folder / "dictionary.bin"))
        except OSError as error:
            raise ModelError(f"{where}: cannot read underthesea's segmentation model ({error})") from None
        self.weights, self.transitions = read_margins(crf_bytes, where)
        self._tables()
        self._matrices()
        self._tokens: dict[str, _TokenInfo] = {}
        self._pairs: dict[str, tuple[float, ...]] = {}  # rows of pairs and triples by their text (margins_at)
        self._triples: dict[str, tuple[float, ...]] = {}

    def _tables(self) -> None:
        """The weights arranged by window and value: for a token, pair or triple string, its
        weight seen from each offset, for the raw and lower-case templates (only the strings the
        model knows); for the yes/no templates (digit, title, in the dictionary), the sum for
        each combination of answers. A row is then three look-ups and two sums."""
        offsets = {0: (-2, -1, 0, 1, 2), 1: (-2, -1, 0, 1), 2: (-2, -1, 0)}
        tables = {0: _SINGLE, 1: _PAIR, 2: _TRIPLE}
        by_value: dict[tuple[int, str], dict[str, list[float]]] = {}
        for name, weight in self.weights.items():
            template, _, value = name.partition("=")
            window, _, kind = template[2:].partition("]")
            if kind not in ("", ".lower"):
                continue  # (a "BOS" value stays: a token "BOS" inside the sentence reads it too)
            ends = [int(x) for x in window.split(",")]
            width = ends[-1] - ends[0]
            row = by_value.setdefault((width, kind), {}).setdefault(value, [0.0] * len(offsets[width]))
            row[offsets[width].index(ends[0])] = weight
        self._raw = {w: {v: tuple(r) for v, r in by_value.get((w, ""), {}).items()} for w in offsets}
        self._low = {w: {v: tuple(r) for v, r in by_value.get((w, ".lower"), {}).items()} for w in offsets}
        get = self.weights.get
        self._flags: dict[int, dict[tuple[str, str, str], tuple[float, ...]]] = {}
        for width, table in tables.items():
            self._flags[width] = {
                answers: tuple(sum(get(_feature(k, width, kind, answer), 0.0)
                                   for kind, answer in zip((".isdigit", ".istitle", ".is_in_dict"), answers)
                                   if k in table.get(kind, ()))
                               for k in offsets[width])
                for answers in ((a, b, c) for a in ("True", "False") for b in ("True", "False") for c in ("True", "False"))}

    def _row(self, width: int, text: str, low: str, title: bool) -> tuple[float, ...]:
        """The row of a token (width 0), pair (1) or triple (2): its string's raw and lower-case
        weights by offset, plus the sum for its yes/no answers."""
        digit = _digit(text) if width == 0 else "False"
        row = self._flags[width][(digit, "True" if title else "False", "True" if low in self.dictionary else "False")]
        raw = self._raw[width].get(text)
        if raw is not None:
            row = tuple(a + b for a, b in zip(raw, row))
        lower = self._low[width].get(low)
        if lower is not None:
            row = tuple(a + b for a, b in zip(lower, row))
        return row

    def _matrices(self) -> None:
        """The tables of :meth:`_tables` as arrays, for :meth:`margins`: per width, the raw and
        the lower-case rows (row 0 all zeros: a string the model does not know) with each
        string's row number, and the yes/no sums by :func:`_flag_index` (row 8 all zeros: a
        window past the sentence, scored apart by :meth:`_edge`)."""
        self._raw_ids = {w: {v: i for i, v in enumerate(t, 1)} for w, t in self._raw.items()}
        self._low_ids = {w: {v: i for i, v in enumerate(t, 1)} for w, t in self._low.items()}
        self._raw_rows = {w: _rows(t.values(), 5 - w) for w, t in self._raw.items()}
        self._low_rows = {w: _rows(t.values(), 5 - w) for w, t in self._low.items()}
        # pairs and triples: a lower-case string's row number and dictionary answer in one look-up
        self._low_codes = {w: {**{v: 1 for v in self.dictionary if v.count(" ") == w},
                               **{v: 2 * i + (v in self.dictionary) for v, i in self._low_ids[w].items()}}
                           for w in (1, 2)}
        self._flag_rows = {w: np.array([t[(digit, title, in_dict)] for digit in ("True", "False")
                                        for title in ("True", "False") for in_dict in ("True", "False")]
                                       + [(0.0,) * (5 - w)]) for w, t in self._flags.items()}

    def _token(self, token: str) -> _TokenInfo:
        """A token's raw and lower-case row numbers, yes/no row, itself, its lower case, title
        answer and row, remembered (:data:`_CACHE` tokens)."""
        low = token.lower()
        title = not token[:1].islower()
        found = (self._raw_ids[0].get(token, 0), self._low_ids[0].get(low, 0),
                 _flag_index(_digit(token) == "True", title, low in self.dictionary), token, low, title,
                 self._row(0, token, low, title))
        if len(self._tokens) < _CACHE:
            self._tokens[token] = found
        return found

    @lru_cache(maxsize=16)  # noqa: B019 (one model per process)
    def _edge(self, before: int, after: int) -> float:
        """The score, from the templates whose window leaves the sentence ("BOS", "EOS"), of a
        token with ``before`` tokens before it and ``after`` after it in the sentence (each at most 2)."""
        get = self.weights.get
        total = 0.0
        for kind, ks in _SINGLE.items():
            for k in ks:
                if k < -before or k > after:
                    total += get(_feature(k, 0, kind, "BOS" if k < -before else "EOS"), 0.0)
        for table, width in ((_PAIR, 1), (_TRIPLE, 2)):
            for kind, ks in table.items():
                for k in ks:
                    if k < -before or k + width > after:
                        total += get(_feature(k, width, kind, "BOS" if k < -before else "EOS"), 0.0)
        return total

    def margins(self, tokens: list[str]) -> list[float]:
        """Each token's score for "B-W" minus that for "I-W" (:meth:`margins_many` of one sequence)."""
        return self.margins_many([tokens])[0]

    def margins_many(self, sequences: list[list[str]], numpy_from: int = _NUMPY_FROM) -> list[list[float]]:
        """Each sequence's :meth:`margins`: with numpy (:meth:`_margins_numpy`) from ``numpy_from``
        tokens in all, below that row by row in plain Python (:meth:`reference_margins`), whose
        cost has no fixed part. Both give the same floats."""
        if sum(map(len, sequences)) >= numpy_from:
            return self._margins_numpy(sequences)
        return [self.reference_margins(tokens) for tokens in sequences]

    def _margins_numpy(self, sequences: list[list[str]]) -> list[list[float]]:
        """:meth:`reference_margins` of each sequence, to the bit, at a fraction of the cost.

        Why: summing rows in Python cost more than finding them. Here the sequences are laid end
        to end, each led by two padding tokens (the zero rows the reference reads past either
        end), every token's, pair's and triple's rows are gathered by number (:meth:`_row_numbers`),
        and the offsets' columns are summed over all sequences at once, with numpy, in the
        reference's order of additions (so the floats are the same)."""
        rows = [self._low_rows[w][low] + (self._raw_rows[w][raw] + self._flag_rows[w][flags])
                for w, (raw, low, flags) in enumerate(self._row_numbers(sequences))]
        size = len(rows[0]) - 4
        total = rows[0][0:size, 0] + rows[0][1:size + 1, 1]
        for k in (2, 3, 4):
            total += rows[0][k:size + k, k]
        pairs = rows[1][0:size, 0] + rows[1][1:size + 1, 1]
        for k in (2, 3):
            pairs += rows[1][k:size + k, k]
        triples = rows[2][0:size, 0] + rows[2][1:size + 1, 1]
        triples += rows[2][2:size + 2, 2]
        total += pairs
        total += triples
        scores: list[float] = total.tolist()
        out: list[list[float]] = []
        start = 0  # a sequence's first token is at start + 2; its score, at start
        for tokens in sequences:
            n = len(tokens)
            margin = scores[start:start + n]
            for i in {*range(min(2, n)), *range(max(n - 2, 0), n)}:
                margin[i] += self._edge(min(i, 2), min(n - 1 - i, 2))
            out.append(margin)
            start += n + 2
        return out

    def _row_numbers(self, sequences: list[list[str]]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per width (token, pair, triple), the raw, lower-case and yes/no row numbers at each
        position of the sequences laid end to end: two padding tokens before each sequence and
        four after the last. A token, pair or triple that takes in a padding token reads zero
        rows, so each sequence sees zeros past its ends, as in the reference."""
        get, miss = self._tokens.get, self._token
        info: list[_TokenInfo] = []
        for tokens in sequences:
            info += (_PAD_INFO, _PAD_INFO)
            info += [get(t) or miss(t) for t in tokens]
        info += (_PAD_INFO,) * 4
        raw0, low0, flag0, texts, lows, titles, _ = zip(*info)
        flags = np.array(flag0, dtype=np.intp)
        padded = flags == _PAD_FLAG
        title = np.array(titles, dtype=bool)
        out = [(np.array(raw0, dtype=np.intp), np.array(low0, dtype=np.intp), flags)]
        pairs = [a + " " + b for a, b in zip(texts, texts[1:])]
        low2 = [a + " " + b for a, b in zip(lows, lows[1:])]
        for width, (items, low_items) in enumerate(
                ((pairs, low2), ([p + " " + c for p, c in zip(pairs, texts[2:])],
                                 [p + " " + c for p, c in zip(low2, lows[2:])])), 1):
            padded = padded.copy()
            padded[:-1] |= padded[1:]
            title = title.copy()
            title[:-1] &= title[1:]
            raw_get, code_get = self._raw_ids[width].get, self._low_codes[width].get
            raw = np.array([raw_get(t, 0) for t in items] + [0] * width, dtype=np.intp)
            code = np.array([code_get(t, 0) for t in low_items] + [0] * width, dtype=np.intp)
            # _flag_index(False, title, in the dictionary): 4 + 2 * (not title) + (not in it)
            yes_no = 7 - 2 * title - (code & 1)
            raw[padded] = 0
            code[padded] = 0
            yes_no[padded] = _PAD_FLAG
            out.append((raw, code >> 1, yes_no))
        return out

    def reference_margins(self, tokens: list[str]) -> list[float]:
        """:meth:`margins` in plain Python, row by row: the path of short calls, and the reference
        the tests hold the numpy path to. Each
        token's score is the sum of the rows of the token and its neighbours, of the pairs and
        triples around it, each seen from its offset, read from lists padded with zero rows (a
        window past either end scores by :meth:`_edge`)."""
        n = len(tokens)
        get, miss, row = self._tokens.get, self._token, self._row
        info = [get(t) or miss(t) for t in tokens]
        lows = [x[4] for x in info]
        titles = [x[5] for x in info]
        z5, z4, z3 = (0.0,) * 5, (0.0,) * 4, (0.0,) * 3
        rows = [z5, z5, *[x[6] for x in info], z5, z5]
        pairs = [a + " " + b for a, b in zip(tokens, tokens[1:])]
        low2 = [a + " " + b for a, b in zip(lows, lows[1:])]
        title2 = [a and b for a, b in zip(titles, titles[1:])]
        prow = [z4, z4, *map(row, [1] * len(pairs), pairs, low2, title2), z4, z4, z4]
        triples = [p + " " + c for p, c in zip(pairs, tokens[2:])]
        low3 = [p + " " + c for p, c in zip(low2, lows[2:])]
        title3 = [a and b for a, b in zip(title2, titles[2:])]
        trow = [z3, z3, *map(row, [2] * len(triples), triples, low3, title3), z3, z3, z3, z3]
        out = [(((r0[0] + r1[1]) + r2[2]) + r3[3]) + r4[4] + (((p0[0] + p1[1]) + p2[2]) + p3[3]) + ((t0[0] + t1[1]) + t2[2])
               for r0, r1, r2, r3, r4, p0, p1, p2, p3, t0, t1, t2
               in zip(rows, rows[1:], rows[2:], rows[3:], rows[4:], prow, prow[1:], prow[2:], prow[3:],
                      trow, trow[1:], trow[2:])]
        for i in {*range(min(2, n)), *range(max(n - 2, 0), n)}:
            out[i] += self._edge(min(i, 2), min(n - 1 - i, 2))
        return out

    def margins_at(self, tokens: list[str], positions: list[int]) -> list[float]:
        """:meth:`reference_margins` of the tokens at ``positions`` only, the same floats.

        Why: a token's score reads only the window of five tokens around it (their rows, the
        four pairs and three triples through it), so a caller that needs a few tokens' scores
        (the cascade, :mod:`vnpolicy.tokenize.cascade`) pays for those windows, not the sentence.
        The rows of pairs and triples are remembered by their text (:data:`_CACHE` each).
        """
        n = len(tokens)
        get, miss, row = self._tokens.get, self._token, self._row
        z5, z4, z3 = (0.0,) * 5, (0.0,) * 4, (0.0,) * 3
        rows: dict[int, tuple[float, ...]] = {}  # token j's row
        pairs: dict[int, tuple[float, ...]] = {}  # the row of the pair of tokens j, j + 1
        triples: dict[int, tuple[float, ...]] = {}  # the row of the triple of tokens j .. j + 2
        seen2, seen3 = self._pairs, self._triples
        for j in sorted({j for i in positions for j in range(max(i - 2, 0), min(i + 3, n))}):
            rows[j] = (get(tokens[j]) or miss(tokens[j]))[6]
        for j in sorted({j for i in positions for j in range(max(i - 2, 0), min(i + 2, n - 1))}):
            text = tokens[j] + " " + tokens[j + 1]
            found = seen2.get(text)
            if found is None:
                a, b = get(tokens[j]) or miss(tokens[j]), get(tokens[j + 1]) or miss(tokens[j + 1])
                found = row(1, text, a[4] + " " + b[4], a[5] and b[5])
                if len(seen2) < _CACHE:
                    seen2[text] = found
            pairs[j] = found
        for j in sorted({j for i in positions for j in range(max(i - 2, 0), min(i + 1, n - 2))}):
            text = tokens[j] + " " + tokens[j + 1] + " " + tokens[j + 2]
            found = seen3.get(text)
            if found is None:
                a, b, c = (get(t) or miss(t) for t in tokens[j:j + 3])
                found = row(2, text, a[4] + " " + b[4] + " " + c[4], a[5] and b[5] and c[5])
                if len(seen3) < _CACHE:
                    seen3[text] = found
            triples[j] = found
        rget, pget, tget = rows.get, pairs.get, triples.get
        out = []
        for i in positions:
            r0, r1, r2, r3, r4 = rget(i - 2, z5), rget(i - 1, z5), rows[i], rget(i + 1, z5), rget(i + 2, z5)
            p0, p1, p2, p3 = pget(i - 2, z4), pget(i - 1, z4), pget(i, z4), pget(i + 1, z4)
            t0, t1, t2 = tget(i - 2, z3), tget(i - 1, z3), tget(i, z3)
            score = ((((r0[0] + r1[1]) + r2[2]) + r3[3]) + r4[4] + (((p0[0] + p1[1]) + p2[2]) + p3[3])
                     + ((t0[0] + t1[1]) + t2[2]))
            if i < 2 or i >= n - 2:
                score += self._edge(min(i, 2), min(n - 1 - i, 2))
            out.append(score)
        return out

    def word_starts(self, tokens: list[str]) -> list[bool]:
        """True where underthesea's model tags "B-W"."""
        from vnpolicy.tokenize.crf_weights import _viterbi

        return _viterbi(self.margins(tokens), self.transitions) if tokens else []


@lru_cache(maxsize=1)
def load() -> UndertheseaCrf:
    """underthesea's segmentation model, read once per process."""
    return UndertheseaCrf()
