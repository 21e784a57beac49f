"""The stored alignment on real news text: is every correction placed exactly, and what does it cost?

    python benchmarks/alignment.py                     # the first 1,000 VNTC articles
    python benchmarks/alignment.py --limit 300 --skip 5000

Reads articles of ``../shared/corpora/vntc/train.jsonl.xz`` (text the project did not write) and
runs the reading and normalize steps (typos included) on each. For every correction it checks
both sides (``raw[start:end] == original``, ``text[text_start:text_end] == replacement``, for the
body and the title) and that the HTML view places it (:func:`vnpolicy.display.placed_corrections`);
it counts corrections whose replacement occurs more than once in the text (where finding it again
by search would be ambiguous) and whether the document's alignment maps the raw span to the same
text span. Prints the size of the alignment (segments per document, JSON bytes per kB of raw text)
and the CPU time of building it against the CPU time of the normalize step.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vnpolicy  # noqa: E402
from vnpolicy.alignment import Alignment  # noqa: E402
from vnpolicy.display import placed_corrections  # noqa: E402
from vnpolicy.text.trace import TextTrace  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--skip", type=int, default=0)
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (../shared/corpora is needed for this benchmark)")
    nlp = vnpolicy.Pipeline(disable=["tokenize", "entities", "topics"])
    built = [0.0]  # CPU time spent building alignments inside the pipeline
    build = TextTrace.alignment

    def timed(trace: TextTrace) -> Alignment:
        start = time.process_time()
        try:
            return build(trace)
        finally:
            built[0] += time.process_time() - start

    TextTrace.alignment = timed  # type: ignore[method-assign]
    counts = dict.fromkeys(("docs", "corrections", "title", "raw_ok", "text_ok", "placed", "repeated",
                            "alignment_same", "segments", "json_bytes", "raw_bytes"), 0)
    cpu_pipeline = cpu_alignment = 0.0
    with lzma.open(args.corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < args.skip:
                continue
            if counts["docs"] >= args.limit:
                break
            text = json.loads(line)["text"]
            start = time.process_time()
            doc = nlp(text)
            cpu_pipeline += time.process_time() - start
            start = time.process_time()
            assert doc.alignment is not None
            doc.alignment.from_dict(doc.alignment.to_dict())  # what reading it back costs
            cpu_alignment += time.process_time() - start
            counts["docs"] += 1
            counts["segments"] += len(doc.alignment.segments)
            counts["json_bytes"] += len(json.dumps(doc.alignment.to_dict()))
            counts["raw_bytes"] += len(doc.raw.encode("utf-8"))
            placed = {id(c) for field in ("text", "title") for c, s, _ in placed_corrections(doc, field) if s is not None}
            for c in doc.corrections:
                raw, out = (doc.raw, doc.text) if c.field == "text" else (doc.raw_title or "", doc.title or "")
                counts["corrections"] += 1
                counts["title"] += c.field == "title"
                counts["raw_ok"] += raw[c.start : c.end] == c.original
                counts["text_ok"] += out[c.text_start : c.text_end] == c.replacement
                counts["placed"] += id(c) in placed
                counts["repeated"] += len(c.replacement.strip()) > 0 and out.count(c.replacement) > 1
                counts["alignment_same"] += doc.text_span(c.start, c.end, field=c.field) == (c.text_start, c.text_end)
    n, k = counts["docs"], counts["corrections"]
    print(f"{n} articles, {k} corrections ({counts['title']} in titles)")
    print(f"raw side holds 'original':      {counts['raw_ok']}/{k}")
    print(f"text side holds 'replacement':  {counts['text_ok']}/{k}")
    print(f"placed by the view:             {counts['placed']}/{k}")
    print(f"replacement occurs >1 time in its text (ambiguous to search): {counts['repeated']}")
    print(f"document alignment maps the raw span to the stored text span: {counts['alignment_same']}/{k}")
    print(f"alignment: {counts['segments'] / max(n, 1):.1f} segments per article, "
          f"{counts['json_bytes'] / max(counts['raw_bytes'], 1) * 1000:.1f} JSON bytes per kB of raw text")
    print(f"CPU: pipeline (read + normalize + typos) {cpu_pipeline:.2f} s, of which building alignments "
          f"{built[0]:.3f} s ({built[0] / max(cpu_pipeline, 1e-9):.1%}); JSON round trip {cpu_alignment:.3f} s")


if __name__ == "__main__":
    main()
