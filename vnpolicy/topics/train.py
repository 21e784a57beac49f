"""Training topic models on the user's own labels: reading labelled data, fitting, calibrating.

Labelled data comes as

* JSONL (``.jsonl``/``.ndjson``): one object a line with ``text`` (and optional ``title``) and
  ``label`` (``"a"`` or ``"a|b"``) or ``labels`` (a list); the first label is the primary one;
* CSV/TSV (``.csv``/``.tsv``): a header with ``text`` (optional ``title``) and ``label``/``labels``;
* a folder with one sub-folder per label, each holding ``.txt`` articles.

Fitting: scikit-learn TF-IDF (sublinear tf) over the feature settings, then logistic regression
(multinomial for single-label, one-vs-rest for multi-label), then one temperature fitted on
held-out decision scores so the probabilities mean what they say. The result is a plain
:class:`~vnpolicy.topics.model.TopicModel`; no scikit-learn object is kept.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vnpolicy.errors import VnpolicyError
from vnpolicy.topics.features import FeatureSettings, analyze
from vnpolicy.topics.model import TopicModel

#: Below this many texts every feature counts (min_df 1): a small set has few repeats.
MIN_DF_FROM_TEXTS = 50
#: Calibration holds out folds; with fewer texts it would fit noise, and the temperature stays 1.
MIN_TEXTS_TO_CALIBRATE = 20
#: The solver's iteration cap (warm starts usually need far fewer).
MAX_ITERATIONS = 2000
#: Multi-label fold where a label is never (or always) present: a fixed, confident "no" (or "yes").
CONSTANT_LABEL_INTERCEPT = 10.0
#: Single-label fold missing a label entirely: it scores as impossible.
ABSENT_LABEL_INTERCEPT = -30.0

DATA_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}


class DataError(VnpolicyError):
    """Labelled data that cannot be used: names the file (and line) and the problem."""


@dataclass
class LabelledText:
    """One training or test example; ``labels[0]`` is the primary label."""

    text: str
    labels: list[str]
    id: str | None = None


def _split_labels(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        labels = [v.strip() for v in value.split("|")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        labels = [v.strip() for v in value]
    else:
        raise DataError(f"{where}: label must be a string (\"a\" or \"a|b\") or a list of strings, got {value!r}")
    labels = [v for v in labels if v]
    if not labels:
        raise DataError(f"{where}: empty label")
    return list(dict.fromkeys(labels))


def _record(obj: dict, where: str) -> LabelledText:
    text = obj.get("text")
    if not isinstance(text, str):
        raise DataError(f"{where}: no 'text' field")
    title = obj.get("title")
    if isinstance(title, str) and title.strip():
        text = f"{title.strip()}\n{text}"
    if "labels" in obj and obj["labels"] not in (None, ""):
        labels = _split_labels(obj["labels"], where)
    elif "label" in obj:
        labels = _split_labels(obj["label"], where)
    else:
        raise DataError(f"{where}: no 'label' or 'labels' field")
    rid = obj.get("id")  # without one, the text is known by its file and line
    return LabelledText(text=text, labels=labels, id=where if rid in (None, "") else str(rid))


def read_labelled(path: str | Path) -> list[LabelledText]:
    """Read labelled texts from a JSONL/CSV/TSV file or a folder-per-label; see the module doc."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    if path.is_dir():
        items = _read_folder(path)
    else:
        kind = DATA_SUFFIXES.get(path.suffix.lower())
        if kind is None:
            raise DataError(
                f"{path}: unknown labelled-data format {path.suffix or '(no suffix)'!r}; "
                "use .jsonl, .csv, .tsv or a folder with one sub-folder per label"
            )
        try:
            items = _read_jsonl(path) if kind == "jsonl" else _read_table(path, "\t" if kind == "tsv" else ",")
        except UnicodeDecodeError:
            raise DataError(f"{path}: cannot decode as UTF-8") from None
    items = [it for it in items if it.text.strip()]
    if not items:
        raise DataError(f"{path}: no labelled texts")
    return items


def _read_jsonl(path: Path) -> list[LabelledText]:
    items = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"{path}:{n}: not valid JSON ({error.msg})") from None
            if not isinstance(obj, dict):
                raise DataError(f"{path}:{n}: expected a JSON object")
            items.append(_record(obj, f"{path}:{n}"))
    return items


def _read_table(path: Path, delimiter: str) -> list[LabelledText]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        fields = set(reader.fieldnames or ())
        if "text" not in fields or not ({"label", "labels"} & fields):
            raise DataError(f"{path}: needs a header with 'text' and 'label' (or 'labels') columns, got {sorted(fields)}")
        return [_record(row, f"{path}:{n}") for n, row in enumerate(reader, 2)]


def _read_folder(path: Path) -> list[LabelledText]:
    items = []
    subdirs = sorted(p for p in path.iterdir() if p.is_dir())
    if not subdirs:
        raise DataError(f"{path}: a folder of labelled data needs one sub-folder per label")
    for sub in subdirs:
        for file in sorted(sub.rglob("*.txt")):
            try:
                text = file.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                raise DataError(f"{file}: cannot decode as UTF-8") from None
            items.append(LabelledText(text=text, labels=[sub.name], id=str(file.relative_to(path))))
    return items


#: Below this many texts a label is learnt from too little to trust (a warning, not an error).
MIN_TEXTS_PER_LABEL = 10


def data_warnings(items: list[LabelledText], *, min_per_label: int = MIN_TEXTS_PER_LABEL) -> list[str]:
    """What is too small in labelled data for a trustworthy model, one sentence each.

    >>> data_warnings([LabelledText("a", ["x"]), LabelledText("b", ["y"]), LabelledText("c", ["y"])])[0]
    'only 3 labelled texts: a model trained on so few will mostly guess (aim for 10+ per label)'
    """
    counts: dict[str, int] = {}
    for it in items:
        counts[it.labels[0]] = counts.get(it.labels[0], 0) + 1
    notes = []
    if len(items) < 2 * min_per_label:
        notes.append(f"only {len(items)} labelled texts: a model trained on so few will mostly guess "
                     f"(aim for {min_per_label}+ per label)")
    small = sorted((n, lab) for lab, n in counts.items() if n < min_per_label)
    if small:
        listed = ", ".join(f"{lab} ({n})" for n, lab in small)
        notes.append(f"too few texts for {len(small)} label{'s' if len(small) > 1 else ''}: {listed}; "
                     f"aim for at least {min_per_label} per label")
    if len(items) < 20:
        notes.append("fewer than 20 texts: the probabilities are not calibrated")
    return notes


def unknown_label_warnings(model: TopicModel, items: list[LabelledText]) -> list[str]:
    """Labels of test data that the model cannot predict: those texts can only count as errors."""
    known = set(model.labels)
    unknown: dict[str, int] = {}
    for it in items:
        for lab in it.labels[:1]:
            if lab not in known:
                unknown[lab] = unknown.get(lab, 0) + 1
    if not unknown:
        return []
    listed = ", ".join(f"{lab} ({n} text{'s' if n > 1 else ''})" for lab, n in sorted(unknown.items()))
    return [f"the model does not know the label{'s' if len(unknown) > 1 else ''} {listed}: those texts always "
            f"count as errors (the model knows: {', '.join(model.labels)})"]


