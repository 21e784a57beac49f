"""A cascade of vnpolicy's own segmenter and underthesea's model: the teacher asked only where the student doubts.

Why: the own segmenter (:mod:`vnpolicy.tokenize.crf`) is cheaper than underthesea's model and
better on the treebank, the teacher better on VLSP 2013; retraining did not close the gap. Both
are linear-chain CRFs over the same tokens with the labels "starts a word" / "continues one",
so their scores can be added (a product of experts). underthesea's score of a token reads only
the five tokens around it (:meth:`~vnpolicy.tokenize.underthesea_crf.UndertheseaCrf.margins_at`),
so it is computed only for the tokens the student is unsure of:

1. the student's B-minus-I scores, with its start bias and ``bias_shift`` added to every token
   (with the teacher's scores the sum joins syllables more readily than the student alone);
2. each token's *max-marginal gap*: the best path with the token starting a word minus the best
   path with it continuing one (transitions included; a token's own score alone misses the
   tokens its neighbours decide);
3. the tokens not forced whose gap is below ``threshold`` are *doubtful*: each gets
   ``teacher_weight`` times the teacher's score added, and each transition touching one gets
   ``teacher_weight`` times the teacher's transition added (the teacher's token scores lean
   towards "starts" and its transitions correct that: one without the other is biased);
4. the usual two-label Viterbi decides.

With an infinite threshold this is the full product of experts over every token; the shipped
threshold asks about 3.3% of the held-out VNTC tokens instead of 81.5%, and decides as the full
product does on 6,019 of 6,025 held-out VNTC sentences and on all 150 held-out UD sentences.
The setting is a small readable file, ``resources/tokenize/cascade.json``, chosen on held-out
sentences only (``benchmarks/cascade.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vnpolicy.errors import ModelError
from vnpolicy.tokenize.crf import MANY_TOKENS, with_forced

CONFIG = Path(__file__).resolve().parent.parent / "resources" / "tokenize" / "cascade.json"
_FIELDS = ("threshold", "teacher_weight", "bias_shift")


@dataclass(frozen=True)
class CascadeSetting:
    """How the two models are combined (see the module docstring)."""

    threshold: float  # max-marginal gap below which the teacher is asked (math.inf: every token)
    teacher_weight: float  # the teacher's scores and transitions count this much (the student's once)
    bias_shift: float  # added to every token's B-minus-I score, on top of the student's start bias


def load_setting(path: Path = CONFIG) -> CascadeSetting:
    """The setting in ``path`` (a JSON object with finite numbers; ``threshold`` may be null: every token)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: cannot read the cascade setting ({error})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: the cascade setting must be a JSON object")
    values = []
    for name in _FIELDS:
        value = data.get(name)
        if name == "threshold" and value is None:
            value = math.inf
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or (
                math.isinf(value) and name != "threshold"):
            raise ModelError(f"{path}: cascade field {name!r} must be a number")
        values.append(float(value))
    return CascadeSetting(*values)


def forward_differences(margin: list[float], transitions: list[list[float]]) -> list[float]:
    """For each token, the best score of the paths up to it ending B minus that ending I, as
    :func:`~vnpolicy.tokenize.crf_weights._viterbi` carries it (the same operations)."""
    (bb, bi), (ib, ii) = transitions
    to_b, to_i = ib - bb, ii - bi
    d = margin[0]
    out = [d]
    keep = out.append
    for m in margin[1:]:
        d = (d + bb if d >= to_b else ib) - (d + bi if d >= to_i else ii) + m
        keep(d)
    return out


def max_marginal_gaps(margin: list[float], transitions: list[list[float]],
                      forward: list[float] | None = None) -> list[float]:
    """For each token, the best path's score with it labelled B minus the best with it labelled I
    (two labels, a B-minus-I state score per token, ``transitions[from][to]`` over [B, I]): the
    forward difference (:func:`forward_differences`, given or computed) plus the backward one."""
    (bb, bi), (ib, ii) = transitions
    forward = forward if forward is not None else forward_differences(margin, transitions)
    n = len(margin)
    out = [0.0] * n
    e = 0.0  # the best score of the rest after the token from B minus that from I
    for k in range(n - 1, 0, -1):
        out[k] = forward[k] + e
        x = margin[k] + e
        e = (bb + x if bb + x >= bi else bi) - (ib + x if ib + x >= ii else ii)
    if n:
        out[0] = forward[0] + e
    return out


