"""Entity extraction on the gold set: P/R/F1 per label for vnpolicy and underthesea's CRF ``ner``.

Run from the repository root:  python benchmarks/entities.py [--gold PATH ...] [--errors]
(default: the sealed VNTC test split first, then the portal-style sets heldout6 and heldout7 side
by side with their annotators' agreement, then the main gold set and the five older held-out
sets, each scored on its own by the rules). ``--dev`` scores only the dev split, per sampling family (legal, org,
program, general: data/gold/entities/vntc/work/index*.jsonl), with underthesea's ``ner`` beside
the tagger and the rules, so that the general-news bar (people, places) is visible while fixing.

The sealed split (data/gold/entities/vntc/test.jsonl, annotated by people who did not write the
rules) is scored only here and never printed line by line: per label, exact-span and overlap F1
of the learned tagger (vnpolicy/resources/entities/tagger.zip), the rules alone and underthesea's
``ner``, then the annotators' agreement on double.jsonl (one annotator scored against the other),
then CPU time per 1,000 syllables of the entity step with the tagger and with the rules alone, one call
per paragraph and one per article of about 1,000 syllables (the paragraphs joined).

A prediction counts when its label and exact character span match a gold entity. underthesea's
``ner`` (the offline CRF, not ``deep=True``) has only PER/LOC/ORG (and MISC); its B-/I- tags are
mapped onto character spans by aligning its tokens with the text. Speed is measured on an
article of about 1,000 syllables (the gold paragraphs joined), after one warm-up call; the best
of 20 runs is printed (best of 3 for underthesea).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnpolicy.entities import LABELS, rule_entities  # noqa: E402

GOLD_DIR = ROOT / "data" / "gold" / "entities"
GOLD_SETS = [GOLD_DIR / f"{name}.jsonl" for name in ("gold", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")]


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def underthesea_spans(text: str) -> set[tuple[int, int, str]]:
    """underthesea's ner as (start, end, label) character spans."""
    from underthesea import ner

    spans, cursor, current = set(), 0, None
    for token, *_, tag in ner(text):
        at = text.find(token, cursor)
        if at < 0:
            current = None
            continue
        start, end = at, at + len(token)
        cursor = end
        if tag.startswith("B-"):
            if current:
                spans.add(tuple(current))
            current = [start, end, tag[2:]]
        elif tag.startswith("I-") and current and current[2] == tag[2:]:
            current[1] = end
        else:
            if current:
                spans.add(tuple(current))
            current = None
    if current:
        spans.add(tuple(current))
    return {s for s in spans if s[2] in LABELS}


def score(gold: list[dict], predict) -> tuple[dict[str, Counter], list]:
    counts = {label: Counter() for label in LABELS}
    errors = []
    for row in gold:
        g = {(s, e, lab) for s, e, lab in row["entities"]}
        p = predict(row["text"])
        for label in LABELS:
            gl = {x for x in g if x[2] == label}
            pl = {x for x in p if x[2] == label}
            counts[label]["tp"] += len(gl & pl)
            counts[label]["fp"] += len(pl - gl)
            counts[label]["fn"] += len(gl - pl)
        for s, e, lab in sorted(p - g):
            errors.append((row["id"], "FP", lab, row["text"][s:e]))
        for s, e, lab in sorted(g - p):
            errors.append((row["id"], "FN", lab, row["text"][s:e]))
    return counts, errors


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def vnpolicy_spans(text: str) -> set[tuple[int, int, str]]:
    return {(e.start, e.end, e.label) for e in rule_entities(text)}


def speed(gold: list[dict], runs: int = 20) -> tuple[int, float, float]:
    """(syllables, ms for vnpolicy, ms for underthesea ner) on ~1,000 syllables of gold text."""
    from underthesea import ner

    parts, n = [], 0
    for row in gold:
        parts.append(row["text"])
        n += len(row["text"].split())
        if n >= 1000:
            break
    article = "\n\n".join(parts)
    rule_entities(article)  # warm-up: the gazetteer and patterns are built once per process
    ours = []
    for _ in range(runs):
        t = time.perf_counter()
        rule_entities(article)
        ours.append((time.perf_counter() - t) * 1000)
    ner(article)
    theirs = []
    for _ in range(3):
        t = time.perf_counter()
        for para in parts:
            ner(para)
        theirs.append((time.perf_counter() - t) * 1000)
    # The best run is the least disturbed by other processes on a shared machine (as timeit advises).
    return n, min(ours), min(theirs)


