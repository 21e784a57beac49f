"""PDF and Word files → articles, with the header of an official document (văn bản) read.

Articles cite official documents (quyết định, kế hoạch, công văn…) that come as ``.pdf`` or
``.docx``. Their text is taken with pure-Python libraries (``pypdf``, ``python-docx``; imported
only when such a file is read). A PDF without a text layer (a scan) is a
:class:`~vnpolicy.errors.ReadError` "no text layer: needs OCR", never an empty document.

The first page of a văn bản follows Nghị định 30/2020/NĐ-CP: the issuing body on the left, the
national motto on the right, "Số: 123/QĐ-UBND" and "Đồng Tháp, ngày 15 tháng 3 năm 2024", the
type in capitals ("QUYẾT ĐỊNH") and the trích yếu ("Về việc …", "V/v …"). :func:`official_header`
reads those into ``meta`` (``doc_number``, ``doc_type``, ``issuer``, ``issued``, ``summary``);
the title is the type plus the trích yếu, the date the issue date, and the issuer the one
author (``role`` "issuer"). A file that is not a văn bản is read as an article's text.

>>> text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\nTỈNH ĐỒNG THÁP Độc lập - Tự do - Hạnh phúc\\n"
...         "Số: 123/QĐ-UBND Đồng Tháp, ngày 15 tháng 3 năm 2024\\nQUYẾT ĐỊNH\\n"
...         "Về việc ban hành Kế hoạch chuyển đổi số năm 2024\\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\\n"
...         "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
>>> h = official_header(text)
>>> h["doc_number"], h["doc_type"], h["issuer"], h["issued"]
('123/QĐ-UBND', 'Quyết định', 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP', '2024-03-15')
>>> h["summary"]
'Về việc ban hành Kế hoạch chuyển đổi số năm 2024'
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from vnpolicy.document import Article
from vnpolicy.errors import ReadError
from vnpolicy.read.article import parse_article
from vnpolicy.read.dates import parse_date
from vnpolicy.read.encodings import read_file_bytes
from vnpolicy.resources import read_lines

DOCUMENT_SUFFIXES = (".pdf", ".docx")
#: How far into the text the header of a văn bản is looked for.
HEADER_CHARS = 1500

_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc"
                    r"|CỘNG\s+HOÀ\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM",
                    re.IGNORECASE)
_NUMBER = re.compile(r"\bSố\s*:\s*(?P<number>[0-9][0-9A-Za-zĐđ/.\-–]*[0-9A-Za-zĐđ])")
_ISSUED = re.compile(r"(?:[A-ZĐ][^\n,]{1,40},\s*)?ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_SUMMARY = re.compile(r"^(?:Về\s+việc|V/v|Về|Ban\s+hành|Quy\s+định|Triển\s+khai|Thực\s+hiện)\b", re.IGNORECASE)
_RULE = re.compile(r"^[\s_\-–—=*.]+$")


@cache
def _doc_types() -> dict[str, str]:
    """Type names in capitals → their usual spelling ("QUYẾT ĐỊNH" → "Quyết định")."""
    types: dict[str, str] = {}
    for line in read_lines("entities", "doc_types.tsv"):
        word = line.split("\t")[0].strip()
        if word and not word.isupper():  # "Quyết định", not the abbreviation "QĐ"
            types.setdefault(word.upper(), word)
    return types


def pdf_text(path: str | Path) -> str:
    """The text layer of a PDF, page after page; ReadError when it has none (a scan)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError(path, "reading PDF needs the pypdf package (pip install pypdf)") from None
    try:
        reader = PdfReader(io.BytesIO(read_file_bytes(path, sniff=False)))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure means we cannot open it
                raise ReadError(path, "encrypted PDF (needs a password)") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ReadError(path, f"cannot read PDF ({type(error).__name__}: {error})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not any(ch.isalpha() for ch in text):
        raise ReadError(path, f"no text layer: needs OCR ({len(pages)} page{'s' if len(pages) != 1 else ''} "
                              "of images only)")
    return text


def docx_text(path: str | Path) -> str:
    """The paragraphs (and table cells, in order) of a Word .docx file."""
    try:
        import docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError(path, "reading .docx needs the python-docx package (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(read_file_bytes(path, sniff=False)))
    except ReadError:
        raise
    except Exception as error:  # noqa: BLE001 - a broken or mislabelled file: say so, do not crash
        raise ReadError(path, f"cannot read .docx ({type(error).__name__}: {error})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            paras = ["".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                     for p in cell.iter() if p.tag.endswith("}p")]
                            cells.append("\n".join(p for p in paras if p.strip()))
                    lines.extend(c for c in cells if c.strip())
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError(path, "empty document (no text in the .docx)")
    return text


def official_header(text: str) -> dict[str, Any]:
    """The header fields of a văn bản (see the module doc), or {} when ``text`` is not one."""
    head = unicodedata.normalize("NFC", text[:HEADER_CHARS])
    number = _NUMBER.search(head)
    issued = _ISSUED.search(head)
    if number is None and issued is None:
        return {}
    out: dict[str, Any] = {}
    if number:
        out["doc_number"] = number.group("number")
    if issued:
        out["issued"] = parse_date(issued.group())
    stop = min(m.start() for m in (number, issued) if m is not None)
    issuer = _MOTTO.sub(" ", head[:stop])
    issuer_lines = [ln.strip() for ln in issuer.splitlines() if ln.strip() and not _RULE.match(ln)]
    caps = [ln for ln in issuer_lines if _is_caps(ln)]
    if caps:
        out["issuer"] = " ".join(" ".join(caps).split())
    after = _MOTTO.sub(" ", head[min(m.end() for m in (number, issued) if m is not None):])
    # the header's other lines ("Đồng Tháp, ngày 15 tháng 3 năm 2024") are not the trích yếu
    lines = [ln.strip() for ln in after.splitlines()
             if ln.strip() and not _RULE.match(ln) and not _ISSUED.fullmatch(ln.strip())]
    types = _doc_types()
    summary: list[str] = []
    for line in lines[:8]:
        key = " ".join(line.split()).upper()
        if "doc_type" not in out and key in types and _is_caps(line):
            out["doc_type"] = types[key]
            continue
        if (not summary and _SUMMARY.match(line)) or (summary and line[:1].islower()):
            summary.append(line)  # a trích yếu, or its wrapped second line
            continue
        if summary or "doc_type" in out:
            break
    if summary:
        out["summary"] = " ".join(" ".join(summary).split())
    return out if ("doc_number" in out or "doc_type" in out) else {}


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def document_article(text: str, path: str, *, fmt: str) -> Article:
    """An Article from a PDF's or Word file's text: a văn bản with its header read, else an
    article's text as :func:`~vnpolicy.read.article.parse_article` reads it."""
    header = official_header(text)
    if not header:
        return parse_article(text, path, format=fmt)
    title = None
    if header.get("doc_type") or header.get("summary"):
        kind = header.get("doc_type", "")
        number = f" số {header['doc_number']}" if header.get("doc_number") else ""
        summary = header.get("summary", "")
        summary = summary[0].lower() + summary[1:] if summary and kind else summary
        title = " ".join(f"{kind}{number} {summary}".split())
    authors = [{"name": header["issuer"], "role": "issuer", "kind": "organisation"}] if header.get("issuer") else None
    meta = {**header, "document": True}
    if header.get("issued"):
        meta["published"] = header["issued"]
    article = parse_article(text, path, title=title, date=header.get("issued"), authors=authors, format=fmt,
                            meta=meta)
    article.body_spans, article.body = _document_body(text, header)
    return article


def _document_body(text: str, header: dict[str, Any]) -> tuple[list[tuple[int, int]], str]:
    """Body spans of a văn bản: every non-blank line after the header block."""
    from vnpolicy.read.article import _paragraphs

    spans = list(_paragraphs(text))
    start = 0
    marks = [header.get("summary"), header.get("doc_type")]
    for i, (s, e) in enumerate(spans[:40]):
        line = " ".join(unicodedata.normalize("NFC", text[s:e]).split())
        if any(m and (line == m or m.startswith(line) or line.upper() == m.upper()) for m in marks):
            start = i + 1
        elif header.get("summary") and line and line in header["summary"]:
            start = i + 1
    body: list[tuple[int, int]] = []
    for s, e in spans[start:] or spans:
        # a line the page width broke ("…của Ban Chấp hành Đảng bộ tỉnh" / "về chuyển đổi số;")
        # joins the one before it, so a sentence stays in one paragraph
        if body and text[body[-1][1] - 1] not in ".;:!?…" and text[s:s + 1].islower():
            body[-1] = (body[-1][0], e)
        else:
            body.append((s, e))
    return body, "\n\n".join(text[s:e] for s, e in body)


def read_document(path: str | Path) -> Article:
    """Read one .pdf or .docx file into an Article (ReadError naming the file and the problem)."""
    path = Path(path)
    suffix = path.suffix.lower()
    text = pdf_text(path) if suffix == ".pdf" else docx_text(path)
    article = document_article(text, str(path), fmt=suffix.lstrip("."))
    if not article.body.strip():
        raise ReadError(path, "no text found in the document")
    return article
