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
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from vnpolicy.errors import ModelError
from vnpolicy.modelfile import bounded_members, read_members
from vnpolicy.topics.features import FeatureSettings, analyze

FORMAT_NAME = "vnpolicy-topic-model"
FORMAT_VERSION = 1
_MEMBERS = ("model.json", "vocabulary.json", "arrays.npz")


class _TermWeights(dict):
    """A feature count's TF weight, ``1 + log(count)`` (the same double as computed each time), filled
    on a miss: an article's few thousand counts take a handful of values."""

    def __missing__(self, count: int) -> float:
        weight = self[count] = 1.0 + math.log(count)
        return weight


_TF = _TermWeights()


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

    def vectorize(self, text: str, *, folded: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and TF-IDF values (l2-normalised) of the known features in ``text``
        (``folded=True``: ``text`` is already :func:`~vnpolicy.orthography.fold`-ed)."""
        get = self._index.get
        # Count every feature (in C), then keep the known ones: the same counts, in the same
        # first-seen order, as counting the known ones only. One probe of the index per feature,
        # and each count's weight 1 + log(count) from a table (most counts are 1, 2 or 3).
        known = [(i, c) for f, c in Counter(analyze(text, self.settings, folded=folded)).items() if (i := get(f)) is not None]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(map(itemgetter(0), known), dtype=np.int64, count=len(known))
        tf = np.fromiter(map(_TF.__getitem__, map(itemgetter(1), known)), dtype=np.float32, count=len(known))
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
        meta: dict[str, Any] = {
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
        meta["sha256"]["model.json"] = _meta_digest(meta)
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
        """Read and check a model file; every problem is a :class:`ModelError` naming the file
        (and the member or field), found before anything large is inflated."""
        where = str(path)
        members = read_model_members(path)
        try:
            meta = json.loads(members["model.json"].decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ModelError(f"{where}: corrupt model file (model.json is not JSON: {error})") from None
        _check_meta(meta, where)
        for name in _MEMBERS:
            digest = _meta_digest(meta) if name == "model.json" else hashlib.sha256(members[name]).hexdigest()
            if digest != meta["sha256"][name]:
                raise ModelError(f"{where}: integrity check failed for {name} (file altered or damaged)")
        try:
            features = json.loads(members["vocabulary.json"].decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ModelError(f"{where}: corrupt model file (vocabulary.json is not JSON: {error})") from None
        if not (isinstance(features, list) and all(isinstance(f, str) for f in features)):
            raise ModelError(f"{where}: corrupt model file (vocabulary.json must be a list of strings)")
        if meta.get("n_features", len(features)) != len(features):
            raise ModelError(f"{where}: corrupt model file (n_features is {meta['n_features']}, "
                             f"vocabulary.json has {len(features)})")
        idf, coef, intercept = _read_arrays(members["arrays.npz"], where)
        settings = FeatureSettings.from_dict(meta["features"])  # checked by _check_meta
        return cls(
            labels=list(meta["labels"]), features=features, idf=idf, coef=coef, intercept=intercept,
            settings=settings, multi_label=meta["multi_label"], temperature=float(meta["temperature"]),
            info=dict(meta.get("info", {})), path=where,
        )


#: Largest model file, and largest uncompressed size of each member (bytes): checked before
#: anything is read or inflated, so a zip bomb or /dev/zero costs nothing. The shipped model
#: is 0.6 MB (members 1 kB, 0.25 MB, 1 MB).
MAX_MODEL_BYTES = 128 * 2**20
MAX_MEMBER_BYTES = {"model.json": 2**20, "vocabulary.json": 32 * 2**20, "arrays.npz": 128 * 2**20}
_ARRAYS = ("idf.npy", "coef.npy", "intercept.npy")


def read_model_members(path: str | Path) -> dict[str, bytes]:
    """The three members of a model file, read with every bound above (see :meth:`TopicModel.load`)."""
    return read_members(path, _MEMBERS, MAX_MEMBER_BYTES, kind="topic model", max_bytes=MAX_MODEL_BYTES,
                        not_zip="not a vnpolicy topic model (expected a zip archive from `vnpolicy train`)")


def _read_arrays(data: bytes, where: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """idf, coef and intercept from arrays.npz (itself a zip: bounded the same way), as finite
    floats, never through pickle."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            limit = MAX_MEMBER_BYTES["arrays.npz"]
            members = bounded_members(inner, _ARRAYS, dict.fromkeys(_ARRAYS, limit), f"{where}: arrays.npz",
                                      kind="topic model")
        arrays = {}
        for name in _ARRAYS:
            array = np.load(io.BytesIO(members[name]), allow_pickle=False)
            if not np.issubdtype(array.dtype, np.floating):
                raise ModelError(f"{where}: corrupt model file ({name} holds {array.dtype}, not numbers)")
            if not np.isfinite(array).all():
                raise ModelError(f"{where}: corrupt model file ({name} holds infinite or NaN values)")
            arrays[name] = array
    except ModelError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, zlib.error) as error:
        raise ModelError(f"{where}: corrupt model file (arrays.npz: {error})") from None
    return arrays["idf.npy"], arrays["coef.npy"], arrays["intercept.npy"]


