"""Near-duplicate articles: one story republished by province, district and newspaper portals.

Standard MinHash/LSH (Broder 1997; Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
ch. 3): each article is the set of its overlapping ``SHINGLE``-syllable shingles (case, tone
style and punctuation folded away); 128 seeded hash permutations give a signature whose
agreement estimates the Jaccard similarity; banding (42 bands of 3 rows) proposes candidate
pairs, and a candidate is kept when its estimated similarity reaches ``threshold`` (0.5 by
default: a copy with a new title, an added byline and a trimmed paragraph stays well above it;
two different reports in the same template stay well below). Pairs are joined into clusters.

Every document gets ``meta["cluster_id"]`` (the id of the cluster's canonical document) and
``meta["is_canonical"]``: the earliest dated copy, then the most complete (longest), then the
first seen. Signatures are plain numpy (crc32 of syllables, a 64-bit polynomial shingle hash,
universal hashing mod the Mersenne prime 2^61-1, as datasketch), the same in every process and on every
machine, so the result does not depend on workers or Dask. This module reads Documents and
their ``text``; it never runs a pipeline step.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vnpolicy.document import Document

SHINGLE = 4
NUM_PERM = 126
BANDS = 42  # rows per band = NUM_PERM // BANDS = 3
THRESHOLD = 0.5
MAX_BUCKET = 1000
_PRIME = np.uint64((1 << 61) - 1)
_SYLLABLE = re.compile(r"\w+")
_rng = np.random.default_rng(20260501)  # fixed: signatures must agree across runs and machines
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)


def _fold(text: str) -> str:
    from vnpolicy.topics.features import fold

    return fold(text)


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """The distinct hashes of the ``k``-syllable shingles of ``text`` (folded).

    >>> len(shingle_hashes("Ủy ban nhân dân tỉnh Đồng Tháp")), len(shingle_hashes("ỦY BAN nhân dân, tỉnh Đồng Tháp"))
    (4, 4)
    """
    ids = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in _SYLLABLE.findall(_fold(text))), dtype=np.uint64)
    if ids.size == 0:
        return ids
    if ids.size < k:  # a very short text is one shingle
        k = ids.size
    h = np.zeros(ids.size - k + 1, dtype=np.uint64)
    for j in range(k):  # polynomial hash of the window, wrapping mod 2^64, then cut to 61 bits
        h = h * np.uint64(1_000_003) + ids[j : ids.size - k + 1 + j]
    return np.unique(h & _PRIME)


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` values) of a text; all-max for a text with no syllable."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return _EMPTY.copy()
    # Universal hashing (a*x + b) mod p over 32-bit shingle hashes, as datasketch does: the
    # product wraps at 2^64, which keeps each permutation a fixed, well-mixed function.
    x = (hashes & np.uint64(0xFFFFFFFF))[:, None]
    with np.errstate(over="ignore"):
        return (((x * _A + _B) % _PRIME) & np.uint64(0xFFFFFFFF)).min(axis=0)


@dataclass
class Cluster:
    """Documents told to be one story; ``members[0]`` is the canonical one."""

    cluster_id: str
    members: list[int]


def _band_keys(sig: np.ndarray) -> list[bytes]:
    rows = NUM_PERM // BANDS
    return [bytes([b]) + sig[b * rows : (b + 1) * rows].tobytes() for b in range(BANDS)]


def similar_pairs(signatures: Sequence[np.ndarray], threshold: float = THRESHOLD) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``: ``j`` is a near-duplicate of ``i``, the first document of its
    cluster (estimated Jaccard similarity ``>= threshold``); pairs inside a cluster follow from these.

    Band buckets hold one document per cluster (its first), so a story copied a thousand times
    costs one comparison per copy, not a thousand; a bucket keeps its latest ``MAX_BUCKET``
    clusters, which bounds the work on corpora written from one template.
    """
    buckets: dict[bytes, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for j, sig in enumerate(signatures):
        if sig[0] == _EMPTY[0] and np.array_equal(sig, _EMPTY):
            continue
        keys = _band_keys(sig)
        match = None
        seen: set[int] = set()
        for key in keys:
            for i in reversed(buckets.get(key, ())):
                if i not in seen:
                    seen.add(i)
                    if np.count_nonzero(signatures[i] == sig) >= threshold * NUM_PERM:
                        match = i
                        break
            if match is not None:
                break
        if match is not None:
            pairs.add((match, j))
        first = j if match is None else match
        for key in keys:
            bucket = buckets.setdefault(key, [])
            if first not in bucket[-8:]:
                bucket.append(first)
                if len(bucket) > MAX_BUCKET:
                    del bucket[0]
    return pairs


def _canonical_key(doc: Document, position: int) -> tuple:
    """Earliest date first (undated last), then the most complete text, then input order."""
    return (doc.date is None, doc.date or "", -len(doc.text or doc.raw), position)


def cluster_documents(docs: Sequence[Document], *, threshold: float = THRESHOLD,
                      signatures: Sequence[np.ndarray] | None = None) -> list[Cluster]:
    """Group near-duplicate documents; every document is in exactly one cluster."""
    sigs = list(signatures) if signatures is not None else [signature(_doc_text(d)) for d in docs]
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in similar_pairs(sigs, threshold):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(find(i), []).append(i)
    clusters = []
    for members in groups.values():
        members.sort(key=lambda i: _canonical_key(docs[i], i))
        clusters.append(Cluster(docs[members[0]].id, members))
    return sorted(clusters, key=lambda c: min(c.members))


def _doc_text(doc: Document) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else (doc.text or doc.raw)


def mark_duplicates(docs: Iterable[Document], *, threshold: float = THRESHOLD) -> list[Document]:
    """Set ``meta["cluster_id"]`` and ``meta["is_canonical"]`` on every document; returns them.

    >>> a = Document(raw="", text="Sáng 19/8, Ban Dân vận Tỉnh ủy làm việc với Huyện ủy Tháp Mười về kết quả "
    ...              "thực hiện Nghị quyết 01 của tỉnh.", date="2022-08-19", source="tinh.txt")
    >>> b = Document(raw="", text=a.text + " Tin: Thanh Hà.", date="2022-08-20", source="huyen.txt")
    >>> [(d.meta["cluster_id"], d.meta["is_canonical"]) for d in mark_duplicates([b, a])]
    [('tinh.txt', False), ('tinh.txt', True)]
    """
    docs = list(docs)
    for cluster in cluster_documents(docs, threshold=threshold):
        for rank, i in enumerate(cluster.members):
            docs[i].meta["cluster_id"] = cluster.cluster_id
            docs[i].meta["is_canonical"] = rank == 0
    return docs


def stories(docs: Iterable[Document]) -> list[Document]:
    """The canonical copy of each story (documents never deduplicated count as their own story)."""
    return [d for d in docs if d.meta.get("is_canonical", True)]


def mark_jsonl_duplicates(path: str | Path, *, threshold: float = THRESHOLD) -> tuple[int, int]:
    """Mark near-duplicates in a JSON Lines file of documents (a ``vnpolicy analyze`` output or
    journal), rewriting it atomically (a temporary file renamed over it); failure lines pass
    through unchanged. Returns ``(documents, stories)``.

    Two streaming passes, so memory holds one signature per document, not the documents.
    """
    import json
    import os

    path = Path(path)
    docs: list[Document] = []
    sigs: list[np.ndarray] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("status", "ok") != "ok":
                continue
            # A light stand-in: what clustering and choosing the canonical copy need.
            stub = Document(raw="", text=data.get("text") or "", title=data.get("title"), date=data.get("date"),
                            source=data.get("source") or data.get("id"))
            if not stub.text and data.get("raw"):
                stub.text = data["raw"]
            docs.append(stub)
            sigs.append(signature(_doc_text(stub)))
    marks: list[tuple[str, bool]] = [("", True)] * len(docs)
    clusters = cluster_documents(docs, threshold=threshold, signatures=sigs)
    for cluster in clusters:
        for rank, i in enumerate(cluster.members):
            marks[i] = (cluster.cluster_id, rank == 0)
    temp = path.with_name(f".{path.name}.dedup.tmp")
    try:
        with open(path, encoding="utf-8") as src, open(temp, "w", encoding="utf-8") as dst:
            k = 0
            for line in src:
                if not line.strip():
                    continue
                data = json.loads(line)
                if data.get("status", "ok") == "ok":
                    meta = data.setdefault("meta", {})
                    meta["cluster_id"], meta["is_canonical"] = marks[k]
                    k += 1
                    line = json.dumps(data, ensure_ascii=False) + "\n"
                    if "\\ud" in line or any("\ud800" <= ch <= "\udfff" for ch in line):
                        line = json.dumps(data) + "\n"  # an undecodable file name: keep its escapes
                dst.write(line)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return len(docs), len(clusters)
