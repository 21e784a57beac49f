"""Speed of every step, in CPU time on one core, against underthesea on the same articles.

    python benchmarks/speed.py                 # 40 real articles of ~1,400 syllables
    python benchmarks/speed.py --articles 20 --no-f1

Absolute rates on these shared machines move by 2x from run to run, so the numbers that count
are the ratios, measured in the same run on the same input. It prints:

* each step's CPU time per 1,000 syllables (normalize + typos, sentences + words, entities,
  topics) for the default pipeline, and the segmenters alone (vnpolicy, underthesea, the cascade, pyvi);
* the pipeline's other work (reading, alignments, the title, nested entities and places), and a
  table per pipeline of each step's time inside its own runs and the rest ("outside the
  steps"), which sums to its time; and what writing a document out adds in batch runs;
* the whole pipeline in articles per CPU-second, default, with ``disable=["tokenize"]``, and with
  the typo fixes off too (``correct=False``; ``vnpolicy analyze --no-tokens --no-correct``: a
  user who counts entities and topics and reads no corrections);
* underthesea's own pipeline (text_normalize + sent_tokenize + ner) in articles per CPU-second;
* the ratios, and the segmenters' F1 on VLSP 2013 test and UD-VTB dev
  (``benchmarks/word_segmentation.py`` does the scoring).

Articles: real VNTC news (``../shared/corpora/vntc``) joined to about 1,400 syllables each when
present, else the bundled samples in ``data/articles``.
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
VNTC = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
SYLLABLE = re.compile(r"\w+")


def vntc_sample(n: int, every: int, offset: int = 0) -> list[str]:
    """The texts of ``n`` VNTC articles, line ``offset`` of every ``every`` (none without the corpus).

    The equivalence benchmarks share it, so each compares the same articles from run to run."""
    texts: list[str] = []
    if VNTC.exists() and n > 0:
        with lzma.open(VNTC, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % every == offset:
                    texts.append(json.loads(line)["text"])
                    if len(texts) >= n:
                        break
    return texts


def real_articles(n: int, target: int = 1400) -> list[str]:
    """``n`` articles of about ``target`` syllables from VNTC (every 11th item, joined)."""
    texts: list[str] = []
    if VNTC.exists():
        current: list[str] = []
        count = 0
        with lzma.open(VNTC, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 11:
                    continue
                text = json.loads(line)["text"]
                current.append(text)
                count += len(SYLLABLE.findall(text))
                if count >= target:
                    texts.append("\n".join(current))
                    current, count = [], 0
                    if len(texts) >= n:
                        break
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))][:n]
    return texts


def cpu(fn: Callable[[], object], repeats: int = 1) -> float:
    """Least CPU seconds of ``repeats`` runs of ``fn`` (process time: other processes don't count)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def other_pieces(texts: list[str], rounds: int) -> dict[str, float]:
    """CPU seconds of the pipeline's work outside its four steps, piece by piece, on ``texts``:
    reading (``parse_article`` and the body's trace), the body's and title's alignments, the
    title's normalization, nested entities and places (the entity step's work after the tagger)."""
    import vnpolicy
    from vnpolicy.entities.nested import nested_entities
    from vnpolicy.pipeline import _body_trace
    from vnpolicy.places import resolve_places
    from vnpolicy.read import parse_article
    from vnpolicy.text import correct_trace
    from vnpolicy.text.trace import TextTrace

    articles = [parse_article(t) for t in texts]
    traces = [_body_trace(a) for a in articles]
    for trace in traces:
        correct_trace(trace)
    titles = [a.title for a in articles if a.title]
    docs = [vnpolicy.Pipeline(disable=["tokenize"], topics=False)(t) for t in texts]

    def title_step() -> None:
        for title in titles:
            trace = TextTrace(title)
            correct_trace(trace)
            trace.alignment()

    return {
        "read: parse_article + body trace (none)": cpu(lambda: [_body_trace(parse_article(t)) for t in texts], rounds),
        "body alignment (normalize)": cpu(lambda: [t.alignment() for t in traces], rounds),
        f"{len(titles)} title(s): clean + align (normalize)": cpu(title_step, rounds),
        "nested entities + places (entities)": cpu(lambda: [(nested_entities(d.text, d.entities, d.date), resolve_places(d))
                                                  for d in docs], rounds),
    }


def step_breakdown(p, texts: list[str], rounds: int) -> dict[str, float]:
    """CPU seconds of each step of Pipeline ``p`` inside its own runs on ``texts`` (the round
    with the least total kept), then the rest of the run and the whole."""
    from vnpolicy.tokenize import _segment_line

    best: tuple[float, dict[str, float]] | None = None
    original = p.steps
    for _ in range(rounds):
        spent: dict[str, float] = dict.fromkeys((name for name, _ in original), 0.0)

        def timed(name: str, step: Callable, spent: dict[str, float] = spent) -> Callable:
            def run(doc, state) -> None:
                start = time.process_time()
                step(doc, state)
                spent[name] += time.process_time() - start
            return run

        p.steps = [(name, timed(name, step)) for name, step in original]
        try:
            _segment_line.cache_clear()
            start = time.process_time()
            for t in texts:
                p(t)
            total = time.process_time() - start
        finally:
            p.steps = original
        if best is None or total < best[0]:
            best = (total, spent)
    assert best is not None
    total, spent = best
    names = {"normalize": "normalize step (+ alignments, title)", "tokenize": "tokenize step",
             "entities": "entities step (+ nested, places)", "topics": "topics step"}
    return {**{names.get(n, n): v for n, v in spent.items()},
            "outside the steps (reading, Document, …)": total - sum(spent.values()), "= pipeline": total}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--underthesea-articles", type=int, default=10, help="underthesea's ner is slow")
    parser.add_argument("--no-f1", action="store_true", help="skip the segmentation F1 tables")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the segmenter timings (best kept)")
    args = parser.parse_args(argv)

    import vnpolicy
    from vnpolicy.entities import rule_entities
    from vnpolicy.text import correct
    from vnpolicy.tokenize import _segment_line, backend_names, sent_tokenize, word_tokenize
    from vnpolicy.topics import classify

    texts = real_articles(args.articles)
    syllables = sum(len(SYLLABLE.findall(t)) for t in texts)
    k = syllables / 1000
    print(f"{len(texts)} articles, {syllables} syllables ({syllables / len(texts):.0f} per article); CPU time, one core\n")

    from vnpolicy.entities import entity_tagger

    nlp = vnpolicy.Pipeline()
    nlp(texts[0])  # load every model outside the clock
    tagger = entity_tagger(None)
    cleaned = [correct(t).text for t in texts]

    def words(backend: str) -> Callable[[], None]:
        def run() -> None:
            _segment_line.cache_clear()
            for t in cleaned:
                for s in sent_tokenize(t):
                    word_tokenize(s, backend=backend)
        return run

    for backend in backend_names():  # every registered backend
        words(backend)()  # warm
    # Best of the rounds, as for the pipelines below (one pass of the rule extractor also pays
    # its patterns' first compile).
    r = args.rounds
    steps = {
        "normalize + typos": cpu(lambda: [correct(t) for t in texts], r),
        **{f"sentences + words ({backend} backend)": cpu(words(backend), r) for backend in backend_names()},
        "entities (rules)": cpu(lambda: [rule_entities(t) for t in cleaned], r),
        "entities (default: tagger)": cpu(lambda: [tagger.entities(t) for t in cleaned], r) if tagger else 0.0,
        "topics": cpu(lambda: [classify(t) for t in cleaned], r),
    }
    print(f"{'step (best of ' + str(r) + ' rounds)':<44} {'ms CPU / 1,000 syllables':>26}")
    for name, seconds in steps.items():
        print(f"  {name:<42} {1000 * seconds / k:>26.1f}")
    other = other_pieces(texts, r)
    print("  the pipeline's other work, measured alone (the step it is part of):")
    for name, seconds in other.items():
        print(f"    {name:<40} {1000 * seconds / k:>26.1f}")

    from pyvi import ViTokenizer
    from underthesea import ner, text_normalize
    from underthesea import sent_tokenize as u_sent
    from underthesea import word_tokenize as u_words

    segmenters = {
        "vnpolicy segmenter (+ protected spans, lexicon)": words("vnpolicy"),
        "vnpolicy with underthesea backend": words("underthesea"),
        "vnpolicy cascade (own + underthesea where unsure)": words("cascade"),
        "underthesea word_tokenize (plain)": lambda: [u_words(s) for t in cleaned for s in u_sent(t)],
        "pyvi ViTokenizer.tokenize (plain)": lambda: [ViTokenizer.tokenize(s) for t in cleaned for s in u_sent(t)],
    }
    # Best of 3 rounds, the four taking turns: on a shared machine one run of the same work
    # moves by half its time; turns keep a busy spell from landing on one of them only.
    seg = dict.fromkeys(segmenters, float("inf"))
    for _ in range(args.rounds):
        for name, fn in segmenters.items():
            seg[name] = min(seg[name], cpu(fn))
    print(f"\n{'segmenter (best of ' + str(args.rounds) + ' rounds)':<50} {'ms / 1,000 syl':>14}")
    for name, seconds in seg.items():
        print(f"  {name:<48} {1000 * seconds / k:>14.1f}")
    plain = seg["underthesea word_tokenize (plain)"]
    print(f"  vnpolicy segmenter / underthesea word_tokenize CPU: {seg['vnpolicy segmenter (+ protected spans, lexicon)'] / plain:.2f} (goal <= 0.33)")
    print(f"  cascade / underthesea word_tokenize CPU: {seg['vnpolicy cascade (own + underthesea where unsure)'] / plain:.2f}; "
          f"underthesea backend: {seg['vnpolicy with underthesea backend'] / plain:.2f}")

    def pipeline(p) -> Callable[[], None]:
        def run() -> None:
            _segment_line.cache_clear()  # the segmentation runs above left these lines cached
            for t in texts:
                p(t)
        return run

    fast_nlp = vnpolicy.Pipeline(tokenizer="vnpolicy")
    fast_nlp(texts[0])
    lean_nlp = vnpolicy.Pipeline(disable=["tokenize"])
    lean_nlp(texts[0])
    leaner_nlp = vnpolicy.Pipeline(disable=["tokenize"], correct=False)
    leaner_nlp(texts[0])
    # Best of three rounds taken in turns, as for the segmenters: on a shared machine one pass
    # of each can land in a busy moment and move the ratio between them by a third.
    best = {"full": float("inf"), "fast": float("inf"), "lean": float("inf"), "leaner": float("inf")}
    for _ in range(3):
        for key, p in (("full", nlp), ("fast", fast_nlp), ("lean", lean_nlp), ("leaner", leaner_nlp)):
            best[key] = min(best[key], cpu(pipeline(p)))
    full, fast, lean, leaner = best["full"], best["fast"], best["lean"], best["leaner"]
    n_u = min(args.underthesea_articles, len(texts))
    u_texts = texts[:n_u]
    ner(u_texts[0][:200])
    u_cpu = cpu(lambda: [ner(s) for t in u_texts for s in u_sent(text_normalize(t))])
    u_rate = n_u / u_cpu
    print(f"\n{'pipeline':<50} {'articles / CPU-s':>16} {'x underthesea':>14}")
    for name, seconds, n in (("vnpolicy, default (cascade words)", full, len(texts)),
                             ("vnpolicy, tokenizer='vnpolicy'", fast, len(texts)),
                             ("vnpolicy, disable=['tokenize']", lean, len(texts)),
                             ("vnpolicy, disable=['tokenize'], correct=False", leaner, len(texts)),
                             ("underthesea normalize+sent_tokenize+ner", u_cpu, n_u)):
        rate = n / seconds
        print(f"  {name:<48} {rate:>10.2f} {rate / u_rate:>14.1f}")
    print(f"  tokens disabled / default: {full / lean:.2f}x faster (goal >= 2)")
    print(f"  tokens and typo fixes disabled / default: {full / leaner:.2f}x faster")

    # Where each pipeline's time goes, in the same runs: each step timed inside the pipeline
    # (a clock around each step call), and "outside the steps" = the run's time minus the
    # steps' (reading, the Document, bookkeeping). So the rows sum to the pipeline's time.
    parts = [step_breakdown(p, texts, args.rounds) for p in (nlp, fast_nlp, lean_nlp, leaner_nlp)]
    print(f"\n{'inside the pipeline (ms / 1,000 syl)':<44}"
          + "".join(f"{h:>12}" for h in ("default", "vnpolicy", "no tokens", "no tok/typo")))
    for name in dict.fromkeys(n for part in parts for n in part):
        print(f"  {name:<42}" + "".join(f"{1000 * part.get(name, 0.0) / k:>12.1f}" for part in parts))
    # Outside the pipeline: what `vnpolicy analyze` adds per document to write it out.
    docs = [nlp(t) for t in texts]
    to_dict = cpu(lambda: [d.to_dict() for d in docs], args.rounds)
    as_json = cpu(lambda: [json.dumps(d.to_dict(), ensure_ascii=False) for d in docs], args.rounds)
    print(f"  writing out (batch only, not in the pipeline): to_dict {1000 * to_dict / k:.1f}, "
          f"to_dict + JSON {1000 * as_json / k:.1f}")

    if not args.no_f1:
        import word_segmentation as ws

        configs = {
            "vnpolicy segmenter": lambda t: vnpolicy.word_tokenize(t, backend="vnpolicy"),
            "vnpolicy, underthesea": lambda t: vnpolicy.word_tokenize(t, backend="underthesea"),
            "vnpolicy cascade": lambda t: vnpolicy.word_tokenize(t, backend="cascade"),
            "underthesea (plain)": u_words,
            "pyvi (plain)": lambda t: [w.replace("_", " ") for w in ViTokenizer.tokenize(t).split()],
        }
        sets = [("VLSP 2013 test", ws.read_vlsp(ws.vlsp2013_test_path()))]
        if ws.UD_DEV.exists():
            sets.append(("UD-VTB dev", ws.read_conllu(ws.UD_DEV)))
        print(f"\n{'segmentation F1':<22}" + "".join(f"{name:>16}" for name, _ in sets))
        for cname, fn in configs.items():
            row = []
            for _, golds in sets:
                predicted = [fn(" ".join(g)) for g in golds]
                row.append(ws.score(zip(predicted, golds))[2])
            print(f"  {cname:<20}" + "".join(f"{f:>16.2f}" for f in row))


if __name__ == "__main__":
    main()
