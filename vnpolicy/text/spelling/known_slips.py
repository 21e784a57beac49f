"""Well-known misspellings of two-syllable words whose typed syllables are real words ("tranh
dành" → "tranh giành", "xử dụng" → "sử dụng", "mục đính" → "mục đích", "bệnh viên" → "bệnh viện").

Why a rule of its own: the corrector (``corrector.py``) weighs one syllable at a time by its
neighbours, and each typed syllable here is a common word that the other one's neighbours often
vouch for ("dành" beside "tranh" is rare, but "dành cho" is everywhere; "xử" beside "dụng" never,
yet "xử" is common), so the head start of a real word keeps it. These slips are sounds people
merge in speech (ch/tr, d/gi/r, s/x, final c/t) or a hỏi/ngã mark, listed by hand in
``resources/spelling/known_misspellings.tsv``, each checked against the news statistics (the typed
pair is no dictionary word and the news writes it at most 5% as often as the word). A listed pair
is fixed where nothing around binds it to another word (an outer neighbour making a dictionary
word with it, or a number before it: "cạnh tranh dành cho", "để dành được" stay; or one the news
pairs with the typed syllable and never with the fixed one: "bị vượt mặt dù"), and where the
news wrote the typed pair beside neither outer neighbour more than at its slip rate (a context
where it did is a usage).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from vnpolicy.text.spelling.model import FIRST_ID, load_model, syllable_key, token_list
from vnpolicy.text.spelling.phrases import pair_places, token_keys
from vnpolicy.text.trace import Edit

MISSPELLINGS = Path(__file__).resolve().parents[2] / "resources" / "spelling" / "known_misspellings.tsv"
CONFIDENCE = 0.95  # of a fix; a typo_threshold above it turns the rule off
MAX_SHARE = 0.05  # the typed pair seen at most this share of the word's count in the news statistics
HELD_MIN, HELD_FIX = 5, 2  # an outer neighbour seen this often with the typed syllable, fewer times with the fix, holds it

Pair = tuple[str, str]


@lru_cache(maxsize=1)
def known_misspellings() -> dict[Pair, Pair]:
    """The rows of :data:`MISSPELLINGS` as typed syllable keys -> the word's syllable keys."""
    pairs: dict[Pair, Pair] = {}
    for line in MISSPELLINGS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        typed, word = line.split("\t")[:2]
        if typed == "typed":
            continue  # the header row
        t1, t2 = (syllable_key(w) or "" for w in typed.split())
        w1, w2 = (syllable_key(w) or "" for w in word.split())
        pairs[(t1, t2)] = (w1, w2)
    return pairs


@lru_cache(maxsize=1)
def _first_keys() -> frozenset[str]:
    """The first keys of :func:`known_misspellings`' typed pairs."""
    return frozenset(first for first, _ in known_misspellings())


def known_misspelling_edits(text: str) -> list[Edit]:
    """Edits (rule ``"typo"``) for the listed misspellings that nothing around binds and that the
    news writes in this context no more than at its slip rate.

    >>> [(e.start, e.end, e.replacement) for e in known_misspelling_edits("Hai đội tranh dành ngôi đầu bảng.")]
    [(14, 18, 'giành')]
    >>> known_misspelling_edits("Sức cạnh tranh dành cho hàng nội; tiền để dành được cất kỹ.")
    []
    """
    pairs = known_misspellings()
    keys = token_keys(text)
    hits = pair_places(keys, pairs, _first_keys())
    if not hits:
        return []
    tokens = token_list(text)
    found: list[Edit] = []
    for i in hits:
        word = pairs[(keys[i], keys[i + 1])]
        if not _written_as_one(tokens, i) or not _free(keys, i) or _held(keys, i, word) or not _unseen_here(keys, i, word):
            continue
        for at, fix in ((i, word[0]), (i + 1, word[1])):
            if fix != keys[at]:
                found.append(_edit(tokens[at].text, tokens[at].start, tokens[at].end, fix, tokens[i].text, tokens[i + 1].text, word))
    return found


