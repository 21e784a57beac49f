"""Train vnpolicy's word segmenter (``vnpolicy/resources/tokenize/segmenter.zip``).

Run from the repository root. The shipped model (about 24 CPU-minutes, 3.6 MB)::

    python scripts/build_segmenter.py --silver 200000 --ud-weight 15 --hold-out 5000 --ud-hold-out 150 --bias auto --pretokenizer underthesea

``--bias auto`` chooses the start bias (a constant added to every token's "starts a word"
score, see ``vnpolicy.tokenize.crf_weights``) on the held-out sentences only: the last 5,000
silver sentences and the last 150 UD train sentences, which are not trained on. The bias that
maximises the mean of the two held-out F1 scores is stored in the model file. (UD weight 15 was
chosen over 5 by the same mean: 97.79 against 97.73.)
``--features`` adds optional template groups (``vnpolicy.tokenize.crf.templates``): ``case``
(format 6's case templates and five-shape window) and ``pairs`` (a two-syllable dictionary word
at the left or right neighbour, as underthesea's features have). Neither beat the plain set on
the hold-outs (case: 200,000 silver, mean 97.60 against 97.79; pairs: 50,000 silver, 96.92 both),
so the default is neither, the set the shipped model was trained with. Nor did more silver:
``--silver 300000`` (41 CPU-minutes) held-out silver 98.94 and UD train 96.75 against the
shipped model's 98.76 and 96.94 on the same sentences (mean 97.85 both). Nor did the training
settings, compared on 50,000 silver sentences (held-out silver / UD train F1 at the chosen bias,
mean; measured against the reference cut to the model's tokens, as it was then): the defaults 96.96 / 96.88 (96.92); ``--iterations 300`` 97.02 / 96.72 (96.87);
``--c1 0.01`` 96.74 / 96.97 (96.86); ``--c1 0.15`` 97.08 / 96.74 (96.91); ``--c1 0.3``
97.14 / 96.67 (96.91); ``--c2 0.05`` 96.77 / 96.67 (96.72). A stronger L1 penalty copies the
teacher better and the treebank worse, in step: no setting moves both.
``--pretokenizer underthesea`` cuts the text into underthesea's tokens ("200.000", "C.", "L.T.A",
"e-mail", "300" then "g") instead of ``TOKEN``'s, so that the student can give every word the
teacher gives (with ``TOKEN`` a mark is always a word of its own); the choice is stored in the
model file. The held-out F1 is measured against the reference's own words, not against them
cut to the model's tokens (until 2026-12-02 it was, which hid the words a model's tokens cannot
give: the shipped model's held-out silver / UD train F1 was 98.76 / 96.94 measured that way,
98.29 / 96.38 against the reference's words). On underthesea's tokens the shipped command gave
98.64 / 96.31; with ``--c1 0.15`` 98.69 / 96.06; with ``--features case`` 98.78 / 95.89 (bias 0);
``--silver 300000`` 98.93 / 96.19 on its own held-out sentences, where the shipped model scores
98.74 / 96.31 (a difference of 0.04 in the mean, less than one UD word, for a file a third larger:
not shipped).
Three more tries on 2026-12-03, none shipped (held-out silver / UD train at the chosen bias,
mean; the shipped model: 98.64 / 96.31, 97.48): ``--features case --ud-weight 25`` 98.70 / 95.98
(97.34; more gold did not bring the treebank back); ``--hard-weight 3 --hard-model S50`` (the
silver sentences where a model trained on the first 50,000 disagrees with its teacher, 40,245
of 197,219, counted three times) 98.65 / 96.17 (97.41); and, on 50,000 silver sentences with the
same data and no bias, underthesea's own 43 feature templates (its featurizer's strings) against
this script's: 98.13 / 95.68 (96.91) against 98.02 / 95.89 (96.95). The teacher's features
copy the teacher no better.
``--rebias MODEL.zip`` does that step alone on a model already trained with hold-outs (no
retraining: the same held-out sentences are rebuilt from the model's own settings).

Training data, all of it allowed for this project:
* UD Vietnamese-VTB train (``../shared/corpora/ud_vi_vtb``, CC BY-SA 4.0): gold words, counted
  ``--ud-weight`` times because it is the only hand-segmented text we may train on;
* silver: VNTC sentences (``../shared/corpora/vntc``, MIT) and the project's own portal-style
  articles (``data/topics/articles``), segmented by vnpolicy's underthesea backend, which keeps
  document numbers and domain terms whole. The silver teaches the model underthesea's VLSP 2013
  conventions plus the domain corrections; the gold pulls it towards the treebank.
The VLSP 2013 test sentences in the underthesea wheel and UD dev are never trained on (they are
the benchmark). The dictionary features use underthesea's Viet74K and pyvi's word list (both
ship inside those packages) plus the domain terms, and the dictionary is stored in the model.
Deterministic: the same inputs give the same model file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora"
UD_TRAIN = SHARED / "ud_vi_vtb" / "vi_vtb-ud-train.conllu"
VNTC = SHARED / "vntc" / "train.jsonl.xz"
OUT = ROOT / "vnpolicy" / "resources" / "tokenize" / "segmenter.zip"


def read_conllu_words(path: Path) -> list[list[str]]:
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) > 1 and cols[0].isdigit():
                words.append(cols[1])
    if words:
        sentences.append(words)
    return sentences


def dictionary_words() -> set[str]:
    """Multi-syllable words (folded: lower case, old tone placement) from Viet74K, pyvi, the domain terms."""
    import pyvi
    import underthesea

    from vnpolicy.tokenize.lexicon import fold
    from vnpolicy.tokenize.resources import domain_terms, place_names

    words: set[str] = set()
    for path in (Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt",
                 Path(pyvi.__file__).parent / "models" / "words.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            w = " ".join(fold(x) for x in line.replace("_", " ").split())
            if 2 <= len(w.split()) <= 4:
                words.add(w)
    for term, _ in domain_terms():
        for part in term.split(" | "):
            w = " ".join(fold(x) for x in part.split())
            if 2 <= len(w.split()) <= 4:
                words.add(w)
    for name in place_names():
        if 2 <= len(name.split()) <= 4:
            words.add(" ".join(fold(x) for x in name.split()))
    return words


def silver_texts(n: int) -> list[str]:
    """The portal-style articles and ``n`` VNTC sentences, in a fixed order.

    VNTC articles are read in seven passes (every 7th article, then the next residue, ...), so
    a smaller ``n`` gives a prefix of a larger one's sentences: a silver cache built for 80,000
    sentences is reused, and only the rest is segmented (see ``silver_rows``).
    """
    from vnpolicy import sent_tokenize

    texts: list[str] = []
    for path in sorted((ROOT / "data" / "topics" / "articles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            body = "\n".join(x for x in (row.get("title"), row.get("text")) if x)
            texts += [s for s in sent_tokenize(body) if len(s.split()) >= 4]
    portal = len(texts)
    with lzma.open(VNTC, "rt", encoding="utf-8") as f:
        articles = [json.loads(line)["text"] for line in f]
    for residue in range(7):
        for i in range(residue, len(articles), 7):
            for sent in sent_tokenize(articles[i]):
                if 4 <= len(sent.split()) <= 80:
                    texts.append(sent)
            if len(texts) - portal >= n:
                break
        if len(texts) - portal >= n:
            break
    print(f"silver: {portal} portal-style sentences, {len(texts) - portal} VNTC sentences", file=sys.stderr)
    return texts


def silver_rows(n: int) -> list[list]:
    """``[text, word starts]`` for each silver sentence, cached in the temp folder per ``n``.

    Caches for other ``n`` share a prefix (see ``silver_texts``): their rows are reused.
    """
    from vnpolicy.tokenize import word_spans

    cache = Path(tempfile.gettempdir()) / f"vnpolicy_silver_{n}.jsonl"
    if cache.exists():
        return [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    texts = silver_texts(n)
    rows: list[list] = []
    for other in sorted(Path(tempfile.gettempdir()).glob("vnpolicy_silver_*.jsonl"), key=_cache_size, reverse=True):
        old = [json.loads(line) for line in other.read_text(encoding="utf-8").splitlines()]
        if all(row[0] == text for row, text in zip(old, texts)):  # the largest cache first: most rows reused
            rows = old[:len(texts)]
            print(f"silver: reusing {len(rows)} rows of {other}", file=sys.stderr)
            break
    for text in texts[len(rows):]:
        rows.append([text, sorted(s for s, _ in word_spans(text, backend="underthesea"))])
    cache.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    return rows


def _cache_size(path: Path) -> int:
    """The ``n`` of a silver cache's name (not its name's string order, where "50000" > "200000")."""
    size = path.stem.rpartition("_")[2]
    return int(size) if size.isdigit() else -1


def labelled(text: str, word_starts: set[int], segmenter) -> tuple[list[str], list[bool], list[str]]:
    from vnpolicy.tokenize import line_tokens

    spans, tokens, forced = line_tokens(text, segmenter)
    labels = ["B" if (s in word_starts or f or i == 0) else "I" for i, ((s, _), f) in enumerate(zip(spans, forced))]
    return tokens, forced, labels


def main() -> None:
    from vnpolicy.tokenize.crf import FEATURE_GROUPS, PRETOKENIZERS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silver", type=int, default=80000, help="VNTC sentences of silver data")
    parser.add_argument("--ud-weight", type=int, default=5)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=120)
    parser.add_argument("--hold-out", type=int, default=0,
                        help="last N silver sentences not trained on; their F1 is printed (for choosing settings)")
    parser.add_argument("--ud-hold-out", type=int, default=0,
                        help="last N UD train sentences not trained on; their F1 is printed")
    parser.add_argument("--bias", default="auto",
                        help="start bias: a number, or 'auto' to choose it on the hold-outs (0 without hold-outs)")
    parser.add_argument("--rebias", type=Path, metavar="MODEL",
                        help="no training: choose the bias of this model (trained with hold-outs) and write it to -o")
    parser.add_argument("--features", default="",
                        help=f"optional template groups, comma-separated, of: {', '.join(sorted(FEATURE_GROUPS))} "
                             "(see vnpolicy.tokenize.crf.templates); default none, as the shipped model")
    parser.add_argument("--pretokenizer", default="vnpolicy", choices=PRETOKENIZERS,
                        help="how text is cut into the tokens the model labels (see vnpolicy.tokenize.crf.PRETOKENIZERS)")
    parser.add_argument("--hard-weight", type=int, default=1,
                        help="count a silver sentence this many times where --hard-model's words differ from the silver "
                             "(the student's disagreements with its teacher); 1: no such weighting")
    parser.add_argument("--hard-model", type=Path, default=OUT,
                        help="the model whose disagreements --hard-weight counts (default: the shipped one)")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    groups = frozenset(x for x in args.features.split(",") if x)
    if not groups <= FEATURE_GROUPS:
        parser.error(f"--features: unknown group(s) {', '.join(sorted(groups - FEATURE_GROUPS))}")
    if args.rebias:
        rebias(args.rebias, args.output, args.bias)
        return

    import pycrfsuite

    from vnpolicy.tokenize.crf import Crf, SegmenterModel, token_features

    t0 = time.process_time()
    dictionary = frozenset(dictionary_words())
    segmenter = Crf(pretokenizer=args.pretokenizer)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_items = 0

    def add(text: str, starts: set[int], weight: int = 1) -> None:
        nonlocal n_items
        tokens, forced, labels = labelled(text, starts, segmenter)
        if not tokens:
            return
        feats = token_features(tokens, forced, dictionary, groups)
        for _ in range(weight):
            trainer.append(feats, labels)
            n_items += 1

    ud = [ud_row(words) for words in read_conllu_words(UD_TRAIN)]
    ud_held = ud[len(ud) - args.ud_hold_out:] if args.ud_hold_out else []
    for text, starts in ud[:len(ud) - len(ud_held)]:
        add(text, set(starts), args.ud_weight)
    silver = silver_rows(args.silver)
    held = silver[len(silver) - args.hold_out:] if args.hold_out else []
    hard = hard_sentences(silver[:len(silver) - len(held)], args.hard_model) if args.hard_weight > 1 else set()
    for k, (text, starts) in enumerate(silver[:len(silver) - len(held)]):
        add(text, set(starts), args.hard_weight if k in hard else 1)
    print(f"{n_items} training sequences, features in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)

    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    with tempfile.TemporaryDirectory() as tmp:
        model_path = Path(tmp) / "crf.bin"
        trainer.train(str(model_path))
        crf_bytes = model_path.read_bytes()
        model = SegmenterModel.from_crfsuite(crf_bytes, dictionary, {})
        check_against_crfsuite(model, str(model_path), held[:1000] + ud_held, segmenter, groups)
    info = {"feature_groups": sorted(groups), "pretokenizer": args.pretokenizer, "ud_train_weight": args.ud_weight,
            "silver_vntc_sentences": args.silver, "c1": args.c1, "c2": args.c2,
            "held_out_silver": len(held), "held_out_ud_train": len(ud_held),
            **({"hard_weight": args.hard_weight, "hard_sentences": len(hard)} if hard else {}),
            "iterations": args.iterations, "training_sequences": n_items,
            "sources": "UD Vietnamese-VTB train (gold, CC BY-SA 4.0); VNTC and data/topics/articles sentences "
                       "segmented by vnpolicy's underthesea backend (silver); Viet74K + pyvi words + domain terms"}
    model.info = info
    set_bias(model, args.bias, held, ud_held)
    model.save(args.output)
    digest = hashlib.sha256(args.output.read_bytes()).hexdigest()[:16]
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB, sha256 {digest}) "
          f"in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)


def hard_sentences(rows: list, model_path: Path) -> set[int]:
    """The numbers of the silver sentences whose words ``model_path``'s segmenter does not give:
    where a student still disagrees with its teacher, the examples a further student most needs."""
    from vnpolicy.tokenize import line_tokens
    from vnpolicy.tokenize.crf import Crf, SegmenterModel

    model = SegmenterModel.load(model_path)
    segmenter = Crf(pretokenizer=model.pretokenizer)
    hard = set()
    for k, (text, starts) in enumerate(rows):
        spans, tokens, forced = line_tokens(text, segmenter)
        if not tokens:
            continue
        begins = model.word_starts(tokens, forced)
        got = {s for (s, _), b in zip(spans, begins) if b}
        if got != set(starts) & {s for s, _ in spans}:
            hard.add(k)
    print(f"hard sentences: {len(hard)} of {len(rows)} silver sentences where {model_path.name} differs", file=sys.stderr)
    return hard


BIAS_GRID = [round(-2.0 + 0.05 * i, 2) for i in range(61)]  # -2.00 .. 1.00


def check_against_crfsuite(model, crf_path: str, rows: list, segmenter, groups: frozenset[str]) -> None:
    """The numpy tagger must make crfsuite's decisions (no bias): checked on held-out sentences."""
    import pycrfsuite

    from vnpolicy.tokenize.crf import token_features

    tagger = pycrfsuite.Tagger()
    tagger.open(crf_path)
    differ = 0
    for text, starts in rows:
        tokens, forced, _ = labelled(text, set(starts), segmenter)
        if tokens:
            expected = [tag == "B" for tag in tagger.tag(token_features(tokens, forced, model.dictionary, groups))]
            differ += model.crf.word_starts(tokens, forced) != expected
    print(f"numpy tagger against crfsuite: {differ} of {len(rows)} held-out sentences differ", file=sys.stderr)
    if differ:
        raise SystemExit("the numpy tagger does not make crfsuite's decisions")


