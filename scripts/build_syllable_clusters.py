"""Build vnpolicy/resources/entities/syllable_clusters.tsv: distributional classes of syllables.

Run from the repository root (seconds; no corpus needed beyond the shipped spelling model):
    python scripts/build_syllable_clusters.py

Why: the entity tagger sees each syllable as a string, so a surname, a place name or a body's head
word it never met in its training paragraphs is a stranger. Syllables that occur in the same
contexts get the same class ("Nguyễn", "Trần", "Lê"; "Quảng", "Bình", "Hải"), and the class is a
feature that carries what the tagger learned from one member to the others (word-cluster features,
as in Ratinov and Roth 2009; the classes here come from k-means, not Brown clustering).

How: the spelling model (vnpolicy/resources/spelling, counted from VNTC news and UD-VTB train)
keeps bigram counts over syllables, with a syllable capitalised mid-sentence counted apart. Each
syllable seen ``MIN_COUNT`` times, in each of its two forms, gets a vector of positive PMI with the
``CONTEXTS`` commonest ids on its left and on its right, reduced by SVD to ``DIMENSIONS``; k-means
(fixed seed) groups them into ``FINE`` classes and, separately, ``COARSE`` classes. Deterministic:
the same model gives the same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnpolicy.text.spelling.model import FIRST_ID, ID_BITS, load_model  # noqa: E402

OUT = ROOT / "vnpolicy" / "resources" / "entities" / "syllable_clusters.tsv"
MIN_COUNT = 20  # a syllable form seen fewer times gets no class
CONTEXTS = 1500  # the commonest ids taken as context, on each side
DIMENSIONS = 80
FINE, COARSE = 256, 32
SEED = 13


def vectors(model) -> tuple[np.ndarray, np.ndarray]:
    """(target ids, their PPMI rows reduced by SVD, L2-normalised)."""
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    counts = model.lm.counts
    n_ids = len(counts)
    targets = np.flatnonzero(counts >= MIN_COUNT)
    targets = targets[(targets % model.vocab_size) >= FIRST_ID]
    contexts = np.argsort(-counts, kind="stable")[:CONTEXTS]
    ctx_col = np.full(n_ids, -1)
    ctx_col[contexts] = np.arange(len(contexts))
    row_of = np.full(n_ids, -1)
    row_of[targets] = np.arange(len(targets))
    keys, c = model.bigram_keys, model.bigram_counts
    a, b = keys >> ID_BITS, keys & ((1 << ID_BITS) - 1)
    blocks = []
    for target, context, offset in ((b, a, 0), (a, b, len(contexts))):  # left contexts, then right ones
        keep = (row_of[target] >= 0) & (ctx_col[context] >= 0)
        blocks.append((row_of[target[keep]], ctx_col[context[keep]] + offset, c[keep]))
    rows = np.concatenate([r for r, _, _ in blocks])
    cols = np.concatenate([k for _, k, _ in blocks])
    vals = np.concatenate([v for _, _, v in blocks])
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(targets), 2 * len(contexts)))
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel()
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    reduced = TruncatedSVD(DIMENSIONS, random_state=SEED, algorithm="arpack").fit_transform(ppmi)
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    return targets, reduced / np.maximum(norms, 1e-12)


def classes(x: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    return KMeans(k, n_init=3, random_state=SEED).fit_predict(x)


def main() -> int:
    model = load_model()
    targets, x = vectors(model)
    fine, coarse = classes(x, FINE), classes(x, COARSE)
    size = model.vocab_size
    lines = ["# A syllable's key (letters and tone digit, as the spelling model writes it), whether it is the form",
             "# capitalised mid-sentence (1) or not (0), and its fine and coarse class. Built by",
             "# scripts/build_syllable_clusters.py from the spelling model's bigram counts (VNTC, UD-VTB train).",
             "key\tcapitalised\tfine\tcoarse"]
    for t, f, c in sorted(zip(targets.tolist(), fine.tolist(), coarse.tolist())):
        lines.append(f"{model.keys[t % size]}\t{int(t >= size)}\t{f}\t{c}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(targets):,} syllable forms, {FINE} and {COARSE} classes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
