"""Programmes and bodies as VNTC's general news writes them (the ninth entity session, from a 2-fold
cross-validation on VNTC train): health and sanitation campaigns in lower case, a project named in
quotes, United Nations bodies called "Chương trình …", acronyms that name no body, and the clause
words that end an unquoted name. Sentences written for the test."""

from __future__ import annotations

import pytest

from vnpolicy.entities import extract_entities
from vnpolicy.entities.program import find_programs


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in extract_entities(text)]


def _programmes(text: str) -> list[str]:
    return [t for lab, t in _found(text) if lab == "PROGRAM"]


@pytest.mark.parametrize("text,name", [
    ("Trung tâm Y tế huyện phát động chiến dịch diệt chuột tại 12 xã ven sông.", "chiến dịch diệt chuột"),
    ("Phường ra quân chiến dịch vệ sinh môi trường, diệt lăng quăng trong toàn khu phố.",
     "chiến dịch vệ sinh môi trường, diệt lăng quăng"),
    ("Sau chiến dịch diệt chuột, người dân được phát thêm bả sinh học.", "chiến dịch diệt chuột"),
    ("Xã triển khai chiến dịch diệt lăng quăng/bọ gậy ở 8 ấp.", "chiến dịch diệt lăng quăng/bọ gậy"),
])
def test_a_health_campaign_in_lower_case_is_a_programme(text, name):
    # the campaign heads of program_campaign_heads.txt take a two-word name, and the words of
    # cue_words.tsv [campaign_join] carry it over a comma; another word after a comma ends it
    assert _programmes(text) == [name]


@pytest.mark.parametrize("text", [
    "Sau chiến dịch quảng cáo rầm rộ, doanh số của hãng tăng mạnh.",
    "Chiến dịch tranh cử của ông bước vào giai đoạn cuối.",
])
def test_other_campaigns_stay_unmarked(text):
    assert _programmes(text) == []


def test_a_project_named_in_quotes_is_the_name_inside():
    text = "Tổ chức CARE vừa khởi động dự án “Nước sạch cho bản làng” tại hai xã vùng cao."
    assert _programmes(text) == ["Nước sạch cho bản làng"]
    # a word in scare quotes after "dự án" is no name
    assert _programmes("Nhiều dự án “treo” khiến người dân mất niềm tin.") == []


def test_a_un_body_called_a_programme_is_a_body():
    text = "Chương trình Lương thực Thế giới (WFP) đã chuyển 500 tấn gạo tới các tỉnh bị lũ."
    found = _found(text)
    assert ("ORG", "Chương trình Lương thực Thế giới") in found and ("ORG", "WFP") in found
    assert not any(lab == "PROGRAM" for lab, _ in found)
    # a national programme stays one
    assert _programmes("Tỉnh giải ngân 40 tỷ đồng cho Chương trình mục tiêu quốc gia giảm nghèo bền vững.") \
        == ["Chương trình mục tiêu quốc gia giảm nghèo bền vững"]


def test_acronyms_that_name_no_body():
    text = "Sáng qua, TAND tỉnh Bình Dương mở phiên tòa. HĐXX tuyên phạt bị cáo 5 năm tù; PHHS của trường có mặt từ sớm."
    found = _found(text)
    assert ("ORG", "TAND tỉnh Bình Dương") in found
    assert not any(t in ("HĐXX", "PHHS") for _, t in found)


@pytest.mark.parametrize("text,name", [
    # an adverb or a place after "ở" starts the clause after the name
    ("Tỉnh đoàn phát động phong trào giữ gìn đường làng ngõ xóm ở Thái Bình từ tháng 3.",
     "phong trào giữ gìn đường làng ngõ xóm"),
    ("Theo ông Nam, phong trào trồng cây gây rừng vẫn được duy trì đều đặn.", "phong trào trồng cây gây rừng"),
    # "ở" before a common noun may be inside the name
    ("Phường tổng kết phong trào xây dựng nếp sống văn minh ở khu phố.",
     "phong trào xây dựng nếp sống văn minh ở khu phố"),
])
def test_clause_words_end_an_unquoted_name_in_the_rules(text, name):
    assert [e.text for e in find_programs(text)] == [name]


