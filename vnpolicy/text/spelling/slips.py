"""Slips that change the number of words: syllables glued together and a word typed twice.

The corrector (``corrector.py``) replaces one syllable by another; these two kinds of slip need
a word split or dropped first, so they run just before it, each one small rule returning
:class:`~vnpolicy.text.trace.Edit` objects (rule ``"typo"``, a note saying which slip and why):

* :func:`glued_edits` — "Quốc hộithảo luận", "vềphê duyệt", "đếnnăm 2030": a word that is no
  syllable but splits into two known ones (the syllable grammar says where it can split, the
  news statistics which split fits between its neighbours), or a Vietnamese syllable glued to a
  capitalised name or acronym ("củaRomania", "CLBnhằm");
* :func:`repeated_edits` — "các các chỉ thị", "Tuy nhiên nhiên": a syllable typed twice, unless
  the pair is a reduplication in the dictionary ("luôn luôn", "song song") or each copy belongs
  to a word of its own ("thi công công trình", "hành vi vi phạm").
"""

from __future__ import annotations

import bisect
import importlib.util
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache, partial
from itertools import compress, count, islice, repeat
from operator import eq, itemgetter, methodcaller
from pathlib import Path

import numpy as np
import regex

from vnpolicy.text.spelling.model import BOUNDARY, FIRST_ID, UNK, load_model, syllable_key, token_list
from vnpolicy.text.syllable import is_valid_syllable
from vnpolicy.text.trace import Edit

MIN_PART_COUNT = 20  # each half of a split must be this common in the statistics
MIN_SPLIT_SUPPORT = 1.0  # log-count evidence the split needs from its own bigram or a neighbour
VERY_COMMON_COUNT = 20_000  # a syllable this common may be split off a foreign name glued to it
REPEAT_MIN_COUNT = 5000  # only common words doubled are dropped (function words: của, các, với)
FUNCTION_WORD_COUNT = 45_000  # a word this common doubled is a slip even between two words ("với", "các")
BOUND_COUNT = 10  # ... otherwise each copy seen this often with its outer neighbour makes two words
REDUPLICATION_SHARE = 0.0008  # "a a" seen this share of "a"'s count is a usage (typos: ~0.0003)
SLIP_WORD_MIN = 100  # "tế giới giới thiệu": the word one slip from the syllable before must be this common

_WORD = regex.compile(r"[\p{L}\p{M}]++")
_REPEAT = regex.compile(r"(?<![\p{L}\p{M}])([\p{L}\p{M}]{1,12}+)([ ]{1,3}+)((?i:\1))(?![\p{L}\p{M}])")
_valid = lru_cache(maxsize=100_000)(is_valid_syllable)
# Two tone marks on letters side by side (NFD): a garbled entry, not a loan ("chưởì").
_TWO_MARKS = regex.compile(r"[\u0300\u0301\u0303\u0309\u0323]\p{L}\p{M}*[\u0300\u0301\u0303\u0309\u0323]")


def _dictionary_lines() -> Iterable[str]:
    """The entries of the dictionaries shipped with pyvi and underthesea, one per line."""
    # The packages are located, not imported: importing underthesea costs half a CPU-second, paid
    # by every process at its first text even when no underthesea backend is used.
    paths = []
    for package, relative in (("pyvi", ("models", "words.txt")), ("underthesea", ("corpus", "data", "Viet74K.txt"))):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):  # not installed (pyvi is an extra), or a broken install
            spec = None
        for folder in (spec.submodule_search_locations or []) if spec else []:
            paths.append(Path(folder).joinpath(*relative))
    for path in paths:
        if path.exists():
            yield from path.read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=4)
def dictionary_words(n: int) -> frozenset[str]:
    """The ``n``-syllable words of the dictionaries shipped with pyvi and underthesea, as their
    syllable keys joined by spaces."""
    words: set[str] = set()
    for line in _dictionary_lines():
        parts = line.split()
        if len(parts) == n:
            keys = [key for key in map(syllable_key, parts) if key is not None]
            if len(keys) == n:
                words.add(" ".join(keys))
    return frozenset(words)


