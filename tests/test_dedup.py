"""Near-duplicates: one story republished by several portals is counted once."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import vnpolicy
from vnpolicy import analysis
from vnpolicy.cli import main
from vnpolicy.dedup import mark_duplicates, stories
from vnpolicy.document import Document

# Written for this test: a district report, a provincial portal's copy (new title, a source
# line, the last paragraph trimmed, a figure changed) and a different story in the same template.
ORIGINAL = """Huyện Tháp Mười sơ kết 6 tháng thực hiện phong trào Dân vận khéo
Ngày 12/7/2024, Ban Dân vận Huyện ủy Tháp Mười tổ chức hội nghị sơ kết 6 tháng đầu năm thực hiện phong trào thi đua Dân vận khéo. Dự hội nghị có đồng chí Nguyễn Văn Hòa, Phó Bí thư Thường trực Huyện ủy.

Trong 6 tháng, toàn huyện xây dựng mới 42 mô hình dân vận khéo trên các lĩnh vực kinh tế, văn hóa, xã hội, quốc phòng và an ninh. Nhiều mô hình mang lại hiệu quả thiết thực như mô hình tuyến đường hoa, mô hình nhà đại đoàn kết và mô hình tổ tự quản giữ gìn an ninh trật tự ở ấp.

Các xã đã vận động nhân dân hiến hơn 12.000 mét vuông đất, đóng góp trên 3 tỷ đồng để làm đường giao thông nông thôn. Công tác dân vận của chính quyền được chú trọng, việc tiếp xúc, đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân được duy trì thường xuyên.

Phát biểu chỉ đạo, đồng chí Phó Bí thư Thường trực Huyện ủy đề nghị các cấp ủy tiếp tục nhân rộng các mô hình hay, cách làm hiệu quả, gắn phong trào với xây dựng nông thôn mới nâng cao."""

COPY = """Tháp Mười: 42 mô hình dân vận khéo trong 6 tháng đầu năm
(Cổng TTĐT tỉnh) - Ngày 12/7/2024, Ban Dân vận Huyện ủy Tháp Mười tổ chức hội nghị sơ kết 6 tháng đầu năm thực hiện phong trào thi đua Dân vận khéo. Dự hội nghị có đồng chí Nguyễn Văn Hòa, Phó Bí thư Thường trực Huyện ủy.

Trong 6 tháng, toàn huyện xây dựng mới 42 mô hình dân vận khéo trên các lĩnh vực kinh tế, văn hóa, xã hội, quốc phòng và an ninh. Nhiều mô hình mang lại hiệu quả thiết thực như mô hình tuyến đường hoa, mô hình nhà đại đoàn kết và mô hình tổ tự quản giữ gìn an ninh trật tự ở ấp.

Các xã đã vận động nhân dân hiến hơn 12.500 mét vuông đất, đóng góp trên 3 tỷ đồng để làm đường giao thông nông thôn. Công tác dân vận của chính quyền được chú trọng, việc tiếp xúc, đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân được duy trì thường xuyên.

Thanh Hà (Trung tâm Chính trị huyện Tháp Mười)"""

OTHER = """Huyện Cao Lãnh tổng kết công tác dân vận năm 2024
Ngày 20/12/2024, Ban Dân vận Huyện ủy Cao Lãnh tổ chức hội nghị tổng kết công tác dân vận năm 2024 và triển khai nhiệm vụ năm 2025. Dự hội nghị có lãnh đạo Ban Dân vận Tỉnh ủy Đồng Tháp.

Năm qua, Khối dân vận huyện tham mưu cấp ủy ban hành 15 văn bản lãnh đạo, chỉ đạo; phối hợp giải quyết dứt điểm 8 vụ việc khiếu nại phức tạp. Mặt trận Tổ quốc và các đoàn thể vận động đoàn viên, hội viên tham gia bảo vệ môi trường, trồng hơn 5.000 cây xanh.