@pytest.mark.parametrize("text,name", [
    ("Bộ phát động chương trình từ thiện “Một trái tim - Một thế giới” tại 20 tỉnh.", "Một trái tim - Một thế giới"),
    ("Thành phố trình Đề án xây dựng “Đô thị xanh ven sông” lên Bộ Xây dựng.", "Đô thị xanh ven sông"),
])
def test_a_capitalised_quoted_name_a_few_words_after_a_head(text, name):
    assert _programmes(text) == [name]


@pytest.mark.parametrize("text", [
    "Sau chiến dịch quảng cáo “Mua sắm trọn vẹn”, doanh số của siêu thị tăng.",  # a sale
    "Đài phát sóng chương trình ca nhạc “Tự hào Việt Nam” tối qua.",  # a show
    "Tỉnh đoàn phát động phong trào nhân rộng mô hình “Ngôi nhà xanh” trong thanh niên.",  # a model
    "Nhiều chiến dịch bị gọi là “ngắn hạn” vẫn kéo dài.",  # scare quotes in lower case
])
def test_a_quoted_name_after_a_sale_a_show_or_a_model_is_no_programme(text):
    assert _programmes(text) == []


@pytest.mark.parametrize("text,name", [
    ("Đại biểu đề nghị Chính phủ khi xây dựng chương trình 135 mới cần tính lại suất đầu tư.", "chương trình 135"),
    ("Tỉnh đã hoàn thành 800 căn nhà theo Chương trình 134 cho đồng bào dân tộc thiểu số.", "Chương trình 134"),
    ("Phần mềm quản lý văn bản của Đề án 112 chưa mang lại hiệu quả như mong đợi.", "Đề án 112"),
])
def test_a_numbered_national_programme_of_the_2000s(text, name):
    # programs.tsv: the model, meeting a number, may leave such a name out
    assert name in _programmes(text)


def test_the_decision_that_set_a_numbered_programme_up_stays_a_document():
    found = _found("Quyết định 135/1998/QĐ-TTg của Thủ tướng Chính phủ phê duyệt chương trình này.")
    assert found[0][0] == "LEGAL_DOC" and found[0][1].startswith("Quyết định 135/1998/QĐ-TTg")
    assert not any(lab == "PROGRAM" for lab, _ in found)


def test_a_quoted_name_after_a_show_host_is_no_programme():
    # program_context.tsv's show words within a few words before the head ("dẫn chương trình")
    assert _programmes("Chị là người dẫn chương trình “Bữa trưa vui vẻ” của đài tỉnh.") == []
    assert _programmes("Huyện hưởng ứng chương trình “Nông thôn xanh” của tỉnh.") == ["Nông thôn xanh"]


@pytest.mark.parametrize("text,spans", [
    # a kind of project named by its acronym is no name (cue_words.tsv [project_type]) ...
    ("Tỉnh ưu tiên giải ngân cho các dự án ODA trong quý này.", ["dự án ODA"]),
    ("Đây là dự án BOT đầu tiên của tỉnh được thu phí.", ["dự án BOT"]),
    # ... and a course of study or a degree after "chương trình" is no programme (course_word)
    ("Sinh viên có thể học tiếp lên Chương trình Thạc sĩ Quản lý công tại trường.", ["Chương trình Thạc sĩ Quản lý công"]),
    ("Trường mở thêm chương trình đào tạo kỹ thuật viên điện lạnh.", ["chương trình đào tạo kỹ thuật viên điện lạnh"]),
])
def test_a_kind_of_project_or_a_course_is_no_programme(text, spans):
    from vnpolicy.entities.tagger import span_policy

    given = [(text.index(t), text.index(t) + len(t), "PROGRAM") for t in spans]
    assert span_policy(text, given) == []


def test_a_bot_project_with_its_name_stays_a_programme():
    from vnpolicy.entities.tagger import span_policy

    text = "Nhà đầu tư đề xuất điều chỉnh dự án BOT cầu Phú Mỹ 3 trong năm nay."
    name = "dự án BOT cầu Phú Mỹ 3"
    given = [(text.index(name), text.index(name) + len(name), "PROGRAM")]
    assert span_policy(text, given) == given
