"""vnpolicy's own word segmenter: a linear-chain CRF over syllables with a lean feature set.

Why our own: underthesea's segmenter spends most of its time outside the CRF (its regex
pre-tokenizer and a general feature template), and a pipeline built on it cannot go much past
14 times underthesea's own pipeline. This model keeps only the features that earn their cost:

* the syllable and its neighbours two either side, folded (lower case, one tone placement:
  "hoá" = "hóa"), the four bigrams and three trigrams of that window;
* the shapes (lower, capitalised, upper, digit, punctuation) of it and its neighbours (with the
  case group, of the five tokens around it);
* case (optional, see :func:`templates`), for a token with capitals (a name, an acronym; one token in nine in news): its folded
  syllable with its shape, at it and seen from either neighbour, and each pair of neighbours
  with both shapes ("Hà Nội" is not "hà nội"), as underthesea's lower/title features tell;
* whether the two-, three- and four-syllable stretches through it are dictionary words
  (underthesea's Viet74K and pyvi's word lists plus the domain terms, shipped in the model file),
  and whether a two-syllable one ends at its left neighbour or starts at its right one;
* whether the token is forced to start a word (a protected span or punctuation).

The tokens are underthesea's (its regex tokenizer: "200.000", "C.", "e-mail") for a model
trained so (the shipped one), else :data:`TOKEN`'s; see :data:`PRETOKENIZERS`.

It is trained by ``scripts/build_segmenter.py`` on UD Vietnamese-VTB train (gold) and on VNTC
and portal sentences segmented by vnpolicy's underthesea backend (silver), with python-crfsuite.
Tagging does not go through crfsuite: :mod:`vnpolicy.tokenize.crf_weights` looks the same
features up by number and runs the Viterbi in numpy, three times faster, with crfsuite's
decisions. The model file is a zip of plain data, never code: ``manifest.json`` (format,
version, settings, transitions, the start bias, array sizes, the sha256 of every other member),
``dictionary.txt`` (one folded word a line), ``vocabulary.txt`` (the numbered syllables) and
the weight arrays as raw little-endian numbers (``*.f4``, ``*.i8``). Loading checks member
names, sizes before inflating, hashes, array sizes, finite weights and the manifest's types,
and raises :class:`~vnpolicy.errors.ModelError` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

import numpy as np

from vnpolicy.errors import ModelError
from vnpolicy.tokenize.crf_weights import ARRAYS, ARRAYS_BEFORE_CASE, CrfWeights, _viterbi, expand_shape_triples
from vnpolicy.tokenize.lexicon import fold

FORMAT_NAME = "vnpolicy-word-segmenter"
FORMAT_VERSION = 6  # 6: cased syllables and pairs, five-shape windows; 5: the manifest's "start_bias"
READABLE_VERSIONS = (4, 5, 6)  # 4 and 5: no case tables, shape triples (read as windows); 4: no bias
MEMBERS = ("manifest.json", "dictionary.txt", "vocabulary.txt", *ARRAYS)
MEMBERS_BEFORE_CASE = ("manifest.json", "dictionary.txt", "vocabulary.txt", *ARRAYS_BEFORE_CASE)
MAX_MEMBER_BYTES = {"manifest.json": 1 << 20, "dictionary.txt": 16 << 20, "vocabulary.txt": 4 << 20,
                    **{name: 64 << 20 for name in ARRAYS}}
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "resources" / "tokenize" / "segmenter.zip"

# Tokens: numbers with slashes ("98/118") and names with a number ("Covid-19"), as underthesea
# keeps them (protected spans take dates and document numbers first); else a run of word
# characters, an ellipsis, or one other visible character. The first two only start at the
# start of their run, so a long run that fails at its end is not tried again from inside, and
# their runs are possessive ("++"): a shorter run could only be followed by a word character.
TOKEN = re.compile(r"(?<![\w/])\d++(?:/\d++)++(?![\w/])|(?<![\w-])\w++(?:-\d++)++(?![\w-])|\w+|\.{2,}|[^\w\s]")
_MAX_NGRAM = 4
_CASED = frozenset("tum")  # shapes of tokens with upper-case letters


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


_DL = {k: f"dl{k}" for k in range(2, _MAX_NGRAM + 1)}
_DR = {k: f"dr{k}" for k in range(2, _MAX_NGRAM + 1)}
_DM = {k: f"dm{k}" for k in range(3, _MAX_NGRAM + 1)}

# Per-token pieces (folded form, shape) asked for again and again: a bounded plain dict is the
# cheapest cache (as in lexicon.fold).
_TOKEN_INFO: dict[str, tuple[str, str]] = {}


def _token_info(token: str) -> tuple[str, str]:
    info = _TOKEN_INFO.get(token)
    if info is None:
        info = (fold(token), shape(token))
        if len(_TOKEN_INFO) < 200_000:
            _TOKEN_INFO[token] = info
    return info


Dense = list[tuple[str, list[str]]]  # (template name, its key at each token)
Sparse = list[tuple[int, str]]  # (token index, attribute) of the attributes few tokens have


FEATURE_GROUPS = frozenset({"case", "pairs"})  # the optional template groups (see templates)


def templates(tokens: list[str], forced: list[bool], dictionary: frozenset[str],
              groups: frozenset[str] = FEATURE_GROUPS) -> tuple[Dense, Sparse]:
    """The features of a token sequence, template by template (see the module docstring).

    ``groups`` picks the optional ones: "case" (the case templates and the five-shape window;
    without it, the shape triple alone, as format 5 had) and "pairs" (a two-syllable dictionary
    word ending at the left neighbour, "dp2", or starting at the right one, "dn2", as
    underthesea's T[-2,-1] and T[1,2] dictionary features). Tagging needs no switch: a model
    trained without a group has empty case tables or zero weights for it.

    Built over the whole sentence at once (one list comprehension per template, each bigram
    and trigram joined once), not window by window. Training turns them into crfsuite's
    attribute strings (:func:`token_features`); tagging looks the keys up directly
    (:class:`~vnpolicy.tokenize.crf_weights.CrfWeights`), never building those strings.
    """
    n = len(tokens)
    info = [_TOKEN_INFO.get(t) or _token_info(t) for t in tokens]
    low = [x[0] for x in info]
    sh = "^" + "".join(x[1] for x in info) + "$"
    sh5 = "^" + sh + "$"
    p = ["<s>", "<s>", *low, "</s>", "</s>"]  # p[i + 2] is token i
    bi = [a + "|" + b for a, b in zip(p, p[1:])]  # bi[j] = p[j]|p[j+1]
    tri = [a + "|" + b for a, b in zip(bi, p[2:])]  # tri[j] = p[j]|p[j+1]|p[j+2]
    dense = [
        ("w", low), ("p", p[1:n + 1]), ("n", p[3:n + 3]), ("pp", p[:n]), ("nn", p[4:n + 4]),
        ("pw", bi[1:n + 1]), ("wn", bi[2:n + 2]), ("pwn", tri[1:n + 1]),
        ("ppp", bi[:n]), ("nnn", bi[3:n + 3]), ("ppw", tri[:n]), ("wnn", tri[2:n + 2]),
        ("s", [sh[i + 1] + sh[i] + sh[i + 2] for i in range(n)]),
    ]
    sparse = [(i, "F") for i in range(n) if forced[i]]
    if "case" in groups:
        dense.append(("s5", [sh5[i:i + 5] for i in range(n)]))
        _case_templates(low, sh, sparse)
    _dictionary_templates(low, dictionary, sparse, "pairs" in groups)
    return dense, sparse


def _case_templates(low: list[str], sh: str, sparse: Sparse) -> None:
    # Case, for the tokens that are not lower case (names, acronyms): the folded syllable with its
    # shape, at the token ("cw") and seen from either neighbour ("cp" from the right one, "cn" from
    # the left one), and each pair of neighbours with their two shapes ("cb0" on the second, "cb1"
    # on the first) when either is cased: "Hà Nội" and "hà nội" are different facts.
    n = len(low)
    cased = [i for i, c in enumerate(sh[1:n + 1]) if c in _CASED]
    for i in cased:
        key = low[i] + "/" + sh[i + 1]
        sparse.append((i, "cw=" + key))
        if i + 1 < n:
            sparse.append((i + 1, "cp=" + key))
        if i:
            sparse.append((i - 1, "cn=" + key))
    for i in sorted({j for c in cased for j in (c - 1, c) if 0 <= j < n - 1}):
        key = low[i] + "|" + low[i + 1] + "/" + sh[i + 1] + sh[i + 2]
        sparse.append((i + 1, "cb0=" + key))
        sparse.append((i, "cb1=" + key))


def _dictionary_templates(low: list[str], dictionary: frozenset[str], sparse: Sparse, pairs: bool) -> None:
    """Dictionary words through each token: "dl{k}" a k-syllable word ends at it, "dr{k}" one
    starts at it, "dm{k}" one starts at its left neighbour (k > 2); with ``pairs``, "dp2" a
    two-syllable word ends at its left neighbour, "dn2" one starts at its right neighbour."""
    n = len(low)
    for k in range(2, _MAX_NGRAM + 1):
        dl, dr, dm = _DL[k], _DR[k], _DM.get(k)
        for i in range(n - k + 1):
            if " ".join(low[i:i + k]) in dictionary:
                sparse.append((i + k - 1, dl))
                sparse.append((i, dr))
                if dm:
                    sparse.append((i + 1, dm))
                if pairs and k == 2:
                    if i + 2 < n:
                        sparse.append((i + 2, "dp2"))
                    if i:
                        sparse.append((i - 1, "dn2"))


def token_features(tokens: list[str], forced: list[bool], dictionary: frozenset[str],
                   groups: frozenset[str] = FEATURE_GROUPS) -> list[list[str]]:
    """crfsuite attribute strings for each token ("w=hòa", "pw=<s>|hòa", "dr2", ...): training data."""
    if not tokens:
        return []
    dense, sparse = templates(tokens, forced, dictionary, groups)
    rows = [list(row) for row in zip(*[[name + "=" + key for key in keys] for name, keys in dense])]
    for i, attribute in sparse:
        rows[i].append(attribute)
    return rows


MANY_TOKENS = 200  # tokens in all: from this many, word_starts_many scores them in numpy at once


def with_forced(starts: list[bool], forced: list[bool]) -> list[bool]:
    """``starts`` (changed in place) with the first token and the forced ones starting a word."""
    starts[0] = True
    for i in compress(range(len(starts)), forced):
        starts[i] = True
    return starts


@dataclass
class SegmenterModel:
    """A trained CRF, arranged for tagging (:class:`CrfWeights`), and the dictionary its features use."""

    crf: CrfWeights
    dictionary: frozenset[str]
    info: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    @classmethod
    def from_crfsuite(cls, crf_bytes: bytes, dictionary: frozenset[str], info: dict[str, Any]) -> SegmenterModel:
        """The model of a crfsuite file trained on :func:`token_features` (labels B and I)."""
        return cls(crf=CrfWeights.from_crfsuite(crf_bytes, dictionary), dictionary=dictionary, info=info)

    @property
    def pretokenizer(self) -> str:
        """How this model's text is cut into tokens (see :data:`PRETOKENIZERS`); older files: "vnpolicy"."""
        return str(self.info.get("pretokenizer", "vnpolicy"))

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        """For each token, whether it begins a word; forced tokens (and the first) always do."""
        if not tokens:
            return []
        return with_forced(self.crf.word_starts(tokens, forced), forced)

    def word_starts_many(self, items: list[tuple[list[str], list[bool]]]) -> list[list[bool]]:
        """:meth:`word_starts` of each ``(tokens, forced)``; from :data:`MANY_TOKENS` tokens in
        all, their scores taken at once (:meth:`CrfWeights.margins_many`)."""
        if sum(len(tokens) for tokens, _ in items) < MANY_TOKENS:
            return [self.word_starts(tokens, forced) for tokens, forced in items]
        crf = self.crf
        margins = crf.margins_many(items, crf.start_bias)
        return [with_forced(_viterbi(margin, crf.transitions), forced) if margin else []
                for (_, forced), margin in zip(items, margins)]

    # -- file format -------------------------------------------------------------------

    def _members(self) -> dict[str, bytes]:
        data = {"dictionary.txt": "\n".join(sorted(self.dictionary)).encode("utf-8"),
                "vocabulary.txt": "\n".join(self.crf.vocabulary).encode("utf-8")}
        for name, (dtype, _) in ARRAYS.items():
            data[name] = np.ascontiguousarray(self.crf.arrays[name], dtype=dtype).tobytes()
        return data

    def save(self, path: str | Path) -> Path:
        """Write the model file; the same model gives the same bytes (fixed zip timestamps)."""
        path = Path(path)
        data = self._members()
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "max_ngram": _MAX_NGRAM,
            "rows": {name: len(self.crf.arrays[name]) for name in ARRAYS},
            "flags": self.crf.flags,
            "transitions": self.crf.transitions,
            "start_bias": self.crf.start_bias,
            "info": self.info,
            "sha256": {name: hashlib.sha256(blob).hexdigest() for name, blob in data.items()},
        }
        members = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
                   **data}
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as zf:
            for name, blob in members.items():
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), blob,
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
                members = MEMBERS if "cased.i8" in zf.namelist() else MEMBERS_BEFORE_CASE
                data = bounded_members(zf, members, MAX_MEMBER_BYTES, where, kind="segmenter")
        except ModelError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise ModelError(f"{where}: not a readable segmenter file ({error})") from None
        try:
            manifest = json.loads(data["manifest.json"].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelError(f"{where}: manifest.json is not JSON ({error})") from None
        _check_manifest(manifest, where, members)
        for name in members[1:]:
            if hashlib.sha256(data[name]).hexdigest() != manifest["sha256"][name]:
                raise ModelError(f"{where}: integrity check failed for {name} (file altered or damaged)")
        try:
            words = data["dictionary.txt"].decode("utf-8").split("\n")
            vocabulary = data["vocabulary.txt"].decode("utf-8").split("\n")
        except UnicodeDecodeError as error:
            raise ModelError(f"{where}: a word list is not UTF-8 ({error})") from None
        arrays = {}
        for name in members[3:]:
            dtype, columns = ARRAYS[name]
            rows = manifest["rows"][name]
            if len(data[name]) != rows * columns * 8 // (2 if dtype == "<f4" else 1):
                raise ModelError(f"{where}: {name} holds {len(data[name])} bytes, not the {rows} rows "
                                 f"of {columns} the manifest says")
            arrays[name] = np.frombuffer(data[name], dtype=dtype).reshape(rows, columns)
            if dtype == "<f4" and not np.isfinite(arrays[name]).all():
                raise ModelError(f"{where}: {name} holds values that are not finite numbers")
        if members is MEMBERS_BEFORE_CASE:  # a version 4 or 5 file: the same decisions as then
            arrays = expand_shape_triples(arrays)
        try:
            crf = CrfWeights(vocabulary, arrays, manifest["flags"], manifest["transitions"],
                             manifest.get("start_bias", 0.0))
        except ValueError as error:
            raise ModelError(f"{where}: {error}") from None
        return cls(crf=crf, dictionary=frozenset(w for w in words if w), info=dict(manifest["info"]), path=where)


def _check_manifest(manifest: Any, where: str, members: tuple[str, ...] = MEMBERS) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ModelError(f"{where}: not a vnpolicy segmenter (manifest.json has no '{FORMAT_NAME}' format tag)")
    version = manifest.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise ModelError(f"{where}: segmenter format version {version!r}; "
                         f"this vnpolicy reads versions {', '.join(map(str, READABLE_VERSIONS))}")
    if (version >= 6) != (members is MEMBERS):
        expected = MEMBERS if version >= 6 else MEMBERS_BEFORE_CASE
        raise ModelError(f"{where}: a version {version} segmenter holds {', '.join(expected[1:])}")
    if not _finite(manifest.get("start_bias", None if version >= 5 else 0.0)):
        raise ModelError(f"{where}: manifest field 'start_bias' must be a finite number")
    if manifest.get("max_ngram") != _MAX_NGRAM:
        raise ModelError(f"{where}: manifest field 'max_ngram' must be {_MAX_NGRAM}")
    if not isinstance(manifest.get("info"), dict):
        raise ModelError(f"{where}: manifest field 'info' must be an object")
    if manifest["info"].get("pretokenizer", "vnpolicy") not in PRETOKENIZERS:
        raise ModelError(f"{where}: unknown pretokenizer {manifest['info']['pretokenizer']!r} "
                         f"(this vnpolicy knows {', '.join(PRETOKENIZERS)})")
    rows = manifest.get("rows")
    if not isinstance(rows, dict) or not all(
            isinstance(rows.get(name), int) and not isinstance(rows.get(name), bool) and rows[name] >= 0
            for name in members[3:]):
        raise ModelError(f"{where}: manifest field 'rows' must give a row count for {', '.join(members[3:])}")
    flags = manifest.get("flags")
    if not isinstance(flags, dict) or not all(_finite(x) for x in flags.values()):
        raise ModelError(f"{where}: manifest field 'flags' must map names to finite numbers")
    transitions = manifest.get("transitions")
    if not (isinstance(transitions, list) and len(transitions) == 2
            and all(isinstance(row, list) and len(row) == 2 and all(_finite(x) for x in row) for row in transitions)):
        raise ModelError(f"{where}: manifest field 'transitions' must be 2x2 finite numbers")
    hashes = manifest.get("sha256")
    if not isinstance(hashes, dict) or not all(isinstance(hashes.get(m), str) for m in members[1:]):
        raise ModelError(f"{where}: manifest field 'sha256' must map {', '.join(members[1:])} to hex digests")


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


@lru_cache(maxsize=4)
def load_segmenter(path: str | None = None) -> SegmenterModel:
    """The segmenter at ``path`` (default: the shipped one), loaded once per process."""
    return SegmenterModel.load(path or DEFAULT_MODEL)


@lru_cache(maxsize=1)
def two_syllable_words() -> frozenset[str]:
    """The shipped segmenter dictionary's two-syllable words, folded as it holds them: the entity
    rules and tagger ask whether two syllables make one word ("Nhà văn", "Đăng ký")."""
    return frozenset(w for w in load_segmenter().dictionary if w.count(" ") == 1)


class Crf:
    """The ``"vnpolicy"`` backend: our syllable cutter and our CRF (the default)."""

    name = "vnpolicy"

    def __init__(self, path: str | None = None, pretokenizer: str | None = None) -> None:
        """``pretokenizer`` (training only): how text is cut into tokens, one of
        :data:`PRETOKENIZERS`; otherwise the model's own (its manifest's ``info``)."""
        self._path = path
        self._model: SegmenterModel | None = None
        self._cut = None if pretokenizer is None else token_cutter(pretokenizer)

    def _loaded(self) -> SegmenterModel:
        if self._model is None:
            self._model = load_segmenter(self._path)
        return self._model

    def pretokenize(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        if self._cut is None:
            self._cut = token_cutter(self._loaded().pretokenizer)
        return self._cut(text, start, end)

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        return self._loaded().word_starts(tokens, forced)

    def word_starts_many(self, items: list[tuple[list[str], list[bool]]]) -> list[list[bool]]:
        return self._loaded().word_starts_many(items)


#: How a segmenter cuts text into the tokens it labels (the model file's ``info["pretokenizer"]``;
#: a file without one was trained on "vnpolicy"): "vnpolicy", :data:`TOKEN` (runs of word
#: characters, one mark at a time); "underthesea", underthesea's regex tokenizer, whose tokens the
#: teacher's output is made of ("200.000", "C.", "L.T.A", "e-mail", "300" then "g"): a student
#: cut by TOKEN cannot give those words, since a mark is always a word of its own.
PRETOKENIZERS = ("vnpolicy", "underthesea")


def token_cutter(name: str) -> Callable[[str, int, int], list[tuple[int, int]]]:
    """The function that cuts ``text[start:end]`` into token spans for pretokenizer ``name``."""
    if name == "underthesea":
        from vnpolicy.tokenize.backends import underthesea_tokens

        return underthesea_tokens
    if name == "vnpolicy":
        return _token_spans
    # A model file's value is checked when it is loaded (a ModelError naming the file).
    raise ValueError(f"pretokenizer must be one of {PRETOKENIZERS}, got {name!r}")


def _token_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(text, start, end)]