def doubtful_tokens(margin: list[float], transitions: list[list[float]], forward: list[float],
                    forced: list[bool], threshold: float) -> list[int]:
    """The tokens not ``forced`` whose max-marginal gap lies strictly between ``-threshold`` and
    ``threshold``, in order: :func:`max_marginal_gaps` (the same operations, so the same gaps)
    read as it is computed.

    Why: most lines have no such token, and building every gap's list and then a flag per token
    from it was a seventh of the cascade's decision (speed.py's 20 articles: 0.73 -> 0.63 ms per
    1,000 syllables with this)."""
    (bb, bi), (ib, ii) = transitions
    found: list[int] = []
    e = 0.0  # as in max_marginal_gaps: the best score of the rest after the token from B minus that from I
    for k in range(len(margin) - 1, 0, -1):
        if -threshold < forward[k] + e < threshold and not forced[k]:
            found.append(k)
        x = margin[k] + e
        e = (bb + x if bb + x >= bi else bi) - (ib + x if ib + x >= ii else ii)
    if margin and -threshold < forward[0] + e < threshold and not forced[0]:
        found.append(0)
    found.reverse()
    return found


def backtrack(forward: list[float], transitions: list[list[float]]) -> list[bool]:
    """The Viterbi labels from :func:`forward_differences` (True: B), ties to B: what
    :func:`~vnpolicy.tokenize.crf_weights._viterbi` decides from the same differences."""
    (bb, bi), (ib, ii) = transitions
    to_b, to_i = ib - bb, ii - bi
    label_b = forward[-1] >= 0
    out = [label_b]
    for d in reversed(forward[:-1]):
        label_b = d >= to_b if label_b else d >= to_i
        out.append(label_b)
    out.reverse()
    return out


def viterbi_edges(margin: list[float], transitions: list[list[float]], extra: list[list[float]],
                  touched: list[bool], forward: list[float] | None = None, first: int = 0) -> list[bool]:
    """The two-label Viterbi over B-minus-I scores with ``transitions`` on every edge and ``extra``
    added on the edges into or out of a ``touched`` token; True where the label is B. Ties go to
    B; with no token touched, the decisions (and operations) of
    :func:`~vnpolicy.tokenize.crf_weights._viterbi`.

    ``forward`` (:func:`forward_differences` of the scores before any was changed) and ``first``
    (the first touched token, no score changed before it): the edges before ``first`` are plain,
    so the differences there are ``forward``'s, taken as they are instead of made again (the
    cascade's doubtful tokens lie anywhere in a line: about half of each line's steps)."""
    (bb, bi), (ib, ii) = transitions
    plain = (bb, bi, ib, ii, ib - bb, ii - bi)
    (xb, xi), (yb, yi) = [[a + b for a, b in zip(ra, rb)] for ra, rb in zip(transitions, extra)]
    both = (xb, xi, yb, yi, yb - xb, yi - xi)
    known = forward[:first - 1] if forward is not None and first > 1 else []  # the differences before edges 1 .. first - 1
    begin = len(known) + 1
    d = forward[begin - 1] if forward is not None and known else margin[0]
    steps: list[tuple[float, float, float]] = []  # (d before the step, to_b, to_i) of each edge from begin
    keep = steps.append
    for k in range(begin, len(margin)):
        bb, bi, ib, ii, to_b, to_i = both if touched[k] or touched[k - 1] else plain
        keep((d, to_b, to_i))
        d = (d + bb if d >= to_b else ib) - (d + bi if d >= to_i else ii) + margin[k]
    label_b = d >= 0
    out = [label_b]
    for d, to_b, to_i in reversed(steps):
        label_b = d >= to_b if label_b else d >= to_i
        out.append(label_b)
    if known:  # the plain edges before ``first``: the difference before edge k is forward[k - 1]
        to_b, to_i = plain[4], plain[5]
        for d in reversed(known):
            label_b = d >= to_b if label_b else d >= to_i
            out.append(label_b)
    out.reverse()
    return out