def two_syllable_words() -> frozenset[str]:
    """Two-syllable words of the dictionaries shipped with pyvi and underthesea, as key pairs."""
    return dictionary_words(2)


@lru_cache(maxsize=1)
def _one_word_entries() -> frozenset[str]:
    """The dictionaries' lower-case one-word entries, the hyphen of a loan dropped ("đi-ốt")."""
    return frozenset(entry.replace("-", "") for entry in map(str.strip, _dictionary_lines())
                     if " " not in entry and entry.islower() and entry.replace("-", "").isalpha())


@lru_cache(maxsize=20_000)
def is_loanword(lower: str) -> bool:
    """Is ``lower``, no Vietnamese syllable, a word of the dictionaries that breaks the syllable
    grammar on purpose: a loan written as one word ("axit", "cacbon", "tranzito") or, without the
    dictionary's hyphen, as writers type it ("đi-ốt" → "điốt", "ki-ốt" → "kiốt")? The corrector
    and the glued-syllable rule leave these alone. Not an entry with two tone marks side by side
    or one tone or vowel-mark slip from a known syllable: the dictionaries carry a few slips of
    their own ("chưởì", "cuờng"). Asked of the odd words of a text only, so the dictionaries'
    entries are never all checked."""
    from vnpolicy.text.spelling.corrector import NEAR_COST, word_info

    if len(lower) < 3 or lower not in _one_word_entries() or _valid(lower):
        return False
    if _TWO_MARKS.search(unicodedata.normalize("NFD", lower)):
        return False
    info = word_info(lower, False, 0)
    return not any(cost <= NEAR_COST for cid, cost in zip(info.candidates, info.costs) if cid != info.oid)


@lru_cache(maxsize=1)
def reduplications() -> frozenset[str]:
    """Doubled words written on purpose that the dictionaries lack ("rất rất"), as key pairs
    (``vnpolicy/resources/spelling/reduplications.txt``)."""
    from importlib import resources

    text = resources.files("vnpolicy.resources.spelling").joinpath("reduplications.txt").read_text(encoding="utf-8")
    pairs = set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            keys = [k for k in (syllable_key(p) for p in parts) if k is not None]
            if len(keys) == 2:
                pairs.add(" ".join(keys))
    return frozenset(pairs)


def _is_word(a: str, b: str) -> bool:
    ka, kb = syllable_key(a), syllable_key(b)
    return ka is not None and kb is not None and f"{ka} {kb}" in two_syllable_words()


def _slip_makes_word(model, before: str, word: str) -> bool:
    """Is ``before`` a slip for a syllable one letter or tone away that makes a common dictionary
    word with ``word`` ("tế" for "thế giới", seen 7,757 times), while "``before`` ``word``" was
    never seen? Then a doubled ``word`` after it is two words, the first behind a slip of its own."""
    from vnpolicy.orthography import TONES
    from vnpolicy.text.spelling.corrector import letter_neighbours
    from vnpolicy.text.syllable import strip_tone, with_tone

    w = model.id_of(word)
    if w < FIRST_ID or model.lm.bigrams(np.asarray([model.id_of(before)]), np.asarray([w]))[0] > 0:
        return False
    bare = strip_tone(before.lower())
    for form in {bare} | letter_neighbours(bare):
        for tone in TONES:
            try:
                fix = with_tone(form, tone)
            except ValueError:
                continue
            if fix != before.lower() and _is_word(fix, word) and model.id_of(fix) >= FIRST_ID:
                if model.lm.bigrams(np.asarray([model.id_of(fix)]), np.asarray([w]))[0] >= SLIP_WORD_MIN:
                    return True
    return False


