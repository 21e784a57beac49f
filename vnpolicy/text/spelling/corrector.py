"""The typo corrector: find syllables a typing slip produced and pick what was meant.

Two kinds of error, one decision rule. A *non-word* ("quyêt", "Viễt", "quocs") cannot be a
Vietnamese syllable; a *real-word* error ("Tồ quốc", "tổ cáo", "sơ, ban, ngành") is a valid
syllable that the surrounding syllables make improbable. For each syllable the candidates are
the vocabulary syllables one or two realistic slips away (same :func:`confusion_signature`), and
each is scored with an interpolated trigram model over a five-syllable window, minus an edit
cost. A valid original keeps a large head start (``KEEP_ORIGINAL``), so a real word is only
replaced when the candidate is far likelier AND neither side of the context prefers the original.

This room never touches: capitalised names (unless the original is a rare syllable and the
lowercase statistics are overwhelming), all-caps words, abbreviations, foreign words, numbers,
URLs, e-mail addresses, document numbers, or anything glued to digits and slashes.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

from vnpolicy.text.spelling.model import (
    BOUNDARY,
    COMMA,
    FIRST_ID,
    NUM,
    UNK,
    SpellingModel,
    confusion_signature,
    load_model,
    syllable_key,
    tokens,
)
from vnpolicy.text.syllable import TONES, is_valid_syllable, strip_tone, tone_of, with_tone
from vnpolicy.text.trace import Edit

DEFAULT_THRESHOLD = 0.9  # posterior probability a fix needs
KEEP_ORIGINAL = 5.0  # nats: prior log-odds that a valid, known syllable is what the writer meant
KEEP_UNSEEN = 3.0  # the same for a valid syllable the statistics never saw
KEEP_CAPITALISED = 3.0  # extra nats for a capitalised syllable mid-sentence (names)
KEEP_ATTESTED = 3.0  # extra nats when the original was seen next to a neighbour: a usage, not a slip
MIN_ATTESTED = 3
NONWORD_POWER = 6  # a non-word (or unseen syllable) is wrong as it stands: its best fix needs threshold**6
SIDE_MARGIN = 0.0  # each syllable side must favour the candidate by at least this (nats, PMI)
BREAK_MARGIN = -1.0  # a side that is a break or comma must not disfavour it by more than this
MIN_SUPPORT = 2  # the candidate must have been seen next to a neighbour this often
MIN_CANDIDATE_COUNT = 10  # a candidate must be this common in the statistics
MAX_COST = 4.0
LAMBDA_BIGRAM, LAMBDA_TRIGRAM = 0.8, 0.5  # interpolation weights

TONE_COST, VOWEL_COST, D_COST, CONSONANT_COST, TELEX_COST = 1.0, 1.5, 1.5, 2.0, 0.5
_DIGIT_TONE = {"0": "ngang", "1": "sac", "2": "huyen", "3": "hoi", "4": "nga", "5": "nang"}
_TONE_DIGIT = {t: d for d, t in _DIGIT_TONE.items()}
_ONSET_RE = regex.compile(r"^(ngh|ng|nh|ch|tr|th|ph|kh|gh|gi(?=[aăâeêoôơuưy])|qu|[bcdđghklmnpqrstvx])?")
_CODA_RE = regex.compile(r"(ng|nh|ch|[cmnpt])$")
_PROTECTED_RE = regex.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info)\b\S*",
    regex.IGNORECASE,
)
_GLUE = frozenset("/_@&\\#%")
_TELEX_PAIRS = (("uow", "ươ"), ("uw", "ư"), ("ow", "ơ"), ("aw", "ă"), ("aa", "â"), ("ee", "ê"), ("oo", "ô"), ("dd", "đ"))
_TELEX_TONES = {"s": "sac", "f": "huyen", "r": "hoi", "x": "nga", "j": "nang"}


@dataclass(frozen=True)
class WordInfo:
    """What the corrector knows about one lowercase word, whatever its context."""

    valid: bool
    oid: int  # its id, UNK when unknown; NOVEL-style ids are assigned by the caller
    candidates: tuple[int, ...]
    costs: tuple[float, ...]
    telex: bool = False


@lru_cache(maxsize=1)
def _valid_cache():
    return lru_cache(maxsize=200_000)(is_valid_syllable)


def _valid(word: str) -> bool:
    return _valid_cache()(word)


def _split(bare: str) -> tuple[str, str, str]:
    onset = _ONSET_RE.match(bare).group()
    rest = bare[len(onset) :]
    m = _CODA_RE.search(rest)
    coda = m.group() if m and m.start() > 0 else ""
    return onset, rest[: len(rest) - len(coda)], coda


def edit_cost(word: str, key: str) -> float:
    """How unlikely the slip from the candidate ``key`` to the typed ``word`` is (nats)."""
    cost = 0.0
    tone = tone_of(word) if syllable_key(word) is not None else None
    if tone != _DIGIT_TONE[key[-1]]:
        cost += TONE_COST
    o_on, o_v, o_co = _split(strip_tone(word))
    c_on, c_v, c_co = _split(key[:-1])
    if o_on != c_on:
        cost += D_COST if {o_on, c_on} == {"d", "đ"} else CONSONANT_COST
    if o_co != c_co:
        cost += CONSONANT_COST
    if len(o_v) != len(c_v):
        cost += CONSONANT_COST
    else:
        diffs = [k for k, (a, b) in enumerate(zip(o_v, c_v)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and c_v[diffs[0] : diffs[0] + 2] == "ươ":
            diffs = diffs[:1]  # uo → ươ is one slip
        cost += VOWEL_COST * len(diffs)
    return cost


def telex_decode(word: str) -> str | None:
    """Read leftover Telex keystrokes: ``"quocs"`` → ``"quóc"``, ``"vieetj"`` → ``"việt"``.

    None when there is nothing to decode or the result is not shaped like a syllable.
    """
    tone = None
    body = word
    if len(body) > 2 and body[-1] in _TELEX_TONES:
        tone, body = _TELEX_TONES[body[-1]], body[:-1]
    changed = tone is not None
    for pair, letter in _TELEX_PAIRS:
        if pair in body:
            body = body.replace(pair, letter, 1)
            changed = True
    if not changed or not body.isalpha():
        return None
    try:
        return with_tone(body, tone or "ngang")
    except ValueError:
        return None


@lru_cache(maxsize=200_000)
def word_info(lower: str, telex: bool = False) -> WordInfo:
    """Validity, id and slip candidates of a lowercase word (``telex``: also read it as Telex)."""
    model = load_model()
    key = syllable_key(lower)
    valid = key is not None and _valid(lower)
    oid = model.ids.get(key, UNK) if key is not None else UNK
    found: dict[int, float] = {}

    def add_from(source: str, extra: float, *, vowels_only: bool = False) -> None:
        src_onset, _, src_coda = _split(strip_tone(source))
        for cid in model.by_signature.get(confusion_signature(source), ()):
            if cid == oid or model.count[cid] < MIN_CANDIDATE_COUNT:
                continue
            ckey = model.keys[cid]
            if vowels_only:
                c_onset, _, c_coda = _split(ckey[:-1])
                if (c_onset, c_coda) != (src_onset, src_coda):
                    continue
            cost = edit_cost(source, ckey) + extra
            if cost > MAX_COST or cost >= found.get(cid, math.inf):
                continue
            surface = render(ckey)
            if surface is None or not _valid(surface):
                continue
            found[cid] = cost

    add_from(lower, 0.0)
    read_as_telex = False
    if telex and not valid and oid == UNK:
        decoded = telex_decode(lower)
        if decoded is not None and decoded != lower:
            before = dict(found)
            add_from(decoded, TELEX_COST, vowels_only=True)
            read_as_telex = found != before
    items = sorted(found.items(), key=lambda kv: kv[1])
    return WordInfo(valid, oid, tuple(k for k, _ in items), tuple(v for _, v in items), read_as_telex)


@lru_cache(maxsize=100_000)
def render(key: str, style: str = "old") -> str | None:
    """The lowercase syllable a key stands for, mark placed as ``style`` puts it (None: not one)."""
    try:
        return with_tone(key[:-1], _DIGIT_TONE[key[-1]], style)
    except ValueError:
        return None


def _apply_case(word: str, original: str) -> str:
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_NEW_STYLE_RE = regex.compile(r"(?i)o[àáảãạèéẻẽẹ](?!\p{L})|u[ỳýỷỹỵ](?!\p{L})")
_OLD_STYLE_RE = regex.compile(r"(?i)[òóỏõọ][ae](?!\p{L})|[ùúủũụ]y(?!\p{L})")


def _text_style(text: str) -> str:
    return "new" if len(_NEW_STYLE_RE.findall(text)) > len(_OLD_STYLE_RE.findall(text)) else "old"


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED_RE.finditer(text)]


def _glued(text: str, start: int, end: int) -> bool:
    """True when the word is part of a code, number or path (``01-NQ/TU``, ``TW4``, ``a_b``)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isdigit() or after.isdigit() or before in _GLUE or after in _GLUE:
        return True
    for ch, other in ((before, text[start - 2] if start > 1 else " "), (after, text[end + 1] if end + 1 < len(text) else " ")):
        if ch in ".-" and other.isalnum():
            return True
    return False


@dataclass
class _Site:
    """One syllable under examination."""

    index: int  # position in the id stream
    start: int
    end: int
    text: str
    info: WordInfo
    capitalised: bool  # capitalised mid-sentence: maybe a name


def typo_edits(text: str, *, threshold: float | None = None) -> list[Edit]:
    """Edits (rule ``"typo"``) for the typing slips found in ``text``.

    ``threshold`` is the posterior probability a fix needs (default ``DEFAULT_THRESHOLD``):
    higher fixes fewer, and more surely.

    >>> [(e.start, e.end, e.replacement) for e in typo_edits("Mặt trận Tồ quốc và khiếu nại, tổ cáo")]
    [(9, 11, 'Tổ'), (31, 33, 'tố')]
    >>> typo_edits("Mặt trận Tổ quốc, tổ chức, tố tụng, huyện Tháp Mười, UBND")
    []
    """
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    model = load_model()
    text_nfc = text
    protected = _protected(text_nfc)
    ids: list[int] = [BOUNDARY, BOUNDARY]
    sites: list[_Site] = []
    novel = model.vocab_size  # id with no counts: a valid syllable the statistics never saw
    for tok in tokens(text_nfc):
        if tok.kind == "n":
            ids.append(NUM)
            continue
        if tok.kind == "c":
            ids.append(COMMA)
            continue
        if tok.kind == "b":
            if ids[-1] != BOUNDARY:
                ids.append(BOUNDARY)
            continue
        word = tok.text
        lower = word.lower()
        if len(word) > 8 or syllable_key(lower) is None and not _valid(lower):
            # Too long to be a syllable, or two tone marks: still a site, no statistics id.
            pass
        info = word_info(lower, len(word) > 2 and word[1:].islower())
        oid = info.oid if info.oid != UNK or not info.valid else novel
        ids.append(oid if oid != novel else UNK)
        if not info.candidates or _skip(word, tok, text_nfc, protected):
            continue
        capitalised = word[:1].isupper() and not tok.sentence_start
        sites.append(_Site(len(ids) - 1, tok.start, tok.end, word, info, capitalised))
    if not sites:
        return []
    ids.extend([BOUNDARY, BOUNDARY])
    return _decide(model, np.asarray(ids, dtype=np.int64), sites, threshold, text_nfc, novel)


