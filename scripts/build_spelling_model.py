"""Build the typo corrector's statistics: ``python scripts/build_spelling_model.py``.

Reads (relative to the repository root):
  * ``../shared/corpora/vntc/train.jsonl.xz`` — VNTC news; every article whose line index
    ``i`` (0-based) has ``i % 10 == 9`` is HELD OUT (never counted) so ``benchmarks/typos.py``
    can measure on text the statistics never saw;
  * ``../shared/corpora/ud_vi_vtb/vi_vtb-ud-train.conllu`` — the UD Vietnamese-VTB *train*
    sentences (``# text =`` lines; never dev, which ``benchmarks/typos.py`` measures on);
  * underthesea's Viet74K word list and pyvi's ``words.txt`` (both ship with those packages);
  * ``vnpolicy/resources/spelling/domain_phrases.txt`` — phrases of government and Party writing.

Writes ``vnpolicy/resources/spelling/``:
  * ``vocab.tsv.gz`` — one syllable a line: key, surface form, count, capitalised-mid-sentence count;
  * ``ngrams.npz`` — sorted bigram and trigram id columns with their counts (numpy, no pickle);
  * ``meta.json`` — sizes, thresholds, the held-out rule.

Only counts are written; no text of the corpus is copied. The syllable ``key`` is the lowercase
syllable with its tone mark taken off and written as a digit (``"tổ"`` → ``"tô3"``), so the old
and new tone placement ("hòa"/"hoà") count as one syllable.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from vnpolicy.text.spelling.model import (  # noqa: E402  (the same tokens and keys as the corrector)
    BOUNDARY,
    COMMA,
    FIRST_ID,
    FORMAT,
    ID_BITS,
    NUM,
    SPECIALS,
    UNK,
    confusion_signature,
    syllable_key,
    tokens,
)

CORPUS = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
UD_TRAIN = ROOT.parent / "shared" / "corpora" / "ud_vi_vtb" / "vi_vtb-ud-train.conllu"
OUT = ROOT / "vnpolicy" / "resources" / "spelling"
GOLD_TYPOS = ROOT / "data" / "gold" / "typos"
HOLDOUT_MOD, HOLDOUT_REST = 10, 9  # article i is held out when i % 10 == 9

CAP_FLAG = 1 << 40  # marks a capitalised-mid-sentence token in the raw stream
MIN_UNIGRAM = 3  # a syllable seen fewer times is <unk>
MIN_BIGRAM = 1  # every bigram seen: "never seen" then means never (a rare real usage seen once keeps its guard)
MIN_TRIGRAM = 2
DICT_WEIGHT = 1  # each dictionary word adds this to its n-grams
PHRASE_WEIGHT = 20  # each domain phrase adds this to its n-grams


class Counts:
    """Token ids assigned on the fly, and the id stream of everything counted."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.unigram: list[int] = [0] * FIRST_ID
        self.capital: list[int] = [0] * FIRST_ID
        self.surface: list[Counter] = [Counter() for _ in range(FIRST_ID)]
        self.stream: list[np.ndarray] = []

    def token_id(self, key: str) -> int:
        i = self.ids.get(key)
        if i is None:
            i = self.ids[key] = len(self.unigram)
            self.unigram.append(0)
            self.capital.append(0)
            self.surface.append(Counter())
        return i

    def add_text(self, text: str, *, weight: int = 1) -> None:
        seq = [BOUNDARY]
        for tok in tokens(unicodedata.normalize("NFC", text)):
            if tok.kind == "w":
                key = syllable_key(tok.text)
                if key is None:
                    seq.append(UNK)
                    continue
                i = self.token_id(key)
                self.unigram[i] += weight
                capitalised = tok.text[0].isupper() and not tok.sentence_start
                if capitalised:
                    self.capital[i] += weight
                if weight == 1 and tok.text.islower():
                    self.surface[i][tok.text] += 1
                seq.append(i + CAP_FLAG if capitalised else i)
            elif tok.kind == "n":
                seq.append(NUM)
            elif tok.kind == "c":
                seq.append(COMMA)
            elif seq[-1] != BOUNDARY:
                seq.append(BOUNDARY)
        if seq[-1] != BOUNDARY:
            seq.append(BOUNDARY)
        arr = np.asarray(seq, dtype=np.int64)
        self.stream.extend([arr] * weight)


