"""Entity rules on real-news shapes (issue 10): each case is a sentence written for the test, in
the shape of a miss seen on real portal text (datelines, open-head bodies, bare places, untitled
names, unquoted programmes)."""

from __future__ import annotations

import pytest

from vnpolicy.entities import rule_entities


def _find(text, reference_date="2024-03-15"):
    return [(e.label, e.text) for e in rule_entities(text, reference_date=reference_date)]


def _attrs(text, wanted, reference_date="2024-03-15"):
    return {e.text: e.attrs for e in rule_entities(text, reference_date=reference_date)}[wanted]


@pytest.mark.parametrize("text, date", [
    ("Đăng lúc: 03/12/2024 - lượt xem 120", "03/12/2024"),
    ("Hạn nộp hồ sơ là 20-8-2021, quá hạn không nhận.", "20-8-2021"),
    ("Tối 21-9, đoàn văn công biểu diễn.", "21-9"),
    ("Hội thao diễn ra ngày 8 và 9/10 tại sân vận động.", "ngày 8 và 9/10"),
    ("Lễ hội kéo dài 4- 6/4/2024 ở đình làng.", "4- 6/4/2024"),
    ("Quyết định có hiệu lực từ ngày 15 - 10 - 2022.", "ngày 15 - 10 - 2022"),
    ("Luật có hiệu lực từ ngày 1.7.2015.", "ngày 1.7.2015"),
    ("Chợ hoa phục vụ Tết Nguyên đán Ất Tỵ 2025.", "Tết Nguyên đán Ất Tỵ 2025"),
    ("Trong 10 năm qua, huyện đổi thay nhiều.", "10 năm qua"),
    ("Tổng kết năm học 2023 - 2024 của ngành.", "năm học 2023 - 2024"),
    ("BÁO CÁO TỔNG KẾT NĂM 2019", "NĂM 2019"),
])
def test_dates_written_without_ngay_or_in_odd_forms(text, date):
    assert ("DATE", date) in _find(text)


def test_dateline_after_time_of_day_is_the_day_not_the_year():
    text = "Chiều 22/5/2023, Huyện ủy Cái Bè tổ chức hội nghị."
    assert _attrs(text, "22/5/2023") == {"value": "2023-05-22"}


def test_two_days_joined_by_va_give_a_real_start():
    text = "Trong 3 ngày 11 và 12/9/2021, đoàn kiểm tra làm việc tại xã."
    assert _attrs(text, "11 và 12/9/2021") == {"start": "2021-09-11", "end": "2021-09-12"}


def test_counts_of_years_stay_out():
    assert _find("kết quả 02 năm thực hiện, hằng năm đều họp") == []


@pytest.mark.parametrize("text, org", [
    ("Cô trò Trường trung học cơ sở Lê Lợi dự lễ.", "Trường trung học cơ sở Lê Lợi"),
    ("Bệnh viện Phục hồi chức năng tỉnh khám miễn phí.", "Bệnh viện Phục hồi chức năng tỉnh"),
    ("Bệnh nhân được chuyển lên Bệnh viện Bạch Mai.", "Bệnh viện Bạch Mai"),
    ("Trung tâm Y tế huyện Lục Ngạn khuyến cáo người dân.", "Trung tâm Y tế huyện Lục Ngạn"),
    ("Trạm Y tế phường Hòa Thuận tiêm vắc xin.", "Trạm Y tế phường Hòa Thuận"),
    ("Hạt Kiểm lâm Tam Đảo tuần tra rừng.", "Hạt Kiểm lâm Tam Đảo"),
    ("Ban Quản lý các dự án đầu tư xây dựng huyện mời thầu.", "Ban Quản lý các dự án đầu tư xây dựng huyện"),
    ("Ban Chỉ đạo phòng, chống tham nhũng tỉnh họp phiên thường kỳ.", "Ban Chỉ đạo phòng, chống tham nhũng tỉnh"),
    ("Ban Chỉ huy Quân sự huyện giao quân.", "Ban Chỉ huy Quân sự huyện"),
    ("Công ty TNHH May mặc Phú Thịnh tuyển lao động.", "Công ty TNHH May mặc Phú Thịnh"),
    ("Tập đoàn Viettel tài trợ máy tính.", "Tập đoàn Viettel"),
    ("Quỹ Bảo trợ trẻ em tỉnh trao học bổng.", "Quỹ Bảo trợ trẻ em tỉnh"),
    ("Báo Nhân Dân đưa tin.", "Báo Nhân Dân"),
    ("Chi bộ Thôn Đông xã Tiên Phong kết nạp đảng viên.", "Chi bộ Thôn Đông xã Tiên Phong"),
    ("Phòng Giáo dục và Đào tạo huyện Yên Thế khen thưởng.", "Phòng Giáo dục và Đào tạo huyện Yên Thế"),
    ("Bộ Tư lệnh Quân khu 7 tặng quà.", "Bộ Tư lệnh Quân khu 7"),
    ("Hội nghị TVTU nghe báo cáo.", "TVTU"),
    ("BTV huyện ủy chỉ đạo sát sao.", "BTV huyện ủy"),
])
def test_bodies_on_open_head_nouns(text, org):
    assert ("ORG", org) in _find(text)


