"""Train the learned tone judge (``vnpolicy/resources/spelling/tone_judge.json``).

    python scripts/build_tone_judge.py                      # collect, train, choose the threshold, write
    python scripts/build_tone_judge.py --collect-only F.npz # the rows only (about 5 CPU minutes)
    python scripts/build_tone_judge.py --from-rows F.npz --model trees:4:200 --dry-run

Self-supervised: tone slips (a wrong mark, a mark left out; ``benchmarks/typos.py``'s ``inject``)
are injected, one per sentence, into sentences of held-out VNTC articles (line ``i % 10 == 9``,
which the spelling statistics never counted) from the 1,400th on, and the clean sentences are
kept as negatives. Never trained on: the first 300 held-out articles (``benchmarks/typos.py``'s
clean check), the tune set of ``benchmarks/typo_tune_slips.py`` (articles 400 to 1,000) and its
clean check (1,000 to 1,400), the judged articles of ``data/gold/typos/``, and UD dev. For every
tone-slip option of a lowercase known syllable that the window favours and that the corrector's
hand rules leave alone, the corrector records its own features (``tone_judge.FEATURES``); the
label says whether the option is the injected syllable's true form. A logistic regression
(standardised features, L2, each clean sentence's row weighing ``--clean-weight``) is fitted, and
the threshold is the lowest probability at which the clean held-out articles 1,000 to 1,400 gain
at most ``--clean-rate`` changes per 10,000 syllables, every change counted as false. Printed
for each threshold: what the tune set gains, how many judged look-alikes the judge would take
(a check, not a criterion: see README, "Eighth round: a learned tone judge"), and how many clean
training sentences it would change, each judged by a model fitted on the other four of five folds
(a check on 760,000 syllables; README, "Ninth round").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
import typo_tune_slips as T  # noqa: E402
import typos as B  # noqa: E402

from vnpolicy.text.spelling import corrector, tone_judge  # noqa: E402

OUT = ROOT / "vnpolicy" / "resources" / "spelling" / "tone_judge.json"
KINDS = ("tone_wrong", "tone_missing")


def judged_files() -> set[str]:
    """Source files of the judged typos and look-alikes: never trained on."""
    names: set[str] = set()
    for name in ("tune.jsonl", "test.jsonl", "lookalikes.jsonl"):
        path = B.GOLD / name
        if path.exists():
            names.update(r["source_file"] for r in B.read_jsonl(path))
    return names


def rows_of(text: str, gold: tuple[int, str] | None) -> tuple[list[tuple[np.ndarray, int, int]], int]:
    """The judged rows of ``text`` not already fixed today: (features, label, site start), and
    the text's syllable count. ``gold``: (start of the injected syllable, its true key)."""
    corrector._JUDGE_LOG = log = []
    try:
        fixed = {e.start for e in corrector.typo_edits(text)}
    finally:
        corrector._JUDGE_LOG = None
    variants = B._variant_keys()
    seen: set[tuple[int, str]] = set()
    out = []
    for start, key, features, typed in log:
        if start in fixed or (start, key) in seen:
            continue
        seen.add((start, key))
        label = int(gold is not None and start == gold[0] and variants.get(key, key) == gold[1])
        out.append((features, label, start, f"{typed}>{key}"))
    return out, len(B.WORD_RE.findall(text))


def collect(sentences: list[str], seed: int, clean: bool = True) -> dict:
    """Rows of every sentence clean and with each tone slip injected (one per sentence)."""
    X, y, group, kind_of, names, source = [], [], [], [], [], []
    n_injected = {k: 0 for k in KINDS}
    syllables = 0
    g = 0
    for kind in KINDS:
        rng = random.Random(f"{seed}-{kind}")
        for n_s, s in enumerate(sentences):
            got = B.inject(s, kind, rng)
            if got is None:
                continue
            text, i, _ = got
            start = list(B.WORD_RE.finditer(text))[i].start()
            gold_key = B.keys(list(B.WORD_RE.finditer(s))[i].group())[0]
            rows, _ = rows_of(text, (start, gold_key))
            n_injected[kind] += 1
            for f, label, st, what in rows:
                X.append(f), y.append(label), group.append(g * 10_000 + st), kind_of.append(KINDS.index(kind) + 1)
                names.append(what), source.append(n_s)
            g += 1
    if clean:
        for n_s, s in enumerate(sentences):
            rows, n = rows_of(s, None)
            syllables += n
            for f, label, st, what in rows:
                X.append(f), y.append(label), group.append(g * 10_000 + st), kind_of.append(0)
                names.append(what), source.append(n_s)
            g += 1
    return {"X": np.asarray(X).reshape(-1, len(tone_judge.FEATURES)), "y": np.asarray(y), "group": np.asarray(group),
            "kind": np.asarray(kind_of), "names": np.asarray(names), "source": np.asarray(source),
            "n_injected": n_injected, "syllables": syllables}


