"""The model's spans that run past what they name: over a bracket ("(GRDP) quý I"), a place into
its council's term ("tỉnh Thanh Hóa khóa XX"), a body into a count ("Thường trực HĐND 30 xã").
Found on portal paragraphs written for the typo set (data/gold/typos/written); sentences written
for the test."""

from __future__ import annotations

from entity_helpers import found


def test_no_entity_crosses_a_bracket_it_does_not_open():
    text = "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) quý II ước đạt 8,1%; thu ngân sách đạt 2.100 tỷ đồng."
    assert not [t for _, t in found(text) if t.count("(") != t.count(")")]


def test_a_place_ends_before_the_term_of_its_council():
    text = "Chiều 4/12/2024, HĐND huyện Hoằng Hóa, tỉnh Thanh Hóa khóa XX, nhiệm kỳ 2021 - 2026 bế mạc kỳ họp thứ 21."
    assert ("LOC", "tỉnh Thanh Hóa") in found(text)
    assert not [t for lab, t in found(text) if lab == "LOC" and "khóa" in t]


def test_a_body_ends_before_a_count_of_communes():
    text = "Dự kỳ họp có đại diện Thường trực HĐND 25 xã, thị trấn và lãnh đạo các phòng, ban của huyện."
    assert ("ORG", "Thường trực HĐND") in found(text)
    assert ("ORG", "Thường trực HĐND 25") not in found(text)


def test_kin_of_an_ethnic_group_name_no_body():
    """ "bà con Khmer": the people of an ethnic group, not an organization (a written portal paragraph)."""
    assert not [t for lab, t in found("Bà con Khmer ở ấp Trà Cuôn nô nức đón Tết Chôl Chnăm Thmây.") if t == "Khmer"]


def test_a_site_keeps_the_words_that_describe_it():
    """ "Khu di tích quốc gia đặc biệt Tân Trào" was an ORG (a written portal paragraph)."""
    text = "Đoàn dâng hương tại Khu di tích lịch sử quốc gia đặc biệt Pác Bó và Khu bảo tồn thiên nhiên Xuân Liên."
    assert ("LOC", "Khu di tích lịch sử quốc gia đặc biệt Pác Bó") in found(text)
    assert ("LOC", "Khu bảo tồn thiên nhiên Xuân Liên") in found(text)


def test_a_sector_project_board_keeps_its_whole_name():
    """The specialised project boards of a province ("Ban Quản lý dự án đầu tư xây dựng công trình
    dân dụng và công nghiệp tỉnh") were cut after "xây dựng" (a written portal paragraph)."""
    text = "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh Hà Tĩnh làm chủ đầu tư."
    assert ("ORG", "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh Hà Tĩnh") in found(text)
