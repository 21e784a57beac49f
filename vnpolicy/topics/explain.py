"""Why a text got its topics: the features that pushed each top topic up.

A feature's push is its coefficient for the topic times its TF-IDF value in the text (minus the
same for the average topic, for single-label models, since only differences between topics
matter to a softmax). An n-gram inside a stronger listed one ("vận" in "dân vận") adds its
weight to it instead of taking a place. (Merging overlapping n-grams into longer phrases was
tried and read worse: "tài nguyên và môi".) This module reads a model; it never changes scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnpolicy.topics.features import display

if TYPE_CHECKING:  # numpy loads with the model, not with the package (see topics/__init__)
    import numpy as np


@dataclass
class TopicExplanation:
    """One topic's score and the phrases that raised it, strongest first."""

    topic: str
    score: float
    phrases: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"topic": self.topic, "score": round(self.score, 4), "phrases": [[p, w] for p, w in self.phrases]}


def explain_vector(model, idx: np.ndarray, values: np.ndarray, probs: np.ndarray, *,
                   topics: int = 3, top: int = 10) -> list[TopicExplanation]:
    """Explanations for the ``topics`` best labels, each with up to ``top`` phrases."""
    import numpy as np

    contrib = model.coef[:, idx] * values  # labels × present features
    if not model.multi_label:
        contrib = contrib - contrib.mean(axis=0, keepdims=True)
    out = []
    for j in np.argsort(-probs, kind="stable")[:topics]:
        row = contrib[j]
        order = [k for k in np.argsort(-row, kind="stable")[: top * 4] if row[k] > 0]
        ranked = [(display(model.features[idx[k]]), float(row[k])) for k in order]
        phrases = _merge(ranked, top)
        out.append(TopicExplanation(model.labels[j], float(probs[j]), [(p, round(w, 4)) for p, w in phrases]))
    return out


def _merge(ranked: list[tuple[str, float]], top: int) -> list[tuple[str, float]]:
    """The ``top`` strongest n-grams; one inside a stronger listed n-gram adds to it instead."""
    phrases: list[list] = []  # [feature, weight]
    for feature, weight in ranked:
        host = next((ph for ph in phrases if f" {feature} " in f" {ph[0]} "), None)
        if host is not None:
            host[1] += weight
        elif len(phrases) < top:
            phrases.append([feature, weight])
    kept: list[list] = []  # a listed n-gram inside a longer listed one ("môi" in "môi trường") joins it
    for ph in sorted(phrases, key=lambda ph: -len(ph[0].split())):
        host = next((k for k in kept if f" {ph[0]} " in f" {k[0]} "), None)
        if host is not None:
            host[1] += ph[1]
        else:
            kept.append(ph)
    kept.sort(key=lambda ph: -ph[1])
    return [(f, w) for f, w in kept]
