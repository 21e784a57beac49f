"""The central bodies of the Front and the mass organizations, as news names them in full
(the VNTC dev split showed them cut: "Liên đoàn Lao động Việt Nam" without its "Tổng", "Mặt trận"
without its "Ủy ban Trung ương"). Sentences written for the test."""

from __future__ import annotations

import pytest
from entity_helpers import found

from vnpolicy.entities import rule_entities


@pytest.mark.parametrize("text,body", [
    ("Hội thảo do Tổng Liên đoàn Lao động Việt Nam tổ chức tại Hà Nội.", "Tổng Liên đoàn Lao động Việt Nam"),
    ("Ủy ban Trung ương MTTQ Việt Nam vừa ban hành kế hoạch giám sát.", "Ủy ban Trung ương MTTQ Việt Nam"),
    ("Đại diện Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam trao quà cho bà con.",
     "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("Trung ương Hội Nông dân Việt Nam phát động phong trào trong hội viên.", "Trung ương Hội Nông dân Việt Nam"),
    ("Đoàn công tác của Trung ương Hội Cựu chiến binh Việt Nam làm việc với tỉnh.",
     "Trung ương Hội Cựu chiến binh Việt Nam"),
])
def test_a_central_body_keeps_its_whole_name(text, body):
    assert ("ORG", body) in found(text)
    assert any(e.label == "ORG" and e.text == body for e in rule_entities(text))


def test_a_central_party_commission_still_ends_at_trung_uong():
    text = "Thực hiện Hướng dẫn số 24-HD/BTGTW của Ban Tuyên giáo Trung ương, huyện tổ chức học tập."
    assert ("LEGAL_DOC", "Hướng dẫn số 24-HD/BTGTW của Ban Tuyên giáo Trung ương") in found(text)
    assert ("ORG", "Liên đoàn Lao động tỉnh") in found("Liên đoàn Lao động tỉnh tặng 50 suất quà.")