def set_bias(model, bias: str, held: list, ud_held: list) -> None:
    """Set ``model``'s start bias: a given number, or the one of :data:`BIAS_GRID` whose mean
    held-out F1 (silver and UD train, each held-out set counted once) is highest."""
    sets = {name: HeldOut(rows, model) for name, rows in (("held-out silver", held), ("held-out UD train", ud_held))
            if rows}
    if bias != "auto":
        model.crf.start_bias = float(bias)
    elif sets:
        means = {b: sum(s.scores(b)[2] for s in sets.values()) / len(sets) for b in BIAS_GRID}
        model.crf.start_bias = max(BIAS_GRID, key=lambda b: (means[b], -abs(b)))  # ties: the smaller bias
        model.info["start_bias_chosen_on"] = f"{', '.join(sets)}: the best mean F1 over {BIAS_GRID[0]} .. {BIAS_GRID[-1]}"
    else:
        model.crf.start_bias = 0.0
    for name, held_out in sets.items():
        for b in sorted({0.0, model.crf.start_bias}):
            p, r, f = held_out.scores(b)
            print(f"{name}: {held_out.n} sentences, bias {b:+.2f}: P {100 * p:.2f} R {100 * r:.2f} F1 {100 * f:.2f}",
                  file=sys.stderr)


