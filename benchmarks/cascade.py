"""Choose the cascade's setting (``vnpolicy/resources/tokenize/cascade.json``) on held-out sentences only.

    python benchmarks/cascade.py            # the grid on the held-out sets, and the rule's choice
    python benchmarks/cascade.py --rows 40  # only the best 40 rows of the grid

The cascade (``vnpolicy.tokenize.cascade``) adds underthesea's scores to the own segmenter's on
the tokens whose max-marginal gap is below a threshold. Its three numbers are chosen here, on
sentences that are neither VLSP 2013 test nor UD dev, and that the shipped segmenter was not
trained on:

* the last 150 UD-VTB train sentences (``build_segmenter.py --ud-hold-out 150``: held out of the
  shipped model's training; its start bias was chosen on them);
* the VNTC sentences that come after the shipped model's silver (its 200,000 VNTC sentences, in
  ``build_segmenter.silver_texts``'s order; the next articles up to 206,000, so 6,025 sentences
  no model has seen), segmented by the underthesea backend (so they measure agreement with the
  teacher, a stand-in for VLSP 2013's conventions).

The rule: ``teacher_weight`` and ``bias_shift`` are those of the best mean of the two F1 scores
with every token mixed (the ceiling), and ``threshold`` is the smallest of 2, 4, 8 whose mean with
them is within 0.02 of it (half a word of the 150 UD sentences: below that, the cheaper wins).
``benchmarks/word_segmentation.py`` then scores the chosen setting on VLSP 2013 test and UD dev.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

THRESHOLDS = (2.0, 4.0, 8.0, math.inf)
WEIGHTS = (0.5, 1.0, 2.0, 3.0, 4.0)
SHIFTS = (-0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
WITHIN = 0.02


def held_out_sets(fresh: int = 6000) -> dict[str, list[tuple[str, list[int]]]]:
    """``{name: [(text, gold word starts)]}``: the held-out UD train sentences and fresh VNTC silver."""
    import build_segmenter as build

    from vnpolicy.tokenize import word_spans
    from vnpolicy.tokenize.crf import load_segmenter

    info = load_segmenter().info
    ud = [build.ud_row(words) for words in build.read_conllu_words(build.UD_TRAIN)]
    ud_held = ud[len(ud) - info["held_out_ud_train"]:]
    used = info["silver_vntc_sentences"]
    texts = build.silver_texts(used + fresh)
    seen = len(build.silver_texts(used))  # the portal sentences and the VNTC sentences trained on or held out
    silver = [(t, sorted(s for s, _ in word_spans(t, backend="underthesea"))) for t in texts[seen:]]
    return {"held-out UD train": ud_held, "fresh VNTC silver": silver}


class Prepared:
    """A held-out set with everything the grid needs computed once: tokens, the student's shifted
    scores, their max-marginal gaps, and the teacher's score of every token."""

    def __init__(self, rows: list[tuple[str, list[int]]]) -> None:
        from vnpolicy.tokenize import line_tokens
        from vnpolicy.tokenize.backends import get_backend
        from vnpolicy.tokenize.underthesea_crf import load

        student = get_backend("vnpolicy")
        self.crf = student._loaded().crf
        normalize = get_backend("underthesea")._token_normalize
        self.teacher = load()
        self.items = []
        for text, starts in rows:
            spans, tokens, forced = line_tokens(text, student)
            if tokens:
                margin = [m + self.crf.start_bias for m in self.crf.margins(tokens, forced)]
                self.items.append((spans, tokens, forced, margin, self.teacher.margins([normalize(t) for t in tokens]),
                                   sorted(set(starts) | {spans[0][0]})))

    def score(self, threshold: float, weight: float, shift: float) -> tuple[float, float]:
        """F1 (in %) of the cascade's words (after the domain corrections) and the share of tokens asked."""
        from vnpolicy.tokenize import _words
        from vnpolicy.tokenize.cascade import max_marginal_gaps, viterbi_edges

        extra = [[weight * x for x in row] for row in self.teacher.transitions]
        hit = n_pred = n_gold = asked = n_tokens = 0
        for spans, tokens, forced, margin, teacher, gold_starts in self.items:
            shifted = [m + shift for m in margin]
            gaps = max_marginal_gaps(shifted, self.crf.transitions)
            doubtful = [not f and -threshold < g < threshold for g, f in zip(gaps, forced)]
            mixed = [m + weight * t if d else m for m, t, d in zip(shifted, teacher, doubtful)]
            starts = viterbi_edges(mixed, self.crf.transitions, extra, doubtful)
            starts = [k == 0 or s or f for k, (s, f) in enumerate(zip(starts, forced))]
            asked += sum(doubtful)
            n_tokens += len(tokens)
            end = spans[-1][1]
            firsts = sorted(set(_words(spans, tokens, starts)[1][::2]))  # each word's start
            predicted = set(zip(firsts, [*firsts[1:], end]))
            gold = set(zip(gold_starts, [*gold_starts[1:], end]))
            hit += len(predicted & gold)
            n_pred += len(predicted)
            n_gold += len(gold)
        p, r = hit / n_pred, hit / n_gold
        return 100 * 2 * p * r / (p + r), 100 * asked / n_tokens


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="print only the best N rows of the grid")
    args = parser.parse_args(argv)
    sets = {name: Prepared(rows) for name, rows in held_out_sets().items()}
    print(", ".join(f"{name}: {len(p.items)} sentences" for name, p in sets.items()))
    student = [p.score(0.0, 0.0, 0.0)[0] for p in sets.values()]
    print(f"student alone: {' / '.join(f'{f:.2f}' for f in student)} (mean {sum(student) / 2:.3f})")
    results = {}
    for threshold in THRESHOLDS:
        for weight in WEIGHTS:
            for shift in SHIFTS:
                scores = [p.score(threshold, weight, shift) for p in sets.values()]
                results[threshold, weight, shift] = ([f for f, _ in scores], scores[-1][1])
    ranked = sorted(results.items(), key=lambda kv: -sum(kv[1][0]))
    print(f"\n{'threshold':>9} {'weight':>6} {'shift':>5} " + " ".join(f"{name:>18}" for name in sets) + f" {'mean':>7} {'asked':>6}")
    for (threshold, weight, shift), (f1s, asked) in ranked[:args.rows or None]:
        print(f"{threshold:>9} {weight:>6} {shift:>5} " + " ".join(f"{f:>18.2f}" for f in f1s)
              + f" {sum(f1s) / 2:>7.3f} {asked:>5.1f}%")
    ceiling = max((k for k in results if k[0] == math.inf), key=lambda k: sum(results[k][0]))
    best = sum(results[ceiling][0]) / 2
    _, weight, shift = ceiling
    threshold = next(t for t in THRESHOLDS if sum(results[t, weight, shift][0]) / 2 >= best - WITHIN)
    chosen = {"threshold": None if math.isinf(threshold) else threshold, "teacher_weight": weight, "bias_shift": shift}
    print(f"\nchosen: {json.dumps(chosen)} (every token mixed: mean {best:.3f}; "
          f"this threshold: {sum(results[threshold, weight, shift][0]) / 2:.3f}, {results[threshold, weight, shift][1]:.1f}% "
          "of the silver tokens asked)")


if __name__ == "__main__":
    main()
