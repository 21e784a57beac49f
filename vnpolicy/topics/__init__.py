"""Topic classification over the fixed taxonomy of government work (see resources/topics).

Public names: ``classify`` (topic slugs with calibrated scores, best first), ``explain`` (the
phrases behind them), ``load_model`` (the shipped model, or a file from ``vnpolicy train``),
``TopicModel``. Training and evaluation live in :mod:`.train` and :mod:`.evaluate`.

>>> classify("Hội nghị sơ kết phong trào thi đua Dân vận khéo của Ban Dân vận Huyện ủy")[0][0]
'dan_van'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnpolicy.errors import VnpolicyError
from vnpolicy.topics.explain import TopicExplanation, explain_vector
from vnpolicy.topics.features import fold, has_vietnamese
from vnpolicy.topics.taxonomy import TOPIC_SLUGS, topic_name

if TYPE_CHECKING:
    from vnpolicy.topics.model import TopicModel

__all__ = ["OTHER", "TOPIC_SLUGS", "TopicExplanation", "TopicInputError", "TopicModel", "best_topic", "classify",
           "explain", "load_model", "other_threshold", "topic_name"]

SHIPPED_MODEL = "topics/topic_model.zip"
OTHER_THRESHOLD_FILE = "topics/other_threshold.json"
#: How analysis tables name the articles whose best topic scored below the threshold.
OTHER = "other"
_default_model: TopicModel | None = None


def __getattr__(name: str) -> Any:
    # numpy and the model code load on first use, so that `vnpolicy --help` does not pay for them
    if name == "TopicModel":
        from vnpolicy.topics.model import TopicModel

        return TopicModel
    raise AttributeError(f"module 'vnpolicy.topics' has no attribute {name!r}")


class TopicInputError(VnpolicyError, ValueError):
    """A text a topic model cannot judge: empty, not Vietnamese, or without a word the model knows."""


def load_model(path: str | Path | None = None) -> TopicModel:
    """Load a topic model: ``None`` for the shipped default (loaded once), or a model file path.

    Model files hold data only (no pickle) and carry an integrity hash; still, load only files
    you trust. Problems raise :class:`~vnpolicy.errors.ModelError`.
    """
    from vnpolicy.topics.model import TopicModel

    global _default_model
    if path is not None:
        return TopicModel.load(path)
    if _default_model is None:
        with resources.as_file(resources.files("vnpolicy.resources").joinpath(SHIPPED_MODEL)) as p:
            _default_model = TopicModel.load(p)
    return _default_model


def other_threshold(model: TopicModel | None = None) -> float:
    """The best-topic score below which an article is about none of the topics ("other").

    For the shipped model: the value chosen on held-out data by
    ``scripts/calibrate_topic_other.py`` (``resources/topics/other_threshold.json``). A model
    from ``vnpolicy train`` uses its own ``info["other_threshold"]`` if set, else 0 (always a topic).
    """
    if model is not None and model is not load_model():
        return float(model.info.get("other_threshold", 0.0))
    import json

    text = resources.files("vnpolicy.resources").joinpath(OTHER_THRESHOLD_FILE).read_text(encoding="utf-8")
    return float(json.loads(text)["threshold"])


def best_topic(scores: list[tuple[str, float]], threshold: float) -> str | None:
    """The best slug of ``classify`` output, or ``None`` when its score is below ``threshold``.

    >>> best_topic([("kinh_te", 0.81), ("y_te", 0.1)], 0.3), best_topic([("kinh_te", 0.05)], 0.3)
    ('kinh_te', None)
    """
    if not scores or scores[0][1] < threshold:
        return None
    return scores[0][0]


def _model(model: TopicModel | str | Path | None) -> TopicModel:
    if model is None or isinstance(model, (str, Path)):
        return load_model(model)
    return model


def _vector(text: str, model: TopicModel):
    if not isinstance(text, str):
        raise TypeError(f"classify needs a str, got {type(text).__name__}")
    if not text.strip():
        raise TopicInputError("cannot classify an empty text")
    folded = fold(text)  # once, for both the check and the features
    if not has_vietnamese(folded):
        raise TopicInputError(f"no Vietnamese in the text to classify ({text[:40]!r}…)")
    idx, values = model.vectorize(folded, folded=True)
    if idx.size == 0:
        raise TopicInputError(f"no word of the text is known to the topic model ({text[:40]!r}…)")
    return idx, values


def classify(text: str, *, model: TopicModel | str | Path | None = None) -> list[tuple[str, float]]:
    """Every topic of the model with its probability, best first.

    The shipped model is multi-label: each score is the probability that the article is about
    that topic, so scores need not sum to 1 and an article can score high on two topics. Models
    trained single-label (the default of ``vnpolicy train``) give a softmax that sums to 1.
    Raises :class:`TopicInputError` (a ``ValueError``) for an empty text or one with no
    Vietnamese, rather than answering at random.
    """
    m = _model(model)
    idx, values = _vector(text, m)
    probs = m.probabilities(m.decision(idx, values))
    order = sorted(range(len(m.labels)), key=lambda j: -probs[j])
    return [(m.labels[j], float(probs[j])) for j in order]


def explain(text: str, *, model: TopicModel | str | Path | None = None, topics: int = 3,
            top: int = 10) -> list[TopicExplanation]:
    """The ``topics`` best topics, each with the ``top`` phrases that pushed it up most.

    >>> best = explain("Ban Dân vận Huyện ủy tổng kết phong trào Dân vận khéo", topics=1)[0]
    >>> best.topic, "dân vận" in [p for p, _ in best.phrases]
    ('dan_van', True)
    """
    m = _model(model)
    idx, values = _vector(text, m)
    probs = m.probabilities(m.decision(idx, values))
    return explain_vector(m, idx, values, probs, topics=topics, top=top)
