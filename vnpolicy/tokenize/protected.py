"""Spans that word segmentation must keep as one token: document numbers, dates, numbers, ...

Both backends cut "01-NQ/TU" into "01", "-", "NQ", "/", "TU" and pyvi cuts "19/8/2022" too;
underthesea glues Roman numerals to their neighbours ("khóa XI", "XII nhiệm kỳ"). This room
finds such spans with one precompiled regular expression, before any backend runs; the backend
then sees each span as a single token and may not join it to a neighbour.

It must not decide word boundaries between ordinary syllables, and it only matches text
written without spaces ("19 / 8 / 2022" is left to the backend, as the VLSP 2013 corpus
writes it).

>>> [m.group() for m in PROTECTED.finditer("Nghị quyết số 01-NQ/TU ngày 19/8/2022 của Tỉnh ủy")]
['01-NQ/TU', '19/8/2022']
>>> [(m.group(), m.lastgroup) for m in PROTECTED.finditer("Quyết định 123/QĐ-UBND, khóa XI.")]
[('123/QĐ-UBND', 'legal_number'), ('XI', 'roman')]
>>> [m.group() for m in PROTECTED.finditer("tăng 3,5% lên 1.234,5 tỷ đồng lúc 7h30")]
['3,5', '1.234,5', '7h30']
>>> [m.group() for m in PROTECTED.finditer("Xem dongthap.gov.vn hoặc gửi thư tới bbt@dongthap.gov.vn")]
['dongthap.gov.vn', 'bbt@dongthap.gov.vn']
>>> [m.group() for m in PROTECTED.finditer("phát triển kinh tế - xã hội, hai xã đạt chuẩn")]
[]
"""

from __future__ import annotations

import re

from vnpolicy.identifiers import DOC_CODE, ROMAN, TLD, URL_SCHEME
from vnpolicy.tokenize.resources import abbreviations

UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


_PATTERNS: list[tuple[str, str]] = [
    # The end-of-article mark "./." is one punctuation token, not ".", "/", ".".
    ("article_end", r"\./\."),
    ("url", URL_SCHEME + r"""[^\s<>"“”'()]*[^\s<>"“”'().,;:!?]"""
            r"|www\.[^\s<>\"“”'()]*[^\s<>\"“”'().,;:!?]"
            rf"|(?<![\w@.\-])[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{TLD})"
            r"(?:/[^\s<>\"“”'()]*[^\s<>\"“”'().,;:!?])?(?![\w@\-])"),
    ("email", r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
    # 01-NQ/TU, 123/QĐ-UBND, 15/2020/NĐ-CP, 45/2019/QH14, 08-QĐi/TW: a number, maybe a year,
    # then codes, with at least one "/" somewhere (so "43H-0530" and "2020-2025" stay out).
    ("legal_number", rf"(?<![\w/\-])(?=[\w\-]*/)\d{{1,5}}[a-z]?(?:/\d{{4}})?(?:[\-/]{DOC_CODE})+(?![\w/\-])"),
    # A bare code: QĐ-UBND, NQ/TW, NĐ-CP.
    ("legal_code", rf"(?<![\w/\-])[A-ZĐ]{{2,8}}[a-zđ]?\d{{0,2}}(?:[\-/]{DOC_CODE})+(?![\w/\-])"),
    # Q.1, P.5: district and ward numbers.
    ("place_number", r"(?<![\w.])[QPF]\.\d{1,2}(?!\w|\.\d)"),
    # TW4, QH14: a code with its number (Nghị quyết TW4 khóa XII).
    ("numbered_code", r"(?<![\w\-/])[A-ZĐ]{2,6}\d{1,3}(?![\w\-/])"),
    # 19/8/2022, 19-8-2022, 19.8.2022, 2022-08-19, 08/2022, 19/8, quý III/2022.
    ("date", r"(?<![\w/.,\-])(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"
             r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2}|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}"
             r"|[IVX]{1,4}/\d{4})(?![\w/\-]|[.,]\d)"),
    # Year ranges written without spaces: 2020-2025, 2021–2030.
    ("period", r"(?<![\w/.,\-])\d{4}[\-–]\d{4}(?![\w/\-]|[.,]\d)"),
    # 7:30, 14:05:09, 7h30, 14h.
    ("time", r"(?<![\w:.,])(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}h\d{2}|\d{1,2}h)(?![\w:]|[.,]\d)"),
    # 1.234.567; 1.234,5; 3,5; 2.5 (Vietnamese writes thousands with "." and decimals with ",").
    ("number", r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w]|[.,]\d)"
               r"|(?<![\w.,])\d+[.,]\d+(?![\w]|[.,]\d)"),
    # Roman numerals of at least two letters (khóa XI, lần thứ XII), or one letter after the
    # words that announce one.
    ("roman", rf"(?<![\w.\-])(?=[IVXL]{{2,}}(?![\w\-]))L?{ROMAN}(?![\w\-])"
              r"|(?:(?<=khóa )|(?<=khoá )|(?<=Khóa )|(?<=Khoá )|(?<=thứ )|(?<=quý )|(?<=Quý )|(?<=kỳ ))"
              r"[IVX](?![\w\-])"),
]


def _abbreviation_pattern() -> str:
    forms = sorted(abbreviations(), key=len, reverse=True)
    alternatives = []
    for form in forms:
        escaped = re.escape(form)
        # "TP." ends on its dot; "UBND" must end on a word boundary.
        tail = "" if form.endswith(".") else r"(?!\w)"
        alternatives.append(escaped + tail)
    return r"(?<![\w.])(?:" + "|".join(alternatives) + ")"