def collect_articles(articles: list[str], seed: int, per_article: int = 6) -> dict:
    """Rows of whole articles, clean and with one kind of tone slip injected into up to
    ``per_article`` of their sentences (one slip per sentence): the judge reads the whole text
    (a typed form met again elsewhere in it is a word its writer means)."""
    X, y, group, kind_of, names = [], [], [], [], []
    n_injected = {k: 0 for k in KINDS}
    syllables = 0
    rng = random.Random(seed)
    for g, article in enumerate(articles):
        spans = [m.span() for m in T.SENTENCE.finditer(article) if 8 <= len(B.WORD_RE.findall(m.group())) <= 50]
        for kind in KINDS:
            text, golds, shift = article, [], 0
            for s0, e0 in sorted(rng.sample(spans, min(per_article, len(spans)))):
                sentence = text[s0 + shift : e0 + shift]
                got = B.inject(sentence, kind, rng)
                if got is None:
                    continue
                bad, i, _ = got
                golds.append((s0 + shift + list(B.WORD_RE.finditer(bad))[i].start(),
                              B.keys(list(B.WORD_RE.finditer(sentence))[i].group())[0]))
                text = text[: s0 + shift] + bad + text[e0 + shift :]
                shift += len(bad) - len(sentence)
            n_injected[kind] += len(golds)
            rows, _ = rows_of(text, None)
            gold = dict(golds)
            variants = B._variant_keys()
            for f, _, st, what in rows:
                key = what.split(">", 1)[1]
                X.append(f), y.append(int(gold.get(st) == variants.get(key, key)))
                group.append((2 * g + KINDS.index(kind)) * 1_000_000 + st), kind_of.append(KINDS.index(kind) + 1)
                names.append(what)
        rows, n = rows_of(article, None)
        syllables += n
        for f, _, st, what in rows:
            X.append(f), y.append(0), group.append((2 * g + 1) * 1_000_000 + 500_000 + st), kind_of.append(0)
            names.append(what)
    return {"X": np.asarray(X).reshape(-1, len(tone_judge.FEATURES)), "y": np.asarray(y), "group": np.asarray(group),
            "kind": np.asarray(kind_of), "names": np.asarray(names), "n_injected": n_injected, "syllables": syllables}


def collect_clean(articles: list[str]) -> dict:
    """Rows of whole clean articles (every one a false fix if the judge takes it)."""
    X, group, names = [], [], []
    syllables = 0
    for g, text in enumerate(articles):
        rows, n = rows_of(text, None)
        syllables += n
        for f, _, st, what in rows:
            X.append(f), group.append(g * 1_000_000 + st), names.append(what)
    return {"X": np.asarray(X).reshape(-1, len(tone_judge.FEATURES)), "y": np.zeros(len(X), dtype=int),
            "group": np.asarray(group), "kind": np.zeros(len(X), dtype=int), "names": np.asarray(names),
            "syllables": syllables}


def collect_lookalikes() -> dict:
    """Rows of the judged look-alikes (``data/gold/typos/lookalikes.jsonl``: correct rare words,
    dialect, names) that fall on the look-alike itself: a check, never trained on."""
    X, group = [], []
    for g, r in enumerate(B.read_jsonl(B.GOLD / "lookalikes.jsonl")):
        rows, _ = rows_of(r["context"], None)
        for f, _, st, _ in rows:
            if r["start"] <= st < r["end"]:
                X.append(f), group.append(g)
    return {"X": np.asarray(X).reshape(-1, len(tone_judge.FEATURES)), "group": np.asarray(group)}