def _skip(word: str, tok, text: str, protected: list[tuple[int, int]]) -> bool:
    if len(word) > 1 and word.isupper():
        return True  # all caps: abbreviations (UBND, HĐND) and shouted titles
    if len(word) > 1 and not (word.islower() or (word[0].isupper() and word[1:].islower())):
        return True  # mixed case: brand names, codes
    if len(word) == 1 and word.isupper():
        return True  # a single capital letter: "khu A", initials
    if _glued(text, tok.start, tok.end):
        return True
    return any(s <= tok.start < e for s, e in protected)


def _decide(model: SpellingModel, ids: np.ndarray, sites: list[_Site], threshold: float, text: str, novel: int) -> list[Edit]:
    # One row per (site, option); option 0 of each site is the original.
    site_of, option_ids, costs = [], [], []
    for k, site in enumerate(sites):
        info = site.info
        site_of.append(k)
        option_ids.append(info.oid if info.oid != UNK else novel)
        costs.append(0.0)
        site_of.extend([k] * len(info.candidates))
        option_ids.extend(info.candidates)
        costs.extend(info.costs)
    site_of_a = np.asarray(site_of)
    x = np.asarray(option_ids, dtype=np.int64)
    cost = np.asarray(costs)
    pos = np.asarray([s.index for s in sites])[site_of_a]
    l2, l1, r1, r2 = ids[pos - 2], ids[pos - 1], ids[pos + 1], ids[pos + 2]
    ev = _Evidence(model, novel, l2, l1, x, r1, r2)
    score = ev.left + ev.right - cost

    edits: list[Edit] = []
    style: str | None = None
    starts = np.flatnonzero(np.r_[True, site_of_a[1:] != site_of_a[:-1]])
    ends = np.r_[starts[1:], len(site_of_a)]
    for k, (a, b) in enumerate(zip(starts, ends)):
        site = sites[k]
        info = site.info
        s = score[a:b].copy()
        if info.valid and info.oid != UNK:
            s[0] += KEEP_ORIGINAL + (KEEP_CAPITALISED if site.capitalised else 0.0)
            if ev.attested(a):
                s[0] += KEEP_ATTESTED
        elif info.valid:
            s[0] += KEEP_UNSEEN  # valid but unseen: maybe a rare word or a name
        else:
            s[0] = -np.inf  # a non-word is never kept when a candidate fits
        best = int(np.argmax(s[1:])) + 1
        post = np.exp(s - np.max(s))
        post /= post.sum()
        conf = float(post[best])
        known = info.valid and info.oid != UNK
        if conf < (threshold if known else threshold**NONWORD_POWER):
            continue
        row = a + best
        if not ev.supported(row, a, both_sides=info.valid or info.telex, compare=known):
            continue
        if info.valid and site.capitalised:
            o_count = ev.counts[x[a]]
            if o_count > 0.01 * ev.counts[x[row]] or model.capital[x[a]] > 0.5 * o_count > 0:
                continue  # a common syllable, or one mostly seen in names
        if not info.valid and info.oid != UNK:
            o_count = ev.counts[info.oid]
            if o_count >= 20 and o_count >= 0.02 * ev.counts[x[row]]:
                continue  # a frequent form (foreign word, loan) rather than a slip
        if style is None:
            style = _text_style(text)
        surface = render(model.keys[int(x[row])], style)
        replacement = _apply_case(surface, site.text) if surface else site.text
        if replacement == site.text:
            continue
        note = _note(model, site, replacement, row, a, ev, info)
        edits.append(Edit(site.start, site.end, replacement, "typo", round(conf, 3), note))
    return edits


