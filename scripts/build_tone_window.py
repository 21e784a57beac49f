"""Train the tone window model (``vnpolicy/resources/spelling/tone_window.npz``).

    python scripts/build_tone_window.py                 # about 10 CPU minutes
    python scripts/build_tone_window.py --every 20 --dry-run  # a quick trial (one minute)

Reads the VNTC articles the spelling statistics count (``build_spelling_model.read_vntc``: never
the held-out articles ``i % 10 == 9`` nor the sources of the judged typos and look-alikes; UD
dev is never read), turned into the spelling model's ids as the corrector does. Every lowercase
known syllable whose mark group (:func:`tone_window.mark_base`) has another member is an
example: its ``WIDTH`` syllables on each side, and which member of the group was written.
Model (``spelling/tone_window.py``): embeddings of the ``--inputs`` commonest ids (the rest
``<unk>``), concatenated, one tanh layer, an output vector and bias per syllable; softmax over
the group only; plain numpy minibatch Adam. Prints accuracy on held-back examples against the
commonest member of the group. Weights are written as float16 with their sizes and a hash.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from vnpolicy.text.spelling.model import BOUNDARY, COMMA, FIRST_ID, NUM, UNK, load_model, syllable_key, tokens  # noqa: E402
from vnpolicy.text.spelling.tone_window import WIDTH, contexts, mark_base  # noqa: E402

import build_spelling_model as S  # noqa: E402

OUT = ROOT / "vnpolicy" / "resources" / "spelling" / "tone_window.npz"


def stream_of(texts: list[str], ids: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The id stream of ``texts`` (lowercased ids; breaks as in the statistics) and, per token,
    whether it is a lowercase word (a possible example)."""
    seq, lower = [BOUNDARY] * WIDTH, [False] * WIDTH
    for text in texts:
        for tok in tokens(unicodedata.normalize("NFC", text)):
            if tok.kind == "w":
                key = syllable_key(tok.text)
                seq.append(ids.get(key, UNK) if key is not None else UNK)
                lower.append(tok.text.islower())
            elif tok.kind == "n":
                seq.append(NUM), lower.append(False)
            elif tok.kind == "c":
                seq.append(COMMA), lower.append(False)
            elif seq[-1] != BOUNDARY:
                seq.append(BOUNDARY), lower.append(False)
        if seq[-1] != BOUNDARY:
            seq.append(BOUNDARY), lower.append(False)
    seq += [BOUNDARY] * WIDTH
    lower += [False] * WIDTH
    return np.asarray(seq, dtype=np.int32), np.asarray(lower)


