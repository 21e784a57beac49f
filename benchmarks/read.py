"""Reading benchmark: title, date, authors, url, body edges and chrome on the page gallery.

Scores the reader on ``tests/fixtures/read/gallery`` (portal layouts written for the project,
with ``expected.json``) and, side by side, an older reader taken from git (``--old REV``,
default: the commit before issue 12's reader work), run in a subprocess from ``git archive``.

    .venv/bin/python benchmarks/read.py            # new vs old, one line per page + totals
    .venv/bin/python benchmarks/read.py --json     # this checkout's scores only, as JSON
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "tests" / "fixtures" / "read" / "gallery"
OLD_REV = "6b1950e"  # main before issue 12: the reader the gallery was first scored on
CHECKS = ("title", "date", "authors", "url", "first", "last", "chrome")


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(unicodedata.normalize("NFC", text).split())


def _last_ok(paragraphs: list[str], last: str) -> bool:
    """The body ends with ``last``, or with it then one short closing (byline) paragraph."""
    if not paragraphs:
        return False
    if paragraphs[-1].endswith(last):
        return True
    return len(paragraphs) > 1 and paragraphs[-2].endswith(last) and len(paragraphs[-1]) < 80


def score_page(article, expected: dict) -> dict[str, bool]:
    """Which checks one read article passes."""
    body = _norm(article.body) or ""
    paragraphs = [" ".join(p.split()) for p in unicodedata.normalize("NFC", article.body).split("\n\n") if p.strip()]
    names = [_norm(a.get("name")) for a in article.authors]
    meta = article.meta or {}
    url = meta.get("url") or meta.get("canonical_url")
    chrome_left = [c for c in expected["chrome"] for p in paragraphs
                   if p == _norm(c) or (len(c) >= 15 and _norm(c) in p)]
    return {
        "title": _norm(article.title) == _norm(expected["title"]),
        "date": article.date == expected["date"],
        "authors": names == [_norm(n) for n in expected["authors"]],
        "url": url == expected["url"],
        "first": body.startswith(_norm(expected["body_first"]) or ""),
        "last": _last_ok(paragraphs, _norm(expected["body_last"]) or ""),
        "chrome": not chrome_left,
    }


def score_gallery() -> dict[str, dict[str, bool]]:
    """``{page: {check: passed}}`` for this interpreter's ``vnpolicy``."""
    from vnpolicy.read import read_article

    expected = json.loads((GALLERY / "expected.json").read_text(encoding="utf-8"))["pages"]
    out: dict[str, dict[str, bool]] = {}
    for name, exp in expected.items():
        try:
            article = read_article(GALLERY / name)
        except Exception as error:  # noqa: BLE001 - an old reader may fail on a page: it scores 0
            print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
            out[name] = dict.fromkeys(CHECKS, False)
            continue
        out[name] = score_page(article, exp)
    return out


def _old_scores(rev: str) -> dict[str, dict[str, bool]] | None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "vnpolicy"], capture_output=True)
        if archive.returncode != 0:
            print(f"old reader {rev}: {archive.stderr.decode().strip()}", file=sys.stderr)
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = dict(os.environ, PYTHONPATH=tmp, VNPOLICY_BENCH_OLD="1")
        run = subprocess.run([sys.executable, __file__, "--json"], capture_output=True, text=True, env=env,
                             cwd=tmp)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return None
        return json.loads(run.stdout)


def _totals(scores: dict[str, dict[str, bool]]) -> dict[str, int]:
    return {check: sum(s[check] for s in scores.values()) for check in CHECKS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print this checkout's scores as JSON")
    parser.add_argument("--old", default=OLD_REV, help=f"git revision of the old reader (default {OLD_REV})")
    args = parser.parse_args()
    if args.json:
        sys.path.insert(0, os.environ.get("PYTHONPATH", "")) if os.environ.get("VNPOLICY_BENCH_OLD") else None
        print(json.dumps(score_gallery()))
        return
    new = score_gallery()
    old = _old_scores(args.old)
    marks = lambda s: "".join(c[0].upper() if s[c] else "." for c in CHECKS)  # noqa: E731
    print(f"{'page':50} {'new':8} {'old':8}   (T=title D=date A=authors U=url F=first L=last C=no chrome)")
    for name in new:
        print(f"{name[:50]:50} {marks(new[name]):8} {marks(old[name]) if old else '-':8}")
    n = len(new)
    tn, to = _totals(new), _totals(old) if old else None
    both = lambda s: sum(v["title"] and v["date"] for v in s.values())  # noqa: E731
    print(f"\n{'check':22} {'new':>8} {'old':>8}   ({n} pages)")
    print(f"{'title and date':22} {both(new):>8} {both(old) if old else '-':>8}")
    for check in CHECKS:
        print(f"{check:22} {tn[check]:>8} {to[check] if to else '-':>8}")


if __name__ == "__main__":
    main()
