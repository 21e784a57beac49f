"""``vnpolicy entities``: the entities of a file or stdin, one JSON object a line; and
``vnpolicy entities train GOLD.jsonl -o MODEL`` / ``vnpolicy entities evaluate GOLD.jsonl`` on
the user's own annotations (JSON Lines of ``{"text", "entities": [[start, end, LABEL], …]}``)."""

from __future__ import annotations

import argparse
import json
import sys

_SUBCOMMANDS = ("train", "evaluate")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "entities",
        description="Print the entities of each input as JSON lines (a file, a folder, or - for stdin). "
                    "`vnpolicy entities train GOLD.jsonl -o MODEL` trains a tagger on your annotations; "
                    "`vnpolicy entities evaluate GOLD.jsonl [--model MODEL]` scores one (see --help of each).",
    )
    p.add_argument("--model", metavar="MODEL", default=None,
                   help='entity tagger from `vnpolicy entities train`, or "rules" (default: the shipped default)')
    p.add_argument("--nested", action="store_true", help="also print the parts nested in entities (issuer, date, place)")
    p.add_argument("inputs", nargs=argparse.REMAINDER, metavar="PATH",
                   help="file, folder, or - for stdin; or `train …` / `evaluate …`")
    p.set_defaults(handler=run)


def _train_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vnpolicy entities train",
                                description="Train a CRF entity tagger (the rules are its features) on gold JSONL.")
    p.add_argument("gold", metavar="GOLD.jsonl", help='training paragraphs: {"text", "entities": [[start, end, LABEL], …]}')
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="the model file to write (a .zip)")
    p.add_argument("--dev", metavar="DEV.jsonl", help="paragraphs to report scores on after training (not trained on)")
    p.add_argument("--c1", type=float, default=None, help="L1 regularisation (default: train_tagger's, 0.02)")
    p.add_argument("--c2", type=float, default=None, help="L2 regularisation (default: train_tagger's, 0.05)")
    p.add_argument("--iterations", type=int, default=200, help="L-BFGS iterations (default 200)")
    return p


def _evaluate_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vnpolicy entities evaluate",
                                description="Per-label precision, recall and F1 (exact span and overlap) on gold JSONL.")
    p.add_argument("gold", metavar="GOLD.jsonl", help='paragraphs: {"text", "entities": [[start, end, LABEL], …]}')
    p.add_argument("--model", metavar="MODEL", default=None,
                   help='entity tagger from `vnpolicy entities train`, or "rules" (default: the shipped default)')
    return p


def run(args: argparse.Namespace) -> int:
    if not args.inputs:
        print("vnpolicy entities: error: give a PATH, - for stdin, or `train`/`evaluate`", file=sys.stderr)
        return 2
    if args.inputs[0] == "train":
        return _train(_train_parser().parse_args(args.inputs[1:]))
    if args.inputs[0] == "evaluate":
        return _evaluate(_evaluate_parser().parse_args(args.inputs[1:]))
    from vnpolicy.pipeline import Pipeline
    from vnpolicy.read import read_input_texts

    nlp = Pipeline(topics=False, entity_model=args.model)
    for name, text in read_input_texts(args.inputs):
        doc = nlp(text, source=name)
        for e in doc.entities:
            print(json.dumps({"input": name, **e.to_dict()}, ensure_ascii=False))
        if args.nested:
            for e in doc.nested:
                print(json.dumps({"input": name, "nested": True, **e.to_dict()}, ensure_ascii=False))
    return 0


def _train(a: argparse.Namespace) -> int:
    from vnpolicy.entities.gold import read_gold, score
    from vnpolicy.entities.tagger import train_tagger

    gold = read_gold(a.gold)
    weights = {k: v for k, v in (("c1", a.c1), ("c2", a.c2)) if v is not None}  # one default: train_tagger's
    tagger = train_tagger(gold, **weights, max_iterations=a.iterations, info={"train_file": a.gold})
    path = tagger.save(a.output)
    print(f"trained on {len(gold)} paragraphs ({sum(len(p.spans) for p in gold)} entities) -> {path}")
    if a.dev:
        print(score(read_gold(a.dev), tagger.entity_spans).table())
    return 0


def _evaluate(a: argparse.Namespace) -> int:
    from vnpolicy.entities import entity_tagger, rule_entities
    from vnpolicy.entities.gold import read_gold, score

    gold = read_gold(a.gold)
    tagger = entity_tagger(a.model)
    if tagger is None:
        predict = lambda text: [(e.start, e.end, e.label) for e in rule_entities(text)]  # noqa: E731
    else:
        predict = tagger.entity_spans
    print(f"{a.gold}: {len(gold)} paragraphs, {sum(len(p.spans) for p in gold)} entities; "
          f"model: {'rules' if tagger is None else tagger.path}")
    print(score(gold, predict).table())
    return 0