def test_two_bodies_joined_by_va_stay_two():
    assert _find("Tập đoàn Hòa Phát và Quỹ Hy Vọng ký kết.") == [("ORG", "Tập đoàn Hòa Phát"), ("ORG", "Quỹ Hy Vọng")]


def test_youth_union_standing_committee_is_a_mass_organisation():
    assert _attrs("Ban Thường vụ Tỉnh đoàn phát động.", "Ban Thường vụ Tỉnh đoàn")["kind"] == "mass_org"


def test_cong_dien_keeps_its_type():
    attrs = _attrs("Thực hiện Công điện số 88/CĐ-UBND của UBND tỉnh về ứng phó bão", "Công điện số 88/CĐ-UBND của UBND tỉnh")
    assert attrs["doc_type"] == "cong_dien" and attrs["number"] == "88"


def test_communes_listed_after_a_plural_unit_word():
    got = _find("Mưa lớn gây ngập ở các xã Tân Phú, Tân Hòa và Phú Lộc.")
    assert [t for lab, t in got if lab == "LOC"][:3] == ["Tân Phú", "Tân Hòa", "Phú Lộc"]


def test_country_and_capital_in_running_text():
    got = _find("Tại Hà Nội, các doanh nghiệp của Việt Nam ký hợp đồng; đoàn trở về Hà Nội.")
    assert got.count(("LOC", "Hà Nội")) == 2 and ("LOC", "Việt Nam") in got
    assert _find("nông thôn Việt Nam đổi mới") == []


@pytest.mark.parametrize("text, site", [
    ("Nhà đầu tư khảo sát Khu công nghiệp Tân Trường.", "Khu công nghiệp Tân Trường"),
    ("Du khách dâng hương tại Đền bà Chúa Kho.", "Đền bà Chúa Kho"),
    ("Xe container lật trên Quốc lộ 14 gây ùn tắc.", "Quốc lộ 14"),
])
def test_named_sites_are_places(text, site):
    assert ("LOC", site) in _find(text)


def test_full_names_without_a_title():
    got = _find("Em Lò Văn Pó và Hà Thị Minh Châu đạt giải; Ma Văn Sáng về nhì.")
    assert {("PER", "Lò Văn Pó"), ("PER", "Hà Thị Minh Châu"), ("PER", "Ma Văn Sáng")} <= set(got)


def test_streets_and_schools_named_after_people_are_not_people():
    assert not [t for lab, t in _find("Nhà số 5 đường Trần Quang Khải bị cháy.") if lab == "PER"]


@pytest.mark.parametrize("closing, names", [
    ("Minh Khôi", ["Minh Khôi"]),
    ("Hải Yến - Quốc Tuấn", ["Hải Yến", "Quốc Tuấn"]),
])
def test_closing_byline_names_are_people(closing, names):
    text = "Buổi lễ khép lại trong không khí ấm áp.\n" + closing
    got = [(e.text, e.attrs.get("role")) for e in rule_entities(text) if e.label == "PER"]
    assert got == [(n, "author") for n in names]


