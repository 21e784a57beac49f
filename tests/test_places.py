"""Place resolution: the article's own place, and "UBND huyện" resolved to it."""

from __future__ import annotations

import pytest

import vnpolicy
from vnpolicy import analysis

from conftest import ARTICLES

# Written for these tests.
THAP_MUOI = ("Sáng 5/3/2024, Ban Thường vụ Huyện ủy Tháp Mười làm việc với Đảng ủy xã Mỹ An về công tác "
             "xây dựng Đảng. Tại buổi làm việc, Đảng ủy xã báo cáo kết quả kết nạp 12 đảng viên mới. "
             "Đồng chí Phó Chủ tịch UBND huyện đề nghị xã Mỹ An tiếp tục làm tốt công tác dân vận. "
             "Ban Thường vụ Huyện ủy giao UBND huyện phối hợp với xã Mỹ An hoàn thành kế hoạch.")
CAN_THO = ("Ngày 10/4/2024, UBND thành phố Cần Thơ tổ chức hội nghị triển khai chuyển đổi số. Phát biểu tại "
           "hội nghị, Chủ tịch UBND thành phố đề nghị các quận, huyện đẩy mạnh dịch vụ công trực tuyến.")
NO_LOC = ("Huyện ủy Tháp Mười tổ chức hội nghị học tập nghị quyết cho cán bộ chủ chốt. Ban Tuyên giáo "
          "Huyện ủy triển khai kế hoạch tuyên truyền đến các chi bộ.")


def _org(doc: vnpolicy.Document, text: str) -> dict:
    return next(e.attrs for e in doc.entities if e.label == "ORG" and e.text == text)


def test_generic_bodies_are_resolved_to_the_articles_district_and_commune() -> None:
    doc = vnpolicy.analyze(THAP_MUOI)
    assert (doc.meta["province"], doc.meta["district"], doc.meta["ward"]) == (
        "Tỉnh Đồng Tháp", "Huyện Tháp Mười", "Xã Mỹ An")
    ubnd = _org(doc, "UBND huyện")
    assert ubnd["resolved_name"] == "UBND huyện Tháp Mười"
    assert (ubnd["province"], ubnd["district"], ubnd["level"]) == ("Tỉnh Đồng Tháp", "Huyện Tháp Mười", "huyen")
    assert "Xã Tháp Mười" in ubnd["post_2025"]["wards"]  # the units that replaced the district in 2025
    assert _org(doc, "Ban Thường vụ Huyện ủy")["resolved_name"] == "Ban Thường vụ Huyện ủy Tháp Mười"
    dang_uy = _org(doc, "Đảng ủy xã")
    assert dang_uy["resolved_name"] == "Đảng ủy xã Mỹ An" and dang_uy["ward"] == "Xã Mỹ An"
    assert dang_uy["post_2025"]["ward"] == "Xã Tháp Mười"


def test_ubnd_thanh_pho_in_can_tho_is_the_city_itself() -> None:
    doc = vnpolicy.analyze(CAN_THO)
    body = _org(doc, "UBND thành phố")
    assert body["level"] == "tinh"
    assert body["resolved_name"] == "UBND thành phố Cần Thơ" and body["province"] == "Thành phố Cần Thơ"


def test_article_without_a_place_entity_takes_the_place_of_its_bodies() -> None:
    doc = vnpolicy.analyze(NO_LOC)
    assert not doc.ents("LOC")
    assert (doc.meta["province"], doc.meta["district"]) == ("Tỉnh Đồng Tháp", "Huyện Tháp Mười")
    frames = vnpolicy.to_frames([doc])
    assert frames["documents"].loc[0, ["province", "district"]].tolist() == ["Tỉnh Đồng Tháp", "Huyện Tháp Mười"]


def test_two_districts_named_alike_are_not_guessed() -> None:
    doc = vnpolicy.analyze("UBND huyện Tháp Mười và UBND huyện Cao Lãnh ký kết hợp tác. UBND huyện chủ trì.")
    assert "district" not in doc.meta
    assert "resolved_name" not in _org(doc, "UBND huyện")


@pytest.mark.parametrize("name", ["012_tiem-chung-thap-muoi.txt", "015_ky-hop-hdnd-quynh-luu.html"])
def test_top_organizations_on_bundled_articles_lists_resolved_bodies(name: str) -> None:
    docs = [vnpolicy.analyze(a) for a in vnpolicy.read_articles(ARTICLES / name)]
    table = analysis.top_organizations(vnpolicy.to_frames(docs), n=None)
    orgs = set(table["organization"])
    assert not orgs & {"Ủy ban nhân dân huyện", "Hội đồng nhân dân huyện", "Trung tâm Y tế huyện"}
    expected = {"012_tiem-chung-thap-muoi.txt": "Ủy ban nhân dân huyện Tháp Mười",
                "015_ky-hop-hdnd-quynh-luu.html": "Ủy ban nhân dân huyện Quỳnh Lưu"}[name]
    assert expected in orgs
    variants = [v for vs in table["variants"] for v in vs]
    assert any(v.startswith("UBND huyện ") or v.startswith("Ủy ban nhân dân huyện ") for v in variants)


def _generic_doc(**fields) -> vnpolicy.Document:
    from vnpolicy.document import Entity

    text = "UBND huyện chỉ đạo các xã ra quân làm giao thông nông thôn."
    return vnpolicy.Document(raw=text, text=text, entities=[
        Entity("ORG", "UBND huyện", 0, 10, {"kind": "state", "level": "huyen", "place": "huyện"})], **fields)


def test_portal_address_and_byline_give_the_place_when_the_text_does_not() -> None:
    from vnpolicy.places import resolve_places

    by_url = resolve_places(_generic_doc(meta={"url": "https://thapmuoi.dongthap.gov.vn/tin-tuc/123"}))
    assert (by_url.meta["province"], by_url.meta["district"]) == ("Tỉnh Đồng Tháp", "Huyện Tháp Mười")
    assert by_url.entities[0].attrs["resolved_name"] == "UBND huyện Tháp Mười"
    by_line = resolve_places(_generic_doc(authors=[{"name": "Thanh Hà", "role": "Trung tâm Văn hóa huyện Tháp Mười"}]))
    assert by_line.meta["district"] == "Huyện Tháp Mười"
    nothing = resolve_places(_generic_doc())
    assert "province" not in nothing.meta and "resolved_name" not in nothing.entities[0].attrs
