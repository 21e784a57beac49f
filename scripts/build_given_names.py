"""Build vnpolicy/resources/entities/given_names.txt: syllables seen inside Vietnamese people's names.

Run from the repository root:  python scripts/build_given_names.py

Reads the PER spans of the VNTC entity gold's train split (data/gold/entities/vntc/train.jsonl,
annotated by people who did not write the rules; never dev or test) and of the project's portal
gold (data/gold/entities/gold.jsonl, heldout*.jsonl). A span that starts with a family name of
resources/entities/surnames.txt and has three or four syllables gives its middle and given
syllables; a syllable seen at least twice is kept. person.py uses the list to accept an untitled
name whose middle syllable also begins bodies ("Trần Trường Giang", "Nguyễn Việt Phú",
"Lê Công Vinh"), which the name stopwords would otherwise refuse.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "data" / "gold" / "entities"
FILES = [GOLD / "vntc" / "train.jsonl", *sorted(GOLD.glob("gold.jsonl")), *sorted(GOLD.glob("heldout*.jsonl"))]
OUT = ROOT / "vnpolicy" / "resources" / "entities" / "given_names.txt"
MIN_COUNT = 2


def main() -> int:
    surnames = {line.strip() for line in (OUT.parent / "surnames.txt").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    counts: Counter[str] = Counter()
    spans = 0
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for start, end, label, *_ in row["entities"]:
                parts = row["text"][start:end].split()
                if label == "PER" and 3 <= len(parts) <= 4 and parts[0] in surnames and all(p[:1].isupper() for p in parts):
                    spans += 1
                    counts.update(parts[1:])
    kept = sorted(w for w, n in counts.items() if n >= MIN_COUNT)
    header = (f"# Middle and given syllables of Vietnamese people's names, seen at least {MIN_COUNT} times after a family\n"
              f"# name in {spans} three- or four-syllable PER spans of the VNTC entity gold's train split and the\n"
              "# portal gold. Built by scripts/build_given_names.py; do not edit by hand.\n")
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} syllables from {spans} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