def groups(keys: list[str], max_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per vocabulary id its group row, and the groups as padded id rows (-1 pads)."""
    by_base: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if i >= FIRST_ID:
            by_base.setdefault(mark_base(k), []).append(i)
    rows = [sorted(v, key=lambda i: i)[:max_size] for v in by_base.values()]  # ids are by frequency
    table = np.full((len(rows), max_size), -1, dtype=np.int32)
    group_of = np.full(len(keys), -1, dtype=np.int32)
    for g, row in enumerate(rows):
        table[g, : len(row)] = row
        group_of[row] = g
    return group_of, table


def _sum_rows(inv: np.ndarray, vals: np.ndarray, n: int) -> np.ndarray:
    """Rows of ``vals`` summed by ``inv`` (a sparse matrix product: far faster than np.add.at)."""
    from scipy.sparse import csr_matrix

    agg = csr_matrix((np.ones(len(inv), dtype=np.float32), (inv, np.arange(len(inv)))), shape=(n, len(inv)))
    out = agg @ vals
    return np.asarray(out, dtype=np.float32)


class Net:
    """Embeddings, one tanh layer, output vectors and biases; Adam on every array."""

    def __init__(self, n_in: int, n_out: int, dim: int, hidden: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.p = {"embed": rng.normal(0, 0.1, (n_in, dim)).astype(np.float32),
                  "w1": rng.normal(0, 1 / np.sqrt(2 * WIDTH * dim), (2 * WIDTH * dim, hidden)).astype(np.float32),
                  "b1": np.zeros(hidden, dtype=np.float32),
                  "out": rng.normal(0, 0.1, (n_out, hidden)).astype(np.float32),
                  "bias": np.zeros(n_out, dtype=np.float32)}
        self.m = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.v = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.t = 0

    def _adam(self, k: str, rows, grad: np.ndarray, lr: float) -> None:
        """Adam on ``rows`` of array ``k`` (lazy: rows without a gradient keep their moments)."""
        b1, b2 = 0.9, 0.999
        m = self.m[k][rows] = b1 * self.m[k][rows] + (1 - b1) * grad
        v = self.v[k][rows] = b2 * self.v[k][rows] + (1 - b2) * grad * grad
        self.p[k][rows] -= (lr * (m / (1 - b1**self.t)) / (np.sqrt(v / (1 - b2**self.t)) + 1e-8)).astype(np.float32)

    def logits(self, ctx: np.ndarray, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x = self.p["embed"][ctx].reshape(len(ctx), -1)
        h = np.tanh(x @ self.p["w1"] + self.p["b1"])
        c = np.maximum(cand, 0)
        z = np.einsum("bh,bkh->bk", h, self.p["out"][c]) + self.p["bias"][c]
        return np.where(cand >= 0, z, -1e9), x, h

    def step(self, ctx: np.ndarray, cand: np.ndarray, target: np.ndarray, lr: float, l2: float) -> float:
        z, x, h = self.logits(ctx, cand)
        z = z - z.max(1, keepdims=True)
        e = np.exp(z)
        prob = e / e.sum(1, keepdims=True)
        n = len(ctx)
        loss = -float(np.log(prob[np.arange(n), target] + 1e-12).mean())
        dz = prob
        dz[np.arange(n), target] -= 1.0
        dz /= n
        c = np.maximum(cand, 0)
        mask = cand >= 0
        dz *= mask
        o = self.p["out"][c]  # (n, k, hidden)
        dh = np.einsum("bk,bkh->bh", dz, o)
        rows_out, vals_out = c[mask], (dz[:, :, None] * h[:, None, :])[mask]
        da = dh * (1 - h * h)
        dense = {"w1": x.T @ da + l2 * self.p["w1"], "b1": da.sum(0)}
        dx = (da @ self.p["w1"].T).reshape(-1, self.p["embed"].shape[1])
        self.t += 1
        for k, grad in dense.items():
            self._adam(k, slice(None), grad, lr)
        for k, rows, vals in (("out", rows_out, vals_out), ("bias", rows_out, dz[mask]), ("embed", ctx.ravel(), dx)):
            uniq, inv = np.unique(rows, return_inverse=True)
            summed = _sum_rows(inv, vals, len(uniq))
            self._adam(k, uniq, summed, lr)
        return loss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--every", type=int, default=1, help="read every N-th counted article")
    ap.add_argument("--inputs", type=int, default=16000, help="ids with their own input embedding (the rest <unk>)")
    ap.add_argument("--dim", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=48)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=2048)
    ap.add_argument("--lr", type=float, default=0.006)
    ap.add_argument("--l2", type=float, default=0.0)
    ap.add_argument("--max-group", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    t0 = time.process_time()
    model = load_model()
    texts, _, _ = S.read_vntc(S.CORPUS, None)
    texts = texts[:: args.every]
    seq, lower = stream_of(texts, model.ids)
    del texts
    group_of, table = groups(model.keys, args.max_group)
    gid = np.where(seq >= FIRST_ID, group_of[np.minimum(seq, len(group_of) - 1)], -1)
    sizes = (table >= 0).sum(1)
    pos = np.flatnonzero(lower & (gid >= 0) & (sizes[np.maximum(gid, 0)] >= 2))
    pos = pos[(table[gid[pos]] == seq[pos, None]).any(1)]
    print(f"stream {len(seq):,} tokens, {len(pos):,} examples, {len(table):,} groups "
          f"({time.process_time() - t0:.0f} s CPU)", flush=True)
    rng = np.random.default_rng(args.seed)
    rng.shuffle(pos)
    n_val = min(50_000, len(pos) // 50)
    val, train = pos[:n_val], pos[n_val:]
    shift = len(model.keys)

    def batch(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cand = table[gid[p]]
        return contexts(seq, p, shift, args.inputs), cand, (cand == seq[p, None]).argmax(1)

    net = Net(args.inputs, len(model.keys), args.dim, args.hidden, args.seed)
    vc, vcand, vt = batch(val)
    base_acc = float((vt == 0).mean())  # the commonest member (ids are by frequency)
    steps = (len(train) + args.batch - 1) // args.batch
    for epoch in range(args.epochs):
        rng.shuffle(train)
        total = 0.0
        for s in range(steps):
            lr = args.lr * (1 - (epoch * steps + s) / (args.epochs * steps)) + 1e-4
            total += net.step(*batch(train[s * args.batch : (s + 1) * args.batch]), lr, args.l2)
            if s % 1000 == 999:
                print(f"  epoch {epoch} step {s + 1}/{steps} loss {total / (s + 1):.4f} "
                      f"({time.process_time() - t0:.0f} s CPU)", flush=True)
        z = np.concatenate([net.logits(vc[i : i + 4096], vcand[i : i + 4096])[0] for i in range(0, len(vc), 4096)])
        acc = float((z.argmax(1) == vt).mean())
        print(f"epoch {epoch}: loss {total / steps:.4f}; held-back accuracy {acc:.4f} "
              f"(commonest of the group {base_acc:.4f})", flush=True)
    arrays = {k: v.astype(np.float16) for k, v in net.p.items()}
    digest = hashlib.sha256(b"".join(arrays[k].tobytes() for k in sorted(arrays))).hexdigest()[:16]
    meta = {"format": 1, "source": "scripts/build_tone_window.py: VNTC articles the spelling statistics count "
            f"(every {args.every}th), never the held-out (i % 10 == 9) nor the judged ones; UD dev never read",
            "width": WIDTH, "inputs": args.inputs, "dim": args.dim, "hidden": args.hidden, "epochs": args.epochs,
            "examples": int(len(train)), "held_back_accuracy": round(acc, 4), "commonest_accuracy": round(base_acc, 4),
            "vocabulary": len(model.keys), "spelling_tokens": model.meta["tokens"], "sha256_16": digest}
    print(json.dumps(meta))
    if args.dry_run:
        return 0
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays, meta=np.asarray(json.dumps(meta)))
    OUT.write_bytes(buf.getvalue())
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes; {time.process_time() - t0:.0f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
