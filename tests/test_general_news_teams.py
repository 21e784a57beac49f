"""Teams, governments and companies as VNTC's general news writes them (the tenth entity session,
from a 2-fold cross-validation on VNTC train by article). Sentences written for the test."""

from __future__ import annotations

import pytest

from vnpolicy.entities import extract_entities
from vnpolicy.entities.tagger import _teams_named_by_their_place


def _labels(text: str) -> dict[str, str]:
    return {e.text: e.label for e in extract_entities(text)}


def _as_places(text: str, *names: str) -> list[tuple[int, int, str]]:
    return [(text.index(n), text.index(n) + len(n), "LOC") for n in names]


def _relabelled(text: str, *names: str) -> dict[str, str]:
    return {text[s:e]: lab for s, e, lab in _teams_named_by_their_place(text, _as_places(text, *names))}


@pytest.mark.parametrize("text,names,teams", [
    # a name that acts in a match report: at a clause's start, after a word of playing or facing,
    # or listed right after a team
    ("Ở lượt trận cuối vòng bảng, Malaysia thua Indonesia 0-2 khiến HLV của họ phải từ chức.",
     ("Malaysia", "Indonesia"), {"Malaysia", "Indonesia"}),
    ("Tiền đạo số 9 đã ghi bàn thắng duy nhất giúp Đồng Nai vượt qua Long An.", ("Đồng Nai", "Long An"), {"Đồng Nai", "Long An"}),
    ("Sau trận hòa trước Philippines, thủ môn của đội tuyển cho biết cả đội vẫn tự tin.", ("Philippines",), {"Philippines"}),
    ("Bảng C có các đội: Ecuador, Peru và Chile, trận mở màn sẽ có tỉ số khó đoán vì HLV hai bên đều giấu bài.",
     ("Ecuador", "Peru", "Chile"), {"Ecuador", "Peru", "Chile"}),
    # a name that describes a noun, or where the match is played, stays a place
    ("Tay vợt Thụy Điển giành chức vô địch sau trận chung kết kéo dài bốn giờ.", ("Thụy Điển",), set()),
    ("Vòng loại sẽ diễn ra tại Qatar, HLV trưởng đã công bố danh sách cầu thủ.", ("Qatar",), set()),
    ("Các cầu thủ Hàn Quốc đã có mặt ở sân nhà từ sáng nay.", ("Hàn Quốc",), set()),
])
def test_a_team_named_by_its_place_in_a_match_report(text, names, teams):
    got = _relabelled(text, *names)
    assert {n for n, lab in got.items() if lab == "ORG"} == teams
    assert {n for n, lab in got.items() if lab == "LOC"} == set(names) - teams


def test_outside_sports_news_a_country_stays_a_place():
    # the guidelines: a government named by its place stays LOC ("Hà Nội đã chi 10 tỉ đồng")
    text = "Trước sức ép của dư luận, Canada tuyên bố sẽ tăng viện trợ cho các nước bị lũ lụt."
    assert _relabelled(text, "Canada") == {"Canada": "LOC"}


def test_a_match_report_through_the_pipeline():
    labels = _labels("Trong trận đấu tối qua, đội khách ghi bàn ở phút 80 nhưng Singapore vẫn thắng Myanmar 3-1 "
                     "và giữ ngôi đầu bảng xếp hạng.")
    assert labels.get("Singapore") == "ORG" and labels.get("Myanmar") == "ORG"


def test_a_country_read_as_a_body_outside_sports_news_is_a_place():
    # "Hà Nội đã chi 10 tỉ đồng" is LOC by the guidelines; so is a country acting as a state
    text = "Chính quyền Na Uy cho biết sẽ cắt giảm khí đốt bán cho Ba Lan từ tháng sau."
    spans = [(text.index("Na Uy"), text.index("Na Uy") + 5, "ORG"), (text.index("Ba Lan"), text.index("Ba Lan") + 6, "ORG")]
    assert [lab for _, _, lab in _teams_named_by_their_place(text, spans)] == ["LOC", "LOC"]
    # ... but a team read as a body in a match report stays one
    text = "Ở trận bán kết, Na Uy gặp Ba Lan; HLV hai đội đều thận trọng."
    spans = [(text.index("Na Uy"), text.index("Na Uy") + 5, "ORG"), (text.index("Ba Lan"), text.index("Ba Lan") + 6, "ORG")]
    assert [lab for _, _, lab in _teams_named_by_their_place(text, spans)] == ["ORG", "ORG"]


def test_names_listed_with_bodies_or_people_take_their_kind():
    from vnpolicy.entities.tagger import _bodies_listed_with_bodies

    text = "Hội chợ có gian hàng của Samsung, Philips, Kelvinator và Whirlpool."
    spans = [(text.index(n), text.index(n) + len(n), lab)
             for n, lab in (("Samsung", "ORG"), ("Philips", "ORG"), ("Kelvinator", "PER"), ("Whirlpool", "ORG"))]
    assert [lab for *_, lab in _bodies_listed_with_bodies(text, spans)] == ["ORG"] * 4
    # a Vietnamese family name keeps a person among bodies ...
    text = "Buổi gặp có đại diện Vinamilk, Sabeco và Lê Văn Tám."
    spans = [(text.index(n), text.index(n) + len(n), lab) for n, lab in (("Vinamilk", "ORG"), ("Sabeco", "ORG"), ("Lê Văn Tám", "PER"))]
    assert [lab for *_, lab in _bodies_listed_with_bodies(text, spans)] == ["ORG", "ORG", "PER"]
    # ... and among people, a name of two words with no body's head is a person
    text = "Đội hình có Maria Sharapova, Elena Vesnina và Vera Dushevina."
    spans = [(text.index(n), text.index(n) + len(n), lab)
             for n, lab in (("Maria Sharapova", "PER"), ("Elena Vesnina", "ORG"), ("Vera Dushevina", "PER"))]
    assert [lab for *_, lab in _bodies_listed_with_bodies(text, spans)] == ["PER"] * 3