def report(path: Path, *, errors: bool, underthesea: bool) -> None:
    gold = load_gold(path)
    n_ents = sum(len(r["entities"]) for r in gold)
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"gold: {len(gold)} paragraphs, {n_ents} entities ({name})")
    ours, errs = score(gold, vnpolicy_spans)
    theirs = score(gold, underthesea_spans)[0] if underthesea else None
    print(f"{'label':<10} {'n':>4}  {'vnpolicy P':>10} {'R':>6} {'F1':>6}   {'underthesea P':>13} {'R':>6} {'F1':>6}")
    total_ours, total_theirs = Counter(), Counter()
    for label in LABELS:
        c = ours[label]
        total_ours.update(c)
        p, r, f = prf(c)
        line = f"{label:<10} {c['tp'] + c['fn']:>4}  {p:>10.3f} {r:>6.3f} {f:>6.3f}"
        if theirs is not None:
            total_theirs.update(theirs[label])
            if label in ("ORG", "LOC", "PER"):
                tp, tr, tf = prf(theirs[label])
                line += f"   {tp:>13.3f} {tr:>6.3f} {tf:>6.3f}"
            else:
                line += f"   {'(no label)':>13} {'-':>6} {'-':>6}"
        print(line)
    p, r, f = prf(total_ours)
    line = f"{'all':<10} {total_ours['tp'] + total_ours['fn']:>4}  {p:>10.3f} {r:>6.3f} {f:>6.3f}"
    if theirs is not None:
        tp, tr, tf = prf(total_theirs)
        line += f"   {tp:>13.3f} {tr:>6.3f} {tf:>6.3f}"
    print(line)
    if errors:
        for e in errs:
            print("  ", *e)


def worst_cases() -> list[tuple[str, float]]:
    """Repetitive inputs that make badly bounded patterns go quadratic, in ms for 6,000 syllables."""
    cases = {"Ban Thường vụ …": "Ban Thường vụ " * 2000, "ông ông …": "ông " * 6000,
             "Nghị quyết …": "Nghị quyết " * 3000, "Nguyễn Nguyễn …": "Nguyễn " * 6000,
             # a list of names after one found person: each list is walked once, not once per name
             "ông A, Trần Minh Đức, …": "Ông Nguyễn Văn An, " + "Trần Minh Đức, " * 2000,
             "Mỹ, Anh, Pháp, …": "Mỹ, Anh, Pháp, " * 2000}
    out = []
    for name, text in cases.items():
        t = time.perf_counter()
        rule_entities(text)
        out.append((name, (time.perf_counter() - t) * 1000))
    return out


VNTC_DIR = GOLD_DIR / "vntc"
TAGGER = ROOT / "vnpolicy" / "resources" / "entities" / "tagger.zip"


