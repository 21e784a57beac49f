"""underthesea's word segmenter, decided by our own code: the same model, the same tags, a quarter of the cost.

Why: in the default pipeline, underthesea's word segmentation is the largest single cost, and
two thirds of it are underthesea_core's feature strings ("T[-1,0].lower=hà nội", 43 a token)
and their look-up, not the model. This module reads the model file underthesea ships
(``ws_crf_vlsp2013_20230727/models.bin``, a crfsuite file, and its ``dictionary.bin``) and
scores each token from remembered per-token, per-pair and per-triple sums of the same weights,
then runs the same two-label Viterbi. Nothing is copied into vnpolicy: the model is read from
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
from functools import lru_cache
from pathlib import Path

from vnpolicy.errors import ModelError

MODEL_DIR = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")
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
        self._tokens: dict[str, tuple[tuple[float, ...], str, bool]] = {}

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

    def _token(self, token: str) -> tuple[tuple[float, ...], str, bool]:
        """A token's row, lower case and title answer, remembered (:data:`_CACHE` tokens)."""
        low = token.lower()
        title = not token[:1].islower()
        found = (self._row(0, token, low, title), low, title)
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
        """Each token's score for "B-W" minus that for "I-W": the rows of the token and its
        neighbours, of the pairs and triples around it, each seen from its offset, read from
        lists padded with zero rows (a window past either end scores by :meth:`_edge`). A pair's
        or triple's lower case and title answer come from its tokens' (no token holds a space)."""
        n = len(tokens)
        get, miss, row = self._tokens.get, self._token, self._row
        info = [get(t) or miss(t) for t in tokens]
        lows = [x[1] for x in info]
        titles = [x[2] for x in info]
        z5, z4, z3 = (0.0,) * 5, (0.0,) * 4, (0.0,) * 3
        rows = [z5, z5, *[x[0] for x in info], z5, z5]
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

    def word_starts(self, tokens: list[str]) -> list[bool]:
        """True where underthesea's model tags "B-W"."""
        from vnpolicy.tokenize.crf_weights import _viterbi

        return _viterbi(self.margins(tokens), self.transitions) if tokens else []


@lru_cache(maxsize=1)
def load() -> UndertheseaCrf:
    """underthesea's segmentation model, read once per process."""
    return UndertheseaCrf()
