"""vnpolicy's own word segmenter: a linear-chain CRF over syllables with a lean feature set.

Why our own: underthesea's segmenter spends most of its time outside the CRF (its regex
pre-tokenizer and a general feature template), and a pipeline built on it cannot go much past
14 times underthesea's own pipeline. This model keeps only the features that earn their cost:

* the syllable and its neighbours two either side, folded (lower case, one tone placement:
  "hoá" = "hóa"), the four bigrams and three trigrams of that window;
* the shape of the syllable and of its left neighbour (capitalised, upper, digit, punctuation);
* whether the two-, three- and four-syllable stretches through it are dictionary words
  (underthesea's Viet74K and pyvi's word lists plus the domain terms, shipped in the model file);
* whether the token is forced to start a word (a protected span or punctuation).

It is trained by ``scripts/build_segmenter.py`` on UD Vietnamese-VTB train (gold) and on VNTC
and portal sentences segmented by vnpolicy's underthesea backend (silver), and tagged by
python-crfsuite. The model file is a zip of plain data, never code: ``manifest.json`` (format,
version, settings, the sha256 of every other member), ``crf.bin`` (crfsuite's own binary model,
loaded from memory) and ``dictionary.txt`` (one lower-case word a line). Loading checks member
names, sizes before inflating, hashes and the manifest's types, and raises
:class:`~vnpolicy.errors.ModelError` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from vnpolicy.errors import ModelError
from vnpolicy.tokenize.lexicon import fold

FORMAT_NAME = "vnpolicy-word-segmenter"
FORMAT_VERSION = 3
MEMBERS = ("manifest.json", "crf.bin", "dictionary.txt")
MAX_MEMBER_BYTES = {"manifest.json": 1 << 20, "crf.bin": 64 << 20, "dictionary.txt": 16 << 20}
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "resources" / "tokenize" / "segmenter.zip"

# Tokens: a run of word characters, an ellipsis, or one other visible character.
TOKEN = re.compile(r"\w+|\.{2,}|[^\w\s]")
_MAX_NGRAM = 4


def shape(token: str) -> str:
    """A one-letter class of a token: l(ower), t(itle), u(pper), d(igit), m(ixed), p(unct)."""
    first = token[0]
    if first.isalpha():
        if token.islower():
            return "l"
        if token.isupper():
            return "u" if len(token) > 1 else "t"
        return "t" if token[1:].islower() or len(token) == 1 else "m"
    if first.isdigit():
        return "d"
    return "p" if not first.isalnum() and first != "_" else "m"


def token_features(tokens: list[str], forced: list[bool], dictionary: frozenset[str]) -> list[list[str]]:
    """crfsuite features for each token (see the module docstring for the why of each)."""
    low = [fold(t) for t in tokens]
    shapes = [shape(t) for t in tokens]
    n = len(tokens)
    padded = ["<s>", "<s>", *low, "</s>", "</s>"]
    # starts[k][i]: the k+2 syllables from i form a dictionary word
    in_dict: list[list[bool]] = []
    for k in range(2, _MAX_NGRAM + 1):
        in_dict.append([i + k <= n and " ".join(low[i:i + k]) in dictionary for i in range(n)])
    out = []
    for i in range(n):
        w0, wm1, wp1 = padded[i + 2], padded[i + 1], padded[i + 3]
        feats = [
            "w=" + w0, "p=" + wm1, "n=" + wp1, "pp=" + padded[i], "nn=" + padded[i + 4],
            "pw=" + wm1 + "|" + w0, "wn=" + w0 + "|" + wp1, "pwn=" + wm1 + "|" + w0 + "|" + wp1,
            "ppp=" + padded[i] + "|" + wm1, "nnn=" + wp1 + "|" + padded[i + 4],
            "ppw=" + padded[i] + "|" + wm1 + "|" + w0, "wnn=" + w0 + "|" + wp1 + "|" + padded[i + 4],
            "s=" + shapes[i] + (shapes[i - 1] if i else "^") + (shapes[i + 1] if i + 1 < n else "$"),
        ]
        if forced[i]:
            feats.append("F")
        # dictionary words ending at i (joining i to the left) and starting at i (to the right)
        for k in range(2, _MAX_NGRAM + 1):
            table = in_dict[k - 2]
            if i - k + 1 >= 0 and table[i - k + 1]:
                feats.append(f"dl{k}")
            if table[i]:
                feats.append(f"dr{k}")
            if 0 < i and i - 1 + k <= n and k > 2 and table[i - 1]:
                feats.append(f"dm{k}")
        out.append(feats)
    return out


@dataclass
class SegmenterModel:
    """A trained CRF (crfsuite bytes) and the dictionary its features look words up in."""

    crf_bytes: bytes
    dictionary: frozenset[str]
    info: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    def __post_init__(self) -> None:
        from vnpolicy.modelfile import crf_tagger

        self._tagger = crf_tagger(self.crf_bytes, f"{self.path or 'segmenter'}: crf.bin")

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        """For each token, whether it begins a word; forced tokens (and the first) always do."""
        if not tokens:
            return []
        tags = self._tagger.tag(token_features(tokens, forced, self.dictionary))
        return [i == 0 or f or tag == "B" for i, (tag, f) in enumerate(zip(tags, forced))]

    # -- file format -------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model file; the same model gives the same bytes (fixed zip timestamps)."""
        path = Path(path)
        dictionary = "\n".join(sorted(self.dictionary)).encode("utf-8")
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "max_ngram": _MAX_NGRAM,
            "info": self.info,
            "sha256": {"crf.bin": hashlib.sha256(self.crf_bytes).hexdigest(),
                       "dictionary.txt": hashlib.sha256(dictionary).hexdigest()},
        }
        members = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
                   "crf.bin": self.crf_bytes, "dictionary.txt": dictionary}
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in members.items():
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        return path

    @classmethod
    def load(cls, path: str | Path) -> SegmenterModel:
        """Read and check a segmenter file; every problem is a :class:`ModelError`."""
        from vnpolicy.modelfile import bounded_members, read_model_bytes

        where = str(path)
        if not Path(path).exists():
            raise ModelError(f"{where}: no such segmenter model file")
        raw = read_model_bytes(path)  # a regular file, bounded
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                data = bounded_members(zf, MEMBERS, MAX_MEMBER_BYTES, where, kind="segmenter")
        except ModelError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise ModelError(f"{where}: not a readable segmenter file ({error})") from None
        try:
            manifest = json.loads(data["manifest.json"].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelError(f"{where}: manifest.json is not JSON ({error})") from None
        _check_manifest(manifest, where)
        for name in ("crf.bin", "dictionary.txt"):
            if hashlib.sha256(data[name]).hexdigest() != manifest["sha256"][name]:
                raise ModelError(f"{where}: integrity check failed for {name} (file altered or damaged)")
        try:
            words = data["dictionary.txt"].decode("utf-8").split("\n")
        except UnicodeDecodeError as error:
            raise ModelError(f"{where}: dictionary.txt is not UTF-8 ({error})") from None
        return cls(crf_bytes=data["crf.bin"], dictionary=frozenset(w for w in words if w),
                   info=dict(manifest["info"]), path=where)


def _check_manifest(manifest: Any, where: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ModelError(f"{where}: not a vnpolicy segmenter (manifest.json has no '{FORMAT_NAME}' format tag)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{where}: segmenter format version {manifest.get('format_version')!r}; "
                         f"this vnpolicy reads version {FORMAT_VERSION}")
    if manifest.get("max_ngram") != _MAX_NGRAM:
        raise ModelError(f"{where}: manifest field 'max_ngram' must be {_MAX_NGRAM}")
    if not isinstance(manifest.get("info"), dict):
        raise ModelError(f"{where}: manifest field 'info' must be an object")
    hashes = manifest.get("sha256")
    if not isinstance(hashes, dict) or not all(isinstance(hashes.get(m), str) for m in ("crf.bin", "dictionary.txt")):
        raise ModelError(f"{where}: manifest field 'sha256' must map crf.bin and dictionary.txt to hex digests")


@lru_cache(maxsize=4)
def load_segmenter(path: str | None = None) -> SegmenterModel:
    """The segmenter at ``path`` (default: the shipped one), loaded once per process."""
    return SegmenterModel.load(path or DEFAULT_MODEL)


class Crf:
    """The ``"vnpolicy"`` backend: our syllable cutter and our CRF (the default)."""

    name = "vnpolicy"

    def __init__(self, path: str | None = None) -> None:
        self._path = path
        self._model: SegmenterModel | None = None

    def pretokenize(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return [m.span() for m in TOKEN.finditer(text, start, end)]

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        if self._model is None:
            self._model = load_segmenter(self._path)
        return self._model.word_starts(tokens, forced)
