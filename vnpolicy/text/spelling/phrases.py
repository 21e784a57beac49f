"""Slips inside set phrases: one syllable of a phrase of government and Party writing typed as
its near neighbour ("đại đoàn hết toàn dân tộc" → "đại đoàn kết", "Phí Bí thư" → "Phó Bí thư",
"Đoàn Thanh niên Công sản" → "Cộng sản").

Why a rule of its own: each of these slips makes another real word, and the corrector
(``corrector.py``) weighs a syllable by its two neighbours either side, where "hết", "Phí" or
"Công" are often at home ("đoàn hết" is seen in the news; "Công" is mostly a name). The set
phrase is wider evidence: the whole window matches a phrase of
``resources/spelling/domain_phrases.txt`` but for one syllable, that syllable is one slip away
from the phrase's (a tone mark, or one letter: :func:`~vnpolicy.text.spelling.corrector.edit_cost`),
and the news statistics never saw the typed syllable between those neighbours. A phrase has at
least :data:`MIN_SYLLABLES` syllables, so two-syllable words are left to the corrector.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter
from pathlib import Path

import numpy as np

from vnpolicy.text.spelling.model import COMMA, FIRST_ID, TOKEN_RE, UNK, load_model, syllable_key, token_list
from vnpolicy.text.syllable import is_valid_syllable
from vnpolicy.text.trace import Edit

PHRASES = Path(__file__).resolve().parents[2] / "resources" / "spelling" / "domain_phrases.txt"
MIN_SYLLABLES = 3  # a phrase this long at least (two syllables say too little: "trao quả" could be a usage)
MAX_SLIP_COST = 2.0  # one slip: a tone mark, or one vowel or consonant (corrector.edit_cost; two slips at once are too loose)
EDGE_SLIP_COST = 1.5  # at an end of a three-syllable phrase: a tone or vowel mark only
CONFIDENCE = 0.95  # of a fix; a typo_threshold above it turns the rule off
UNSEEN = 2  # the typed syllable between its neighbours in the phrase seen fewer times than this (the trigram pruning floor)

Phrase = tuple[str, ...]  # syllable keys ("phó5"), "," for a comma, digits for a number
Item = tuple[str, int, int, str, bool]  # key, start, end, surface, capitalised mid-sentence


@lru_cache(maxsize=4)
def token_keys(text: str) -> tuple[str, ...]:
    """What each token is matched by: a word's syllable key, "," for a comma, a number's digits,
    "" for a break (it matches no phrase item). Kept for the last few texts, as ``token_list``
    is: the set-phrase and domain-word rules read the same text one after the other."""
    return tuple(map(_key_table().__getitem__, map(itemgetter(3), token_list(text))))



def pair_places(keys: Sequence[str], pairs: Container[tuple[str, str]], firsts: frozenset[str]) -> list[int]:
    """The places ``i`` where ``(keys[i], keys[i + 1])`` is one of ``pairs`` (``firsts``: their
    first keys). Only where a first key stands is a pair made and looked up: the keys' hashes are
    kept by the strings, a pair's is worked out anew, and most syllables start no listed pair."""
    return [i for i in compress(count(), map(firsts.__contains__, keys[:-1])) if (keys[i], keys[i + 1]) in pairs]


def _token_key(token: str) -> str:
    """:func:`token_keys`'s item for one token's text. The text alone says the token's kind: the token
    pattern takes it whole as what the stream made of it (a word of letters, a number, a comma,
    one mark)."""
    match = TOKEN_RE.fullmatch(token)
    kind = match.lastgroup if match else None
    if kind == "w":
        return syllable_key(token) or ""
    return "," if kind == "c" else token if kind == "n" else ""


class _KeyTable(dict):
    """:func:`_token_key` per token text, filled on a miss: the tokens of a text are looked up by
    plain subscription (a text's keys are needed for every token, a window for few)."""

    def __missing__(self, token: str) -> str:
        key = self[token] = _token_key(token)
        return key


_KEYS = _KeyTable()
_KEYS_MAX = 200_000  # token texts kept; the table starts again beyond that


