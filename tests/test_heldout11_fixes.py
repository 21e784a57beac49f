"""Fixes for what heldout11 (portal-style paragraphs annotated by readers who never saw the
system) showed, on sentences written for the test, through ``extract_entities`` (the pipeline's
entity step)."""

from __future__ import annotations

import pytest
from entity_helpers import found as _found


@pytest.mark.parametrize("text,body", [
    ("Nhận tin báo, Phòng Cảnh sát giao thông Công an tỉnh Bình Định đã có mặt khám nghiệm hiện trường.",
     "Phòng Cảnh sát giao thông Công an tỉnh Bình Định"),
    ("Phòng Cảnh sát PCCC&CNCH Công an tỉnh Thái Nguyên đã điều 5 xe chữa cháy đến hiện trường.",
     "Phòng Cảnh sát PCCC&CNCH Công an tỉnh Thái Nguyên"),
])
def test_a_unit_and_the_body_it_belongs_to_side_by_side_are_one_body(text, body):
    assert ("ORG", body) in _found(text)


def test_two_bodies_with_words_between_stay_two():
    found = _found("Ban Thường vụ Huyện ủy giao UBND huyện Bạch Thông chỉ đạo khắc phục.")
    assert ("ORG", "Ban Thường vụ Huyện ủy") in found and ("ORG", "UBND huyện Bạch Thông") in found


@pytest.mark.parametrize("text,name", [
    ("Năm học này tỉnh tiếp tục miễn học phí cho học sinh từ mầm non đến THPT. H'Linh", None),
    ("Năm học này tỉnh tiếp tục miễn học phí cho học sinh từ mầm non đến THPT. Y Khoa", "Y Khoa"),
    ("Cơ quan kiểm lâm đã nâng cấp dự báo cháy rừng lên cấp IV. Ngọc Hoài", "Ngọc Hoài"),
    ("Tỉnh yêu cầu tăng cường phòng chống đuối nước cho trẻ em trong dịp hè. Thành Nhân", "Thành Nhân"),
    ("Tỉnh yêu cầu tăng cường phòng chống đuối nước cho trẻ em trong dịp hè. Công Thịnh", "Công Thịnh"),
])
def test_a_byline_after_an_abbreviation_or_a_name_that_starts_like_a_body(text, name):
    if name:
        assert ("PER", name) in _found(text)
    assert not any(label == "LOC" and t.startswith("TP") for label, t in _found(text))


def test_two_capitals_and_a_stop_still_start_a_place():
    assert ("LOC", "TP. Hồ Chí Minh") in _found("Đoàn công tác làm việc tại TP. Hồ Chí Minh")


def test_a_curated_programme_is_not_run_on_into_the_clause_after_it():
    text = "Theo kế hoạch của tỉnh, Tổ công tác triển khai Đề án 06 huyện đã làm sạch 98% dữ liệu dân cư."
    assert ("PROGRAM", "Đề án 06") in _found(text)


def test_tet_as_a_custom_is_no_date_but_the_holiday_is():
    assert not any(label == "DATE" for label, _ in _found("Lãnh đạo huyện đến thăm, chúc Tết các gia đình chính sách."))
    assert ("DATE", "Tết") in _found("Dịp Tết, Hội Chữ thập đỏ xã trao 150 suất quà cho hộ nghèo.")