def _compile() -> re.Pattern[str]:
    # Abbreviations go after the specific shapes ("01-NQ/TU" before "TW", "Q.1" before "Q.")
    # and before dates and numbers.
    patterns = list(_PATTERNS)
    patterns.insert(7, ("abbreviation", _abbreviation_pattern()))
    # Every shape but "./." starts at a word boundary: test that once, so the engine skips
    # the inside of ordinary words without trying each alternative there.
    (first_name, first_body), rest = patterns[0], patterns[1:]
    assert first_name == "article_end"
    body = "|".join(f"(?P<{name}>{body})" for name, body in rest)
    return re.compile(f"(?P<{first_name}>{first_body})|(?<!\\w)(?:{body})")


PROTECTED: re.Pattern[str] = _compile()
"""One regex for every protected shape; ``match.lastgroup`` names the shape."""


def _lower_start_triggers() -> re.Pattern[str]:
    # What a text holds when a span may start with a lower-case letter: a URL's "://", a
    # domain's ".com" (a letter or digit, a dot, a letter), an e-mail's "@", or one of the
    # abbreviations written in lower case ("v.v.", "đ/c").
    lower = sorted((re.escape(f) for f in abbreviations() if not _CAN_START.match(f)), key=len, reverse=True)
    return re.compile("|".join([r"@", r"://", r"[a-z0-9\-]\.[a-z]", *lower]))


def _lower_start_marks() -> re.Pattern[str] | None:
    """A pattern found in a text exactly when :data:`_LOWER_START` is (not at the same place):
    each trigger is matched from its first character that is not a letter ("@", ":", ".", "/"),
    what comes before it checked behind, what comes after ahead. None when a lower-case
    abbreviation has no such character (then :data:`_LOWER_START` itself is searched).

    Why: :data:`_LOWER_START` opens with a lower-case letter ("[a-z0-9-]" before a dot, "v.v.",
    "tr."), so ``re`` tried it at most characters of every line, a quarter of
    :func:`protected_spans`; this one opens with the four marks, which ``re`` skips ahead to.
    A match of either anywhere in a whole text is a match of the other, shifted by the letters
    before the mark."""
    alternatives = ["@", ":(?=//)", r"\.(?<=[a-z0-9\-]\.)(?=[a-z])"]
    for form in sorted((f for f in abbreviations() if not _CAN_START.match(f)), key=len, reverse=True):
        at = next((k for k, c in enumerate(form) if not c.isalpha()), None)
        if at is None:
            return None
        ahead = f"(?={re.escape(form[at + 1:])})" if at + 1 < len(form) else ""
        alternatives.append(f"{re.escape(form[at])}(?<={re.escape(form[:at + 1])}){ahead}")
    return re.compile("|".join(alternatives))


# Every other shape starts with a digit or an upper-case ASCII letter or Đ (document numbers
# and codes, dates, times, numbers, Roman numerals, upper-case abbreviations), or is "./.".
_CAN_START = re.compile(r"[\dA-ZĐ]|\./\.")
_LOWER_START = _lower_start_triggers()
_LOWER_MARKS = _lower_start_marks()


def _candidates() -> re.Pattern[str]:
    """:data:`_CAN_START` less an upper-case letter followed by a lower-case one ("Nguyễn",
    "Đảng"), unless an abbreviation starts with those two ("Tp.", "ThS."): every other shape
    starting with a capital takes a second capital, a digit, "." or "/" after it (codes, Roman
    numerals, "Q.1", "III/2022"), so no span starts there. Most capitals in news text begin a
    name or a sentence: the one pattern was tried at each of them. (The lower-case letters are
    those of the Latin blocks, a part of all: a capital before any other letter stays a place.)"""
    lower = "".join(re.escape(c) for c in map(chr, [*range(0x250), *range(0x1E00, 0x1F00)]) if c.islower())
    mixed = sorted({f[:2] for f in abbreviations() if len(f) > 1 and f[0].isupper() and f[1].islower()})
    # Every shape of PROTECTED but "./." starts where no word character comes before (its
    # "(?<!\w)"): the places right after one, inside a number or a word in capitals ("2022",
    # "UBND", "HÀ NỘI"), are left out, checked once the first character is taken (a look-behind
    # over it and the one before) so that ``re`` still skips ahead to the first characters.
    # They were nine in ten of the places tried, and PROTECTED matched at none of them.
    after = r"(?<!\w.)"
    return re.compile("|".join([rf"\d{after}", *(re.escape(m[0]) + after + re.escape(m[1]) for m in mixed),
                                rf"[A-ZĐ]{after}(?![{lower}])", r"\./\."]))


_CANDIDATE = _candidates()


def protected_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every protected span of ``text[start:end]``.

    The one regex is tried only where a span can start (:data:`_CAN_START`, less the capitals
    of :func:`_candidates`): scanning with it at every character was a sixth of the segmenter's
    time. A text where a span may start with a lower-case letter (:data:`_LOWER_START`, rare) is
    scanned whole, as before.

    >>> protected_spans("Ngày 19/8/2022, UBND tỉnh")
    [(5, 14, 'date'), (16, 20, 'abbreviation')]
    """
    if end is None:
        end = len(text)
    whole = start == 0 and end == len(text)  # _LOWER_MARKS answers for a whole text only
    if (_LOWER_MARKS.search(text) if whole and _LOWER_MARKS is not None else _LOWER_START.search(text, start, end)):
        return [(m.start(), m.end(), m.lastgroup or "") for m in PROTECTED.finditer(text, start, end)]
    spans = []
    match, can_start = PROTECTED.match, _CANDIDATE.search
    candidate = can_start(text, start, end)
    while candidate:
        found = match(text, candidate.start(), end)
        if found:
            spans.append((found.start(), found.end(), found.lastgroup or ""))
            candidate = can_start(text, found.end(), end)
        else:
            candidate = can_start(text, candidate.start() + 1, end)
    return spans
