#!/usr/bin/env python
"""Build the judged real-typo gold set from mined candidates and the judge's verdicts.

Why: the raw VNTC text stays out of the project, so the gold files are rebuilt from two inputs:
the candidates that ``scripts/mine_typo_candidates.py`` wrote to a temp folder (short verbatim
contexts with offsets), and ``judgments.tsv`` here (one verdict a line, written by the judge).

    python scripts/mine_typo_candidates.py /tmp/typogold_mine --articles 3000 --seed 11
    python scripts/mine_typo_candidates.py /tmp/typogold_mine2 --articles 3000 --seed 12 \
        --finders realword,missing_word --realword-min 20 --realword-here 2
    python data/gold/typos/build.py /tmp/typogold_mine/candidates.jsonl /tmp/typogold_mine2/candidates.jsonl

``judgments.tsv`` lines are ``cid|verdict|...`` (``#judged`` lines record which candidates
were read; a candidate read but given no line was rejected):

- ``cid|t[|right[|kind[|wrong]]]`` a real typo; ``right`` defaults to the finder's suggestion,
  ``kind`` is inferred when left out, ``wrong`` widens/narrows the span (found in the context
  overlapping the candidate).
- ``cid|+|wrong|right|kind`` a further typo the judge saw in the same context.
- ``cid|gap|text before the gap|missing words`` a word left out (``wrong`` is "").
- ``cid|l|why`` the candidate is correct as written: a look-alike for false-alarm counts.
- ``cid|d`` part of a passage typed without diacritics (not a one-syllable typo).

Writes ``tune.jsonl`` / ``test.jsonl`` (split by a hash of the source file), ``lookalikes.jsonl``
and ``stats.json`` beside this script, then validates them.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from validate import validate  # noqa: E402

KINDS = ("spacing", "glued", "repeated", "letter", "tone", "dd", "no_diacritics", "missing_word", "other")
WHY = {
    "name": "a proper name (person, place, team, product) written as its owners write it",
    "foreign": "a foreign word or name kept in its own spelling",
    "loan": "a loanword in an accepted Vietnamese spelling",
    "variant": "an accepted spelling variant",
    "dialect": "a regional or colloquial word, correct as written",
    "rare": "a rare but correct word",
    "idiom": "part of a fixed saying, correct as written",
    "context": "a real word that is the right one in this context",
    "redup": "a legitimate reduplication or a word repeated across a word boundary",
}
MAX_SPACING_SHARE = 0.30
MAX_LOOKALIKES_PER_FORM = 2


def strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in d if not unicodedata.combining(ch)))


def infer_kind(wrong: str, right: str) -> str:
    if wrong == "":
        return "missing_word"
    if wrong.replace(" ", "") == right.replace(" ", ""):
        return "glued" if " " not in wrong and " " in right else "spacing"
    words = wrong.split()
    for i in range(len(words) - 1):
        if words[i].lower() == words[i + 1].lower() and " ".join(words[:i] + words[i + 1 :]) == right:
            return "repeated"
    if strip_marks(wrong) == strip_marks(right):
        if wrong.replace("đ", "d").replace("Đ", "D") == right.replace("đ", "d").replace("Đ", "D"):
            return "dd"
        if wrong.isascii() and len(words) > 2:
            return "no_diacritics"
        return "tone"
    return "letter"


def locate(context: str, text: str, near: int) -> int:
    """Start of the occurrence of ``text`` in ``context`` closest to ``near`` (-1 if none)."""
    best, pos = -1, context.find(text)
    while pos >= 0:
        if best < 0 or abs(pos - near) < abs(best - near):
            best = pos
        pos = context.find(text, pos + 1)
    return best


def split_of(source_file: str) -> str:
    return "tune" if int(hashlib.sha1(source_file.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def item_id(source_file: str, start: int, end: int) -> str:
    return "vntc-" + hashlib.sha1(f"{source_file}|{start}|{end}".encode()).hexdigest()[:12]


def build(candidates_paths: list[Path], judgments_path: Path) -> dict:
    cands = {}
    for candidates_path in candidates_paths:
        for line in candidates_path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            cands.setdefault(row["cid"], row)
    judged: list[str] = []
    typos: dict[tuple, dict] = {}
    looks: dict[tuple, dict] = {}
    verdicts: dict[str, str] = {}
    for raw in judgments_path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        if raw.startswith("#judged "):
            judged.extend(raw.split()[1].split(","))
            continue
        if raw.startswith("#"):
            continue
        parts = raw.split("|")
        cid, verdict = parts[0], parts[1]
        c = cands.get(cid)
        if c is None:
            raise SystemExit(f"{judgments_path}: unknown candidate id {cid!r}")
        ctx, base = c["context"], c["abs_start"] - c["start"]
        if verdict in ("t", "+", "gap"):
            if verdict == "t":
                right = parts[2] if len(parts) > 2 and parts[2] else c["suggestion"]
                kind = parts[3] if len(parts) > 3 and parts[3] else ""
                if len(parts) > 4 and parts[4]:
                    s = locate(ctx, parts[4], c["start"])
                    if s < 0 or s > c["end"] or s + len(parts[4]) < c["start"]:
                        raise SystemExit(f"{judgments_path}: {cid}: span {parts[4]!r} not found around the candidate")
                    e = s + len(parts[4])
                else:
                    s, e = c["start"], c["end"]
                verdicts[cid] = "typo"
                if right == c["suggestion"] and (s, e) == (c["start"], c["end"]):
                    verdicts[cid] = "typo_as_proposed"
            elif verdict == "+":
                wrong, right, kind = parts[2], parts[3], parts[4]
                s = locate(ctx, wrong, c["start"])
                if s < 0:
                    raise SystemExit(f"{judgments_path}: {cid}: extra span {wrong!r} not in the context")
                e = s + len(wrong)
            else:
                before, right, kind = parts[2], parts[3], "missing_word"
                s = locate(ctx, before, c["start"])
                if s < 0:
                    raise SystemExit(f"{judgments_path}: {cid}: gap anchor {before!r} not in the context")
                s = e = s + len(before)
            if not right:
                raise SystemExit(f"{judgments_path}: {cid}: no right form")
            wrong = ctx[s:e]
            kind = kind or infer_kind(wrong, right)
            if kind not in KINDS:
                raise SystemExit(f"{judgments_path}: {cid}: unknown kind {kind!r}")
            key = (c["source_file"], base + s, base + e)
            item = {
                "id": item_id(*key),
                "source_file": c["source_file"],
                "context": ctx,
                "start": s,
                "end": e,
                "wrong": wrong,
                "right": right,
                "kind": kind,
            }
            if not unicodedata.is_normalized("NFC", ctx):
                item["nfc"] = False
            typos.setdefault(key, item)
        elif verdict == "l":
            why = parts[2]
            if why not in WHY:
                raise SystemExit(f"{judgments_path}: {cid}: unknown look-alike reason {why!r}")
            verdicts[cid] = "lookalike"
            key = (c["source_file"], c["abs_start"], c["abs_end"])
            item = {
                "id": item_id(*key),
                "source_file": c["source_file"],
                "context": ctx,
                "start": c["start"],
                "end": c["end"],
                "form": c["wrong"],
                "why": why,
                "why_text": WHY[why],
            }
            if not unicodedata.is_normalized("NFC", ctx):
                item["nfc"] = False
            looks.setdefault(key, item)
        elif verdict == "d":
            verdicts[cid] = "no_diacritics_passage"
        else:
            raise SystemExit(f"{judgments_path}: {cid}: unknown verdict {verdict!r}")
    judged_set = set(judged)
    for cid in judged_set:
        verdicts.setdefault(cid, "rejected")
    # At most MAX_SPACING_SHARE of the typos may be spacing faults: drop the surplus by id order.
    items = sorted(typos.values(), key=lambda r: r["id"])
    spacing = [r for r in items if r["kind"] == "spacing"]
    others = len(items) - len(spacing)
    keep_spacing = int(MAX_SPACING_SHARE * others / (1 - MAX_SPACING_SHARE))
    dropped = {r["id"] for r in sorted(spacing, key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())[keep_spacing:]}
    items = [r for r in items if r["id"] not in dropped]
    # Look-alikes: at most MAX_LOOKALIKES_PER_FORM per form, so one name does not dominate.
    per_form: collections.Counter = collections.Counter()
    look_items = []
    for r in sorted(looks.values(), key=lambda r: r["id"]):
        f = r["form"].lower()
        if per_form[f] < MAX_LOOKALIKES_PER_FORM:
            per_form[f] += 1
            look_items.append(r)
    halves = {"tune": [], "test": []}
    for r in items:
        halves[split_of(r["source_file"])].append(r)
    for name, rows in halves.items():
        write_jsonl(HERE / f"{name}.jsonl", rows)
    write_jsonl(HERE / "lookalikes.jsonl", look_items)
    corr = [cid for cid in judged_set if any(f.startswith("corrector") for f in cands[cid]["finders"])]
    corr_v = collections.Counter(verdicts[cid] for cid in corr)
    finder_v: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for cid in judged_set:
        finder_v[cands[cid]["finders"][0].split(":")[0]][verdicts[cid]] += 1
    bands: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for cid in corr:
        conf = max(float(f.split(":")[1]) for f in cands[cid]["finders"] if f.startswith("corrector:"))
        band = "confidence >= 0.9 (the default threshold)" if conf >= 0.9 else "0.5 <= confidence < 0.9"
        bands[band]["proposals"] += 1
        bands[band]["fixed_as_proposed"] += verdicts[cid] == "typo_as_proposed"
    stats = {
        "candidates_mined": len(cands),
        "candidates_judged": len(judged_set),
        "verdicts": dict(collections.Counter(verdicts[c] for c in judged_set)),
        "verdicts_by_first_finder": {k: dict(v) for k, v in sorted(finder_v.items())},
        "typos_total": len(items),
        "typos_extra_seen_in_context": len(typos) - sum(1 for c in judged_set if verdicts[c].startswith("typo")),
        "spacing_dropped_over_cap": len(dropped),
        "per_kind_per_split": {
            name: dict(sorted(collections.Counter(r["kind"] for r in rows).items())) for name, rows in halves.items()
        },
        "lookalikes": len(look_items),
        "lookalikes_per_why": dict(sorted(collections.Counter(r["why"] for r in look_items).items())),
        "corrector_low_threshold": {
            "proposals_judged": len(corr),
            "real_typo_fixed_as_proposed": corr_v["typo_as_proposed"],
            "real_typo_other_fix": corr_v["typo"],
            "in_text_without_diacritics": corr_v["no_diacritics_passage"],
            "correct_as_written": corr_v["lookalike"] + corr_v["rejected"],
            "precision": round(corr_v["typo_as_proposed"] / len(corr), 3) if corr else None,
            "by_confidence": {
                b: dict(v, precision=round(v["fixed_as_proposed"] / v["proposals"], 3)) for b, v in sorted(bands.items())
            },
        },
    }
    (HERE / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return stats


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in sorted(rows, key=lambda r: r["id"]):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("candidates", type=Path, nargs="+", help="candidates.jsonl files written by scripts/mine_typo_candidates.py")
    ap.add_argument("--judgments", type=Path, default=HERE / "judgments.tsv")
    args = ap.parse_args()
    stats = build(args.candidates, args.judgments)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    errors = validate(HERE)
    if errors:
        print("\n".join(errors))
        raise SystemExit(1)
    print("valid")


if __name__ == "__main__":
    main()
