"""Why a text got its topics: the features that pushed each top topic up.

A feature's push is its coefficient for the topic times its TF-IDF value in the text (minus the
same for the average topic, for single-label models, since only differences between topics
matter to a softmax). Overlapping n-grams are all listed ("dân vận", "dân vận khéo"): each is a
separate piece of evidence. This module reads a model; it never changes scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vnpolicy.topics.features import display


@dataclass
class TopicExplanation:
    """One topic's score and the phrases that raised it, strongest first."""

    topic: str
    score: float
    phrases: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"topic": self.topic, "score": self.score, "phrases": [[p, w] for p, w in self.phrases]}


def explain_vector(model, idx: np.ndarray, values: np.ndarray, probs: np.ndarray, *,
                   topics: int = 3, top: int = 10) -> list[TopicExplanation]:
    """Explanations for the ``topics`` best labels, each with up to ``top`` phrases."""
    contrib = model.coef[:, idx] * values  # labels × present features
    if not model.multi_label:
        contrib = contrib - contrib.mean(axis=0, keepdims=True)
    out = []
    for j in np.argsort(-probs, kind="stable")[:topics]:
        row = contrib[j]
        order = np.argsort(-row, kind="stable")[:top]
        phrases = [(display(model.features[idx[k]]), round(float(row[k]), 4)) for k in order if row[k] > 0]
        out.append(TopicExplanation(model.labels[j], float(probs[j]), phrases))
    return out
