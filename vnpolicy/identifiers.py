"""Identifier shapes in Vietnamese news text: URLs, e-mail addresses, domain names, Roman
numerals and document numbers, as regular-expression pieces.

Normalization (keep a link whole while fixing spacing), the tokenizer (keep it one token), the
typo corrector (never "correct" it) and the entity step (read a document number) each look for
these shapes; they take the pieces from here so a new top-level domain or code shape is added
once. Each room still assembles its own pattern: the spacing rule, the tokenizer and the
corrector stop a link at different characters, for reasons given where they do. The domain list
is data: ``resources/text/top_level_domains.txt``. This module imports only the resource loader and the year shape.

>>> "gov" in TLDS and "vn" in TLDS
True
>>> import re
>>> [bool(re.fullmatch(ROMAN, n)) for n in ("XII", "IV", "XIV", "IIII", "VX")]
[True, True, True, False, False]
>>> roman_value("XIII"), roman_value("IV"), roman_value("IIII")
(13, 4, None)
"""

from __future__ import annotations

import re

from vnpolicy.dates import YEAR
from vnpolicy.resources import read_lines

__all__ = [
    "TLDS",
    "TLD",
    "URL_SCHEME",
    "ROMAN",
    "roman_value",
    "DOC_CODE",
    "DOC_YEAR",
    "DOC_SEGMENT",
    "DOC_NUMBER_STATE",
    "DOC_NUMBER_PARTY",
]

# The top-level domains a domain name may end in, and their alternation for a pattern.
TLDS: tuple[str, ...] = tuple(line.strip() for line in read_lines("text", "top_level_domains.txt"))
TLD = "|".join(TLDS)

# The schemes a written link starts with ("https://", "ftp://"); "www." starts one too.
URL_SCHEME = r"(?:https?|ftp)://"

# A Roman numeral up to 39, as terms (khóa XII), congresses (lần thứ XI) and quarters (quý III)
# write them. It also matches the empty string: callers require a letter ("(?<=[IVX])").
ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral of :data:`ROMAN`'s shape (an optional L before it), else None."""
    if not numeral or not re.fullmatch(rf"L?{ROMAN}", numeral):
        return None
    total = 0
    for k, letter in enumerate(numeral):
        value = _ROMAN_DIGITS[letter]
        following = _ROMAN_DIGITS[numeral[k + 1]] if k + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


# Document numbers (Nghị định 30/2020/NĐ-CP, Phụ lục III; Quy định 66-QĐ/TW for Party documents).
# The tokenizer's short form: one code in a number, "NQ", "QĐ", "UBND", "TTg", "QĐi", "QH14".
DOC_CODE = r"[A-ZĐ]{1,8}[a-zđ]?\d{0,2}"
# The entity step's full form: a year, capitalised segments joined by "-" or, in some provinces,
# "." ("3010/QĐ-UBND.HC"); state numbering "15/2020/NĐ-CP", "123/QĐ-UBND", Party "01-NQ/TU".
DOC_YEAR = YEAR
DOC_SEGMENT = r"\p{Lu}[\p{L}\d]*"
DOC_NUMBER_STATE = (rf"\d{{1,5}}/{DOC_YEAR}/{DOC_SEGMENT}(?:[-.]{DOC_SEGMENT})*"
                    rf"|\d{{1,5}}/{DOC_SEGMENT}(?:[-.]{DOC_SEGMENT})*-{DOC_SEGMENT}(?:[-.]{DOC_SEGMENT})*")
DOC_NUMBER_PARTY = rf"\d{{1,5}}-{DOC_SEGMENT}/{DOC_SEGMENT}(?:[-.]{DOC_SEGMENT})*"
