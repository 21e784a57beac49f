"""Build ``vnpolicy/resources/spelling/domain_word_slips.tsv``: pairs of syllables one slip away
from a two-syllable word of government and Party writing that the news never writes as a word.

    python scripts/build_domain_word_slips.py      # about half a CPU-minute; reads ../shared/corpora/

The words are the two-syllable dictionary words (pyvi, Viet74K) inside the phrases of
``resources/spelling/domain_phrases.txt`` ("đồng bào", "đoàn kết", "cơ quan") seen
``PAIR_MIN`` times in the statistics. Each typed pair is one of those words with one syllable
one slip away (a tone or vowel mark, a sound's letters, or one letter: the corrector's
``word_info`` candidates) that is no dictionary word itself ("đồng bảo", "đoàn hết").

The news (the VNTC articles the spelling model counts: never the held-out ones nor the judged
ones) then says how each typed pair is used. An occurrence is *inside other words* when the
syllable the pair shares with the word is bound to its outer neighbour (the two make a
dictionary word, or that neighbour is a number: "hội đồng bảo an", "30 triệu đồng") or the
typed syllable is bound to its own outer neighbour ("hợp đồng bảo hiểm", "Công đoàn hết
sức"); otherwise it is *free*. A pair is listed when it was seen (once at least) and at most
``FREE_SHARE`` of its occurrences were free: the news writes it only across a word boundary,
so where nothing outside binds it, it stands for the domain word ("Bà con đồng bảo các dân
tộc" → "đồng bào"). A pair one slip from two different frequent dictionary words (any, not only
domain words) is left out: its fix would be a guess.

Columns: typed pair, fix, which syllable is fixed (1 or 2), how often the statistics saw the
fix (the word), the typed pair, and the typed pair free. Only counts and pairs of syllables are
kept, no text.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from vnpolicy.text.spelling.corrector import REAL_WORD_LETTER_COST, render, word_info  # noqa: E402
from vnpolicy.text.spelling.model import FIRST_ID, UNK, load_model, syllable_key, tokens  # noqa: E402
from vnpolicy.text.spelling.phrases import PHRASES  # noqa: E402
from vnpolicy.text.spelling.slips import two_syllable_words  # noqa: E402

import build_spelling_model as BM  # noqa: E402

OUT = ROOT / "vnpolicy" / "resources" / "spelling" / "domain_word_slips.tsv"
PAIR_MIN = 100  # a dictionary word seen this often may be a typed pair's fix (also for the ambiguity check)
FREE_SHARE = 0.02  # at most this share of the typed pair's occurrences free ("30 triệu đồng bảo tôi": 1 of 95)

Slip = tuple[str, str, int]  # typed pair's keys, and which of the two is the slip (1 or 2)


def domain_words(dictionary: frozenset[str]) -> set[str]:
    """The two-syllable dictionary words inside the domain phrases, as key pairs."""
    found = set()
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        keys = [syllable_key(w.strip(",").lower()) for w in line.split()]
        for a, b in zip(keys, keys[1:]):
            if a and b and f"{a} {b}" in dictionary:
                found.add(f"{a} {b}")
    return found


def typed_pairs(dictionary: frozenset[str]) -> tuple[dict[tuple[str, str, int], tuple[str, int]], dict]:
    """Every typed pair one slip from a dictionary word seen ``PAIR_MIN`` times: (first key,
    second key, slipped syllable) -> (fix key, the word's count); and per typed pair, every fix."""
    model = load_model()
    words = [w.split() for w in dictionary]
    a = np.asarray([model.ids.get(x, UNK) for x, _ in words])
    b = np.asarray([model.ids.get(y, UNK) for _, y in words])
    known = (a >= FIRST_ID) & (b >= FIRST_ID)
    counts = np.zeros(len(words))
    counts[known] = model.lm.bigrams(a[known], b[known])
    slips: dict[tuple[str, str, int], tuple[str, int]] = {}
    fixes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (x, y), n in zip(words, counts.tolist()):
        if n < PAIR_MIN:
            continue
        for at, kept, fix in ((2, x, y), (1, y, x)):
            surface = render(fix)
            if surface is None:
                continue
            info = word_info(surface, False, 2)
            for oid, cost in zip(info.candidates, info.costs):
                if cost > REAL_WORD_LETTER_COST:
                    continue
                typed = model.keys[oid]
                pair = (kept, typed) if at == 2 else (typed, kept)
                if f"{pair[0]} {pair[1]}" in dictionary:
                    continue
                fixes[pair].add(f"{x} {y}")
                if (*pair, at) not in slips or slips[(*pair, at)][1] < n:
                    slips[(*pair, at)] = (fix, int(n))
    return slips, fixes


def usage(slips: dict[tuple[str, str, int], tuple[str, int]], dictionary: frozenset[str]) -> tuple[Counter, Counter]:
    """How often the news wrote each typed pair (the slipped syllable in lower case), and how
    often free (no outer neighbour binds either syllable)."""
    by_pair = defaultdict(list)
    for first, second, at in slips:
        by_pair[(first, second)].append(at)
    seen, free = Counter(), Counter()
    texts, _, _ = BM.read_vntc(BM.CORPUS, None)  # the articles the spelling model counts
    for text in texts:
        seq: list[tuple[str, str] | None] = [None, None]
        for tok in tokens(text):
            if tok.kind == "w":
                seq.append((syllable_key(tok.text) or "", tok.text))
            else:
                seq.append(("#", tok.text) if tok.kind == "n" else None)
        seq += [None, None]
        for i in range(2, len(seq) - 2):
            p, q = seq[i], seq[i + 1]
            if p is None or q is None or (p[0], q[0]) not in by_pair:
                continue
            before, after = seq[i - 1], seq[i + 2]
            bound_before = before is not None and (before[0] == "#" or f"{before[0]} {p[0]}" in dictionary)
            bound_after = after is not None and (after[0] == "#" or f"{q[0]} {after[0]}" in dictionary)
            for at in by_pair[(p[0], q[0])]:
                if not (q if at == 2 else p)[1].islower():
                    continue
                key = (p[0], q[0], at)
                seen[key] += 1
                free[key] += not (bound_before or bound_after)
    return seen, free


def main() -> int:
    dictionary = two_syllable_words()
    domain = domain_words(dictionary)
    slips, fixes = typed_pairs(dictionary)
    seen, free = usage(slips, dictionary)
    rows = []
    for (first, second, at), (fix, n) in slips.items():
        word = f"{first} {fix}" if at == 2 else f"{fix} {second}"
        key = (first, second, at)
        if word not in domain or len(fixes[(first, second)]) > 1 or not seen[key] or free[key] > FREE_SHARE * seen[key]:
            continue
        typed = f"{render(first)} {render(second)}"
        fixed = " ".join(render(k) or k for k in word.split())
        rows.append((typed, fixed, at, n, seen[key], free[key]))
    rows.sort()
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# Typed pairs one slip from a two-syllable word of domain_phrases.txt that the news writes only\n"
                "# across a word boundary (built by scripts/build_domain_word_slips.py from the VNTC articles the\n"
                "# spelling model counts and the pyvi / Viet74K dictionaries; see its docstring). Columns: the typed\n"
                "# pair, its fix, the syllable slipped (1 or 2), how often the news saw the fix, the typed pair, and\n"
                "# the typed pair with nothing outside binding it.\n"
                "typed\tfix\tslipped\tfix_seen\ttyped_seen\ttyped_free\n")
        for row in rows:
            f.write("\t".join(map(str, row)) + "\n")
    print(f"{len(rows)} typed pairs written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
