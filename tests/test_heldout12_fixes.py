"""Fixes for what heldout12 (portal-style paragraphs annotated by readers who never saw the
system) still showed after its first round (tests/test_programme_names.py holds that round),
each on sentences written for the test. They read ``extract_entities``: the shipped tagger over
the rules' proposals, as the pipeline does."""

from __future__ import annotations

import pytest
from entity_helpers import found as _found

from vnpolicy.entities import extract_entities, rule_entities


@pytest.mark.parametrize("text,place,district", [
    ("Huyện Kbang chú trọng thực hiện quy chế dân chủ ở cơ sở.", "Huyện Kbang", "Huyện KBang"),
    ("Đoàn công tác đã đến thăm các hộ ở xã Ia Rvê.", "xã Ia Rvê", "Huyện Ea Súp"),
    ("Năm 2024, huyện K’Bang trồng mới 500 ha rừng.", "huyện K’Bang", "Huyện KBang"),
])
def test_a_name_the_dataset_writes_with_two_capitals_is_linked_as_portals_write_it(text, place, district):
    found = {e.text: e for e in extract_entities(text)}
    assert found[place].label == "LOC"
    assert found[place].attrs["district"] == district


@pytest.mark.parametrize("text,entity", [
    (("Huyện Kbang chú trọng thực hiện quy chế dân chủ ở cơ sở, nhất là việc công khai các khoản đóng "
      "góp của nhân dân."), ("LOC", "Huyện Kbang")),
    ("MTTQ huyện phối hợp uỷ ban nhân dân các xã tổ chức hội nghị đối thoại.", ("ORG", "MTTQ huyện")),
])
def test_a_linked_unit_or_a_front_committee_with_its_level_is_kept_at_a_sentence_start(text, entity):
    assert entity in _found(text)


def test_a_body_named_for_a_list_of_levels_is_generic():
    text = "Nếu tỷ lệ tín nhiệm thấp dưới 50% thì MTTQ phường, xã sẽ kiến nghị với HĐND cùng cấp."
    assert not any(label == "ORG" and t.startswith("MTTQ") for label, t in _found(text))


@pytest.mark.parametrize("text,date,start,end", [
    ("Do hoàn lưu bão, từ đêm 12 đến sáng 13/8/2025, nhiều bản của xã bị cô lập.",
     "từ đêm 12 đến sáng 13/8/2025", "2025-08-12", "2025-08-13"),
    ("Mưa to kéo dài từ chiều 3 đến hết ngày 4/10/2024 làm ngập 200 ha lúa.",
     "từ chiều 3 đến hết ngày 4/10/2024", "2024-10-03", "2024-10-04"),
])
def test_a_range_keeps_the_times_of_day_inside_it(text, date, start, end):
    dates = [e for e in rule_entities(text) if e.label == "DATE"]
    assert [d.text for d in dates] == [date]
    assert (dates[0].attrs["start"], dates[0].attrs["end"]) == (start, end)
    assert ("DATE", date) in _found(text)


@pytest.mark.parametrize("text,unit", [
    ("Phòng Cảnh sát hình sự Công an tỉnh Hà Tĩnh đã bắt giữ đối tượng truy nã.",
     "Phòng Cảnh sát hình sự Công an tỉnh Hà Tĩnh"),
    ("Cơ quan CSĐT Công an huyện Diễn Châu ra quyết định khởi tố vụ án.", "Cơ quan CSĐT Công an huyện Diễn Châu"),
    ("Phòng Cảnh sát PCCC và CNCH Công an tỉnh đã huy động 6 xe chữa cháy.",
     "Phòng Cảnh sát PCCC và CNCH Công an tỉnh"),
    ("Tổ công tác Đội CSGT – Trật tự Công an thị xã Hoàng Mai phát hiện xe quá tải.",
     "Đội CSGT – Trật tự Công an thị xã Hoàng Mai"),
    ("Sáng 2/9, Đội CSGT số 5 tăng cường lực lượng tại các nút giao.", "Đội CSGT số 5"),
])
def test_a_police_unit_and_the_body_it_belongs_to_are_one_org(text, unit):
    found = _found(text)
    assert ("ORG", unit) in found
    assert not any(label == "ORG" and t != unit and t in unit for label, t in found)


def test_the_rules_join_no_police_unit_over_cua():
    text = "Khi đó, Cơ quan An ninh điều tra và An ninh kinh tế của Bộ Công an phát hiện hợp đồng giả."
    assert [(e.label, e.text) for e in rule_entities(text)] == [("ORG", "Bộ Công an")]
    assert ("ORG", "Bộ Công an") in _found(text)


