"""A learned entity tagger with the rules as its features: the rules propose, a CRF decides.

A linear-chain CRF (CRFsuite, through python-crfsuite) labels tokens (syllables, numbers and
single punctuation marks) with BIO tags. Its features are the token and its neighbours, shape and
case, their distributional classes (``resources/entities/syllable_clusters.tsv``: what the model
learned of one surname or place name carries to the others), gazetteer membership (family names, unit words and known unit names, titles, body heads,
document types, programme triggers) and the rule extractor's own proposals as BIO tags (with the
word each proposal starts on, and the kinds of cue word around a proposed programme), so the
model learns where the rules are right and what they miss. Trained with crfsuite; tagging adds
the same weights up by number in numpy (:class:`_Scorer`) and runs crfsuite's Viterbi
(:func:`vnpolicy.tokenize.crf_weights.viterbi`), with crfsuite's decisions and without building
every feature string. Attribute parsing stays rule-based:
a span the rules also found keeps their attributes; otherwise the label's family reads the span.

A model file is a zip archive of plain data, never code (no pickle):

* ``model.json``: format name and version, the vnpolicy version that wrote it, labels, feature
  settings, training notes, the CRF's tags in its own order, the number of weighted attributes,
  and the sha256 of every member below;
* ``attributes.txt``: the attributes (feature strings) with a weight, one a line;
* ``weights.f8``: their weights, one row per attribute, one column per tag (little-endian doubles,
  exactly crfsuite's); ``transitions.f8``: the tag-to-tag weights;
* ``model.crfsuite``: CRFsuite's own binary model, read only by :meth:`EntityTagger.crfsuite_spans`
  (the reference the fast path is checked against) and by nothing at load time.

Loading needs no crfsuite (format 1 opened it and had it dump the model through a temporary file,
about 0.4 s). It checks every member and raises :class:`~vnpolicy.errors.ModelError` naming the
file and the problem. :func:`load_tagger` keeps one tagger per path per process.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import io
import json
import re
import struct
import zipfile
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import attrgetter, ne
from pathlib import Path
from typing import Any

import numpy as np
import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import space_pieces
from vnpolicy.errors import ModelError

FORMAT_NAME = "vnpolicy-entity-tagger"
FORMAT_VERSION = 2
FEATURES_VERSION = 5
_MEMBERS = ("model.json", "attributes.txt", "weights.f8", "transitions.f8", "model.crfsuite")
_MEMBER_LIMITS = {"model.json": 2**20, "attributes.txt": 32 * 2**20, "weights.f8": 64 * 2**20,
                  "transitions.f8": 2**20, "model.crfsuite": 64 * 2**20}
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*|\d+|[^\s\p{L}\d]")


def tokens(text: str) -> list[tuple[int, int]]:
    """Token offsets: letter runs (syllables), digit runs, and every other non-space character alone.

    The text is cut at its spaces first (no token holds one, and the pattern looks neither
    behind nor ahead): a piece of letters only is one token, one with a single mark after it
    (``_TAILS``: "việc,", "sát.") two, and any other piece is matched by ``_TOKEN`` within its
    own bounds. The same tokens as one scan of the text, in about half the time (most pieces
    are plain syllables; ``str.isalpha`` is true only for letters, which ``_TOKEN`` runs on).

    The tokens' strings, which the pieces are or hold, are kept with the offsets for the scorer
    (:func:`token_texts`)."""
    global _LAST_TOKENS
    out: list[tuple[int, int]] = []
    words: list[str] = []
    add, say = out.append, words.append
    pieces = _PIECES
    pos = 0
    for piece in space_pieces(text):  # the rules' word starts read the same pieces
        end = pos + len(piece)
        if piece.isalpha():
            add((pos, end))
            say(piece)
        elif piece[-1:] in _TAILS and (head := piece[:-1]).isalpha():
            add((pos, end - 1))
            add((end - 1, end))
            say(head)
            say(piece[-1])
        elif piece:
            found = pieces.get(piece) or _piece_spans(piece)
            out += [(pos + a, pos + b) for a, b in found]
            words += [piece[a:b] for a, b in found]
        pos = end + 1
    _LAST_TOKENS = (out, words)
    return out


def token_texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The strings of ``spans`` in ``text``: those :func:`tokens` kept when ``spans`` is the list it
    last returned (the scorer reads the tokens its caller just cut), else cut from ``text``.

    Why: cutting an article's two thousand tokens out of the text again was an eighth of the
    scorer's time; the pieces :func:`tokens` walks already are those strings. The kept pair is
    the list object and its strings, replaced whole: a list the pair holds cannot be another's."""
    last = _LAST_TOKENS
    if last[0] is spans:
        return last[1]
    return [text[s:e] for s, e in spans]


_LAST_TOKENS: tuple[list[tuple[int, int]], list[str]] = ([], [])


# Marks often written right after a word; each is a token of its own there (none is a letter,
# digit, combining mark or space).
_TAILS = frozenset(",.;:!?)\"'”")
_PIECES: dict[str, tuple[tuple[int, int], ...]] = {}  # piece -> its _TOKEN spans (see _piece_spans)
_PIECES_MAX = 50_000  # pieces kept; the table starts again beyond that


def _piece_spans(piece: str) -> tuple[tuple[int, int], ...]:
    """The spans of ``_TOKEN``'s matches in a space-free piece of text, within the piece;
    remembered per piece for :func:`tokens`.

    Why: the pieces left to the pattern (numbers, "(NLĐ)-", "GD-ĐT") repeat from article to
    article, and a ``regex`` iterator with a match object per token cost several times a dict
    probe. The pattern looks neither behind nor ahead, so a piece's matches are the same alone
    as within the text."""
    found = tuple(m.span() for m in _TOKEN.finditer(piece))
    if len(_PIECES) >= _PIECES_MAX:
        _PIECES.clear()
    _PIECES[piece] = found
    return found


# -- features ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    surnames: frozenset[str]
    unit_words: frozenset[str]
    first_words: dict[str, str]  # lower-case first syllable -> "title" / "org" / "doc" / "prog" / "site"
    names: frozenset[str]  # administrative unit names (gazetteer)
    name_firsts: frozenset[str]  # the first syllables of the names of two syllables or more
    max_words: int
    stops: frozenset[str]  # lower-case words that end a body's or a programme's name ("về", "đã", "tổ chức")
    words2: frozenset[str]  # two-syllable dictionary words, folded (the segmenter's dictionary)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    from vnpolicy.entities.lexicon import table, words
    from vnpolicy.entities.place import PLACE_TYPES, gazetteer
    from vnpolicy.tokenize.crf import two_syllable_words

    first: dict[str, str] = {}
    for kind, items in (("site", [r["word"] for r in table("site_words.tsv")]),
                        ("prog", list(words("program_triggers.txt")) + list(words("program_open_triggers.txt"))),
                        ("doc", [r["word"] for r in table("doc_types.tsv")]),
                        ("org", [r["name"] for r in table("orgs.tsv")] + [r["head"] for r in table("open_org_heads.tsv")]),
                        ("title", list(words("titles.txt")) + list(words("person_triggers.txt")))):
        for item in items:
            first[item.split(" ")[0].lower()] = kind
    g = gazetteer()
    stops = frozenset(w for name in ("org_name_stops.txt", "program_stops.txt") for w in words(name) if " " not in w)
    return _Lexicon(frozenset(words("surnames.txt")), frozenset(w.split(" ")[0].lower() for w in PLACE_TYPES),
                    first, frozenset(g.names), frozenset(n.split(" ")[0] for n in g.names if " " in n),
                    min(g.max_words, 4), stops,
                    two_syllable_words())


def _shape(tok: str) -> str:
    if tok.isdigit():
        return f"d{min(len(tok), 4)}"
    if not tok[0].isalpha():
        return "p"
    if tok.isupper():
        return "AA" if len(tok) > 1 else "A"
    if tok[0].isupper():
        return "Aa"
    return "a" if tok.islower() else "aA"