def repeated_edits(text: str) -> list[Edit]:
    """Drop the second copy of a syllable typed twice ("các các chỉ thị" → "các chỉ thị").

    >>> [(e.start, e.end, e.replacement) for e in repeated_edits("Triển khai các các văn bản")]
    [(14, 18, '')]
    >>> repeated_edits("luôn luôn, song song, thi công công trình, hành vi vi phạm, trở thành thành viên")
    []
    """
    model = load_model()
    starts = _repeat_starts(text, model)
    if starts is not None and not starts:
        return []
    if starts is None or not REPEAT_PLACES:
        matches: Iterable[regex.Match[str]] = _REPEAT.finditer(text, overlapped=True)
    else:
        # Only at the pairs the loop can keep: an overlapped scan tries every place, and a
        # match at a place is the one _REPEAT.match finds there (five milliseconds for a text
        # holding one pair, against microseconds)
        matches = filter(None, map(partial(_REPEAT.match, text), starts))
    edits: list[Edit] = []
    for m in matches:
        a, b = m.group(1), m.group(3)
        if not b.islower() or not a[1:].islower() or not _valid(b) or len(b) < 2:
            continue
        if a != b and not (m.start() == 0 or text[m.start() - 2 : m.start()].strip() in ("", ".", "!", "?", ":", "\n")):
            continue  # "Đồng đồng": a name before a word
        i = model.id_of(b)
        if i < FIRST_ID or model.count[i] < REPEAT_MIN_COUNT:
            continue  # a less common word doubled is mostly reduplication: "nhẹ nhẹ", "khò khò"
        pair = float(model.lm.bigrams(np.asarray([i]), np.asarray([i]))[0])
        if (_is_word(a, b) and pair >= 3) or pair >= REDUPLICATION_SHARE * model.count[i]:
            continue  # a reduplication in use: "luôn luôn", "song song", "ngày ngày", "năm năm"
        if f"{syllable_key(b)} {syllable_key(b)}" in reduplications():
            continue  # listed: "rất rất nhiều"
        prev = regex.search(r"([\p{L}\p{M}]++)[ ]{1,3}+$", text[max(0, m.start() - 16) : m.start()])
        nxt = regex.match(r"[ ]{1,3}+([\p{L}\p{M}]++)", text[m.end() : m.end() + 16])
        if nxt is None and prev is None:
            continue  # nothing around to judge by
        if nxt is not None and _is_word(b, nxt.group(1)) and (prev is None or _is_word(prev.group(1), a)):
            continue  # each copy in a dictionary word of its own: "thi công công trình"; not "cản trở quá quá trình"
        if nxt is not None and prev is not None and _is_word(b, nxt.group(1)) and _slip_makes_word(model, prev.group(1), a):
            continue  # "trên tế giới giới thiệu": the slip is "tế" (for "thế"), not a word typed twice
        if prev is not None and nxt is not None and _two_words(model, prev.group(1), i, nxt.group(1)):
            continue  # "người học học cách": each copy belongs to its own neighbour
        pair_before = regex.search(r"([\p{L}\p{M}]++)[ ]{1,3}+((?i:\1))[ ]{1,3}+$", text[max(0, m.start() - 30) : m.start()])
        if pair_before is not None or (
            nxt is not None and regex.match(r"[ ]{1,3}+([\p{L}\p{M}]++)[ ]{1,3}+((?i:\1))(?![\p{L}\p{M}])", text[m.end() : m.end() + 40])
        ):
            continue  # "đi đi lại lại": a pair of pairs
        start = m.start(2)
        edits.append(Edit(start, m.end(), "", "typo", 0.95, f"'{b}' typed twice ('{a} {b}' is no word here)"))
    return _non_overlapping(edits)


