"""Sentence splitting for administrative Vietnamese.

A line break always ends a sentence (portal text puts one paragraph per line). Inside a line,
a sentence ends at ".", "!", "?", "…" or "./." followed by a space and a capital letter, a
digit, a quote or a bracket, unless the dot belongs to something else:

- an abbreviation ("TP. Hồ Chí Minh", "TS. Nguyễn", "PGS.TS. Lê", "Đ/c", see
  ``resources/tokenize/abbreviations.tsv``) or an initial ("Nguyễn V. A");
- a number, date or document number ("1.234", "19.8.2022", "Q.1": no space follows the dot);
- an ellipsis followed by a lower-case word ("chưa ... nhưng");
- a list marker at the start of a line ("1. Quyền tiếp cận");
- a quotation that goes on after a dash ("“Sao ông không nghỉ?” - tôi hỏi").

A full stop with no space after it still ends a sentence between two ordinary words
("đào tạo.Chỉ tiêu"), a common fault of scraped text.

The end-of-article mark "./." stays with its sentence. This room never changes the text:
every sentence is a stripped slice of the input.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from vnpolicy.tokenize.resources import abbreviations

_LINE = re.compile(r"[^\r\n]+")
# A candidate end: the end mark, closing quotes/brackets, then a space or the end of the line.
# A run of marks is taken whole from its first mark, possessively: a run of "!" or "." not
# followed by a space is given up once, not retried from each of its marks (quadratic).
_END = regex.compile(r"(\./\.|(?<![.!?…])[.!?…]++)([\"”’'»)\]]*+)(?=\s|$)|(?<=[^\W\d_]{2})(\.)(?=[^\W\d_]{2})")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,5}|[a-zđ])$")
_LONGEST_LIST_MARKER = 40  # characters before a list marker's dot, leading spaces included
_NEXT = re.compile(r"\s*(\S?)")
_DASH_THEN = re.compile(r"\s*[-–—]\s*(\S?)")
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.)+$")
# Abbreviations that may also close a sentence when a capital letter follows.
_MAY_END_SENTENCE = frozenset({"v.v."})


@lru_cache(maxsize=1)
def _dotted_abbreviations() -> frozenset[str]:
    return frozenset(a for a in abbreviations() if a.endswith("."))


def _matched(pattern: re.Pattern[str], line: str, pos: int) -> str:
    """Group 1 of a pattern that matches everywhere (its parts are optional or already seen)."""
    found = pattern.match(line, pos)
    assert found is not None, pattern.pattern
    return found.group(1)


def _is_boundary(line: str, start: int, match: re.Match[str]) -> bool:
    if match.group(3):  # a full stop with no space after it: "đào tạo.Chỉ tiêu"
        pos = match.start()
        return line[pos - 2 : pos].islower() and line[pos + 1].isupper() and line[pos + 2].islower()
    mark = match.group(1)
    following = _matched(_NEXT, line, match.end())
    if not following:
        return True
    if following.islower():
        return False
    if following in "-–—":  # “… khỏe?” - tôi hỏi: the quote goes on
        after_dash = _matched(_DASH_THEN, line, match.end())
        if after_dash.islower():
            return False
    if mark == "./.":
        return True
    if mark in ("...", "…") or mark.startswith(".."):
        return following.isupper() or following in "\"“'‘([-–"
    if mark.endswith("."):
        # The word before the mark, found backwards: searching from ``start`` each time made a
        # line of many rejected ends ("TP. TP. TP. …") quadratic.
        word_start = match.start()
        while word_start > start and not line[word_start - 1].isspace():
            word_start -= 1
        word = line[word_start:match.start()] + "."
        word = word.lstrip("\"“'‘([")
        if word in _dotted_abbreviations() and word not in _MAY_END_SENTENCE:
            return False
        if _INITIALS.match(word):  # initials: "Nguyễn V. A", "hoạ sĩ H.H."
            return False
        if match.start() - start <= _LONGEST_LIST_MARKER and _LIST_MARKER.match(line[start:match.start()]):
            return False
    return True


def sent_tokenize(text: str) -> list[str]:
    """Split ``text`` into sentences; each line break ends one.

    >>> sent_tokenize("Đoàn làm việc tại TP. Hồ Chí Minh. PGS.TS. Nguyễn Văn A phát biểu.")
    ['Đoàn làm việc tại TP. Hồ Chí Minh.', 'PGS.TS. Nguyễn Văn A phát biểu.']
    >>> sent_tokenize("Giá trị đạt 1.234,5 tỷ đồng, v.v. Các chỉ tiêu đạt./.")
    ['Giá trị đạt 1.234,5 tỷ đồng, v.v.', 'Các chỉ tiêu đạt./.']
    >>> sent_tokenize("Hoàn thành chỉ tiêu.Chỉ tiêu năm 2023 là 1.234 hộ.")
    ['Hoàn thành chỉ tiêu.', 'Chỉ tiêu năm 2023 là 1.234 hộ.']
    >>> sent_tokenize("Nghị quyết 01\\nNgày 19/8/2022, Ban Thường vụ làm việc.")
    ['Nghị quyết 01', 'Ngày 19/8/2022, Ban Thường vụ làm việc.']
    """
    sentences: list[str] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group()
        start = 0
        for end_match in _END.finditer(line):
            if end_match.start() < start or not _is_boundary(line, start, end_match):
                continue
            sentence = line[start:end_match.end()].strip()
            if sentence:
                sentences.append(sentence)
            start = end_match.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences
