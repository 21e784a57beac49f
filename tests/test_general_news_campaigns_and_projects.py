"""Programmes and bodies of general news, from the errors of the 2-fold cross-validation on VNTC
train (fold models fixed): a capitalised head at a sentence's start, public campaigns
against smoking and for vaccination or births, themed years, a festival's programme, a project
named only by its road or bridge, and a body's name run on over a dash into an acronym.
Sentences written for the test."""

from __future__ import annotations

import pytest

from vnpolicy.document import Entity
from vnpolicy.entities import extract_entities
from vnpolicy.entities.program import find_programs
from vnpolicy.entities.tagger import _acronyms_after_a_name, _projects_named_by_their_site, _without_events, span_policy


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in extract_entities(text)]


def _programmes(text: str) -> list[str]:
    return [t for lab, t in _found(text) if lab == "PROGRAM"]


@pytest.mark.parametrize("text,name", [
    ("Đề án thí điểm chính quyền đô thị được trình lên Quốc hội trong tháng này.",
     "Đề án thí điểm chính quyền đô thị"),
    ("Kinh phí đã được cấp đủ. Chương trình nâng cấp lưới điện nông thôn sẽ kết thúc vào cuối năm.",
     "Chương trình nâng cấp lưới điện nông thôn"),
])
def test_a_capitalised_head_at_a_sentences_start_is_proposed(text, name):
    # mid-sentence "… triển khai Chương trình phòng chống …" was proposed; at a sentence's start the
    # capital is the sentence's, and the lower-case name after it the same kind of name
    assert name in [e.text for e in find_programs(text)]


@pytest.mark.parametrize("text", [
    "Chương trình được phát trực tiếp trên sóng truyền hình tỉnh.",
    "Dự án này sẽ hoàn thành trong hai năm.",
    "Chiến lược gia người Ý vừa gia hạn hợp đồng với câu lạc bộ.",
])
def test_a_head_at_a_sentences_start_before_a_verb_or_a_coach_is_no_name(text):
    # a function word right after the head ends the name before it starts; "chiến lược gia" is a
    # strategist (cue_words.tsv [not_a_head])
    assert find_programs(text) == []


@pytest.mark.parametrize("text,name", [
    ("Nhiều nước châu Âu đồng loạt mở chiến dịch chống thuốc lá trong tháng 6.", "chiến dịch chống thuốc lá"),
    ("Các gia đình ở vùng sâu từ chối tham gia chiến dịch chủng ngừa của tỉnh.", "chiến dịch chủng ngừa"),
    ("Chính phủ nước này đang thực hiện chiến dịch thúc đẩy sinh đẻ hằng năm.", "chiến dịch thúc đẩy sinh đẻ"),
])
def test_a_public_campaign_in_lower_case_is_a_programme(text, name):
    assert _programmes(text) == [name]


def test_an_election_or_a_military_campaign_stays_unmarked():
    assert _programmes("Ứng viên đảng đối lập bắt đầu chiến dịch vận động tranh cử ở miền Bắc.") == []
    assert _programmes("Quân đội nước này mở chiến dịch tấn công vào căn cứ của phiến quân.") == []


@pytest.mark.parametrize("text,name", [
    ("Ủy ban được lập ra để tổ chức Năm APEC 2006 thành công.", "Năm APEC 2006"),
    ("Lễ hội nằm trong chương trình Năm Du lịch Quốc gia 2008 tại Huế.", "Năm Du lịch Quốc gia 2008"),
])
def test_a_themed_year_keeps_its_year_and_no_head(text, name):
    assert _programmes(text) == [name]


@pytest.mark.parametrize("text", [
    "Ban tổ chức đã tổng duyệt chương trình Lễ hội Cầu ngư trước ngày khai mạc.",
    "Hôm nay, chương trình Festival hoa Đà Lạt tiếp tục với nhiều hoạt động.",
    "Nhiều khán giả đã đến xem chương trình ca nhạc Giai điệu mùa xuân.",
])
def test_a_festivals_or_a_shows_programme_is_no_programme(text):
    # "chương trình" before an event's head (event_heads.txt, in either case): a running order
    assert _programmes(text) == []


@pytest.mark.parametrize("text,place", [
    ("Đoàn thanh tra phát hiện nhiều sai phạm tại dự án QL15.", "QL15"),
    ("Vốn cho dự án Quốc lộ 9 đã được giải ngân hết.", "Quốc lộ 9"),
    ("Sở họp bàn hướng xử lý dự án cầu Rạch Miễu 2.", "cầu Rạch Miễu 2"),
])
def test_a_project_named_only_by_its_road_or_bridge_is_the_place(text, place):
    found = _found(text)
    assert ("LOC", place) in found and not any(lab == "PROGRAM" for lab, _ in found)