def judged_sources(folder: Path = GOLD_TYPOS) -> frozenset[str]:
    """The VNTC files the judged typos and look-alikes come from (``data/gold/typos``): never
    counted, or the statistics would have seen the very typos and look-alikes they are measured on."""
    names = set()
    for part in ("tune", "test", "lookalikes"):
        path = folder / f"{part}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as f:
                names.update(json.loads(line)["source_file"] for line in f if line.strip())
        else:
            print(f"warning: {path} not found: its articles cannot be held out", file=sys.stderr)
    return frozenset(names)


def read_vntc(path: Path, limit: int | None) -> tuple[list[str], int, int]:
    """The training articles, how many were held out (``i % 10 == 9``) and how many more were
    skipped because judged typos or look-alikes come from them."""
    texts, held, judged = [], 0, 0
    skip = judged_sources()
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            if i % HOLDOUT_MOD == HOLDOUT_REST:
                held += 1
                continue
            row = json.loads(line)
            if row["file"] in skip:
                judged += 1
                continue
            texts.append(row["text"])
    return texts, held, judged


def read_ud(path: Path) -> list[str]:
    """The UD train sentences, tokenizer spacing before punctuation undone (as in the benchmark)."""
    import re

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text ="):  # the train file writes "# text =Tôi …"
            text = re.sub(r"\s+([,.;:!?)%…])", r"\1", line[len("# text =") :].strip())
            out.append(re.sub(r"([(“])\s+", r"\1", text))
    return out