def _repeat_starts(text: str, model) -> list[int] | None:
    """Where :func:`repeated_edits` may find a word typed twice in ``text``: the starts of the
    first copies, in order; None when the whole text must be scanned. ``_REPEAT`` only matches
    two words with nothing but spaces between, which makes them neighbours in the token stream
    (read anyway, and kept, for the corrector), the same once case is folded (:func:`_folded`);
    and the loop skips such a pair unless the second copy passes the tests on the pair alone (a
    common, valid, lowercase syllable). Neighbours compared instead of a scan of the text with a
    back-reference at every word."""
    if _OUTSIDE_LATIN.search(text) and _UNCHECKED_LETTER.search(text):
        return None  # a letter whose case pairs _folded was not checked against: scan
    toks = token_list(text)
    words = _folded(map(itemgetter(3), toks), dotless="ı" in text or "İ" in text)
    starts = []
    for k in compress(count(), map(eq, words, islice(words, 1, None))):
        a, b = toks[k][3], toks[k + 1][3]
        if not b.islower() or not a[1:].islower() or not _valid(b) or len(b) < 2:
            continue
        i = model.id_of(b)
        if i >= FIRST_ID and model.count[i] >= REPEAT_MIN_COUNT:
            starts.append(toks[k][1])
    return starts


# repeated_edits tries _REPEAT only at the pairs _repeat_starts finds; False scans the whole text
# once some pair is found, as before (the same edits: tests/test_typo_speed_internals.py).
REPEAT_PLACES = True


def _folded(words: Iterable[str], dotless: bool = True) -> list[str]:
    """``words`` with case folded so that two words ``(?i:...)`` of the regex module takes as
    equal are equal: ``str.casefold`` once dotless ı and dotted İ are read as i (the regex module
    pairs them with I and i; casefold does not; ``dotless=False`` when the text holds neither).
    Checked for every letter and mark of the Latin blocks (``_UNCHECKED_LETTER`` names the
    others) against the regex module's own matches."""
    if dotless:
        words = map(methodcaller("translate", _FOLD_FIX), words)
    return list(map(str.casefold, words))


_FOLD_FIX = str.maketrans({"İ": "i", "ı": "i"})
# Letters and marks outside Basic Latin to Latin Extended-B, the combining diacritics and Latin
# Extended Additional (all of Vietnamese): a text holding one is scanned with _REPEAT itself.
_UNCHECKED_LETTER = regex.compile(r"(?V1)[[\p{L}\p{M}]--[\x00-\u024F\u0300-\u036F\u1E00-\u1EFF]]")
# Any character outside those blocks and General Punctuation (which holds no letter nor mark): a
# quick test with the standard re (most texts have none) before _UNCHECKED_LETTER looks.
_OUTSIDE_LATIN = re.compile(r"[^\x00-\u024F\u0300-\u036F\u1E00-\u1EFF\u2000-\u206F]")


def _two_words(model, before: str, i: int, after: str) -> bool:
    """Whether "before w w after" reads as two words ("người học | học cách", "trực tiếp |
    tiếp đoàn"): ``w`` is no function word (those doubled are slips: "các các văn bản"), both
    copies are bound to their outer neighbour in the statistics, and the text with one copy
    dropped ("người học cách") was not seen, while "phù hợp với" was ("phù hợp hợp với")."""
    p, n = model.id_of(before), model.id_of(after)
    if model.count[i] >= FUNCTION_WORD_COUNT or p < FIRST_ID or n < FIRST_ID:
        return False
    lm = model.lm
    left, right = lm.bigrams(np.asarray([p, i]), np.asarray([i, n]))
    dropped = lm.trigrams(np.asarray([p]), np.asarray([i]), np.asarray([n]))[0]
    return bool(left >= BOUND_COUNT and right >= BOUND_COUNT and dropped < 3)


def _log_count(n: float) -> float:
    return math.log(n + 1.0)


