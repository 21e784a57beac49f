"""Scoring a topic model against labelled texts: accuracy, macro-F1, per-label table, confusions.

A prediction is the model's best topic; it is right when it equals the text's primary (first)
label. ``any_label_accuracy`` also counts a best topic that is any of the text's labels. This
module reports; it neither trains nor changes a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vnpolicy.topics.train import LabelledText


@dataclass
class LabelScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class EvaluationReport:
    """Numbers from :func:`evaluate`; ``str(report)`` is the printable form."""

    n: int
    accuracy: float
    macro_f1: float
    any_label_accuracy: float
    per_label: list[LabelScores]
    labels: list[str]
    confusion: list[list[int]]  # rows: gold primary label, columns: predicted
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (id, gold, predicted)

    def to_dict(self) -> dict:
        return {
            "n": self.n, "accuracy": self.accuracy, "macro_f1": self.macro_f1,
            "any_label_accuracy": self.any_label_accuracy,
            "per_label": [vars(s) for s in self.per_label], "labels": self.labels, "confusion": self.confusion,
        }

    def __str__(self) -> str:
        width = max(8, *(len(s.label) for s in self.per_label))
        lines = [
            f"texts: {self.n}",
            f"accuracy: {self.accuracy:.4f}",
            f"macro-F1: {self.macro_f1:.4f}",
            f"best topic among any gold label: {self.any_label_accuracy:.4f}",
            "",
            f"{'label':<{width}}  precision  recall      F1  support",
        ]
        for s in self.per_label:
            lines.append(f"{s.label:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:6.3f}  {s.support:7d}")
        lines += ["", "confusion (rows: gold, columns: predicted, in the order of the rows)"]
        short = [f"{i:>4}" for i in range(1, len(self.labels) + 1)]
        lines.append(f"{'':>{width + 4}}" + "".join(short))
        for i, (lab, row) in enumerate(zip(self.labels, self.confusion), 1):
            lines.append(f"{i:>3} {lab:<{width}}" + "".join(f"{v:>4}" for v in row))
        return "\n".join(lines)


def evaluate(model, items: list[LabelledText]) -> EvaluationReport:
    """Classify every text with ``model`` and compare the best topic with the primary label."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    from vnpolicy.topics import classify

    gold, pred, any_hits, errors = [], [], 0, []
    for it in items:
        best = classify(it.text, model=model)[0][0]
        gold.append(it.labels[0])
        pred.append(best)
        any_hits += best in it.labels
        if best != it.labels[0]:
            errors.append((it.id or "", it.labels[0], best))
    labels = sorted(set(gold) | set(pred), key=lambda lab: (lab not in model.labels, lab))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    gold_labels = [lab for lab in labels if lab in set(gold)]
    macro = float(sum(f[labels.index(lab)] for lab in gold_labels) / len(gold_labels))
    cm = confusion_matrix(gold, pred, labels=labels)
    return EvaluationReport(
        n=len(items),
        accuracy=sum(g == q for g, q in zip(gold, pred)) / len(items),
        macro_f1=macro,
        any_label_accuracy=any_hits / len(items),
        per_label=[LabelScores(lab, float(p[i]), float(r[i]), float(f[i]), int(s[i])) for i, lab in enumerate(labels)],
        labels=labels,
        confusion=cm.tolist(),
        errors=errors,
    )
