"""Reading: formats, encodings, chrome, title/date/byline, the body invariant, bad inputs."""

from __future__ import annotations

import codecs
import json
import warnings
from pathlib import Path

import pytest

from vnpolicy.errors import ReadError
from vnpolicy.read import (
    ReadWarning,
    decode_bytes,
    iter_article_files,
    parse_article,
    parse_byline,
    read_article,
    read_articles,
    read_file_articles,
    read_input_texts,
)
from vnpolicy.read.chrome import is_chrome, is_stop
from vnpolicy.read.dates import body_start_date, meta_line_date
from vnpolicy.read.encodings import decode_tcvn3, decode_vni, encode_cp1258, encode_tcvn3, encode_vni

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
SEED = ARTICLES / "000_c9ab4d96580aabf9.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"

SEED_TITLE = "Tiếp và làm việc với Tổ khảo sát của Ban Dân vận Tỉnh ủy về kết quả 01 năm thực hiện Nghị quyết 01"
SEED_AUTHORS = [
    {"name": "Nguyễn Thu", "role": "editor", "kind": "person"},
    {"name": "Vũ Chiến", "role": "photo", "kind": "person"},
]
ALL_SAMPLES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".html", ".json", ".jsonl"))


def _check_body_invariant(article):
    spans = article.body_spans
    assert spans, "an article needs a body"
    assert all(0 <= s < e <= len(article.raw) for s, e in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)), "spans sorted, disjoint"
    assert article.body == "\n\n".join(article.raw[s:e] for s, e in spans)


# -- the seed article -------------------------------------------------------------------------

def test_seed_title_date_authors():
    article = read_article(SEED)
    assert article.title == SEED_TITLE
    assert article.date == "2022-08-19"
    assert article.authors == SEED_AUTHORS
    assert article.encoding == "utf-8" and article.format == "txt"


def test_seed_body_has_no_chrome_and_keeps_byline_last():
    article = read_article(SEED)
    assert article.body.startswith("Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười")
    for chrome in ("Xuất bản thông tin", "Chi tiết bài viết", "null"):
        assert chrome not in article.body
    assert SEED_TITLE not in article.body
    assert article.body.split("\n\n")[-1] == "BT: Nguyễn Thu – Hình: Vũ Chiến"
    # faults stay as scraped: reading does not normalize
    assert "01của" in article.body and "làm việc,Tổ" in article.body


def test_seed_raw_is_the_file_text():
    article = read_article(SEED)
    assert article.raw == SEED.read_text(encoding="utf-8")
    _check_body_invariant(article)


def test_pipeline_trace_over_body_spans_gives_the_body():
    from vnpolicy.pipeline import _body_trace

    article = read_article(SEED)
    assert _body_trace(article).text == article.body


# -- the samples ------------------------------------------------------------------------------

def test_samples_cover_every_format_and_enough_articles():
    suffixes = {p.suffix for p in ALL_SAMPLES}
    assert {".txt", ".html", ".json"} <= suffixes
    assert len(ALL_SAMPLES) >= 14


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_every_sample_reads_with_body_invariant(path):
    for article in read_file_articles(path):
        _check_body_invariant(article)
        assert article.title and article.title not in article.body
        assert 250 <= len(article.body.split()) <= 900
        paragraphs = [p.lower() for p in article.body.split("\n\n")]
        for chrome in ("lượt xem", "tin liên quan", "chia sẻ", "xuất bản thông tin", "các tin khác", "in bài viết"):
            assert not any(p.startswith(chrome) for p in paragraphs), chrome
        if article.authors and article.authors[0]["role"] != "source":
            # the byline stays in the body so the entity step finds the people there
            assert article.authors[-1]["name"] in article.body.split("\n\n")[-1]


