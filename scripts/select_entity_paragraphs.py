"""Choose VNTC paragraphs for the entity gold set, so that every label is well represented.

Run from the repository root: ``python scripts/select_entity_paragraphs.py [--n 1050]``. It reads
``../shared/corpora/vntc/train.jsonl.xz`` (never shipped whole) and writes the unmarked batches
the annotators receive to ``data/gold/entities/vntc/work/``: ``ID<TAB>paragraph`` lines, at most
one paragraph per source article. The choice is deterministic (fixed seed, stable hashes).

Why sample by trigger words: in general news most paragraphs hold only people and places, so a
uniform sample would give a few dozen documents and programmes. Each quota below draws
paragraphs that contain a trigger of one label family; the "general" quota keeps plain news in
the set so that the tagger also meets text without triggers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
OUT = ROOT / "data" / "gold" / "entities" / "vntc" / "work"

# label family -> (share of the sample, trigger pattern)
QUOTAS: dict[str, tuple[float, str]] = {
    "legal": (0.20, r"\b(Nghị quyết|Nghị định|Quyết định số|Quyết định \d|Chỉ thị|Thông tư|Luật [A-ZĐ]|Bộ luật|Kết luận số|Công văn|Công điện|Kế hoạch số|Pháp lệnh|Hiệp định)"),
    "org": (0.30, r"\b(Ban [A-ZĐ]|Sở [A-ZĐ]|UBND|Ủy ban|Uỷ ban|Trường [A-ZĐĐtđ]|Bệnh viện|Trung tâm|Công ty|Tập đoàn|Tổng công ty|Hội [A-ZĐ]|Bộ [A-ZĐ]|Cục [A-ZĐ]|Viện [A-ZĐ]|Ngân hàng|Huyện ủy|Tỉnh ủy|Thành ủy|Đảng bộ|Chi bộ)"),
    "program": (0.25, r"\b([Cc]hương trình [A-ZĐ0-9]|[Cc]hương trình mục tiêu|[Pp]hong trào|[Cc]uộc vận động|[Cc]hiến dịch|Đề án|[Dd]ự án [A-ZĐ]|Chiến lược|Quỹ [A-ZĐv]|Năm [A-ZĐ]|Tháng hành động)"),
    "general": (0.25, r""),
}
MIN_CHARS, MAX_CHARS = 160, 650
NAMEY = re.compile(r"(?<=[a-zà-ỹđ,;:] )[A-ZĐÀ-Ỹ][a-zà-ỹđ]+ [A-ZĐÀ-Ỹ]")


def paragraphs(text: str) -> list[str]:
    """Newline paragraphs; a long article without newlines is cut at sentence ends."""
    out = []
    for para in text.split("\n"):
        para = para.strip()
        if len(para) <= MAX_CHARS:
            out.append(para)
            continue
        chunk = ""
        for sent in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\"“])", para):
            if chunk and len(chunk) + 1 + len(sent) > MAX_CHARS:
                out.append(chunk)
                chunk = sent
            else:
                chunk = f"{chunk} {sent}" if chunk else sent
        out.append(chunk)
    return [p for p in out if MIN_CHARS <= len(p) <= MAX_CHARS and "\t" not in p]


def split_of(source_file: str) -> str:
    """train/dev/test by a stable hash of the source article: 70/15/15."""
    h = int(hashlib.sha256(source_file.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if h < 15 else "dev" if h < 30 else "train"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1050, help="paragraphs in all")
    ap.add_argument("--double", type=float, default=0.16, help="share annotated twice")
    ap.add_argument("--annotators", default="A,B,C")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--round", type=int, default=1,
                    help="round 2+: only --families, paragraphs with at least --min-hits triggers, "
                         "articles of earlier rounds excluded, ids continued")
    ap.add_argument("--families", default="", help="comma-separated families for this round (default: all)")
    ap.add_argument("--min-hits", type=int, default=1)
    ap.add_argument("--split", default="", choices=["", "train", "dev", "test"],
                    help="keep only articles that hash to this split (round 4 grew train only, "
                         "so dev and the sealed test stay as they were scored)")
    ap.add_argument("--reuse-articles", action="store_true",
                    help="allow a further, not yet annotated paragraph of an article used in an "
                         "earlier round (round 10: train had only 145 unused programme articles "
                         "left; the split is by article, so a second paragraph stays in its split)")
    args = ap.parse_args()
    families = [f for f in args.families.split(",") if f] or list(QUOTAS)
    earlier = [json.loads(line) for p in sorted(OUT.glob("index*.jsonl")) if args.round > 1
               for line in p.read_text(encoding="utf-8").splitlines()]
    seen_sources = {row["source_file"] for row in earlier} if not args.reuse_articles else set()
    seen_texts = {row["text"] for row in earlier}
    rng = random.Random(args.seed)
    pools: dict[str, list[tuple[str, str, str]]] = {k: [] for k in QUOTAS}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            paras = paragraphs(row["text"])
            if not paras:
                continue
            # one candidate per article and family: the paragraph with most name-like words
            if row["file"] in seen_sources or (args.split and split_of(row["file"]) != args.split):
                continue
            for family, (_, trigger) in QUOTAS.items():
                if family not in families:
                    continue
                hits = [p for p in paras if p not in seen_texts
                        and (not trigger or len(re.findall(trigger, p)) >= args.min_hits)]
                if family == "general" and row["label"] in ("Vi tinh",):
                    continue
                if hits:
                    best = max(hits, key=lambda p: (len(NAMEY.findall(p)), -len(p)))
                    pools[family].append((row["file"], row["label"], best))
    taken: set[str] = set()
    chosen: list[tuple[str, str, str, str]] = []
    total_share = sum(QUOTAS[f][0] for f in families)
    for family in families:
        share = QUOTAS[family][0] / total_share
        pool = pools[family]
        rng.shuffle(pool)
        want = round(args.n * share)
        for source, label, para in pool:
            if want == 0:
                break
            if source in taken:
                continue
            taken.add(source)
            chosen.append((source, label, family, para))
            want -= 1
    rng.shuffle(chosen)
    names = args.annotators.split(",")
    n_double = round(len(chosen) * args.double)
    OUT.mkdir(parents=True, exist_ok=True)
    index = []
    per_annotator: dict[str, list[str]] = {a: [] for a in names}
    for i, (source, label, family, para) in enumerate(chosen):
        pid = f"v{i + 1 + len(earlier):04d}"
        first = names[i % len(names)]
        who = [first] + ([names[(i + 1) % len(names)]] if i < n_double else [])
        for a in who:
            per_annotator[a].append(f"{pid}\t{para}")
        index.append({"id": pid, "source_file": source, "vntc_label": label, "family": family,
                      "split": split_of(source), "annotators": who, "text": para})
    for a, lines in per_annotator.items():
        rng.shuffle(lines)
        for b in range(0, len(lines), 50):
            (OUT / f"batch_{a}_{b // 50 + 1:02d}.txt").write_text("\n".join(lines[b:b + 50]) + "\n", encoding="utf-8")
    with open(OUT / ("index.jsonl" if args.round == 1 else f"index_round{args.round}.jsonl"), "w", encoding="utf-8") as f:
        for row in index:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = {a: len(v) for a, v in per_annotator.items()}
    splits = {s: sum(r["split"] == s for r in index) for s in ("train", "dev", "test")}
    print(f"{len(index)} paragraphs ({n_double} double); per annotator {counts}; splits {splits}")


if __name__ == "__main__":
    main()
