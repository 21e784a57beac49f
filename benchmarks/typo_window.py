"""Calibration check of the whole-window tone rules on text neither the statistics nor the main
benchmark use: held-out VNTC articles 300–899 (line ``i % 10 == 9``; ``benchmarks/typos.py``
takes the first 300), one tone slip (wrong or missing mark) injected in about half the sentences.

    python benchmarks/typo_window.py              # about 1 minute of CPU per setting
    python benchmarks/typo_window.py --articles 200

For each setting it prints how many injected slips come back right, how many syllables are
changed elsewhere (real typos of the source included: read the list), and the changes the
current rules make that the setting "round 1" (the rules before issue 11's second round: no
whole-window rule, no one-sided rival for a never-seen original, bigram settling beside a
comma as before) does not.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from typos import VNTC, WORD_RE, heldout_articles, inject  # noqa: E402

from vnpolicy.text.spelling import corrector  # noqa: E402
from vnpolicy.text.spelling.model import syllable_key  # noqa: E402

SETTINGS = {
    "round 1": {"WINDOW_MIN": 10**9, "STRANGER_LLR": float("inf"), "SETTLED_BESIDE_BREAK": 10},
    "now": {},
}


def cases(articles: list[str], seed: int) -> list[tuple[str, int | None, str | None]]:
    """(sentence, start of the injected slip or None, the right word or None)."""
    rng = random.Random(seed)
    out: list[tuple[str, int | None, str | None]] = []
    for text in articles:
        for sentence in regex.split(r"(?<=[.!?])\s+|\n+", text):
            if len(sentence) < 20:
                continue
            if rng.random() < 0.5:
                got = inject(sentence, rng.choice(["tone_wrong", "tone_missing"]), rng)
                if got:
                    bad, i, _ = got
                    out.append((bad, list(WORD_RE.finditer(bad))[i].start(), WORD_RE.findall(sentence)[i]))
                    continue
            out.append((sentence, None, None))
    return out


def run(items: list[tuple[str, int | None, str | None]]) -> tuple[int, int, list[str]]:
    fixed, elsewhere = 0, []
    for text, start, right in items:
        for e in corrector.typo_edits(text):
            if e.start == start and right is not None and syllable_key(e.replacement) == syllable_key(right):
                fixed += 1
            elif e.start != start and syllable_key(e.replacement) != syllable_key(text[e.start : e.end]):
                elsewhere.append(f"{text[max(0, e.start - 30) : e.start]}[{text[e.start : e.end]}→{e.replacement}]{text[e.end : e.end + 30]}")
    return fixed, sum(s is not None for _, s, _ in items), elsewhere


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=600, help="held-out articles after the benchmark's first 300")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if not VNTC.exists():
        print(f"error: {VNTC} not found", file=sys.stderr)
        return 2
    items = cases(heldout_articles(300 + args.articles)[300:], args.seed)
    syllables = sum(len(WORD_RE.findall(t)) for t, _, _ in items)
    defaults = {k: getattr(corrector, k) for s in SETTINGS.values() for k in s}
    seen: dict[str, list[str]] = {}
    for name, setting in SETTINGS.items():
        for k, v in {**defaults, **setting}.items():
            setattr(corrector, k, v)
        fixed, n, elsewhere = run(items)
        seen[name] = elsewhere
        print(f"{name:8s} injected tone slips fixed {fixed}/{n} = {fixed / n:.1%}; "
              f"changed elsewhere {len(elsewhere)} of {syllables:,} syllables ({len(elsewhere) / syllables * 1e4:.2f} per 10,000)")
    for k, v in defaults.items():
        setattr(corrector, k, v)
    new = sorted(set(seen["now"]) - set(seen["round 1"]))
    print(f"\nChanged elsewhere now but not in round 1 ({len(new)}; real typos of the source included):")
    for line in new:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
