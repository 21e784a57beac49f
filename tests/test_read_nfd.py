"""Decomposed Unicode ("Unicode tổ hợp", NFD) reads exactly like composed text (issue 12)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vnpolicy import Pipeline
from vnpolicy.read import parse_article, read_file_articles

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".html", ".json"))


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline()


def _nfd_copy(path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / path.name
    copy.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def test_header_of_a_decomposed_page_is_found():
    text = unicodedata.normalize("NFD", "ĐẢNG BỘ HUYỆN KIM SƠN\nTin tức > Xây dựng Đảng\n"
                                        "Huyện ủy tổng kết công tác dân vận năm 2024\n"
                                        "Cập nhật lúc: 08:45 20/05/2024\nCỡ chữ: A- A A+ | In trang | Gửi email\n"
                                        "Sáng 18/5, Ban Thường vụ Huyện ủy tổ chức hội nghị tổng kết.\nTin, ảnh: Minh Hải")
    article = parse_article(text)
    assert article.title == "Huyện ủy tổng kết công tác dân vận năm 2024"
    assert article.date == "2024-05-20"
    assert [a["name"] for a in article.authors] == ["Minh Hải"]
    assert article.body.split("\n\n")[0].startswith(unicodedata.normalize("NFD", "Sáng 18/5"))
    assert article.body == "\n\n".join(text[s:e] for s, e in article.body_spans)  # raw offsets kept


def test_nfd_text_gives_one_nfc_correction_with_raw_offsets(nlp):
    text = unicodedata.normalize("NFD", "Hội nghị sơ kết\n\nNgày 5/3/2023, Huyện ủy Tháp Mười tổ chức "
                                        "hội nghị sơ kết công tác dân vận.\n\nTin, ảnh: Thanh Hà")
    doc = nlp(text)
    nfc = [c for c in doc.corrections if c.rule == "nfc"]
    assert len(nfc) == 1
    for c in doc.corrections:
        assert doc.raw[c.start:c.end] == c.original
    assert doc.text.startswith("Ngày 5/3/2023, Huyện ủy Tháp Mười")


def test_mixed_text_gives_one_nfc_entry_per_decomposed_run(nlp):
    composed = "Ngày 5/3/2023, Huyện ủy Tháp Mười tổ chức hội nghị."
    decomposed = unicodedata.normalize("NFD", "Đồng chí Bí thư Huyện ủy phát biểu chỉ đạo.")
    doc = nlp(f"{composed} {decomposed} {composed} {decomposed}")
    nfc = [c for c in doc.corrections if c.rule == "nfc"]
    assert len(nfc) == 2
    assert all(doc.raw[c.start:c.end] == c.original for c in nfc)
    assert unicodedata.is_normalized("NFC", doc.text)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_nfd_copy_of_every_sample_reads_like_the_original(path, tmp_path, nlp):
    original = read_file_articles(path)
    copy = read_file_articles(_nfd_copy(path, tmp_path))
    assert len(original) == len(copy)
    for a, b in zip(original, copy):
        assert (b.title, b.date, b.authors) == (a.title, a.date, a.authors)
        assert unicodedata.normalize("NFC", b.body) == a.body
        da, db = nlp(a), nlp(b)
        assert db.text == da.text
        assert [(e.label, e.text, e.start) for e in db.entities] == [(e.label, e.text, e.start) for e in da.entities]
        assert db.topics == da.topics
        assert sum(c.rule == "nfc" for c in db.corrections) <= 1
        assert all(db.raw[c.start:c.end] == c.original for c in db.corrections)