# -- found by heldout13 (tests on sentences written for them) -----------------------------------

@pytest.mark.parametrize("text,doc", [
    ("Xã phấn đấu hoàn thành Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2025 - 2030 trước thời hạn.",
     "Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2025 - 2030"),
    ("Huyện có 31 sản phẩm, vượt chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện đề ra.", "Nghị quyết Đại hội Đảng bộ huyện"),
])
def test_a_congress_resolution_may_name_the_body_alone_and_then_its_term(text, doc):
    found = _found(text)
    assert ("LEGAL_DOC", doc) in found
    assert not any(label == "DATE" for label, _ in found)


def test_a_district_named_with_its_unit_word_is_a_place_when_named_again_bare():
    text = "Sáng 4/5, UBND quận Hoàng Mai phát động chiến dịch diệt bọ gậy. Năm nay, Hoàng Mai ghi nhận 820 ca sốt xuất huyết."
    assert ("LOC", "Hoàng Mai") in _found(text)
    assert ("PER", "Hoàng Mai") not in _found(text)
    assert ("PER", "Hồ Chí Minh") in _found("Tại thành phố Hồ Chí Minh, đoàn dâng hương tưởng niệm Chủ tịch Hồ Chí Minh.")


@pytest.mark.parametrize("text,body", [
    ("Chiều 9/5, ủy ban kiểm tra Huyện ủy Thọ Xuân họp xét kỷ luật.", "ủy ban kiểm tra Huyện ủy Thọ Xuân"),
    ("Ban tuyên giáo Thành ủy Tam Điệp tổ chức hội nghị báo cáo viên.", "Ban tuyên giáo Thành ủy Tam Điệp"),
    ("Ban Xây dựng Đảng Đảng ủy xã Nga Sơn hướng dẫn các chi bộ kiểm điểm cuối năm.",
     "Ban Xây dựng Đảng Đảng ủy xã Nga Sơn"),
])
def test_a_party_commission_in_sentence_case_or_of_the_2025_reform_holds_its_committee(text, body):
    assert ("ORG", body) in _found(text)


def test_a_body_does_not_run_on_over_a_verb_and_a_count():
    found = _found("Công an xã xây dựng 8 mô hình camera an ninh ở các thôn.")
    assert ("ORG", "Công an xã") in found


@pytest.mark.parametrize("text,person", [
    ("UBKT Huyện ủy thi hành kỷ luật khiển trách đồng chí Lê Văn Th.; đồng thời yêu cầu chi bộ kiểm điểm.",
     "Lê Văn Th."),
    ("Cảnh cáo đồng chí Phạm Thị Ng., nguyên kế toán xã.", "Phạm Thị Ng."),
])
def test_a_withheld_name_keeps_the_dot_of_its_initial(text, person):
    assert ("PER", person) in _found(text)


def test_a_curated_national_programme_ends_before_va_and_an_activity():
    text = "Huyện gắn với thực hiện Chương trình MTQG xây dựng nông thôn mới và phát triển làng nghề truyền thống."
    assert ("PROGRAM", "Chương trình MTQG xây dựng nông thôn mới") in _found(text)


@pytest.mark.parametrize("text,not_org", [
    ("Kỷ luật khiển trách ông Trần Văn Q., nguyên Huyện ủy viên, nguyên Trưởng phòng Tài chính.", "Huyện ủy"),
    ("Đồng chí Lê Thị Mai, Tỉnh ủy viên, Giám đốc Sở Y tế phát biểu.", "Tỉnh ủy"),
])
def test_a_committee_member_is_a_title_not_the_committee(text, not_org):
    assert ("ORG", not_org) not in _found(text)


def test_a_fraction_with_no_month_is_no_date():
    found = _found("Năm 2024, xã đạt 19/19 tiêu chí và 18/18 chỉ tiêu kinh tế - xã hội.")
    assert [t for label, t in found if label == "DATE"] == ["Năm 2024"]


def test_the_peoples_police_is_a_body():
    text = "Nhân kỷ niệm Ngày truyền thống lực lượng Công an nhân dân, đoàn viên ra quân dọn vệ sinh."
    assert ("ORG", "Công an nhân dân") in _found(text)