def test_address_words_are_not_roles_and_elected_office_is():
    got = {e.text: e.attrs for e in rule_entities("Đồng chí Vũ Thị Lan được bầu giữ chức Chủ tịch Hội Nông dân tỉnh.")}
    assert got["Vũ Thị Lan"]["role"] == "Chủ tịch Hội Nông dân tỉnh"
    got = {e.text: e.attrs for e in rule_entities("Ông Trịnh Văn Lộc đến thăm gia đình.")}
    assert "role" not in got["Trịnh Văn Lộc"]


def test_head_of_a_board_keeps_the_whole_board_in_the_role():
    got = {e.text: e.attrs for e in rule_entities("Ông Phan Văn Đức, Trưởng Ban Dân tộc tỉnh, trao quà.")}
    assert got["Phan Văn Đức"]["role"] == "Trưởng Ban Dân tộc tỉnh"


@pytest.mark.parametrize("text, program", [
    ("Huyện giải ngân vốn Chương trình MTQG 1719 đạt 80%.", "Chương trình MTQG 1719"),
    ("Thực hiện Chương trình mục tiêu Quốc gia giảm nghèo bền vững, xã đã hỗ trợ.",
     "Chương trình mục tiêu Quốc gia giảm nghèo bền vững"),
    ("Cán bộ ủng hộ Quỹ vì người nghèo của xã.", "Quỹ vì người nghèo"),
    ("Hưởng ứng phong trào toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại, xã tổ chức giải chạy.",
     "phong trào toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại"),
    ("Ra quân chiến dịch diệt lăng quăng phòng, chống sốt xuất huyết tại các khu dân cư.",
     "chiến dịch diệt lăng quăng phòng, chống sốt xuất huyết"),
    ("Triển khai Chiến lược quốc gia về bình đẳng giới đến cơ sở.", "Chiến lược quốc gia về bình đẳng giới"),
    ("Đoàn viên ra quân Chủ nhật xanh dọn vệ sinh.", "Chủ nhật xanh"),
])
def test_programmes_named_without_quotes(text, program):
    assert ("PROGRAM", program) in _find(text)


def test_two_programmes_joined_by_va():
    got = [t for lab, t in _find("Lồng ghép Chương trình MTQG 1719 và Chương trình MTQG giảm nghèo bền vững.") if lab == "PROGRAM"]
    assert got == ["Chương trình MTQG 1719", "Chương trình MTQG giảm nghèo bền vững"]


def test_closing_byline_with_the_writers_unit_in_brackets():
    text = "Các đơn vị cam kết thực hiện tốt.\nBảo Ngọc – Thành Công (Trung tâm Văn hóa huyện)"
    got = [(e.text, e.attrs.get("role")) for e in rule_entities(text) if e.label == "PER"]
    assert got == [("Bảo Ngọc", "author"), ("Thành Công", "author")]


@pytest.mark.parametrize("text, places", [
    ("Lô hàng cà phê được xuất sang Mỹ, Anh và Pháp trong quý này.", ["Mỹ", "Anh", "Pháp"]),
    ("Các doanh nghiệp châu Âu và Trung Quốc chào giá thấp hơn.", ["châu Âu", "Trung Quốc"]),
    ("Anh sinh ra ở Huế, lập nghiệp tại TP.HCM rồi sang Nhật Bản.", ["Huế", "TP.HCM", "Nhật Bản"]),
    ("Mưa lớn kéo dài ở Tây Nguyên và đồng bằng sông Cửu Long.", ["Tây Nguyên", "đồng bằng sông Cửu Long"]),
    ("Chuyên gia của nước Đức sang làm việc một tuần.", ["Đức"]),
])
def test_countries_regions_and_cities_named_bare(text, places):
    assert [t for lab, t in _find(text) if lab == "LOC"] == places


@pytest.mark.parametrize("text", [
    "Anh Tuấn và Đức cùng đi làm ruộng.",  # a pronoun and a given name
    "Chị Nga học tiếng Anh mỗi tối.",  # a given name and a language
    "Đại sứ quán Mỹ trao quà cho trường.",  # the end of a body's name
    "Ủy ban châu Âu họp bàn về thuế.",
    "Đội tuyển U23 VN thắng trận mở màn.",  # a team
    "Cô Ngọc Anh dạy môn Văn.",
])
def test_world_place_words_that_are_not_places(text):
    assert not [t for lab, t in _find(text) if lab == "LOC"]