def _split_score(model, prev_id: int, left: str, right: str, next_id: int) -> float | None:
    """Evidence (log counts) that ``left right`` is what was typed; None when a half is unknown."""
    li, ri = model.id_of(left), model.id_of(right)
    if li < FIRST_ID or ri < FIRST_ID:
        return None
    if min(model.count[li], model.count[ri]) < MIN_PART_COUNT:
        return None
    lm = model.lm
    a = np.asarray([prev_id, li, ri])
    b = np.asarray([li, ri, next_id])
    c = lm.bigrams(a, b)
    inner = _log_count(c[1])
    outer = (_log_count(c[0]) if prev_id >= FIRST_ID else 0.0) + (_log_count(c[2]) if next_id >= FIRST_ID else 0.0)
    if inner + outer < MIN_SPLIT_SUPPORT or c[1] < 1 and outer < 2 * MIN_SPLIT_SUPPORT:
        return None
    if c[1] < 1 and UNK in (prev_id, next_id):
        return None  # a pair never seen together, next to a word the statistics never saw: a name ("cơlâu nhới")
    return inner + 0.5 * outer


def _case_split(word: str, model) -> int | None:
    """Where a syllable meets a name or acronym: "củaRomania", "ởHuế", "CLBnhằm", "Outlookvà".

    An all-ASCII word is never split here ("AnAna", "YouTube" are written so on purpose)."""
    if word.isascii():
        return None
    for k in range(1, len(word) - 1):
        a, b = word[:k], word[k:]
        if a[-1].islower() and b[0].isupper() and _valid(a) and len(b) >= 2 and not (len(a) == 1 and a.isascii()):
            return k
        if a.isupper() and len(a) >= 2 and b.islower() and _valid(b) and not b.isascii() and len(b) >= 2:
            return k
    for k in range(5, len(word) - 1):  # a foreign name glued to a very common syllable: "Outlookvà"
        a, b = word[:k], word[k:]
        if a.isascii() and a[0].isupper() and a[1:].islower() and not _valid(a) and not b.isascii() and _valid(b):
            if model.count[model.id_of(b)] >= VERY_COMMON_COUNT:
                return k
    return None


def _case_parts(word: str, model) -> list[str]:
    """``word`` cut at every place :func:`_case_split` finds ("TổTổTổ" → three words)."""
    k = _case_split(word, model)
    if k is None:
        return [word]
    return _case_parts(word[:k], model) + _case_parts(word[k:], model)


def glued_edits(text: str) -> list[Edit]:
    """Split two syllables typed without the space between them ("hộithảo" → "hội thảo").

    Repeated until no new split is found, each round on the text the last one split, so a word
    whose neighbour was glued too ("Tổkhảo sátkhảo") is decided as a second pass would decide it.

    >>> [e.replacement for e in glued_edits("Quốc hộithảo luận vềphê duyệt kế hoạch đếnnăm 2030")]
    ['hội thảo', 'về phê', 'đến năm']
    """
    edits = _glued_round(text)
    for _ in range(GLUED_ROUNDS - 1):
        if not edits:
            break
        pieces, pos = [], 0
        starts, growth = [], []  # per split so far: its start in the split text, characters it added
        added = 0
        for e in edits:
            pieces += [text[pos : e.start], e.replacement]
            pos = e.end
            starts.append(e.start + added)
            added += len(e.replacement) - (e.end - e.start)
            growth.append(added)
        current = "".join(pieces) + text[pos:]
        new = []
        for e in _glued_round(current):
            if e.start in starts:
                continue  # a word split already
            k = bisect.bisect_left(starts, e.start)  # splits before it
            back = growth[k - 1] if k else 0
            new.append(Edit(e.start - back, e.end - back, e.replacement, e.rule, e.confidence, e.note))
        if not new:
            break
        edits = sorted(edits + new, key=lambda e: e.start)
    return _without_doubles(text, edits)


