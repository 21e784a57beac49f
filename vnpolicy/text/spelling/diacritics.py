"""Text typed without diacritics: recognise it, leave it whole, or restore it all.

E-mails, forum posts and hurried captions are often typed without tone and vowel marks
("Chi khong phai la nguoi tot"), sometimes only partly ("ninh xương bo trong 8 tieng"). Fixing
one syllable of such a sentence makes it worse (half restored), so :func:`no_diacritics_spans`
finds the sentences where several plain-ASCII syllables are far likelier with marks than
without, and the corrector leaves them alone with the reason noted. On request
(``restore_diacritics=True``) :func:`restore_edits` restores every plain syllable of such a
sentence at once: the marked forms of each syllable that the news statistics know, chosen
jointly by a trigram Viterbi search over the same interpolated counts the corrector uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter

import numpy as np

from vnpolicy.text.spelling.model import (
    BOUNDARY,
    COMMA,
    FIRST_ID,
    NUM,
    SENT_END,
    load_model,
    syllable_key,
    token_list,
    tokens,
)
from vnpolicy.text.syllable import is_valid_syllable, remove_diacritics
from vnpolicy.text.trace import Edit

STRIPPED_SHARE = 0.12  # a plain syllable this much rarer than its best marked form was stripped
MIN_STRIPPED = 2  # a sentence needs this many stripped syllables ...
MIN_STRIPPED_SHARE = 0.25  # ... making at least this share of its syllables
MIN_TONELESS_STRIPPED = 3  # ... this many when one of them has its vowel marks and no tone ("đươc")
MAX_OPTIONS = 8  # marked forms tried per syllable when restoring
LAMBDA_BIGRAM, LAMBDA_TRIGRAM = 0.8, 0.6


@dataclass(frozen=True)
class PlainSpan:
    """A sentence (``start``, ``end``) typed without diacritics, and its stripped syllables."""

    start: int
    end: int
    stripped: int
    syllables: int


def _grouped(form: Callable[[str], str]) -> dict[str, tuple[int, ...]]:
    """``form`` of each vocabulary key's letters (tone digit left off) → the ids sharing it,
    commonest first."""
    model = load_model()
    groups: dict[str, list[int]] = {}
    for i in range(FIRST_ID, model.vocab_size):
        groups.setdefault(form(model.keys[i][:-1]), []).append(i)
    return {b: tuple(sorted(ids, key=lambda i: -model.count[i])) for b, ids in groups.items()}


@lru_cache(maxsize=1)
def _by_bare() -> dict[str, tuple[int, ...]]:
    """Fully stripped form ("nguoi") → vocabulary ids of its marked forms, commonest first."""
    return _grouped(lambda letters: remove_diacritics(letters).replace("đ", "d"))


@lru_cache(maxsize=1)
def _by_letters() -> dict[str, tuple[int, ...]]:
    """Letters with their vowel marks, tone left out ("đươc") → vocabulary ids of its toned forms
    ("được", "đước", …), commonest first: what a syllable typed without its tone mark may be."""
    return _grouped(lambda letters: letters)


def _marked_options(lower: str) -> tuple[int, ...] | None:
    """The forms a syllable typed without marks may stand for: every marked form of a plain-ASCII
    syllable ("nguoi"), the toned forms of one typed with its vowel marks but no tone ("đươc",
    "nhân"); None for a syllable that carries a tone mark or is none."""
    if lower.isascii():
        return _by_bare().get(lower) if lower.isalpha() else None
    key = syllable_key(lower)
    if key is None or not key.endswith("0"):
        return None
    return _by_letters().get(key[:-1])


@lru_cache(maxsize=50_000)
def looks_stripped(lower: str) -> bool:
    """A syllable without marks that the news almost always write with them: plain ASCII
    ("khong", "nguoi", "tieng") or typed with its vowel marks and no tone ("đươc", "hô sơ").

    >>> looks_stripped("khong"), looks_stripped("tieng"), looks_stripped("trong"), looks_stripped("ban")
    (True, True, False, False)
    >>> looks_stripped("đươc"), looks_stripped("nhân"), looks_stripped("được")
    (True, False, False)
    """
    options = _marked_options(lower)
    if not options:
        return False
    model = load_model()
    own = model.ids.get(lower + "0") if lower.isascii() else model.ids.get(syllable_key(lower) or "")
    own_count = model.count[own] if own is not None else 0.0
    best = max(model.count[i] for i in options)
    return bool(own_count < STRIPPED_SHARE * best)


def _stripped(word: str) -> bool:
    """Does ``word``, as written, count as typed without its marks? A capitalised word with vowel
    marks and no tone ("Vân", "Lưu", "Uông") is most often a name, not a slip: only plain ASCII
    counts there. Remembered per word as written (a plain dict: this runs on every distinct word
    of every text)."""
    found = _STRIPPED.get(word)
    if found is None:
        found = (word.isascii() or word.islower()) and looks_stripped(word.lower())
        if len(_STRIPPED) > 100_000:
            _STRIPPED.clear()
        _STRIPPED[word] = found
    return found


_STRIPPED: dict[str, bool] = {}


def _enough(stripped: int, toneless: int, syllables: int) -> bool:
    """Is a sentence with ``stripped`` of its ``syllables`` looking stripped (``toneless`` of them
    with vowel marks but no tone) typed without diacritics? A single toneless word is often right
    ("phù điêu", "đinh lăng", "bánh đa"): with one, the sentence needs MIN_TONELESS_STRIPPED."""
    need = MIN_TONELESS_STRIPPED if toneless else MIN_STRIPPED
    return stripped >= need and stripped >= MIN_STRIPPED_SHARE * syllables


def no_diacritics_spans(text: str) -> list[PlainSpan]:
    """The sentences of ``text`` typed (wholly or partly) without diacritics.

    >>> [text[s.start:s.end] for text in ["Hội nghị. ninh xương bo trong 8 tieng, Ban Chấp hanh Dang bo. Tốt."]
    ...  for s in no_diacritics_spans(text)]
    ['ninh xương bo trong 8 tieng, Ban Chấp hanh Dang bo']
    >>> no_diacritics_spans("Công tác kiểm tra tại cơ sở, chính quyền địa phương và nhân dân.")
    []
    """
    hits = _stripped_words(text)
    if sum(hits.values()) < max(MIN_STRIPPED, 1):
        return []  # too few stripped syllables in the whole text for any sentence to qualify
    if not WALK_EVERY_SENTENCE:
        return _spans_around(text, hits)
    spans: list[PlainSpan] = []
    start = end = None
    stripped = toneless = syllables = 0

    def close() -> None:
        if start is not None and _enough(stripped, toneless, syllables):
            spans.append(PlainSpan(start, end, stripped, syllables))

    for tok in token_list(text):
        if tok.kind == "b" and (tok.text in SENT_END):
            close()
            start = end = None
            stripped = toneless = syllables = 0
            continue
        if tok.kind != "w":
            continue
        if start is None:
            start = tok.start
        end = tok.end
        word = tok.text
        if word.isupper() and len(word) > 1:
            continue  # acronyms say nothing
        syllables += 1
        if _stripped(word):
            stripped += 1
            toneless += not word.isascii()
    close()
    return spans


# Only the sentences holding a stripped word are counted (:func:`_spans_around`), not every
# sentence of the text: the same spans (tests/test_typo_speed_internals.py checks it with this set
# to True), without a walk over every token of a long article that has a stray English word.
WALK_EVERY_SENTENCE = False


def _spans_around(text: str, hits: dict[str, int]) -> list[PlainSpan]:
    """:func:`no_diacritics_spans` counted in the sentences around the words in ``hits``."""
    toks = token_list(text)
    at = list(compress(count(), map(hits.__contains__, map(itemgetter(3), toks))))  # the tokens that are hits
    spans: list[PlainSpan] = []
    done = -1
    for i in at:
        if i < done:
            continue  # a sentence already counted
        a = i
        while a and not (toks[a - 1][0] == "b" and toks[a - 1][3] in SENT_END):
            a -= 1
        b = i
        while b < len(toks) and not (toks[b][0] == "b" and toks[b][3] in SENT_END):
            b += 1
        done = b
        words = [t for t in toks[a:b] if t[0] == "w"]
        plain = [t[3] for t in words if not (t[3].isupper() and len(t[3]) > 1)]
        found = [w for w in plain if _stripped(w)]
        stripped = len(found)
        if _enough(stripped, sum(not w.isascii() for w in found), len(plain)):
            spans.append(PlainSpan(words[0][1], words[-1][2], stripped, len(plain)))
    return spans


def _stripped_count(text: str) -> int:
    """How many words of ``text`` :func:`no_diacritics_spans` counts as stripped, found without
    walking the sentences: most texts have none, and are done with here."""
    return sum(_stripped_words(text).values())


def _stripped_words(text: str) -> dict[str, int]:
    """The words of ``text`` :func:`no_diacritics_spans` counts as stripped, with how often each occurs.

    Counted over the token stream, which the corrector reads next (and :func:`token_list` keeps):
    a count of its texts, then a look at each distinct one. Only a word without a tone mark (a
    whole run of letters and marks) can look stripped."""
    texts = list(map(itemgetter(3), token_list(text)))
    known = _STRIPPED.get  # the remembered answer first: every distinct word of every text comes here
    stripped = {
        w for w in set(texts)
        if (known(w) or (known(w) is None and w.isalpha() and _stripped(w))) and not (w.isupper() and len(w) > 1)
    }
    # Counted only for the stripped words (most texts have none), in the order they first occur
    return dict(Counter(filter(stripped.__contains__, texts))) if stripped else {}


def inside(spans: list[PlainSpan], start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def restore_edits(text: str, spans: list[PlainSpan] | None = None, *, style: str = "old") -> list[Edit]:
    """Edits (rule ``"diacritics"``) restoring every plain syllable of the stripped sentences.

    >>> t = "Chi khong phai la nguoi tot."
    >>> from vnpolicy.text.normalize import _apply
    >>> _apply(t, restore_edits(t))
    'Chị không phải là người tốt.'
    """
    from vnpolicy.text.spelling.corrector import _apply_case, render

    if spans is None:
        spans = no_diacritics_spans(text)
    model = load_model()
    edits: list[Edit] = []
    for span in spans:
        toks = [t for t in tokens(text[span.start : span.end])]
        words = [(t.start + span.start, t.end + span.start, t.text, t.sentence_start) for t in toks if t.kind == "w"]
        options, fixed = [], []
        for _s, _e, word, first in words:
            shift = model.vocab_size if word[0].isupper() and not first else 0
            lower = word.lower()
            marked = _marked_options(lower) if not (word.isupper() and len(word) > 1) else None
            if marked:
                ids = list(marked[:MAX_OPTIONS])
                fixed.append(False)
            else:
                ids = [model.id_of(lower)]
                fixed.append(True)
            options.append([i + shift if i >= FIRST_ID else i for i in ids])
        stream = _with_separators(toks, options)
        best = _viterbi(model, stream)
        k = 0
        for (s, e, word, _first), is_fixed in zip(words, fixed):
            choice = best[k]
            k += 1
            if is_fixed:
                continue
            surface = render(model.keys[choice % model.vocab_size], style)
            if surface is None:
                continue
            new = _apply_case(surface, word) if not word.isupper() else surface.upper()
            if new != word:
                edits.append(Edit(s, e, new, "diacritics", 0.9, "sentence typed without diacritics, restored as a whole"))
    return edits


def _with_separators(toks, options: list[list[int]]) -> list[list[int] | int]:
    """The option lists with commas and numbers in between, as fixed ids (words marked by lists)."""
    out: list[list[int] | int] = []
    k = 0
    for t in toks:
        if t.kind == "w":
            out.append(options[k])
            k += 1
        elif t.kind == "n":
            out.append(NUM)
        elif t.kind == "c":
            out.append(COMMA)
        else:
            out.append(BOUNDARY)
    return out


def _viterbi(model, stream: list[list[int] | int]) -> list[int]:
    """The likeliest id for each word position (trigram, interpolated), in word order."""
    lm = model.lm
    counts = lm.counts
    p1 = lambda w: (counts[w] + 0.5) / lm.norm  # noqa: E731

    def logp(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
        c_bw = lm.bigrams(b, w)
        cb = counts[b]
        p2 = np.where(cb > 0, LAMBDA_BIGRAM * np.minimum(c_bw / np.maximum(cb, 1), 1) + (1 - LAMBDA_BIGRAM) * p1(w), p1(w))
        c_ab = lm.bigrams(a, b)
        c_abw = lm.trigrams(a, b, w)
        p3 = np.where(c_ab > 0, LAMBDA_TRIGRAM * np.minimum(c_abw / np.maximum(c_ab, 1), 1) + (1 - LAMBDA_TRIGRAM) * p2, p2)
        return np.log(p3)

    # States are (previous id, current id) pairs; start from two breaks.
    states = [(BOUNDARY, BOUNDARY)]
    scores = np.zeros(1)
    back: list[tuple[list[tuple[int, int]], np.ndarray]] = []
    for item in stream + [BOUNDARY]:
        opts = item if isinstance(item, list) else [item]
        a = np.asarray([s[0] for s in states])
        b = np.asarray([s[1] for s in states])
        new_states: dict[tuple[int, int], tuple[float, int]] = {}
        for w in opts:
            sc = scores + logp(a, b, np.full(len(states), w))
            for j in range(len(states)):
                key = (states[j][1], w)
                if key not in new_states or sc[j] > new_states[key][0]:
                    new_states[key] = (float(sc[j]), j)
        keys = list(new_states)
        back.append((states, np.asarray([new_states[k][1] for k in keys])))
        states = keys
        scores = np.asarray([new_states[k][0] for k in keys])
    # Walk back.
    j = int(np.argmax(scores))
    path = []
    for prev_states, pointers in reversed(back):
        path.append(states[j][1])
        j = int(pointers[j])
        states = prev_states
    path.reverse()
    path = path[:-1]
    return [p for p, item in zip(path, stream) if isinstance(item, list)]


def is_plain_valid(word: str) -> bool:
    return word.isascii() and is_valid_syllable(word)


__all__ = ["PlainSpan", "inside", "looks_stripped", "no_diacritics_spans", "restore_edits"]
