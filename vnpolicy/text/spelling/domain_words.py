"""Slips inside a two-syllable word of government and Party writing that the news writes only
across a word boundary ("Bà con đồng bảo các dân tộc" → "đồng bào", "tinh thần đoàn hết" →
"đoàn kết").

Why a rule of its own: the corrector (``corrector.py``) weighs a syllable by its neighbours, and
"đồng bảo" is common in the news (95 times), so it reads as a usage there. But the news writes it
only inside other words: "hội đồng | bảo an", "hợp đồng | bảo hiểm", "30 triệu đồng | bảo tôi".
``resources/spelling/domain_word_slips.tsv`` lists such typed pairs, one slip away from a word of
the domain phrases, with the counts that make the case (built by
``scripts/build_domain_word_slips.py``). Where the text gives the pair nothing to lean on
either (no outer neighbour makes a dictionary word with it, no number before it), it can only
be read as one word, and the word it is one slip from is the fix. The fix must fit the other
side: seen with that syllable in the very trigram, or beside it at least :data:`FAR_MIN` times
and as often as the typed syllable ("Cả đoàn hết tiền ăn" stays: 'kết tiền' never).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from vnpolicy.text.spelling.model import FIRST_ID, Token, load_model, syllable_key, token_list
from vnpolicy.text.spelling.phrases import pair_places, token_keys
from vnpolicy.text.trace import Edit

SLIPS = Path(__file__).resolve().parents[2] / "resources" / "spelling" / "domain_word_slips.tsv"
CONFIDENCE = 0.95  # of a fix; a typo_threshold above it turns the rule off
FAR_MIN = 5  # the fix seen this often beside the syllable on the pair's other side (or in the trigram once)

Slip = tuple[str, int, int, int]  # fix's key, slipped syllable (1 or 2), the word's count, typed pair's count


@lru_cache(maxsize=1)
def domain_word_slips() -> dict[tuple[str, str], Slip]:
    """The typed pairs of :data:`SLIPS` as (first key, second key) -> (fix's key, which syllable
    is slipped, the fix's count, the typed pair's count)."""
    slips: dict[tuple[str, str], Slip] = {}
    for line in SLIPS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        typed, fixed, at, n, seen = line.split("\t")[:5]
        if typed == "typed":
            continue  # the header row
        first, second = (syllable_key(w) or "" for w in typed.split())
        fix = syllable_key(fixed.split()[int(at) - 1]) or ""
        slips[(first, second)] = (fix, int(at), int(n), int(seen))
    return slips


def domain_word_edits(text: str) -> list[Edit]:
    """Edits (rule ``"typo"``) for the typed pairs of :func:`domain_word_slips` that nothing
    around them binds, whose fix fits the other side.

    >>> [(e.start, e.end, e.replacement) for e in domain_word_edits("Bà con đồng bảo các dân tộc.")]
    [(12, 15, 'bào')]
    >>> domain_word_edits("Hội đồng bảo an họp; hợp đồng bảo hiểm; Công đoàn hết sức quan tâm.")
    []
    """
    slips = domain_word_slips()
    typed = token_keys(text)  # kept from the set-phrase rule: most texts hold no listed pair, and this is all they cost
    hits = pair_places(typed, slips, _first_keys())
    if not hits:
        return []
    tokens = token_list(text)
    keys = ["#" if key.isdigit() else "" if key == "," else key for key in typed]  # a number, a comma, a break
    found = []
    for i in hits:
        slip = slips[(keys[i], keys[i + 1])]
        at = i + slip[1] - 1  # the slipped syllable's token
        kept = i + 1 if slip[1] == 1 else i
        if _free(tokens, keys, at, kept) and _fits(keys, at, kept, slip[0]):
            found.append(_edit(tokens[at].text, tokens[at].start, tokens[at].end, slip, tokens[i].text, tokens[i + 1].text))
    return found


@lru_cache(maxsize=1)
def _first_keys() -> frozenset[str]:
    """The first keys of :func:`domain_word_slips`' typed pairs."""
    return frozenset(first for first, _ in domain_word_slips())


def _free(tokens: Sequence[Token], keys: list[str], at: int, kept: int) -> bool:
    """Does nothing outside bind the typed pair? Both syllables are words in lower case (the kept
    one may start a sentence), no outer neighbour makes a dictionary word with its syllable of
    the pair, and none is a number ("30 triệu đồng bảo tôi")."""
    from vnpolicy.text.spelling.slips import two_syllable_words

    typed, other = tokens[at], tokens[kept]
    if not typed.text.islower() or not (other.text.islower() or other.sentence_start):
        return False
    dictionary = two_syllable_words()
    step = 1 if at > kept else -1  # from the kept syllable towards the slipped one
    outer_kept, outer_typed = kept - step, at + step
    for inner, outer in ((kept, outer_kept), (at, outer_typed)):
        if not 0 <= outer < len(keys) or not keys[outer]:
            continue
        if keys[outer] == "#":
            return False
        pair = f"{keys[outer]} {keys[inner]}" if outer < inner else f"{keys[inner]} {keys[outer]}"
        if pair in dictionary:
            return False
    return True


def _fits(keys: list[str], at: int, kept: int, fix: str) -> bool:
    """Does the fix fit the syllable beyond the slipped one, where the typed pair never stood
    with it? The trigram as typed never seen; the fix seen with the kept syllable and that one
    in the trigram, or beside that one :data:`FAR_MIN` times and as often as the typed syllable.
    That syllable must be a word (a comma or a break says nothing)."""
    step = 1 if at > kept else -1
    far = at + step
    if not 0 <= far < len(keys) or keys[far] in ("", "#"):
        return False
    model = load_model()
    ids = model.ids
    k, o, c, f = (ids.get(key, 0) for key in (keys[kept], keys[at], fix, keys[far]))
    if min(k, o, c, f) < FIRST_ID:
        return False
    lm = model.lm
    order = (lambda a, b, d: (a, b, d)) if step == 1 else (lambda a, b, d: (d, b, a))
    typed_tri, fix_tri = lm.trigrams(*(np.asarray(col, dtype=np.int64) for col in zip(order(k, o, f), order(k, c, f))))
    if typed_tri > 0:
        return False
    if fix_tri >= 1:
        return True
    pairs = [(c, f), (o, f)] if step == 1 else [(f, c), (f, o)]
    fix_far, typed_far = lm.bigrams(*(np.asarray(col, dtype=np.int64) for col in zip(*pairs)))
    return bool(fix_far >= max(FAR_MIN, typed_far))


def _edit(typed: str, start: int, end: int, slip: Slip, first: str, second: str) -> Edit:
    from vnpolicy.text.spelling.corrector import _apply_case, render

    fix, at, n, seen = slip
    replacement = _apply_case(render(fix) or typed, typed)
    word = f"{first} {replacement}" if at == 2 else f"{replacement} {second}"
    return Edit(start, end, replacement, "typo", CONFIDENCE,
                f"'{first} {second}' is one slip from the word '{word.lower()}' ({n:,}× in the news statistics); "
                f"the news writes '{first.lower()} {second.lower()}' ({seen:,}×) only inside other words, "
                f"and nothing here binds it")


__all__ = ["domain_word_edits", "domain_word_slips"]