def _key_table() -> _KeyTable:
    global _KEYS
    if len(_KEYS) > _KEYS_MAX:
        _KEYS = _KeyTable()
    return _KEYS


def _items(text: str, keys: Sequence[str] | None = None) -> list[Item]:
    """:func:`token_keys` (``keys`` when already known) with each token's span, surface and whether it
    is a word capitalised mid-sentence (counted apart in the statistics: names)."""
    return [(key, start, end, word, kind == "w" and word[0].isupper() and not sentence_start)
            for key, (kind, start, end, word, sentence_start) in zip(keys or token_keys(text), token_list(text))]


def _syllables(phrase: Phrase) -> int:
    """A phrase's syllables (its commas and numbers left out)."""
    return sum(k != "," and not k.isdigit() for k in phrase)


@lru_cache(maxsize=1)
def set_phrases() -> tuple[dict[str, list[tuple[Phrase, str]]], dict[str, list[tuple[Phrase, str]]]]:
    """The phrases (as keys, with their text) of at least :data:`MIN_SYLLABLES` syllables, by
    their first item and by their second (a slip in the first still leaves the second whole)."""
    by_first: dict[str, list[tuple[Phrase, str]]] = {}
    by_second: dict[str, list[tuple[Phrase, str]]] = {}
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keys = tuple(k for k, *_ in _items(line))
        if "" in keys or _syllables(keys) < MIN_SYLLABLES:
            continue
        by_first.setdefault(keys[0], []).append((keys, line))
        by_second.setdefault(keys[1], []).append((keys, line))
    return by_first, by_second


def phrase_edits(text: str) -> list[Edit]:
    """Edits (rule ``"typo"``) for syllables one slip away from a set phrase they stand in.

    >>> [(e.start, e.end, e.replacement) for e in phrase_edits("Phát huy khối đại đoàn hết toàn dân tộc.")]
    [(23, 26, 'kết')]
    >>> phrase_edits("Khối đại đoàn kết toàn dân tộc; đồng chí Phí Văn Tâm, Bí thư Đảng ủy xã.")
    []
    """
    tokens = token_list(text)
    keys = token_keys(text)
    n = len(keys)
    items: list[Item] = []  # built on the first window worth a closer look
    found: dict[int, tuple[str, str, tuple[str, int]]] = {}  # item index -> (fix's key, phrase, evidence)
    for i, tried in _windows(keys):
        for phrase, line in tried:
            size = len(phrase)
            if i + size > n:
                continue
            wrong = [j for j in range(size) if keys[i + j] != phrase[j]]
            if len(wrong) != 1:
                continue
            j = wrong[0]
            edge = (j == 0 or j == size - 1) and _syllables(phrase) == MIN_SYLLABLES
            if i + j in found or not _one_slip(tokens[i + j][3], phrase[j], edge):
                continue
            items = items or _items(text, keys)
            if _fits(items, i, phrase, line) and _unseen_there(items[i:i + size], j) and _edge_ok(items, i, phrase, j):
                found[i + j] = (phrase[j], line, _trigram(items[i:i + size], j, phrase[j]))
    return [_edit(items, at, *fix) for at, fix in sorted(found.items())]


Entry = tuple[Phrase, str]
PairIndex = dict[tuple[str, str], list[Entry]]


@lru_cache(maxsize=1)
def _pair_index() -> tuple[PairIndex, PairIndex, PairIndex]:
    """:func:`set_phrases` by two of their first three items: (first, second), (first, third)
    and (second, third), each list in the file's order. A window one slip away from a phrase
    matches two of those three (the slip is in the third item or later, in the second, or in the
    first), so :func:`_windows` finds every such phrase by three look-ups where the lists by one
    item gave some forty thousand to compare on twenty articles (every comma is the second item
    of the "phòng, chống ..." phrases)."""
    by_first, by_second = set_phrases()
    first_second: PairIndex = {}
    first_third: PairIndex = {}
    second_third: PairIndex = {}
    for entries in by_first.values():
        for entry in entries:
            a, b, c = entry[0][:3]
            first_second.setdefault((a, b), []).append(entry)
            first_third.setdefault((a, c), []).append(entry)
    for entries in by_second.values():
        for entry in entries:
            second_third.setdefault((entry[0][1], entry[0][2]), []).append(entry)
    return first_second, first_third, second_third


