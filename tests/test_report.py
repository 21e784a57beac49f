"""``vnpolicy report``: one self-contained HTML file, tested in headless Chromium when present."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import vnpolicy
from vnpolicy.cli import main

from test_dedup import COPY, ORIGINAL, OTHER

HOSTILE_TITLE = "<script>document.body.setAttribute('data-pwned', 'title')</script>Tin <b>giả</b>"
HOSTILE_TEXT = ("Ban Dân vận Tỉnh ủy \"><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> "
                "họp tại xã Mỹ An ngày 3/4/2024. <svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg>"
                " ' onmouseover='alert(1)' </textarea></template><script>document.body.setAttribute('data-pwned','s')</script>")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    articles = root / "articles"
    articles.mkdir()
    for name, text in (("a_goc.txt", ORIGINAL), ("b_copy.txt", COPY), ("c_khac.txt", OTHER)):
        (articles / name).write_text(text, encoding="utf-8")
    (articles / "d_hostile.json").write_text(
        __import__("json").dumps({"title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "date": "2024-04-03"}, ensure_ascii=False),
        encoding="utf-8")
    assert main(["analyze", str(articles), "-o", str(root / "out.jsonl"), "--workers", "1", "--quiet"]) == 0
    assert main(["report", str(root / "out.jsonl"), "-o", str(root / "report.html")]) == 0
    return root / "report.html"


def test_report_is_one_self_contained_file(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.count("<script") == 1  # ours, pinned by the Content-Security-Policy hash
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing fetched from a network
    assert "Tháp Mười" in page and "Ban Dân vận Huyện ủy Tháp Mười" in page


def test_report_escapes_every_piece_of_article_text(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "<script>document" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "&lt;script&gt;document.body.setAttribute(" in page


def test_report_counts_each_story_once(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    glance = page[page.index('id="glance"'):page.index('id="topics"')]
    assert "<b>4</b>bài viết" in glance and "<b>3</b>câu chuyện" in glance  # the copy is not a story
    assert "bản sao — copy of" in page


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    pytest.skip("no headless Chromium (apt-get install chromium): the browser checks run in CI")


def _load(page: Path, fragment: str, tmp_path: Path) -> tuple[str, list[str]]:
    run = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                          "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
                          "--dump-dom", page.as_uri() + fragment],
                         capture_output=True, text=True, timeout=180)
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console


def test_report_loads_in_chromium_without_console_errors(report: Path, tmp_path: Path) -> None:
    dom, console = _load(report, "", tmp_path)
    assert 'data-ready="1"' in dom, "the page script did not run to its end"
    assert console == []
    assert len(re.findall(r"<tr data-s=", dom)) == 4


def test_search_box_filters_the_list(report: Path, tmp_path: Path) -> None:
    dom, console = _load(report, "#q=" + "tháp mười", tmp_path)
    assert console == [] and 'data-ready="1"' in dom
    rows = re.findall(r"<tr data-s=\"([^\"]*)\"( hidden=\"\")?", dom)
    shown = [s for s, hidden in rows if not hidden]
    assert len(rows) == 4 and len(shown) == 2 and all("tháp mười" in s for s in shown)
    assert '<span id="shown">2</span>' in dom


def test_hostile_article_runs_nothing(report: Path, tmp_path: Path) -> None:
    page = report.read_text(encoding="utf-8")
    number = re.search(r'data-view="(\d+)">&lt;script&gt;', page).group(1)
    dom, console = _load(report, f"#doc={number}", tmp_path)  # its view opened in the page
    assert 'data-ready="1"' in dom and console == []
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert f'data-doc="{number}"' in dom  # the view is shown
    assert dom.count("<script") == 1
    assert "&lt;svg onload=" in dom


def test_long_lists_lay_out_only_the_first_rows() -> None:
    from vnpolicy.report import LIST_LIMIT, build_report

    docs = [vnpolicy.Document(raw="", text=f"Bài số {i} về hội nghị của Huyện ủy, mã {i * 7919}.", title=f"Tin {i}",
                              source=f"t/{i}.txt", date="2024-01-01") for i in range(LIST_LIMIT + 10)]
    page = build_report(docs, views=5)
    assert len(re.findall(r'<tr data-s="[^"]*" hidden=""', page)) == 10  # shown once searched for
    assert page.count("<template") == 5 and "Highlighted views are kept for the first 5" in page