class Cascade:
    """The ``"cascade"`` backend: the own segmenter's tokens and scores, underthesea's model
    asked about the doubtful tokens (see the module docstring)."""

    name = "cascade"

    def __init__(self, setting: CascadeSetting | None = None, path: str | None = None) -> None:
        from vnpolicy.tokenize.crf import Crf

        self._student = Crf(path)
        self._setting = setting
        self._normalize: Callable[[str], str] | None = None

    @property
    def setting(self) -> CascadeSetting:
        if self._setting is None:
            self._setting = load_setting()
        return self._setting

    def pretokenize(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return self._student.pretokenize(text, start, end)

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        if not tokens:
            return []
        return with_forced(self.decide(tokens, forced)[0], forced)

    def word_starts_many(self, items: list[tuple[list[str], list[bool]]]) -> list[list[bool]]:
        """:meth:`word_starts` of each ``(tokens, forced)``, the student's scores of all of them
        taken at once (:meth:`~vnpolicy.tokenize.crf_weights.CrfWeights.margins_many`) when
        they are many enough for numpy to pay."""
        if sum(len(tokens) for tokens, _ in items) < MANY_TOKENS:
            return [self.word_starts(tokens, forced) for tokens, forced in items]
        margins = self._student._loaded().crf.margins_many(items, self._shift())
        return [with_forced(self._decide(tokens, forced, margin)[0], forced) if tokens else []
                for (tokens, forced), margin in zip(items, margins)]

    def decide(self, tokens: list[str], forced: list[bool]) -> tuple[list[bool], list[int]]:
        """The Viterbi's labels (before the first and forced tokens are set to B) and the
        positions the teacher was asked about."""
        shift = self._shift()
        return self._decide(tokens, forced, [m + shift for m in self._student._loaded().crf.margins(tokens, forced)])

    def _shift(self) -> float:
        """What every token's student score gets added: its start bias and the setting's shift."""
        return self._student._loaded().crf.start_bias + self.setting.bias_shift

    def _decide(self, tokens: list[str], forced: list[bool], margin: list[float]) -> tuple[list[bool], list[int]]:
        """:meth:`decide` from the student's shifted scores ``margin`` (changed in place)."""
        from vnpolicy.tokenize.underthesea_crf import load

        crf = self._student._loaded().crf
        setting = self.setting
        forward = forward_differences(margin, crf.transitions)
        asked = doubtful_tokens(margin, crf.transitions, forward, forced, setting.threshold)
        if not asked:
            return backtrack(forward, crf.transitions), asked
        doubtful = [False] * len(tokens)
        for k in asked:
            doubtful[k] = True
        teacher = load()
        normalize = self._token_normalize()
        weight = setting.teacher_weight
        window = list(tokens)  # the teacher reads normalized tokens, only those around the asked ones
        n = len(tokens)
        for j in {j for k in asked for j in range(max(k - 2, 0), min(k + 3, n))}:
            window[j] = normalize(tokens[j])
        for k, score in zip(asked, teacher.margins_at(window, asked)):
            margin[k] += weight * score
        extra = [[weight * x for x in row] for row in teacher.transitions]
        return viterbi_edges(margin, crf.transitions, extra, doubtful, forward, asked[0]), asked

    def _token_normalize(self) -> Callable[[str], str]:
        """underthesea's token_normalize, remembered (the teacher was trained on normalized tokens)."""
        if self._normalize is None:
            from underthesea.pipeline.text_normalize import token_normalize

            self._normalize = lru_cache(maxsize=65536)(token_normalize)
        return self._normalize