def _without_doubles(text: str, edits: list[Edit]) -> list[Edit]:
    """``edits`` less every split that makes a word typed twice ("Tổcủa củaTổ" would become
    "Tổ của của Tổ"): the doubled word would only be dropped by a second pass."""
    while edits:
        pieces, owner, pos = [], [], 0  # the split text, and which edit each character came from
        for k, e in enumerate(edits):
            pieces += [text[pos : e.start], e.replacement]
            owner += [-1] * (e.start - pos) + [k] * len(e.replacement)
            pos = e.end
        pieces.append(text[pos:])
        owner += [-1] * (len(text) - pos)
        current = "".join(pieces)
        words = list(_WORD.finditer(current))
        drop: set[int] = set()
        for a, b in zip(words, words[1:]):
            if a.group().lower() == b.group().lower() and not current[a.end() : b.start()].strip():
                drop.update(k for k in (owner[a.start()], owner[b.start()]) if k >= 0)
        if not drop:
            break
        edits = [e for k, e in enumerate(edits) if k not in drop]
    return edits


GLUED_ROUNDS = 3  # rounds of glued_edits at most: a chain of glued words settles in two


def _glued_round(text: str) -> list[Edit]:
    """Split two syllables typed without the space between them ("hộithảo" → "hội thảo").

    Only a word that is no syllable and holds a Vietnamese letter is split (English words,
    codes and Telex leftovers are plain ASCII), and only into two syllables the statistics know,
    the split with the best support from its own pair and its neighbours.

    >>> [e.replacement for e in glued_edits("Quốc hộithảo luận vềphê duyệt kế hoạch đếnnăm 2030")]
    ['hội thảo', 'về phê', 'đến năm']
    >>> [e.replacement for e in glued_edits("ông ởHuế, trên sân củaRomania, phim củaYouTube")]
    ['ở Huế', 'của Romania', 'của YouTube']
    >>> glued_edits("online, iPhone, YouTube, AnAna, Nguyễn, người, Galilê, Chrlâng, TổTổkhảo")
    []
    """
    # The words that could be split (4 to 16 letters, no syllable), found among the distinct
    # words first: most texts have few or none, and only their occurrences are looked at. The
    # words are those of the token stream (read anyway, and kept, for the corrector); its other
    # texts (numbers, marks) are ASCII or never a word of the loop below.
    toks = token_list(text)
    odd = {w for w in set(map(itemgetter(3), toks)) if 4 <= len(w) <= 16 and not _valid(w)}
    if not odd:
        return []
    model = load_model()
    odd = {w for w in odd if _may_split(w, model)}
    if not odd:
        return []  # only English words, codes and known forms: the loop below would skip each one
    # The words of the text: the stream's word tokens, which are the matches of _WORD (maximal runs
    # of letters and marks; no other kind of token holds one), read from the stream kept for the
    # corrector instead of a scan of the text; only the odd words' places are visited.
    words = list(compress(toks, map(eq, map(itemgetter(0), toks), repeat("w"))))
    edits: list[Edit] = []
    for n in compress(count(), map(odd.__contains__, map(itemgetter(3), words))):
        m = words[n]
        word = m.text
        if model.id_of(word) >= FIRST_ID:
            continue  # a known form (a mark misplaced is the corrector's)
        before, after = text[m.start - 1 : m.start], text[m.end : m.end + 1]
        if (before and (before in "_@/.-" or before.isdigit())) or (after and (after in "_@/-" or after.isdigit())):
            continue  # part of a code, an address or a number
        parts = _case_parts(word, model) if not word.islower() else [word]
        if len(parts) == 1 and word.isascii():
            continue
        if len(parts) > 1:
            if not all(_valid(p) or p.isascii() or model.id_of(p) >= FIRST_ID for p in parts):
                continue  # a part is itself glued or garbled ("TổTổkhảo"): one split would not settle it
            if _doubles_a_neighbour(text, words, n, parts[0], parts[-1]):
                continue
            edits.append(Edit(m.start, m.end, " ".join(parts), "typo", 0.95, "words typed without a space"))
            continue
        if not (word.islower() or (word[0].isupper() and word[1:].islower())):
            continue
        if _mark_slip(word.lower()):
            continue  # "kíem", "ngớai": one misplaced mark, not two syllables
        if word[0].isupper() and _beside_foreign_name(text, words, n):
            continue  # "Jaime Nunó": a foreign name's part, not two syllables
        prev_id = _neighbour_id(model, text, words, n - 1, m.start, before=True)
        next_id = _neighbour_id(model, text, words, n + 1, m.end, before=False)
        best, best_k = None, 0
        for k in range(1, len(word)):
            left, right = word[:k], word[k:]
            if len(left) < 2 or len(right) < 2 or not (_valid(left) and _valid(right)):
                continue
            score = _split_score(model, prev_id, left.lower(), right, next_id)
            if score is not None and (best is None or score > best):
                best, best_k = score, k
        if best is not None and not _doubles_a_neighbour(text, words, n, word[:best_k], word[best_k:]):
            fixed = f"{word[:best_k]} {word[best_k:]}"
            edits.append(Edit(m.start, m.end, fixed, "typo", 0.95, f"two syllables typed without a space ('{fixed}')"))
    return edits


