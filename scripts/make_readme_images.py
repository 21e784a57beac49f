"""Regenerate the README pictures from the bundled articles: one rendered document, one chart.

    python scripts/make_readme_images.py [--out docs/images] [--chromium chromium]

``document.png`` is the seed article as ``Document._repr_html_`` shows it in Jupyter, rendered
by headless Chromium. ``topics.png`` is the notebook's two topic charts
(``vnpolicy.analysis.plot_topic_counts`` and ``plot_topics_by_month``) side by side. Both come
from the real pipeline on ``data/articles``; run it again after the models or samples change.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_c9ab4d96580aabf9"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                  "--force-device-scale-factor=1"]


def analysed_corpus():
    import os

    import vnpolicy

    os.chdir(ROOT)  # so document ids read "data/articles/…", as a user would see them
    articles = list(vnpolicy.read_articles(Path("data") / "articles"))
    docs = list(vnpolicy.Pipeline().pipe(articles))
    return docs, vnpolicy.to_frames(docs)


def document_png(doc, out: Path, chromium: str, size: tuple[int, int] = (1100, 1420)) -> None:
    """Screenshot the document's HTML view with headless Chromium."""
    from vnpolicy.display import page_html

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "document.html"
        page.write_text(page_html(doc), encoding="utf-8")
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                        f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)


def topics_png(frames, out: Path) -> None:
    """The notebook's topic charts side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from vnpolicy import analysis

    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 4.8), gridspec_kw={"width_ratios": [1, 1.7]})
    analysis.plot_topic_counts(frames, ax=left)
    analysis.plot_topics_by_month(frames, ax=right, freq="Q")
    right.set_title("Chủ đề theo quý — topics by quarter")
    fig.suptitle(f"{len(frames['documents'])} bundled articles (data/articles)", fontsize="medium")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser")
                        or shutil.which("google-chrome") or "chromium")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    docs, frames = analysed_corpus()
    seed = next((d for d in docs if SEED in (d.source or "")), docs[0])
    topics_png(frames, args.out / "topics.png")
    print(f"wrote {args.out / 'topics.png'}")
    document_png(seed, args.out / "document.png", args.chromium)
    print(f"wrote {args.out / 'document.png'} ({len(seed.entities)} entities, {len(seed.corrections)} corrections, "
          f"topic {seed.topic})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