def train_model(
    items: list[LabelledText],
    *,
    multi_label: bool = False,
    settings: FeatureSettings | None = None,
    C: float = 10.0,
    min_df: int = 2,
    max_features: int | None = 300_000,
    secondary_weight: float = 0.0,
    calibrate: bool = True,
    extra: list[LabelledText] | None = None,
    seed: int = 0,
    verbose: bool = False,
) -> TopicModel:
    """Fit a :class:`TopicModel` on labelled texts.

    Single-label models learn the primary label; with ``secondary_weight > 0`` a text's other
    labels are added as extra examples of that weight (so it scores high on several topics).
    ``extra`` examples (e.g. topic descriptions) are used for fitting only, never for calibration.
    """
    settings = settings or FeatureSettings()
    extra = extra or []
    all_items = items + extra
    labels = sorted({lab for it in all_items for lab in it.labels})
    if len(labels) < 2:
        raise DataError(f"need at least two different labels to train, got {labels}")
    log = (lambda msg: print(msg, file=sys.stderr)) if verbose else (lambda msg: None)
    t0 = time.perf_counter()
    vectorizer, X_all = _vectorize(all_items, settings, min_df if len(items) > MIN_DF_FROM_TEXTS else 1, max_features)
    log(f"features: {X_all.shape[1]} from {X_all.shape[0]} texts in {time.perf_counter() - t0:.1f}s")
    fitter = _Fitter(X_all, [it.labels for it in all_items], labels, multi_label=multi_label, C=C,
                     secondary_weight=secondary_weight, seed=seed)
    n = len(items)
    temperature = 1.0
    if calibrate and n >= MIN_TEXTS_TO_CALIBRATE:
        held_z, held_rows = _held_out_scores(fitter.fit, X_all, n, len(all_items), seed, log)
        temperature = _fit_temperature(held_z, [[fitter.index[lab] for lab in items[i].labels] for i in held_rows],
                                       multi_label, secondary_weight)
        log(f"calibration temperature: {temperature:.3f}")
    t1 = time.perf_counter()
    coef, intercept = fitter.fit(np.arange(len(all_items)))
    log(f"fitted {len(labels)} labels in {time.perf_counter() - t1:.1f}s")
    return TopicModel(
        labels=labels, features=_feature_names(vectorizer.vocabulary_), idf=vectorizer.idf_, coef=coef,
        intercept=intercept, settings=settings, multi_label=multi_label, temperature=temperature,
        info={"n_texts": n, "n_extra": len(extra), "C": C, "min_df": min_df, "max_features": max_features,
              "secondary_weight": secondary_weight,
              "label_counts": {lab: sum(1 for it in items if it.labels[0] == lab) for lab in labels}},
    )


def _vectorize(items: list[LabelledText], settings: FeatureSettings, min_df: int,
               max_features: int | None) -> tuple[Any, Any]:
    """The fitted TF-IDF vectorizer over the texts' features, and the texts' matrix (rows with
    sorted indices, as the solver's warm starts expect)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=lambda doc: analyze(doc, settings), min_df=min_df,
        max_features=max_features, sublinear_tf=True, dtype=np.float32,
    )
    X_all = vectorizer.fit_transform([it.text for it in items])
    X_all.sort_indices()
    return vectorizer, X_all


def _feature_names(vocabulary: dict[str, int]) -> list[str]:
    """The vectorizer's vocabulary as a list indexed by column."""
    features = [""] * len(vocabulary)
    for f, j in vocabulary.items():
        features[j] = f
    return features


