"""How much does normalization change clean, real Vietnamese text? And how fast is it?

Reads the UD Vietnamese-VTB dev sentences (``# text =`` lines) and a sample of VNTC news
articles from ``../shared/corpora/`` and prints, per rule, corrections per 10,000 syllables
(the design's bar: fewer than 1 per 10,000 on clean text, tone-placement style aside), then
the time to normalize a 1,000-syllable text. With ``--show N`` it prints N example changes per
rule, to read for false positives. underthesea's ``text_normalize`` is measured the same way
(whitespace tokens it changes) when it is installed.

    python benchmarks/normalize_changes.py [--articles 400] [--show 5]
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import lzma
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT))

import regex  # noqa: E402

from vnpolicy.text import correct  # noqa: E402

WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def ud_sentences() -> list[str]:
    """The treebank's sentences. They are tokenized (a space before every comma and full stop),
    so the spacing rule removes those spaces: many corrections, no syllable changed."""
    path = CORPORA / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu"
    return [line[len("# text = ") :].rstrip("\n") for line in path.open(encoding="utf-8") if line.startswith("# text = ")]


def vntc_articles(n: int, every: int = 7) -> list[str]:
    out = []
    with lzma.open(CORPORA / "vntc" / "train.jsonl.xz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % every == 0:
                out.append(json.loads(line)["text"])
                if len(out) >= n:
                    break
    return out


RULES = ("html_entities", "invisible", "nfc", "odd_characters", "spacing", "tone_style", "spelling_style")


def words_changed(original: str, replacement: str) -> int:
    """Syllables (letter/digit runs) of ``original`` that ``replacement`` does not keep as they are.

    Spacing that leaves every syllable intact ("xã hội ," → "xã hội,") changes none; "01của" →
    "01 của" changes one; "hoà" → "hòa" changes one.
    """
    a, b = WORD.findall(original), WORD.findall(replacement)
    kept = sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return max(len(a) - kept, 1 if a != b else 0)


def measure(name: str, texts: list[str], show: int) -> None:
    syllables = sum(len(WORD.findall(t)) for t in texts)
    per_rule: collections.Counter[str] = collections.Counter()
    per_rule_words: collections.Counter[str] = collections.Counter()
    examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for text in texts:
        result = correct(text, typos=False)
        for c in result.corrections:
            per_rule[c.rule] += 1
            per_rule_words[c.rule] += words_changed(c.original, c.replacement)
            if len(examples[c.rule, c.note]) < show:
                ctx = text[max(0, c.start - 25) : c.end + 25].replace("\n", "⏎")
                examples[c.rule, c.note].append(f"{c.original!r} → {c.replacement!r}   …{ctx}…")
    print(f"\n{name}: {len(texts)} texts, {syllables} syllables")
    print(f"  {'rule':<16}{'corrections':>12}{'per 10k':>9}{'syllables changed':>19}{'per 10k':>9}")
    for rule in RULES:
        n, w = per_rule[rule], per_rule_words[rule]
        print(f"  {rule:<16}{n:>12}{n * 1e4 / syllables:>9.2f}{w:>19}{w * 1e4 / syllables:>9.2f}")
    w = sum(v for k, v in per_rule_words.items() if k not in ("tone_style", "spelling_style"))
    print(f"  syllables changed, tone style aside: {w * 1e4 / syllables:.2f} per 10k")
    again = sum(len(correct(correct(t, typos=False).text, typos=False).corrections) for t in texts)
    print(f"  corrections when normalizing the normalized text again: {again}")
    for (rule, note), lines in sorted(examples.items()):
        print(f"  examples of {rule} ({note}):")
        for line in lines:
            print(f"    {line}")
    try:
        from underthesea import text_normalize
    except ImportError:
        return
    ut_changes = sum(words_changed(text, text_normalize(text)) for text in texts)
    ours = sum(words_changed(text, correct(text, typos=False).text) for text in texts)
    print(f"  syllables changed, whole text compared (all rules): vnpolicy {ours * 1e4 / syllables:.2f} per 10k, "
          f"underthesea text_normalize {ut_changes * 1e4 / syllables:.2f} per 10k")


def timing(texts: list[str]) -> None:
    words = " ".join(texts).split()  # ~1,000 syllables = 1,000 whitespace tokens
    chunks = [" ".join(words[i : i + 1000]) for i in range(0, min(len(words), 50_000), 1000)]
    start = time.perf_counter()
    for chunk in chunks:
        correct(chunk, typos=False)
    ours = (time.perf_counter() - start) / len(chunks)
    print(f"\ntime per 1,000-syllable text (vnpolicy normalize, typos=False): {ours * 1000:.2f} ms")
    try:
        from underthesea import text_normalize
    except ImportError:
        return
    start = time.perf_counter()
    for chunk in chunks:
        text_normalize(chunk)
    print(f"time per 1,000-syllable text (underthesea text_normalize): {(time.perf_counter() - start) / len(chunks) * 1000:.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=400, help="VNTC articles to sample")
    ap.add_argument("--show", type=int, default=5, help="example changes to print per rule")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"corpora not found at {CORPORA}")
    ud = ud_sentences()
    vntc = vntc_articles(args.articles)
    measure("UD Vietnamese-VTB dev", ud, args.show)
    measure("VNTC sample", vntc, args.show)
    timing(vntc)


if __name__ == "__main__":
    main()