Hội nghị khen thưởng 10 tập thể và 18 cá nhân có thành tích xuất sắc trong phong trào thi đua Dân vận khéo."""


def _doc(text: str, source: str, date: str) -> Document:
    title, _, body = text.partition("\n")
    return Document(raw=text, text=body, title=title, source=source, date=date)


def test_republished_copy_joins_the_original_and_the_earliest_is_canonical() -> None:
    docs = mark_duplicates([_doc(COPY, "tinh/copy.txt", "2024-07-13"), _doc(ORIGINAL, "huyen/goc.txt", "2024-07-12"),
                            _doc(OTHER, "huyen/khac.txt", "2024-12-20")])
    copy, original, other = docs
    assert copy.meta["cluster_id"] == original.meta["cluster_id"] == "huyen/goc.txt"
    assert (original.meta["is_canonical"], copy.meta["is_canonical"]) == (True, False)
    assert other.meta == {"cluster_id": "huyen/khac.txt", "is_canonical": True}  # same template, other story
    assert [d.source for d in stories(docs)] == ["huyen/goc.txt", "huyen/khac.txt"]


def test_undated_copies_keep_the_most_complete_one() -> None:
    docs = mark_duplicates([_doc(COPY, "copy.txt", None), _doc(ORIGINAL, "goc.txt", None)])  # type: ignore[arg-type]
    assert [d.meta["is_canonical"] for d in docs] == [False, True]  # the copy was trimmed


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("republished")
    for name, text in (("a_goc.txt", ORIGINAL), ("b_copy.txt", COPY), ("c_khac.txt", OTHER)):
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_analyze_marks_copies_and_analysis_counts_stories(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(corpus), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    marks = {Path(x["source"]).name: (Path(x["meta"]["cluster_id"]).name, x["meta"]["is_canonical"]) for x in lines}
    assert marks == {"a_goc.txt": ("a_goc.txt", True), "b_copy.txt": ("a_goc.txt", False),
                     "c_khac.txt": ("c_khac.txt", True)}
    docs = [d for d in vnpolicy.batch.read_jsonl(out) if isinstance(d, vnpolicy.Document)]
    frames = vnpolicy.to_frames(docs)
    assert analysis.topic_counts(frames)["documents"].sum() == 2  # stories, not copies
    assert analysis.topic_counts(frames, copies=True)["documents"].sum() == 3
    orgs = analysis.top_organizations(frames, n=None).set_index("organization")
    assert orgs.loc["Ban Dân vận Huyện ủy Tháp Mười", "articles"] == 1


def test_tables_carry_the_marks_and_no_dedup_turns_it_off(corpus: Path, tmp_path: Path) -> None:
    assert main(["analyze", str(corpus), "-o", str(tmp_path / "csv"), "--format", "csv", "--workers", "1",
                 "--quiet"]) == 0
    docs = pd.read_csv(tmp_path / "csv" / "documents.csv", encoding="utf-8-sig")
    assert docs["is_canonical"].tolist() == [True, False, True]
    back = {name: pd.read_csv(tmp_path / "csv" / f"{name}.csv", encoding="utf-8-sig")
            for name in ("documents", "entities", "corrections", "topics")}
    assert analysis.topic_counts(back)["documents"].sum() == 2  # read back from CSV too
    out = tmp_path / "plain.jsonl"
    assert main(["analyze", str(corpus), "-o", str(out), "--workers", "1", "--quiet", "--no-dedup"]) == 0
    assert all("cluster_id" not in json.loads(x)["meta"] for x in out.read_text(encoding="utf-8").splitlines())


def test_dask_run_marks_the_same_copies(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "dask.jsonl"
    assert main(["analyze", str(corpus), "-o", str(out), "--engine", "dask", "--workers", "1", "--quiet"]) == 0
    flags = [json.loads(x)["meta"]["is_canonical"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert flags == [True, False, True]


def test_notebook_counts_each_story_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat", reason="the notebook extra (nbformat) is not installed")
    nbclient = pytest.importorskip("nbclient", reason="the notebook extra (nbclient) is not installed")
    pytest.importorskip("ipykernel", reason="the notebook extra (ipykernel) is not installed")
    from test_notebook import NOTEBOOK, _kernel_manager

    corpus = tmp_path / "articles"
    corpus.mkdir()
    for name, text in (("a_goc.txt", ORIGINAL), ("b_copy.txt", COPY), ("c_khac.txt", OTHER)):
        (corpus / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("VNPOLICY_ARTICLES", str(corpus))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    stop = next(i for i, c in enumerate(cells) if c.source.startswith("analysis.topic_counts(frames)"))
    nb.cells = [c for c in nb.cells if c.cell_type == "markdown" or c in cells[: stop + 1]]
    client = nbclient.NotebookClient(nb, km=_kernel_manager(tmp_path), timeout=600,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    counts = cells[stop].outputs[0]["data"]["text/plain"]
    assert "dan_van" in counts
    rows = [line.split() for line in counts.splitlines()[1:] if line.strip()]
    assert sum(int(r[-2]) for r in rows) == 2  # three articles, two stories