def _meta_digest(meta: dict[str, Any]) -> str:
    """The sha256 of model.json's content (every field, the other members' hashes included, but
    not its own hash): so model.json is covered by the integrity check too."""
    body = {k: v for k, v in meta.items() if k != "sha256"}
    body["sha256"] = {k: v for k, v in meta.get("sha256", {}).items() if k != "model.json"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8", "surrogatepass")).hexdigest()


_HEX64 = re.compile(r"[0-9a-f]{64}")


def _check_meta(meta: Any, where: str) -> None:
    """Validate model.json against its schema; a :class:`ModelError` names the bad field."""
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

    def bad(field: str, expected: str) -> ModelError:
        value = repr(meta[field])
        value = value if len(value) <= 40 else value[:37] + "..."
        return ModelError(f"{where}: corrupt model file (field '{field}' must be {expected}, got {value})")

    labels = meta["labels"]
    if not (isinstance(labels, list) and labels and all(isinstance(x, str) and x for x in labels)):
        raise bad("labels", "a non-empty list of label names")
    if len(set(labels)) != len(labels):
        raise bad("labels", "a list of distinct label names")
    if not isinstance(meta["features"], dict):
        raise bad("features", "an object of feature settings")
    try:
        FeatureSettings.from_dict(meta["features"])
    except (ValueError, TypeError) as error:
        raise ModelError(f"{where}: corrupt model file (field 'features': {error})") from None
    if not isinstance(meta["multi_label"], bool):
        raise bad("multi_label", "true or false")
    temperature = meta["temperature"]
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) \
            or not math.isfinite(temperature) or temperature <= 0:
        raise bad("temperature", "a positive number")
    if "n_features" in meta and (isinstance(meta["n_features"], bool) or not isinstance(meta["n_features"], int)
                                 or meta["n_features"] < 0):
        raise bad("n_features", "a whole number")
    if "info" in meta and not isinstance(meta["info"], dict):
        raise bad("info", "an object")
    hashes = meta["sha256"]
    if not isinstance(hashes, dict):
        raise bad("sha256", "an object of sha256 hex digests per member")
    for name in _MEMBERS:
        if name not in hashes:
            extra = " (written by an older vnpolicy: retrain it with `vnpolicy train`)" if name == "model.json" else ""
            raise ModelError(f"{where}: corrupt model file (field 'sha256' has no hash for {name}){extra}")
        if not isinstance(hashes[name], str) or not _HEX64.fullmatch(hashes[name]):
            raise ModelError(f"{where}: corrupt model file (field 'sha256' holds no sha256 hex digest for {name})")
