"""A learned judge for tone slips the hand rules leave alone (issue 11).

The corrector's rules decide a tone slip of a known word from thresholds over n-gram counts.
Where none of them lets a fix in, this judge reads the same evidence (the counts of the typed and
the candidate form beside each neighbour, between both and in the outer trigrams, whether either
makes a dictionary word with a neighbour, the window score, the posterior, and the log-odds of
the tone window model, :mod:`tone_window`, which reads four syllables each side) as a feature vector
and gives the probability that the candidate is what the writer meant. The weights are a
logistic regression trained on tone slips injected into held-out VNTC sentences the statistics
never counted, clean sentences as negatives (``scripts/build_tone_judge.py``, which can also fit
shallow boosted trees for comparison); the threshold (0.98) was chosen on clean held-out
articles. Plain JSON (``resources/spelling/tone_judge.json``), loaded once per process. Counts
cannot tell a rare real word from a slip much better than the rules do: the judge adds about a
point of recall on tone slips (README, "Eighth round: a learned tone judge").
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

FEATURES = (
    "dropped",  # the slip is a tone mark left out (else a wrong mark)
    "gain",  # window score of the candidate minus the original's (nats, edit cost included)
    "post",  # posterior of the candidate, the original's head start included
    "best",  # the candidate is the site's likeliest option but the original
    "log_count_o", "log_count_c",  # overall counts
    "word_l", "word_r",  # a syllable on that side (not a break, comma or number)
    "log_l_o", "log_l_c", "log_r_o", "log_r_c",  # counts beside the left / right neighbour
    "log_lr_o", "log_lr_c",  # between both neighbours
    "log_ll_o", "log_ll_c", "log_rr_o", "log_rr_c",  # outer trigrams (two left, two right)
    "log_ctx_l", "log_ctx_r",  # counts of the neighbours themselves
    "dict_l_o", "dict_r_o", "dict_l_c", "dict_r_c",  # makes a dictionary word with that neighbour
    "zero_sides_o",  # the original seen beside no syllable neighbour
    "left_gain", "right_gain",  # the window score's sides, candidate minus original
    "ratio_count", "ratio_l", "ratio_r", "ratio_lr", "ratio_ll", "ratio_rr",  # log1p(candidate) - log1p(original)
    "predict_l", "predict_r",  # log1p(candidate beside the neighbour) - log1p(the neighbour's count)
    "dict3_o", "dict3_c",  # makes a three-syllable dictionary word with the neighbours (either way round)
    "options",  # tone-slip options of the site put to the judge
    "again_o", "again_c",  # times (up to 3) the typed form occurs elsewhere in the text, and the candidate
    "window_odds",  # the tone window model's score of the candidate minus the typed form's (tone_window.py)
)


def three_syllable_words() -> frozenset[str]:
    """Three-syllable words of the dictionaries shipped with pyvi and underthesea, as key triples."""
    from vnpolicy.text.spelling.slips import dictionary_words

    return dictionary_words(3)


@lru_cache(maxsize=1)
def judge() -> dict | None:
    """The trained judge (``tone_judge.json``), or None when the file is absent."""
    path = resources.files("vnpolicy.resources.spelling").joinpath("tone_judge.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("tone_judge.json was built for other features: rerun scripts/build_tone_judge.py")
    if data["model"] == "logistic":
        data["_mean"] = np.asarray(data["mean"], dtype=np.float64)
        data["_scale"] = np.asarray(data["scale"], dtype=np.float64)
        data["_coef"] = np.asarray(data["coef"], dtype=np.float64)
    return data


def probability(features: np.ndarray) -> np.ndarray:
    """Per row of ``features`` (columns in ``FEATURES`` order): P(the candidate is meant)."""
    data = judge()
    if data is None or not len(features):
        return np.zeros(len(features))
    if data["model"] == "logistic":
        z = ((features - data["_mean"]) / data["_scale"]) @ data["_coef"] + data["intercept"]
    else:  # boosted trees: a handful of rows per text, walked in plain Python
        z = np.asarray([_trees_raw(row, data) for row in features.tolist()])
    return 1.0 / (1.0 + np.exp(-z))


def _trees_raw(row: list[float], data: dict) -> float:
    """The boosted trees' log-odds for one row: each tree is walked from its root (node 0), a
    node sending the row left when its feature is at most the node's threshold."""
    raw = data["baseline"]
    for feature, threshold, left, right, value in data["trees"]:
        node = 0
        while left[node] >= 0:
            node = left[node] if row[feature[node]] <= threshold[node] else right[node]
        raw += value[node]
    return raw
