"""Tagging with the segmenter's CRF weights, without crfsuite's per-call overhead.

Why: python-crfsuite's ``Tagger.tag`` wants every attribute of every token as a string
("pwn=ban|dân|vận"), which Python must build and hash and crfsuite must convert and look up:
that was two thirds of the segmenter's time. Here every syllable the model or the dictionary
knows gets a number once, an n-gram is a number in base V (the vocabulary size), and each
token costs three dict probes (its bigram, its trigram, and rarely a four-syllable word),
a sum over rows remembered as tuples, and a two-label Viterbi; a token with capitals adds one
probe for each pair it is in (format 6: the case tables). The weights are stored as
numpy arrays (the model file's format); tagging reads them as plain Python floats.

It is crfsuite's own decision (the same weights, the same first-order Viterbi, ties to "B" as
crfsuite breaks them); ``tests/test_segmenter.py`` checks that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, compress, repeat

import numpy as np

LABELS = ("B", "I")
# The templates of crf.templates over one n-gram order, as columns of that order's rows ("s", the
# shape triple, has a table of its own).
_COLUMNS = {1: ("w", "p", "n", "pp", "nn"), 2: ("pw", "wn", "ppp", "nnn"), 3: ("pwn", "ppw", "wnn")}
_PAD = ("<s>", "</s>")
_CACHE_SIZE = 200_000  # tokens, and bigrams and trigrams, remembered per process


def split_ngram(key: str, order: int) -> list[list[str]]:
    """Every way ``key`` is ``order`` syllables joined by "|" (a syllable may itself be "|").

    >>> split_ngram("ban|dân", 2)
    [['ban', 'dân']]
    >>> split_ngram("a|||b", 3)
    [['a', '|', 'b']]
    """
    if order == 1:
        return [[key]] if key and ("|" not in key or key == "|") else []
    out = []
    for j, char in enumerate(key):
        if char == "|" and j:
            head = key[:j]
            if "|" not in head or head == "|":
                out += [[head, *rest] for rest in split_ngram(key[j + 1:], order - 1)]
    return out


SHAPES = "ltudmp^$"
# Members of the model file that hold the arrays: name -> (dtype, columns).
ARRAYS = {"unigrams.f4": ("<f4", 5), "shapes.f4": ("<f4", 1), "bigrams.i8": ("<i8", 1), "bigrams.f4": ("<f4", 4),
          "trigrams.i8": ("<i8", 1), "trigrams.f4": ("<f4", 4), "fourgrams.i8": ("<i8", 1),
          "cased.i8": ("<i8", 1), "cased.f4": ("<f4", 3), "casedpairs.i8": ("<i8", 1), "casedpairs.f4": ("<f4", 2)}
ARRAYS_BEFORE_CASE = {name: ARRAYS[name] for name in list(ARRAYS)[:7]}  # format versions 4 and 5
_SHAPE_ROWS = len(SHAPES) ** 5  # every window of five shapes
_CASED_SHAPES = frozenset(SHAPES.index(c) for c in "tum")
FLAGS = ("F", "dl2", "dl3", "dl4", "dr2", "dr3", "dr4", "dm3", "dm4", "dp2", "dn2")


class CrfWeights:
    """A two-label CRF's weights arranged for lookup by number.

    Only the difference of an attribute's B and I weights matters to the best path (adding the
    same amount to both labels of one token changes no path's rank), so each key keeps one
    number. Templates over the same n-gram share one lookup: the five unigram templates are
    columns of a dense matrix indexed by syllable number; the four bigram templates are four
    columns of one row per known bigram, found with one dict probe per bigram of the sentence,
    and the three trigram templates likewise. The dictionary flags of two- and three-syllable
    words are facts about one bigram or trigram, so they are folded into those columns.

    ``vocabulary`` lists the syllables (folded) numbered from 1; an n-gram's code is its numbers
    in base ``len(vocabulary) + 1``. ``arrays`` holds the members of :data:`ARRAYS`: unigram rows
    (one per number, 0 = unknown), the 8**5 windows of five shapes (the triple of a token's own,
    left and right shape is added into them), the sorted codes of the known bigrams, trigrams
    and dictionary four-syllable words with the rows of the first two (a trigram's fourth column:
    "a four-syllable dictionary word starts with it"), and the case tables: cased syllables
    (number * 8 + shape; columns "cw", "cp", "cn") and pairs (bigram code * 64 + both shapes;
    "cb0", "cb1").

    ``start_bias`` is added to every token's B-minus-I score before the Viterbi: a negative
    bias makes the tagger start fewer words. It is not learnt by crfsuite but chosen afterwards
    on held-out sentences (``scripts/build_segmenter.py --bias auto``), because the model
    trained on silver and gold together split more often than either convention does.
    """

    def __init__(self, vocabulary: list[str], arrays: dict[str, np.ndarray], flags: dict[str, float],
                 transitions: list[list[float]], start_bias: float = 0.0) -> None:
        self.vocabulary = vocabulary
        self.arrays = arrays
        self.flags = {name: float(flags.get(name, 0.0)) for name in FLAGS}
        self.start_bias = float(start_bias)
        self.transitions = [[float(x) for x in row] for row in transitions]
        self.vocab = dict(zip(vocabulary, range(1, len(vocabulary) + 1)))
        self.base = len(vocabulary) + 1
        if self.base ** 4 >= 2 ** 63:
            raise ValueError(f"a vocabulary of {len(vocabulary)} syllables is too large for the codes")
        for name, (_, columns) in ARRAYS.items():
            if arrays[name].ndim != 2 or arrays[name].shape[1] != columns:
                raise ValueError(f"{name} must have {columns} columns")
        if len(arrays["unigrams.f4"]) != self.base or len(arrays["shapes.f4"]) != _SHAPE_ROWS:
            raise ValueError(f"unigrams.f4 needs one row per syllable and one for 'unknown'; "
                             f"shapes.f4 {_SHAPE_ROWS} rows")
        if self.base ** 2 * 64 >= 2 ** 63:
            raise ValueError(f"a vocabulary of {len(vocabulary)} syllables is too large for the cased codes")
        self.unigram = arrays["unigrams.f4"].astype(np.float64)
        self.shape_margin = arrays["shapes.f4"][:, 0].astype(np.float64)
        self.index: dict[int, dict[int, int]] = {}
        self.rows: dict[int, np.ndarray] = {}
        for k, name in ((2, "bigrams"), (3, "trigrams"), (4, "fourgrams")):
            codes = arrays[f"{name}.i8"][:, 0]
            if name + ".f4" in arrays:
                rows = arrays[name + ".f4"].astype(np.float64)
                if len(rows) != len(codes):
                    raise ValueError(f"{name}.i8 and {name}.f4 differ in length")
            else:  # four-syllable words: only "is a dictionary word"
                rows = np.ones((len(codes), 1))
            self.index[k] = dict(zip(codes.tolist(), range(1, len(codes) + 1)))
            self.rows[k] = np.vstack([np.zeros((1, rows.shape[1])), rows])  # row 0: unknown
        # Rows as tuples of Python floats, for tagging without numpy (see word_starts)
        self._unigram_rows = [tuple(row) for row in self.unigram.tolist()]
        self._shape_list: list[float] = self.shape_margin.tolist()
        self._zero = {k: tuple([0.0] * self.rows[k].shape[1]) for k in (2, 3)}
        # Cased syllables and pairs: code -> row (syllable code * 8 + shape; pair code * 64 + shapes)
        self.cased: dict[int, tuple[float, ...]] = {}
        self.cased_pairs: dict[int, tuple[float, ...]] = {}
        for table, name in ((self.cased, "cased"), (self.cased_pairs, "casedpairs")):
            codes, rows = arrays[name + ".i8"][:, 0], arrays[name + ".f4"]
            if len(codes) != len(rows):
                raise ValueError(f"{name}.i8 and {name}.f4 differ in length")
            table.update(zip(codes.tolist(), map(tuple, rows.astype(np.float64).tolist())))
        self._token_cache: dict[str, tuple[int, int, tuple[float, ...], tuple[float, ...] | None]] = {}
        self._ngram_rows: dict[int, dict[int, tuple[float, ...]]] = {2: {}, 3: {}}
        self._tables: _Tables | None = None
        self._codes: dict[str, int] = {}  # token -> syllable number * 8 + shape number (margins_many)

    @classmethod
    def from_attributes(cls, attributes: list[str], weights: np.ndarray, transitions: list[list[float]],
                        dictionary: frozenset[str]) -> CrfWeights:
        """Arrange crfsuite's attribute weights (``weights[:, 0]`` for B, ``[:, 1]`` for I)."""
        margin = (np.asarray(weights, dtype=np.float64)[:, 0] - np.asarray(weights, dtype=np.float64)[:, 1]).tolist()
        column = {name: j for names in _COLUMNS.values() for j, name in enumerate(names)}
        order = {name: k for k, names in _COLUMNS.items() for name in names}
        parsed: list[tuple[int, int, list[str], float]] = []  # (order, column, syllables, B - I)
        flags: dict[str, float] = {}
        shapes = np.zeros((_SHAPE_ROWS, 1))
        triples = np.zeros(512)
        cased_keys: list[tuple[int, int, list[str], str, float]] = []  # (order, column, syllables, shapes, B - I)
        for row, attribute in enumerate(attributes):
            name, sep, key = attribute.partition("=")
            if not sep:
                flags[attribute] = margin[row]
            elif name == "s":
                if len(key) == 3 and all(c in SHAPES for c in key):
                    triples[SHAPES.index(key[0]) * 64 + SHAPES.index(key[1]) * 8 + SHAPES.index(key[2])] = margin[row]
            elif name == "s5":
                if len(key) == 5 and all(c in SHAPES for c in key):
                    shapes[_shape_code(SHAPES.index(c) for c in key), 0] += margin[row]
            elif name in _CASED_COLUMNS:
                k, j = _CASED_COLUMNS[name]
                body, _, marks = key.rpartition("/")
                if len(marks) == k and all(c in SHAPES for c in marks):
                    cased_keys += [(k, j, syllables, marks, margin[row]) for syllables in split_ngram(body, k)]
            elif name in order:
                parsed += [(order[name], column[name], syllables, margin[row])
                           for syllables in split_ngram(key, order[name])]
        vocabulary = list(_PAD)
        known = set(vocabulary)
        words = [word.split() for word in sorted(dictionary)]
        for syllables in [p[2] for p in parsed] + [c[2] for c in cased_keys] + words:
            for syllable in syllables:
                if syllable not in known:
                    known.add(syllable)
                    vocabulary.append(syllable)
        vocab = {syllable: i for i, syllable in enumerate(vocabulary, 1)}
        base = len(vocabulary) + 1

        def code(syllables: list[str]) -> int:
            value = 0
            for syllable in syllables:
                value = value * base + vocab[syllable]
            return value

        unigram = np.zeros((base, 5))
        rows: dict[int, dict[int, list[float]]] = {2: {}, 3: {}, 4: {}}
        # A dictionary word of two or three syllables is a fact about one bigram or trigram, so
        # its flags ("dl2" on its last token, "dr2" on its first, ...) join the columns of the
        # template over the same n-gram; a trigram's last column says "a four-syllable word
        # starts with it", the only case looked up on its own.
        width = {2: 4, 3: 4, 4: 1}
        for k, j, syllables, value in parsed:
            if k == 1:
                unigram[code(syllables), j] += value
            else:  # "a||b" may read two ways: both count, as the one string did in crfsuite
                rows[k].setdefault(code(syllables), [0.0] * width[k])[j] += value
        folded = {2: ((0, "dl2"), (1, "dr2"), (2, "dp2"), (3, "dn2")), 3: ((0, "dm3"), (1, "dl3"), (2, "dr3"))}
        for parts in words:
            k = len(parts)
            if k in folded:
                cells = rows[k].setdefault(code(parts), [0.0] * width[k])
                for j, name in folded[k]:
                    cells[j] += flags.get(name, 0.0)
            elif k == 4:
                rows[4].setdefault(code(parts), [1.0])
                rows[3].setdefault(code(parts[:3]), [0.0] * width[3])[3] = 1.0
        # The triple (own, left, right shape) joins the five-shape window's table: one lookup a token.
        shapes[:, 0] += triples[_triple_of_window()]
        cased: dict[int, dict[int, list[float]]] = {1: {}, 2: {}}
        for k, j, syllables, marks, value in cased_keys:
            key = code(syllables) * 8 ** k + _shape_code(SHAPES.index(c) for c in marks)
            cased[k].setdefault(key, [0.0] * (4 - k))[j] += value
        arrays: dict[str, np.ndarray] = {"unigrams.f4": unigram, "shapes.f4": shapes}
        for k, name in ((1, "cased"), (2, "casedpairs")):
            codes = sorted(cased[k])
            arrays[name + ".i8"] = np.array(codes, dtype=np.int64).reshape(-1, 1)
            arrays[name + ".f4"] = np.array([cased[k][c] for c in codes]).reshape(-1, 4 - k)
        for k, name in ((2, "bigrams"), (3, "trigrams"), (4, "fourgrams")):
            codes = sorted(rows[k])
            arrays[name + ".i8"] = np.array(codes, dtype=np.int64).reshape(-1, 1)
            if k < 4:
                arrays[name + ".f4"] = np.array([rows[k][c] for c in codes]).reshape(-1, width[k])
        arrays = {name: arrays[name].astype(dtype) for name, (dtype, _) in ARRAYS.items()}
        return cls(vocabulary, arrays, flags, transitions)

    @classmethod
    def from_crfsuite(cls, crf_bytes: bytes, dictionary: frozenset[str]) -> CrfWeights:
        """The weights of a crfsuite model trained on ``crf.token_features`` (labels B and I),
        read by :func:`read_crfsuite` (exact doubles, as the entity tagger reads its model)."""
        labels, rows, table = read_crfsuite(crf_bytes)
        order = [labels.index(label) for label in LABELS]
        attributes = sorted(rows)
        weights = np.array([rows[a][order] for a in attributes], dtype=np.float64).reshape(-1, 2)
        transitions = [[float(table[a, b]) for b in order] for a in order]
        return cls.from_attributes(attributes, weights, transitions, dictionary)

    def _token_row(self, token: str) -> tuple[int, int, tuple[float, ...], tuple[float, ...] | None]:
        """A token's syllable number (folded), shape number, unigram row and, when it is cased,
        its cased row (None for a lower-case token: nothing to add), remembered per token."""
        from vnpolicy.tokenize.crf import _token_info  # crf imports this module

        low, shape = _token_info(token)
        number = self.vocab.get(low, 0)
        kind = SHAPES.index(shape)
        cased = self.cased.get(number * 8 + kind, _NO_CASE) if number and kind in _CASED_SHAPES else None
        found = (number, kind, self._unigram_rows[number], cased)
        if len(self._token_cache) < _CACHE_SIZE:
            self._token_cache[token] = found
        return found

    def _row(self, order: int, code: int) -> tuple[float, ...]:
        """The row of a bigram or trigram code (zeros when unknown), remembered per code."""
        found = self._ngram_rows[order].get(code)
        if found is None:
            number = self.index[order].get(code, 0)
            found = self._zero[order] if number == 0 else tuple(self.rows[order][number].tolist())
            if len(self._ngram_rows[order]) < _CACHE_SIZE:
                self._ngram_rows[order][code] = found
        return found

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        """The CRF's labels for ``tokens``: True where a word starts (label B), with the start bias."""
        margin = self.margins(tokens, forced)
        if not margin:
            return []
        bias = self.start_bias
        if bias:
            margin = [m + bias for m in margin]
        return _viterbi(margin, self.transitions)

    def margins(self, tokens: list[str], forced: list[bool]) -> list[float]:
        """Each token's state score of B minus that of I, as crfsuite's weights give it (no bias).

        In plain Python over remembered rows, not numpy: sentences are some thirty tokens, and
        numpy's cost per call (twenty calls a sentence) was most of the tagger's time. The sums
        are taken in the order numpy took them, so the scores are numpy's to the last bit.
        """
        n = len(tokens)
        if not n:
            return []
        get, miss = self._token_cache.get, self._token_row
        info = [get(token) or miss(token) for token in tokens]
        v = self.base
        u = [1, 1, *[x[0] for x in info], 2, 2, 2]  # pads: "<s>" = 1, "</s>" = 2; token i is u[i + 2]
        pad_s, pad_e = self._unigram_rows[1], self._unigram_rows[2]
        uni = [pad_s, pad_s, *[x[2] for x in info], pad_e, pad_e, pad_e]
        sh = [6, *[x[1] for x in info], 7]  # "^" and "$" around
        bi = [a * v + b for a, b in zip(u, u[1:n + 4])]  # bi[j]: syllables j, j + 1 of the padded sentence
        tri = [a * v + b for a, b in zip(bi, u[2:n + 4])]
        get2, get3, row = self._ngram_rows[2].get, self._ngram_rows[3].get, self._row
        b = [get2(c) or row(2, c) for c in bi]
        t = [get3(c) or row(3, c) for c in tri]
        shape = self._shape_list
        s5 = [6, 6, *[x[1] for x in info], 7, 7]
        window = [(((a * 8 + b) * 8 + c) * 8 + d) * 8 + e for a, b, c, d, e in zip(s5, s5[1:], s5[2:], s5[3:], s5[4:])]
        # Token i: unigram columns w, p, n, pp, nn at u[i + 2], u[i + 1], u[i + 3], u[i], u[i + 4];
        # the shape triple (own, left, right); bigram columns pw, wn, ppp, nnn at bi[i + 1],
        # bi[i + 2], bi[i], bi[i + 3]; trigram columns pwn, ppw, wnn at tri[i + 1], tri[i], tri[i + 2].
        margin = [(((w[0] + p[1] + nx[2] + pp[3] + nn[4]) + shape[s])
                   + (b1[0] + b2[1] + b0[2] + b3[3])) + (t1[0] + t0[1] + t2[2])
                  for w, p, nx, pp, nn, s, b0, b1, b2, b3, t0, t1, t2
                  in zip(uni[2:], uni[1:], uni[3:], uni, uni[4:], window,
                         b, b[1:], b[2:], b[3:], t, t[1:], t[2:])]
        cased = [i for i, x in enumerate(info) if x[3] is not None]
        if cased:
            _add_case(self, margin, info, cased, u, sh)
        flag = self.flags
        if True in forced:
            f = flag["F"]
            for i in compress(range(n), forced):
                margin[i] += f
        prefix = [i for i, r in enumerate(t[2:]) if r[3]]  # where the trigram begins a four-syllable word
        if prefix:
            four = self.index[4]
            for i in prefix:
                if tri[i + 2] * v + u[i + 5] in four:  # a dictionary word of four syllables: tokens i .. i + 3
                    margin[i] += flag["dr4"]
                    margin[i + 1] += flag["dm4"]
                    margin[i + 3] += flag["dl4"]
        return margin

    def margins_many(self, items: list[tuple[list[str], list[bool]]], shift: float = 0.0) -> list[list[float]]:
        """:meth:`margins` of each ``(tokens, forced)``, plus ``shift``: the same floats, in numpy.

        Why: a document's lines go to the segmenter together (``word_starts_many``); over a
        thousand tokens, numpy's cost per call is paid once, not per sentence, and the Python
        work left is one cache probe per token. The sequences are laid end to end with their
        pads, each token's sum taken in :meth:`margins`' order, and every later addition (case
        rows, forced tokens, four-syllable words) made in the order the loops there make it;
        where those add nothing here they add 0.0, which changes no sum."""
        lengths = [len(tokens) for tokens, _ in items]
        total = sum(lengths)
        if not total:
            return [[] for _ in items]
        codes = self._token_codes([t for tokens, _ in items for t in tokens])
        t = self._lookup_tables()
        count = len(items)
        size = total + 5 * count  # each sequence: "<s>" "<s>" tokens "</s>" "</s>" "</s>"
        real = np.arange(total) + 2 + 5 * np.repeat(np.arange(count), lengths)
        heads = np.cumsum([0, *(n + 5 for n in lengths[:-1])])
        u = np.full(size, 2, dtype=np.int64)
        u[heads] = u[heads + 1] = 1
        u[real] = codes >> 3
        sh = np.full(size, 7, dtype=np.int64)  # "$" after, "^" before
        sh[heads] = sh[heads + 1] = 6
        sh[real] = codes & 7
        v = self.base
        bi = u[:-1] * v + u[1:]  # bi[g]: syllables g, g + 1
        tri = bi[:-1] * v + u[2:]  # tri[g]: syllables g .. g + 2
        b, tr = t.bigram_rows[_find(t.bigram_codes, bi)], t.trigram_rows[_find(t.trigram_codes, tri)]
        uni = self.unigram[u]
        # Every position from the third to the third last at once (pads too, never read): the
        # slices [k:size - 4 + k] are positions g - 2 .. g + 2 for k = 0 .. 4.
        end = size - 4
        window = (((sh[:end] * 8 + sh[1:end + 1]) * 8 + sh[2:end + 2]) * 8 + sh[3:end + 3]) * 8 + sh[4:]
        margin = np.zeros(size)
        margin[2:-2] = ((((((uni[2:end + 2, 0] + uni[1:end + 1, 1]) + uni[3:end + 3, 2]) + uni[:end, 3]) + uni[4:, 4])
                         + self.shape_margin[window])
                        + (((b[1:end + 1, 0] + b[2:end + 2, 1]) + b[:end, 2]) + b[3:end + 3, 3])) \
            + ((tr[1:end + 1, 0] + tr[:end, 1]) + tr[2:end + 2, 2])
        _add_case_many(self, t, margin, u, sh, real)
        g = real
        forced = [f for _, flags in items for f in flags]
        if True in forced:
            margin[real[np.array(forced, dtype=bool)]] += self.flags["F"]
        four = g[tr[g, 3] != 0]  # where a trigram begins a four-syllable word: is the four-gram one?
        four = four[_find(t.fourgram_codes, tri[four] * v + u[four + 3]) != 0]
        if len(four):  # in the loop's order: a token is the last of one word before the middle of another
            margin[four + 3] += self.flags["dl4"]
            margin[four + 1] += self.flags["dm4"]
            margin[four] += self.flags["dr4"]
        scores = (margin[real] + shift if shift else margin[real]).tolist()
        ends = np.cumsum(lengths).tolist()
        return [scores[end - n:end] for n, end in zip(lengths, ends)]

    def _token_codes(self, tokens: list[str]) -> np.ndarray:
        """Each token's syllable number * 8 + shape number (:meth:`_token_row`'s first two),
        remembered per token as one int: one probe a token, in C."""
        found = np.fromiter(map(self._codes.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        for i in np.flatnonzero(found < 0).tolist():
            number, kind = self._token_row(tokens[i])[:2]
            found[i] = number * 8 + kind
            if len(self._codes) < _CACHE_SIZE:
                self._codes[tokens[i]] = number * 8 + kind
        return found

    def _lookup_tables(self) -> _Tables:
        """The n-gram and case tables as sorted code arrays and row arrays (built once, from the
        same dicts :meth:`margins` probes)."""
        if self._tables is None:
            self._tables = _Tables.of(self)
        return self._tables


def _add_case(crf: CrfWeights, margin: list[float], info: list, cased: list[int], u: list[int], sh: list[int]) -> None:
    """Add the cased tokens' rows (at the token, its right and its left neighbour) and the rows
    of the pairs of neighbours with a cased token: the "cw", "cp", "cn", "cb0", "cb1" templates."""
    n = len(margin)
    for i in cased:
        row = info[i][3]
        margin[i] += row[0]
        if i + 1 < n:
            margin[i + 1] += row[1]
        if i:
            margin[i - 1] += row[2]
    v, pairs = crf.base, crf.cased_pairs
    for i in sorted({j for c in cased for j in (c - 1, c) if 0 <= j < n - 1}):
        row = pairs.get(((u[i + 2] * v + u[i + 3]) * 8 + sh[i + 1]) * 8 + sh[i + 2])
        if row is not None:
            margin[i + 1] += row[0]
            margin[i] += row[1]


def _add_case_many(crf: CrfWeights, t: _Tables, margin: np.ndarray, u: np.ndarray, sh: np.ndarray, real: np.ndarray) -> None:
    """:func:`_add_case` over sequences laid end to end (``margin``, ``u`` and ``sh`` by padded
    position; pads are never cased, so no row crosses into a neighbouring sequence)."""
    cased = np.zeros(len(u), dtype=bool)
    cased[real] = (u[real] != 0) & t.cased_shape[sh[real]]
    at = np.flatnonzero(cased)
    if not len(at):
        return
    rows = np.zeros((len(u), 3))
    rows[at] = t.cased_rows[_find(t.cased_codes, u[at] * 8 + sh[at])]
    margin[1:] += rows[:-1, 1]  # token i's row at i + 1, i, i - 1, for i in order
    margin += rows[:, 0]
    margin[:-1] += rows[1:, 2]
    pair = np.zeros(len(u), dtype=bool)
    pair[at] = pair[at - 1] = True  # the pairs (i, i + 1) with a cased token
    real_pair = np.zeros(len(u), dtype=bool)
    real_pair[real] = True
    pair &= real_pair
    pair[:-1] &= real_pair[1:]
    at = np.flatnonzero(pair)
    if not len(at):
        return
    rows = np.zeros((len(u), 2))
    rows[at] = t.pair_rows[_find(t.pair_codes, ((u[at] * crf.base + u[at + 1]) * 8 + sh[at]) * 8 + sh[at + 1])]
    margin[1:] += rows[:-1, 0]
    margin += rows[:, 1]


def _find(codes: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The row of each key in a table whose row k + 1 is that of ``codes[k]`` (sorted); 0 when absent.

    The keys are looked up in their own sorted order (a long table is then read front to
    back: a third cheaper for a document's bigrams than in text order)."""
    order = np.argsort(keys)
    at = np.empty(len(keys), dtype=np.intp)
    at[order] = np.searchsorted(codes, keys[order])
    at[at == len(codes)] = 0
    return np.where(codes[at] == keys, at + 1, 0) if len(codes) else np.zeros(len(keys), dtype=np.intp)


@dataclass(frozen=True)
class _Tables:
    """:class:`CrfWeights`' dicts as arrays for :meth:`CrfWeights.margins_many`: sorted codes,
    and rows with a row of zeros first (the row of an absent code)."""

    bigram_codes: np.ndarray
    bigram_rows: np.ndarray
    trigram_codes: np.ndarray
    trigram_rows: np.ndarray
    fourgram_codes: np.ndarray
    cased_shape: np.ndarray  # by shape number: a cased shape
    cased_codes: np.ndarray
    cased_rows: np.ndarray
    pair_codes: np.ndarray
    pair_rows: np.ndarray

    @classmethod
    def of(cls, crf: CrfWeights) -> _Tables:
        arrays = crf.arrays
        cased = [np.vstack([np.zeros((1, arrays[name].shape[1])), arrays[name].astype(np.float64)])
                 for name in ("cased.f4", "casedpairs.f4")]
        shapes = np.zeros(len(SHAPES), dtype=bool)
        shapes[list(_CASED_SHAPES)] = True
        return cls(*_sorted_table(arrays["bigrams.i8"][:, 0], crf.rows[2]),
                   *_sorted_table(arrays["trigrams.i8"][:, 0], crf.rows[3]),
                   _sorted_table(arrays["fourgrams.i8"][:, 0], crf.rows[4])[0], shapes,
                   *_sorted_table(arrays["cased.i8"][:, 0], cased[0]),
                   *_sorted_table(arrays["casedpairs.i8"][:, 0], cased[1]))


def _sorted_table(codes: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A model file's codes (row k + 1 of ``rows`` is code k's) as :func:`_find` reads them:
    as they are when sorted without repeats (every file :meth:`CrfWeights.from_attributes`
    writes), else sorted with the row the dicts of :class:`CrfWeights` keep (a repeat's last)."""
    codes = np.asarray(codes, dtype=np.int64)
    if len(codes) < 2 or bool((codes[1:] > codes[:-1]).all()):
        return codes, rows
    last = dict(zip(codes.tolist(), range(1, len(codes) + 1)))
    order = sorted(last)
    return np.array(order, dtype=np.int64), rows[[0, *(last[c] for c in order)]]


def _triple_of_window() -> np.ndarray:
    """For each five-shape window's row, the row of its (own, left, right) shape triple."""
    window = np.array(np.unravel_index(np.arange(_SHAPE_ROWS), (len(SHAPES),) * 5))
    return window[2] * 64 + window[1] * 8 + window[3]


def expand_shape_triples(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The arrays of a file written before the case tables (format 4 or 5): its 512 shape triples
    spread over the five-shape windows, and empty case tables, so it decides as it did then."""
    out = dict(arrays)
    if len(arrays["shapes.f4"]) != 512:
        raise ValueError("shapes.f4 must hold the 512 shape triples in a version 4 or 5 file")
    out["shapes.f4"] = arrays["shapes.f4"][_triple_of_window()]
    for name in ("cased", "casedpairs"):
        out[name + ".i8"] = np.zeros((0, 1), dtype="<i8")
        out[name + ".f4"] = np.zeros((0, ARRAYS[name + ".f4"][1]), dtype="<f4")
    return out


def _shape_code(indices) -> int:
    code = 0
    for index in indices:
        code = code * 8 + index
    return code


_NO_CASE = (0.0, 0.0, 0.0)
# cased templates: name -> (order, column)
_CASED_COLUMNS = {"cw": (1, 0), "cp": (1, 1), "cn": (1, 2), "cb0": (2, 0), "cb1": (2, 1)}


def _viterbi(margin: list[float], transitions: list[list[float]]) -> list[bool]:
    """Two-label first-order Viterbi over B-minus-I state scores; True where the label is B.
    Ties go to B, as in crfsuite.

    Only ``d``, the best B path's score minus the best I path's, is carried: the best
    predecessor of B is B when ``d + bb >= ib``, that of I when ``d + bi >= ii``.
    """
    (bb, bi), (ib, ii) = transitions
    to_b, to_i = ib - bb, ii - bi
    d = margin[0]
    before: list[float] = []  # d at each step but the last
    keep = before.append
    for m in margin[1:]:
        keep(d)
        d = (d + bb if d >= to_b else ib) - (d + bi if d >= to_i else ii) + m
    label_b = d >= 0
    out = [label_b]
    for d in reversed(before):
        label_b = d >= to_b if label_b else d >= to_i
        out.append(label_b)
    out.reverse()
    return out


# -- any number of labels: the entity tagger ------------------------------------------------

_FEATURE_RECORD = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def read_crfsuite(crf_bytes: bytes) -> tuple[list[str], dict[str, np.ndarray], np.ndarray]:
    """A crfsuite model's labels, each attribute's weight per label and the label transitions.

    Read from the model file's own chunks: the names from its two CQDB string tables
    (:func:`read_cqdb`), the weights from its "FEAT" chunk, as doubles (crfsuite's dump prints
    six decimals only, and a rounded weight could turn a near tie the other way). No crfsuite is
    needed. ``transitions[a, b]`` scores label a followed by label b; an attribute's row is zero
    for labels it has no feature for. A malformed file raises ValueError.
    """
    import struct

    if crf_bytes[:4] != b"lCRF" or len(crf_bytes) < 48:
        raise ValueError("not a crfsuite model (no lCRF header or FEAT chunk)")
    off_features, off_labels, off_attrs = struct.unpack_from("<3I", crf_bytes, 28)
    if crf_bytes[off_features:off_features + 4] != b"FEAT":
        raise ValueError("not a crfsuite model (no lCRF header or FEAT chunk)")
    labels, attributes = read_cqdb(crf_bytes, off_labels), read_cqdb(crf_bytes, off_attrs)
    count = struct.unpack_from("<I", crf_bytes, off_features + 8)[0]
    records = np.frombuffer(crf_bytes, dtype=_FEATURE_RECORD, count=count, offset=off_features + 12)
    size = len(labels)
    transitions = np.zeros((size, size))
    rows = np.zeros((len(attributes), size))
    state = records["type"] == 0
    np.add.at(rows, (records["src"][state], records["dst"][state]), records["weight"][state])
    trans = records["type"] == 1
    np.add.at(transitions, (records["src"][trans], records["dst"][trans]), records["weight"][trans])
    return labels, {name: rows[i] for i, name in enumerate(attributes) if rows[i].any()}, transitions


def read_cqdb(crf_bytes: bytes, offset: int) -> list[str]:
    """The strings of a crfsuite CQDB chunk (labels or attributes), by number.

    The chunk: "CQDB", its size, a flag, the byte order, the number of strings and the offset
    of the backward array (from the chunk's start), whose n-th entry is the offset of string n's
    record: its number, its byte count with the closing NUL, its UTF-8 bytes.
    """
    import struct

    if crf_bytes[offset:offset + 4] != b"CQDB":
        raise ValueError(f"crfsuite model: no CQDB chunk at {offset}")
    size, _, _, count, backward = struct.unpack_from("<5I", crf_bytes, offset + 4)
    if offset + size > len(crf_bytes) or backward + 4 * count > size:
        raise ValueError("crfsuite model: a CQDB chunk runs past the file")
    names = []
    for number, at in enumerate(struct.unpack_from(f"<{count}I", crf_bytes, offset + backward)):
        ident, length = struct.unpack_from("<iI", crf_bytes, offset + at)
        if ident != number or length < 1:
            raise ValueError(f"crfsuite model: CQDB string {number} is malformed")
        start = offset + at + 8
        names.append(crf_bytes[start:start + length - 1].decode("utf-8"))
    return names


def viterbi(scores: np.ndarray, transitions: np.ndarray) -> list[int]:
    """crfsuite's first-order Viterbi over ``scores[token, label]``: the best label numbers.

    Ties go to the lowest label number, as crfsuite breaks them (its comparisons are strict and
    run in label order). Label 0 must be the outside label ("O"). A long sequence is cut into
    stretches that run side by side (:func:`_stretch_deltas`); a short one is decoded step by
    step (:func:`_step_deltas`). Either way the back pointers are read off the best scores of
    every step at once, and the path is followed back from the best last label.
    """
    n, size = scores.shape
    if not n:
        return []
    if size > 255:
        raise ValueError("viterbi: at most 255 labels")
    into = np.ascontiguousarray(transitions.T)  # into[y, p]: from p to y
    stretched = _stretch_deltas(scores, transitions, into) if n >= _STRETCHES_FROM else None
    if stretched is None:
        deltas = _step_deltas(scores, into)
        before = np.concatenate([(deltas[i:i + _ROWS_AT_ONCE, None, :] + into).argmax(axis=2)
                                 for i in range(0, n - 1, _ROWS_AT_ONCE)] or [np.zeros((0, size), dtype=np.intp)])
    else:
        deltas, before = stretched
    # back[(i - 1) * size + y]: the best label before label y at token i (argmax keeps the first
    # of equals), as bytes: reading one is cheaper than a list of lists is to build
    back = before.astype(np.uint8).tobytes()
    label = int(deltas[-1].argmax())
    out = [label]
    for base in range((n - 2) * size, -1, -size):
        label = back[base + label]
        out.append(label)
    out.reverse()
    return out


_STRETCHES_FROM = 64  # tokens; shorter sequences are decoded step by step
_SURE_OUTSIDE = 10.0  # a stretch starts after a token whose outside score beats every other label's by this
# (10, not the first 8: fewer wrong cuts to mend, for a few more steps. Decoding the entity tagger's
# scores, ms CPU per 1,000 syllables: speed.py's 20 articles, 8 / 10 / 12 / 14: 1.19 / 1.00 / 1.00 / 1.06;
# 300 VNTC texts, 8 / 9 / 10 / 11 / 12: 1.47 / 1.38 / 1.30 / 1.34 / 1.39. The decisions are the same at any value.)
_LONG_STRETCH = 32  # tokens; a longer stretch is cut again (_split_long) ...
_LIKELY_OUTSIDE = 4.0  # ... after its most surely outside token, if that beats every other label by this
_HUGE_STRETCH = 256  # tokens; a longer stretch is first cut every this many tokens (_split_long)
_WIDEST = 16  # stretches side by side may hold at most this many rows per token (news: at most 7)
_ROWS_AT_ONCE = 4096  # tokens whose best labels before are read off in one numpy call
_MENDING_ROUNDS = 256  # rounds of mending wrong cuts before giving up on stretches. News mends a handful of rows
# per cut; a repeated phrase whose every token may start a name ("từ đêm 1 đến sáng " x 8,000) kept the
# guess wrong for hundreds of rows past every cut: 1,000 rounds over 190 cuts, 10 s for 144 kB (step by step: linear)
# Tried (issue 15) and left out: starting a stretch as if the row before were that token's own
# scores, not "O" alone. On the entity tagger's scores of five speed.py articles nearly every cut
# was then wrong, and 910-1,847 rows were mended instead of 264-345: "O" alone is the closer guess.
# (About two cuts in three are still wrong, for some label no path takes; each costs ~2 rows.)


def _step_deltas(scores: np.ndarray, into: np.ndarray) -> np.ndarray:
    """The best path score ending in each label at each token, one numpy step per token."""
    n, size = scores.shape
    deltas = np.empty((n, size))
    deltas[0] = scores[0]
    buf = np.empty((size, size))
    take = buf.reshape(-1).take
    offsets = np.arange(size) * size
    add = np.add
    for i in range(1, n):
        add(into, deltas[i - 1], out=buf)  # buf[y, p] = delta[p] + T[p, y]
        deltas[i] = take(buf.argmax(axis=1) + offsets)
        deltas[i] += scores[i]
    return deltas


def _stretch_deltas(scores: np.ndarray, transitions: np.ndarray, into: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray] | None:
    """The best path scores of :func:`_step_deltas`, each row up to a constant, cheaper; and the
    best label before each label at each token but the first, ``[token - 1, label]``. None where
    the stretches side by side would take more than :data:`_WIDEST` rows per token (the longest
    times their number): then step by step is cheaper, and memory stays linear (thousands of
    dots in a row made thousands of stretches of hundreds of tokens, gigabytes at a million); and
    None where mending the wrong cuts would take more than :data:`_MENDING_ROUNDS` rounds.

    Why: one numpy step per token costs microseconds of overhead for 13 x 13 additions, and a
    news article has two thousand tokens. After a token that is surely outside every name (its
    "O" score beats every other label's by :data:`_SURE_OUTSIDE`), the best path usually comes
    from "O" whatever the label next; so the sequence is cut there into stretches, each started
    as if the token before were "O", and all stretches advance together, one numpy step per
    token of the longest. That guess is then checked at every cut with the scores before it:
    where some label's best predecessor is not "O", the true scores are computed from the cut
    on until they differ from the guessed ones by the same amount for every label (from there
    on the guess holds: adding one constant to a row changes no decision). All wrong cuts are
    mended together, one numpy step per row after the cut (a handful), not one per row and
    cut (a third of the decoding when done in turn). A row is thus the true row plus a
    constant, as exact as rounding lets a sum be (1e-9 relative).

    The bookkeeping of the stretches (their order, how many still run at each step) is plain
    Python (:func:`_longest_first`, :func:`_running`): a paragraph has a handful of stretches,
    and a dozen numpy calls on arrays that small cost more than the lists.

    The best labels before are those each step found, kept (reading them off all rows again
    afterwards was a quarter of an article's decoding). A stretch's first row keeps those its
    cut was checked with (and the first round of mending reuses them); only after a mended row
    are they read again, from the rows as they end, which is where every step's come from:
    an article's cuts are mostly right, and reading all of them again was about a twentieth of its decoding.
    """
    n, size = scores.shape
    # each token's best other label over a contiguous copy: a reduction along rows of twelve costs twice as much
    margin = scores[:, 0] - np.ascontiguousarray(scores.T[1:]).max(axis=0)
    cuts = _split_long(np.flatnonzero(margin[:-1] > _SURE_OUTSIDE) + 1, margin, n)
    first, lengths = _longest_first([0, *cuts.tolist(), n])
    if lengths[0] * len(first) > _WIDEST * n:
        return None
    # The stretches side by side, step after step: the rows of step t are the tokens s + t of the
    # stretches still running (a prefix, longest first), so each step reads and writes one slice
    # of ``stepped``. (Padded to a rectangle of steps by stretches, about twice the tokens, the
    # gathers and scatters of the rows took a fifteenth of the decoding more.)
    running = [len(first), *_running(lengths)]  # stretches at each step
    bounds = [0, *accumulate(running)]  # step t's rows: bounds[t] to bounds[t + 1]
    steps = np.arange(lengths[0])[:, None]
    order = (first + steps)[steps < np.array(lengths)]  # the token of each row, step by step
    stepped = scores[order]  # [row, label]
    stepped[np.flatnonzero(first > 0)] += transitions[0]  # as if after "O"
    delta = stepped[:len(first)]
    cells = np.arange(len(first) * size).reshape(-1, size) * size  # where each (stretch, label) row starts in buf
    add = np.add
    chosen = np.empty((n - len(first), size), dtype=np.intp)  # [row - len(first), label]: the best label before
    # Each step's sums are made in one buffer: the transitions copied in (rows of size * size,
    # contiguous), then the scores added, the same sums as ``delta[:count, None, :] + into``
    # (a sum is the same either way round) in a twentieth less time for the whole decoding.
    flat_into = into.reshape(-1)
    room = np.empty((len(first), size * size))
    for t, count in enumerate(running[1:], 1):
        row = stepped[bounds[t]:bounds[t + 1]]
        buf = room[:count]
        buf[:] = flat_into
        buf3 = buf.reshape(count, size, size)  # [stretch, y, p]
        buf3 += delta[:count, None, :]
        pick = buf3.argmax(axis=2)  # argmax and take: cheaper than max
        chosen[bounds[t] - bounds[1]:bounds[t + 1] - bounds[1]] = pick
        pick += cells[:count]
        add(buf3.take(pick), row, out=row)  # the best move into each label, plus the label's score
        delta = row
    deltas = np.empty((n, size))
    deltas[order] = stepped
    before = np.empty((n + 1, size), dtype=np.intp)  # [token, label]; row 0 (and each stretch's first) unset here
    before[order[len(first):]] = chosen
    # Each cut's best labels before, from the row before it: where one is not "O" the guess was
    # wrong. Kept as the cut's own, unless mending rewrites the row before it (read again below).
    buf3 = deltas[cuts - 1][:, None, :] + into
    pick = buf3.argmax(axis=2)
    before[cuts] = pick
    wrong = pick.any(axis=1)
    rows, buf3 = cuts[wrong], buf3[wrong]
    picked: np.ndarray | None = pick[wrong]  # the first round's, read with the cuts'
    written = []  # the tokens whose best labels before are read again at the end: after a rewritten row
    # Fix the cuts where the guess was wrong, all at once, one numpy step per round: a row is
    # recomputed from the row before it as it stands; where that moved it by more than one
    # constant, the next row is recomputed in the next round (rows read before any is written).
    for _ in range(_MENDING_ROUNDS + 1):
        if not len(rows):
            break
        if picked is None:
            buf3 = deltas[rows - 1][:, None, :] + into
            picked = buf3.argmax(axis=2)
        new = buf3.take(picked + cells[:len(rows)])  # fewer rows than stretches
        picked = None
        new += scores[rows]
        gap = new - deltas[rows]
        moved = gap.max(axis=1) - gap.min(axis=1) > 1e-9 * (1.0 + np.abs(gap[:, 0]))
        deltas[rows] = new
        written.append(rows + 1)
        rows = rows[moved] + 1
        rows = rows[rows < n]
    else:
        return None  # the guesses stay wrong far past their cuts: step by step is cheaper (see _MENDING_ROUNDS)
    if written:
        again = np.unique(np.concatenate(written))
        again = again[again < n]
        before[again] = (deltas[again - 1][:, None, :] + into).argmax(axis=2)
    return deltas, before[1:n]


def _longest_first(bounds: list[int]) -> tuple[np.ndarray, list[int]]:
    """The stretches between consecutive ``bounds``, longest first (equals in text order, so that
    the stretches still running at any step are a prefix): their first tokens and lengths."""
    sizes = [b - a for a, b in zip(bounds, bounds[1:])]
    order = sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True)  # stable: equals keep their order
    return np.array([bounds[k] for k in order]), [sizes[k] for k in order]


def _running(lengths: list[int]) -> list[int]:
    """For each step t from 1 to the longest length less one, how many ``lengths`` (longest first) exceed t."""
    out, count = [], len(lengths)
    for t in range(1, lengths[0]):
        while lengths[count - 1] <= t:
            count -= 1
        out.append(count)
    return out


def _split_long(cuts: np.ndarray, margin: np.ndarray, n: int) -> np.ndarray:
    """``cuts`` (where stretches start) with every stretch longer than :data:`_LONG_STRETCH`
    tokens cut again after its token of the largest outside margin, while that margin is over
    :data:`_LIKELY_OUTSIDE` (each part at least five tokens long).

    Why: the stretches advance together, so the longest one sets the number of numpy steps; a
    paragraph's longest was some forty of its hundred tokens. A cut after a token less surely
    outside is more often a wrong guess, and a wrong guess costs rounds of mending, so only the
    long stretches are cut, at their most likely places: a sixth fewer steps in all. The decision
    does not change: a wrong cut is mended as any other.

    A stretch longer than :data:`_HUGE_STRETCH` (no news text has one: a run of dots or slashes
    does) is first cut every that many tokens: each cut looks for the largest margin over the
    whole part it cuts, so without this a run where that margin keeps falling at one end costs
    time in the square of its length (6,000 slashes: 0.5 s).
    """
    bounds = [0, *cuts.tolist(), n]
    huge = [c for a, b in zip(bounds, bounds[1:]) if b - a > _HUGE_STRETCH for c in range(a + _HUGE_STRETCH, b, _HUGE_STRETCH)]
    if huge:
        cuts = np.sort(np.concatenate([cuts, np.asarray(huge, dtype=np.intp)])).astype(np.intp)
        bounds = [0, *cuts.tolist(), n]
    todo = [(a, b) for a, b in zip(bounds, bounds[1:]) if b - a > _LONG_STRETCH]
    if not todo:
        return cuts
    likely = margin.tolist()
    added = []
    while todo:
        a, b = todo.pop()
        j = max(range(a + 4, b - 5), key=likely.__getitem__)  # the new stretch starts at j + 1
        if likely[j] > _LIKELY_OUTSIDE:
            added.append(j + 1)
            todo += [(s, e) for s, e in ((a, j + 1), (j + 1, b)) if e - s > _LONG_STRETCH]
    return np.sort(np.concatenate([cuts, added])).astype(np.intp) if added else cuts