SAMPLE_EXPECTATIONS = {
    "001_dan-van-kheo-cao-lanh.txt": (
        'Huyện Cao Lãnh sơ kết 5 năm thực hiện phong trào thi đua "Dân vận khéo" giai đoạn 2016 - 2021',
        "2021-04-16", [("Thanh Hà", "author+photo")]),
    "002_nong-thon-moi-nghi-loc.txt": (
        "Xã Nghi Phong đón Bằng công nhận đạt chuẩn nông thôn mới nâng cao",
        "2022-01-22", [("Quang Dũng", "author"), ("Hồ Lài", "photo")]),
    "003_ket-nap-dang-vien-tien-yen.txt": (
        "Chi bộ bản Khe Lặc tổ chức lễ kết nạp đảng viên mới", "2023-06-08", [("Hữu Nghĩa", "author")]),
    "006_dich-vu-cong-sa-dec.txt": (
        "Sa Đéc đẩy mạnh chuyển đổi số, nâng cao tỷ lệ hồ sơ dịch vụ công trực tuyến", "2023-09-27",
        [("Văn phòng HĐND và UBND thành phố", "source")]),
    "009_ocop-phong-dien.txt": ("Huyện Phong Điền có thêm 6 sản phẩm đạt chuẩn OCOP 3 sao", None, [("PV", "author")]),
    "011_khai-giang-nghe-an.txt": (
        "Huyện Yên Thành: Hơn 41.000 học sinh hân hoan bước vào năm học mới", "2022-09-05",
        [("Văn Trường", "author"), ("Ngọc Anh", "photo"), ("Đài Truyền thanh - Truyền hình huyện", "source")]),
    "015_ky-hop-hdnd-quynh-luu.html": (
        "Kỳ họp thứ 22 HĐND huyện Quỳnh Lưu khóa XX thông qua 12 nghị quyết quan trọng", "2024-12-19",
        [("Hồ Nhung", "author+photo")]),
    "016_ra-quan-tran-ap-toi-pham-lap-vo.json": (
        "Công an huyện Lấp Vò ra quân tấn công, trấn áp tội phạm năm 2025", "2025-03-05",
        [("Thanh Phong", "author")]),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_sample_title_date_authors(name):
    title, date, authors = SAMPLE_EXPECTATIONS[name]
    article = read_article(ARTICLES / name)
    assert article.title == title
    assert article.date == date
    assert [(a["name"], a["role"]) for a in article.authors] == authors


def test_organisation_in_parentheses_and_collective_byline():
    article = read_article(ARTICLES / "003_ket-nap-dang-vien-tien-yen.txt")
    assert article.authors == [{"name": "Hữu Nghĩa", "role": "author", "kind": "person",
                                "org": "Trung tâm TT-VH Tiên Yên"}]
    assert read_article(ARTICLES / "009_ocop-phong-dien.txt").authors[0]["kind"] == "collective"


def test_dateline_wins_and_event_date_is_kept():
    article = read_article(ARTICLES / "002_nong-thon-moi-nghi-loc.txt")
    assert article.date == "2022-01-22"  # "(Cập nhật: 22/01/2022 15:30)"
    assert article.meta["date_source"] == "dateline"
    assert article.meta["event_date"] == "2022-01-21"  # "Chiều 21/1," + the dateline's year


# -- HTML -------------------------------------------------------------------------------------

def test_html_main_text_without_menus_sidebar_footer():
    article = read_article(ARTICLES / "015_ky-hop-hdnd-quynh-luu.html")
    for furniture in ("Giới thiệu", "Thủ tục hành chính", "Văn bản chỉ đạo điều hành", "Tin mới", "Cơ quan chủ quản",
                      "Lượt truy cập", "Liên kết website", "Tìm kiếm", "Đánh giá bài viết", "window.dataLayer",
                      "Tiếp xúc cử tri trước kỳ họp", "giao 420 tân binh"):
        assert furniture.lower() not in article.raw.lower(), furniture
    assert article.body.startswith("Ngày 18/12/2024, HĐND huyện Quỳnh Lưu khóa XX")  # the lead paragraph
    assert "Quy định số 96-QĐ/TW" in article.body
    assert article.body.endswith("Tin, ảnh: Hồ Nhung")
    assert article.meta["event_date"] == "2024-12-18"
    _check_body_invariant(article)


def test_html_table_layout_without_class_hints():
    article = read_article(FIXTURES / "old_portal_table_layout.html")
    assert article.title == "Xã Mỹ Hòa ra quân xây dựng giao thông nông thôn năm 2022"
    assert article.date == "2022-03-12"
    assert article.body.startswith("Sáng ngày 11/3/2022, Đảng ủy, UBND")
    assert "Giới thiệu chung" not in article.raw and "Bản quyền" not in article.raw
    assert "Các tin khác" not in article.body and "Hội nghị cán bộ, công chức" not in article.body
    assert [(a["name"], a["role"]) for a in article.authors] == [("Hồng Gấm", "author"), ("Thanh Tâm", "photo")]


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text((ARTICLES / "015_ky-hop-hdnd-quynh-luu.html").read_text(encoding="utf-8"), encoding="utf-8")
    article = read_article(page)
    assert article.format == "html" and "<div" not in article.raw


# -- JSON and JSON Lines ----------------------------------------------------------------------

def test_jsonl_gives_one_article_per_line_with_line_ids():
    articles = read_file_articles(FIXTURES / "articles.jsonl")
    assert [a.id.rsplit("#", 1)[1] for a in articles] == ["1", "2", "3"]
    first, second, third = articles
    assert first.title == "Hội Nông dân huyện Tháp Mười tổ chức Đại hội đại biểu lần thứ XI"
    assert first.date == "2023-05-20" and first.meta["event_date"] == "2023-05-19"
    assert first.authors == [{"name": "Kim Ngân", "role": "author+photo", "kind": "person"}]
    # Vietnamese field names; a near-repeat of the title at the top of the text is dropped
    assert second.title == "Huyện Tháp Mười tiếp nhận 500 suất quà Tết cho hộ nghèo"
    assert second.body.startswith("Chiều 9/1, UBND huyện")
    assert [a["name"] for a in second.authors] == ["Minh Quân", "Thanh Tâm"]
    # HTML in a text field is read as a page
    assert third.body == "Sáng 2/2/2024, Huyện đoàn Tháp Mười ra quân Tháng Thanh niên năm 2024.\n\n" \
                         "Hơn 300 đoàn viên tham gia dọn vệ sinh, trồng cây xanh."
    for article in articles:
        _check_body_invariant(article)


def test_json_list_under_articles_key():
    articles = read_file_articles(FIXTURES / "two_articles.json")
    assert [a.title for a in articles] == ["Bài một", "Bài hai"]
    assert articles[1].authors == [{"name": "Báo Đồng Tháp", "role": "source", "kind": "organisation"}]
    with pytest.raises(ReadError, match="holds 2 articles"):
        read_article(FIXTURES / "two_articles.json")


def test_json_sample_has_url_meta():
    article = read_article(ARTICLES / "016_ra-quan-tran-ap-toi-pham-lap-vo.json")
    assert article.meta["url"].startswith("https://lapvo.dongthap.gov.vn/")
    assert article.format == "json"


# -- encodings --------------------------------------------------------------------------------

def _utf16_no_bom(text, order):
    return text.encode(f"utf-16-{order}")


ENCODERS = {
    "utf-8": (lambda t: t.encode("utf-8"), "utf-8"),
    "utf-8-bom": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    "utf-16-le-bom": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-bom": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
    "utf-16-le-no-bom": (lambda t: _utf16_no_bom(t, "le"), "utf-16-le"),
    "utf-16-be-no-bom": (lambda t: _utf16_no_bom(t, "be"), "utf-16-be"),
    "windows-1258": (encode_cp1258, "windows-1258"),
    "tcvn3": (encode_tcvn3, "tcvn3"),
    "vni": (encode_vni, "vni"),
    "vni-font-text-in-utf-8": (lambda t: encode_vni(t).decode("cp1252").encode("utf-8"), "vni-in-utf-8"),
    "tcvn3-font-text-in-utf-8": (lambda t: encode_tcvn3(t).decode("cp1252").encode("utf-8"), "tcvn3-in-utf-8"),
}


@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_seed_in_every_encoding_reads_the_same(name, tmp_path, seed_text):
    encode, expected = ENCODERS[name]
    path = tmp_path / f"seed-{name}.txt"
    path.write_bytes(encode(seed_text))
    article = read_article(path)
    assert article.encoding == expected
    assert article.raw == seed_text
    assert article.title == SEED_TITLE and article.date == "2022-08-19" and article.authors == SEED_AUTHORS


@pytest.mark.parametrize("path", [p for p in ALL_SAMPLES if p.suffix == ".txt"], ids=lambda p: p.name)
@pytest.mark.parametrize("encoding", ["windows-1258", "tcvn3", "vni"])
def test_every_sample_survives_legacy_encodings(path, encoding):
    text = path.read_text(encoding="utf-8")
    if encoding == "tcvn3":  # "»" (0xBB in Windows-1252) is "ằ" in TCVN3: not representable
        text = text.replace("»", ">")
    encode = {"windows-1258": encode_cp1258, "tcvn3": encode_tcvn3, "vni": encode_vni}[encoding]
    decoded, detected = decode_bytes(encode(text))
    assert detected == encoding
    if encoding == "tcvn3":  # ABC fonts have no capitals with tone marks: they come back lowercase
        assert decoded.lower() == text.lower()
    else:
        assert decoded == text


def test_legacy_tables_match_known_byte_strings():
    # Widely seen strings of the two standards, written independently of our tables.
    assert decode_tcvn3(b"\xa7\xb6ng b\xe9 t\xd8nh") == "Đảng bộ tỉnh"
    assert decode_tcvn3(b"Vi\xd6t Nam") == "Việt Nam"
    assert decode_tcvn3(b"Ng\xb5y 19/8/2022, Ban Th\xad\xeang v\xf4") == "Ngày 19/8/2022, Ban Thường vụ"
    assert decode_vni("Vieät Nam".encode("cp1252")) == "Việt Nam"
    assert decode_vni("Ñaûng boä tænh".encode("cp1252")) == "Đảng bộ tỉnh"
    assert decode_vni("Thöôøng vuï Huyeän uûy".encode("cp1252")) == "Thường vụ Huyện ủy"
    assert encode_cp1258("Việt") == b"Vi\xea\xf2t"  # ê, then the combining dot below


def test_cp1258_combining_marks_are_composed():
    text, encoding = decode_bytes(b"Ngh\x69\xf2 quy\xea\xect 01")  # i + dot below, ê + acute
    assert encoding == "windows-1258"
    assert text == "Nghị quyết 01" and len(text) == 13


def test_utf8_text_is_not_normalized(tmp_path):
    nfd = "Nghi\u0323 quyê\u0301t 01 cu\u0309a Ban Châ\u0301p ha\u0300nh"
    path = tmp_path / "nfd.txt"
    path.write_text(nfd + "\n", encoding="utf-8")
    assert read_article(path).raw == nfd + "\n"


# -- bad inputs: one clear message each -------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \r\n\t\n", "empty file"),
    ("bom-only.txt", codecs.BOM_UTF8 + b"\n", "empty file (only a byte-order mark)"),
    ("photo.txt", PNG, "binary file (looks like PNG image)"),
    ("report.txt", ZIP, "binary file (looks like ZIP archive (or .docx/.xlsx/.odt))"),
    ("dump.txt", b"abc\x00\x01\x02\xff\xfe" * 40, "binary file (contains NUL bytes)"),
    ("french.txt", "Le conseil municipal s'est réuni à la mairie où le maire a présenté".encode("latin-1"),
     "cannot decode: not UTF-8/UTF-16/Windows-1258/TCVN3/VNI"),
    ("broken.txt", "Ngày 19/8/2022, Ban Thường vụ Huyện ủy".encode() + b"\xff" + " Tháp Mười".encode() * 20,
     "cannot decode: not UTF-8/UTF-16/Windows-1258/TCVN3/VNI (invalid UTF-8 byte 0xFF at offset"),
    ("chinese.txt", "越南共产党第十三次全国代表大会在河内召开，会议讨论了经济社会发展问题。".encode("gbk") * 3,
     "cannot decode: not UTF-8/UTF-16/Windows-1258/TCVN3/VNI"),
    ("russian.txt", "Вьетнам провёл заседание народного совета провинции".encode("koi8_r") * 3,
     "cannot decode: not UTF-8/UTF-16/Windows-1258/TCVN3/VNI"),
    ("chrome-only.txt", "Xuất bản thông tin\n\nLượt xem: 911\n".encode(), "no article text found"),
    ("bad.json", b'{"title": "x", "content": ', "invalid JSON"),
    ("notext.json", json.dumps({"title": "Tiêu đề"}).encode(), "no text field"),
    ("emptytext.json", json.dumps({"content": "  "}).encode(), "empty article text"),
])
def test_bad_file_gives_one_clear_read_error(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_file_articles(path)
    assert info.value.path == str(path)
    assert info.value.problem.startswith(problem)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)