@pytest.mark.parametrize("text, names", [
    ("Theo bà Thoa, giá rau tăng gấp đôi.", ["Thoa"]),  # one syllable after a form of address
    ("HLV Kiatisak hài lòng với các học trò.", ["Kiatisak"]),  # a profession before a foreign name
    ("Tiền vệ Lionel Messi sút phạt thành bàn.", ["Lionel Messi"]),
    ("Ca khúc của nhạc sĩ Văn Cao vẫn được yêu thích.", ["Văn Cao"]),
    ("Bị can Lương Văn Tới khai nhận hành vi.", ["Lương Văn Tới"]),
    ("Người nhà ông H. đã trình báo công an.", ["H."]),  # an initial keeps its dot
])
def test_people_in_general_news(text, names):
    assert [t for lab, t in _find(text) if lab == "PER"] == names


def test_names_listed_beside_a_found_person_are_people():
    text = "Đội hình xuất phát có thủ môn Đình Khoa, Quốc Hưng, Minh Tiến và Văn Hậu."
    assert [t for lab, t in _find(text) if lab == "PER"] == ["Đình Khoa", "Quốc Hưng", "Minh Tiến", "Văn Hậu"]


def test_a_name_found_once_is_found_again_where_it_stands_alone():
    text = "Nhà thơ Hữu Thỉnh đọc thơ. Khán giả vỗ tay khi Hữu Thỉnh kết thúc."
    assert [t for lab, t in _find(text) if lab == "PER"] == ["Hữu Thỉnh", "Hữu Thỉnh"]


@pytest.mark.parametrize("text", [
    "Thủ tướng Chính phủ giao nhiệm vụ cho các bộ.",  # a body after a title, not a one-syllable name
    "Chuyên gia Hàn Quốc sang hỗ trợ kỹ thuật.",  # a country after a profession
    "Ông ấy sống ở Anh Quốc nhiều năm.",  # a capitalised "Anh" inside a sentence is no form of address
])
def test_one_syllable_and_place_names_after_triggers_are_not_people(text):
    assert not [t for lab, t in _find(text) if lab == "PER"]


def test_a_title_after_a_name_in_a_list_is_not_another_name():
    text = "Ông Phạm Văn Lực, Phó Giám đốc Sở Y tế, cho biết."
    assert [t for lab, t in _find(text) if lab == "PER"] == ["Phạm Văn Lực"]


def test_a_count_after_lower_case_words_ends_a_company_name():
    got = _find("Công ty Cổ phần Giày Thái Bình tuyển thêm 150 công nhân.")
    assert ("ORG", "Công ty Cổ phần Giày Thái Bình") in got


def test_a_family_is_not_a_communal_house():
    got = _find("Hộ gia đình Hà Văn Pấng được hỗ trợ làm nhà.")
    assert ("PER", "Hà Văn Pấng") in got and not [t for lab, t in got if lab == "LOC"]


def test_a_programme_number_ends_the_programme_name():
    assert ("PROGRAM", "Chương trình MTQG 1719") in _find("Chương trình MTQG 1719 hỗ trợ 120 hộ làm chuồng trại.")


def test_abbreviated_city_units_and_bare_districts_after_a_place_word():
    text = "Nam (30 tuổi, ngụ P.7, Q.5) bị bắt ở Q.Gò Vấp; đồng phạm quê Hóc Môn."
    assert [t for lab, t in _find(text) if lab == "LOC"] == ["P.7", "Q.5", "Q.Gò Vấp", "Hóc Môn"]


def test_an_initial_before_a_foreign_name_is_no_ward():
    assert not [t for lab, t in _find("Bản phối của P. Oakenfold rất được yêu thích.") if lab == "LOC"]


def test_untitled_names_whose_middle_syllable_also_begins_bodies():
    got = _find("Trong trận, Lê Công Phượng chuyền cho Nguyễn Trung Hiếu ghi bàn.")
    assert [t for lab, t in got if lab == "PER"] == ["Lê Công Phượng", "Nguyễn Trung Hiếu"]


def test_a_draft_law_is_a_document_not_a_project():
    got = _find("Đại biểu góp ý dự án Luật Nhà ở (sửa đổi) tại tổ.")
    assert ("LEGAL_DOC", "Luật Nhà ở") in got and not [t for lab, t in got if lab == "PROGRAM"]


