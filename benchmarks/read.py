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
EXTRA = ROOT / "tests" / "fixtures" / "read" / "extra"  # NFD copies, PDF (text, scanned), .docx
HOLDOUT = ROOT / "tests" / "fixtures" / "read" / "holdout"  # written after the finder changed
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
    """Which checks one read article passes (a held-out page checks title, date, authors, url)."""
    if "body_first" not in expected:
        meta = article.meta or {}
        return {"title": _norm(article.title) == _norm(expected["title"]), "date": article.date == expected["date"],
                "authors": [_norm(a.get("name")) for a in article.authors] == [_norm(n) for n in expected["authors"]],
                "url": (meta.get("url") or meta.get("canonical_url")) == expected["url"],
                "first": True, "last": True, "chrome": True}
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


def score_gallery(folder: Path = GALLERY) -> dict[str, dict[str, bool]]:
    """``{page: {check: passed}}`` for this interpreter's ``vnpolicy``. A case that expects an
    error ("no text layer: needs OCR") passes every check when reading fails with that message."""
    from vnpolicy.read import read_article

    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["pages"]
    out: dict[str, dict[str, bool]] = {}
    for name, exp in expected.items():
        try:
            article = read_article(folder / name)
        except Exception as error:  # noqa: BLE001 - an old reader may fail on a page: it scores 0
            ok = bool(exp.get("error")) and exp["error"] in str(error)
            if not ok:
                print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
            out[name] = dict.fromkeys(CHECKS, ok)
            continue
        out[name] = score_page(article, exp) if not exp.get("error") else dict.fromkeys(CHECKS, False)
    return out


VNTC = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"


def score_vntc(limit: int) -> dict[str, int]:
    """Text the project did not write: VnExpress articles of the VNTC corpus (files ``*_VNE_*``),
    whose first line is the headline by the corpus' construction. Counts how often the reader
    takes that line as the title, and the same on an NFD copy."""
    import lzma
    import unicodedata as ud

    from vnpolicy.read import parse_article

    if not VNTC.exists():
        return {}
    counts = {"articles": 0, "title": 0, "title_nfd": 0, "no_title": 0}
    with lzma.open(VNTC, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["text"].strip()
            first = text.split("\n", 1)[0].strip()
            if "_VNE_" not in record["file"] or "\n" not in text or not 3 <= len(first.split()) <= 30:
                continue
            counts["articles"] += 1
            article = parse_article(text)
            counts["title"] += _norm(article.title) == _norm(first)
            counts["no_title"] += article.title is None
            counts["title_nfd"] += _norm(parse_article(ud.normalize("NFD", text)).title) == _norm(first)
            if counts["articles"] >= limit:
                break
    return counts


def _old_scores(rev: str, vntc: int = 0) -> dict[str, dict[str, bool]] | None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "vnpolicy"], capture_output=True)
        if archive.returncode != 0:
            print(f"old reader {rev}: {archive.stderr.decode().strip()}", file=sys.stderr)
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = dict(os.environ, PYTHONPATH=tmp, VNPOLICY_BENCH_OLD="1")
        run = subprocess.run([sys.executable, __file__, "--json", "--vntc", str(vntc)], capture_output=True,
                             text=True, env=env,
                             cwd=tmp)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return None
        return json.loads(run.stdout)


