"""A small neural window model for tone and vowel-mark slips (issue 11, "Twelfth round").

The n-gram counts see two syllables on each side; this model reads four. Given the syllables
around a position (lowercased ids of the spelling model, ``<b>`` past the sentence's edges, the
rarer syllables as ``<unk>``), it scores each member of the position's *mark group*: the
syllables of the spelling vocabulary that differ from it only by tone and vowel marks (ă/â,
ê, ô/ơ, ư; đ is kept). One embedding per context syllable, eight of them concatenated, one tanh
layer, and an output vector and bias per syllable; trained with a softmax over the mark group
only, on the VNTC articles the spelling statistics count (``scripts/build_tone_window.py``, plain
numpy). Weights are float16 in ``resources/spelling/tone_window.npz`` (no pickle). Read at the
few sites the learned tone judge is asked about: :func:`log_odds` is a feature of the judge, and
a usage (the typed form seen beside a neighbour) is put to the judge only where it favours the
fix by ``corrector.JUDGE_USAGE_ODDS`` nats (README, issue 11, "Thirteenth round").
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources

import numpy as np

WIDTH = 4  # syllables read on each side
_MARKS = frozenset("\u0306\u0302\u031b")  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def mark_base(key: str) -> str:
    """A spelling key with its tone digit and vowel marks taken off (đ kept): the mark group.

    >>> mark_base("hang0") == mark_base("hang2") == mark_base("hăng0") == mark_base("hâng1") == "hang"
    True
    >>> mark_base("đô3")
    'đo'
    """
    word = key[:-1] if key and key[-1].isdigit() else key
    nfd = unicodedata.normalize("NFD", word.replace("đ", "\0"))
    return unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in _MARKS)).replace("\0", "đ")


@lru_cache(maxsize=1)
def window_model() -> dict | None:
    """The weights (``tone_window.npz``) as float32 arrays, or None when the file is absent."""
    path = resources.files("vnpolicy.resources.spelling").joinpath("tone_window.npz")
    if not path.is_file():
        return None
    with path.open("rb") as f, np.load(f, allow_pickle=False) as data:
        out = {k: data[k].astype(np.float32) for k in ("embed", "w1", "b1", "out", "bias")}
        out["meta"] = json.loads(str(data["meta"]))
    out["inputs"] = len(out["embed"])
    return out


def contexts(ids: np.ndarray, pos: np.ndarray, shift: int, size: int | None = None) -> np.ndarray:
    """Per position of ``pos`` in the id stream ``ids``: the ``WIDTH`` ids on each side (left
    then right, nearest first), lowercased (a capitalised id is ``id + shift``), ``<b>`` from the
    sentence's break on (the model reads one sentence) and past the ends, ``<unk>`` (3) from
    ``size`` on (by default the model's input vocabulary)."""
    if size is None:
        data = window_model()
        size = data["inputs"] if data else 0
    offsets = np.r_[-np.arange(1, WIDTH + 1), np.arange(1, WIDTH + 1)]
    at = pos[:, None] + offsets[None, :]
    inside = (at >= 0) & (at < len(ids))
    got = np.where(inside, ids[np.clip(at, 0, len(ids) - 1)], 0) % shift
    broken = got == 0  # BOUNDARY: it and everything beyond it, on its side
    broken[:, :WIDTH] = np.logical_or.accumulate(broken[:, :WIDTH], axis=1)
    broken[:, WIDTH:] = np.logical_or.accumulate(broken[:, WIDTH:], axis=1)
    return np.where(broken, 0, np.where(got >= size, 3, got))


def log_odds(ctx: np.ndarray, typed: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """Per row: the model's score of ``candidate`` minus that of ``typed`` (lowercase ids of
    one mark group) in the context ``ctx`` (:func:`contexts`); 0 without the model."""
    data = window_model()
    if data is None or not len(ctx):
        return np.zeros(len(ctx))
    h = np.tanh(data["embed"][ctx].reshape(len(ctx), -1) @ data["w1"] + data["b1"])
    out, bias = data["out"], data["bias"]
    score = lambda w: np.einsum("ij,ij->i", h, out[w]) + bias[w]  # noqa: E731
    return (score(candidate) - score(typed)).astype(np.float64)