def test_a_list_of_names_is_walked_in_one_pass_each_way():
    # Every name of a long list is found; the walk stops at names an earlier walk reached, so
    # the list costs its length (benchmarks/entities.py times the worst cases).
    text = "Ông Nguyễn Văn An, " + "Trần Minh Đức, " * 300 + "Lê Thị Hoa."
    pers = [t for lab, t in _find(text) if lab == "PER"]
    assert len(pers) == 302 and pers[-1] == "Lê Thị Hoa"


def test_guarded_countries_in_a_list_are_accepted_from_either_end():
    assert [t for lab, t in _find("Hàng xuất sang Anh, Pháp, Đức và Mỹ.") if lab == "LOC"] == ["Anh", "Pháp", "Đức", "Mỹ"]


def _programs(text):
    return [t for lab, t in _find(text) if lab == "PROGRAM"]


def test_every_quoted_name_listed_after_one_trigger_is_a_programme():
    text = 'Hội phát động các phong trào "Ba sạch", "Nuôi con khỏe - Dạy con ngoan" và "Phụ nữ giúp nhau làm giàu"; các hội thi khác.'
    assert _programs(text) == ["Ba sạch", "Nuôi con khỏe - Dạy con ngoan", "Phụ nữ giúp nhau làm giàu"]


def test_a_quoted_campaign_name_may_start_lower_case():
    assert _programs("Sở Y tế mở chiến dịch “rửa tay bằng xà phòng” tại các trường.") == ["rửa tay bằng xà phòng"]


def test_a_numbered_programme_at_the_end_of_a_sentence():
    assert _programs("Xã Tân Lập được đầu tư từ chương trình 135. Người dân phấn khởi.") == ["chương trình 135"]


def test_a_sum_after_a_project_head_is_no_programme_name():
    assert _programs("Tỉnh duyệt dự án 12.500 tỷ đồng cho giao thông.") == []


@pytest.mark.parametrize("text, program", [
    ("Sở triển khai Chương trình phòng chống tai nạn thương tích năm 2025 ở trường học.",
     "Chương trình phòng chống tai nạn thương tích năm 2025"),
    ("Tỉnh phê duyệt Chiến lược phát triển du lịch giai đoạn 2021-2030, tầm nhìn đến năm 2045 vào tháng trước.",
     "Chiến lược phát triển du lịch giai đoạn 2021-2030, tầm nhìn đến năm 2045"),
])
def test_the_period_a_programme_is_named_for_stays_in_its_name(text, program):
    assert program in _programs(text)


@pytest.mark.parametrize("text, program", [
    ("Đoàn trường tham gia chiến dịch chống rác thải nhựa ở bãi biển.", "chiến dịch chống rác thải nhựa ở bãi biển"),
    ("Câu lạc bộ hưởng ứng phong trào hành động vì trẻ em khuyết tật đã lan khắp huyện.",
     "phong trào hành động vì trẻ em khuyết tật"),
])
def test_campaigns_against_and_for_something(text, program):
    assert program in _programs(text)


@pytest.mark.parametrize("text, org", [
    ("Hội Nhà văn tổ chức trại sáng tác cho hội viên trẻ.", "Hội Nhà văn"),
    ("Chị gửi đơn tới Trung tâm Đăng ký xe cơ giới của thành phố.", "Trung tâm Đăng ký"),
    ("Khách hàng phản ánh với Bưu điện tỉnh Cao Bằng về bưu phẩm thất lạc.", "Bưu điện tỉnh Cao Bằng"),
])
def test_a_lone_capital_and_the_syllable_that_completes_its_word(text, org):
    assert ("ORG", org) in _find(text)


def test_a_town_that_starts_like_an_association_is_no_body():
    assert not [t for lab, t in _find("Du khách đổ về Hội An dịp cuối tuần.") if lab == "ORG"]


def test_a_known_programme_after_its_unquoted_head_keeps_the_head():
    text = "Hơn 200 sinh viên tham gia chiến dịch Mùa hè xanh tại xã Tân Phú; đội “Mùa hè xanh” của trường về sớm."
    progs = [e.text for e in rule_entities(text) if e.label == "PROGRAM"]
    assert progs == ["chiến dịch Mùa hè xanh", "Mùa hè xanh"]