@lru_cache(maxsize=1)
def _pair_items() -> tuple[frozenset[str], frozenset[str]]:
    """The items that begin a pair of :func:`_pair_index`: the first items of its (first, second)
    and (first, third) pairs, and the second items of its (second, third) pairs."""
    first_second, first_third, second_third = _pair_index()
    return frozenset(a for a, _ in (*first_second, *first_third)), frozenset(b for b, _ in second_third)


def _windows(keys: Sequence[str]) -> Iterator[tuple[int, list[Entry]]]:
    """Each window start of ``keys`` with the phrases it could stand for with one slip, in the
    order the one-item lists of :func:`set_phrases` give them for each slip position: the slip
    in the third item or later (first and second match), in the second (first and third), in
    the first (second and third). Only phrases with exactly one item different from the window
    can be fixed, and each lands in one group, so nothing the rule fixes is left out."""
    first_second, first_third, second_third = _pair_index()
    firsts, seconds = _pair_items()
    n = len(keys)
    # The windows any group could hold, found by looking at the pairs of neighbours and of items two
    # apart that start with a phrase's first item (or, for the last group, its second): most
    # windows hold none, and most items begin no pair of the index.
    starts = set()
    for j in compress(count(), map(firsts.__contains__, keys)):
        if j + 1 < n and (keys[j], keys[j + 1]) in first_second:
            starts.add(j)
        if j + 2 < n and (keys[j], keys[j + 2]) in first_third:
            starts.add(j)
    for j in compress(count(), map(seconds.__contains__, keys)):
        if j + 1 < n and (keys[j], keys[j + 1]) in second_third:
            starts.add(j - 1)
    for i in sorted(starts):
        if not 0 <= i < n - 2:
            continue
        a, b, c = keys[i], keys[i + 1], keys[i + 2]
        tried = first_second.get((a, b), [])
        if more := first_third.get((a, c)):
            tried = [*tried, *(e for e in more if e[0][1] != b)]
        if more := second_third.get((b, c)):
            tried = [*tried, *(e for e in more if e[0][0] != a)]
        if tried:
            yield i, tried


def _fits(items: list[Item], i: int, phrase: Phrase, line: str) -> bool:
    """Does the window stand as the phrase? Its capitalised words are capitalised in the text too
    ("Ban Chỉ đạo" is not "biên chỉ đạo"), neither end is half of a word with the syllable
    outside the window ("người có cung cách", "chuyển đổi cổ phần", "Hội nghị sẽ kết thúc")."""
    from vnpolicy.text.spelling.slips import two_syllable_words

    words = line.split()
    if len(words) == len(phrase):  # no comma or number inside: words line up with the items
        for word, item in zip(words[1:], items[i + 1:i + len(phrase)]):
            if word[0].isupper() and not item[3][0].isupper():
                return False
    dictionary = two_syllable_words()
    end = i + len(phrase)

    if i > 0 and items[i - 1][0] and f"{items[i - 1][0]} {items[i][0]}" in dictionary:
        return False
    return not (end < len(items) and items[end][0] and f"{items[end - 1][0]} {items[end][0]}" in dictionary)


def _one_slip(typed: str, key: str, edge: bool) -> bool:
    """Is ``typed`` one slip from the phrase's syllable ``key``? At an end of a three-syllable
    phrase, a mark slip only (tone or vowel mark): a consonant there makes another phrase too
    easily ("Chim có tổ, người có tông" is no "người có công")."""
    from vnpolicy.text.spelling.corrector import edit_cost

    if key in (",", "") or key.isdigit() or not is_valid_syllable(typed.lower()):
        return False
    return edit_cost(typed, key) <= (EDGE_SLIP_COST if edge else MAX_SLIP_COST)


def _ident(key: str) -> int:
    """The statistics' id of a phrase item's key (UNK when unseen)."""
    return COMMA if key == "," else load_model().ids.get(key, UNK)