class _Fitter:
    """Fits the per-label weights on a subset of rows (a calibration fold, then all texts).

    Fits are warm-started from the previous fit with the same classes: same optimum, far fewer
    iterations on large data such as VNTC.
    """

    def __init__(self, X_all: Any, item_labels: list[list[str]], labels: list[str], *, multi_label: bool,
                 C: float, secondary_weight: float, seed: int) -> None:
        self.X_all = X_all
        self.item_labels = item_labels
        self.labels = labels
        self.index = {lab: i for i, lab in enumerate(labels)}
        self.multi_label = multi_label
        self.C = C
        self.secondary_weight = secondary_weight
        self.seed = seed
        self._warm: dict[object, Any] = {}

    def fit(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(coef, intercept)``, one row per label, fitted on ``rows`` of the matrix."""
        return self._fit_multi_label(rows) if self.multi_label else self._fit_single_label(rows)

    def _solver(self, key: object, classes: np.ndarray) -> Any:
        from sklearn.linear_model import LogisticRegression

        clf = self._warm.get(key)
        fitted = getattr(clf, "classes_", None)
        if clf is None or fitted is None or not np.array_equal(fitted, classes):
            clf = self._warm[key] = LogisticRegression(C=self.C, max_iter=MAX_ITERATIONS, random_state=self.seed,
                                                       warm_start=True)
        return clf

    def _fit_multi_label(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One binary classifier per label."""
        X = self.X_all[rows]
        Y = np.zeros((len(rows), len(self.labels)), dtype=np.int8)
        for r, i in enumerate(rows):
            for lab in self.item_labels[i]:
                Y[r, self.index[lab]] = 1
        coefs, intercepts = [], []
        for j in range(len(self.labels)):
            y = Y[:, j]
            if y.min() == y.max():  # a label never (or always) present in this fold
                coefs.append(np.zeros(X.shape[1]))
                intercepts.append(-CONSTANT_LABEL_INTERCEPT if y.max() == 0 else CONSTANT_LABEL_INTERCEPT)
                continue
            clf = self._solver(j, np.array([0, 1])).fit(X, y)
            coefs.append(clf.coef_[0])
            intercepts.append(clf.intercept_[0])
        return np.vstack(coefs), np.array(intercepts)

    def _fit_single_label(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One multinomial classifier on the primary labels (and the secondary ones, weighted)."""
        xs, ys, ws = [], [], []
        for i in rows:
            labs = self.item_labels[i]
            xs.append(i)
            ys.append(self.index[labs[0]])
            ws.append(1.0)
            if self.secondary_weight > 0:
                for lab in labs[1:]:
                    xs.append(i)
                    ys.append(self.index[lab])
                    ws.append(self.secondary_weight)
        clf = self._solver("all", np.unique(ys))
        clf.fit(self.X_all[np.array(xs)], np.array(ys), sample_weight=np.array(ws))
        coef = np.zeros((len(self.labels), self.X_all.shape[1]))
        intercept = np.full(len(self.labels), ABSENT_LABEL_INTERCEPT)
        # a two-class fit has one weight vector (for classes_[1]): split it evenly between the two
        coef[clf.classes_] = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]]) / 2
        intercept[clf.classes_] = (clf.intercept_ if len(clf.classes_) > 2
                                   else [-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
        return coef, intercept


def _held_out_scores(fit, X_all, n: int, n_all: int, seed: int, log) -> tuple[np.ndarray, list[int]]:
    """Decision scores of texts unseen by the fit: 5-fold for small data, one 10% split for large."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    folds = np.array_split(order, 5) if n <= 5000 else [order[: max(1, n // 10)]]
    extra_rows = np.arange(n, n_all)
    zs, rows = [], []
    for k, held in enumerate(folds):
        train_rows = np.concatenate([np.setdiff1d(order, held), extra_rows])
        coef, intercept = fit(train_rows)
        zs.append(X_all[held] @ coef.T + intercept)
        rows.extend(held.tolist())
        log(f"calibration fold {k + 1}/{len(folds)} done")
    return np.vstack(zs), rows


def _fit_temperature(z: np.ndarray, gold: list[list[int]], multi_label: bool, secondary_weight: float) -> float:
    """The temperature minimising held-out log-loss (grid search: robust and fast enough).

    Single-label targets are soft when a text has several labels: the primary gets weight 1, the
    others ``secondary_weight`` (as in training), so "also about X" is not punished as an error.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.zeros_like(z)
    for r, labs in enumerate(gold):
        y[r, labs[0]] = 1.0
        for lab in labs[1:]:
            y[r, lab] = 1.0 if multi_label else secondary_weight
    if not multi_label:
        y /= y.sum(axis=1, keepdims=True)
    best_t, best_loss = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.05), np.log(20), 121)):
        s = z / t
        if multi_label:
            p = np.clip(1 / (1 + np.exp(-s)), 1e-9, 1 - 1e-9)
            loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        else:
            s = s - s.max(axis=1, keepdims=True)
            logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
            loss = -np.mean((y * logp).sum(axis=1))
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t
