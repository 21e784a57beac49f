"""Train vnpolicy's word segmenter (``vnpolicy/resources/tokenize/segmenter.zip``).

Run from the repository root: ``python scripts/build_segmenter.py [--silver 30000]``.

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
    """``n`` VNTC sentences (every k-th article, fixed order) and the portal-style articles."""
    from vnpolicy import sent_tokenize

    texts: list[str] = []
    for path in sorted((ROOT / "data" / "topics" / "articles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            body = "\n".join(x for x in (row.get("title"), row.get("text")) if x)
            texts += [s for s in sent_tokenize(body) if len(s.split()) >= 4]
    portal = len(texts)
    with lzma.open(VNTC, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 7:
                continue
            for sent in sent_tokenize(json.loads(line)["text"]):
                if 4 <= len(sent.split()) <= 80:
                    texts.append(sent)
            if len(texts) - portal >= n:
                break
    print(f"silver: {portal} portal-style sentences, {len(texts) - portal} VNTC sentences", file=sys.stderr)
    return texts


def labelled(text: str, word_starts: set[int], segmenter) -> tuple[list[str], list[bool], list[str]]:
    from vnpolicy.tokenize import line_tokens

    spans, tokens, forced = line_tokens(text, segmenter)
    labels = ["B" if (s in word_starts or f or i == 0) else "I" for i, ((s, _), f) in enumerate(zip(spans, forced))]
    return tokens, forced, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silver", type=int, default=30000, help="VNTC sentences of silver data")
    parser.add_argument("--ud-weight", type=int, default=3)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()

    import pycrfsuite

    from vnpolicy.tokenize import word_spans
    from vnpolicy.tokenize.crf import Crf, SegmenterModel, token_features

    t0 = time.process_time()
    dictionary = frozenset(dictionary_words())
    segmenter = Crf()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_items = 0

    def add(text: str, starts: set[int], weight: int = 1) -> None:
        nonlocal n_items
        tokens, forced, labels = labelled(text, starts, segmenter)
        if not tokens:
            return
        feats = token_features(tokens, forced, dictionary)
        for _ in range(weight):
            trainer.append(feats, labels)
            n_items += 1

    for words in read_conllu_words(UD_TRAIN):
        text, starts = "", set()
        for w in words:
            if text:
                text += " "
            starts.add(len(text))
            text += w
        add(text, starts, args.ud_weight)
    cache = Path(tempfile.gettempdir()) / f"vnpolicy_silver_{args.silver}.jsonl"
    if cache.exists():  # the silver labels take minutes to make; features change more often
        silver = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    else:
        silver = [[text, sorted(s for s, _ in word_spans(text, backend="underthesea"))]
                  for text in silver_texts(args.silver)]
        cache.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in silver), encoding="utf-8")
    for text, starts in silver:
        add(text, set(starts))
    print(f"{n_items} training sequences, features in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)

    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    with tempfile.TemporaryDirectory() as tmp:
        model_path = Path(tmp) / "crf.bin"
        trainer.train(str(model_path))
        crf_bytes = model_path.read_bytes()
    info = {"ud_train_weight": args.ud_weight, "silver_vntc_sentences": args.silver, "c1": args.c1, "c2": args.c2,
            "iterations": args.iterations, "training_sequences": n_items,
            "sources": "UD Vietnamese-VTB train (gold, CC BY-SA 4.0); VNTC and data/topics/articles sentences "
                       "segmented by vnpolicy's underthesea backend (silver); Viet74K + pyvi words + domain terms"}
    model = SegmenterModel(crf_bytes=crf_bytes, dictionary=dictionary, info=info)
    model.save(args.output)
    digest = hashlib.sha256(args.output.read_bytes()).hexdigest()[:16]
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB, sha256 {digest}) "
          f"in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)


if __name__ == "__main__":
    main()