def _may_split(word: str, model) -> bool:
    """Whether :func:`_glued_round` could split ``word`` wherever it stands: not a known form,
    not plain ASCII (never cut at a case change), not a lowercase word one mark slip away. The
    same tests, on the word alone, that the loop makes at each occurrence."""
    if model.id_of(word) >= FIRST_ID or word.isascii() or is_loanword(word.lower()):
        return False
    return not (word.islower() and _mark_slip(word))


def _beside_foreign_name(text: str, words, n: int) -> bool:
    """Is the word next to a capitalised word that is no Vietnamese syllable ("Jaime", "José"),
    with only a space between them?"""
    for a, b, other in ((n - 1, n, n - 1), (n, n + 1, n + 1)):
        if a < 0 or b >= len(words) or text[words[a].end : words[b].start] != " ":
            continue
        word = words[other].text
        if word[0].isupper() and not _valid(word.lower()) and not is_loanword(word.lower()):
            return True
    return False


def _doubles_a_neighbour(text: str, words, n: int, first: str, last: str) -> bool:
    """Would the split make a word typed twice with a neighbour ("Tổcủa của")? Then it is left
    alone: the doubled word would only be dropped by a second pass, and the text is unclear."""
    if n > 0 and not text[words[n - 1].end : words[n].start].strip() and words[n - 1].text.lower() == first.lower():
        return True
    return n + 1 < len(words) and not text[words[n].end : words[n + 1].start].strip() and words[n + 1].text.lower() == last.lower()


def _mark_slip(lower: str) -> bool:
    """Whether a tone or vowel-mark slip of one known syllable explains the word."""
    from vnpolicy.text.spelling.corrector import NEAR_COST, word_info

    return any(cost <= NEAR_COST for cost in word_info(lower, False, 0).costs)


def _neighbour_id(model, text: str, words, n: int, at: int, *, before: bool) -> int:
    """The id of the word next to the one at ``at``, or a break when punctuation comes between;
    for a neighbour split at a case change in the same pass, the id of its part next to ``at``
    (so a second pass, which sees the split, decides the same: "Tổsát củaTổ")."""
    if n < 0 or n >= len(words):
        return BOUNDARY
    other = words[n]
    gap = text[other.end : at] if before else text[at : other.start]
    if gap.strip():
        return BOUNDARY
    word = other.text
    found = model.id_of(word)
    if found == UNK and not word.islower():
        parts = _case_parts(word, model)  # "củaTổ" is split in the same pass: its near part counts
        if len(parts) > 1:
            return model.id_of(parts[-1] if before else parts[0])
    return found


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    """``edits`` (sorted by start) less each one that overlaps an edit kept before it."""
    kept: list[Edit] = []
    end = -1
    for e in edits:
        if e.start >= end:
            kept.append(e)
            end = e.end
    return kept


