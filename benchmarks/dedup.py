#!/usr/bin/env python
"""Near-duplicate detection (vnpolicy.dedup): precision/recall of pairs, and its cost.

Corpus: ``--base`` VNTC articles (MIT, ../shared/corpora/vntc), every section, ≥150 syllables,
taken at a fixed stride. Pairs the detector finds *inside* this base with an exact shingle
Jaccard ≥ the threshold are real republications already in VNTC: one article of each is
dropped, so the base has no known near-duplicate. Then ``--planted`` of them get 1–3
republished copies each, with the edits portals make: an edited title (first sentence),
an added byline or source line, trimmed paragraphs (up to ~30% of the words, from the end or
the middle) and a few changed words or figures. The true pairs are all pairs inside one planted
group; precision and recall are over pairs.

Cost: ``mark_jsonl_duplicates`` (the post-pass ``vnpolicy analyze`` runs) on a JSON Lines file
of fully analysed documents, against the CPU time of analysing those documents (one process,
``time.process_time``; both per document, the ratio is what counts on a shared machine). The
clustering on the whole planted corpus is timed too, to show it stays linear.

    python benchmarks/dedup.py [--base 3000] [--planted 400] [--analyse 40] [--seed 13]
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import re
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnpolicy.dedup import THRESHOLD, cluster_documents, mark_jsonl_duplicates, shingle_hashes, signature, similar_pairs  # noqa: E402
from vnpolicy.document import Document  # noqa: E402

VNTC = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
BYLINES = ["Nguyễn Văn Thành", "Thanh Hà (Trung tâm Văn hóa - Thông tin huyện)", "Minh Khang - Hữu Nghĩa",
           "Theo Báo Đồng Tháp", "Nguồn: Cổng TTĐT tỉnh Nghệ An", "Quang Dũng (Đài Truyền thanh xã)"]
PREFIXES = ["(Cổng TTĐT huyện) - ", "(Báo Quảng Ninh) - ", "TIN TỨC - SỰ KIỆN | ", "(ĐCSVN) - "]
TITLE_WORDS = ["Tin", "Bài", "Cập nhật:", "Nhìn lại", "Xem thêm:"]


def read_base(n: int) -> list[str]:
    texts = []
    with lzma.open(VNTC, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 7:  # a fixed stride through every section
                continue
            text = json.loads(line)["text"]
            if len(text.split()) >= 150:
                texts.append(text)
            if len(texts) >= n:
                break
    return texts


def exact_jaccard(a: str, b: str) -> float:
    x, y = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(x & y) / len(x | y) if x | y else 0.0


def drop_existing_duplicates(texts: list[str]) -> tuple[list[str], int]:
    pairs = similar_pairs([signature(t) for t in texts])
    drop = {j for i, j in pairs if exact_jaccard(texts[i], texts[j]) >= THRESHOLD}
    return [t for k, t in enumerate(texts) if k not in drop], len(drop)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+|\n+", text) if s.strip()]


def republish(text: str, rng: random.Random) -> str:
    """One portal's copy: edited title, byline or source, trimmed, a few words changed."""
    parts = _sentences(text)
    words = parts[0].split()
    cut = min(len(words), rng.randint(6, 14))  # the title is the start of the first line
    title = words[:cut]
    if title:
        title[rng.randrange(len(title))] = rng.choice(["mới", "tiếp tục", "tích cực", "đẩy mạnh"])
    parts[0] = " ".join([rng.choice(TITLE_WORDS), *title, *words[cut:]])
    if len(parts) > 3 and rng.random() < 0.8:  # trim up to ~30% of the words
        budget = int(0.3 * len(text.split()) * rng.uniform(0.3, 1.0))
        middle = rng.random() < 0.4
        while budget > 0 and len(parts) > 3:
            k = rng.randrange(1, len(parts) - 1) if middle else len(parts) - 1
            budget -= len(parts[k].split())
            if budget < 0:
                break
            del parts[k]
    body = " ".join(parts)
    tokens = body.split()
    for _ in range(max(1, len(tokens) // 60) if rng.random() < 0.6 else 0):  # changed words and figures
        k = rng.randrange(len(tokens))
        tokens[k] = str(rng.randint(2, 999)) if tokens[k][:1].isdigit() else rng.choice(["các", "những", "đã", "sẽ"])
    body = " ".join(tokens)
    if rng.random() < 0.5:
        body = rng.choice(PREFIXES) + body
    if rng.random() < 0.8:
        body += "\n" + rng.choice(BYLINES)
    return body


def build(args: argparse.Namespace) -> tuple[list[str], set[tuple[int, int]], int]:
    rng = random.Random(args.seed)
    base, dropped = drop_existing_duplicates(read_base(args.base))
    texts = list(base)
    groups = []
    for original in rng.sample(range(len(base)), min(args.planted, len(base))):
        group = [original]
        for _ in range(rng.randint(1, 3)):
            texts.append(republish(base[original], rng))
            group.append(len(texts) - 1)
        groups.append(group)
    order = list(range(len(texts)))
    rng.shuffle(order)  # copies are not next to their original
    position = {old: new for new, old in enumerate(order)}
    shuffled = [texts[old] for old in order]
    truth = {tuple(sorted((position[a], position[b]))) for g in groups for a, b in combinations(g, 2)}
    return shuffled, truth, dropped


def cost(n: int) -> tuple[float, float, int]:
    """CPU seconds per document: analysing it, and the dedup post-pass over its output line."""
    import vnpolicy

    texts = read_base(n)
    nlp = vnpolicy.Pipeline()
    nlp("Khởi động.")  # models loaded before timing
    t0 = time.process_time()
    docs = [nlp(t, source=f"vntc/{i}.txt") for i, t in enumerate(texts)]
    analyse = time.process_time() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"input": d.source, "input_rows": 1, "status": "ok", **d.to_dict()},
                                    ensure_ascii=False) + "\n")
        t0 = time.process_time()
        mark_jsonl_duplicates(path)
        dedup = time.process_time() - t0
    return analyse / n, dedup / n, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=int, default=3000)
    ap.add_argument("--planted", type=int, default=400)
    ap.add_argument("--analyse", type=int, default=40, help="articles fully analysed for the cost ratio")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    if not VNTC.exists():
        raise SystemExit(f"{VNTC}: not found")
    texts, truth, dropped = build(args)
    docs = [Document(raw="", text=t, source=str(i)) for i, t in enumerate(texts)]
    t0 = time.process_time()
    clusters = cluster_documents(docs)
    seconds = time.process_time() - t0
    found = {tuple(sorted((a, b))) for c in clusters for a, b in combinations(c.members, 2)}
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    print(f"corpus: {len(texts)} articles; {dropped} near-duplicates already in the VNTC sample were removed first")
    print(f"planted: {args.planted} stories republished, {len(truth)} true pairs")
    print(f"found: {len(found)} pairs in {sum(len(c.members) > 1 for c in clusters)} clusters; "
          f"true positives {tp}")
    print(f"precision {precision:.4f}  recall {recall:.4f}  (threshold {THRESHOLD})")
    print(f"clustering {len(texts)} articles: {seconds:.2f} s CPU ({1000 * seconds / len(texts):.2f} ms/article)")
    analyse, dedup, n = cost(args.analyse)
    print(f"cost on {n} fully analysed VNTC articles: analysis {1000 * analyse:.1f} ms CPU/article, "
          f"dedup post-pass {1000 * dedup:.2f} ms CPU/article: +{100 * dedup / analyse:.1f}% of analysis time")


if __name__ == "__main__":
    main()
