"""underthesea's segmentation model scored by vnpolicy's own code gives underthesea_core's tags.

Sentences written for these tests, the data/articles samples, and edge cases (one token, two,
forced runs, marks and numbers), each held to ``reference_word_starts`` (underthesea_core's own
featurizer and tagger). ``benchmarks/word_segmentation.py`` checks the same on VLSP 2013 test and
UD dev.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vnpolicy.errors import ModelError
from vnpolicy.tokenize import line_tokens
from vnpolicy.tokenize.backends import get_backend
from vnpolicy.tokenize.underthesea_crf import _digit, _title, load, read_margins

ROOT = Path(__file__).resolve().parent.parent

WRITTEN = [
    "Sáng 12/3, Ban Dân vận Huyện ủy Tam Nông tổ chức hội nghị sơ kết công tác dân vận quý I.",
    "Ông Nguyễn Văn Bình, Phó Chủ tịch UBND xã Phú Thọ, cho biết: năm 2024 xã đạt 19/19 tiêu chí.",
    "Hội Nông dân tỉnh trao 50 suất quà (mỗi suất 500.000 đồng) cho hội viên khó khăn ở TP.HCM.",
    "Email: vanphong@tamnong.gov.vn; điện thoại 0277.3827.111 — Cập nhật lúc 08:30.",
    "COVID-19 và e-mail, Th.S Lê A., v.v... ĐỒNG CHÍ BÍ THƯ TỈNH ỦY PHÁT BIỂU!!!",
    "Một",
    "Hai từ",
    "!!! ??? ...",
    "Sân bay BOS và token EOS, BOS EOS.",  # the words underthesea_core writes for a window past either end
]


def _compare(text: str) -> tuple[list[bool], list[bool]]:
    backend = get_backend("underthesea")
    _, tokens, forced = line_tokens(text, backend)
    return backend.word_starts(tokens, forced), backend.reference_word_starts(tokens, forced)


@pytest.mark.parametrize("text", WRITTEN)
def test_tags_are_underthesea_cores_on_written_sentences(text: str) -> None:
    ours, theirs = _compare(text)
    assert ours == theirs


def test_tags_are_underthesea_cores_on_the_sample_articles() -> None:
    lines = [line for path in sorted((ROOT / "data" / "articles").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 50
    differ = [line for line in lines if (pair := _compare(line))[0] != pair[1]]
    assert differ == []


def test_the_model_read_has_the_shape_underthesea_ships() -> None:
    model = load()
    assert len(model.weights) > 40_000 and len(model.dictionary) > 50_000
    assert "T[0].lower=hà" in model.weights and model.transitions[0][0] != 0.0
    assert "hà nội" in model.dictionary


def test_underthesea_cores_yes_no_features() -> None:
    # istitle: no word starts lower case ("2020", "." and "ABC" are titles); isdigit: ASCII digits
    assert [_title(t) for t in ("ABC", "2020", ".", "aBc", "Văn A đi", "Văn A")] == ["True", "True", "True", "False", "False", "True"]
    assert [_digit(t) for t in ("2020", "٣", "1.000", "²")] == ["True", "False", "False", "False"]


def test_a_damaged_model_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="lCRF"):
        read_margins(b"not a model", "x/models.bin")


def _pieces() -> list[list[str]]:
    """Token sequences as the model is asked about them: written sentences, their first one, two
    and three tokens, their last four, and nothing."""
    backend = get_backend("underthesea")
    out: list[list[str]] = [[]]
    for text in WRITTEN:
        tokens = line_tokens(text, backend)[1]
        out += [tokens, tokens[:1], tokens[:2], tokens[:3], tokens[-4:]]
    return out


def test_numpy_margins_are_the_plain_pythons_to_the_bit() -> None:
    # numpy_from=0: the numpy path even for one short sequence; each sequence alone and all together
    model, pieces = load(), _pieces()
    expected = [model.reference_margins(piece) for piece in pieces]
    assert model.margins_many(pieces, numpy_from=0) == expected
    assert [model.margins_many([piece], numpy_from=0)[0] for piece in pieces] == expected


def test_word_starts_many_gives_each_lines_word_starts() -> None:
    backend = get_backend("underthesea")
    items = [line_tokens(text, backend)[1:] for text in WRITTEN]
    many = backend.word_starts_many(items)
    assert many == [backend.word_starts(tokens, forced) for tokens, forced in items]
    assert many == [backend.reference_word_starts(tokens, forced) for tokens, forced in items]
