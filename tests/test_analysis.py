"""Corpus helpers over ``to_frames``: topics by month, cited documents, organizations, corrections."""

from __future__ import annotations

import pandas as pd
import pytest

import vnpolicy
from vnpolicy import analysis
from vnpolicy.document import Correction, Document, Entity

from conftest import ARTICLES


def _doc(source: str, date: str | None, topic: str | None, text: str, ents: list[tuple], fixes=()) -> Document:
    entities = []
    for label, words, attrs in ents:
        start = text.index(words)
        entities.append(Entity(label, words, start, start + len(words), attrs))
    return Document(raw=text, text=text, source=source, date=date, topic=topic,
                    topics=[(topic, 0.9)] if topic else [], entities=entities, corrections=list(fixes))


NQ01_FULL = {"doc_type": "nghi_quyet", "number": "01", "code": "NQ/TU"}
NQ01_ISSUER = {"doc_type": "nghi_quyet", "number": "01", "issuer": "Ban Chấp hành Đảng bộ tỉnh", "term": "XI"}
NQ01_BARE = {"doc_type": "nghi_quyet", "number": "01"}


@pytest.fixture()
def frames() -> dict[str, pd.DataFrame]:
    a = _doc("a", "2022-08-19", "dan_van",
             "Ban Dân vận Tỉnh ủy khảo sát 01 năm thực hiện Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh khóa XI. "
             "Nghị quyết số 01-NQ/TU đi vào cuộc sống. UBND tỉnh chỉ đạo.",
             [("ORG", "Ban Dân vận Tỉnh ủy", {"kind": "party", "level": "tinh"}),
              ("LEGAL_DOC", "Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh khóa XI", NQ01_ISSUER),
              ("LEGAL_DOC", "Nghị quyết số 01-NQ/TU", NQ01_FULL),
              ("ORG", "UBND tỉnh", {"kind": "state", "level": "tinh", "expanded": "Ủy ban nhân dân tỉnh"})],
             [Correction(3, 3, "", " ", "spacing"), Correction(10, 17, "Tồ quốc", "Tổ quốc", "typo", 0.97)])
    b = _doc("b", "2022-10-03", "dan_van",
             "Ủy ban nhân dân tỉnh và Ban Dân vận Tỉnh ủy sơ kết Nghị quyết 01. Quyết định số 123/QĐ-UBND được ban hành.",
             [("ORG", "Ủy ban nhân dân tỉnh", {"kind": "state", "level": "tinh"}),
              ("ORG", "Ban Dân vận Tỉnh ủy", {"kind": "party", "level": "tinh"}),
              ("LEGAL_DOC", "Nghị quyết 01", NQ01_BARE),
              ("LEGAL_DOC", "Quyết định số 123/QĐ-UBND", {"doc_type": "quyet_dinh", "number": "123", "code": "QĐ-UBND"})],
             [Correction(5, 5, "", " ", "spacing")])
    c = _doc("c", "2022-10-20", "kinh_te",
             "Nghị quyết số 02-NQ/TU về phát triển kinh tế; Luật Đất đai có hiệu lực.",
             [("LEGAL_DOC", "Nghị quyết số 02-NQ/TU", {"doc_type": "nghi_quyet", "number": "02", "code": "NQ/TU"}),
              ("LEGAL_DOC", "Luật Đất đai", {"doc_type": "luat"})])
    d = _doc("d", None, None, "Không có ngày.", [])
    return vnpolicy.to_frames([a, b, c, d])


def test_topics_by_month_counts_and_fills_gaps(frames) -> None:
    table = analysis.topics_by_month(frames)
    assert [str(p) for p in table.index] == ["2022-08", "2022-09", "2022-10"]
    assert table.loc[pd.Period("2022-10", "M"), "dan_van"] == 1
    assert table.loc[pd.Period("2022-10", "M"), "kinh_te"] == 1
    assert table.loc[pd.Period("2022-09", "M")].sum() == 0
    assert table.to_numpy().sum() == 3  # the undated, untopical document is left out
    assert analysis.topics_by_month(frames, freq="Q").to_numpy().tolist() == [[1, 0], [1, 1]]


def test_topic_counts(frames) -> None:
    table = analysis.topic_counts(frames)
    assert table["topic"].tolist() == ["dan_van", "kinh_te"]
    assert table["documents"].tolist() == [2, 1]
    assert table["name"].iloc[0] == "Dân vận"
    assert table["share"].iloc[0] == pytest.approx(0.5)