def slip_edits(text: str) -> list[Edit]:
    """Glued syllables and repeated words, as one list of non-overlapping edits."""
    edits = sorted(glued_edits(text) + repeated_edits(text), key=lambda e: (e.start, e.end))
    return _non_overlapping(edits)


__all__ = ["glued_edits", "repeated_edits", "slip_edits", "two_syllable_words"]


# ---------------------------------------------------------------------------------------------
# missing words (review mode only)

MISSING_BOND = 0.3  # the inserted word must follow its left neighbour (or precede its right one) this often
MISSING_TRIGRAM = 5  # "a w b" must have been seen this often
MISSING_MIN_COUNT = 500  # both neighbours must be this common
MISSING_RARITY = 0.1  # "a b" seen less than this share of "a w b" (the news make the slip too)


def missing_word_suspects(text: str) -> list[tuple[int, str, float, str]]:
    """Where a word seems left out: (offset of the gap, the word, confidence, evidence).

    Two neighbours never seen side by side, with a word between them that nearly always
    follows the first (or precedes the second) and that the news have written between them:
    "kiểm tại" → "kiểm tra tại", "đối 02 đảng viên" → "đối với 02 đảng viên". Only listed in
    review mode: a silent insertion would be a guess.

    >>> [(w, round(c, 1) > 0) for _, w, c, _ in missing_word_suspects("công tác kiểm tại cơ sở, kỷ luật đối 02 đảng viên")]
    [('tra', True), ('với', True)]
    """
    from vnpolicy.text.spelling.corrector import render
    from vnpolicy.text.spelling.model import NUM, tokens

    model = load_model()
    lm = model.lm
    out = []
    toks = list(tokens(text))
    for left, right in zip(toks, toks[1:]):
        if left.kind != "w" or right.kind not in ("w", "n") or not left.text.islower():
            continue
        a = model.id_of(left.text)
        b = NUM if right.kind == "n" else model.id_of(right.text)
        if a < FIRST_ID or model.count[a] < MISSING_MIN_COUNT:
            continue
        if b != NUM and (b < FIRST_ID or model.count[b] < MISSING_MIN_COUNT or not right.text.islower()):
            continue
        c_ab = float(lm.bigrams(np.asarray([a]), np.asarray([b]))[0])
        lo = np.searchsorted(model.bigram_keys, a << 21)
        hi = np.searchsorted(model.bigram_keys, (a + 1) << 21)
        if hi <= lo:
            continue
        ws = (model.bigram_keys[lo:hi] & ((1 << 21) - 1)).astype(np.int64)
        c_aw = model.bigram_counts[lo:hi]
        ok = (ws >= FIRST_ID) & (ws < model.vocab_size)
        ws, c_aw = ws[ok], c_aw[ok]
        if not len(ws):
            continue
        c_wb = lm.bigrams(ws, np.full(len(ws), b))
        c_awb = lm.trigrams(np.full(len(ws), a), ws, np.full(len(ws), b))
        bond = np.maximum(c_aw / model.count[a], c_wb / np.maximum(model.count[ws], 1) if b == NUM else c_wb / model.count[b])
        good = (c_awb >= MISSING_TRIGRAM) & (bond >= MISSING_BOND) & (c_ab < MISSING_RARITY * c_awb)
        if not good.any():
            continue
        k = int(np.argmax(np.where(good, c_awb, -1)))
        word = render(model.keys[int(ws[k])])
        if not word:
            continue
        conf = float(min(0.9, bond[k]))
        note = f"'{left.text} {right.text}' seen {int(c_ab):,}×; '{left.text} {word} {right.text}' seen {int(c_awb[k]):,}× in the news statistics"
        out.append((left.end, word, round(conf, 3), note))
    return out