@pytest.mark.parametrize("text,body", [
    ("Đoàn viên ra quân dọn vệ sinh môi trường. Lê Thu Trang (Trung tâm VH-TT&TT huyện)", "Trung tâm VH-TT&TT huyện"),
    ("Mỗi xã có 1 sản phẩm OCOP. (Nguồn: Cổng TTĐT huyện Nga Sơn)", "Cổng TTĐT huyện Nga Sơn"),
    ("Theo Cổng Thông tin điện tử tỉnh Hà Tĩnh, năm 2025 toàn tỉnh có 40 xã nông thôn mới nâng cao.",
     "Cổng Thông tin điện tử tỉnh Hà Tĩnh"),
])
def test_a_centre_with_a_hyphenated_abbreviation_and_a_news_portal_with_its_place_are_bodies(text, body):
    assert ("ORG", body) in _found(text)


def test_the_public_service_portal_is_no_body():
    found = _found("Tổ công nghệ số hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia.")
    assert not any(label == "ORG" for label, _ in found)


# -- found by heldout14 (after its first run) --------------------------------------------------

def test_president_ho_in_the_campaigns_phrase_is_a_person():
    text = "Chi bộ đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong đảng viên."
    assert ("PER", "Hồ Chí Minh") in _found(text)
    assert ("LOC", "Thành phố Hồ Chí Minh") in _found("Đoàn công tác của Thành phố Hồ Chí Minh đến thăm.")


def test_the_insurance_one_joins_is_no_body():
    found = _found("Năm 2025, toàn xã có 1.520 người tham gia BHXH tự nguyện và 98% dân số có thẻ BHYT.")
    assert not any(label == "ORG" for label, _ in found)


@pytest.mark.parametrize("text,head", [
    ("Sau đó, HTX đã đầu tư dây chuyền sấy khô. Thượng úy Lê Văn Nam, cán bộ Đồn cho biết.", None),
])
def test_a_head_noun_alone_is_no_body(text, head):
    assert not any(label == "ORG" for label, _ in _found(text))


@pytest.mark.parametrize("text,project", [
    ("Năm nay, Dự án 2 hỗ trợ 30 mô hình nuôi dê sinh sản cho hộ nghèo.", "Dự án 2"),
    ("Huyện ưu tiên Dự án 5 về phát triển giáo dục nghề nghiệp, giải quyết việc làm.", "Dự án 5"),
])
def test_a_numbered_project_ends_at_its_number_before_what_it_does(text, project):
    assert ("PROGRAM", project) in _found(text)


def test_a_circular_of_the_ethnic_affairs_committee_names_its_issuer():
    text = "Xã thực hiện theo Thông tư số 02/2022/TT-UBDT của Ủy ban Dân tộc, bảo đảm đúng đối tượng."
    found = {e.text: e for e in extract_entities(text)}
    doc = found["Thông tư số 02/2022/TT-UBDT của Ủy ban Dân tộc"]
    assert doc.label == "LEGAL_DOC" and doc.attrs["issuer"] == "Ủy ban Dân tộc"


@pytest.mark.parametrize("text,body", [
    ("Bà Lê Thị Hoa, Trưởng Ban công tác Mặt trận ấp cho biết, bà con góp 200 ngày công.", "Ban công tác Mặt trận ấp"),
    ("Năm 2025, Quỹ Hỗ trợ nông dân giải ngân 1,2 tỷ đồng cho 40 hộ.", "Quỹ Hỗ trợ nông dân"),
])
def test_front_boards_in_sentence_case_and_the_farmers_fund_are_bodies(text, body):
    assert ("ORG", body) in _found(text)


def test_the_body_of_every_unit_and_a_monthly_frequency_are_no_entities():
    found = _found("Mô hình được Ban Công tác Mặt trận các ấp triển khai; buổi cân đo duy trì mỗi tháng 1 lần.")
    assert found == []


# -- found by heldout15 (after its first run) --------------------------------------------------

@pytest.mark.parametrize("text,date", [
    ("Trong hai ngày 14 - 15/11/2025, Hội Nông dân tỉnh tổ chức đại hội.", "14 - 15/11/2025"),
    ("Trong 2 ngày 3 và 4/10, xã tổ chức hội chợ nông sản.", "3 và 4/10"),
])
def test_a_count_of_days_keeps_ngay_out_of_the_range(text, date):
    assert ("DATE", date) in _found(text)
    assert ("DATE", "Ngày 14 - 15/11/2025") in _found("Ngày 14 - 15/11/2025, tỉnh tổ chức đại hội.")