def test_mentions_of_one_resolution_are_grouped(frames) -> None:
    table = analysis.top_legal_documents(frames)
    first = table.iloc[0]
    # "Nghị quyết 01 của BCH Đảng bộ tỉnh khóa XI", "Nghị quyết số 01-NQ/TU" and a bare
    # "Nghị quyết 01" in another article: one document, cited by two articles.
    assert first["articles"] == 2 and first["mentions"] == 3
    assert first["number"] == "01" and first["code"] == "NQ/TU" and first["term"] == "XI"
    assert first["document"] == "Nghị quyết số 01-NQ/TU khóa XI"
    assert set(first["variants"]) == {"Nghị quyết 01 của Ban Chấp hành Đảng bộ tỉnh khóa XI",
                                      "Nghị quyết số 01-NQ/TU", "Nghị quyết 01"}
    # Resolution 02 of the same issuer is another document; the law is known by its name.
    assert "Nghị quyết số 02-NQ/TU" in table["document"].tolist()
    assert "Luật Đất đai" in table["document"].tolist()
    assert len(table) == 4
    assert analysis.top_legal_documents(frames, n=2).shape[0] == 2


def test_conflicting_identities_stay_apart() -> None:
    text = "Nghị quyết số 01-NQ/TU khóa X và Nghị quyết số 01-NQ/TU khóa XI."
    doc = _doc("x", "2020-01-01", None, text, [
        ("LEGAL_DOC", "Nghị quyết số 01-NQ/TU khóa X", {**NQ01_FULL, "term": "X"}),
        ("LEGAL_DOC", "Nghị quyết số 01-NQ/TU khóa XI", {**NQ01_FULL, "term": "XI"}),
    ])
    table = analysis.top_legal_documents(vnpolicy.to_frames([doc]))
    assert sorted(table["term"]) == ["X", "XI"]


def test_bare_reference_fitting_two_documents_is_not_guessed() -> None:
    x = _doc("x", None, None, "Nghị quyết số 01-NQ/TU khóa X.",
             [("LEGAL_DOC", "Nghị quyết số 01-NQ/TU khóa X", {**NQ01_FULL, "term": "X"})])
    y = _doc("y", None, None, "Nghị quyết số 01-NQ/TU khóa XI.",
             [("LEGAL_DOC", "Nghị quyết số 01-NQ/TU khóa XI", {**NQ01_FULL, "term": "XI"})])
    z = _doc("z", None, None, "Nghị quyết 01.", [("LEGAL_DOC", "Nghị quyết 01", NQ01_BARE)])
    table = analysis.top_legal_documents(vnpolicy.to_frames([x, y, z]))
    assert len(table) == 3 and table["mentions"].tolist() == [1, 1, 1]


def test_local_documents_are_told_apart_by_province() -> None:
    """Every province has its own "01-NQ/TU"; there is one "Nghị định 15/2020/NĐ-CP"."""
    text = "Tỉnh {p} quán triệt Nghị quyết số 01-NQ/TU và Nghị định 15/2020/NĐ-CP. UBND huyện họp."
    docs = []
    for source, province in (("dt", "Đồng Tháp"), ("qn", "Quảng Ninh"), ("qn2", "Quảng Ninh")):
        docs.append(_doc(source, None, None, text.format(p=province), [
            ("LOC", f"Tỉnh {province}", {"unit_type": "tinh", "province": f"Tỉnh {province}"}),
            ("LEGAL_DOC", "Nghị quyết số 01-NQ/TU", NQ01_FULL),
            ("LEGAL_DOC", "Nghị định 15/2020/NĐ-CP", {"doc_type": "nghi_dinh", "number": "15", "year": 2020,
                                                      "code": "NĐ-CP", "issuer": "Chính phủ"}),
            ("ORG", "UBND huyện", {"kind": "state", "expanded": "Ủy ban nhân dân huyện"}),
        ]))
    table = analysis.top_legal_documents(vnpolicy.to_frames(docs)).set_index("document")
    assert table.loc["Nghị định số 15/2020/NĐ-CP", "articles"] == 3
    assert table.loc["Nghị quyết số 01-NQ/TU (Tỉnh Quảng Ninh)", "articles"] == 2
    assert table.loc["Nghị quyết số 01-NQ/TU (Tỉnh Đồng Tháp)", "articles"] == 1
    assert pd.isna(table.loc["Nghị định số 15/2020/NĐ-CP", "province"])
    orgs = analysis.top_organizations(vnpolicy.to_frames(docs))
    assert orgs.loc[0, "provinces"] == ["Tỉnh Quảng Ninh", "Tỉnh Đồng Tháp"]


