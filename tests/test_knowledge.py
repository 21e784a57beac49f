"""One home for each piece of knowledge: the rooms that use a table use the same one.

Tone marks, tone-placement folds, domain names, Roman numerals and the date vocabulary are each
defined once (vnpolicy.orthography, vnpolicy.identifiers, vnpolicy.dates); these tests check
that every room reads them from there and agrees on sentences written for the test.
"""

from __future__ import annotations

import importlib

from vnpolicy import orthography
from vnpolicy.read import encodings, vietnamese
from vnpolicy.text import syllable
from vnpolicy.text.spelling import corrector, model
from vnpolicy.tokenize import lexicon
from vnpolicy.topics import features

normalize = importlib.import_module("vnpolicy.text.normalize")  # the package exports a function of that name


def test_one_tone_table_everywhere() -> None:
    assert syllable.TONE_MARKS is orthography.TONE_MARKS
    assert normalize.TONE_MARKS is orthography.TONE_MARKS
    assert vietnamese.TONE_MARKS is orthography.TONE_MARKS
    assert encodings.TONE_MARKS is orthography.TONE_MARKS
    assert corrector.TONE_MARKS is orthography.TONE_MARKS
    assert normalize.TONE_STYLES is syllable.TONE_STYLES is orthography.TONE_STYLES
    assert model.TONE_DIGIT is orthography.MARK_DIGITS


def test_digits_and_marks_agree() -> None:
    # the spelling model's key digit of a mark names the tone the mark carries
    for mark, digit in orthography.MARK_DIGITS.items():
        assert orthography.TONE_DIGITS[digit] == orthography.TONE_MARKS[mark]
    assert model.syllable_key("Thuỷ") == model.syllable_key("thủy") == "thuy3"


def test_new_to_old_is_the_placement_rule() -> None:
    """The fold table agrees with the syllable module's placement of both styles."""
    for new, old in orthography.NEW_TO_OLD.items():
        tone = syllable.tone_of(new)
        bare = syllable.strip_tone(new)
        assert syllable.with_tone(bare, tone, "new") == new
        assert syllable.with_tone(bare, tone, "old") == old
    assert len(orthography.NEW_TO_OLD) == 15


def test_topic_and_segmenter_folds_agree_on_a_sentence() -> None:
    sentence = "Ủy ban nhân dân tỉnh Thanh Hoá họp về thủy lợi, Uỷ viên Hòa và Thuỷ"
    folded = features.fold(sentence)
    assert folded == "ủy ban nhân dân tỉnh thanh hóa họp về thủy lợi, ủy viên hòa và thủy"
    words = sentence.replace(",", "").split()
    assert [lexicon.fold(w) for w in words] == [features.fold(w) for w in words]
    assert features.fold is orthography.fold


def test_one_domain_list_for_the_three_rooms() -> None:
    """Normalization, the tokenizer and the typo corrector agree on what ends a domain name."""
    from vnpolicy import identifiers
    from vnpolicy.tokenize.protected import protected_spans

    assert identifiers.TLDS[:1] == ("vn",) and {"gov", "int", "io"} <= set(identifiers.TLDS)
    for tld in identifiers.TLDS:
        host = f"congthongtin.{tld}"
        sentence = f"Xem tin tại {host}, trang của tỉnh"
        start = sentence.index(host)
        assert (start, start + len(host), "url") in protected_spans(sentence), tld
        found = corrector._PROTECTED_RE.search(sentence)
        assert found is not None and found.start() == start and found.group().startswith(host), tld
        assert normalize._in_link(sentence, start + len(host) - 1), tld


def test_roman_numerals_read_once() -> None:
    from vnpolicy.entities.date import interpret
    from vnpolicy.identifiers import roman_value

    assert [roman_value(n) for n in ("I", "II", "III", "IV", "IX", "XII", "XIV", "LX")] == [1, 2, 3, 4, 9, 12, 14, 60]
    assert roman_value("") is None and roman_value("VV") is None and roman_value("khóa") is None
    assert interpret("quý IV/2023") == {"start": "2023-10-01", "end": "2023-12-31"}
    assert interpret("Quý 2 năm 2024") == {"start": "2024-04-01", "end": "2024-06-30"}