@pytest.mark.parametrize("span,after", [
    ("dự án QL15", "QL15"),
    ("dự án đường QL 1A", "QL 1A"),
    ("dự án cầu Rạch Miễu 2", "cầu Rạch Miễu 2"),
    ("dự án Quốc lộ 9 đoạn qua huyện", None),  # a project that goes on is the model's and the rules'
    ("dự án cầu treo", None),  # no bridge named
    ("dự án Khu đô thị mới Tây Hồ Tây", None),  # a project with a name of its own
])
def test_the_road_or_bridge_rule_on_the_models_spans(span, after):
    text = f"Tỉnh bàn về {span}."
    s = text.index(span)
    out = _projects_named_by_their_site(text, [(s, s + len(span), "PROGRAM")])
    assert out == ([(text.index(after), s + len(span), "LOC")] if after else [(s, s + len(span), "PROGRAM")])


@pytest.mark.parametrize("span,parts", [
    ("Công ty Xây lắp điện miền Trung - PCC3", ["Công ty Xây lắp điện miền Trung", "PCC3"]),
    ("Ngân hàng Phương Á - PAB", ["Ngân hàng Phương Á", "PAB"]),
    ("công ty Hòa Bình- BCA", ["công ty Hòa Bình", "BCA"]),
    ("Sở Công thương Long An - PV", ["Sở Công thương Long An"]),  # a reporter (cue_words [byline_role])
    ("Sở GD- ĐT", ["Sở GD- ĐT"]),  # after an abbreviation: one name
    ("Công ty Than Mạo Khê – TKV", ["Công ty Than Mạo Khê – TKV"]),  # the group's code in its members' names
])
def test_a_body_run_on_over_a_dash_into_an_acronym(span, parts):
    text = f"Ông là cán bộ {span} từ năm 2001."
    s = text.index(span)
    out = _acronyms_after_a_name(text, [(s, s + len(span), "ORG")], [])
    assert [text[a:b] for a, b, _ in out] == parts and all(lab == "ORG" for _, _, lab in out)


def test_a_body_and_a_place_after_a_dash_stay_one_span():
    text = "Ông là cán bộ Công an quận Tân Phú - TPHCM từ năm 2001."
    s, e = text.index("Công an"), text.index(" từ")
    place = Entity("LOC", "TPHCM", text.index("TPHCM"), e)
    assert _acronyms_after_a_name(text, [(s, e, "ORG")], [place]) == [(s, e, "ORG")]


def test_a_body_and_its_parents_acronym_end_to_end():
    found = _found("Ông nguyên là cán bộ Cục Quản lý xuất nhập cảnh - BCA.")
    assert ("ORG", "Cục Quản lý xuất nhập cảnh") in found and ("ORG", "BCA") in found


@pytest.mark.parametrize("span,kept", [
    ("chương trình Lễ hội Cầu ngư", False),
    ("Chương trình Festival hoa Đà Lạt", False),
    ("chương trình liên hoan du lịch biển", False),
    ("Chương trình mục tiêu quốc gia giảm nghèo bền vững", True),
])
def test_the_event_rule_on_the_models_spans(span, kept):
    text = f"Tỉnh triển khai {span} trong năm nay."
    s = text.index(span)
    out = _without_events(text, [(s, s + len(span), "PROGRAM")])
    assert out == ([(s, s + len(span), "PROGRAM")] if kept else [])


def test_a_place_or_two_letters_after_a_dash_stay_in_the_body():
    for span in ("Trường Cao đẳng Kỹ thuật Lý Tự Trọng - TPHCM", "TX Vĩnh Long - ĐT"):
        text = f"Ông là cán bộ {span} từ năm 2001."
        s = text.index(span)
        assert _acronyms_after_a_name(text, [(s, s + len(span), "ORG")], []) == [(s, s + len(span), "ORG")]


@pytest.mark.parametrize("span,label", [
    ("Dự án Sữa học đường Tây Nguyên", "PROGRAM"),  # a project the model read as a body
    ("Đề án Phát triển Du lịch Cộng đồng", "PROGRAM"),
    ("Ban Quản lý dự án Giao thông", "ORG"),  # a body that runs projects stays a body
])
def test_a_project_read_as_a_body_is_a_programme(span, label):
    text = f"Công ty vừa tài trợ cho {span} trong năm nay."
    s = text.index(span)
    assert span_policy(text, [(s, s + len(span), "ORG")]) == [(s, s + len(span), label)]