class HeldOut:
    """Held-out sentences with their B-minus-I scores computed once, scored under any start bias."""

    def __init__(self, rows: list, model) -> None:
        from vnpolicy.tokenize import line_tokens
        from vnpolicy.tokenize.crf import Crf

        segmenter = Crf(pretokenizer=model.pretokenizer)
        self.n = len(rows)
        self.items = []  # (margins, forced, spans' starts, end, gold words)
        for text, starts in rows:
            spans, tokens, forced = line_tokens(text, segmenter)
            if not tokens:
                continue
            # The reference's own words, not cut to this model's tokens: a word the model's tokens
            # cannot give ("200.000" when "." is a token of its own) counts as missed.
            gold = _words(sorted(set(starts) | {spans[0][0]}), spans[-1][1])
            self.items.append((model.crf.margins(tokens, forced), forced, [s for s, _ in spans], spans[-1][1], gold))
        self.transitions = model.crf.transitions

    def scores(self, bias: float) -> tuple[float, float, float]:
        """Precision, recall and F1 of word spans (fractions) with this start bias."""
        from vnpolicy.tokenize.crf_weights import _viterbi

        hit = n_pred = n_gold = 0
        for margin, forced, starts, end, gold in self.items:
            cut = _viterbi([m + bias for m in margin], self.transitions)
            pred = _words([s for i, (s, c, f) in enumerate(zip(starts, cut, forced)) if c or f or i == 0], end)
            hit += len(pred & gold)
            n_pred += len(pred)
            n_gold += len(gold)
        p, r = hit / n_pred if n_pred else 0.0, hit / n_gold if n_gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