def test_bad_jsonl_line_is_named(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Ngày 1/6/2024, Huyện ủy họp."}\n{"text": oops}\n', encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_file_articles(path)
    assert info.value.path == f"{path}#2"
    assert info.value.problem.startswith("invalid JSON on line 2")


FEED_LINES = [
    json.dumps({"title": "Huyện ủy Tháp Mười họp", "text": "Ngày 1/6/2024, Ban Thường vụ Huyện ủy Tháp Mười "
                "họp bàn công tác dân vận năm 2024."}, ensure_ascii=False),
    json.dumps({"tieu_de": "UBND huyện Cao Lãnh sơ kết", "noi_dung": "Sáng 2/6/2024, UBND huyện Cao Lãnh tổ chức "
                "hội nghị sơ kết công tác xây dựng nông thôn mới."}, ensure_ascii=False),
    '{"text": "Ngày 3/6, Ban Dân vận Tỉnh ủy',  # cut off: not JSON
    json.dumps({"title": "Chỉ có tiêu đề"}, ensure_ascii=False),  # no text field
    json.dumps({"text": "Chiều 5/6/2024, Ủy ban Mặt trận Tổ quốc tỉnh Đồng Tháp tổ chức hội nghị tiếp xúc "
                "cử tri."}, ensure_ascii=False),
]


def _feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(FEED_LINES) + "\n", encoding="utf-8")
    return path


