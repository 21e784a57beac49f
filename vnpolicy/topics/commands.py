"""``vnpolicy classify``, ``train`` and ``evaluate``: topic models from the command line.

Thin over :mod:`vnpolicy.topics`; every problem is a :class:`~vnpolicy.errors.VnpolicyError`
that the dispatcher prints as one line.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "classify",
        description="Print the topic scores of each input as JSON lines (a file, a folder, or - for stdin).",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    p.add_argument("--model", default=None, help="a model file from `vnpolicy train` (default: the shipped model)")
    p.add_argument("--top", type=int, default=None, metavar="N", help="print only the N best topics")
    p.add_argument("--explain", action="store_true",
                   help="also print, for the best topics, the phrases that pushed each one up")
    p.set_defaults(handler=run_classify)

    t = subparsers.add_parser(
        "train",
        description="Train a topic model from labelled texts: a .jsonl (text, label or labels), a .csv/.tsv "
                    "with 'text' and 'label' columns (several labels as \"a|b\", the first is the primary one), "
                    "or a folder with one sub-folder of .txt files per label.",
    )
    t.add_argument("data", metavar="DATA", help="labelled data file or folder")
    t.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write (a .zip)")
    t.add_argument("--multi-label", action="store_true",
                   help="independent probability per label (texts may have several); default: one label per text")
    t.add_argument("--features", choices=("syllable", "word"), default="syllable",
                   help="syllable n-grams (fast, default) or words from vnpolicy.word_tokenize (slower)")
    t.add_argument("--ngrams", default="1-2", metavar="MIN-MAX", help="n-gram range (default 1-2)")
    t.add_argument("--min-df", type=int, default=2, help="drop features seen in fewer texts (default 2)")
    t.add_argument("--max-features", type=int, default=300_000, help="keep the most frequent features (default 300000)")
    t.add_argument("-C", type=float, default=10.0, dest="C", help="inverse regularisation strength (default 10)")
    t.add_argument("--no-calibrate", action="store_true", help="skip fitting the probability temperature")
    t.add_argument("--quiet", action="store_true", help="no progress messages")
    t.set_defaults(handler=run_train)

    e = subparsers.add_parser(
        "evaluate",
        description="Classify labelled texts (same formats as `vnpolicy train`) and print accuracy, macro-F1, "
                    "per-label precision/recall/F1 and a confusion table.",
    )
    e.add_argument("data", metavar="DATA", help="labelled data file or folder")
    e.add_argument("--model", default=None, help="model file (default: the shipped model)")
    e.add_argument("--json", action="store_true", help="print the numbers as JSON")
    e.add_argument("--errors", action="store_true", help="also list the misclassified texts")
    e.set_defaults(handler=run_evaluate)


def run_classify(args: argparse.Namespace) -> int:
    from vnpolicy.read import read_input_texts
    from vnpolicy.topics import TopicInputError, classify, explain, load_model

    model = load_model(args.model)
    failed = 0
    for name, text in read_input_texts(args.inputs):
        try:
            scores = classify(text, model=model)
        except TopicInputError as error:  # one bad input does not stop the others
            print(f"vnpolicy classify: {name}: {error}", file=sys.stderr)
            failed += 1
            continue
        if args.top:
            scores = scores[: args.top]
        record: dict = {"input": name, "topics": [[s, round(v, 4)] for s, v in scores]}
        if args.explain:
            record["explain"] = [e.to_dict() for e in explain(text, model=model, topics=args.top or 3)]
        print(json.dumps(record, ensure_ascii=False))
    return 1 if failed else 0


def _ngram_range(value: str) -> tuple[int, int]:
    from vnpolicy.errors import VnpolicyError

    try:
        lo, _, hi = value.partition("-")
        return int(lo), int(hi or lo)
    except ValueError:
        raise VnpolicyError(f"--ngrams must look like 1-2, got {value!r}") from None


def run_train(args: argparse.Namespace) -> int:
    from vnpolicy.errors import VnpolicyError
    from vnpolicy.topics.features import FeatureSettings
    from vnpolicy.topics.train import data_warnings, read_labelled, train_model

    lo, hi = _ngram_range(args.ngrams)
    try:
        settings = FeatureSettings(analyzer=args.features, ngram_min=lo, ngram_max=hi)
    except ValueError as error:
        raise VnpolicyError(str(error)) from None
    items = read_labelled(args.data)
    if not args.quiet:
        print(f"read {len(items)} labelled texts from {args.data}", file=sys.stderr)
    for note in data_warnings(items):  # shown even with --quiet: the model may be worthless
        print(f"vnpolicy train: warning: {note}", file=sys.stderr)
    model = train_model(items, multi_label=args.multi_label, settings=settings, C=args.C, min_df=args.min_df,
                        max_features=args.max_features, calibrate=not args.no_calibrate, verbose=not args.quiet)
    path = model.save(args.output)
    print(f"wrote {path}: {model!r}")
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from vnpolicy.topics import load_model
    from vnpolicy.topics.evaluate import evaluate
    from vnpolicy.topics.train import read_labelled, unknown_label_warnings

    model = load_model(args.model)
    items = read_labelled(args.data)
    for note in unknown_label_warnings(model, items):
        print(f"vnpolicy evaluate: warning: {note}", file=sys.stderr)
    report = evaluate(model, items)
    if args.json:  # one JSON document, whatever the other options (errors go inside it)
        data = report.to_dict()
        if args.errors:
            data["errors"] = [{"id": rid, "gold": gold, "predicted": pred} for rid, gold, pred in report.errors]
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(report)
    if args.errors:
        print("\nmisclassified (id, gold, predicted):")
        for rid, gold, pred in report.errors:
            print(f"  {rid}\t{gold}\t{pred}")
    return 0