def held_out_rows(info: dict) -> tuple[list, list]:
    """The held-out silver and UD train sentences of a model trained with these settings."""
    ud = [ud_row(words) for words in read_conllu_words(UD_TRAIN)]
    n_ud = info.get("held_out_ud_train", 0)
    silver = silver_rows(info["silver_vntc_sentences"])
    n_silver = info.get("held_out_silver", 0)
    return silver[len(silver) - n_silver:] if n_silver else [], ud[len(ud) - n_ud:] if n_ud else []


def rebias(source: Path, output: Path, bias: str) -> None:
    from vnpolicy.tokenize.crf import SegmenterModel

    t0 = time.process_time()
    model = SegmenterModel.load(source)
    held, ud_held = held_out_rows(model.info)
    if bias == "auto" and not (held or ud_held):
        raise SystemExit(f"{source}: trained without hold-outs, so --bias auto has nothing to choose on")
    set_bias(model, bias, held, ud_held)
    model.save(output)
    digest = hashlib.sha256(output.read_bytes()).hexdigest()[:16]
    print(f"wrote {output} (start bias {model.crf.start_bias:+.2f}, {output.stat().st_size / 1e6:.2f} MB, "
          f"sha256 {digest}) in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)


def ud_row(words: list[str]) -> tuple[str, list[int]]:
    """A gold sentence as text with its words' start offsets."""
    text, starts = "", []
    for w in words:
        if text:
            text += " "
        starts.append(len(text))
        text += w
    return text, starts


def _words(starts: list[int], end: int) -> set[tuple[int, int]]:
    return set(zip(starts, [*starts[1:], end]))


if __name__ == "__main__":
    main()
