"""Write the reader's extra gallery cases: NFD copies, PDF (text layer and scanned) and .docx.

    .venv/bin/python scripts/make_read_fixtures.py      # (re)writes tests/fixtures/read/extra/

The files are committed, so tests need neither these libraries' writers nor fonts. Needs
``fpdf2`` (PDF writing), ``python-docx`` and Pillow, and the DejaVu Sans font (Debian package
fonts-dejavu-core) for Vietnamese letters in the PDF. The texts are written for the project
(made-up numbers and names); the NFD copies are of gallery pages.
"""

from __future__ import annotations

import json
import random
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "tests" / "fixtures" / "read" / "gallery"
OUT = ROOT / "tests" / "fixtures" / "read" / "extra"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

DECISION_BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị quyết số 05-NQ/TU ngày 10 tháng 01 năm 2022 của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số;",
    "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông.",
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số tỉnh Đồng Tháp năm 2024.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ngành tỉnh và Chủ tịch UBND các huyện, thành phố "
    "chịu trách nhiệm thi hành Quyết định này./.",
]

PLAN_LINES = [
    "HUYỆN ỦY THÁP MƯỜI",
    "BAN DÂN VẬN",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số: 45-KH/BDVHU",
    "Tháp Mười, ngày 02 tháng 4 năm 2024",
    "KẾ HOẠCH",
    "Triển khai phong trào thi đua \"Dân vận khéo\" năm 2024",
    "Thực hiện Kế hoạch số 12-KH/BDVTU ngày 15/3/2024 của Ban Dân vận Tỉnh ủy, Ban Dân vận Huyện ủy "
    "xây dựng kế hoạch triển khai phong trào thi đua \"Dân vận khéo\" năm 2024 như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Nâng cao nhận thức của cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể về vai trò của "
    "công tác dân vận trong tình hình mới.",
    "II. NỘI DUNG",
    "Mỗi xã, thị trấn đăng ký ít nhất 02 mô hình \"Dân vận khéo\" và báo cáo kết quả trước ngày 15/11/2024.",
]

ARTICLE_DOCX = [
    "Thanh Bình ra quân hỗ trợ nông dân thu hoạch lúa",
    "Ngày đăng: 18/03/2024",
    "Sáng 17/3, Huyện đoàn Thanh Bình tổ chức ra quân hỗ trợ nông dân thu hoạch lúa đông xuân "
    "tại xã Tân Mỹ.",
    "Hơn 80 đoàn viên thanh niên đã giúp 12 hộ có hoàn cảnh khó khăn cắt, vận chuyển lúa trên diện tích 6 ha.",
    "Tin, ảnh: Quốc Việt",
]