def _trigram_ids(window: list[Item], j: int, key: str | None = None) -> list[list[int]]:
    """The ids of the trigram of ``window`` that holds item ``j`` between its two neighbours (at
    an end of the window: with the two next to it), with ``key`` put at ``j`` when given: in
    lower case, and also as capitalised in the window when that differs (a capitalised syllable
    mid-sentence is counted apart: names)."""
    first = min(max(j - 1, 0), len(window) - 3)
    rows = window[first:first + 3]
    lower = [_ident(key if key is not None and first + m == j else item[0]) for m, item in enumerate(rows)]
    cased = _as_written(lower, rows)
    return [lower, cased] if cased != lower else [lower]


def _as_written(ids: list[int], items: Iterable[Item]) -> list[int]:
    """``ids`` (lower case) of each item's syllable, as its item is written: a syllable
    capitalised mid-sentence is counted apart in the statistics (names)."""
    shift = load_model().vocab_size
    return [i + shift if item[4] and i >= FIRST_ID else i for i, item in zip(ids, items)]


def _count(ids: list[int]) -> int:
    return int(load_model().lm.trigrams(*(np.asarray([x], dtype=np.int64) for x in ids))[0])


def _unseen_there(window: list[Item], j: int) -> bool:
    """Was the typed syllable (``window[j]``) seen fewer than :data:`UNSEEN` times in its trigram
    (:func:`_trigram_ids`), as written and in lower case? Then it is no usage there. One trigram
    only: "thanh niên công" is common ("công nhân"), "niên Công sản" is not."""
    if _ident(window[j][0]) == UNK:
        return True  # a valid syllable the statistics never saw
    return all(_count(ids) < UNSEEN for ids in _trigram_ids(window, j))


def _trigram(window: list[Item], j: int, key: str) -> tuple[str, int]:
    """The trigram :func:`_unseen_there` read, mended, as written around it, with its count (lower
    case and as capitalised in the window, added): the note's evidence."""
    from vnpolicy.text.spelling.corrector import _apply_case, render

    first = min(max(j - 1, 0), len(window) - 3)
    words = [_apply_case(render(key) or key, item[3]) if first + m == j else item[3]
             for m, item in enumerate(window[first:first + 3])]
    return " ".join(words).replace(" ,", ","), sum(_count(ids) for ids in _trigram_ids(window, j, key))


def _edge_ok(items: list[Item], i: int, phrase: Phrase, j: int) -> bool:
    """A slip at an end of the phrase also has a neighbour outside it, which may claim the typed
    syllable ("nhiều người có thông ting sớm": 'có thông' is common, 'thông ting' a typo): the
    phrase's syllable must be seen beside that neighbour at least as often as the typed one."""
    outside = i - 1 if j == 0 else i + len(phrase) if j == len(phrase) - 1 else None
    if outside is None or not 0 <= outside < len(items) or not items[outside][0]:
        return True  # inside the phrase, or a break beside it
    model = load_model()
    ids = [_ident(key) for key in (items[outside][0], items[i + j][0], phrase[j])]
    if UNK in ids[1:]:
        return ids[1] == UNK  # an unseen typed syllable has no usage to weigh
    # As written ("đồng chí Phí" the name is weighed against "đồng chí Phó", not the lower-case "chí phí")
    ids = _as_written(ids, (items[outside], items[i + j], items[i + j]))
    pairs = [(ids[0], ids[1]), (ids[0], ids[2])] if j == 0 else [(ids[1], ids[0]), (ids[2], ids[0])]
    a, b = (np.asarray(side, dtype=np.int64) for side in zip(*pairs))
    typed, fix = model.lm.bigrams(a, b)
    return bool(fix >= typed)


def _edit(items: list[Item], at: int, key: str, line: str, evidence: tuple[str, int]) -> Edit:
    from vnpolicy.text.spelling.corrector import _apply_case, render

    _, start, end, typed, _ = items[at]
    replacement = _apply_case(render(key) or typed, typed)
    fixed, count = evidence
    return Edit(start, end, replacement, "typo", CONFIDENCE,
                f"'{typed}' is one slip away from the set phrase '{line}' it stands in; '{typed}' is never seen "
                f"there in the news statistics, '{fixed}' {count:,}×")


__all__ = ["phrase_edits", "set_phrases", "token_keys"]