def compare_trafilatura() -> None:
    """The project's HTML extractor against trafilatura (if installed) on the gallery's .html
    pages: both texts go through the same title/date/byline finder; CPU seconds for extraction."""
    import time

    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed (pip install trafilatura): comparison skipped")
        return
    from vnpolicy.read import parse_article
    from vnpolicy.read.formats import html_article

    expected = json.loads((GALLERY / "expected.json").read_text(encoding="utf-8"))["pages"]
    totals: dict[str, dict[str, int]] = {"vnpolicy": dict.fromkeys(CHECKS, 0), "trafilatura": dict.fromkeys(CHECKS, 0)}
    cpu = {"vnpolicy": 0.0, "trafilatura": 0.0}
    pages = [n for n in expected if n.endswith(".html")]
    for name in pages:
        html = (GALLERY / name).read_text(encoding="utf-8")
        started = time.process_time()
        own = html_article(html, name)
        cpu["vnpolicy"] += time.process_time() - started
        started = time.process_time()
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True) or ""
        found = trafilatura.extract_metadata(html)
        cpu["trafilatura"] += time.process_time() - started
        theirs = parse_article(text, name, title=found.title if found else None,
                               date=found.date if found else None, format="html")
        theirs.meta["url"] = found.url if found else None
        for key, article in (("vnpolicy", own), ("trafilatura", theirs)):
            for check, ok in score_page(article, expected[name]).items():
                totals[key][check] += ok
    print(f"\nHTML main text, {len(pages)} pages: {'check':10} {'vnpolicy':>9} {'trafilatura':>12}")
    for check in CHECKS:
        print(f"{'':30}{check:10} {totals['vnpolicy'][check]:>9} {totals['trafilatura'][check]:>12}")
    print(f"{'':30}{'CPU s':10} {cpu['vnpolicy']:>9.3f} {cpu['trafilatura']:>12.3f}")


def _totals(scores: dict[str, dict[str, bool]]) -> dict[str, int]:
    return {check: sum(s[check] for s in scores.values()) for check in CHECKS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print this checkout's scores as JSON")
    parser.add_argument("--trafilatura", action="store_true",
                        help="also compare the HTML extractor with trafilatura (when installed)")
    parser.add_argument("--vntc", type=int, default=500, metavar="N",
                        help="also score titles on N VnExpress articles of ../shared VNTC (0: skip)")
    parser.add_argument("--old", default=OLD_REV, help=f"git revision of the old reader (default {OLD_REV})")
    args = parser.parse_args()
    if args.json:
        sys.path.insert(0, os.environ.get("PYTHONPATH", "")) if os.environ.get("VNPOLICY_BENCH_OLD") else None
        print(json.dumps({"gallery": score_gallery(), "extra": score_gallery(EXTRA), "holdout": score_gallery(HOLDOUT),
                          "vntc": score_vntc(args.vntc) if args.vntc else {}}))
        return
    new = score_gallery()
    new_extra = score_gallery(EXTRA)
    old_all = _old_scores(args.old, args.vntc)
    old = old_all["gallery"] if old_all else None
    old_extra = old_all["extra"] if old_all else None
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
    print(f"\nextra cases (NFD copies, PDF, scanned PDF, .docx): {EXTRA.relative_to(ROOT)}")
    for name in new_extra:
        print(f"{name[:50]:50} {marks(new_extra[name]):8} {marks(old_extra[name]) if old_extra else '-':8}")
    all_ok = lambda s: sum(all(v.values()) for v in s.values())  # noqa: E731
    print(f"{'all checks right':22} {all_ok(new_extra):>8} {all_ok(old_extra) if old_extra else '-':>8}   "
          f"({len(new_extra)} cases)")
    new_h, old_h = score_gallery(HOLDOUT), (old_all or {}).get("holdout")
    print(f"\nheld-out pages (written after the finder changed; title, date, authors, url): {len(new_h)} pages")
    print(f"{'title and date':22} {both(new_h):>8} {both(old_h) if old_h else '-':>8}")
    for check in ("title", "date", "authors", "url"):
        print(f"{check:22} {_totals(new_h)[check]:>8} {_totals(old_h)[check] if old_h else '-':>8}")
    if args.vntc:
        new_v, old_v = score_vntc(args.vntc), (old_all or {}).get("vntc", {})
        if new_v:
            print(f"\nVNTC VnExpress articles (first line = headline), {new_v['articles']} articles:")
            for key in ("title", "title_nfd", "no_title"):
                print(f"{key:22} {new_v[key]:>8} {old_v.get(key, '-'):>8}")
        else:
            print(f"\nVNTC not found at {VNTC}: title check on unseen text skipped")
    if args.trafilatura:
        compare_trafilatura()


if __name__ == "__main__":
    main()