def test_top_organizations_use_the_expanded_name(frames) -> None:
    table = analysis.top_organizations(frames)
    rows = table.set_index("organization")
    assert rows.loc["Ủy ban nhân dân tỉnh", "articles"] == 2
    assert set(rows.loc["Ủy ban nhân dân tỉnh", "variants"]) == {"UBND tỉnh", "Ủy ban nhân dân tỉnh"}
    assert rows.loc["Ban Dân vận Tỉnh ủy", "kind"] == "party"
    assert len(table) == 2


def test_org_document_cooccurrence(frames) -> None:
    table = analysis.org_document_cooccurrence(frames)
    assert table.loc["Ban Dân vận Tỉnh ủy", "Nghị quyết số 01-NQ/TU khóa XI"] == 2
    assert table.loc["Ban Dân vận Tỉnh ủy", "Quyết định số 123/QĐ-UBND"] == 1
    # Article c names no organization, so its documents pair with nothing.
    assert "Nghị quyết số 02-NQ/TU" not in table.columns


def test_corrections_summary(frames) -> None:
    table = analysis.corrections_summary(frames).set_index("rule")
    assert table.loc["spacing", "corrections"] == 2 and table.loc["spacing", "articles"] == 2
    assert table.loc["typo", "examples"] == ["Tồ quốc → Tổ quốc"]


def test_empty_corpus() -> None:
    frames = vnpolicy.to_frames([])
    assert analysis.topics_by_month(frames).empty
    assert analysis.top_legal_documents(frames).empty
    assert analysis.top_organizations(frames).empty
    assert analysis.org_document_cooccurrence(frames).empty
    assert analysis.corrections_summary(frames).empty
    assert analysis.topic_counts(frames).empty


def test_tables_read_back_from_csv_work(frames, tmp_path) -> None:
    for name, table in frames.items():
        table.to_csv(tmp_path / f"{name}.csv", index=False)
    back = {name: pd.read_csv(tmp_path / f"{name}.csv") for name in frames}
    assert analysis.top_legal_documents(back).iloc[0]["mentions"] == 3


def test_on_the_bundled_articles() -> None:
    """The real samples through the real pipeline: every helper runs and agrees with the tables."""
    articles = list(vnpolicy.read_articles(ARTICLES))
    docs = list(vnpolicy.Pipeline().pipe(articles))
    frames = vnpolicy.to_frames(docs)
    assert len(frames["documents"]) == len(articles) >= 1
    by_month = analysis.topics_by_month(frames)
    dated = frames["documents"].dropna(subset=["date", "topic"])
    assert by_month.to_numpy().sum() == len(dated)
    counts = analysis.topic_counts(frames)
    assert counts["documents"].sum() == frames["documents"]["topic"].notna().sum()
    legal = analysis.top_legal_documents(frames, n=None)
    assert legal["mentions"].sum() == (frames["entities"]["label"] == "LEGAL_DOC").sum()
    orgs = analysis.top_organizations(frames, n=None)
    assert orgs["mentions"].sum() == (frames["entities"]["label"] == "ORG").sum()
    fixes = analysis.corrections_summary(frames)
    assert fixes["corrections"].sum() == len(frames["corrections"])
    analysis.org_document_cooccurrence(frames)


def test_documents_without_a_number_are_named_by_their_words() -> None:
    text = "Nghị quyết TW4 khoá XII, Nghị quyết Trung ương 4 khóa XII; Luật Đất đai 2013 và Luật Đất đai 2024."
    doc = _doc("x", None, None, text, [
        ("LEGAL_DOC", "Nghị quyết TW4 khoá XII", {"doc_type": "nghi_quyet", "plenum": 4, "term": "XII"}),
        ("LEGAL_DOC", "Nghị quyết Trung ương 4 khóa XII", {"doc_type": "nghi_quyet", "plenum": 4, "term": "XII"}),
        ("LEGAL_DOC", "Luật Đất đai 2013", {"doc_type": "luat", "name": "Luật Đất đai", "year": 2013}),
        ("LEGAL_DOC", "Luật Đất đai 2024", {"doc_type": "luat", "name": "Luật Đất đai", "year": 2024}),
    ])
    table = analysis.top_legal_documents(vnpolicy.to_frames([doc]))
    assert table["document"].tolist() == ["Nghị quyết TW4 khoá XII", "Luật Đất đai 2013", "Luật Đất đai 2024"]
    assert table["mentions"].tolist() == [2, 1, 1]