class _Evidence:
    """Window scores and raw counts for every (site, option) row, computed in one batch.

    ``left`` is log P(x | l2 l1) and ``right`` log P(r1 | l1 x) + log P(r2 | x r1), from an
    interpolated (Jelinek-Mercer) trigram model: an unseen or pruned n-gram only halves a
    probability instead of zeroing it, so sparse contexts cannot make a fix look certain.
    """

    def __init__(self, model: SpellingModel, novel: int, l2, l1, x, r1, r2) -> None:
        self.counts = counts = np.append(model.count, 0.0)  # the novel id counts nothing
        total = counts.sum()
        v = float(len(counts))
        real = x != novel
        safe = np.where(real, x, UNK)

        def p1(w):
            return (counts[w] + 0.5) / (total + 0.5 * v)

        def p2(a, w, c_aw):
            ca = counts[a]
            return np.where(ca > 0, LAMBDA_BIGRAM * np.minimum(c_aw / np.maximum(ca, 1), 1) + (1 - LAMBDA_BIGRAM) * p1(w), p1(w))

        def p3(c_abw, c_ab, p2_bw):
            return np.where(c_ab > 0, LAMBDA_TRIGRAM * np.minimum(c_abw / np.maximum(c_ab, 1), 1) + (1 - LAMBDA_TRIGRAM) * p2_bw, p2_bw)

        self.l1, self.r1, self.l2, self.r2, self.x = l1, r1, l2, r2, x
        self.c_l1x = np.where(real, model.bigrams(l1, safe), 0.0)
        self.c_xr1 = np.where(real, model.bigrams(safe, r1), 0.0)
        self.c_l2l1x = np.where(real, model.trigrams(l2, l1, safe), 0.0)
        self.c_l1xr1 = np.where(real, model.trigrams(l1, safe, r1), 0.0)
        self.c_xr1r2 = np.where(real, model.trigrams(safe, r1, r2), 0.0)
        c_l2l1 = np.where(l1 == BOUNDARY, 0.0, model.bigrams(l2, l1))
        c_r1r2 = model.bigrams(r1, r2)
        p2_x = p2(l1, x, self.c_l1x)
        self.p1_x = p1(x)
        self.left = np.log(p3(self.c_l2l1x, c_l2l1, p2_x))
        p_r1 = p3(self.c_l1xr1, self.c_l1x, p2(x, r1, self.c_xr1))
        p_r2 = p3(self.c_xr1r2, self.c_xr1, p2(r1, r2, c_r1r2))
        self.right = np.log(p_r1) + np.where(r1 == BOUNDARY, 0.0, np.log(p_r2))

    def attested(self, row: int) -> bool:
        """Has this option been seen next to one of its syllable neighbours (``MIN_ATTESTED``)?"""
        return bool(
            (self.l1[row] >= FIRST_ID and self.c_l1x[row] >= MIN_ATTESTED)
            or (self.r1[row] >= FIRST_ID and self.c_xr1[row] >= MIN_ATTESTED)
        )

    def supported(self, row: int, orig: int, *, both_sides: bool, compare: bool) -> bool:
        """Does the context speak for the candidate (``row``) over the original (``orig``)?

        Each side with a syllable must have seen the candidate next to it (``MIN_SUPPORT``) —
        every such side with ``both_sides``, at least one otherwise. With ``compare`` (the
        original is a known syllable) each side must also fit the candidate better than the
        original once frequency is set aside (pointwise mutual information) by ``SIDE_MARGIN``
        nats; a side that is a break or a comma must not argue against it by more than
        ``-BREAK_MARGIN``.
        """
        sides = []
        l1, r1 = int(self.l1[row]), int(self.r1[row])
        if l1 >= FIRST_ID:
            sides.append(("left", self.c_l1x[row] >= MIN_SUPPORT))
        if r1 >= FIRST_ID:
            sides.append(("right", self.c_xr1[row] >= MIN_SUPPORT))
        if not sides or not any(ok for _, ok in sides) or (both_sides and not all(ok for _, ok in sides)):
            return False
        if not compare:
            return True
        pmi_left = (self.left[row] - np.log(self.p1_x[row])) - (self.left[orig] - np.log(self.p1_x[orig]))
        pmi_right = self.right[row] - self.right[orig]
        need_left = SIDE_MARGIN if any(side == "left" for side, _ in sides) else BREAK_MARGIN
        need_right = SIDE_MARGIN if any(side == "right" for side, _ in sides) else BREAK_MARGIN
        return pmi_left >= need_left and pmi_right >= need_right