def _written_as_one(tokens, i: int) -> bool:
    """Both syllables words in lower case, the first capitalised only at a sentence's start ("Mặt
    dù vậy"), with one space between them (a name, a heading or a glued pair is not the word)."""
    first, second = tokens[i], tokens[i + 1]
    if first.kind != "w" or second.kind != "w" or not second.text.islower():
        return False
    if not (first.text.islower() or (first.sentence_start and first.text[1:].islower())):
        return False
    return second.start == first.end + 1


def _free(keys: tuple[str, ...], i: int) -> bool:
    """Does nothing outside bind either syllable to another word? No outer neighbour makes a
    dictionary word with the syllable beside it ("cạnh tranh | dành cho", "để dành | được"), and
    no number stands before the pair."""
    from vnpolicy.text.spelling.slips import two_syllable_words

    dictionary = two_syllable_words()
    if i > 0 and keys[i - 1].isdigit():
        return False
    if i > 0 and keys[i - 1] and f"{keys[i - 1]} {keys[i]}" in dictionary:
        return False
    return not (i + 2 < len(keys) and keys[i + 2] and f"{keys[i + 1]} {keys[i + 2]}" in dictionary)


def _held(keys: tuple[str, ...], i: int, word: Pair) -> bool:
    """Does an outer neighbour hold on to a typed syllable the fix would change, by use rather than
    by the dictionary? Seen with it :data:`HELD_MIN` times in the news, with the fixed syllable
    (almost) never ("vượt mặt | dù": 'vượt mặt' 31×, 'vượt mặc' never; "Xin dành | lại")."""
    model = load_model()
    ids = model.ids
    rows = []
    if word[0] != keys[i] and i > 0:
        outer = ids.get(keys[i - 1], 0)
        if outer >= FIRST_ID:
            rows += [(outer, ids.get(keys[i], 0)), (outer, ids.get(word[0], 0))]
    if word[1] != keys[i + 1] and i + 2 < len(keys):
        outer = ids.get(keys[i + 2], 0)
        if outer >= FIRST_ID:
            rows += [(ids.get(keys[i + 1], 0), outer), (ids.get(word[1], 0), outer)]
    if not rows:
        return False
    seen = model.lm.bigrams(*(np.asarray(col, dtype=np.int64) for col in zip(*rows)))
    return bool(((seen[0::2] >= HELD_MIN) & (seen[1::2] < HELD_FIX)).any())


def _unseen_here(keys: tuple[str, ...], i: int, word: Pair) -> bool:
    """Is the typed pair rare beside the word in the news (at most :data:`MAX_SHARE` of it), and
    as rare beside this context's outer neighbours (each side that is a syllable): the news's own
    slip rate ('chỉ giành cho' beside 'chỉ dành cho'), not a usage of its own there?"""
    model = load_model()
    ids = model.ids
    t1, t2, w1, w2 = (ids.get(k, 0) for k in (keys[i], keys[i + 1], *word))
    if min(t1, t2, w1, w2) < FIRST_ID:
        return False
    lm = model.lm
    typed, right = lm.bigrams(np.asarray([t1, w1], dtype=np.int64), np.asarray([t2, w2], dtype=np.int64))
    if typed > MAX_SHARE * right:
        return False
    rows = []
    left = ids.get(keys[i - 1], 0) if i > 0 else 0
    if left >= FIRST_ID:
        rows += [(left, t1, t2), (left, w1, w2)]
    after = ids.get(keys[i + 2], 0) if i + 2 < len(keys) else 0
    if after >= FIRST_ID:
        rows += [(t1, t2, after), (w1, w2, after)]
    if not rows:
        return True
    seen = lm.trigrams(*(np.asarray(col, dtype=np.int64) for col in zip(*rows)))
    return bool((seen[0::2] <= MAX_SHARE * seen[1::2]).all())


def _edit(typed: str, start: int, end: int, fix: str, first: str, second: str, word: Pair) -> Edit:
    from vnpolicy.text.spelling.corrector import _apply_case, render

    replacement = _apply_case(render(fix) or typed, typed)
    right = " ".join(render(k) or k for k in word)
    return Edit(start, end, replacement, "typo", CONFIDENCE,
                f"'{first} {second}' is a well-known misspelling of '{right}' (resources/spelling/known_misspellings.tsv); "
                f"nothing here binds its syllables to other words, and the news writes it in this context at most at its slip rate")


__all__ = ["known_misspelling_edits", "known_misspellings"]