def test_ctmtqg_written_as_one_word_heads_each_national_programme():
    text = "Giải ngân vốn CTMTQG xây dựng nông thôn mới, CTMTQG giảm nghèo bền vững còn chậm; CTMTQG 1719 hỗ trợ 40 hộ."
    found = [t for label, t in _found(text) if label == "PROGRAM"]
    assert found == ["CTMTQG xây dựng nông thôn mới", "CTMTQG giảm nghèo bền vững", "CTMTQG 1719"]


def test_a_count_of_months_after_the_national_programmes_is_a_date():
    text = "Xã báo cáo kết quả thực hiện các chương trình MTQG 11 tháng năm 2025 tại hội nghị."
    assert ("DATE", "11 tháng năm 2025") in _found(text)


def test_no_entity_runs_over_a_sentence_a_portal_began_in_lower_case():
    text = "Xã triển khai theo Nghị quyết 57-NQ/TW của Bộ Chính trị. uỷ ban nhân dân xã đặt mục tiêu 80% hồ sơ trực tuyến."
    found = _found(text)
    assert ("LEGAL_DOC", "Nghị quyết 57-NQ/TW của Bộ Chính trị") in found
    assert ("ORG", "uỷ ban nhân dân xã") in found


@pytest.mark.parametrize("text,entity,absent", [
    ("Theo Ban Chỉ huy PCTT và TKCN tỉnh, mưa lớn làm sạt lở 12 điểm.", ("ORG", "Ban Chỉ huy PCTT và TKCN tỉnh"), None),
    ("Hội vận động hội viên hiến đất làm đường. BT: Minh Thu", ("PER", "Minh Thu"), ("ORG", "BT")),
    ("Thứ Tư, 12/3/2025 Huyện ủy tổ chức hội nghị.", ("DATE", "12/3/2025"), ("PER", "Thứ Tư")),
    ("Mặt trận xã phối hợp với Hội Cựu chiến binh vận động 30 hộ hiến đất.", ("ORG", "Hội Cựu chiến binh"), None),
])
def test_joined_abbreviations_a_bylines_role_a_datelines_weekday_and_a_verb_after_a_body(text, entity, absent):
    found = _found(text)
    assert entity in found
    assert absent is None or absent not in found


@pytest.mark.parametrize("text,entity", [
    ("Mưa lớn từ chiều 23 đến rạng sáng 24/7 làm sạt lở 5 điểm.", ("DATE", "từ chiều 23 đến rạng sáng 24/7")),
    ("Huyện hoàn thành 18/20 chỉ tiêu Nghị quyết Đại hội nhiệm kỳ 2020-2025.", ("LEGAL_DOC", "Nghị quyết Đại hội nhiệm kỳ 2020-2025")),
    ("Hội thực hiện Đề án 939 hỗ trợ 48 phụ nữ khởi nghiệp.", ("PROGRAM", "Đề án 939")),
])
def test_a_yearless_range_with_times_of_day_a_congress_by_its_term_and_a_numbered_scheme(text, entity):
    assert entity in _found(text)
    if entity[0] != "PROGRAM":  # the rules read a numbered "Đề án" as a document; the tagger decides
        assert entity in rule_entities_found(text)


def rule_entities_found(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in rule_entities(text)]


def test_a_yearless_range_needs_ngay_or_a_time_of_day():
    assert not any(e.label == "DATE" for e in rule_entities("Tỷ lệ tăng từ 3 đến 5/9 số hộ."))


def test_a_birth_year_is_an_age_not_a_date():
    found = _found("Bị cáo Lò Văn Tâm (sinh năm 1990, trú xã Mường Chanh) bị tuyên phạt 7 năm tù.")
    assert not any(label == "DATE" for label, _ in found)
    assert ("DATE", "năm 2026") in _found("Trường hoàn thành chỉ tiêu tuyển sinh năm 2026.")


@pytest.mark.parametrize("text", [
    "Tỉnh quyết tâm gỡ thẻ vàng IUU của Ủy ban châu Âu; người dân cài đặt VNeID để làm thủ tục.",
    "Các sản phẩm chế biến từ sâm Ngọc Linh được thị trường ưa chuộng.",
    "Bà con Cơ Tu, Giẻ Triêng múa tung tung da dá đón khách.",
])
def test_schemes_apps_products_and_ethnic_groups_are_no_names(text):
    found = _found(text)
    assert not any(t in ("IUU", "VNeID", "Ngọc Linh", "Giẻ Triêng") for _, t in found)