def _neighbour(model: SpellingModel, i: int) -> str:
    i = int(i)
    if i == COMMA:
        return ","
    if i < FIRST_ID:
        return ""
    return render(model.keys[i]) or model.surface[i]


def _note(model: SpellingModel, site: _Site, replacement: str, row: int, orig: int, ev: _Evidence, info: WordInfo) -> str:
    left = _neighbour(model, ev.l1[row])
    right = _neighbour(model, ev.r1[row])
    new = replacement.lower()
    pair = " ".join(p for p in (left, new, right) if p)

    def seen(word: str, r: int) -> str:
        parts = []
        if left:
            parts.append(f"'{left} {word}' {int(ev.c_l1x[r]):,}×")
        if right:
            parts.append(f"'{word} {right}' {int(ev.c_xr1[r]):,}×")
        return ", ".join(parts)

    if info.telex:
        why = f"'{site.text}' looks like leftover Telex keystrokes"
    elif not info.valid:
        why = f"'{site.text}' is not a Vietnamese syllable"
    else:
        why = f"'{site.text}' does not fit here ({seen(site.text.lower(), orig)})"
    return f"{why}; '{pair}' does ({seen(new, row)} in the news statistics)"


__all__ = ["DEFAULT_THRESHOLD", "typo_edits", "telex_decode", "edit_cost", "TONES", "_TONE_DIGIT"]