def test_bad_jsonl_lines_are_collected_and_the_good_ones_read(tmp_path):
    path = _feed(tmp_path)
    with pytest.raises(ReadError) as info:  # default: unchanged, the first bad line fails the file
        read_file_articles(path)
    assert info.value.path == f"{path}#3"
    articles, errors = read_file_articles(path, on_error="collect")
    assert [a.id for a in articles] == [f"{path}#1", f"{path}#2", f"{path}#5"]
    assert [a.title for a in articles][:2] == ["Huyện ủy Tháp Mười họp", "UBND huyện Cao Lãnh sơ kết"]
    assert articles[2].date == "2024-06-05" and "Mặt trận Tổ quốc" in articles[2].body
    assert [e.path for e in errors] == [f"{path}#3", f"{path}#4"]
    assert errors[0].problem.startswith("invalid JSON on line 3 (Unterminated string starting at column 10)")
    assert errors[1].problem.startswith("no text field")


def test_bad_element_of_a_json_list_is_collected(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"content": "Ngày 1/6/2024, Huyện ủy Tháp Mười họp."}, {"content": "   "}, 7,
                                {"content": "Ngày 4/6/2024, UBND huyện Lấp Vò họp."}], ensure_ascii=False),
                    encoding="utf-8")
    with pytest.raises(ReadError, match="#2: empty article text"):
        read_file_articles(path)
    articles, errors = read_file_articles(path, on_error="collect")
    assert [a.id for a in articles] == [f"{path}#1", f"{path}#4"]
    assert [(e.path, e.problem) for e in errors] == [
        (f"{path}#2", "empty article text in field 'content'"),
        (f"{path}#3", "expected a JSON object with a text field, got int")]


