"""The topic model: weights, a file format that cannot run code, and scoring one text.

A model file is a zip archive holding plain data only:

* ``model.json``: format name and version, the vnpolicy version that wrote it, labels, feature
  settings, single/multi-label, calibration temperature, training notes, and the sha256 of the two
  files below;
* ``vocabulary.json``: the features, in column order;
* ``arrays.npz``: ``idf``, ``coef`` (labels × features) and ``intercept`` (read with
  ``allow_pickle=False``).

Loading checks every one of these and raises :class:`~vnpolicy.errors.ModelError` naming the file
and the problem: a model file is data, never code (no pickle), but load only files you trust.
Scoring is ours (TF-IDF with sublinear tf and l2 norm, then a linear layer and softmax or
sigmoid), so scikit-learn is needed for training only. This module does not train.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vnpolicy.errors import ModelError
from vnpolicy.topics.features import FeatureSettings, analyze

FORMAT_NAME = "vnpolicy-topic-model"
FORMAT_VERSION = 1
_MEMBERS = ("model.json", "vocabulary.json", "arrays.npz")


@dataclass
class TopicModel:
    """A linear topic model over TF-IDF features; ``scores(text)`` gives calibrated probabilities."""

    labels: list[str]
    features: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    settings: FeatureSettings = field(default_factory=FeatureSettings)
    multi_label: bool = False
    temperature: float = 1.0
    info: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    def __post_init__(self) -> None:
        self.idf = np.asarray(self.idf, dtype=np.float32)
        self.coef = np.asarray(self.coef, dtype=np.float32)
        self.intercept = np.asarray(self.intercept, dtype=np.float32)
        n_labels, n_features = len(self.labels), len(self.features)
        if self.coef.shape != (n_labels, n_features) or self.idf.shape != (n_features,) or self.intercept.shape != (n_labels,):
            raise ModelError(
                f"{self.path or 'model'}: inconsistent shapes (labels {n_labels}, features {n_features}, "
                f"coef {self.coef.shape}, idf {self.idf.shape}, intercept {self.intercept.shape})"
            )
        self._index = {f: i for i, f in enumerate(self.features)}
        self._coef_t = np.ascontiguousarray(self.coef.T)  # features × labels: fast row gathers

    def __repr__(self) -> str:
        kind = "multi-label" if self.multi_label else "single-label"
        return (f"TopicModel({len(self.labels)} labels, {len(self.features)} features, {kind}, "
                f"{self.settings.analyzer} {self.settings.ngram_min}-{self.settings.ngram_max}-grams)")

    # -- scoring -------------------------------------------------------------------------

    def vectorize(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and TF-IDF values (l2-normalised) of the known features in ``text``."""
        counts = Counter(f for f in analyze(text, self.settings) if f in self._index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter((self._index[f] for f in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
        values = tf * self.idf[idx]
        norm = float(np.linalg.norm(values))
        return idx, values / norm if norm else values

    def decision(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Raw linear scores per label."""
        return values @ self._coef_t[idx] + self.intercept

    def probabilities(self, z: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from raw scores (softmax, or sigmoid per label)."""
        z = z.astype(np.float64) / self.temperature
        if self.multi_label:
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    # -- files ---------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model file (see the module docstring for what is inside)."""
        from vnpolicy._version import __version__

        path = Path(path)
        vocab_bytes = json.dumps(self.features, ensure_ascii=False).encode("utf-8")
        buf = io.BytesIO()
        np.savez(buf, idf=self.idf, coef=self.coef, intercept=self.intercept)
        array_bytes = buf.getvalue()
        meta = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "vnpolicy_version": __version__,
            "labels": list(self.labels),
            "features": self.settings.to_dict(),
            "multi_label": self.multi_label,
            "temperature": self.temperature,
            "n_features": len(self.features),
            "info": self.info,
            "sha256": {
                "vocabulary.json": hashlib.sha256(vocab_bytes).hexdigest(),
                "arrays.npz": hashlib.sha256(array_bytes).hexdigest(),
            },
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        members = {"model.json": json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"),
                   "vocabulary.json": vocab_bytes, "arrays.npz": array_bytes}
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name, data in members.items():  # fixed timestamps: same model, same bytes
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        return path

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Read and check a model file; every problem is a :class:`ModelError` naming the file."""
        path = Path(path)
        where = str(path)
        if not path.exists():
            raise ModelError(f"{where}: no such model file")
        if path.is_dir():
            raise ModelError(f"{where}: is a folder, not a model file")
        if not zipfile.is_zipfile(path):
            raise ModelError(f"{where}: not a vnpolicy topic model (expected a zip archive from `vnpolicy train`)")
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                missing = [m for m in _MEMBERS if m not in names]
                if missing:
                    raise ModelError(f"{where}: not a vnpolicy topic model (missing {', '.join(missing)})")
                meta = json.loads(zf.read("model.json").decode("utf-8"))
                _check_meta(meta, where)
                vocab_bytes = zf.read("vocabulary.json")
                array_bytes = zf.read("arrays.npz")
        except ModelError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as error:
            raise ModelError(f"{where}: corrupt model file ({error})") from None
        for name, data in (("vocabulary.json", vocab_bytes), ("arrays.npz", array_bytes)):
            if hashlib.sha256(data).hexdigest() != meta["sha256"].get(name):
                raise ModelError(f"{where}: integrity check failed for {name} (file altered or damaged)")
        try:
            features = json.loads(vocab_bytes.decode("utf-8"))
            with np.load(io.BytesIO(array_bytes), allow_pickle=False) as arrays:
                idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
            settings = FeatureSettings.from_dict(meta["features"])
        except (ValueError, KeyError, TypeError, OSError) as error:
            raise ModelError(f"{where}: corrupt model file ({error})") from None
        return cls(
            labels=list(meta["labels"]), features=features, idf=idf, coef=coef, intercept=intercept,
            settings=settings, multi_label=bool(meta["multi_label"]), temperature=float(meta["temperature"]),
            info=dict(meta.get("info", {})), path=where,
        )


def _check_meta(meta: Any, where: str) -> None:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise ModelError(f"{where}: not a vnpolicy topic model (model.json has no '{FORMAT_NAME}' format tag)")
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{where}: model format version {version!r} (written by vnpolicy {meta.get('vnpolicy_version', '?')}); "
            f"this vnpolicy reads version {FORMAT_VERSION}: retrain it with `vnpolicy train`"
        )
    for key in ("labels", "features", "multi_label", "temperature", "sha256"):
        if key not in meta:
            raise ModelError(f"{where}: corrupt model file (model.json lacks '{key}')")