def test_reader_and_entity_step_read_dates_from_one_vocabulary() -> None:
    """The reader's datelines and the DATE entities both use vnpolicy.dates' words."""
    from vnpolicy import dates
    from vnpolicy.entities.date import find_dates
    from vnpolicy.read.dates import body_start_date, meta_line_date

    assert "trưa" in dates.words("time_of_day") and "bẩy" in dates.words("weekday")
    # the reader: a weekday on a dateline, a time of day opening the body
    assert meta_line_date("Thứ Bẩy, 19/08/2023 | 07:30") == "2023-08-19"
    assert body_start_date("Trưa 5/3, Huyện ủy Lấp Vò tổ chức hội nghị", year_hint=2024) == "2024-03-05"
    # the entity step: the same time-of-day word, periods, counts, relative words, a lunar year
    found = {e.text: e.attrs for e in find_dates(
        "Trưa 5/3, tổng kết năm học 2023-2024 và sáu tháng đầu năm 2024; mười năm qua, "
        "so với năm ngoái, đón Tết Giáp Thìn 2024.", "2024-07-10")}
    assert found["5/3"] == {"value": "2024-03-05"}
    assert found["năm học 2023-2024"] == {"start": "2023-09-01", "end": "2024-08-31"}
    assert found["sáu tháng đầu năm 2024"] == {"start": "2024-01-01", "end": "2024-06-30"}
    assert found["mười năm qua"] == {"duration_years": 10, "start": "2014-07-10", "end": "2024-07-10"}
    assert found["năm ngoái"] == {"value": "2023", "start": "2023-01-01", "end": "2023-12-31"}
    assert found["Tết Giáp Thìn 2024"]["holiday"] == "tet"
    assert find_dates("giai đoạn 2021-2025")[0].attrs == {"start": "2021-01-01", "end": "2025-12-31"}


def test_entity_cue_words_come_from_the_resource() -> None:
    """ORG, PER and LEGAL_DOC rules read their cue words from entities/cue_words.tsv."""
    from vnpolicy.entities import rule_entities
    from vnpolicy.entities.lexicon import cue_values, cue_words

    assert cue_values("sector_head")["Chi cục"] == "huyen" and "Sư đoàn" in cue_words("numbered_unit")
    found = {e.text: e for e in rule_entities(
        "Thực hiện Quyết định số 123/QĐ-UBND ngày 5/3/2024 của Chủ tịch UBND tỉnh Đồng Tháp, "
        "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII, ông Trần Văn Hai "
        "được bầu giữ chức Bí thư Huyện ủy Tháp Mười; Sư đoàn 330 và Chi cục Thủy lợi cùng ra quân.")}
    doc = found["Quyết định số 123/QĐ-UBND ngày 5/3/2024 của Chủ tịch UBND tỉnh"]
    assert doc.attrs["issuer"] == "Chủ tịch UBND tỉnh"  # an issuing office, not a body
    assert found["Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII"].attrs["plenum"] == 8
    assert found["Trần Văn Hai"].attrs["role"] == "Bí thư Huyện ủy Tháp Mười"  # "được bầu giữ chức"
    assert found["Sư đoàn 330"].attrs["kind"] == "armed"
    assert found["Chi cục Thủy lợi"].attrs["level"] == "huyen"


def test_json_wrapper_keys_come_from_the_resource(tmp_path) -> None:
    import json

    from vnpolicy.read import resources
    from vnpolicy.read.formats import read_file_articles

    assert resources.lines("json_wrappers.txt") == ("articles", "items", "data", "results")
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"items": [{"title": "Hội nghị sơ kết", "content": "Sáng 5/3, Huyện ủy họp."}]},
                               ensure_ascii=False), encoding="utf-8")
    (article,) = read_file_articles(path)
    assert article.title == "Hội nghị sơ kết"