@pytest.mark.parametrize("name, data, problem", [
    ("blank.jsonl", b"\n  \n", "empty file"),
    ("photo.jsonl", PNG, "binary file"),
    ("broken.json", b'[{"content": "x"', "invalid JSON"),
    ("emptylist.json", b"[]", "empty JSON list"),
    ("notext.json", json.dumps({"title": "Tiêu đề"}).encode(), "no text field"),
])
def test_collect_still_raises_for_the_file_as_a_whole(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_file_articles(path, on_error="collect")
    assert info.value.path == str(path) and info.value.problem.startswith(problem)
    with pytest.raises(ValueError):
        read_file_articles(path, on_error="skip")


def test_read_articles_skips_a_bad_line_alone(tmp_path):
    path = _feed(tmp_path)
    (tmp_path / "z.txt").write_bytes(PNG)
    errors = []
    articles = list(read_articles(tmp_path, on_error=errors.append))
    assert [a.id for a in articles] == [f"{path}#1", f"{path}#2", f"{path}#5"]
    assert [e.path for e in errors] == [f"{path}#3", f"{path}#4", str(tmp_path / "z.txt")]
    assert len(list(read_articles(tmp_path, on_error="skip"))) == 3
    with pytest.raises(ReadError, match="#3: invalid JSON"):
        list(read_articles(tmp_path))


def test_missing_path_and_folder_without_articles(tmp_path):
    with pytest.raises(ReadError, match="no such file or folder"):
        list(read_articles(tmp_path / "khong-co"))
    (tmp_path / "notes.md").write_text("# ghi chú\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(PNG)
    with pytest.raises(ReadError, match=r"no article files \(\.txt, \.html, \.htm, \.json, \.jsonl, \.pdf, \.docx\) in this folder"):
        list(read_articles(tmp_path))
    with pytest.raises(ReadError, match="no such file"):
        read_article(tmp_path / "missing.txt")


def _folder_with_one_bad_file(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(PNG)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("Tiêu đề\n\nNgày 2/6/2024, UBND huyện Cao Lãnh họp.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("không đọc", encoding="utf-8")
    return tmp_path


def test_folder_is_read_recursively_in_order_and_bad_files_follow_on_error(tmp_path):
    folder = _folder_with_one_bad_file(tmp_path)
    assert [p.relative_to(folder).as_posix() for p in iter_article_files(folder)] == ["a.txt", "b.txt", "sub/c.txt"]
    with pytest.raises(ReadError, match="b.txt: binary file"):
        list(read_articles(folder))
    assert [a.title for a in read_articles(folder, on_error="skip")] == [SEED_TITLE, "Tiêu đề"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(list(read_articles(folder, on_error="warn"))) == 2
    assert [w.category for w in caught] == [ReadWarning]
    errors = []
    assert len(list(read_articles(folder, on_error=errors.append))) == 2
    assert [e.problem for e in errors] == ["binary file (looks like PNG image)"]
    with pytest.raises(ValueError):
        list(read_articles(folder, on_error="ignore"))


def test_read_articles_takes_a_list_of_paths():
    articles = list(read_articles([SEED, FIXTURES / "two_articles.json"]))
    assert [a.title for a in articles] == [SEED_TITLE, "Bài một", "Bài hai"]


def test_read_input_texts_gives_visible_text_for_html():
    [(name, text)] = list(read_input_texts([str(ARTICLES / "015_ky-hop-hdnd-quynh-luu.html")]))
    assert name.endswith(".html") and "<p>" not in text and "Quỳnh Lưu" in text
    [(name, text)] = list(read_input_texts([str(SEED)]))
    assert text == SEED.read_text(encoding="utf-8")


# -- parse_article: chrome, title, date, byline on small texts --------------------------------

def test_single_paragraph_without_chrome_is_all_body():
    text = "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp và làm việc với Tổ khảo sát."
    article = parse_article(text)
    assert article.title is None and article.body == text and article.body_spans == [(0, len(text))]
    assert article.date == "2022-08-19"


def test_first_paragraph_opening_with_a_date_is_not_a_title():
    text = "Ngày 5/3/2023, Huyện ủy tổ chức hội nghị\n\nHội nghị thống nhất các nội dung."
    article = parse_article(text)
    assert article.title is None and article.body.startswith("Ngày 5/3/2023")


def test_breadcrumb_label_dateline_share_and_related_list_are_chrome():
    text = ("Trang chủ > Tin tức > Xây dựng Đảng\n"
            "Xây dựng Đảng\n"
            "Huyện ủy Tháp Mười tổng kết công tác kiểm tra, giám sát\n"
            "Thứ Sáu, 19/08/2022 10:15 | Lượt xem: 911\n"
            "Chia sẻ Facebook Zalo\n"
            "Sáng 18/8, Ủy ban Kiểm tra Huyện ủy Tháp Mười tổng kết công tác kiểm tra, giám sát.\n"
            "Năm qua đã kiểm tra 12 tổ chức đảng.\n"
            "In bài viết\n"
            "Tin, ảnh: Minh Quân\n"
            "Tin liên quan\n"
            "Huyện ủy Tháp Mười sơ kết 6 tháng\n")
    article = parse_article(text)
    assert article.title == "Huyện ủy Tháp Mười tổng kết công tác kiểm tra, giám sát"
    assert article.date == "2022-08-19" and article.meta["event_date"] == "2022-08-18"
    assert article.body.split("\n\n") == [
        "Sáng 18/8, Ủy ban Kiểm tra Huyện ủy Tháp Mười tổng kết công tác kiểm tra, giám sát.",
        "Năm qua đã kiểm tra 12 tổ chức đảng.",
        "Tin, ảnh: Minh Quân",
    ]
    _check_body_invariant(article)


def test_text_given_title_is_removed_from_top_of_body():
    article = parse_article("Hội nghị sơ kết\n\nNội dung hội nghị.", title="Hội nghị sơ kết")
    assert article.body == "Nội dung hội nghị." and article.title == "Hội nghị sơ kết"


def test_pipeline_parses_raw_strings_with_the_reader():
    from vnpolicy.pipeline import _body_trace

    article = parse_article(SEED.read_text(encoding="utf-8"))
    assert _body_trace(article).text == article.body


@pytest.mark.parametrize("line, expected", [
    ("BT: Nguyễn Thu – Hình: Vũ Chiến", [("Nguyễn Thu", "editor"), ("Vũ Chiến", "photo")]),
    ("Tin, ảnh: Thanh Hà", [("Thanh Hà", "author+photo")]),
    ("Bài và ảnh: Vũ Linh", [("Vũ Linh", "author+photo")]),
    ("Tin: Quang Dũng - Ảnh: Hồ Lài", [("Quang Dũng", "author"), ("Hồ Lài", "photo")]),
    ("Ảnh: Ngọc Anh", [("Ngọc Anh", "photo")]),
    ("Nguồn: Báo Đồng Tháp", [("Báo Đồng Tháp", "source")]),
    ("(Theo Báo Nghệ An)", [("Báo Nghệ An", "source")]),
    ("PV", [("PV", "author")]),
    ("Hữu Nghĩa (Trung tâm VH-TT)", [("Hữu Nghĩa", "author")]),
    ("Thanh Tâm - Minh Khang", [("Thanh Tâm", "author"), ("Minh Khang", "author")]),
    ("Hồng Gấm - Ảnh: Thanh Tâm", [("Hồng Gấm", "author"), ("Thanh Tâm", "photo")]),
    ("Tin: Thu Hà, Minh Tuấn", [("Thu Hà", "author"), ("Minh Tuấn", "author")]),
    # not bylines
    ("Ảnh: Quang cảnh hội nghị", []),
    ("Hội nghị đã thống nhất các nội dung đề ra.", []),
    ("Trong đó: Nguyễn Văn A", []),
    ("Tháp Mười, ngày 19 tháng 8 năm 2022", []),
    ("Serena Williams - Anna Kournikova", []),  # foreign names ending a sports report
    ("Theo dự kiến, hội nghị sẽ bế mạc vào ngày 10/7.", []),
    ("THANH HÀ", [("THANH HÀ", "author")]),
    ("Ảnh: ảnh tư liệu", []),
])
def test_byline_forms(line, expected):
    assert [(a["name"], a["role"]) for a in parse_byline(line)] == expected


@pytest.mark.parametrize("line, iso", [
    ("(Cập nhật: 20/08/2022 10:15)", "2022-08-20"),
    ("Thứ Sáu, 19/08/2022", "2022-08-19"),
    ("Ngày đăng: 19-08-2022 | Lượt xem: 911", "2022-08-19"),
    ("Cập nhật lúc: 09:15 - 30/04/2023", "2023-04-30"),
    ("05/09/2022 14:02", "2022-09-05"),
    ("Thứ hai, ngày 12 tháng 9 năm 2022", "2022-09-12"),
    ("Hội nghị ngày 19/8/2022 tại Tháp Mười", None),
    ("Nghị quyết số 01-NQ/TU", None),
])
def test_dateline_forms(line, iso):
    assert meta_line_date(line) == iso


@pytest.mark.parametrize("paragraph, iso", [
    ("Ngày 19/8/2022, Ban Thường vụ Huyện ủy", "2022-08-19"),
    ("Sáng ngày 15/4/2021, Ban Thường vụ", "2021-04-15"),
    ("(CT) - Chiều 17/1/2024, Ban Vận động", "2024-01-17"),
    ("Chiều 21/1, Đảng ủy xã", None),  # no year and no dateline: no guess
    ("Qua 01 năm triển khai Nghị quyết 01", None),
])
def test_body_start_dates(paragraph, iso):
    assert body_start_date(paragraph) == iso


@pytest.mark.parametrize("line", [
    "Xuất bản thông tin", "Chi tiết bài viết Tin tức", "Chi tiết tin", "Lượt xem: 911", "null",
    "Trang chủ > Tin tức", "Chia sẻ", "In bài viết", "Từ khóa: Ninh Kiều, kiểm tra giám sát", "Về đầu trang",
])
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", [
    "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp",
    "Tin, ảnh: Thanh Hà", "Chi tiết các nội dung đã được hội nghị thống nhất thông qua và giao cho các ngành thực hiện.",
    "Trang chủ yếu của người dân là trồng lúa.",
])
def test_not_chrome(line):
    assert not is_chrome(line)


def test_related_list_markers():
    assert is_stop("Tin liên quan") and is_stop("Các tin khác") and is_stop("Tin cùng chuyên mục")
    assert not is_stop("Tin liên quan đến vụ việc đã được xác minh rõ.")


def test_windows_line_endings_and_header_byline():
    text = ("Huyện ủy Tháp Mười sơ kết 6 tháng\r\n"
            "Tác giả: Nguyễn Văn An\r\n"
            "Ngày 5/7/2023, Huyện ủy Tháp Mười tổ chức hội nghị sơ kết.\r\n"
            "Hội nghị thống nhất các nội dung.\r\n")
    article = parse_article(text)
    assert article.title == "Huyện ủy Tháp Mười sơ kết 6 tháng"
    assert article.authors == [{"name": "Nguyễn Văn An", "role": "author", "kind": "person"}]
    assert article.body == "Ngày 5/7/2023, Huyện ủy Tháp Mười tổ chức hội nghị sơ kết.\n\nHội nghị thống nhất các nội dung."
    assert "\r" not in article.body
    _check_body_invariant(article)


def test_uppercase_title_repeated_in_sentence_case():
    text = ("TIẾP VÀ LÀM VIỆC VỚI TỔ KHẢO SÁT CỦA BAN DÂN VẬN TỈNH ỦY\n\n"
            "Tiếp và làm việc với Tổ khảo sát của Ban Dân vận Tỉnh ủy\n\n"
            "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp.\n\nBT: Nguyễn Thu")
    article = parse_article(text)
    assert article.title == "TIẾP VÀ LÀM VIỆC VỚI TỔ KHẢO SÁT CỦA BAN DÂN VẬN TỈNH ỦY"
    assert article.body.startswith("Ngày 19/8/2022") and article.authors[0]["role"] == "editor"


def test_doctests_of_the_reader(monkeypatch):
    import doctest
    import importlib

    monkeypatch.chdir(ROOT)  # the read_articles example names data/articles/
    for name in ("article", "byline", "chrome", "dates", "encodings", "vietnamese", "__init__"):
        module = importlib.import_module("vnpolicy.read" + ("" if name == "__init__" else f".{name}"))
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, name


def test_legacy_encodings_on_real_news_never_guess_wrong(corpora_dir):
    """VNTC news (real text no one here wrote), re-encoded: detected right, or refused; never wrong."""
    import lzma
    import unicodedata

    texts = []
    with lzma.open(corpora_dir / "vntc" / "train.jsonl.xz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 41 == 0:
                texts.append(unicodedata.normalize("NFC", json.loads(line)["text"]))
            if len(texts) == 40:
                break
    right = tried = 0
    for text in texts:
        article = parse_article(text)
        _check_body_invariant(article)
        for name, encode in (("windows-1258", encode_cp1258), ("tcvn3", encode_tcvn3), ("vni", encode_vni)):
            try:
                data = encode(text)
            except (ValueError, UnicodeEncodeError):
                continue  # a character the legacy encoding cannot hold
            tried += 1
            try:
                decoded, detected = decode_bytes(data)
            except ReadError:
                continue
            assert detected == name
            assert (decoded.lower() == text.lower()) if name == "tcvn3" else (decoded == text)
            right += 1
    assert tried >= 100 and right / tried >= 0.97


def test_html_with_br_paragraphs_meta_title_and_inline_related_list():
    article = read_article(FIXTURES / "liferay_br_paragraphs.html")
    assert article.title == "Hội Cựu chiến binh huyện Tân Hồng sơ kết 6 tháng đầu năm 2023"  # og:title
    assert article.date == "2023-07-07" and article.meta["event_date"] == "2023-07-06"
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 4 and paragraphs[-1] == "Thanh Bình"
    assert article.authors == [{"name": "Thanh Bình", "role": "author", "kind": "person"}]
    for furniture in ("Hỏi đáp", "Sơ đồ cổng", "Cơ quan chủ quản", "Số lượt truy cập"):
        assert furniture not in article.raw
    assert "kiểm tra hoạt động Hội tại Tân Hồng" not in article.body
