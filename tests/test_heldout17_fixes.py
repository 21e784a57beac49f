"""Fixes for what heldout17 (portal-style paragraphs annotated by readers who never saw the
system) showed on its first run, each on sentences written for the test. They read
``extract_entities``, as the pipeline does."""

from __future__ import annotations

import pytest
from entity_helpers import found


@pytest.mark.parametrize("text,date", [
    ("Từ ngày 3 - 5/4/2025, Ban Tuyên giáo Tỉnh ủy mở lớp bồi dưỡng báo cáo viên.", "ngày 3 - 5/4/2025"),
    ("Đoàn kiểm tra làm việc tại xã từ ngày 21 - 23/8 theo kế hoạch.", "ngày 21 - 23/8"),
    ("Từ ngày 2/1/2025, xã tiếp nhận hồ sơ trực tuyến.", "ngày 2/1/2025"),
    ("Huyện đã hỗ trợ 120 hộ làm nhà từ đầu tháng 3 lên nay.", "đầu tháng 3"),
])
def test_from_is_no_part_of_a_point_in_time_or_a_run_of_days(text, date):
    assert ("DATE", date) in found(text)


@pytest.mark.parametrize("date", ["từ năm 2020 đến nay", "Từ năm 2019 - 2021", "từ 2018 đến2020"])
def test_from_stays_where_it_opens_a_range(date):
    from vnpolicy.entities.tagger import span_policy

    text = f"Huyện đã làm mới 40 km đường {date}."
    start = text.index(date)
    assert span_policy(text, [(start, start + len(date), "DATE")]) == [(start, start + len(date), "DATE")]


@pytest.mark.parametrize("text,name", [
    ("Bị hại gồm ông Kim Sung-ho, quốc tịch Hàn Quốc, và một người Việt.", "Kim Sung-ho"),
    ("Ông Ban Ki-moon từng thăm vịnh Hạ Long.", "Ban Ki-moon"),
])
def test_a_foreign_name_keeps_its_hyphenated_last_part(text, name):
    assert ("PER", name) in found(text)


@pytest.mark.parametrize("text,body", [
    ("Nghề dệt thổ cẩm đã được Bộ Văn hóa, Thể thao và Du lịch ghi danh vào danh mục di sản.",
     "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Các chi bộ chuẩn bị Đại hội đại biểu Đảng bộ xã lần thứ I, nhiệm kỳ 2025 - 2030.", "Đảng bộ xã"),
])
def test_a_body_run_on_over_what_follows_it_is_cut_back(text, body):
    got = found(text)
    assert ("ORG", body) in got and not any(t.startswith(body + " ") for _, t in got)


@pytest.mark.parametrize("text,body", [
    ("Ngay khi có ca bệnh, CDC tỉnh đã cử cán bộ xuống địa bàn.", "CDC tỉnh"),
    ("Trung tâm Kiểm soát bệnh tật tỉnh Kon Tum khuyến cáo người dân tiêm vắc xin.",
     "Trung tâm Kiểm soát bệnh tật tỉnh Kon Tum"),
])
def test_the_disease_control_centre_is_a_body(text, body):
    assert ("ORG", body) in found(text)


def test_communes_named_bare_before_their_district_in_brackets_are_places():
    text = "Người dân ở Ka Lăng, Thu Lũm (huyện Mường Tè) và Nậm Tăm (huyện Sìn Hồ) đã ổn định cuộc sống."
    got = found(text)
    for name in ("Ka Lăng", "Thu Lũm", "Nậm Tăm"):
        assert ("LOC", name) in got, got
    from vnpolicy.entities import rule_entities

    (tu_tra,) = [e for e in rule_entities("Bị cáo lừa người dân ở Tu Tra (huyện Đơn Dương).") if e.text == "Tu Tra"]
    assert tu_tra.attrs["district"] == "Huyện Đơn Dương" and tu_tra.attrs["before_its_district"]


def test_a_person_before_a_district_in_brackets_stays_a_person():
    assert ("PER", "Nguyễn Văn Hùng") in found("Ông Nguyễn Văn Hùng (huyện Đơn Dương) phát biểu tại hội nghị.")


@pytest.mark.parametrize("text,name", [
    ("Xã đã hoàn thành các chỉ tiêu của Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực "
     "điện tử (Đề án 06) trong quý III.",
     "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử"),
    ("Nông dân trong xã đăng ký tham gia Đề án 1 triệu ha lúa chất lượng cao và phát thải thấp gắn với tăng "
     "trưởng xanh từ vụ Đông Xuân.",
     "Đề án 1 triệu ha lúa chất lượng cao và phát thải thấp gắn với tăng trưởng xanh"),
])
def test_a_national_scheme_under_its_short_name_is_one_programme(text, name):
    assert ("PROGRAM", name) in found(text)
