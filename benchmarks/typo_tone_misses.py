"""Why the tune set's tone slips are missed: one reason per slip left unfixed.

    python benchmarks/typo_tone_misses.py            # counts per reason and kind, four examples each

The same slips as ``typo_tune_slips.py`` (held-out VNTC sentences, never UD dev). For each
injected tone slip the typo step does not restore, the first of these that holds: another fix
made (wrong); the site settled before its candidates are built (the typed form seen in its very
trigram, or beside both neighbours); no candidates; the true form not among them; the site
dropped by the support pre-filter (no candidate seen beside its neighbours); the typed form not
a lowercase syllable the statistics know (the relaxed rules and the judge skip it); the window
favouring the typed form; the usage guard (the typed form seen ``ATTESTED_SURE`` times beside a
neighbour, the tone window model short of ``JUDGE_USAGE_ODDS`` nats), or the usage heard and the
judge below ``JUDGE_USAGE_P``; the doubling guard; the learned judge below its threshold (binned by probability);
the judge firing and a later guard keeping the original.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import typo_tune_slips as T  # noqa: E402
import typos as B  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1500, help="sentences")
    ap.add_argument("--kinds", default="tone_wrong,tone_missing")
    ap.add_argument("--examples", type=int, default=4)
    args = ap.parse_args()
    from vnpolicy.text.spelling import corrector as C

    target: dict = {}
    seen: dict = {}
    unsettled, supportable, judge_rows = C._unsettled_words, C._supportable, C._judge_rows

    def spy_unsettled(lm, ids, words):
        out = unsettled(lm, ids, words)
        here = [w for w in out if w[1] == target["start"]]
        if any(w[1] == target["start"] for w in words) and not here:
            seen["settled"] = True
        if here:
            w = here[0]
            info = C._word_entry(w[3], w[4], False)
            model = C.load_model()
            seen["candidates"] = [model.keys[c % model.vocab_size] for c in info.candidates]
        return out

    def spy_supportable(model, ids, sites, lexical=True):
        out = supportable(model, ids, sites, lexical)
        if any(s.start == target["start"] for s in sites) and not any(s.start == target["start"] for s in out):
            seen["unsupported"] = True
        return out

    def spy_judge(model, ev, rows, score, post, best_post, sites, ids):
        ks = [k for k, s in enumerate(sites) if s.start == target["start"]]
        if not ks or "rows" in seen:
            return judge_rows(model, ev, rows, score, post, best_post, sites, ids)
        C._JUDGE_LOG = []
        try:  # every tone row, guards off: the judge's probability wherever it could be asked
            unguarded, _ = judge_rows(model, ev, rows, score, post, best_post, sites, ids)
        finally:
            C._JUDGE_LOG = None
        p, need = judge_rows(model, ev, rows, score, post, best_post, sites, ids)
        k = ks[0]
        a = int(rows.starts[k])
        end = int(rows.starts[k + 1]) if k + 1 < len(rows.starts) else len(rows.costs)
        seen["rows"] = [{"key": model.keys[int(ev.x[j]) % model.vocab_size], "gain": float(score[j] - score[a]),
                         "cost": float(rows.costs[j]), "p_any": float(unguarded[j]), "p": float(p[j]),
                         "need": float(need[j]),
                         "lower_known": bool(rows.lower_known[k]),
                         "usage": bool((ev.l1[j] >= C.FIRST_ID and ev.c_l1x[a] >= C.ATTESTED_SURE)
                                       or (ev.r1[j] >= C.FIRST_ID and ev.c_xr1[a] >= C.ATTESTED_SURE))}
                        for j in range(a + 1, end)]
        return p, need

    C._unsettled_words, C._supportable, C._judge_rows = spy_unsettled, spy_supportable, spy_judge
    threshold = C._judge_threshold()
    variants = B._variant_keys()
    sentences = T.tune_sentences(args.n)
    for kind in args.kinds.split(","):
        rng = random.Random(f"29-{kind}")
        reasons: collections.Counter = collections.Counter()
        examples = collections.defaultdict(list)
        n = 0
        for s in sentences:
            got = B.inject(s, kind, rng)
            if got is None:
                continue
            text, i, bad = got
            n += 1
            m = list(B.WORD_RE.finditer(text))[i]
            gold = B.keys(s)[i]
            target["start"] = m.start()
            seen.clear()
            mapping, _ = B.aligned(B.keys(text), B.keys(B.typo_step(text)))
            if mapping.get(i) == gold:
                continue
            row = None
            if mapping.get(i) != B.keys(text)[i]:
                reason = "another fix made (wrong)"
            elif seen.get("settled"):
                reason = "settled before candidates (typed form seen in its trigram or beside both neighbours)"
            elif "candidates" not in seen:
                reason = "no candidates"
            elif gold not in [variants.get(c, c) for c in seen["candidates"]]:
                reason = "true form not a candidate"
            elif seen.get("unsupported"):
                reason = "support pre-filter (no candidate seen beside its neighbours)"
            elif "rows" not in seen:
                reason = "not judged (no relaxed rule reached it)"
            else:
                row = next(r for r in seen["rows"] if variants.get(r["key"], r["key"]) == gold)
                if row["cost"] > C.TONE_COST or not row["lower_known"]:
                    reason = "typed form not a lowercase known syllable"
                elif row["gain"] < C.JUDGE_MIN_GAIN:
                    reason = "window favours the typed form"
                elif row["usage"] and row["need"] == C.UNJUDGED:
                    reason = (f"usage guard (typed form seen {C.ATTESTED_SURE}x beside a neighbour, "
                              f"the window model short of {C.JUDGE_USAGE_ODDS} nats)")
                elif row["usage"] and row["p"] < row["need"]:
                    reason = f"usage heard (window model sure), judge below {C.JUDGE_USAGE_P}"
                elif row["p"] == 0.0 and row["p_any"] > 0.0:
                    reason = "doubling guard"
                elif row["p"] < threshold:
                    band = "0.9" if row["p"] >= 0.9 else "0.5" if row["p"] >= 0.5 else "0"
                    reason = f"judge below its threshold (p >= {band})"
                else:
                    reason = "judge fires, a later guard keeps the original"
            reasons[reason] += 1
            if len(examples[reason]) < args.examples:
                p = f" p={row['p_any']:.2f}" if row else ""
                examples[reason].append(f"{bad!r} -> {gold}{p}: …{text[max(0, m.start() - 30) : m.end() + 30]}…")
        missed = sum(reasons.values())
        print(f"{kind}: {n} slips, {n - missed} fixed ({(n - missed) / n:.1%}), {missed} missed (judge threshold {threshold})")
        for reason, count in reasons.most_common():
            print(f"  {count:4d}  {reason}")
            for e in examples[reason]:
                print(f"          {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
