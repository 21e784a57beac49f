"""A listed body whose words after the first are written in another case than the list's ("Ban
chỉ đạo", "Mặt trận tổ quốc Việt Nam", "Bộ Tư Lệnh"): a hundred of the VNTC gold's organizations
are written so. The first word keeps its case: a lower-case one is another matter. Sentences
written for the test."""

from __future__ import annotations

import pytest
from entity_helpers import found

from vnpolicy.entities import rule_entities


@pytest.mark.parametrize("text,body", [
    ("Sáng nay, Ủy ban thường vụ Quốc hội cho ý kiến về dự án luật.", "Ủy ban thường vụ Quốc hội"),
    ("Đại diện Ủy ban trung ương Mặt trận tổ quốc Việt Nam phát biểu tại hội nghị.",
     "Ủy ban trung ương Mặt trận tổ quốc Việt Nam"),
    ("Hội nghị do Tổng Liên đoàn lao động Việt Nam tổ chức.", "Tổng Liên đoàn lao động Việt Nam"),
    ("Hội phụ nữ huyện Châu Thành trao 20 con bò giống cho hội viên nghèo.", "Hội phụ nữ huyện Châu Thành"),
    ("Bộ Tư Lệnh Quân khu 9 kiểm tra công tác huấn luyện.", "Bộ Tư Lệnh Quân khu 9"),
    ("Bệnh viện đa khoa tỉnh An Giang tiếp nhận thêm máy thở.", "Bệnh viện đa khoa tỉnh An Giang"),
])
def test_a_listed_body_in_another_case_is_found_whole(text, body):
    assert any(e.label == "ORG" and e.text == body for e in rule_entities(text))
    assert ("ORG", body) in found(text)


def test_the_listed_kind_and_level_go_with_the_other_case():
    text = "Ủy ban thường vụ Quốc hội họp phiên thứ 12."
    org = next(e for e in rule_entities(text) if e.label == "ORG")
    assert org.attrs["kind"] == "state" and org.attrs["level"] == "trung_uong"


@pytest.mark.parametrize("text", [
    "Xã thành lập ban chỉ đạo để thực hiện kế hoạch.",  # a lower-case first word: a common noun
    "Cán bộ mặt trận tổ quốc các cấp dự lớp tập huấn.",
])
def test_a_lower_case_first_word_is_still_no_listed_body(text):
    assert not [e for e in rule_entities(text) if e.label == "ORG"]


@pytest.mark.parametrize("text,body", [
    ("Theo Trung tâm Dịch vụ việc làm TP HCM, số người tìm việc tăng.", "Trung tâm Dịch vụ việc làm TP HCM"),
    ("UBND TP.HCM vừa giao Sở Y tế TP. HCM kiểm tra.", "Sở Y tế TP. HCM"),
])
def test_a_body_of_the_city_keeps_its_short_name(text, body):
    """ "TP HCM" after a body: the place stopped at "TP" before."""
    org = next(e for e in rule_entities(text) if e.label == "ORG" and e.text == body)
    assert org.attrs["level"] == "tinh"
    assert ("ORG", body) in found(text)
