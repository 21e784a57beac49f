"""Tables for people who use Excel: CSV with a BOM, flat attribute columns, .xlsx, typed Parquet."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from vnpolicy.cli import main

from conftest import ARTICLES

TWO = [str(ARTICLES / "000_c9ab4d96580aabf9.txt"), str(ARTICLES / "012_tiem-chung-thap-muoi.txt")]
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    (out / "bad.txt").write_bytes(b"\x00\x01\x02 not an article")
    inputs = [*TWO, str(out / "bad.txt")]
    for fmt, target, extra in (("csv", "csv", []), ("csv", "csv_nobom", ["--no-bom"]),
                               ("xlsx", "out.xlsx", []), ("parquet", "parquet", [])):
        code = main(["analyze", *inputs, "-o", str(out / target), "--format", fmt, "--workers", "1", "--quiet", *extra])
        assert code in (0, 1)
    return out


def test_csv_starts_with_a_bom_unless_turned_off(runs: Path) -> None:
    for name in ("documents", "entities", "corrections", "topics"):
        assert (runs / "csv" / f"{name}.csv").read_bytes().startswith(BOM)
        assert not (runs / "csv_nobom" / f"{name}.csv").read_bytes().startswith(BOM)
    docs = pd.read_csv(runs / "csv" / "documents.csv", encoding="utf-8-sig")
    assert list(docs.columns)[0] == "doc_id"  # the BOM is not part of the first header


def test_flat_columns_for_common_attributes(runs: Path) -> None:
    ents = pd.read_csv(runs / "csv" / "entities.csv", encoding="utf-8-sig", dtype=str)
    org = ents[ents["text"] == "Ban Dân vận Tỉnh ủy"].iloc[0]
    assert (org["kind"], org["level"], org["province"]) == ("party", "tinh", "Tỉnh Đồng Tháp")
    qd = ents[ents["text"].str.startswith("Quyết định số 3802/QĐ-BYT")].iloc[0]
    assert (qd["doc_type"], qd["number"], qd["code"]) == ("quyet_dinh", "3802", "QĐ-BYT")
    assert json.loads(qd["attrs"])["code"] == "QĐ-BYT"
    nq = ents[ents["text"] == "Nghị quyết số 01 của Ban Chấp hành Đảng bộ tỉnh khóa XI"].iloc[0]
    assert nq["number"] == "01"  # written as text: the leading zero stays  # the full attrs stay beside the flat columns
    docs = pd.read_csv(runs / "csv" / "documents.csv", encoding="utf-8-sig")
    assert docs.loc[0, "author_names"] == "Nguyễn Thu; Vũ Chiến"


def test_xlsx_has_one_sheet_per_table_and_the_errors(runs: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra (openpyxl) is not installed")
    book = openpyxl.load_workbook(runs / "out.xlsx", read_only=True)
    assert book.sheetnames == ["documents", "entities", "corrections", "topics", "errors"]
    docs = list(book["documents"].iter_rows(values_only=True))
    assert docs[0][0] == "doc_id" and len(docs) == 3
    assert "Ban Dân vận Tỉnh ủy" in docs[1][docs[0].index("text")]
    errors = list(book["errors"].iter_rows(values_only=True))
    assert len(errors) == 2 and errors[1][0].endswith("bad.txt")  # every input accounted for
    assert not list(runs.glob(".out.xlsx*"))  # no journal or temporary file left


def test_parquet_authors_are_a_list_of_structs(runs: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(runs / "parquet" / "documents.parquet")
    assert table.schema.field("authors").type == pa.list_(pa.struct([("name", pa.string()), ("role", pa.string())]))
    assert [a["name"] for a in table.column("authors")[0].as_py()] == ["Nguyễn Thu", "Vũ Chiến"]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc")
def test_csv_opens_in_libreoffice_with_vietnamese_intact(runs: Path, tmp_path: Path) -> None:
    # What a user gets choosing "Unicode (UTF-8)" in LibreOffice's import dialog (pre-selected
    # when the file has a BOM): headless conversion needs it said (filter token 76 = UTF-8).
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(["soffice", profile, "--headless", "--infilter=Text - txt - csv (StarCalc):44,34,76",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(runs / "csv" / "documents.csv")],
                   check=True, capture_output=True, timeout=180)
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(openpyxl.load_workbook(tmp_path / "documents.xlsx").active.iter_rows(values_only=True))
    assert rows[0][0] == "doc_id"  # the BOM did not leak into the first header
    titles = [r[rows[0].index("title")] for r in rows[1:]]
    assert titles[0].startswith("Tiếp và làm việc với Tổ khảo sát của Ban Dân vận Tỉnh ủy")
    assert rows[1][rows[0].index("author_names")] == "Nguyễn Thu; Vũ Chiến"