def _decision_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_font("DejaVu", "B", 11)
    for left, right in (("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                        ("TỈNH ĐỒNG THÁP", "Độc lập - Tự do - Hạnh phúc")):
        pdf.cell(75, 6, left, align="C")
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(75, 8, "Số: 123/QĐ-UBND", align="C")
    pdf.cell(0, 8, "Đồng Tháp, ngày 15 tháng 3 năm 2024", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, "QUYẾT ĐỊNH", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, "Về việc ban hành Kế hoạch chuyển đổi số tỉnh Đồng Tháp năm 2024", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.cell(0, 6, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    for paragraph in DECISION_BODY:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.set_creation_date(datetime(2024, 3, 15, tzinfo=timezone.utc))  # reproducible bytes
    pdf.output(str(path))


def _scanned_pdf(path: Path) -> None:
    """A page that is only a picture (as a scanner makes it): no text layer at all."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    rng = random.Random(12)
    image = Image.new("L", (600, 840), 245)
    draw = ImageDraw.Draw(image)
    for y in range(80, 800, 22):  # grey strokes where lines of text would be
        x = 60
        while x < 540:
            w = rng.randint(15, 60)
            draw.rectangle([x, y, min(x + w, 540), y + 8], fill=rng.randint(40, 90))
            x += w + rng.randint(6, 14)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210)
    pdf.output(str(path))


def _docx(path: Path, lines: list[str], *, header_table: bool = False) -> None:
    import docx

    document = docx.Document()
    rest = lines
    if header_table:  # a văn bản's header: issuer | motto, number | place and date
        table = document.add_table(rows=3, cols=2)
        cells = [(lines[0], lines[2]), (lines[1], ""), (lines[3], lines[4])]
        for row, (left, right) in zip(table.rows, cells):
            row.cells[0].text, row.cells[1].text = left, right
        rest = lines[5:]
    for line in rest:
        document.add_paragraph(line)
    document.core_properties.author = "vnpolicy"
    document.save(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    expected = json.loads((GALLERY / "expected.json").read_text(encoding="utf-8"))["pages"]
    cases: dict[str, dict] = {}
    for name in ("p02_dangbo_kimson_caps_masthead.txt", "p05_trieuphong_table_caps_title.txt",
                 "h14_tinh_dnn_jsonld.html", "h25_repeat_title_views_inside.html"):
        copy = f"nfd_{name}"
        text = (GALLERY / name).read_text(encoding="utf-8")
        (OUT / copy).write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
        cases[copy] = {**expected[name], "family": f"NFD copy of {name}"}
    _decision_pdf(OUT / "quyet_dinh_chuyen_doi_so.pdf")
    cases["quyet_dinh_chuyen_doi_so.pdf"] = {
        "family": "official document, PDF with a text layer",
        "title": "Quyết định số 123/QĐ-UBND về việc ban hành Kế hoạch chuyển đổi số tỉnh Đồng Tháp năm 2024",
        "date": "2024-03-15", "authors": ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"], "url": None,
        "body_first": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
        "body_last": "chịu trách nhiệm thi hành Quyết định này./.", "chrome": [],
        "doc_number": "123/QĐ-UBND", "doc_type": "Quyết định"}
    _scanned_pdf(OUT / "cong_van_scan.pdf")
    cases["cong_van_scan.pdf"] = {"family": "scanned PDF (no text layer)", "error": "no text layer: needs OCR"}
    _docx(OUT / "ke_hoach_dan_van_kheo.docx", PLAN_LINES, header_table=True)
    cases["ke_hoach_dan_van_kheo.docx"] = {
        "family": "official document, Word .docx with a header table",
        "title": "Kế hoạch số 45-KH/BDVHU triển khai phong trào thi đua \"Dân vận khéo\" năm 2024",
        "date": "2024-04-02", "authors": ["HUYỆN ỦY THÁP MƯỜI BAN DÂN VẬN"], "url": None,
        "body_first": "Thực hiện Kế hoạch số 12-KH/BDVTU",
        "body_last": "báo cáo kết quả trước ngày 15/11/2024.", "chrome": [],
        "doc_number": "45-KH/BDVHU", "doc_type": "Kế hoạch"}
    _docx(OUT / "tin_thanh_binh.docx", ARTICLE_DOCX)
    cases["tin_thanh_binh.docx"] = {
        "family": "news article saved as Word .docx",
        "title": "Thanh Bình ra quân hỗ trợ nông dân thu hoạch lúa", "date": "2024-03-18",
        "authors": ["Quốc Việt"], "url": None, "body_first": "Sáng 17/3, Huyện đoàn Thanh Bình",
        "body_last": "trên diện tích 6 ha.", "chrome": ["Ngày đăng: 18/03/2024"]}
    note = ("Extra reader cases written by scripts/make_read_fixtures.py: NFD copies of gallery pages, "
            "an official decision as a PDF with a text layer, a scanned PDF (no text layer), a plan and "
            "an article as Word .docx. Made-up numbers and names.")
    (OUT / "expected.json").write_text(json.dumps({"_note": note, "pages": cases}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