def _bio(spans: list[tuple[int, int]], ents: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags of tokens for character spans (a token belongs to a span it starts inside)."""
    tags = ["O"] * len(spans)
    starts = [s for s, _ in spans]
    for s, e, lab in ents:
        i = bisect_left(starts, s)
        first = True
        while i < len(spans) and spans[i][0] < e:
            tags[i] = ("B-" if first else "I-") + lab
            first = False
            i += 1
    return tags


@dataclass(frozen=True)
class _Tok:
    """What the features need of one token string, computed once per distinct string."""

    low: str
    shape: str
    cap: bool  # shape "Aa", "AA" or "A": part of a capitalised run
    own: tuple[str, ...]  # the token's own features
    p1: tuple[str, ...]  # its word, shape and class as seen from the next token (w-1, s-1, c-1) ...
    p2: tuple[str, ...]  # ... its word and shape from two tokens on (w-2, s-2)
    n1: tuple[str, ...]  # ... from the token before (w+1, s+1, c+1)
    n2: tuple[str, ...]  # ... from two tokens before (w+2, s+2)
    kind: str | None
    sur: bool
    folded: str  # as the segmenter's dictionary writes it


@lru_cache(maxsize=1)
def _syllable_classes() -> dict[tuple[str, bool], tuple[str, str]]:
    """(syllable key, capitalised) -> (fine, coarse) distributional class, from
    resources/entities/syllable_clusters.tsv (scripts/build_syllable_clusters.py)."""
    from vnpolicy.entities.lexicon import table

    return {(r["key"], r["capitalised"] == "1"): (r["fine"], r["coarse"]) for r in table("syllable_clusters.tsv")}


def _syllable_class(tok: str) -> tuple[str, str] | None:
    """A token's classes: a capitalised token's as capitalised when the statistics have that form
    (names: "Hà", "Bình"), else its lower-case one; None for a token without one (numbers, marks,
    rare syllables)."""
    from vnpolicy.text.spelling.model import syllable_key

    if not tok[0].isalpha():
        return None
    key = syllable_key(tok.lower())
    if key is None:
        return None
    table = _syllable_classes()
    return (tok[0].isupper() and table.get((key, True))) or table.get((key, False))


_TOK_CACHE: dict[str, _Tok] = {}
_SENT_BEFORE = frozenset('.!?:;"“”(')


def _tok(tok: str) -> _Tok:
    info = _TOK_CACHE.get(tok)
    if info is None:
        from vnpolicy.tokenize.crf import fold

        lex = _lexicon()
        low, sh = tok.lower(), _shape(tok)
        kind = lex.first_words.get(low)
        own = [f"w={low}", f"s={sh}"]
        if kind:
            own.append(f"k={kind}")
        sur = tok in lex.surnames
        if sur:
            own.append("sur")
        if low in lex.unit_words:
            own.append("unit")
        if low in lex.stops:
            own.append("stop")
        p1, n1 = [f"w-1={low}", f"s-1={sh}"], [f"w+1={low}", f"s+1={sh}"]
        classes = _syllable_class(tok)
        if classes:
            own += (f"c={classes[0]}", f"cc={classes[1]}")
            p1.append(f"c-1={classes[0]}")
            n1.append(f"c+1={classes[0]}")
        info = _Tok(low, sh, sh in ("Aa", "AA", "A"), tuple(own), tuple(p1), (f"w-2={low}", f"s-2={sh}"),
                    tuple(n1), (f"w+2={low}", f"s+2={sh}"), kind, sur, fold(tok))
        if len(_TOK_CACHE) > 200_000:  # bounded: a long run of odd text must not grow it for ever
            _TOK_CACHE.clear()
        _TOK_CACHE[tok] = info
    return info


def _gazetteer_tags(toks: list[str], aa: list[bool], spans: list[tuple[int, int]], tried: list[int] | None = None) -> np.ndarray:
    """0/1/2 (O/B/I): runs of "Aa" tokens one space apart that name an administrative unit (longest first).

    ``aa`` marks the tokens of shape "Aa"; only those that begin some name of two syllables or
    more are tried (a one-syllable name is never tagged): ``tried``, their numbers, when known.
    """
    lex = _lexicon()
    n = len(toks)
    gaz = np.zeros(n, dtype=np.intp)
    names, longest, firsts = lex.names, lex.max_words, lex.name_firsts
    if tried is None:
        tried = [i for i in compress(range(n), aa) if toks[i] in firsts]
    for i in tried:
        j = i + 1  # the run of "Aa" tokens one space apart starting at i
        while j < n and j - i < longest and aa[j] and spans[j][0] == spans[j - 1][1] + 1:
            j += 1
        for m in range(j, i + 1, -1):
            if " ".join(toks[i:m]) in names:
                gaz[i] = 1
                for k in range(i + 1, m):
                    gaz[k] = 2
                break
    return gaz


_GAZ = ("g=O", "g=B", "g=I")
_RUNS = ("", *(f"cr={size}{where}" for size in range(1, 6) for where in "SBIE"))


def _bounds(spans: list[tuple[int, int]]) -> np.ndarray:
    """The token offsets as an array ``[token, (start, end)]``."""
    return np.fromiter(chain.from_iterable(spans), dtype=np.intp, count=2 * len(spans)).reshape(-1, 2)


def _runs(flagged: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of flagged tokens next to each other, one space apart: their first tokens and the
    tokens just past their last, in order (``flagged``: a boolean per token; ``bounds``: :func:`_bounds`)."""
    k = np.flatnonzero(flagged)
    if not len(k):
        return k, k
    apart = np.flatnonzero((k[1:] != k[:-1] + 1) | (bounds[k[1:], 0] != bounds[k[:-1], 1] + 1))
    return k[np.concatenate([[0], apart + 1])], k[np.append(apart, len(k) - 1)] + 1


def _runs_listed(flagged: list[bool], spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """:func:`_runs` on lists (for a short text): the first token of each run and the token past its last."""
    first: list[int] = []
    past: list[int] = []
    for i in compress(range(len(flagged)), flagged):
        if past and past[-1] == i and spans[i][0] == spans[i - 1][1] + 1:
            past[-1] = i + 1
        else:
            first.append(i)
            past.append(i + 1)
    return first, past


def _run_positions_listed(n: int, first: list[int], past: list[int]) -> list[int]:
    """:func:`_run_positions` of ``n`` tokens from the runs of :func:`_runs_listed`, as a list."""
    out = [0] * n
    for i, j in zip(first, past):
        base = 1 + 4 * (min(j - i, 5) - 1)
        if j - i == 1:
            out[i] = base  # alone
            continue
        out[i] = base + 1  # first
        out[i + 1:j - 1] = [base + 2] * (j - i - 2)  # inside
        out[j - 1] = base + 3  # last
    return out


def _run_positions(cap: np.ndarray, runs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Each token's place in its run of capitalised tokens one space apart ("Nguyễn Văn An"), as
    an index of _RUNS (the run's length up to 5 and S/B/I/E; 0 outside runs); ``runs`` are
    :func:`_runs` of ``cap``, which they partition."""
    out = np.zeros(len(cap), dtype=np.intp)
    first, past = runs
    if len(first):
        size = past - first
        base = 1 + 4 * (np.minimum(size, 5) - 1)
        out[cap] = np.repeat(base + 2, size)  # inside
        out[past - 1] = base + 3  # last
        out[first] = np.where(size == 1, base, base + 1)  # first, or alone
    return out


_QUOTES = {"“": "”", '"': '"', "«": "»"}
_NEWLINE = regex.compile("\n")
_QUOTED_MAX = 16  # tokens inside a quoted name at most
_KIND_REACH = 4  # how far back a trigger word ("phong trào", "Ban") is remembered


def _known_names(text: str, proposals: list[tuple[int, int, str]]) -> dict[str, str]:
    """Names the rules found in this text, by label: whole names, a person's last one or two
    syllables ("Hiền" for "Nguyễn Thị Hiền"), and an acronym in brackets right after a name
    ("Hàng VN chất lượng cao (HVNCLC)")."""
    known: dict[str, str] = {}
    for s, e, lab in proposals:
        if lab not in _KNOWN_LABELS:
            continue
        name = text[s:e]
        known.setdefault(name, lab)
        if lab == "PER":
            parts = name.split()
            for k in (1, 2):
                if len(parts) > k:
                    known.setdefault(" ".join(parts[-k:]), lab)
        m = _BRACKETED.match(text, e)
        if m:
            known.setdefault(m.group(1), lab)
    return known


_KNOWN_LABELS = ("PER", "LOC", "ORG", "PROGRAM")
_LIST_JOINS = frozenset({",", "và", ";"})
_BRACKETED = regex.compile(r" ?\((\p{Lu}[\p{Lu}\d&.-]{1,11})\)")


def _context(text: str, spans: list[tuple[int, int]], toks: list[str], infos: list[_Tok],
             proposals: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Features of a token's wider context, for names the neighbours alone do not show, as
    (token index, feature) pairs (few tokens have any):

    * inside a short quotation on one line: "q=in", and "qk=KIND" with the kind of a trigger word
      just before the opening mark (phong trào “Người tốt việc tốt” is a programme; a quoted
      slogan after "nói" is not), a later name of a quoted list taking the first one's kind
      (phong trào “A”, “B” và “C”); the marks themselves "q=open" / "q=close";
    * two to four tokens after a trigger word: "kd=KIND|DISTANCE" ("phong trào thi đua yêu nước",
      "Trung tâm Đăng ký quyền sử dụng đất");
    * a run of capitalised tokens written as a name the rules found elsewhere in the text:
      "dl=LABEL" (:func:`_known_names`: "chị Hiền ... đưa Hiền về", "(LĐBĐVN) ... trụ sở LĐBĐVN");
    * on a programme the rules proposed, the kinds of cue word around it: "pc=CLASS"
      (:func:`_programme_context`).
    """
    known = _known_names(text, proposals) if proposals else {}
    bounds = _bounds(spans)
    kinds = [t.kind for t in infos]
    named = _named_elsewhere(text, bounds, _runs(np.array([t.cap for t in infos], dtype=bool), bounds), known)
    return (_quoted(text, spans, toks, kinds.__getitem__, bounds[:, 0])
            + [(k, _KIND_GAP[infos[t].kind or "", k - t]) for k, t in _trigger_gaps(infos)]  # a trigger has a kind
            + [(k, f"dl={lab}") for i, j, lab in named for k in range(i, j)]
            + _programme_context(text, spans, proposals))


def _quoted(text: str, spans: list[tuple[int, int]], toks: list[str], kind_of: Callable[[int], str | None],
            starts: np.ndarray) -> list[tuple[int, str]]:
    """:func:`_context`'s quotation features; ``kind_of(k)``: token k's kind; ``starts``: the tokens' starts.

    An opening mark is always a token of its own, so the marks in the text are the tokens."""
    n = len(toks)
    out: list[tuple[int, str]] = []
    after = -1  # quotations do not overlap: the next one opens after the last one closed
    listed: str | None = None  # the kind of the quotation just closed, for a list of quoted names
    for i in np.searchsorted(starts, [m.start() for m in _QUOTE_CHARS.finditer(text)]).tolist():
        if i <= after:
            continue
        close = _QUOTES[toks[i]]
        j = i + 1
        while j < n and j - i <= _QUOTED_MAX and toks[j] != close and "\n" not in text[spans[j - 1][1]:spans[j][0]]:
            j += 1
        if j < n and j > i + 1 and toks[j] == close:
            kind = next((kind_of(k) for k in range(i - 1, max(-1, i - 4), -1) if kind_of(k)), None)
            if kind is None and listed and i - after in (2, 3) and all(t in _LIST_JOINS for t in toks[after + 1:i]):
                kind = listed  # phong trào “A”, “B” và “C”: every name in the list follows the trigger
            out.append((i, "q=open"))
            quoted = f"qk={kind}"
            for k in range(i + 1, j):
                out += ((k, "q=in"), (k, quoted))
            out.append((j, "q=close"))
            after, listed = j, kind
    return out


def _trigger_gaps(infos: list[_Tok]) -> list[tuple[int, int]]:
    """(token, trigger) pairs: the token two to four after the trigger word, none between."""
    n = len(infos)
    at = list(compress(range(n), map(_KIND_OF, infos)))  # trigger words
    out = []
    for t, nxt in zip(at, at[1:] + [n]):
        for gap in range(2, _KIND_REACH + 1):  # the nearest trigger before token t + gap is t
            if t + gap > nxt or t + gap >= n:
                break
            out.append((t + gap, t))
    return out


def _named_elsewhere(text: str, bounds: np.ndarray, runs: tuple[np.ndarray, np.ndarray],
                     known: dict[str, str]) -> list[tuple[int, int, str]]:
    """:func:`_context`'s "dl=LABEL" features: the capitalised runs (:func:`_runs`) written as a
    name found elsewhere, as (first token, token past the last, label)."""
    out: list[tuple[int, int, str]] = []
    first, past = runs
    if known and len(first):
        for i, j, s, e in zip(first.tolist(), past.tolist(), bounds[first, 0].tolist(), bounds[past - 1, 1].tolist()):
            lab = known.get(text[s:e])
            if lab:
                out.append((i, j, lab))
    return out


@lru_cache(maxsize=1)
def _programme_cues() -> tuple[regex.Pattern, dict[str, str], tuple[str, ...]]:
    """The cue words of resources/entities/program_context.tsv: one pattern, word -> class, the classes."""
    from vnpolicy.entities.lexicon import alternation, table

    rows = table("program_context.tsv")
    classes = {r["word"]: r["class"] for r in rows}
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(classes)})(?![\p{{L}}\d])")
    return pattern, classes, tuple(sorted(set(classes.values())))


_CUE_REACH = 150  # characters either side of a proposed programme, within its sentence
_SENTENCE_ENDS = (". ", "! ", "? ", "\n")


def _programme_context(text: str, spans: list[tuple[int, int]], proposals: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """"pc=CLASS" on the tokens of each programme the rules proposed, for each class of cue word
    near it (:func:`_programme_cues`): most "chương trình" and "chiến dịch" in news are shows,
    software, promotions, courses or contests, and only their surroundings tell them from a
    public programme ("Đài truyền hình phát sóng chương trình …" vs "Bộ triển khai chương trình …")."""
    out: list[tuple[int, str]] = []
    programmes = [(s, e) for s, e, lab in proposals if lab == "PROGRAM"]
    if not programmes:
        return out
    pattern, classes, _ = _programme_cues()
    starts = [a for a, _ in spans]
    for s, e in programmes:
        lo = max(s - _CUE_REACH, 0, *(text.rfind(mark, max(0, s - _CUE_REACH), s) + 1 for mark in _SENTENCE_ENDS))
        hi = min(e + _CUE_REACH, len(text), *(f for f in (text.find(mark, e, e + _CUE_REACH) for mark in _SENTENCE_ENDS) if f >= 0))
        found = sorted({classes[m.group(0)] for m in pattern.finditer(text, lo, hi)})
        if found:
            out += [(k, f"pc={c}") for k in range(bisect_left(starts, s), bisect_left(starts, e)) for c in found]
    return out


_KIND_OF = attrgetter("kind")
_SHORT = 256  # tokens: up to this many, _Scorer.scores finds the capitalised runs on lists
_FEW_PROPOSALS = 16  # the rules' proposals in a text: up to this many, _Scorer._rule_tags sets them in turn
_FEW_TRIGGERS = 32  # trigger words in a text: up to this many, _Scorer._trigger_gaps finds the gaps in plain Python
_QUOTE_CHARS = re.compile("[" + "".join(_QUOTES) + "]")


_SHAPES = ("d1", "d2", "d3", "d4", "p", "AA", "A", "Aa", "a", "aA")  # _shape's values; "AA", "A", "Aa" are capitalised
_KINDS = (None, "site", "prog", "doc", "org", "title")  # a first word's kind in the lexicon, or none
_KIND_GAP = {(kind, gap): f"kd={kind}|{gap}" for kind in _KINDS[1:] for gap in range(2, _KIND_REACH + 1)}


def features(text: str, spans: list[tuple[int, int]], proposals: list[tuple[int, int, str]]) -> list[list[str]]:
    """The CRF's features for each token of ``text``.

    Per-token strings (the word, its shape, gazetteer kinds, "stop" for a word that ends names)
    are built once per distinct token and cached; neighbours reuse them, so a token costs a few list operations. "dw-1" / "dw+1": the
    token and its neighbour make a two-syllable word of the segmenter's dictionary (names do not
    usually end inside a word). :func:`_context` adds quotation, trigger-distance and
    names-found-elsewhere features. :class:`_Scorer` must add up exactly these strings' weights.
    """
    toks = [text[s:e] for s, e in spans]
    infos = [_tok(t) for t in toks]
    n = len(toks)
    rule = _bio(spans, proposals)
    gaz = _gazetteer_tags(toks, [t.shape == "Aa" for t in infos], spans).tolist()
    cap = np.array([t.cap for t in infos], dtype=bool)
    run_pos = [_RUNS[k] for k in _run_positions(cap, _runs(cap, _bounds(spans))).tolist()]
    ctx: list[list[str]] = [[] for _ in range(n)]
    for i, name in _context(text, spans, toks, infos, proposals):
        ctx[i].append(name)
    r_own = [f"r={t}" for t in rule]
    r_prev = [f"r-1={t}" for t in rule]
    r_next = [f"r+1={t}" for t in rule]
    bigrams = [f"{infos[i].low}|{infos[i + 1].low}" for i in range(n - 1)]
    words2 = _lexicon().words2
    in_word = [f"{infos[i].folded} {infos[i + 1].folded}" in words2 for i in range(n - 1)]  # tokens i, i+1 make a word
    shape_pairs = [f"{infos[i].shape}|{infos[i + 1].shape}" for i in range(n - 1)]
    out = []
    for i in range(n):
        t = infos[i]
        sh = t.shape
        f = [t.own[0], t.own[1], r_own[i], _GAZ[gaz[i]]]
        if run_pos[i]:
            f.append(run_pos[i])
        if i == 0 or toks[i - 1] in _SENT_BEFORE or "\n" in text[spans[i - 1][1]:spans[i][0]]:
            f.append("sent")
        if len(t.own) > 2:
            f += t.own[2:]
        if i:
            p = infos[i - 1]
            f += p.p1
            f += ("b-1=" + bigrams[i - 1], r_prev[i - 1], "ss-1=" + shape_pairs[i - 1])
            if p.kind:
                f.append(f"k-1={p.kind}|{sh}")  # "ông Thọ", "tỉnh Long An", "Luật Đất đai"
            if p.sur:
                f.append(f"sur-1|{sh}")
            if spans[i][0] == spans[i - 1][1]:
                f.append("glued")
            if in_word[i - 1]:
                f.append("dw-1")
            if i > 1:
                f += infos[i - 2].p2
        else:
            f.append("BOS")
        if i + 1 < n:
            nx = infos[i + 1]
            f += nx.n1
            f += ("b+1=" + bigrams[i], r_next[i + 1], "ss+1=" + shape_pairs[i])
            if in_word[i]:
                f.append("dw+1")
            if i + 2 < n:
                f += infos[i + 2].n2
        else:
            f.append("EOS")
        if ctx[i]:
            f += ctx[i]
        if rule[i][0] == "B":
            f.append(f"rw={rule[i]}|{t.low}")  # which head the rules trusted: "chương" vs "phong", "ban" vs "sở"
        out.append(f)
    return out




def decode(spans: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """Character spans from BIO tags (an I- after O or another label starts a span).

    Only the tokens not tagged "O" are visited (most of an article is outside every name): a gap
    before a token means an "O" closed the span before it."""
    out: list[tuple[int, int, str]] = []
    cur: tuple[int, int, str] | None = None
    last = -2
    for i in compress(range(len(spans)), map(ne, tags, repeat("O"))):
        tag = tags[i]
        kind, lab = tag[:1], tag[2:]
        if i != last + 1 or kind == "B" or cur is None or cur[2] != lab:
            if cur:
                out.append(cur)
            cur = (spans[i][0], spans[i][1], lab)
        else:
            cur = (cur[0], spans[i][1], lab)
        last = i
    if cur:
        out.append(cur)
    return out


# The project's span policy, applied to what the model proposes (org.py, legal.py docstrings; the
# VNTC guidelines agree on the second): a bare "Đảng"/"Nhà nước" is not an ORG (VNTC annotators
# split about evenly on it), and "của Đảng"/"của Đảng bộ …" is not a document's issuer.
_A_MEMBER = regex.compile(r" viên(?![\p{L}\d])")
# "nộp hồ sơ trên Cổng Dịch vụ công quốc gia": where citizens file papers, no body (heldout7's gold
# leaves it unmarked); a portal named as a news source is one ("Cổng TTĐT huyện")
_SERVICE_PORTAL = regex.compile(r"Cổng [Dd]ịch vụ công")
# after a name, a bracket or a comma: "Phạm Thị Hân (sinh năm 1986", "Nguyễn Út Lê, sinh năm 1982"; not "tuyển sinh năm 2006"
_BIRTH_YEAR = regex.compile(r"(?:(?<=\()|(?<=, )|(?<=\p{Lu}\p{Ll}* ))(?:sinh|SN) (?:năm )?\d{4}$")


@lru_cache(maxsize=1)
def _policy_words() -> tuple[frozenset[str], frozenset[str], regex.Pattern, frozenset[str]]:
    """cue_words.tsv [bare_body_word] ("Đảng", "Ban", "HTX": no body alone), [not_a_name] (acronyms of
    schemes and apps the model read as names: heldout11, 15, 16), [product_word] before a name (a
    product named for its place, "sâm Ngọc Linh") and [byline_role] ("BT: Hà Anh": who edited)."""
    from vnpolicy.entities.lexicon import cue_words, ordered_alternation

    products = regex.compile(rf"(?<![\p{{L}}])(?:{ordered_alternation(cue_words('product_word'))}) $")
    return (frozenset(cue_words("bare_body_word")), frozenset(cue_words("not_a_name")), products,
            frozenset(cue_words("byline_role")))


_KIND_OF_PROJECT = regex.compile(r"(?:[Dd]ự án|[Cc]hương trình|[Đđ]ề án) (\S+)")


@lru_cache(maxsize=1)
def _project_types() -> frozenset[str]:
    """cue_words.tsv [project_type]: acronyms of a kind of project ("ODA", "BOT"), no name after a head."""
    from vnpolicy.entities.lexicon import cue_words

    return frozenset(cue_words("project_type"))


@lru_cache(maxsize=1)
def _course() -> regex.Pattern:
    """"chương trình" and a cue_words.tsv [course_word] ("Thạc sĩ", "đào tạo"): a course of study, no PROGRAM."""
    from vnpolicy.entities.lexicon import alternation, cue_words, with_capital

    forms = [*with_capital(cue_words("course_word")), *(w.title() for w in cue_words("course_word"))]
    return regex.compile(rf"[Cc]hương trình (?:{alternation(forms)})(?![\p{{L}}\p{{M}}\d])")


@lru_cache(maxsize=1)
def _project_head() -> regex.Pattern:
    """A project's or a scheme's head (the words of ``program_named_triggers.txt`` that end in "án":
    "Dự án", "đề án", "Tiểu dự án"): a span that starts with one is no body. No ORG span of VNTC's
    train and dev gold or of heldout6-18 starts with one (against 347 PROGRAM and 2 LEGAL_DOC; counted
    2026-12-04), and the model read two such projects as bodies in the train CV."""
    from vnpolicy.entities.lexicon import alternation, words

    return regex.compile(rf"(?:{alternation(w for w in words('program_named_triggers.txt') if w.endswith('án'))}) ")


@lru_cache(maxsize=1)
def _un_programme_bodies() -> frozenset[str]:
    """cue_words.tsv [un_programme_body], lower-cased: a United Nations body called "Chương trình …"
    (WFP, UNDP, UNEP) is an ORG by the VNTC guidelines, not a PROGRAM."""
    from vnpolicy.entities.lexicon import cue_words

    return frozenset(w.lower() for w in cue_words("un_programme_body"))


# "người tham gia BHXH tự nguyện": the insurance one joins, not the agency (heldout11, heldout14)
_INSURANCE = frozenset({"BHXH", "BHYT", "BHTN"})
_INSURED = regex.compile(r"(?:tham gia|đóng|hưởng|thẻ|sổ) $")
_DAY_MONTH = regex.compile(r"(\d{1,2})[/-](\d{1,2})")


def _a_day(m: regex.Match) -> bool:
    """A day and month ("17/6"), or a month and a two-digit year ("9/98")."""
    first, second = int(m.group(1)), int(m.group(2))
    return (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and len(m.group(2)) == 2)
_NOT_ISSUER = regex.compile(r" của (?:Đảng|Đảng bộ)(?![\p{L}\d])(?! [uủ][yỷ])")  # "của Đảng ủy xã" is an issuer
# A "Quy chế" is a document when it is numbered ("Quy chế số 12-QC/TU"); "thực hiện Quy chế dân
# chủ cơ sở" names a practice, which the project's reference article leaves unmarked (neither a
# document nor a programme; no gold span starts with "Quy chế" as a PROGRAM).
_PRACTICE = regex.compile(r"Quy chế [^\d]*")


# "từ" starts a date's span only where it opens a range ("từ năm 2021 đến nay", VNTC's "Từ năm 1999 -
# 2002"); the portal sets' gold leaves it out before one point in time ("từ đầu tháng 11", "Từ ngày
# 20/9/2021") and before a range of days in one month ("Từ ngày 9 - 11/12/2024": 14 in 14).
_FROM = regex.compile(r"[Tt]ừ (?=\S)")
_DAYS_IN_A_MONTH = regex.compile(r"ngày \d{1,2} ?[-–] ?\d{1,2}/")
_RANGE = regex.compile(r" (?:đến|tới|trở)|\d ?[-–] ?\d")
# a foreign name's hyphenated last part ("Ki-moon", "Min-jun"); not a dash glued before a Vietnamese
# word with its marks ("Van Doorn-đồng giám đốc"), though it takes an unmarked one ("Long-anh trai")
_NAME_TAIL = regex.compile(r"-[a-z]+(?![\p{L}\d])")
_TERM_IN_BRACKETS = regex.compile(r" \([Kk]hóa [IVXLC]+\)")
_DAY_TIME = regex.compile(r"(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Rr]ạng sáng)(?: (?:nay|qua|hôm qua))? (?=\d)")


def span_policy(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop or trim tagger spans the project's annotation policy rules out, and give a programme
    the period it is named for when the model cut it off as a DATE ("Chương trình … | năm 2004")."""
    from vnpolicy.entities.date import is_weekday
    from vnpolicy.entities.program import head_before, names_its_kind, period_after

    bare_bodies, no_names, products_before, byline_roles = _policy_words()

    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        if lab == "PROGRAM" and text[s:e].lower() in _un_programme_bodies():
            lab = "ORG"  # "Chương trình Lương thực Thế giới (WFP)": a UN body, not a programme
        elif lab == "ORG" and _project_head().match(text, s, e):
            lab = "PROGRAM"  # "Dự án Giáo dục Dinh dưỡng Mầm non" read as a body
        if lab == "PROGRAM" and s and text[s - 1] not in _QUOTES and not names_its_kind(text, s, e):
            s = head_before(text, s)  # "chiến dịch | Mùa hè xanh": an unquoted name keeps its head word
        if lab == "DATE" and out and out[-1][2] == "PROGRAM" and period_after(text, out[-1][1]) == e:
            out[-1] = (out[-1][0], e, "PROGRAM")
            continue
        if lab == "DATE":
            day = _DAY_TIME.match(text, s, e)
            if day and day.end() < e:
                s = day.end()  # "Trưa 14/11/2023": the date, without the time of day (guidelines, DATE)
            if _FROM.match(text, s, e) and (_DAYS_IN_A_MONTH.match(text, s + 3, e) or not _RANGE.search(text, s, e)):
                s += len("từ ")  # "Từ ngày 9 - 11/12/2024": the range is the date; "từ … đến …" keeps its "từ"
        if lab == "PER" and (tail := _NAME_TAIL.match(text, e)):
            e = tail.end()  # "Park Min-jun", "Ban Ki-moon": a name's hyphenated last part
        if lab == "LEGAL_DOC":  # "Nghị quyết Trung ương 4 (khóa XII)": the term in brackets, whole
            opened = text.find(" (", s, e)
            term = _TERM_IN_BRACKETS.match(text, opened if opened > s else e)
            if term and term.end() >= e:
                e = term.end()
        if lab == "PER" and is_weekday(text[s:e]):
            continue  # "Thứ Ba, 29/10/2024": a dateline's weekday
        if text[s:e] in no_names or (lab == "PER" and products_before.search(text, max(0, s - 8), s)):
            continue  # "thẻ vàng IUU", "VNeID": a scheme and an app; "sâm Ngọc Linh": a product named for its mountain
        if lab == "DATE" and (birth := _BIRTH_YEAR.search(text, max(0, s - 6), e)) and birth.end() == e:
            continue  # "(sinh năm 1986, ngụ …)": an age, no date (unmarked 22 times in 22 in the portal gold, 43 in 66 in VNTC's)
        if lab == "ORG" and (text[s:e] in bare_bodies or _A_MEMBER.match(text, e) or _SERVICE_PORTAL.match(text, s)
                             or _every_unit().match(text, e) or (text[s:e] in byline_roles and text.startswith(":", e))
                             or (text[s:e] in _INSURANCE and _INSURED.search(text, max(0, s - 12), s))):
            continue  # "nguyên Huyện ủy viên": a member of the committee, a title; the e-service portal, a website
        if lab == "DATE" and (day_month := _DAY_MONTH.fullmatch(text, s, e)) and not _a_day(day_month):
            continue  # "17/17 chỉ tiêu": a fraction, no day of a month
        cut = text.find(" (", s, e)
        if cut > s and text.find(")", cut, e) < 0:
            e = cut  # "BV K (Hà Nội": a bracket opened and left open is the next thing, not the name
        if lab in ("LEGAL_DOC", "PROGRAM") and _PRACTICE.fullmatch(text, s, e):
            continue
        if lab == "PROGRAM" and (kind := _KIND_OF_PROJECT.fullmatch(text, s, e)) and kind.group(1) in _project_types():
            continue  # "các dự án ODA", "dự án BOT": a kind of project, no name
        if lab == "PROGRAM" and _course().match(text, s, e):
            continue  # "Chương trình Thạc sĩ", "chương trình đào tạo …": a course of study
        if lab == "LEGAL_DOC":
            m = _NOT_ISSUER.search(text, s, e)
            if m and m.start() > s:
                body = m.start() + len(" của ")
                out.append((s, m.start(), lab))
                if text.startswith("Đảng bộ ", body) and e - body > len("Đảng bộ "):
                    out.append((body, e, "ORG"))  # "… của Đảng bộ Huyện ủy Tháp Mười": not the issuer, still a body
                continue
        out.append((s, e, lab))
    return out


# -- scoring without crfsuite ---------------------------------------------------------------

class _Scorer:
    """The CRF's state scores of :func:`features`, summed from weights looked up by number.

    Why: building every feature string ("b-1=ủy|ban", "r+1=I-ORG") for crfsuite and having it
    hash them back cost as much as the rules themselves. The features split into parts that
    depend on one token string (its word, shape and kinds, as seen from itself and from each
    neighbour up to two away), on one pair of neighbours (their bigram and shape pair), or on a
    handful of values (rule tags, gazetteer tags, capitalised runs, sentence starts). Each part's
    weight row is summed once, the per-string ones when a string is first seen, so a text costs
    a few dict probes and numpy gathers per token; :func:`vnpolicy.tokenize.crf_weights.viterbi`
    then makes crfsuite's decision (``tests/test_entity_tagger.py`` checks they agree).
    """

    _LIMIT = 200_000  # distinct tokens remembered, like the feature strings' cache

    def __init__(self, weights: CrfArrays) -> None:
        self.labels = list(weights.tags)
        self.weights = dict(zip(weights.attributes, weights.matrix))  # attribute -> its row (a view)
        self.transitions = weights.transitions
        self.zero = np.zeros(len(self.labels))
        w, tags, shapes = self.row, self.labels, _SHAPES
        self.tag_index = {tag: i for i, tag in enumerate(tags)}
        self.begins = np.array([tag.startswith("B-") for tag in tags] + [False])  # by rule tag number (last: unknown)
        # one column per label the model knows, and a last one (zero) for a rule label it does not
        self.rule = np.array([[w(f"{name}={tag}") for tag in tags] + [self.zero] for name in ("r", "r-1", "r+1")])
        self.gaz = np.array([w(g) for g in _GAZ])
        self.runs = np.array([w(r) if r else self.zero for r in _RUNS])
        self.pairs = np.array([[w(f"{name}={a}|{b}") for a in shapes for b in shapes] for name in ("ss-1", "ss+1")])
        self.after_kind = np.array([w(f"k-1={kind}|{sh}") if kind else self.zero for kind in _KINDS for sh in shapes])
        self.after_surname = np.array([self.zero] * len(shapes) + [w(f"sur-1|{sh}") for sh in shapes])
        self.flags = {name: w(name) for name in ("sent", "glued", "BOS", "EOS")}
        # every feature :func:`_context` can give (a few dozen), numbered: its row of ctx_rows
        names = ["q=open", "q=close", "q=in", *(f"qk={kind}" for kind in _KINDS), *_KIND_GAP.values(),
                 *(f"dl={lab}" for lab in _KNOWN_LABELS), *(f"pc={c}" for c in _programme_cues()[2])]
        self.ctx_ids = {name: i for i, name in enumerate(names)}
        self.ctx_rows = np.array([w(name) for name in names])
        # gap_rows[kind, gap]: the row of "kd=KIND|GAP" in ctx_rows (kind as _KINDS numbers it)
        self.gap_rows = np.zeros((len(_KINDS), _KIND_REACH + 1), dtype=np.intp)
        for (kind, gap), name in _KIND_GAP.items():
            self.gap_rows[_KINDS.index(kind), gap] = self.ctx_ids[name]
        self.gap_list: list[list[int]] = self.gap_rows.tolist()
        self._reset()

    def row(self, attribute: str) -> np.ndarray:
        return self.weights.get(attribute, self.zero)

    def _reset(self) -> None:
        size = len(self.labels)
        self.ids: dict[str, int] = {}
        self.lows: list[str] = []
        self.folded: list[str] = []
        self.token_rows = np.zeros((1024, 5, size))  # own, as w-1, w-2, w+1, w+2 (doubled as needed)
        self.meta = np.zeros((1024, 5), dtype=np.intp)  # shape, kind, surname, ends a sentence, begins a unit's name
        self.pair_ids: dict[int, int] = {}
        self.pair_keys = np.full(1, -1, dtype=np.int64)  # the codes of pair_ids, sorted (-1: no pair), ...
        self.pair_sorted = np.zeros(1, dtype=np.intp)  # ... and their rows
        self.pair_rows = np.zeros((1024, 2, size))  # b-1 and dw-1 (on the second), b+1 and dw+1 (on the first); row 0 unknown
        self.pair_count = 1

    def _id(self, tok: str) -> int:
        found = self.ids.get(tok)
        if found is not None:
            return found
        info, w = _tok(tok), self.row
        i = len(self.lows)
        if i == len(self.meta):
            self.token_rows = np.concatenate([self.token_rows, np.zeros_like(self.token_rows)])
            self.meta = np.concatenate([self.meta, np.zeros_like(self.meta)])
        self.token_rows[i] = [sum(map(w, info.own), self.zero), sum(map(w, info.p1), self.zero),
                              sum(map(w, info.p2), self.zero), sum(map(w, info.n1), self.zero), sum(map(w, info.n2), self.zero)]
        self.meta[i] = (_SHAPES.index(info.shape), _KINDS.index(info.kind), info.sur, tok in _SENT_BEFORE,
                        tok in _lexicon().name_firsts)
        self.lows.append(info.low)
        self.folded.append(info.folded)
        self.ids[tok] = i
        return i

    def _pairs(self, codes: np.ndarray) -> np.ndarray:
        """The pair_rows numbers of token pairs (codes: first id << 32 | second id).

        Why: a dict probe per pair from Python cost as much as the rest of the pair features. The
        pairs seen are also kept sorted in arrays, where numpy finds them all at once; only the
        pairs not there yet go through the dict (and :meth:`_pair` for new ones), and the arrays
        are rebuilt from the dict once it holds a quarter more (amortised: a few per pair).
        """
        keys, rows = self.pair_keys, self.pair_sorted
        # searched in sorted order (each search then starts near the last: half the time on an
        # article's pairs), the places put back in text order
        order = np.argsort(codes)
        at = np.empty(len(codes), dtype=np.intp)
        at[order] = np.searchsorted(keys, codes[order])
        np.minimum(at, len(keys) - 1, out=at)
        found = rows[at]
        missed = np.flatnonzero(keys[at] != codes)
        if len(missed):
            get, new = self.pair_ids.get, self._pair
            found[missed] = [new(c) if (f := get(c)) is None else f for c in codes[missed].tolist()]
            if len(self.pair_ids) > 1.25 * len(keys) + 256:
                keys = np.fromiter(self.pair_ids, dtype=np.int64, count=len(self.pair_ids))
                order = np.argsort(keys)
                self.pair_keys = keys[order]
                self.pair_sorted = np.fromiter(self.pair_ids.values(), dtype=np.intp, count=len(keys))[order]
        return found

    def _pair(self, code: int) -> int:
        first, second = code >> 32, code & 0xFFFFFFFF
        pair = self.lows[first] + "|" + self.lows[second]
        before, after = self.weights.get("b-1=" + pair), self.weights.get("b+1=" + pair)
        word = self.folded[first] + " " + self.folded[second] in _lexicon().words2
        row = 0
        if before is not None or after is not None or word:
            row = self.pair_count
            if row == len(self.pair_rows):
                self.pair_rows = np.concatenate([self.pair_rows, np.zeros_like(self.pair_rows)])
            self.pair_rows[row] = [self.row("b-1=" + pair) + (self.row("dw-1") if word else 0),
                                   self.row("b+1=" + pair) + (self.row("dw+1") if word else 0)]
            self.pair_count += 1
        self.pair_ids[code] = row
        return row

    def scores(self, text: str, spans: list[tuple[int, int]], proposals: list[tuple[int, int, str]]) -> np.ndarray:
        """State scores ``[token, label]``: what crfsuite sums for :func:`features` (text, spans, proposals)."""
        toks = token_texts(text, spans)
        n = len(toks)
        if len(self.lows) + n > self._LIMIT or len(self.pair_ids) + n > 5 * self._LIMIT:
            self._reset()
        ids: list[int] = list(map(self.ids.get, toks))  # type: ignore[arg-type]
        if None in ids:
            ids = [self._id(t) if i is None else i for t, i in zip(toks, ids)]
        idx = np.array(ids)
        rows = self.token_rows[idx]  # one gather: own, as w-1, w-2, w+1, w+2 of every token
        out = rows[:, 0].copy()
        meta = self.meta[idx]
        shape = meta[:, 0]
        bounds = np.fromiter(chain.from_iterable(spans), dtype=np.intp, count=2 * n).reshape(n, 2)
        starts = bounds[:, 0]
        if n > 1:
            out[1:] += rows[:-1, 1]
            out[:-1] += rows[1:, 3]
            if n > 2:
                out[2:] += rows[:-2, 2]
                out[:-2] += rows[2:, 4]
            found = self._pairs((idx[:-1] << 32) | idx[1:])  # may grow pair_rows: before reading it
            pair = self.pair_rows[found]
            out[1:] += pair[:, 0]
            out[:-1] += pair[:, 1]
            shape_pair = shape[:-1] * len(_SHAPES) + shape[1:]
            out[1:] += self.pairs[0][shape_pair] + self.after_kind[meta[:-1, 1] * len(_SHAPES) + shape[1:]] \
                + self.after_surname[meta[:-1, 2] * len(_SHAPES) + shape[1:]]
            out[:-1] += self.pairs[1][shape_pair]
            glued = np.flatnonzero(starts[1:] == bounds[:-1, 1]) + 1
            if len(glued):
                out[glued] += self.flags["glued"]
            sent = meta[:-1, 3].nonzero()[0] + 1
            out[sent] += self.flags["sent"]
            if "\n" in text:  # the first token after a line break (a token never holds one)
                after = np.searchsorted(starts, [m.start() for m in _NEWLINE.finditer(text)])
                after = np.unique(after[(after > 0) & (after < n)])
                broken = after[meta[after - 1, 3] == 0]
                out[broken] += self.flags["sent"]
        out[0] += self.flags["sent"] + self.flags["BOS"]
        out[-1] += self.flags["EOS"]
        tag_index, unknown = self.tag_index.get, len(self.labels)
        rule = np.full(n, tag_index("O", unknown), dtype=np.intp)  # _bio's tags, by number
        if proposals:
            self._rule_tags(rule, starts, proposals)
            labels, lows, row = self.labels, self.lows, self.row
            heads = np.flatnonzero(self.begins[rule]).tolist()
            if heads:  # "rw": the rules' head word with its label (one a token: added at once)
                out[heads] += [row(f"rw={labels[rule[i]]}|{lows[ids[i]]}") for i in heads]
        out += self.rule[0][rule]
        if n > 1:
            out[1:] += self.rule[1][rule[:-1]]
            out[:-1] += self.rule[2][rule[1:]]
        # :func:`_context`'s features, added in its order (quotations, trigger gaps, names found
        # elsewhere): the gaps by number from the kind column (a token has at most one gap, and
        # one name), so only the few quotation features need np.add.at's ordered sums.
        table = self.ctx_ids
        kinds = meta[:, 1]
        quoted = _quoted(text, spans, toks, lambda k: _KINDS[kinds[k]], starts)
        if quoted:
            np.add.at(out, [i for i, _ in quoted], self.ctx_rows[[table[name] for _, name in quoted]])
        at = kinds.nonzero()[0]
        if len(at) > _FEW_TRIGGERS:
            nxt = np.append(at[1:], n)
            gaps = [(at + gap)[(at + gap <= nxt) & (at + gap < n)] for gap in range(2, _KIND_REACH + 1)]
            where = np.concatenate(gaps)
            which = np.concatenate([self.gap_rows[kinds[g - gap], gap] for gap, g in enumerate(gaps, 2)])
            out[where] += self.ctx_rows[which]
        elif len(at):
            few, rows = self._trigger_gaps(at.tolist(), kinds[at].tolist(), n)
            if few:
                out[few] += self.ctx_rows[rows]
        cues = _programme_context(text, spans, proposals)
        if cues:
            np.add.at(out, [i for i, _ in cues], self.ctx_rows[[table[name] for _, name in cues]])
        if n <= _SHORT:
            self._add_runs_listed(out, text, spans, toks, shape.tolist(), meta[:, 4].tolist(), proposals)
            return out
        cap = (shape >= 5) & (shape <= 7)
        runs = _runs(cap, bounds)
        if proposals:
            for i, j, lab in _named_elsewhere(text, bounds, runs, _known_names(text, proposals)):
                out[i:j] += self.ctx_rows[table["dl=" + lab]]
        if len(runs[0]):
            aa = shape == 7
            tried = np.flatnonzero(aa & (meta[:, 4] == 1)).tolist()
            out += self.gaz[_gazetteer_tags(toks, aa.tolist(), spans, tried)]
            out += self.runs[_run_positions(cap, runs)]
        else:
            out += self.gaz[0]
        return out

    def _add_runs_listed(self, out: np.ndarray, text: str, spans: list[tuple[int, int]], toks: list[str],
                         shapes: list[int], firsts: list[int], proposals: list[tuple[int, int, str]]) -> None:
        """The end of :meth:`scores` for a short text, on lists: names found elsewhere ("dl="), the
        gazetteer's tags and the places in capitalised runs, added as the numpy there adds them.

        Why: a paragraph has a few capitalised runs, and finding them with numpy took some forty
        calls (a sixth of its scoring); a Python pass over a hundred tokens costs less. ``shapes``
        are the tokens' shape numbers, ``firsts`` whether each begins some unit's name."""
        cap = [5 <= s <= 7 for s in shapes]  # "AA", "A", "Aa"
        first, past = _runs_listed(cap, spans)
        if proposals:
            known = _known_names(text, proposals)
            if known:
                table = self.ctx_ids
                for i, j in zip(first, past):
                    lab = known.get(text[spans[i][0]:spans[j - 1][1]])
                    if lab:
                        out[i:j] += self.ctx_rows[table["dl=" + lab]]
        if first:
            aa = [s == 7 for s in shapes]  # "Aa"
            tried = [i for i in compress(range(len(aa)), aa) if firsts[i]]
            out += self.gaz[_gazetteer_tags(toks, aa, spans, tried)]
            out += self.runs[_run_positions_listed(len(cap), first, past)]
        else:
            out += self.gaz[0]

    def _trigger_gaps(self, at: list[int], kinds: list[int], n: int) -> tuple[list[int], list[int]]:
        """:func:`_trigger_gaps` by number: the tokens two to four after each trigger word (``at``, of
        kinds ``kinds``) with none between, and their rows of ``ctx_rows`` ("kd=KIND|GAP").

        Plain Python, for a paragraph's few trigger words (at most :data:`_FEW_TRIGGERS`): in
        numpy, gap by gap, the same took some thirty calls, a tenth of a paragraph's scoring; an
        article's hundreds are cheaper in numpy. A token has at most one gap, so the order of
        the additions does not matter."""
        where: list[int] = []
        which: list[int] = []
        rows = self.gap_list
        for t, nxt, kind in zip(at, at[1:] + [n], kinds):
            for gap in range(2, min(_KIND_REACH, nxt - t, n - 1 - t) + 1):
                where.append(t + gap)
                which.append(rows[kind][gap])
        return where, which

    def _rule_tags(self, rule: np.ndarray, starts: np.ndarray, proposals: list[tuple[int, int, str]]) -> None:
        """Set ``rule`` to the numbers of :func:`_bio`'s tags of ``proposals`` (a later one wins).

        A paragraph's few proposals are set in turn, their tokens found by bisection in a list
        (the numpy below costs some fifteen calls whatever the number); many are set at once."""
        tag_index, unknown = self.tag_index.get, len(self.labels)
        if len(proposals) <= _FEW_PROPOSALS:
            listed = starts.tolist()
            self._set_in_turn(rule, [bisect_left(listed, p[0]) for p in proposals],
                              [bisect_left(listed, p[1]) for p in proposals], proposals)
            return
        first = np.searchsorted(starts, [p[0] for p in proposals])
        past = np.searchsorted(starts, [p[1] for p in proposals])
        if not ((first[1:] >= past[:-1]) & (first[1:] >= first[:-1])).all():
            self._set_in_turn(rule, first.tolist(), past.tolist(), proposals)  # overlapping: in turn
            return
        # Apart, in order (the rules' resolved entities): every token takes one tag, all at once.
        labels = [lab for _, _, lab in proposals]
        kept = first < past
        b = np.array([tag_index("B-" + lab, unknown) for lab in labels], dtype=np.intp)[kept]
        i_ = np.array([tag_index("I-" + lab, unknown) for lab in labels], dtype=np.intp)[kept]
        first, past = first[kept], past[kept]
        rule[first] = b
        inner = past - first - 1
        if inner.any():
            rule[np.repeat(past - inner, inner) + _ranks(inner)] = np.repeat(i_, inner)

    def _set_in_turn(self, rule: np.ndarray, first: list[int], past: list[int], proposals: list[tuple[int, int, str]]) -> None:
        """:meth:`_rule_tags` one proposal after another: tokens ``first[k]`` to ``past[k]`` (excluded) of proposal k."""
        tag_index, unknown = self.tag_index.get, len(self.labels)
        for i, j, (_, _, lab) in zip(first, past, proposals):
            if i < j:
                rule[i] = tag_index("B-" + lab, unknown)
                rule[i + 1:j] = tag_index("I-" + lab, unknown)

    def tags(self, text: str, spans: list[tuple[int, int]], proposals: list[tuple[int, int, str]]) -> list[str]:
        from vnpolicy.tokenize.crf_weights import viterbi

        labels = self.labels
        return [labels[i] for i in viterbi(self.scores(text, spans, proposals), self.transitions)]


def _ranks(sizes: np.ndarray) -> np.ndarray:
    """0 .. size - 1 for each size, one after the other: ``_ranks([2, 0, 3])`` is ``[0, 1, 0, 1, 2]``."""
    ends = np.cumsum(sizes)
    return np.arange(int(ends[-1])) - np.repeat(ends - sizes, sizes)


# -- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CrfArrays:
    """A CRF's weights as plain arrays (what the model file stores, what :class:`_Scorer` reads).

    ``tags``: the CRF's labels in its own order; ``attributes``: the feature strings that have a
    weight; ``matrix[i, j]``: attribute i's weight for tag j; ``transitions[a, b]``: tag a followed
    by tag b. Exactly crfsuite's doubles.
    """

    tags: tuple[str, ...]
    attributes: list[str]
    matrix: np.ndarray
    transitions: np.ndarray

    @classmethod
    def from_crfsuite(cls, crf_bytes: bytes) -> CrfArrays:
        """Exported from a crfsuite model (needs python-crfsuite: training and packing only)."""
        from vnpolicy.tokenize.crf_weights import read_crfsuite

        tags, rows, transitions = read_crfsuite(crf_bytes)
        matrix = np.array(list(rows.values()), dtype=np.float64).reshape(-1, len(tags))
        return cls(tuple(tags), list(rows), matrix, np.asarray(transitions, dtype=np.float64))

    def members(self) -> dict[str, bytes]:
        if any("\n" in a for a in self.attributes):
            raise ValueError("an attribute holds a line break; attributes.txt could not keep it")
        return {"attributes.txt": "\n".join(self.attributes).encode("utf-8"),
                "weights.f8": np.ascontiguousarray(self.matrix, dtype="<f8").tobytes(),
                "transitions.f8": np.ascontiguousarray(self.transitions, dtype="<f8").tobytes()}

    @classmethod
    def from_members(cls, tags: Any, rows: Any, members: dict[str, bytes], where: str) -> CrfArrays:
        """Read back :meth:`members`; every inconsistency is a :class:`ModelError` naming ``where``."""
        if not (isinstance(tags, list) and tags and all(isinstance(t, str) for t in tags)):
            raise ModelError(f"{where}: model.json field 'tags' must be a list of the CRF's labels")
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            raise ModelError(f"{where}: model.json field 'rows' must be the number of attributes")
        size = len(tags)
        try:
            attributes = members["attributes.txt"].decode("utf-8").split("\n") if rows else []
        except UnicodeDecodeError as error:
            raise ModelError(f"{where}: attributes.txt is not UTF-8 ({error})") from None
        if len(attributes) != rows:
            raise ModelError(f"{where}: attributes.txt has {len(attributes)} lines, model.json says {rows}")
        for name, want in (("weights.f8", rows * size), ("transitions.f8", size * size)):
            if len(members[name]) != want * 8:
                raise ModelError(f"{where}: {name} holds {len(members[name])} bytes, not the {want} numbers "
                                 f"({rows} attributes, {size} tags) model.json implies")
        matrix = np.frombuffer(members["weights.f8"], dtype="<f8").reshape(rows, size)
        transitions = np.frombuffer(members["transitions.f8"], dtype="<f8").reshape(size, size)
        if not (np.isfinite(matrix).all() and np.isfinite(transitions).all()):
            raise ModelError(f"{where}: the weights hold values that are not finite numbers")
        return cls(tuple(tags), attributes, matrix, transitions)


@dataclass
class EntityTagger:
    """A trained CRF entity tagger; ``entities(text)`` gives entities with rule-parsed attributes.

    ``model_bytes`` is crfsuite's model (the reference, and what ``save`` exports when no
    ``arrays`` are given); ``arrays`` are its weights as loaded from a model file.
    """

    model_bytes: bytes
    info: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    arrays: CrfArrays | None = None

    def __post_init__(self) -> None:
        where = f"{self.path or 'model'}: model.crfsuite"
        if self.arrays is None:
            from vnpolicy.modelfile import crf_tagger

            crf_tagger(self.model_bytes, where)  # checks the bytes before they are read
            try:
                self.arrays = CrfArrays.from_crfsuite(self.model_bytes)
            except (ValueError, KeyError, struct.error) as error:
                raise ModelError(f"{where}: unreadable CRFsuite weights ({error})") from None
        self._scorer = _Scorer(self.arrays)
        self._crfsuite: Any = None  # opened by crfsuite_spans only

    def __repr__(self) -> str:
        return f"EntityTagger({self.path or 'in memory'}, {self.info.get('n_train', '?')} training paragraphs)"

    def spans(self, text: str, proposals: list[Entity] | None = None) -> list[tuple[int, int, str]]:
        """The tagger's (start, end, LABEL) spans; ``proposals`` are the rules' entities for ``text``."""
        return self._decide(text, proposals, self._scorer.tags)

    def entity_spans(self, text: str) -> list[tuple[int, int, str]]:
        """The (start, end, LABEL) spans of :meth:`entities`: what the pipeline gives users, and
        so what every evaluation scores (:meth:`spans` is the model's step before the rules'
        last word on names that run on)."""
        return [(e.start, e.end, e.label) for e in self.entities(text)]

    def crfsuite_spans(self, text: str, proposals: list[Entity] | None = None) -> list[tuple[int, int, str]]:
        """:meth:`spans` decided by crfsuite itself on the feature strings (slower; the reference)."""
        if self._crfsuite is None:
            from vnpolicy.modelfile import crf_tagger

            self._crfsuite = crf_tagger(self.model_bytes, f"{self.path or 'model'}: model.crfsuite")
        tagger = self._crfsuite
        return self._decide(text, proposals, lambda t, toks, props: tagger.tag(features(t, toks, props)))

    def _decide(self, text: str, proposals: list[Entity] | None,
                tag: Callable[[str, list[tuple[int, int]], list[tuple[int, int, str]]], list[str]]
                ) -> list[tuple[int, int, str]]:
        """Tokens, the rules' proposals (found here unless given), ``tag``'s labels, decoded spans."""
        from vnpolicy.entities import rule_entities

        toks = tokens(text)
        if not toks:
            return []
        if proposals is None:
            proposals = rule_entities(text)
        tags = tag(text, toks, [(e.start, e.end, e.label) for e in proposals])
        spans = _bodies_at_the_grassroots(text, _within_lines_and_sentences(text, span_policy(text, decode(toks, tags)), proposals), proposals)
        spans = _listed_places(text, _sites_over_names(_numbered_names(text, spans, proposals), proposals), proposals)
        spans = _programme_bounds(text, _without_ethnic_groups(text, _without_events(text, _without_storm_names(text, spans))), proposals)
        spans = _documents_as_the_rules_bound_them(text, spans, proposals)
        spans = _people_after_a_generic_body(text, _bodies_listed_apart(text, spans, proposals), proposals)
        spans = _places_named_before(text, _units_and_dates_as_the_rules_bound_them(text, spans, proposals), proposals)
        spans = _bodies_listed_with_bodies(text, _places_listed_with_places(text, _initials_keep_their_dot(text, spans, proposals)))
        spans = _teams_named_by_their_place(text, _without_stray_tails(text, spans, proposals))
        spans = _projects_named_by_their_site(text, _projects_with_their_names(text, _with_trusted_proposals(text, spans, proposals)))
        return _acronyms_after_a_name(text, spans, proposals)

    def entities(self, text: str, *, reference_date: str | None = None) -> list[Entity]:
        """Entities in text order, offsets into ``text``, attributes read by the rules."""
        from vnpolicy.entities import rule_entities

        rules = rule_entities(text, reference_date=reference_date)
        by_span = {(e.start, e.end, e.label): e for e in rules}
        within = _RulesWithin(rules)
        out: list[Entity] = []
        for s, e, lab in self.spans(text, rules):
            known = by_span.get((s, e, lab))
            if known is None:
                kept = _rules_over_runaway(text, s, e, lab, within(s, e))
                if kept is not None:
                    out.extend(k for k in kept if not out or k.start >= out[-1].end)
                    continue
            out.append(known if known else Entity(lab, text[s:e], s, e, attributes(text[s:e], lab, reference_date)))
        return out

    # -- files ---------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model file; the same model gives the same bytes (fixed zip timestamps, sorted JSON)."""
        from vnpolicy import __version__

        assert self.arrays is not None
        path = Path(path)
        data = {**self.arrays.members(), "model.crfsuite": self.model_bytes}
        meta = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "vnpolicy_version": __version__,
                "features_version": FEATURES_VERSION, "labels": list(_labels()), "info": self.info,
                "tags": list(self.arrays.tags), "rows": len(self.arrays.attributes),
                "sha256": {name: hashlib.sha256(blob).hexdigest() for name, blob in data.items()}}
        members = {"model.json": json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"), **data}
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name in _MEMBERS:
                z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), members[name],
                           compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(buf.getvalue())
        tmp.replace(path)
        return path


class _SpanList:
    """The tagger's spans while a post-step puts the rules' proposals in: the spans over a range
    found by bisection, replaced in place, kept in order.

    Why: each step asked, for every proposal, which spans overlap it by scanning them all, which
    was quadratic on a text of thousands of names (a list of communes, a quoted movement repeated:
    13 s for 80 kB). The model's spans are sorted and never overlap, so those over a range are a
    run of neighbours. Where they do not hold to that (never seen), every query scans, as before.
    """

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.items = list(spans)
        self.ordered = all(a[0] <= b[0] and a[1] <= b[0] for a, b in zip(self.items, self.items[1:]))
        self._index()

    def _index(self) -> None:
        self.starts = [sp[0] for sp in self.items]
        self.ends = [sp[1] for sp in self.items]

    def over(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The spans that overlap [start, end), in order."""
        if not self.ordered:
            return [sp for sp in self.items if sp[0] < end and start < sp[1]]
        return self.items[bisect.bisect_right(self.ends, start):bisect.bisect_left(self.starts, end)]

    def replace(self, old: list[tuple[int, int, str]], new: tuple[int, int, str] | None) -> None:
        """``old`` (what :meth:`over` gave for a range ``new`` lies in) out, ``new`` (if any) in."""
        if not self.ordered or not old:
            self.items = [sp for sp in self.items if sp not in old] + ([new] if new else [])
            self.items.sort()
            self.ordered = all(a[1] <= b[0] for a, b in zip(self.items, self.items[1:]))
            self._index()
            return
        i = bisect.bisect_left(self.items, old[0])
        j = i + len(old)
        self.items[i:j] = [new] if new else []
        self.starts[i:j] = [new[0]] if new else []
        self.ends[i:j] = [new[1]] if new else []


def _with_trusted_proposals(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """``spans`` with the rules' proposals that :func:`_trusted` vouches for put back where the
    model found nothing that overlaps them, and their label where it found the same span."""
    trusted = [p for p in proposals if _trusted(text, p)]
    if not trusted:
        return spans
    # A programme the rules vouch for keeps its label where the model read the same words as
    # something else ("thuộc CT MTQG 1719" as a document, for the number).
    # A trusted body the model read as the start of a programme ("Thị đoàn ra quân làm sạch …").
    view = _SpanList(spans)
    for p in trusted:
        if p.label == "ORG":
            ran_on = [sp for sp in view.over(p.start, p.start + 1) if sp[2] == "PROGRAM" and sp[0] == p.start and sp[1] > p.end]
            if ran_on:
                view.replace(ran_on, None)
            # ... and one whose place alone the model kept ("bí thư đảng ủy | xã Phú Lương"), or a
            # board named for a campaign that the model cut into its head, the campaign and the place.
            inside = view.over(p.start, p.end)
            if inside and p.attrs.get("outlet_code"):
                view.replace(inside, (p.start, p.end, "ORG"))  # "(CT) - Vụ lúa …" read as a document
                continue
            if inside and all(p.start <= a and b <= p.end
                              and (lab == "LOC" and a > p.start or p.attrs.get("campaign_body") or p.attrs.get("police_unit")
                                   or _joined_body(text, p))
                              for a, b, lab in inside):
                view.replace(inside, (p.start, p.end, "ORG"))
    from vnpolicy.entities.program import vouched

    relabel = {(p.start, p.end): p.label for p in trusted if p.label == "PROGRAM" and vouched(p)}
    if relabel:
        view = _SpanList([(s, e, relabel.get((s, e), lab)) for s, e, lab in view.items])
    # ... and its period, where the model kept only that ("Tháng hành động … | năm 2023").
    for p in trusted:
        if p.label != "PROGRAM":
            continue
        inside = view.over(p.start, p.end)
        if inside and all(lab == "DATE" and p.start < a and b <= p.end for a, b, lab in inside):
            view.replace(inside, None)
        # ... and its whole name, where the model stopped inside it ("Chiến lược bảo vệ Tổ quốc |
        # trong tình hình mới": "trong" ends most names, not this one).
        # A curated abbreviation the model read as a body keeps its head and label ("Phong trào |
        # TDĐKXDĐSVH", or its head: "CTMTQG | giảm nghèo bền vững"), and a numbered sub-project its
        # head ("Tiểu | dự án 2"), also where the model read that head as a person ("Tiểu").
        elif (inside and vouched(p) and all(p.start <= a and b <= p.end for a, b, _ in inside)
              and any(lab == "PROGRAM" or (lab == "ORG" and (b == p.end or a == p.start) and text[a:b].isupper())
                      or (lab == "PER" and a == p.start and b < p.end) for a, b, lab in inside)):
            view.replace(inside, (p.start, p.end, "PROGRAM"))
    extra = [(p.start, p.end, p.label) for p in trusted if not view.over(p.start, p.end)]
    return sorted(view.items + extra) if extra else view.items


def _places_listed_with_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """In a list of bare names joined by commas and "và", where the model read two or more as
    places, a name it read as a person that the gazetteer knows as a unit is a place too ("tại
    Hòa Thuận, Lương Hòa, Song Lộc", "của Phước Long, Bù Gia Mập, Bình Long, Chơn Thành"): names
    of one list are things of one kind (heldout17, heldout18). Not one it read as a body: VNTC's
    sports news lists teams by their province ("Lào Cai, Hà Tây, Hòa Bình"), which its gold marks
    as bodies."""
    from vnpolicy.entities.place import gazetteer

    names = gazetteer().names  # every unit name, bare ("Chơn Thành"), before and after 2025
    out = list(spans)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and text[out[j][1]:out[j + 1][0]] in (", ", " và "):
            j += 1
        run = out[i:j + 1]
        if j > i and sum(lab == "LOC" for _, _, lab in run) >= 2:
            for k in range(i, j + 1):
                s, e, lab = out[k]
                if lab == "PER" and text[s:e] in names:
                    out[k] = (s, e, "LOC")
        i = j + 1
    return out


@lru_cache(maxsize=1)
def _team_cues() -> tuple[regex.Pattern, regex.Pattern, frozenset[str], frozenset[str]]:
    """``team_cues.tsv``: the words of match reports as one pattern; the words after which a name
    acts as a team, as a pattern on the text before it; the bare names a team goes by (countries
    and cities of ``world_places.tsv``, not continents or regions; provinces); the countries alone."""
    from vnpolicy.entities.lexicon import alternation, table, with_capital
    from vnpolicy.entities.place import _world, gazetteer

    rows = table("team_cues.tsv")
    sport = with_capital(r["word"] for r in rows if r["cue"] == "sport")
    before = [r["word"] for r in rows if r["cue"] == "before"]
    heads = [r["word"] for r in rows if r["cue"] == "list_head"]
    names = {name for name, (unit_type, _) in _world()[0].items() if unit_type in ("quoc_gia", "thanh_pho")}
    return (regex.compile(rf"(?<![\p{{L}}\p{{M}}\d-])(?:{alternation(sport)})(?![\p{{L}}\p{{M}}\d])"),
            regex.compile(rf"(?:(?<![\p{{L}}\p{{M}}])(?:{alternation(before)})|^|[.!?:;] ?[\"“]?|\n) ?$"
                          rf"|(?<![\p{{L}}\p{{M}}])(?:{alternation(heads)}) [^.!?;\n]{{0,40}}(?:như|gồm|là|:) ?$"),
            frozenset(names) | frozenset(gazetteer().provinces),
            frozenset(name for name, (unit_type, _) in _world()[0].items() if unit_type == "quoc_gia"))


_TEAM_WINDOW = 300  # characters either side of a name in which two match-report words make it a team
_TEAM_LIST = regex.compile(r"(?:, | và | - | – )")
_AFTER_A_CLAUSE = regex.compile(r"(?:(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*|[\d)]), $")  # "Hơn nữa, Bồ Đào Nha chưa …", not "Anderlecht, Bỉ"
_TEAM_ACTS = regex.compile(r" (?!và )\p{Ll}")  # … and a word of the clause after it, not a list


def _teams_named_by_their_place(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A bare country, province or city name the model read as a place is a team (ORG) where it
    acts in a match report ("Việt Nam thắng Thái Lan 2-0", "trận thua trước Maldives", "HLV của
    Bình Dương"), as VNTC's guidelines mark a team named by its place: two different words of
    match reports (``team_cues.tsv``) within ``_TEAM_WINDOW`` characters, and the name at the
    start of a clause, after a word of playing or facing, or listed right after a team. A name
    that describes a noun stays a place ("tay vợt Tây Ban Nha", "cầu thủ Thái Lan"). And a
    country the model read as a body with no word of match reports near is a place: a state
    named by its country is LOC by the guidelines ("cắt khí đốt cho Ukraine")."""
    sport, before, names, countries = _team_cues()

    counted: dict[tuple[int, int], int] = {}  # a country read as a body is counted once, not again as a place

    def sports_words(s: int, e: int) -> int:
        if (s, e) not in counted:
            counted[(s, e)] = len({m.group(0).lower() for m in sport.finditer(
                text, max(0, s - _TEAM_WINDOW), min(len(text), e + _TEAM_WINDOW), overlapped=True)})
        return counted[(s, e)]

    out = list(spans)
    teams: set[int] = set()
    for k, (s, e, lab) in enumerate(spans):
        if lab == "ORG" and text[s:e] in countries and not sports_words(s, e):
            out[k] = (s, e, "LOC")
        if lab != "LOC" or text[s:e] not in names:
            continue
        listed = k - 1 in teams and _TEAM_LIST.fullmatch(text, out[k - 1][1], s) is not None
        if not listed and not before.search(text, max(0, s - 60), s) and not (
                _AFTER_A_CLAUSE.search(text, max(0, s - 24), s) and _TEAM_ACTS.match(text, e)):
            continue
        if sports_words(s, e) >= 2:
            out[k] = (s, e, "ORG")
            teams.add(k)
    return out


def _bodies_listed_with_bodies(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """In a list of names joined by commas and "và", where the model read two or more as bodies, a
    name it read as a person that no Vietnamese family name starts is a body too ("Nokia, Alcatel,
    Cisco", "BBC, Reuters và Sky News": foreign firms and outlets the model takes for people on
    VNTC train). "Minh Phụng, Trần Đàm, Phạm Ngọc Lâm" keep their people; and where it read two or
    more as people, a name of two words or more it read as a body, with no body's head word first,
    is a person ("Elena Dementieva, Nadia Petrova và Svetlana Kuznetsova")."""
    lexicon = _lexicon()
    surnames = lexicon.surnames
    out = list(spans)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and text[out[j][1]:out[j + 1][0]] in (", ", " và ", ", và "):
            j += 1
        if j > i and sum(lab == "ORG" for _, _, lab in out[i:j + 1]) >= 2:
            for k in range(i, j + 1):
                s, e, lab = out[k]
                if lab == "PER" and text[s:e].split(" ")[0] not in surnames:
                    out[k] = (s, e, "ORG")
        elif j > i and sum(lab == "PER" for _, _, lab in out[i:j + 1]) >= 2:
            for k in range(i, j + 1):
                s, e, lab = out[k]
                name = text[s:e].split(" ")
                if (lab == "ORG" and len(name) >= 2 and all(w[:1].isupper() and not w.isupper() for w in name)
                        and name[0].lower() not in lexicon.first_words and text[s:e] not in lexicon.names):
                    out[k] = (s, e, "PER")
        i = j + 1
    return out


def _projects_with_their_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A numbered project and its quoted name as one PROGRAM ("Dự án 8 “Thực hiện bình đẳng giới
    …”"), as the rules read it and most portal annotators marked it; the model, which met few, reads
    the number and the name apart."""
    if "ự án" not in text:
        return spans
    from vnpolicy.entities.program import named_project_end

    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(spans):
        s, e, lab = spans[i]
        end = named_project_end(text, s) if lab == "PROGRAM" and _NUMBERED_PROJECT.fullmatch(text, s, e) else None
        j = i + 1
        while end is not None and j < len(spans) and spans[j][0] < end:
            j += 1  # the spans inside the name (spans come in text order and never overlap)
        if end is not None and spans[j - 1][1] <= end:
            out.append((s, end, "PROGRAM"))
            i = j
        else:
            out.append((s, e, lab))
            i += 1
    return out


# A body's name, a dash, then an acronym alone ("Ngân hàng Đông Á - EAB", "Tổng Cục tình báo - BCA"):
# the group ``acronym``, and ``last`` the name's last word.
_ACRONYM_AFTER_A_DASH = regex.compile(r"(?P<last>[\p{L}\p{M}\d]+) ?[-–] (?P<acronym>[\p{Lu}\d&]*\p{Lu}[\p{Lu}\d&]+)$")


@lru_cache(maxsize=1)
def _name_suffixes() -> frozenset[str]:
    """cue_words.tsv [name_suffix]: a group's code its member companies carry at the end of their
    registered names ("Công ty Than Hà Lầm – TKV")."""
    from vnpolicy.entities.lexicon import cue_words

    return frozenset(cue_words("name_suffix"))


def _acronyms_after_a_name(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A body the model ran on over a dash into an acronym ("Công ty Dịch vụ kỹ thuật Dầu khí -
    PTSC", "Cục Cảnh sát điều tra … - C15") is two mentions, the name and the acronym (its own or its
    parent's: "Tổng Cục tình báo - BCA"), as VNTC's train gold marks them 7 times in 8 (2026-12-04);
    a reporter's "PV" after the dash (cue_words.tsv [byline_role]) is no body. Not where the acronym
    is a place ("Công an quận Tân Phú - TPHCM", "Trường CĐKT Lý Tự Trọng - TPHCM": the gold goes both
    ways), nor after an abbreviation ("Sở GD- ĐT", "Vụ KSĐT - TTXH": one name)."""
    if " - " not in text and " – " not in text and "- " not in text:
        return spans
    from vnpolicy.entities.place import is_place_name

    out: list[tuple[int, int, str]] = []
    places: set[tuple[int, int]] | None = None
    for s, e, lab in spans:
        m = _ACRONYM_AFTER_A_DASH.search(text, s, e) if lab == "ORG" else None
        last = m.group("last") if m is not None else ""
        if m is not None and m.start() > s and (len(last) == 1 or not last.isupper()):  # a written-out word, not "GD- ĐT"
            if places is None:
                places = {(p.start, p.end) for p in proposals if p.label == "LOC"}
            a = m.start("acronym")
            # not a place, nor a group's code its member companies carry in their registered names
            # ("Công ty Than Hà Lầm – TKV": cue_words.tsv [name_suffix]), nor two letters ("TX Vĩnh Long - ĐT")
            acronym = text[a:e]
            if acronym in _policy_words()[3]:  # "PV" (cue_words.tsv [byline_role]): the reporter
                out.append((s, m.end("last"), lab))
                continue
            if len(acronym) > 2 and (a, e) not in places and not is_place_name(acronym) and acronym not in _name_suffixes():
                out += [(s, m.end("last"), lab), (a, e, lab)]
                continue
        out.append((s, e, lab))
    return out


@lru_cache(maxsize=1)
def _site_project() -> regex.Pattern:
    """"dự án" and a road or a bridge, nothing more (cue_words.tsv [project_site]: a road numbered,
    "Quốc lộ 18", "QL10"; a bridge named, "cầu Bình Triệu 2"): the group ``site`` is the road or bridge."""
    from vnpolicy.entities.lexicon import alternation, cue_values

    sites = cue_values("project_site")
    numbered = alternation(w for w, v in sites.items() if v == "number")
    named = alternation(w for w, v in sites.items() if v == "name")
    return regex.compile(rf"[Dd]ự án (?:đường )?(?P<site>(?:{numbered}) ?\d+[A-Z]?"
                         rf"|(?:{named}) \p{{Lu}}[\p{{L}}\p{{M}}]*(?: \p{{Lu}}[\p{{L}}\p{{M}}]*)*(?: \d+)?)")


def _projects_named_by_their_site(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A project named only by the road or bridge it builds ("dự án QL10", "dự án Quốc lộ 18", "dự án
    cầu Bình Triệu 2") is that road or bridge, a LOC: the guidelines mark no construction project named
    only by its object, and VNTC's train gold marks the road or bridge alone 18 times, the project 6
    (counted 2026-12-04). A project that goes on ("dự án Quốc lộ 18 đoạn Nội Bài - Bắc Ninh") stays."""
    if "ự án" not in text:
        return spans
    out = []
    for s, e, lab in spans:
        m = _site_project().fullmatch(text, s, e) if lab == "PROGRAM" else None
        out.append((m.start("site"), e, "LOC") if m else (s, e, lab))
    return out


def _units_and_dates_as_the_rules_bound_them(text: str, spans: list[tuple[int, int, str]],
                                             proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """Places the rules read from a lower-case unit word, and dates they read whole, keep the
    rules' bounds where the model kept only part of them, and a lunar year is never a person.

    The model learned unit words from VNTC's 2007 news, which has few hamlets: it cut "tổ dân |
    phố Đồng Tâm", "xóm Pác | Rằng", "huyện | Ý Yên" ("Ý" is Italy), and ran a place back over the
    lower-case words before its unit word ("khu dân cư thôn Thượng Đồng", "nhà văn hóa bản Dào
    Xa"). It split "Tết Nguyên đán | Ất Tỵ" into a date and a person. Where the model's spans over
    such a proposal all lie inside it (or a place only ran back over lower-case words), the
    proposal replaces them; a lunar year the model kept alone joins the date before it ("mùng 8
    tháng Giêng năm Ất Tỵ") or is dropped."""
    view = _SpanList(spans)
    for p in proposals:
        # A unit read from its lower-case unit word, or its bare name the rules read from the list
        # after a class ("các huyện miền núi Tương Dương, Kỳ Sơn"), which the model ran back over
        # the class's words.
        unit = p.label == "LOC" and p.attrs.get("unit_type") in _admin_unit_types() and (
            (text[p.start].islower() and not _COUNT_BEFORE.search(text, max(0, p.start - 12), p.start))
            or (text[p.start].isupper() and text[max(0, p.start - 1):p.start] == " "))
        if not (unit or p.label == "DATE"):
            continue
        over = view.over(p.start, p.end)
        if not over or over == [(p.start, p.end, p.label)]:
            continue
        inside = all(p.start <= a and b <= p.end for a, b, _ in over) and any(lab == p.label for _, _, lab in over)
        ran_back = (unit and len(over) == 1 and over[0][2] == "LOC" and over[0][0] < p.start and over[0][1] == p.end
                    and _LOWER_WORDS.fullmatch(text, over[0][0], p.start) is not None)
        if inside or ran_back:
            view.replace(over, (p.start, p.end, p.label))
    return _lunar_years_in_dates(text, view.items)


# What the model ran a place or a body on into (the rules' span ends before it): a term of office
# after a place ("tỉnh Thanh Hóa | khóa XX"), a count after a body ("Thường trực HĐND | 30 xã").
_STRAY_TAILS = {
    "LOC": regex.compile(r",? kh(?:óa|oá) [IVXLC]+"),
    "ORG": regex.compile(r" \d+(?= (?:xã|phường|thị trấn|huyện|tỉnh|hộ|người|đại biểu|đảng viên|đơn vị|cơ sở)(?![\p{L}\d]))"),
}


def _without_stray_tails(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A span that crosses a bracket it does not open or close ("(GRDP) quý I" read as an ORG
    "GRDP) quý I") is dropped, unless the rules proposed it: no gold entity of the 20 sets holds
    an unbalanced bracket. A place or body the model ran on past the rules' span, into a tail of
    :data:`_STRAY_TAILS`, ends where the rules end it (no gold place holds a term of office)."""
    rule_ends = {(p.start, p.label): p.end for p in proposals}
    proposed = {(p.start, p.end, p.label) for p in proposals}
    out = []
    for a, b, lab in spans:
        piece = text[a:b]
        if piece.count("(") != piece.count(")") and (a, b, lab) not in proposed:
            continue
        end = rule_ends.get((a, lab))
        tail = _STRAY_TAILS.get(lab)
        if end is not None and end < b and tail is not None:
            m = tail.match(text, end)  # not fullmatch(text, end, b): the count's look-ahead reads past b
            if m and m.end() == b:
                b = end
        out.append((a, b, lab))
    return out


_LOWER_WORDS = regex.compile(r"(?:\p{Ll}+ )+")
# "hai tỉnh Hải Phòng và Vĩnh Phúc": the unit word is the list's, and the gold marks the names alone.
_COUNT_BEFORE = regex.compile(r"(?<![\p{L}\d])(?:\d+|hai|ba|bốn|năm|các|những|nhiều) $", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _admin_unit_types() -> frozenset[str]:
    """The unit types of ``place_types.tsv``: administrative units, not rivers or sites."""
    from vnpolicy.entities.place import PLACE_TYPES

    return frozenset(unit_type for unit_type, _ in PLACE_TYPES.values())


def _lunar_years_in_dates(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A lunar year ("Ất Tỵ") the model read as a person joins the date it follows, with "năm"
    between or nothing ("tháng Giêng năm Ất Tỵ", "Tết Nguyên đán Ất Tỵ"); elsewhere it is no one."""
    from vnpolicy.entities.date import lunar_year

    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        if lab == "PER" and lunar_year(text[s:e]):
            if out and out[-1][2] == "DATE" and text[out[-1][1]:s] in (" ", " năm "):
                out[-1] = (out[-1][0], e, "DATE")
            continue
        out.append((s, e, lab))
    return out


_STORM_BEFORE = regex.compile(r"(?i:bão|áp thấp nhiệt đới)(?: số \d{1,2})? \($")


def _without_storm_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` less a storm's name in brackets after it ("bão số 3 (Yagi)"): no body, place or
    person, though the model reads a lone capitalised word in brackets as one."""
    if "(" not in text:
        return spans
    return [sp for sp in spans if not (text[sp[0] - 1:sp[0]] == "(" and _STORM_BEFORE.search(text, max(0, sp[0] - 30), sp[0]))]


def _without_events(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` less those that begin with an event's head word (``event_heads.txt``: "Lễ hội",
    "Hội thi" …): a festival or a contest is no body, place or programme by the guidelines; and
    less a bare "Tết" that names a custom (:func:`_tet_custom`), and less a programme named right
    after such a head ("Hội thi “Dân vận khéo”": the contest, not the movement)."""
    from vnpolicy.entities.program import after_an_event_or_theme

    heads = _event_heads()
    return [sp for sp in spans if not text.startswith(heads, sp[0]) and not _tet_custom(text, *sp)
            and not (sp[2] == "PROGRAM" and (after_an_event_or_theme(text, sp[0]) or _an_event_programme(text, sp[0])))]


_SHOW_HEAD = regex.compile(r"[Cc]hương trình ")


def _an_event_programme(text: str, start: int) -> bool:
    """Does a programme at ``start`` name an event after "chương trình" ("chương trình Lễ hội Nam
    Giao", "chương trình Festival biển 2005": ``event_heads.txt`` in either case of its first letter)?
    A festival's or a fair's running order, no public programme: none of the 27 such mentions in
    VNTC's train gold is marked (counted 2026-12-04)."""
    m = _SHOW_HEAD.match(text, start)
    if m is None:
        return False
    rest = text[m.end():m.end() + 12]
    return (rest[:1].upper() + rest[1:]).startswith(_event_heads())


def _tet_custom(text: str, start: int, end: int, label: str) -> bool:
    """A bare "Tết" after a word that makes it a custom ("chúc Tết", "ăn Tết", "quà Tết":
    ``date_words.tsv``, tet_custom) is no date."""
    if label != "DATE" or text[start:end] != "Tết":
        return False
    from vnpolicy import dates

    before = text[max(0, start - 6):start].rstrip().rsplit(" ", 1)[-1].lower()
    return before in dates.words("tet_custom")


@lru_cache(maxsize=1)
def _event_heads() -> tuple[str, ...]:
    from vnpolicy.entities.lexicon import words

    return tuple(w + " " for w in words("event_heads.txt"))


def _within_lines_and_sentences(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """Spans cut at line breaks: a name never runs over one.

    The model was trained on one-line paragraphs and never saw a line break, so it reads one as a
    space and may join the end of a paragraph to the start of the next ("UBND thành phố⏎⏎Tin
    liên quan⏎⏎Sa Đéc", "tháng 7⏎⏎Ngày 15/7/2024"). The part before the first break keeps the
    model's label; each later line's part is kept only where the rules proposed exactly it, with
    the rules' label.

    The same holds at the end of a sentence (a full stop after a word of four letters or more,
    or a digit, then a capital): the model ran "qua TikTok và sàn thương mại điện tử Postmart. Xã
    Thái Sơn đang …" into one body. Short capitalised words before the stop are abbreviations
    inside names ("Tx. Vĩnh Châu", "Đại học St. Andrews") and do not cut."""
    rules = {(p.start, p.end): p.label for p in proposals}
    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        cut = _first_break(text, s, e)
        if cut < 0:
            out.append((s, e, lab))
            continue
        first = len(text[s:cut].rstrip(" .")) + s
        if first > s:
            out.append((s, first, lab))
        for m in _LINE_PART.finditer(text, cut + 1, e):
            if (m.start(), m.end()) in rules:
                out.append((m.start(), m.end(), rules[m.start(), m.end()]))
    return out


_SENTENCE_END = regex.compile(r"(?:\p{L}{4,}|\d|(?:khóa|khoá) [IVXL]+)\. (?=\p{Lu})")  # "… khóa I. Minh Tâm": a byline


def _first_break(text: str, start: int, end: int) -> int:
    """Where the first line break or sentence end (its full stop) inside ``text[start:end]`` is, else -1."""
    m = _SENTENCE_END.search(text, start, end) if text.find(".", start, end) >= 0 else None
    breaks = [x for x in (text.find("\n", start, end), m.end() - 2 if m else -1) if x >= 0]
    return min(breaks, default=-1)


def _bodies_at_the_grassroots(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A body named for the grassroots regulation runs on over "ở cơ sở" as the rules read it
    ("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở huyện"): the model, which learned that "ở"
    ends a name, stops before it. Elsewhere, where the rules' body runs past the model's (a
    trailing "TP.", a number, a verb), the model was right 23 times of 24 on VNTC train and dev,
    so only this continuation is taken."""
    if " ở cơ sở" not in text:
        return spans
    longer = {p.start: p.end for p in proposals if p.label == "ORG"}
    out = []
    for s, e, lab in spans:
        end = longer.get(s, e)
        if lab == "ORG" and end > e and text.startswith(" ở cơ sở", e) and not any(e <= a < end for a, _, _ in spans):
            e = end
        out.append((s, e, lab))
    return out


_NUMBER_TAIL = regex.compile(r" \d{1,2}")


def _numbered_names(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A village or commune whose name ends in a number ("ấp Thuận Phú 2", "bản Huồi Cáng 1") as the
    rules read it (:data:`~vnpolicy.entities.place._NAME_NUMBER`): the model, which met few of them,
    sometimes stops before the number."""
    longer = {p.start: p.end for p in proposals if p.label == "LOC"}
    out = []
    for s, e, lab in spans:
        end = longer.get(s, e)
        if lab == "LOC" and end > e and _NUMBER_TAIL.fullmatch(text, e, end):
            e = end
        out.append((s, e, lab))
    return out


def _sites_over_names(spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A capitalised named site the rules found ("Đền ông Hoàng Mười", "Chùa Bà Đanh") replaces the
    people the model found inside it: the temple is named after someone, the text names the place.
    VNTC gold has no such site (its sites are written "khu công nghiệp Biên Hòa 2", where the gold
    and the model agree on the name alone), so the model never learned them."""
    from vnpolicy.entities.place import site_types

    view: _SpanList | None = None
    for site in proposals:
        if site.label != "LOC" or not site.text[:1].isupper() or site.attrs.get("unit_type") not in site_types():
            continue
        if view is None:
            view = _SpanList(spans)
        over = view.over(site.start, site.end)
        inside = [sp for sp in over if site.start <= sp[0] and sp[1] <= site.end]
        if inside and len(inside) == len(over) and all(lab == "PER" for _, _, lab in inside):
            view.replace(over, (site.start, site.end, "LOC"))
    return spans if view is None else view.items


def _people_after_a_generic_body(text: str, spans: list[tuple[int, int, str]],
                                 proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """"Giám đốc Trung tâm Phan Văn Bình": a title's body left generic, then the person. The model
    reads "Trung tâm Phan Văn Bình" as a body named after someone; where the rules read the name
    after a generic body word (``cue_words.tsv``, generic_body) as the person holding the title,
    the person wins."""
    people = {p.end: p.start for p in proposals if p.label == "PER" and p.attrs.get("role")}
    if not people:
        return spans
    from vnpolicy.entities.person import is_generic_body

    out = []
    for s, e, lab in spans:
        start = people.get(e)
        if lab == "ORG" and start is not None and start > s and is_generic_body(text[s:start].strip()):
            out.append((start, e, "PER"))
            continue
        out.append((s, e, lab))
    return out


_LIST_GLUE = frozenset({", ", " và ", "; ", " , "})


def _bodies_listed_apart(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A body the model ran on over a list of bodies ("Đoàn Thanh niên, hội CCB xã") is the bodies
    the rules read in it: a model ORG span made exactly of two or more of the rules' ORG
    proposals, with only a comma or "và" between them."""
    orgs = sorted((p.start, p.end) for p in proposals if p.label == "ORG")
    if len(orgs) < 2:
        return spans
    out: list[tuple[int, int, str]] = []
    starts = [o[0] for o in orgs]
    for s, e, lab in spans:
        inside = [o for o in orgs[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)] if o[1] <= e]
        if (lab == "ORG" and len(inside) >= 2 and inside[0][0] == s and inside[-1][1] == e
                and all(text[a[1]:b[0]] in _LIST_GLUE for a, b in zip(inside, inside[1:]))):
            out += [(a, b, "ORG") for a, b in inside]
            continue
        out.append((s, e, lab))
    return out


def _documents_as_the_rules_bound_them(text: str, spans: list[tuple[int, int, str]],
                                       proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """Documents bounded as the rules read them where the model stops early or starts early:

    * the issuer after "của" is part of a numbered document (guidelines, LEGAL_DOC): the model, which
      learned it from central bodies, stops before a local one ("Kế hoạch số 87-KH/ĐU | của Đảng
      ủy xã", "… của Công an huyện Chương Mỹ"); the rules' span of the same start, running on
      over " của …", wins, and what the model found inside it goes;
    * a document the model ran back over "… và" to the word before ("Nghị quyết và Chương trình
      hành động số 45-CTr/TU"): the rules' document of the same end, starting after " và ", wins."""
    docs = [p for p in proposals if p.label == "LEGAL_DOC"]
    if not docs:
        return spans
    by_start = {p.start: p.end for p in docs}
    by_end = {p.end: p.start for p in docs}
    out = list(spans)
    for s, e, lab in spans:
        if lab != "LEGAL_DOC":
            continue
        end = by_start.get(s, e)
        numbered = any(ch.isdigit() for ch in text[s:e])  # "Luật … của Ủy ban Thường vụ Quốc hội" is no issuer
        if end > e and numbered and text.startswith(" của ", e) and not _NOT_ISSUER.match(text, e):  # nor "của Đảng"
            inside = [sp for sp in out if e <= sp[0] and sp[1] <= end]
            if all(not (sp[0] < end < sp[1]) for sp in out):
                out = [sp for sp in out if sp not in inside and sp != (s, e, lab)] + [(s, end, lab)]
            continue
        start = by_end.get(e, s)
        if start > s and text[s:start].endswith(" và ") and not any(ch.isdigit() for ch in text[s:start]):
            out = [sp for sp in out if sp != (s, e, lab)] + [(start, e, lab)]
    return sorted(out)


def _programme_bounds(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """Programme spans bounded as the rules read them, in two places the model misreads:

    * a quoted name is the whole quotation: the model, which saw few long slogans, may stop at a
      dash inside ("“Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau”");
    * an unquoted programme ends before " và " when a second programme's head follows
      ("Chương trình MTQG xây dựng nông thôn mới và Chương trình “Mỗi xã một sản phẩm”") or when
      what comes before is already a curated name ("Đề án 06 và phát triển sản phẩm OCOP");
    * a model's name in quotes ("mô hình “Thư viện thân thiện”") is no programme: the annotators
      of the portal sets left it unmarked three times in four (C, D, E against A)."""
    from vnpolicy.entities.program import after_a_model, head_end, is_curated, next_head_at

    quoted = [p for p in proposals if p.label == "PROGRAM" and p.start and text[p.start - 1] in _QUOTES
              and text[p.end:p.end + 1] == _QUOTES[text[p.start - 1]]]
    if quoted:
        view = _SpanList(spans)
        for p in quoted:
            inside = view.over(p.start, p.end)
            if (inside and any(lab == "PROGRAM" for _, _, lab in inside) and [sp[:2] for sp in inside] != [(p.start, p.end)]
                    and all(p.start - 1 <= a and b <= p.end + 1 for a, b, _ in inside)):
                view.replace(inside, (p.start, p.end, "PROGRAM"))
        spans = view.items
    # A programme the model ran into a quotation it did not close ("Dự án 3 “Phát triển sản xuất
    # nông lâm nghiệp| ”"): the rules' parts there instead, the project's number and its name.
    for sp in [sp for sp in spans if sp[2] == "PROGRAM" and _opens_a_quote(text[sp[0]:sp[1]])]:
        parts = [(q.start, q.end, q.label) for q in proposals if sp[0] <= q.start and q.end <= sp[1] + 1]
        if parts and not any(a < sp[1] + 1 and sp[0] < b for a, b, _ in spans if (a, b, _) != sp):
            spans = sorted([x for x in spans if x != sp] + parts)
    out = []
    for s, e, lab in spans:
        if lab == "PROGRAM" and after_a_model(text, s):
            continue  # a model's name ("mô hình “Thư viện thân thiện”"): one of many, not a programme
        quoted_name = s > 0 and text[s - 1] in _QUOTES
        if lab == "PROGRAM" and not quoted_name:
            k = text.find(" và ", s, e)
            while k > s:
                named = k > head_end(text, s)  # more than a head word before " và " ("Chiến lược và Chương trình …")
                if (named and next_head_at(text, k + len(" và "))) or is_curated(text[s:k]):
                    e = k
                    break
                k = text.find(" và ", k + 1, e)
            rating = _STAR_RATING.search(text, s, e)
            if rating and rating.end() == e and text.startswith(" sao", e):
                e = rating.start()  # "đạt chuẩn OCOP 4 sao": the stars rate a product, they name nothing
        out.append((s, e, lab))
    return out


_STAR_RATING = regex.compile(r" \d$")


def _opens_a_quote(span: str) -> bool:
    """Does ``span`` hold an opening quote mark that it does not close?"""
    return any(span.count(o) > span.count(c) for o, c in _QUOTES.items() if o != c) or span.count('"') % 2 == 1


@lru_cache(maxsize=1)
def _ethnic_groups() -> frozenset[str]:
    """``ethnic_groups.txt``, each name with an apostrophe also with the other apostrophe and either
    case after it ("M'Nông", "M’nông", "K’Ho"), as portals write them."""
    from vnpolicy.entities.lexicon import apostrophe_spellings, words

    return frozenset(form for name in words("ethnic_groups.txt") for form in apostrophe_spellings(name))


_ETHNIC_CUE = regex.compile(r"(?<![\p{L}])(?:đồng bào|dân tộc|người|tiếng|trẻ em|học sinh|phụ nữ|hộ|bà con|văn hóa|văn hoá|cộng đồng) $",
                            regex.IGNORECASE)


def _initials_keep_their_dot(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A person the rules read with an initial's dot ("đồng chí Nguyễn Văn Ph.", how inspection news
    withholds a name) keeps it where the model stopped before the dot, which it reads as a
    sentence end."""
    dotted = {(p.start, p.end - 1) for p in proposals if p.label == "PER" and p.text.endswith(".")}
    if not dotted:
        return spans
    return [(s, e + 1 if lab == "PER" and (s, e) in dotted else e, lab) for s, e, lab in spans]




@lru_cache(maxsize=1)
def _unit_word_first() -> regex.Pattern:
    """A unit word of ``place_types.tsv`` in either case, then a space ("quận ", "Xã ", "TP. ")."""
    from vnpolicy.entities.place import PLACE_WORD

    return regex.compile(rf"(?:{PLACE_WORD}) ")


def _places_named_before(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """A person's span that the rules did not read as a person, and that names a district or
    commune the text named before with its unit word ("UBND quận Hoàng Mai … Hoàng Mai ghi nhận
    1.135 ca"), is that place: the model reads a bare two-syllable name starting with a family
    name ("Hoàng", "Lê") as a person. Not a one-syllable name ("Vua Hùng" beside "Đền Hùng"),
    nor one after a title ("Chủ tịch Hồ Chí Minh": the rules' person)."""
    if not any(lab == "PER" for _, _, lab in spans):
        return spans
    from vnpolicy.entities.place import gazetteer, place_type

    unit_word = _unit_word_first()
    named: dict[str, int] = {}  # name -> where it was first named with its unit word
    people = set()
    for p in proposals:
        if p.label == "PER":
            people.add((p.start, p.end))
        place = p.attrs.get("place") if p.label == "ORG" else p.text if p.label == "LOC" else None
        if isinstance(place, str) and (m := unit_word.match(place)) and " " in place[m.end():]:
            name = place[m.end():]
            if place_type(m.group(0)[:-1])[1] == "ap" or name in gazetteer().names:  # a village, or a known unit
                named.setdefault(name, p.start)
    if not named:
        return spans
    return [(s, e, "LOC" if lab == "PER" and named.get(text[s:e], e) < s and (s, e) not in people else lab)
            for s, e, lab in spans]


def _without_ethnic_groups(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An ethnic group named after "đồng bào", "dân tộc", "người", "tiếng" … ("đồng bào Mông, Nùng,
    Dao", "trẻ em Jrai, Bahnar") is none of the labels: the model, which met few of them, reads a
    lone capitalised word as a person or a place. Later items of a list after such a cue go too."""
    groups = _ethnic_groups()
    if not any(g in text for g in ("Mông", "Nùng", "Dao", "Tày", "Thái", "Khmer")) and not any(text[s:e] in groups for s, e, _ in spans):
        return spans
    out = []
    for s, e, lab in spans:
        if text[s:e] in groups and _ethnic_context(text, s, groups, strict=text[s:e] in _ALSO_A_NATION):
            continue
        out.append((s, e, lab))
    return out


# Group names that also name a nation: "người Thái", "người Lào" are the guidelines' "người X" (LOC).
_ALSO_A_NATION = frozenset({"Thái", "Lào", "Hoa", "Khmer", "Khơ-me", "Khơ Me"})
_STRICT_ETHNIC_CUE = regex.compile(r"(?<![\p{L}])(?:đồng bào|dân tộc|bà con) $", regex.IGNORECASE)


def _ethnic_context(text: str, start: int, groups: frozenset[str], *, strict: bool = False) -> bool:
    """Is the name at ``start`` after an ethnic cue, directly or through a list of ethnic names?
    ``strict``: only "đồng bào", "dân tộc" or "bà con" count (the name is also a nation's)."""
    cue = _STRICT_ETHNIC_CUE if strict else _ETHNIC_CUE
    while True:
        if cue.search(text, max(0, start - 12), start):
            return True
        sep = next((k for k in _LIST_SEPARATORS if text.startswith(k, start - len(k))), None)
        if sep is None:
            return False
        before = text[max(0, start - len(sep) - 20):start - len(sep)]
        prev = next((g for g in groups if before.endswith(g) and (len(before) == len(g) or not before[-len(g) - 1].isalpha())), None)
        if prev is None:
            return False
        start = start - len(sep) - len(prev)


_LIST_SEPARATORS = (", ", " và ", " - ")
@lru_cache(maxsize=1)
def _unit_words() -> str:
    """The lower-case unit words of ``place_types.tsv`` ("xã", "thôn", "tổ dân phố" …), as an alternation."""
    from vnpolicy.entities.lexicon import alternation
    from vnpolicy.entities.place import PLACE_TYPES

    return alternation(w for w in PLACE_TYPES if w[:1].islower())


@lru_cache(maxsize=1)
def _plural_unit_before() -> regex.Pattern:
    """"các xã ", "những thôn " …: a plural word and a unit word before a list."""
    return regex.compile(rf"(?<![\p{{L}}])(?:[Cc]ác|[Nn]hững|[Nn]hiều|[Mm]ột số) (?:{_unit_words()}) $")


@lru_cache(maxsize=1)
def _every_unit() -> regex.Pattern:
    """"UBND | các xã", "Ban Công tác Mặt trận | các ấp": the body of every unit, no one body."""
    return regex.compile(rf" (?:các|mọi) (?:{_unit_words()})(?![\p{{L}}\d])")


def _listed_places(text: str, spans: list[tuple[int, int, str]], proposals: list[Entity]) -> list[tuple[int, int, str]]:
    """The units the rules read in a list after a plural unit word ("các xã Hải Đông, Hải Lý, Hải
    Chính", "các thôn Pạc Bo, Sả Chải") are places, whatever the model made of the later ones: it
    reads a lone capitalised pair after a comma as a person or a body. The first unit, after the
    unit word, the model reads well; the rest take the rules' LOC where the model's span is the
    same or absent."""
    locs = sorted((p.start, p.end) for p in proposals if p.label == "LOC")
    ends = {e: s for s, e in locs}
    first_of: dict[int, int] = {}  # a place's start -> the start of the list it ends (itself when alone)
    plural: dict[int, bool] = {}  # a list's start -> a plural unit word before it
    listed = set()
    for s, e in locs:  # in text order, so a place's predecessor in its list is already known
        sep = next((k for k in _LIST_SEPARATORS if text.startswith(k, s - len(k))), None)
        prev = ends.get(s - len(sep)) if sep else None
        first_of[s] = s if prev is None else first_of.get(prev, prev)
        if prev is None:
            continue
        start = first_of[s]
        if start not in plural:
            plural[start] = _plural_unit_before().search(text, max(0, start - 30), start) is not None
        if plural[start]:
            listed.add((s, e))
    if not listed:
        return spans
    out = [(s, e, "LOC" if (s, e) in listed else lab) for s, e, lab in spans]
    free = _free_of(out)
    out += [(s, e, "LOC") for s, e in listed if free(s, e)]
    return sorted(out)


def _free_of(spans: list[tuple[int, int, str]]) -> Callable[[int, int], bool]:
    """A test of whether [s, e) overlaps none of ``spans``: by bisection when they are sorted
    and do not overlap (the model's always are), else by a scan. (A scan per place was quadratic
    on a list of thousands of communes.)"""
    starts = [a for a, _, _ in spans]
    ends = [b for _, b, _ in spans]
    if all(x <= y for x, y in zip(starts, starts[1:])) and all(b <= a for b, a in zip(ends, starts[1:])):
        def free(s: int, e: int) -> bool:
            i = bisect.bisect_right(ends, s)  # the first span ending after s
            return i == len(starts) or starts[i] >= e
        return free
    return lambda s, e: not any(a < e and s < b for a, b, _ in spans)


_LINE_PART = regex.compile(r"[^\s](?:[^\n]*[^\s])?")


# Party committees and youth unions whose name carries their level ("Huyện ủy", "Huyện đoàn
# Thanh Chương"): a body by the guidelines even alone, which VNTC's news rarely wrote so.
_SELF_LEVELLED = frozenset(f"{level} {kind}" for level in ("Tỉnh", "Thành", "Huyện", "Thị", "Quận") for kind in ("ủy", "uỷ", "đoàn"))
_COUNCIL_HEADS = ("Ủy ban nhân dân ", "Uỷ ban nhân dân ", "Hội đồng nhân dân ", "UBND ", "HĐND ", "MTTQ ", "Ủy ban MTTQ ", "Uỷ ban MTTQ ")


def _trusted(text: str, p: Entity) -> bool:
    """A rules' proposal kept even when the model leaves it untagged. Two kinds:

    * a quoted programme name: a name in quotes after "phong trào", "cuộc vận động", "chiến
      dịch" … (or in a quoted list after one, or a known programme in quotes) is a PROGRAM by the
      guidelines, but the training data holds a few dozen of them, too few for the model to trust
      its quotation features; held out (two-fold CV on train), half the ones it dropped were
      gold, well above the precision that raises F1;
    * a programme the rules vouch for (:func:`~vnpolicy.entities.program.vouched`: a curated name
      or a national programme's head), which none of dev's dropped proposals were, and a national
      programme's numbered project with its quoted name ("Dự án 6 “…”"), whose number the model,
      seeing a count, dropped;
    * a byline credit ("… làm rõ nguyên nhân. Minh Quân", "Tin: Hà Linh"): VNTC paragraphs carry
      no bylines, so the model never saw one;
    * a party committee or youth union whose name carries its level ("Huyện ủy", "Huyện đoàn
      Thanh Chương"): a body by the guidelines even alone, and the model dropped it at the start
      of a sentence ("Huyện ủy chỉ đạo …");
    * a people's committee or council of a named level ("Ủy ban nhân dân huyện đề nghị …"): by
      the guidelines a body type with its level word is an ORG even without a name, and the rules
      read these exactly; but VNTC writes "UBND" far more often than "Ủy ban nhân dân", and the
      spelled-out form after a closing quote flipped to O between two trainings. Only with a
      level (so not "cấp xã", which is generic);
    * a body written in lower case with its level word ("hội phụ nữ xã", "mặt trận huyện",
      "huyện đoàn": :func:`~vnpolicy.entities.org.find_lower_case_orgs`): VNTC's news capitalises
      these names, so the model learned capitals as their mark and leaves the lower-case ones out;
    * a board named for a campaign, its quoted name inside ("Ban Vận động Quỹ “Vì người nghèo”
      huyện Cao Lộc": :func:`~vnpolicy.entities.org.find_campaign_bodies`), which the model, having
      met none, cuts into a body, a programme and a place;
    * a date with its weekday before it ("sáng Chủ nhật 8/3"): a day and month without a year
      after a weekday is a date beyond doubt, and VNTC's news has too few for the model;
    * a body whose curated name holds "và" or a comma (:func:`_joined_body`);
    * a news outlet's code before a story's first words ("BKG - …", "(CT) - …":
      :func:`~vnpolicy.entities.org.find_outlet_codes`);
    * a police unit with the body it belongs to ("Phòng Cảnh sát PCCC và CNCH Công an thành phố":
      :func:`~vnpolicy.entities.org.find_police_units`), which the model cut at "và".
    """
    if p.label == "PER":
        from vnpolicy.entities.person import is_byline_credit

        return is_byline_credit(p)
    if p.label == "LOC":
        return _linked_unit(p)
    if p.label == "DATE":
        from vnpolicy.entities.date import names_its_weekday

        return names_its_weekday(p.text)
    if p.label == "PROGRAM":
        from vnpolicy.entities.program import numbers_a_named_project, vouched

        quoted = bool(p.start) and text[p.start - 1] in _QUOTES and text[p.end:p.end + 1] == _QUOTES[text[p.start - 1]]
        return quoted or vouched(p) or numbers_a_named_project(text, p.start, p.end)
    if p.label != "ORG":
        return False
    if (" ".join(p.text.split(" ")[:2]) in _SELF_LEVELLED or p.attrs.get("lower_case") or p.attrs.get("campaign_body")
            or p.attrs.get("police_unit") or p.attrs.get("outlet_code")):
        return True
    if _joined_body(text, p):
        return True
    from vnpolicy.entities.org import levels_listed

    # "MTTQ phường, xã sẽ kiến nghị …": a body at every level of a list is generic, no one body
    return bool(p.attrs.get("level")) and p.text.startswith(_COUNCIL_HEADS) and not levels_listed(text, p.end)


def _linked_unit(p: Entity) -> bool:
    """A district or commune named with its type word and linked to the gazetteer ("Huyện Krông
    Pa"): the model dropped a few at a sentence's start ("Huyện Kbang chú trọng …"). Not a
    province's bare name: in VNTC's news that is often a ship's, a song's or a beer's."""
    return p.text != p.attrs.get("name") and ("ward" in p.attrs or "district" in p.attrs)


def _joined_body(text: str, p: Entity) -> bool:
    """A body the rules read whole from a curated name that holds "và" or a comma (:func:`~vnpolicy.
    entities.org.joined_inside_its_name`), or whose name joins two abbreviations with "và" ("Ban Chỉ
    huy PCTT và TKCN huyện"): the model, which learned "và" as a join of two bodies, cut "Ban
    Tuyên giáo | và Dân vận Tỉnh ủy", the Party's merged commission since 2025."""
    from vnpolicy.entities.org import joined_inside_its_name, match_open_org, match_org

    if p.label != "ORG":
        return False
    if joined_inside_its_name(text, p.start):
        return True
    m = _ABBREVIATIONS_JOINED.search(p.text)
    # not where a second body begins after "và" ("Sở TDTT TPHCM và CVH Lao động TPHCM")
    return m is not None and not (match_org(text, p.start + m.start(1)) or match_open_org(text, p.start + m.start(1)))


# two abbreviations joined by "và", then the level or nothing: "PCTT và TKCN huyện", not "TDTT và CLB PJICO"
_ABBREVIATIONS_JOINED = regex.compile(r"(?<![\p{L}])\p{Lu}{2,} và (\p{Lu}{2,})(?: (?:tỉnh|huyện|xã|phường|thị trấn|thị xã|quận|thành phố|TP)(?![\p{L}]).*)?$")


class _RulesWithin:
    """The rules' entities that lie within [start, end), in their order: by bisection when they
    come in text order (the resolver's output always does), else by a scan. (A scan per span was
    quadratic on a text of thousands of names: 64 kB of " xã Ba Tri, UBND xã ph " took 1.8 s there.)"""

    def __init__(self, rules: list[Entity]) -> None:
        self.rules = rules
        self.starts = [r.start for r in rules]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def __call__(self, start: int, end: int) -> list[Entity]:
        if not self.ordered:
            return [r for r in self.rules if start <= r.start and r.end <= end]
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [r for r in self.rules[lo:hi] if r.end <= end]


def _rules_over_runaway(text: str, start: int, end: int, label: str, inside: list[Entity]) -> list[Entity] | None:
    """The rule entities to keep instead of a tagger span that ran on past them (``inside``: the
    rules' entities within the span, in text order), else None.

    The tagger sometimes joins two bodies across a verb ("Ban Thường vụ Huyện ủy giao UBND
    huyện") or runs a body on into what follows it ("Đảng ủy xã Mỹ An về công tác xây dựng
    Đảng"). Where the rules, which know where a body's name ends, found the bodies inside, they
    win: a span holding two or more rule entities, or a body that goes on past the rules' body
    of the same start with a function word or a verb (:func:`_runaway_words`: "về", "của", "hỗ
    trợ" …), or a curated programme run on over a function word.
    """
    if label in ("ORG", "LOC", "PER") and len(inside) >= 2 and _two_things(text, inside):
        return inside
    # Any span run on over the end of a sentence the rules' entity of the same start stops at
    # ("Nghị quyết 57-NQ/TW của Bộ Chính trị. | uỷ ban nhân dân xã …": a sentence a portal began in lower case).
    ends = [r for r in inside if r.start == start and r.end < end and text.startswith(". ", r.end) and not _INITIAL_AT_END.search(r.text)]
    if ends:
        return ends[:1] + [r for r in inside if r.start > ends[0].end]
    # A "document" where the rules found no document but a programme they vouch for, among other
    # things ("Hưởng ứng Tháng hành động quốc gia về dân số và Ngày Dân số Việt Nam 26/12").
    if label == "LEGAL_DOC" and len(inside) >= 2 and not any(r.label == "LEGAL_DOC" for r in inside):
        from vnpolicy.entities.program import vouched

        if any(r.label == "PROGRAM" and vouched(r) for r in inside):
            return inside
    # A document run on into the body that acts on it ("Quyết định số 12/QĐ-UBND ngày 5/3/2024 |
    # UBND tỉnh đã phê duyệt"): the rules end a document where its tail ends (" ngày …", " của
    # <issuer>", " khóa …", a numbered plenum), so a body right after that is a second thing.
    if label == "LEGAL_DOC":
        doc = [r for r in inside if r.label == "LEGAL_DOC" and r.start == start and r.end < end]
        # ... or on over a comma into the clause that follows ("… của Bộ Chính trị | , đại hội bầu …")
        if doc and (any(r.label == "ORG" and r.start == doc[0].end + 1 for r in inside)
                    or _COMMA_CLAUSE.match(text, doc[0].end)):
            return [r for r in inside if r.start == start or r.start > doc[0].end]
    # A curated programme name, or a public campaign's (``program_campaign_heads.txt``: "chiến dịch
    # diệt chuột | tại 12 xã"), run on over a function word into what follows it ("Tháng hành
    # động vì trẻ em năm 2022 | tại điểm trường Nậm Rịa"): its end is known. Not an open head's
    # name, which the rules cut at the first such word ("… tác hại | của thuốc lá").
    if label == "PROGRAM":
        from vnpolicy.entities.program import ends_a_name, is_curated_with_period, names_a_campaign

        # A numbered project the model ran on into what it does ("Dự án 2 | hỗ trợ 25 mô hình",
        # "Dự án 3 | về phát triển sản xuất"): the rules end it at its number.
        numbered = [r for r in inside if r.label == "PROGRAM" and r.start == start and r.end < end
                    and _NUMBERED_PROJECT.fullmatch(r.text) and text[r.end:r.end + 2][1:].islower()]
        if numbered:
            return numbered[:1] + [r for r in inside if r.start > numbered[0].end]
        same = [r for r in inside if r.label == "PROGRAM" and r.start == start and r.end < end
                and (is_curated_with_period(r.text) or names_a_campaign(r.text))]
        after = text[same[0].end:end].split(" ") if same else []
        # ... or over a comma ("Tháng Thanh niên | , sáng Chủ nhật 8/3"): a longer curated name
        # would have been the rules' match.
        if same and text[same[0].end] in ",;:":
            return same[:1] + [r for r in inside if r.start >= same[0].end]
        if len(after) > 1 and ends_a_name(after[1]):
            return same[:1] + [r for r in inside if r.start >= same[0].end]
        # ... or over a place word into a clause ("Đề án 06 | tỉnh đã làm sạch dữ liệu"): a verb
        # or function word further on says the model ran past the name.
        if len(after) > 2 and any(w in _runaway_words() or ends_a_name(w) for w in after[2:]):
            return same[:1] + [r for r in inside if r.start >= same[0].end]
    # A body run on over a function word or a verb ("Đảng ủy xã Mỹ An | về công tác …", "UBND
    # tỉnh | hỗ trợ huyện …"). Not over any lower-case word: names go on in lower case ("Sở Giao
    # thông công chính", "Cục Quản lý giá", "Văn phòng Chủ tịch nước"; cutting there cost VNTC dev
    # 0.022 of ORG F1).
    if label == "ORG":
        from vnpolicy.entities.org import name_words

        same = [r for r in inside if r.label == "ORG" and r.start == start and r.end < end]
        if same:
            rest = text[same[0].end:end].split()
            # a word that may go on a name ("xây dựng") does not, before a count ("Công an phường | xây dựng 12 …")
            if (rest and rest[0][:1].islower() and rest[0] in _runaway_words()
                    and (" ".join(rest[:2]) not in name_words() or any(w[:1].isdigit() for w in rest[2:]))):
                return same[:1] + [r for r in inside if r.start >= same[0].end]  # "… hỗ trợ | huyện Bát Xát"
        # ... and a body that ends in a verb after a capitalised word the rules did not take ("BCH
        # Trung ương Đoàn | chỉ đạo"): the name is cut before the verb, the words after it all lower-case.
        cut = _trailing_verb(text, start, end)
        if cut is not None:
            return [Entity("ORG", text[start:cut], start, cut, attributes(text[start:cut], "ORG"))]
    return None


_COMMA_CLAUSE = regex.compile(r", \p{Ll}")
_LAST_WORDS = regex.compile(r"(?: \p{Ll}+){2}$")
# "Lê Văn T.", "huyện Q.": the dot after a short capitalised word is the initial's, not a sentence end
_INITIAL_AT_END = regex.compile(r"(?<![\p{L}])\p{Lu}\p{L}{0,2}$")
_NUMBERED_PROJECT = regex.compile(r"(?:[Tt]iểu dự án|Dự án) (?:số )?\d+[a-z]?")  # not "dự án 45 cầu": a count


def _trailing_verb(text: str, start: int, end: int) -> int | None:
    """Where a span's last two words begin, when they are lower-case, the first a runaway word
    (:func:`_runaway_words`, first syllables of verbs: "chỉ đạo") and a capitalised word comes
    before them; else None. Two only: a longer lower-case run is a name going on ("Trung tâm Xúc
    | tiến thương mại", where "tiến" starts "tiến hành")."""
    m = _LAST_WORDS.search(text, start, end)
    if m is None or m.start() == start:
        return None
    first = text[m.start() + 1:m.end()].split(" ", 1)[0]
    before = text[start:m.start()].rsplit(" ", 1)[-1]
    return m.start() if first in _runaway_words() and before[:1].isupper() else None


@lru_cache(maxsize=1)
def _runaway_words() -> frozenset[str]:
    """Where a body's runaway name is cut: ``_lexicon().stops`` (function words and verbs that end
    a name) and ``org_runaway_words.txt``."""
    from vnpolicy.entities.lexicon import words

    return _lexicon().stops | frozenset(words("org_runaway_words.txt"))


def _two_things(text: str, inside: list[Entity]) -> bool:
    """Do the rule entities inside a runaway span name two things, not one name and its parts?
    Two bodies ("Ban Thường vụ Huyện ủy | giao | UBND huyện"), a body and the person after it
    ("Bộ Giao thông Vận tải | Nguyễn Việt Tiến"), or a body and the place after a comma, its
    address ("Ủy ban MTTQ huyện Bảo Thắng, | tỉnh Lào Cai"); not a body cut short and the place
    is the name. Nor a unit and the body it belongs to, side by side with nothing between
    ("Phòng Cảnh sát PCCC&CNCH | Công an tỉnh Bắc Giang", "Phòng CSGT | Công an tỉnh"): the
    annotators of three portal sets marked each such run as one body."""
    labels = [r.label for r in inside]
    orgs = [r for r in inside if r.label == "ORG"]
    if len(orgs) >= 2 and not all(_name_goes_on(text[a.end:b.start]) for a, b in zip(orgs, orgs[1:])):
        return True
    if "ORG" in labels and "PER" in labels[labels.index("ORG"):]:
        return True
    return any(a.label == "ORG" and b.label == "LOC" and "," in text[a.end:b.start] for a, b in zip(inside, inside[1:]))


def _name_goes_on(gap: str) -> bool:
    """Is the gap between two bodies a space, or a word that sits inside names
    (``org_name_words.txt``: "Phòng Cảnh sát | giao thông | Công an tỉnh …", where the rules
    stopped at the lower-case word)? A verb between ("Huyện ủy | giao | UBND huyện") is not."""
    from vnpolicy.entities.org import name_words

    return gap == " " or (gap[:1] == " " and gap[-1:] == " " and gap.strip() in name_words())


def _labels() -> tuple[str, ...]:
    from vnpolicy.labels import label_names

    return label_names()


def attributes(span: str, label: str, reference_date: str | None = None) -> dict[str, Any]:
    """Rule-read attributes of a span the tagger found and the rules did not (empty when unreadable).

    Read once per (span, label, reference date) and handed out as a copy (an Entity's attributes
    may be changed later): the same spans come back article after article ("Việt Nam", "TTXVN",
    "Ban tuyển sinh"; two calls in five on 220 VNTC articles repeat an earlier one), and each
    reading runs the place or body rules over the span (some 15 µs, nearly always for nothing)."""
    found = _read_attributes(span, label, reference_date)
    return copy.deepcopy(found) if found else {}


@lru_cache(maxsize=20_000)
def _read_attributes(span: str, label: str, reference_date: str | None) -> dict[str, Any]:
    """:func:`attributes`, read by the rules (the cached original: never handed out)."""
    from vnpolicy.entities.date import find_dates
    from vnpolicy.entities.legal import find_legal_docs
    from vnpolicy.entities.place import find_places

    if label == "ORG":
        return _org_attributes(span)
    finder = {"DATE": lambda t: find_dates(t, reference_date), "LEGAL_DOC": find_legal_docs,
              "LOC": lambda t: find_places(t, reference_date)}.get(label)
    if finder is None:
        return {}
    for cand in finder(span):
        if cand.start == 0 and cand.end == len(span):
            return dict(cand.attrs)
    return {}


def _org_attributes(span: str) -> dict[str, Any]:
    """:func:`attributes` of an ORG span: those of the first of ``find_orgs(span) + find_open_orgs(span)``
    that covers it. Only a body starting at the span's first character can, and each finder's
    first candidate there is what ``match_org`` / ``match_open_org`` give at 0 (``find_orgs``
    goes on past a start only after it), so the rest of the span is not scanned."""
    from vnpolicy.entities.org import make_entity, match_open_org, match_org

    term = _TERM.search(span)
    name = span[:term.start()] if term else span  # "HĐND huyện Quỳnh Lưu | khóa XX": the body, then its term
    for match, open_head in ((match_org, False), (match_open_org, True)):
        org = match(name, 0)
        if org is not None and org.start == 0 and org.end == len(name):
            attrs = make_entity(name, org).attrs
            if open_head:
                attrs["open_head"] = True
            if term:
                attrs["term"] = term.group(1)
            return attrs
    return {}


# The term that ends a body's name where the model kept it ("khóa XX", "khoá 15"); VNTC's
# annotators keep it in the span ("QH khóa X"), the rules end the name before it.
_TERM = re.compile(r" kh(?:óa|oá) ([IVXLC]+|\d+)$")


def load_tagger(path: str | Path) -> EntityTagger:
    """Read and check a tagger file (cached per path for the life of the process)."""
    return _load(str(Path(path).resolve()))


@lru_cache(maxsize=4)
def _load(path: str) -> EntityTagger:
    from vnpolicy.modelfile import read_members

    if not Path(path).exists():
        raise ModelError(f"{path}: no such entity model file")
    members = read_members(path, _MEMBERS, _MEMBER_LIMITS, kind="entity model",
                           not_zip="not an entity model file (not a zip archive)", corrupt="corrupt entity model file")
    try:
        meta = json.loads(members["model.json"].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: model.json is not valid JSON ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise ModelError(f"{path}: not a vnpolicy entity model (format {meta.get('format') if isinstance(meta, dict) else None!r})")
    if meta.get("format_version") != FORMAT_VERSION or meta.get("features_version") != FEATURES_VERSION:
        raise ModelError(f"{path}: entity model format {meta.get('format_version')}/features {meta.get('features_version')}; "
                         f"this vnpolicy reads {FORMAT_VERSION}/{FEATURES_VERSION}: retrain with `vnpolicy entities train`")
    hashes = meta["sha256"] if isinstance(meta.get("sha256"), dict) else {}
    for name in _MEMBERS[1:]:
        if hashlib.sha256(members[name]).hexdigest() != hashes.get(name):
            raise ModelError(f"{path}: {name} does not match its sha256 in model.json (damaged or edited file)")
    info = meta.get("info", {})
    if not isinstance(info, dict):
        raise ModelError(f"{path}: model.json field 'info' must be an object")
    arrays = CrfArrays.from_members(meta.get("tags"), meta.get("rows"), members, path)
    return EntityTagger(members["model.crfsuite"], info, path, arrays)


def train_tagger(paragraphs, *, c1: float = 0.02, c2: float = 0.05, max_iterations: int = 200,
                 info: dict[str, Any] | None = None) -> EntityTagger:
    """Train a tagger on gold paragraphs (:class:`~vnpolicy.entities.gold.GoldParagraph`)."""
    import tempfile

    import pycrfsuite

    from vnpolicy.entities import rule_entities

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for para in paragraphs:
        toks = tokens(para.text)
        if not toks:
            continue
        rules = [(e.start, e.end, e.label) for e in rule_entities(para.text)]
        trainer.append(features(para.text, toks, rules), _bio(toks, para.spans))
        n += 1
    if not n:
        raise ValueError("no paragraphs to train on")
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        model_path = Path(tmp) / "model.crfsuite"
        trainer.train(str(model_path))
        data = model_path.read_bytes()
    return EntityTagger(data, {"n_train": n, "c1": c1, "c2": c2, "max_iterations": max_iterations, **(info or {})})
