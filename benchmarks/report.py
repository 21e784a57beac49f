#!/usr/bin/env python
"""``vnpolicy report`` at scale: size of the HTML file and its load time in headless Chromium.

Generates ``--articles`` (default 20,000) analysed documents (portal words in random order,
about real districts, with ORG/LOC/LEGAL_DOC entities, topics, dates over two years,
10% republished copies), builds the report with the default number of embedded views and with
every view, and loads each in ``chromium --headless --dump-dom``: the page records
``performance.now()`` when its script has finished (``data-load-ms``), and the wall time of the
whole browser run is printed too (it includes starting Chromium). Generation and building are
CPU seconds of this process.

    python benchmarks/report.py [--articles 20000]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnpolicy.document import Document, Entity  # noqa: E402
from vnpolicy.report import MAX_VIEWS, build_report  # noqa: E402
from vnpolicy.topics import TOPIC_SLUGS  # noqa: E402

PLACES = [("Tỉnh Đồng Tháp", "Huyện Tháp Mười", "Tháp Mười"), ("Tỉnh Đồng Tháp", "Huyện Cao Lãnh", "Cao Lãnh"),
          ("Tỉnh Nghệ An", "Huyện Quỳnh Lưu", "Quỳnh Lưu"), ("Tỉnh Nghệ An", "Huyện Diễn Châu", "Diễn Châu"),
          ("Tỉnh Lào Cai", "Huyện Bát Xát", "Bát Xát"), ("Tỉnh Quảng Ninh", "Huyện Tiên Yên", "Tiên Yên"),
          ("Thành phố Cần Thơ", "Huyện Cờ Đỏ", "Cờ Đỏ")]
DOCS = [("Nghị quyết số 01-NQ/TU", {"doc_type": "nghi_quyet", "number": "01", "code": "NQ/TU"}),
        ("Chỉ thị số 05-CT/TW", {"doc_type": "chi_thi", "number": "05", "code": "CT/TW"}),
        ("Quyết định số 263/QĐ-TTg", {"doc_type": "quyet_dinh", "number": "263", "code": "QĐ-TTg"}),
        ("Kết luận số 21-KL/TW", {"doc_type": "ket_luan", "number": "21", "code": "KL/TW"})]
SENTENCES = ["Đồng chí Bí thư Huyện ủy đề nghị các cấp ủy tiếp tục quán triệt và triển khai thực hiện nghiêm túc.",
             "Toàn huyện đã vận động nhân dân hiến {n} mét vuông đất để làm đường giao thông nông thôn.",
             "Hội nghị đã biểu dương {n} tập thể và cá nhân có thành tích xuất sắc trong phong trào thi đua.",
             "Công tác dân vận của chính quyền được chú trọng, việc đối thoại với nhân dân được duy trì thường xuyên.",
             "Trong năm, các xã kết nạp {n} đảng viên mới, chất lượng sinh hoạt chi bộ từng bước được nâng lên."]


POOL = sorted({w.strip(".,") for t in SENTENCES for w in t.split() if "{" not in w})


def _sentence(rng: random.Random) -> str:
    """Portal words in a random order: distinct articles share no long run of words."""
    words = [rng.choice(POOL) for _ in range(rng.randint(10, 22))]
    words.insert(rng.randrange(len(words)), str(rng.randint(2, 9999)))
    return " ".join(words).capitalize() + "."


def generate(n: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    docs: list[Document] = []
    for i in range(n):
        if docs and rng.random() < 0.1:  # a republished copy with a source line
            base = rng.choice(docs[-200:])
            copy = Document(raw="", text=base.text + "\n(Nguồn: Cổng TTĐT tỉnh)", title="Tin: " + (base.title or ""),
                            date=base.date, source=f"gen/{i:05d}.txt", entities=list(base.entities),
                            topics=list(base.topics), topic=base.topic, meta=dict(base.meta))
            docs.append(copy)
            continue
        province, district, short = rng.choice(PLACES)
        legal, attrs = rng.choice(DOCS)
        org = f"Ban Thường vụ Huyện ủy {short}"
        text = (f"Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}, {org} tổ chức hội nghị sơ kết thực hiện {legal}. "
                + " ".join(_sentence(rng) for _ in range(rng.randint(6, 14))))
        ents = [Entity("ORG", org, text.index(org), text.index(org) + len(org),
                       {"kind": "party", "level": "huyen", "province": province, "district": district}),
                Entity("LEGAL_DOC", legal, text.index(legal), text.index(legal) + len(legal), dict(attrs))]
        topic = rng.choice(TOPIC_SLUGS)
        docs.append(Document(raw="", text=text, title=f"{short}: hội nghị sơ kết {legal} (bài {i})",
                             date=f"{rng.choice((2023, 2024))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                             source=f"gen/{i:05d}.txt", entities=ents, topics=[(topic, 0.8)], topic=topic,
                             meta={"province": province, "district": district}))
    return docs


def load_in_chromium(page: Path) -> tuple[float, int | None, int]:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        return float("nan"), None, 0
    with tempfile.TemporaryDirectory() as profile:
        t0 = time.perf_counter()
        run = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                              f"--user-data-dir={profile}", "--virtual-time-budget=60000", "--dump-dom",
                              page.as_uri()], capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - t0
    match = re.search(r'data-load-ms="(\d+)"', run.stdout)
    errors = sum(":CONSOLE" in line for line in run.stderr.splitlines())
    return wall, int(match.group(1)) if match else None, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20_000)
    args = ap.parse_args()
    t0 = time.process_time()
    docs = generate(args.articles)
    print(f"generated {len(docs):,} articles in {time.process_time() - t0:.1f} s CPU")
    with tempfile.TemporaryDirectory() as tmp:
        for views in (MAX_VIEWS, len(docs)):
            t0 = time.process_time()
            page = build_report([Document.from_dict(d.to_dict()) for d in docs], views=views)
            built = time.process_time() - t0
            path = Path(tmp) / f"report_{views}.html"
            path.write_text(page, encoding="utf-8")
            wall, load_ms, errors = load_in_chromium(path)
            print(f"views {views:>6,}: {path.stat().st_size / 1e6:6.1f} MB, built in {built:5.1f} s CPU; "
                  f"Chromium: script done at {load_ms} ms after navigation start, {wall:.1f} s wall incl. "
                  f"browser start, {errors} console messages")


if __name__ == "__main__":
    main()