def sealed(vntc: Path, tagger_path: Path, underthesea: bool) -> None:
    """The side-by-side table on the sealed test split, the agreement, and the tagger's speed."""
    from vnpolicy.entities.gold import read_gold
    from vnpolicy.entities.gold import score as score_gold
    from vnpolicy.entities.tagger import load_tagger

    test = read_gold(vntc / "test.jsonl")
    print(f"sealed test split: {len(test)} paragraphs, {sum(len(p.spans) for p in test)} entities ({vntc / 'test.jsonl'})")
    tagger = load_tagger(tagger_path) if tagger_path.exists() else None
    side_by_side(test, tagger, underthesea)
    if (vntc / "double.jsonl").exists():
        rows = [json.loads(line) for line in (vntc / "double.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        pairs: dict[str, list[dict]] = {}
        for row in rows:
            pairs.setdefault(row["id"], []).append(row)
        firsts = {k: v for k, v in pairs.items() if len(v) >= 2}
        from vnpolicy.entities.gold import GoldParagraph
        gold = [GoldParagraph(v[0]["text"], [tuple(x) for x in v[0]["entities"]], k, 0, {}) for k, v in firsts.items()]
        other = {v[0]["text"]: [tuple(x) for x in v[1]["entities"]] for v in firsts.values()}
        agree = score_gold(gold, lambda t: other[t])
        print(f"annotator agreement on {len(gold)} double-annotated paragraphs (F1 of one against the other)")
        print(f"{'label':<10} {'n':>5} {'exact':>8} {'overlap':>8}")
        for label in (*LABELS, None):
            print(f"{label or 'micro':<10} {agree.prf('exact', label)[3]:>5} {agree.prf('exact', label)[2]:>8.3f} "
                  f"{agree.prf('overlap', label)[2]:>8.3f}")
    if tagger is not None:
        texts = [p.text for p in test]
        step_speed("the test split", texts, tagger)


def _as_articles(texts: list[str], size: int = 1000) -> list[str]:
    """``texts`` joined in turn into articles of about ``size`` syllables (a shorter rest is left out)."""
    articles, part, n = [], [], 0
    for text in texts:
        part.append(text)
        n += len(text.split())
        if n >= size:
            articles.append("\n\n".join(part))
            part, n = [], 0
    return articles


def step_speed(name: str, texts: list[str], tagger, rounds: int = 3) -> None:
    """CPU ms per 1,000 syllables of the entity step, rules alone and with the tagger, best of ``rounds``:
    one call per paragraph, and one per article of about 1,000 syllables (the paragraphs joined, as
    a Pipeline calls the step once per article). A call has a fixed cost (about half a millisecond
    with the tagger: its numpy set-up), so short paragraphs cost more per syllable than articles."""
    articles = _as_articles(texts)
    tagger.entities(texts[0])
    for unit, batch in (("paragraph", texts), ("article", articles)):
        n = sum(len(t.split()) for t in batch) or 1
        best = {"rules": float("inf"), "tagger": float("inf")}
        for _ in range(rounds):
            for k, f in (("rules", rule_entities), ("tagger", tagger.entities)):
                t0 = time.process_time()
                for t in batch:
                    f(t)
                best[k] = min(best[k], time.process_time() - t0)
        print(f"entity step CPU time on {name}, one call per {unit} ({len(batch)} x {n // len(batch or [0]):,} syllables), "
              f"best of {rounds}: rules {best['rules'] * 1e6 / n:.1f} ms, tagger (rules as features + CRF + attributes) "
              f"{best['tagger'] * 1e6 / n:.1f} ms per 1,000 syllables")


def side_by_side(gold: list, tagger, underthesea: bool) -> None:
    """Per label, exact-span and overlap F1 of the tagger, the rules alone and underthesea's ``ner``."""
    from vnpolicy.entities.gold import score as score_gold

    systems = {}
    if tagger is not None:
        systems["tagger"] = score_gold(gold, tagger.entity_spans)
    systems["rules"] = score_gold(gold, vnpolicy_spans)
    if underthesea:
        systems["underthesea"] = score_gold(gold, underthesea_spans)
    for mode in ("exact", "overlap"):
        print(f"F1 ({mode} span)  " + "".join(f"{name:>13}" for name in systems))
        for label in (*LABELS, None):
            n = systems["rules"].prf(mode, label)[3]
            cells = []
            for name, s in systems.items():
                no_label = name == "underthesea" and label not in ("ORG", "LOC", "PER", None)
                cells.append(f"{'-':>13}" if no_label else f"{s.prf(mode, label)[2]:>13.3f}")
            print(f"{label or 'micro':<10} {n:>5} " + "".join(cells))


# Portal-style sets written and annotated by helper sessions that never saw the extractor
# (data/gold/entities/README.md, "heldout6"): the genre the tool is for, beside 2007 news.
PORTAL_SETS = ("heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18")


def portal(tagger_path: Path, underthesea: bool) -> None:
    """The side-by-side table on each portal-style set, and its annotators' agreement."""
    from vnpolicy.entities.gold import GoldParagraph, read_gold
    from vnpolicy.entities.gold import score as score_gold
    from vnpolicy.entities.tagger import load_tagger

    sys.path.insert(0, str(GOLD_DIR))
    from build import parse_line  # the marks -> offsets of data/gold/entities/build.py

    tagger = load_tagger(tagger_path) if tagger_path.exists() else None
    for name in PORTAL_SETS:
        path = GOLD_DIR / f"{name}.jsonl"
        if not path.exists():
            continue
        gold = read_gold(path)
        print(f"{name} (portal-style, written and annotated apart from the extractor): {len(gold)} paragraphs, "
              f"{sum(len(p.spans) for p in gold)} entities")
        side_by_side(gold, tagger, underthesea)
        first = (GOLD_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        first = [line for line in first if line.strip() and not line.startswith("#")]
        for other in sorted((GOLD_DIR / f"{name}_ann").glob(f"{name}_*.txt")):
            lines = [parse_line(line) for line in other.read_text(encoding="utf-8").splitlines() if line.strip()]
            base = [parse_line(line) for line in first[:len(lines)]]
            a = [GoldParagraph(x["text"], [tuple(e) for e in x["entities"]], str(i), 0, {}) for i, x in enumerate(base)]
            b = {y["text"]: [tuple(e) for e in y["entities"]] for y in lines}
            agree = score_gold(a, b.__getitem__)
            print(f"agreement, annotator of {name}.txt against {other.stem} on {len(a)} paragraphs: "
                  + ", ".join(f"{label or 'micro'} {agree.prf('exact', label)[2]:.3f}" for label in (*LABELS, None)))
        print()


FAMILY_LABELS = ("ORG", "LOC", "PER")  # the labels underthesea's ner has


def families(vntc: Path) -> dict[str, str]:
    """Paragraph id -> sampling family (legal/org/program/general) from the annotation rounds' index files."""
    out: dict[str, str] = {}
    for path in sorted((vntc / "work").glob("index*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[row["id"]] = row.get("family", "?")
    return out


def dev_by_family(vntc: Path, tagger_path: Path, underthesea: bool) -> None:
    """Overlap F1 per label on the dev split, per sampling family: tagger, rules, and underthesea's ner.

    "general" (crime, health, sport…) is the family the general-news bar is read on: people at
    least underthesea's figure, places at least 0.5. Dev only; the sealed test split is scored by
    :func:`sealed` alone.
    """
    from vnpolicy.entities.gold import read_gold
    from vnpolicy.entities.gold import score as score_gold
    from vnpolicy.entities.tagger import load_tagger

    dev = read_gold(vntc / "dev.jsonl")
    family_of = families(vntc)
    groups: dict[str, list] = {}
    for para in dev:
        groups.setdefault(family_of.get(para.id, "?"), []).append(para)
    systems = {}
    if tagger_path.exists():
        systems["tagger"] = load_tagger(tagger_path).entity_spans
    systems["rules"] = vnpolicy_spans
    if underthesea:
        systems["underthesea"] = underthesea_spans
    print(f"dev split by family: overlap F1 (P/R) per label ({vntc / 'dev.jsonl'}, {len(dev)} paragraphs)")
    for family in sorted(groups, key=lambda f: (f != "general", f)):
        paras = groups[family]
        scores = {name: score_gold(paras, predict) for name, predict in systems.items()}
        print(f"family {family}: {len(paras)} paragraphs")
        print(f"  {'label':<10} {'n':>4} " + "".join(f"{name:>22}" for name in scores))
        for label in (*LABELS, None):
            n = scores["rules"].prf("overlap", label)[3]
            if not n:
                continue
            cells = []
            for name, s in scores.items():
                if name == "underthesea" and label not in (*FAMILY_LABELS, None):
                    cells.append(f"{'-':>22}")
                    continue
                p, r, f, _ = s.prf("overlap", label)
                cells.append(f"{f:>8.3f} ({p:.2f}/{r:.2f})")
            print(f"  {label or 'micro':<10} {n:>4} " + "".join(cells))


def tagger_speed(path: Path, tagger_path: Path, rounds: int = 5) -> None:
    """The tagger's load time, then CPU time per 1,000 syllables of the entity step on ``path``'s paragraphs (one call each, and
    joined into articles of about 1,000 syllables): rules alone; the tagger's spans decided by crfsuite
    on feature strings (the reference) and by numpy on weights looked up by number (what ships; the
    spans must be identical); the whole entity step with the tagger. Best of ``rounds``, in turns.
    Never run on the sealed test split."""
    from vnpolicy.entities.gold import read_gold
    from vnpolicy.entities.tagger import _load, load_tagger

    tagger = load_tagger(tagger_path)
    t0 = time.process_time()
    _load.__wrapped__(str(Path(tagger_path).resolve()))  # read and check the file again, uncached
    print(f"loading {tagger_path.name}: {time.process_time() - t0:.3f} s CPU (rules already imported)")
    texts = [p.text for p in read_gold(path)]
    articles = _as_articles(texts)
    same = sum(tagger.spans(t) == tagger.crfsuite_spans(t) for t in texts + articles)
    print(f"tagger spans identical to crfsuite's on {same} of {len(texts) + len(articles)} texts "
          f"({len(texts)} paragraphs, {len(articles)} joined articles)")

    def rules(text: str) -> object:
        return rule_entities(text)

    def via_crfsuite(text: str) -> object:
        return tagger.crfsuite_spans(text, rule_entities(text))

    def via_numpy(text: str) -> object:
        return tagger.spans(text, rule_entities(text))

    # "spans": rules + the CRF's decision; "entity step": also the attributes (what a Pipeline runs)
    systems = {"rules alone": rules, "spans, crfsuite": via_crfsuite, "spans, numpy": via_numpy,
               "entity step (tagger)": tagger.entities}
    for name, batch in (("paragraphs", texts), ("articles", articles)):
        best = {k: float("inf") for k in systems}
        for _ in range(rounds):
            for k, f in systems.items():
                t0 = time.process_time()
                for t in batch:
                    f(t)
                best[k] = min(best[k], time.process_time() - t0)
        words = sum(len(t.split()) for t in batch) or 1
        print(f"CPU ms per 1,000 syllables, {len(batch)} {name} ({words:,} syllables), best of {rounds}: "
              + "; ".join(f"{k} {v * 1e6 / words:.1f}" for k, v in best.items())
              + f"; entity step / rules {best['entity step (tagger)'] / best['rules alone']:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vntc", type=Path, default=VNTC_DIR, help="folder of the VNTC entity gold (test.jsonl, double.jsonl)")
    ap.add_argument("--tagger", type=Path, default=TAGGER)
    ap.add_argument("--no-sealed", action="store_true", help="skip the sealed test split")
    ap.add_argument("--no-portal", action="store_true", help="skip the portal-style sets (heldout6, heldout7)")
    ap.add_argument("--gold", type=Path, nargs="+", default=GOLD_SETS)
    ap.add_argument("--errors", action="store_true", help="list vnpolicy's false positives and negatives")
    ap.add_argument("--no-underthesea", action="store_true")
    ap.add_argument("--dev", action="store_true",
                    help="only the dev split, per sampling family, with underthesea's ner beside it (never the test split)")
    ap.add_argument("--tagger-speed", action="store_true",
                    help="only time the entity step (rules, tagger, crfsuite decoding) on the first --gold file")
    args = ap.parse_args(argv)
    if args.dev:
        dev_by_family(args.vntc, args.tagger, underthesea=not args.no_underthesea)
        return 0
    if args.tagger_speed:
        tagger_speed(args.gold[0], args.tagger)
        return 0
    if not args.no_sealed and (args.vntc / "test.jsonl").exists():
        sealed(args.vntc, args.tagger, underthesea=not args.no_underthesea)
        print()
    if not args.no_portal:
        portal(args.tagger, underthesea=not args.no_underthesea)
    for path in args.gold:
        report(path, errors=args.errors, underthesea=not args.no_underthesea)
        print()
    if not args.no_underthesea:
        n, ms, ms_u = speed(load_gold(args.gold[0]))
        print(f"speed on {n} syllables: vnpolicy {ms:.1f} ms ({ms / n * 1000:.1f} ms per 1,000 syllables); "
              f"underthesea ner {ms_u:.1f} ms ({ms_u / n * 1000:.1f} ms per 1,000 syllables)")
        print("worst cases (6,000 repetitive syllables): " + "; ".join(f"{name} {ms:.0f} ms" for name, ms in worst_cases()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