def site_top(p: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Per site (``group``): the row the judge is surest of."""
    order = np.lexsort((-p, group))
    g = group[order]
    return order[np.r_[True, g[1:] != g[:-1]]]


def export_trees(gb) -> dict:
    """A fitted HistGradientBoostingClassifier as plain lists (no pickle)."""
    trees = []
    for (predictor,) in gb._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append([nodes["feature_idx"].astype(int).tolist(), [float(t) for t in nodes["num_threshold"]],
                      np.where(leaf, -1, nodes["left"].astype(np.int64)).astype(int).tolist(),
                      np.where(leaf, -1, nodes["right"].astype(np.int64)).astype(int).tolist(),
                      [round(float(v), 6) if is_leaf else 0.0 for v, is_leaf in zip(nodes["value"], leaf, strict=True)]])
    return {"model": "trees", "baseline": float(np.ravel(gb._baseline_prediction)[0]), "trees": trees}


def fit(train: dict, model: str, clean_weight: float, seed: int = 0) -> dict:
    """The judge's JSON body: a logistic regression or shallow boosted trees on ``train``, each
    row of a clean sentence weighing ``clean_weight`` (a false fix on clean text costs more than a
    slip left alone)."""
    weight = np.where(train["kind"] == 0, clean_weight, 1.0)
    if model == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(train["X"])
        lr = LogisticRegression(C=1.0, max_iter=5000).fit(scaler.transform(train["X"]), train["y"], sample_weight=weight)
        return {"model": "logistic", "mean": scaler.mean_.round(6).tolist(),
                "scale": np.where(scaler.scale_ > 0, scaler.scale_, 1.0).round(6).tolist(),
                "coef": lr.coef_[0].round(6).tolist(), "intercept": round(float(lr.intercept_[0]), 6)}
    from sklearn.ensemble import HistGradientBoostingClassifier

    depth, rounds = (int(v) for v in model.split(":")[1:])  # "trees:DEPTH:ROUNDS"
    gb = HistGradientBoostingClassifier(max_depth=depth, max_iter=rounds, learning_rate=0.1, random_state=seed,
                                        early_stopping=False).fit(train["X"], train["y"], sample_weight=weight)
    body = export_trees(gb)
    check = train["X"][:200]
    assert np.allclose(tone_judge_raw(body, check), gb.decision_function(check), atol=2e-3)
    return body


def tone_judge_raw(body: dict, X: np.ndarray) -> np.ndarray:
    """Log-odds of ``body`` (as written to the JSON) on ``X``, through the package's own code."""
    if body["model"] == "logistic":
        return ((X - np.asarray(body["mean"])) / np.asarray(body["scale"])) @ np.asarray(body["coef"]) + body["intercept"]
    return np.asarray([tone_judge._trees_raw(row, body) for row in X.tolist()])


def out_of_fold(train: dict, model: str, clean_weight: float, folds: int = 5) -> dict | None:
    """The clean rows of the training sentences, each with the probability of a judge fitted on the
    other folds (folds by source sentence, so that a sentence's clean and slipped copies fall
    together): how often the judge would change clean text it never saw, read on some 760,000
    syllables instead of the clean articles' 164,000 (where one change more or less decides).
    Printed beside each threshold, not used to choose it. None for rows saved without sentences."""
    if "source" not in train or not train.get("syllables"):
        return None
    source = train["source"]
    fold = np.random.RandomState(0).permutation(int(source.max()) + 1)[source] % folds
    p = np.zeros(len(train["y"]))
    for k in range(folds):
        part = fold != k
        body = fit({"X": train["X"][part], "y": train["y"][part], "kind": train["kind"][part]}, model, clean_weight)
        p[~part] = 1 / (1 + np.exp(-tone_judge_raw(body, train["X"][~part])))
    keep = train["kind"] == 0
    return {"p": p[keep], "group": train["group"][keep], "syllables": int(train["syllables"])}


def choose_threshold(body: dict, tune: dict, clean: dict, rate: float, look: dict,
                     oof: dict | None = None) -> tuple[float, list[str]]:
    """The lowest probability at which the judge changes at most ``rate`` per 10,000 syllables of
    the clean articles (every change counted as false, though some are the source's typos), with
    a line per candidate threshold of what the tune set gains (and, with ``oof``
    (:func:`out_of_fold`), how many clean training sentences it would change)."""
    pc = 1 / (1 + np.exp(-tone_judge_raw(body, clean["X"])))
    pt = 1 / (1 + np.exp(-tone_judge_raw(body, tune["X"])))
    pl = 1 / (1 + np.exp(-tone_judge_raw(body, look["X"])))
    tc, tt, tl = site_top(pc, clean["group"]), site_top(pt, tune["group"]), site_top(pl, look["group"])
    lines, chosen = [], 1.0
    for t in np.round(np.arange(0.50, 1.0, 0.01), 2)[::-1]:
        changes = int((pc[tc] >= t).sum())
        if changes / clean["syllables"] * 1e4 > rate:
            break
        fired = tt[pt[tt] >= t]
        y, k = tune["y"][fired], tune["kind"][fired]
        n_w, n_m = (tune["n_injected"][k_] for k_ in KINDS)
        lines.append(f"p >= {t:.2f}: clean {changes} changes ({changes / clean['syllables'] * 1e4:.2f} per 10,000); "
                     f"tune +{int(((k == 1) & (y == 1)).sum())} wrong marks ({((k == 1) & (y == 1)).sum() / n_w:.1%}), "
                     f"+{int(((k == 2) & (y == 1)).sum())} missing ({((k == 2) & (y == 1)).sum() / n_m:.1%}), "
                     f"{int((y == 0).sum())} other changes; look-alikes changed {int((pl[tl] >= t).sum())}")
        if oof is not None:
            n_oof = int((oof["p"][site_top(oof["p"], oof["group"])] >= t).sum())
            lines[-1] += f"; clean training sentences, out of fold: {n_oof} ({n_oof / oof['syllables'] * 1e4:.3f} per 10,000)"
        chosen = float(t)
    return chosen, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train-articles", type=int, default=1975, help="held-out articles from the 1,400th")
    ap.add_argument("--collect-only", type=Path, default=None, help="save the rows (npz) and stop")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--articles", action="store_true", help="train on whole articles, slips injected")
    ap.add_argument("--model", default="logistic", help="logistic, or trees:DEPTH:ROUNDS")
    ap.add_argument("--clean-rate", type=float, default=0.1, help="changes per 10,000 clean syllables allowed")
    ap.add_argument("--clean-weight", type=float, default=5.0, help="weight of a clean sentence's rows")
    ap.add_argument("--threshold", type=float, default=None,
                    help="take this probability instead of the automatic choice (after reading the clean changes)")
    ap.add_argument("--from-rows", type=Path, default=None, help="rows saved by --collect-only")
    args = ap.parse_args()
    corrector.JUDGE, corrector.JUDGE_THRESHOLD = True, 2.0  # collect with the judge silent: today's decisions
    t0 = time.process_time()
    if args.from_rows:
        saved = np.load(args.from_rows)
        train, tune, clean = ({k.split("_", 1)[1]: saved[k] for k in saved.files if k.startswith(name + "_")}
                              for name in ("train", "tune", "clean"))
        train["n_injected"] = {}
        tune["n_injected"] = dict(zip(KINDS, saved["tune_n"].tolist(), strict=True))
        clean["syllables"] = int(saved["clean_syllables"])
        train["syllables"] = int(saved["train_syllables"]) if "train_syllables" in saved.files else 0
        return finish(args, train, tune, clean)
    if args.articles:
        train = collect_articles(T.heldout(1400, args.train_articles, judged_files()), seed=41)
    else:
        train = collect(T.sentences_of(T.heldout(1400, args.train_articles, judged_files())), seed=41)
    print(f"train: {len(train['y']):,} rows, {int(train['y'].sum()):,} positive, injected {train['n_injected']}, "
          f"({time.process_time() - t0:.0f} s CPU)")
    tune = collect(T.tune_sentences(1500), seed=29, clean=False)  # typo_tune_slips.py's slips
    clean = collect_clean(T.heldout(1000, 400))
    print(f"tune: {len(tune['y']):,} rows, injected {tune['n_injected']}; clean: {len(clean['y']):,} rows, "
          f"{clean['syllables']:,} syllables ({time.process_time() - t0:.0f} s CPU)")
    if args.collect_only:
        np.savez_compressed(args.collect_only, **{f"{name}_{k}": v for name, d in (("train", train), ("tune", tune),
                            ("clean", clean)) for k, v in d.items() if isinstance(v, np.ndarray)},
                            tune_n=np.asarray([tune["n_injected"][k] for k in KINDS]),
                            clean_syllables=np.asarray(clean["syllables"]), train_syllables=np.asarray(train["syllables"]))
        return 0
    return finish(args, train, tune, clean)


def finish(args: argparse.Namespace, train: dict, tune: dict, clean: dict) -> int:
    """Fit, choose the threshold, write the JSON."""
    body = fit(train, args.model, args.clean_weight)
    oof = out_of_fold(train, args.model, args.clean_weight)
    threshold, lines = choose_threshold(body, tune, clean, args.clean_rate, collect_lookalikes(), oof)
    print("\n".join(lines))
    print(f"automatic threshold {threshold:.2f} (every clean change counted as false)")
    if args.threshold is not None:
        threshold = args.threshold
        print(f"threshold taken: {threshold:.2f}")
    body = {"source": "scripts/build_tone_judge.py: tone slips injected into held-out VNTC articles (i % 10 == 9) "
                      "from the 1,400th, never counted by the spelling statistics; clean text as negatives",
            "features": list(tone_judge.FEATURES), "threshold": threshold,
            "trained_on": {"rows": int(len(train["y"])), "positive": int(train["y"].sum()),
                           "injected": train["n_injected"]}, **body}
    if args.dry_run:
        return 0
    OUT.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