def word_lists() -> list[str]:
    """Viet74K (underthesea) and pyvi's word list: multi-syllable words only carry n-grams."""
    import pyvi
    import underthesea

    words = []
    for path in (
        Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt",
        Path(pyvi.__file__).parent / "models" / "words.txt",
    ):
        if path.exists():
            words += [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
        else:
            print(f"warning: word list not found, skipped: {path}", file=sys.stderr)
    return words


def count_ngrams(stream: np.ndarray, n: int, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted packed keys (ID_BITS bits an id) and counts of the n-grams with a syllable inside."""
    parts = [stream[k : len(stream) - n + 1 + k] for k in range(n)]
    keep = np.ones(len(parts[0]), dtype=bool)
    if n == 2:
        keep &= (parts[0] >= FIRST_ID) | (parts[1] >= FIRST_ID)
    else:  # a syllable in the middle, or "syllable , syllable" (lists: "sở, ban, ngành")
        keep &= (parts[1] >= FIRST_ID) | ((parts[1] == COMMA) & (parts[0] >= FIRST_ID) & (parts[2] >= FIRST_ID))
    key = np.zeros(int(keep.sum()), dtype=np.int64)
    for p in parts:
        key = (key << ID_BITS) | p[keep]
    uniq, counts = np.unique(key, return_counts=True)
    sel = counts >= min_count
    return uniq[sel], counts[sel]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--ud", type=Path, default=UD_TRAIN, help="UD-VTB train CoNLL-U (skipped with a warning when missing)")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N corpus lines (quick trial)")
    ap.add_argument("--min-bigram", type=int, default=MIN_BIGRAM, help=f"prune rarer bigrams (default {MIN_BIGRAM})")
    ap.add_argument("--min-trigram", type=int, default=MIN_TRIGRAM, help=f"prune rarer trigrams (default {MIN_TRIGRAM})")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: {args.corpus}: corpus not found (expected ../shared/corpora next to the repository)", file=sys.stderr)
        return 2
    t0 = time.time()
    counts = Counts()
    texts, held, judged = read_vntc(args.corpus, args.limit)
    print(f"VNTC: {len(texts)} articles counted, {held} held out (i % {HOLDOUT_MOD} == {HOLDOUT_REST}), "
          f"{judged} more skipped (sources of the judged typos and look-alikes)")
    n_articles = len(texts)
    for text in texts:
        counts.add_text(text)
    del texts
    ud = read_ud(args.ud) if args.ud.exists() else []
    if not ud:
        print(f"warning: UD train not found, skipped: {args.ud}", file=sys.stderr)
    for text in ud:
        counts.add_text(text)
    print(f"UD-VTB train: {len(ud)} sentences counted")
    n_words = 0
    for word in word_lists():
        counts.add_text(word, weight=DICT_WEIGHT)
        n_words += 1
    phrases_path = OUT / "domain_phrases.txt"
    phrases = [
        line.strip()
        for line in phrases_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for phrase in phrases:
        counts.add_text(phrase, weight=PHRASE_WEIGHT)
    print(f"word lists: {n_words} entries; domain phrases: {len(phrases)}; {time.time() - t0:.0f}s")

    # Prune the vocabulary: rare syllables become <unk>; ids are renumbered by frequency.
    unigram = np.asarray(counts.unigram, dtype=np.int64)
    order = [i for i in np.argsort(-unigram, kind="stable") if i >= FIRST_ID and unigram[i] >= MIN_UNIGRAM]
    # A syllable capitalised mid-sentence (names, "Mặt trận Tổ quốc") is counted apart from its
    # lowercase self: its id is shifted by the vocabulary size, so "Thanh Vân," does not teach
    # the model that lowercase "vân" is often followed by a comma.
    size = FIRST_ID + len(order)
    remap = np.full(len(unigram), UNK, dtype=np.int64)
    remap[:FIRST_ID] = np.arange(FIRST_ID)
    remap[np.asarray(order, dtype=np.int64)] = np.arange(FIRST_ID, size)
    cap_remap = np.where(remap >= FIRST_ID, remap + size, remap)
    keys_by_id = {i: k for k, i in counts.ids.items()}
    raw = np.concatenate(counts.stream)
    capped = raw >= CAP_FLAG
    stream = np.where(capped, cap_remap[np.where(capped, raw - CAP_FLAG, 0)], remap[np.where(capped, 0, raw)])
    del raw, capped
    del counts.stream
    print(f"stream: {len(stream):,} tokens; vocabulary {len(order):,} syllables; {time.time() - t0:.0f}s")

    bi_keys, bi_counts = count_ngrams(stream, 2, args.min_bigram)
    tri_keys, tri_counts = count_ngrams(stream, 3, args.min_trigram)
    uni_special = np.bincount(stream[stream < FIRST_ID], minlength=FIRST_ID)
    print(f"bigrams kept: {len(bi_keys):,}; trigrams kept: {len(tri_keys):,}; {time.time() - t0:.0f}s")

    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out / "vocab.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# key\tsurface\tcount\tcapitalised_mid_sentence\tconfusion_signature\n")
        for i, sid in enumerate(SPECIALS):
            f.write(f"{sid}\t{sid}\t{int(uni_special[i])}\t0\t{sid}\n")
        for old in order:
            key = keys_by_id[old]
            surface = counts.surface[old].most_common(1)[0][0] if counts.surface[old] else key
            sig = confusion_signature(key[:-1])
            f.write(f"{key}\t{surface}\t{int(unigram[old])}\t{int(counts.capital[old])}\t{sig}\n")
    if 2 * size >= 1 << 16:
        raise SystemExit(f"vocabulary too large for 16-bit ids: {size}")
    np.savez_compressed(args.out / "ngrams.npz", **_columns("bigram", bi_keys, 2), bigram_counts=_clip(bi_counts),
                        **_columns("trigram", tri_keys, 3), trigram_counts=_clip(tri_counts))
    meta = {
        "format": FORMAT,
        "id_bits": ID_BITS,
        "capitalised_offset": size,
        "ids": "0-3 specials, 4..size-1 syllables as counted lowercase or sentence-initial, size + id: the same syllable capitalised mid-sentence",
        "keys": "one uint16 id column per n-gram position (<name>_0_delta: differences of the first column; cumsum restores it); rows are sorted",
        "specials": SPECIALS,
        "tokens": int(len(stream)),
        "vocabulary": len(order),
        "bigrams": int(len(bi_keys)),
        "trigrams": int(len(tri_keys)),
        "min_counts": {"unigram": MIN_UNIGRAM, "bigram": args.min_bigram, "trigram": args.min_trigram},
        "weights": {"dictionary_word": DICT_WEIGHT, "domain_phrase": PHRASE_WEIGHT},
        "held_out": f"VNTC train.jsonl.xz line i (0-based) with i % {HOLDOUT_MOD} == {HOLDOUT_REST}",
        "vntc_articles_counted": n_articles,
        "vntc_articles_held_out": held,
        "vntc_articles_judged_skipped": judged,
        "judged_skipped": "VNTC articles whose file is a source_file of data/gold/typos/{tune,test,lookalikes}.jsonl",
        "ud_train_sentences": len(ud),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")
    return 0


def _columns(name: str, keys: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Sorted packed keys as one uint16 column per position (they compress far better); the
    first column is stored as differences, since it only ever grows."""
    mask = (1 << ID_BITS) - 1
    cols = [((keys >> (ID_BITS * (n - 1 - i))) & mask).astype(np.uint16) for i in range(n)]
    out = {f"{name}_0_delta": np.diff(cols[0], prepend=np.uint16(0)).astype(np.uint16)}
    out.update({f"{name}_{i}": cols[i] for i in range(1, n)})
    return out


def _clip(counts: np.ndarray) -> np.ndarray:
    return np.minimum(counts, np.iinfo(np.uint32).max).astype(np.uint32)


if __name__ == "__main__":
    sys.exit(main())
