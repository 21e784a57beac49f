"""Normalization rules: Unicode form, invisible characters, lookalikes, spacing, tone-mark style.

Each rule is a small pure function ``rule(text) -> list[Edit]`` that proposes edits in the
offsets of the text it is given, one per fault it finds; :func:`apply_normalization` runs them
in a fixed order on a :class:`~vnpolicy.text.trace.TextTrace`, so every change becomes a
:class:`~vnpolicy.document.Correction` with the rule's name and offsets in the raw text.

The order matters and is fixed (:data:`RULES`):

1. ``html_entities``: "&amp;" and "&#273;" become the characters they encode, which every later
   rule must then see.
2. ``invisible``: a zero-width character between a letter and its combining mark stops
   Unicode composition, and a non-breaking space hides a missing or doubled space.
3. ``odd_characters``: lookalike letters (Icelandic "Ð" for "Đ", Cyrillic "о" in a Latin word,
   fullwidth "Ａ"), before composition, which a lookalike base letter would block.
4. ``nfc``: compose decomposed letters, so later rules see one character per letter.
5. ``spacing``: spaces around punctuation, digits glued to words, runs of spaces, blank lines.
   ``symbol_spacing``: spaces around dashes, slashes, "%", brackets (numbers and codes kept whole).
6. ``tone_style``: one tone-mark placement for the oa/oe/uy syllables (hòa/hoà).

What this module must not do: change a word into another word (that is the typo corrector's job,
``spelling.py``), re-tokenize the text, or break numbers, dates, URLs, e-mail addresses, document
numbers ("01-NQ/TU", "45/2019/QH14") and abbreviations ("TP.HCM", "v.v."). An edit that inserts a
space replaces the neighbouring character(s) (``","`` → ``", "``, ``"01của"`` → ``"01 của"``), so
a row of the corrections table reads on its own.
"""

from __future__ import annotations

import bisect
import html
import re
import sys
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from vnpolicy.budget import check
from vnpolicy.document import Correction
from vnpolicy.identifiers import TLD, URL_SCHEME
from vnpolicy.orthography import DEFAULT_TONE_STYLE, TONE_MARKS, TONE_STYLES
from vnpolicy.resources import read_lines, read_table
from vnpolicy.text.syllable import _parse, is_valid_syllable, restyle
from vnpolicy.text.trace import Edit, TextTrace

__all__ = [
    "DEFAULT_TONE_STYLE",
    "ODD_SPACES",
    "TONE_STYLES",
    "RULES",
    "apply_normalization",
    "html_entity_edits",
    "invisible_edits",
    "nfc_edits",
    "odd_character_edits",
    "spacing_edits",
    "symbol_spacing_edits",
    "tone_style_edits",
    "spelling_style_edits",
    "apply_styles",
]


def _resource_lines(name: str) -> tuple[str, ...]:
    return read_lines("text", name)


@lru_cache(maxsize=None)
def _valid(word: str) -> bool:
    return is_valid_syllable(word)


# ---------------------------------------------------------------------------------------------
# html_entities

# Entities a scraper failed to decode, possibly escaped twice ("&amp;amp;").
_ENTITY_RE = regex.compile(
    r"&(?:amp;)*(?P<entity>amp|quot|apos|lt|gt|nbsp|ndash|mdash|hellip|ldquo|rdquo|lsquo|rsquo|#\d{2,5}|#x[0-9a-fA-F]{2,4});"
)


def html_entity_edits(text: str) -> list[Edit]:
    """Decode HTML entities that a scraper left in the plain text.

    A portal page copied through its HTML source keeps "Sở GD&amp;ĐT" or "&quot;Dân vận
    khéo&quot;"; the reader decodes whole HTML pages, but text that reached us already stripped of
    its tags still carries them. Entities escaped twice ("&amp;amp;") are decoded to the end.

    >>> [e.replacement for e in html_entity_edits("Sở GD&amp;ĐT, Bộ GD&amp;amp;ĐT, &quot;Dân vận khéo&quot;")]
    ['&', '&', '"', '"']
    >>> html_entity_edits("Công ty TNHH Nam & Bắc; R&D")  # a bare ampersand is text
    []
    """
    if "&" not in text:
        return []
    edits = []
    for m in _ENTITY_RE.finditer(text):
        # Decoding "&amp;amp;…quot;" level by level is what the entity means, and ends in the
        # innermost entity decoded: decoded at once (level by level was quadratic in the depth).
        decoded = html.unescape(f"&{m.group('entity')};")
        edits.append(Edit(m.start(), m.end(), decoded, "html_entities", note="HTML entity"))
    return edits


# ---------------------------------------------------------------------------------------------
# invisible


# Removed outright: they carry no text. Soft hyphen, zero-width space/joiner/non-joiner, word
# joiner, BOM/ZWNBSP, Mongolian vowel separator, direction marks and embeddings.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# C0 controls except tab and newline, DEL and C1 controls (mojibake or a copy from a terminal).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
# Spaces of other widths: no-break, en/em/thin/hair, narrow no-break, math, ideographic, ogham
# (a regex character-class body; vnpolicy.entities reads raw text with the same class).
ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE_RE = regex.compile(
    rf"(?P<crlf>\r\n?)|(?P<ls>[\u2028\u0085])|(?P<ps>\u2029)|(?P<space>[{ODD_SPACES}]+)"
    rf"|(?P<gone>[{_INVISIBLE}{_CONTROL}]+)"
)
_JOINS_WORDS = regex.compile(r"\p{L}+$"), regex.compile(r"^\p{L}+")
# The characters a match of _INVISIBLE_RE starts with (each branch starts with one): most texts
# hold none, and the standard ``re`` finds that out in one fast scan of a character class.
_INVISIBLE_FIRST = re.compile(rf"[\r\u2028\u0085\u2029{ODD_SPACES}{_INVISIBLE}{_CONTROL}]")


def invisible_edits(text: str) -> list[Edit]:
    """Remove characters that cannot be seen and make unusual spaces ordinary.

    Web editors and word processors leave zero-width spaces, soft hyphens and byte-order marks
    inside words, where they split "Tổ" from a dictionary lookup without showing anything; a
    no-break space (``&nbsp;``) looks like a space but is not one to most tools. Windows line
    endings become ``"\\n"``. Tabs and newlines are kept. An invisible character between two
    whole syllables ("Tổ\\u200bkhảo") stood for a space and becomes one.

    >>> [(e.replacement, e.rule) for e in invisible_edits("tỉnh\\u00a0khóa XI")]
    [(' ', 'invisible')]
    >>> [(e.start, e.end, e.replacement) for e in invisible_edits("T\\u200bổ khảo\\u00adsát")]
    [(1, 2, ''), (8, 9, ' ')]
    >>> [e.replacement for e in invisible_edits("Tổ\\u200bkhảo sát")]
    [' ']
    >>> invisible_edits("Tháp Mười\\tĐồng Tháp\\n\\nkhóa XI")  # tabs and newlines stay
    []
    """
    first = _INVISIBLE_FIRST.search(text)
    if first is None:
        return []
    edits = []
    for m in _INVISIBLE_RE.finditer(text, first.start()):
        kind = m.lastgroup
        if kind == "crlf":
            if m.group() == "\r\n":
                edits.append(Edit(m.start(), m.end(), "\n", "invisible", note="Windows line ending"))
            else:
                edits.append(Edit(m.start(), m.end(), "\n", "invisible", note="old Mac line ending"))
        elif kind == "ls":
            edits.append(Edit(m.start(), m.end(), "\n", "invisible", note="line separator"))
        elif kind == "ps":
            edits.append(Edit(m.start(), m.end(), "\n\n", "invisible", note="paragraph separator"))
        elif kind == "space":
            # Beside an ordinary space or a line break it adds nothing; elsewhere it is the space.
            beside = text[m.start() - 1 : m.start()] + text[m.end() : m.end() + 1]
            replacement = "" if any(c in " \t\n\r" for c in beside) else " "
            edits.append(Edit(m.start(), m.end(), replacement, "invisible", note=_describe(m.group())))
        else:
            replacement = ""
            left = _JOINS_WORDS[0].search(text, max(0, m.start() - 12), m.start())
            right = _JOINS_WORDS[1].search(text[m.end() : m.end() + 12])
            if left and right and _valid(left.group()) and _valid(right.group()):
                if not _valid(left.group() + right.group()):
                    replacement = " "
            edits.append(Edit(m.start(), m.end(), replacement, "invisible", note=_describe(m.group())))
    return edits


def _describe(chars: str) -> str:
    return ", ".join(dict.fromkeys(unicodedata.name(c, f"U+{ord(c):04X}").lower() for c in chars))


# ---------------------------------------------------------------------------------------------
# nfc

# Whole words, taken possessively; those holding a combining mark are kept. A pattern that asked
# for the mark inside the word rescanned a long word from each of its letters (quadratic).
_WORD = regex.compile(r"[\p{L}\p{M}]++")
_MARK = regex.compile(r"\p{M}")


def nfc_edits(text: str) -> list[Edit]:
    """Compose decomposed letters into single characters (Unicode NFC), one edit per word.

    Text typed on a Mac, pasted from Word or converted from Windows-1258 stores "ệ" as "e" plus
    two combining marks; it looks the same but does not match "ệ" in any search or dictionary.
    When a Windows-1258 conversion left the tone mark after the wrong letter ("Viêt" + U+0323), the
    mark is moved onto the vowel that carries it, if that gives a valid Vietnamese syllable.

    >>> import unicodedata
    >>> nfd = unicodedata.normalize("NFD", "Nghị quyết")
    >>> [(e.start, e.end, e.replacement) for e in nfc_edits(nfd)]
    [(0, 5, 'Nghị'), (6, 13, 'quyết')]
    >>> [e.replacement for e in nfc_edits("Viêt\\u0323 Nam")]
    ['Việt']
    >>> nfc_edits("Nghị quyết 01-NQ/TU")  # already composed
    []
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in _WORD.finditer(text):
        word = m.group()
        if not _MARK.search(word):
            continue
        composed = unicodedata.normalize("NFC", word)
        note = "decomposed letters composed"
        if not _valid(composed):
            moved = _move_stray_tone(composed)
            if moved is not None:
                composed, note = moved, "stray tone mark moved onto its vowel"
        if composed != word:
            edits.append(Edit(m.start(), m.end(), composed, "nfc", note=note))
    return edits


def _move_stray_tone(word: str) -> str | None:
    """The syllable with its one leftover combining tone mark put on the right vowel."""
    from vnpolicy.text.syllable import strip_tone, tone_of, with_tone

    if sum(c in TONE_MARKS for c in unicodedata.normalize("NFD", word)) != 1:
        return None
    bare = strip_tone(word)  # also takes the mark off a consonant ("ṭ" → "t")
    try:
        fixed = with_tone(bare, tone_of(word), "old")
    except ValueError:
        return None
    return fixed if _valid(fixed) else None


# ---------------------------------------------------------------------------------------------
# odd_characters


@lru_cache(maxsize=1)
def _lookalikes() -> tuple[dict[str, str], dict[str, str]]:
    always: dict[str, str] = {}
    in_latin_word: dict[str, str] = {}
    for row in read_table("text", "lookalikes.tsv"):
        target = always if row["when"] == "always" else in_latin_word
        target[chr(int(row["codepoint"], 16))] = row["replacement"]
    return always, in_latin_word


# Fullwidth ASCII (from Chinese/Japanese input methods) and typographic ligatures.
_FULLWIDTH_RE = regex.compile(r"[\uff01-\uff5e\ufb00-\ufb06]+")
# A word (letters and marks) holding a Latin letter and a Cyrillic or Greek one. Found as whole
# words, then tested: one pattern asking for both inside the word was cubic in a long word.
_LATIN = regex.compile(r"\p{Latin}")
_CYRILLIC_GREEK = regex.compile(r"[\p{Cyrillic}\p{Greek}]")


def _mixed_script_words(text: str):
    for m in _WORD.finditer(text):
        word = m.group()
        if _CYRILLIC_GREEK.search(word) and _LATIN.search(word):
            yield m


def odd_character_edits(text: str) -> list[Edit]:
    """Replace lookalike characters with the Vietnamese letters or ASCII signs they stand for.

    Legacy-font conversions write "Đ" as the Icelandic "Ð" (U+00D0), which no search for
    "Đảng" finds; Chinese input methods leave fullwidth "，" and "：". A Cyrillic "о" typed
    inside a Latin word is fixed only there: a whole Russian word is left alone. Curly quotes
    are correct Vietnamese typography and stay.

    >>> [e.replacement for e in odd_character_edits("ÐẢNG CỘNG SẢN")]
    ['Đ']
    >>> [e.replacement for e in odd_character_edits("Hà Nội，ngày")]
    [',']
    >>> [e.replacement for e in odd_character_edits("Tháp Mưоi")]  # Cyrillic о
    ['Mưoi']
    >>> odd_character_edits("“Dân vận khéo” – Москва")
    []
    """
    always, in_latin_word = _lookalikes()
    edits: list[Edit] = []
    mixed: list[tuple[int, int]] = []
    if regex.search(r"[\p{Cyrillic}\p{Greek}]", text):
        for m in _mixed_script_words(text):
            word = _plain_forms(m.group(), always)
            fixed = "".join(in_latin_word.get(c, c) for c in word)
            if fixed != m.group():
                mixed.append((m.start(), m.end()))
                edits.append(Edit(m.start(), m.end(), fixed, "odd_characters", note="lookalike letters from another script"))
    starts = [a for a, _ in mixed]  # in text order, not overlapping

    def inside_mixed(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and i < mixed[k][1]

    for m in _always_pattern().finditer(text):  # the characters of ``always``, found by the regex engine
        i, ch = m.start(), m.group()
        if not inside_mixed(i):
            edits.append(Edit(i, i + 1, always[ch], "odd_characters", note=unicodedata.name(ch).lower()))
    for m in _FULLWIDTH_RE.finditer(text):
        if not inside_mixed(m.start()):
            edits.append(Edit(m.start(), m.end(), _plain_forms(m.group(), always), "odd_characters", note="fullwidth form"))
    return sorted(edits, key=lambda e: e.start)


@lru_cache(maxsize=1)
def _always_pattern() -> re.Pattern[str]:
    """One character of the always-wrong lookalikes (a scan by the regex engine, not a Python loop)."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(_lookalikes()[0])) + "]")


def _plain_forms(chars: str, always: dict[str, str]) -> str:
    """Fullwidth forms and ligatures as plain ASCII, then the always-wrong lookalikes fixed."""
    plain = regex.sub(r"[\uff01-\uff5e\ufb00-\ufb06]+", lambda m: unicodedata.normalize("NFKC", m.group()), chars)
    return "".join(always.get(c, c) for c in plain)


# ---------------------------------------------------------------------------------------------
# spacing

_CLOSERS = "”’\"')]%"
_POSSESSIVE_RE = re if sys.version_info >= (3, 11) else regex  # "++" in the standard re: Python 3.11
_URL_END = r"[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]]"
# Each kind of span the spacing rule looks at, in priority order: where two start at the same
# place the earlier kind wins, and a span that overlaps one already taken is skipped (as one big
# alternation would do, but each pattern keeps the regex engine's fast literal search; the
# standard ``re`` is faster on the simple ones). Several are found faster (the same spans) by
# the finders of ``_FAST_SPACING``.
_URL = re.compile(rf"{URL_SCHEME}{_URL_END}|www\.{_URL_END}")
_EMAIL = regex.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
# domain; not started again after a "-" that an earlier start already covered ("-----").
_DOMAIN = re.compile(rf"(?<![\w.])(?<![a-z0-9.-]-)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{TLD})(?!\w)(?:/{_URL_END})?")
_INNER_CLOSE = re.compile(r"(?<=[^\s(“])[ ]+[)”]")  # "môi trường )", "anh em ”."
_TRAILING = _POSSESSIVE_RE.compile(r"(?<![ ])[ ]++(?=\n|\Z)")
_LEADING = re.compile(r"(?<![^\n])[ ]+")
_RUN = re.compile(r"[ ]{2,}")
_SPACING_PARTS = (
    ("keep", _URL),
    ("keep", _EMAIL),
    ("keep", _DOMAIN),
    ("keep", regex.compile(r"&\#?\w{2,8};|\./\.|\.{2,}|…")),  # HTML entity, article end mark "./.", ellipsis
    # The spaces before a mark are taken from the start of their run only, and possessively:
    # a run of spaces with no mark after it was otherwise rescanned from each space (quadratic).
    # (No Unicode class in it: the standard ``re``, possessive since Python 3.11, runs it faster.)
    ("punct", _POSSESSIVE_RE.compile(r"(?P<pre>(?<![ ])[ ]++|)(?P<punct>[,;:!?]|\.(?![./]))(?P<post>[ ]*+)")),
    ("glue", None),  # found by _glued_tokens
    ("inner_open", re.compile(r"[(“][ ]+(?=[^\W_])")),  # "( tăng 20%)", "“ Tết mà"
    ("inner_close", _INNER_CLOSE),
    ("blank", re.compile(r"\n(?:[ \t]*\n)+")),
    ("trailing", _TRAILING),
    ("leading", _LEADING),
    ("run", _RUN),
)
_LETTER_DIGIT = re.compile(r"\d[^\W\d_]|[^\W\d_]\d")
_GLUED = regex.compile(r"\d+\p{L}+|\p{L}+\d+")


class _Span:
    """A found span, shaped like a match (``start``, ``end``, ``group``)."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


_DIGITS = re.compile(r"\d+")


def _glued_tokens(text: str):
    """Whole letter/digit runs made of digits then letters or letters then digits ("01của").

    A run holding a letter next to a digit (``_LETTER_DIGIT``) is found from the runs of digits,
    far rarer than letters: such a pair has a digit at one end of a run of digits.
    """
    seen = -1
    for d in _DIGITS.finditer(text):
        start, end = d.span()
        if start < seen:
            continue  # in a token already looked at
        if not ((start and _LETTER_DIGIT.match(text, start - 1)) or _LETTER_DIGIT.match(text, end - 1)):
            continue
        while start > 0 and (text[start - 1].isalnum() or unicodedata.combining(text[start - 1])):
            start -= 1
        while end < len(text) and (text[end].isalnum() or unicodedata.combining(text[end])):
            end += 1
        seen = end
        if text[start - 1 : start] != "_" and text[end : end + 1] != "_" and _GLUED.fullmatch(text, start, end):
            yield _Span(start, end, text[start:end])


# What some spacing patterns find, found faster: skipped when a string every match holds is
# absent, or found from the rare character they end in rather than tried at every character.
# Each gives the spans its pattern's finditer gives (tests/test_typo_speed_internals.py).
_TLD_DOT = re.compile(rf"\.(?:{TLD})(?!\w)")  # in every domain the "domain" pattern finds


def _spaces_before_closers(text: str) -> list[_Span]:
    """The "inner_close" spans: spaces before ")" or "”", the character before them neither a
    space nor "(" nor "“"."""
    out = []
    for closer in ")”":
        at = text.find(closer)
        while at >= 0:
            start = at
            while start and text[start - 1] == " ":
                start -= 1
            if 0 < start < at and not text[start - 1].isspace() and text[start - 1] not in "(“":
                out.append(_Span(start, at + 1, text[start : at + 1]))
            at = text.find(closer, at + 1)
    return out


def _trailing_spaces(text: str) -> list[_Span]:
    """The "trailing" spans: the spaces before each line break and at the end of the text."""
    out = []
    at = text.find("\n")
    while True:
        end = at if at >= 0 else len(text)
        start = end
        while start and text[start - 1] == " ":
            start -= 1
        if start < end:
            out.append(_Span(start, end, text[start:end]))
        if at < 0:
            return out
        at = text.find("\n", at + 1)


def _leading_spaces(text: str) -> list[_Span]:
    """The "leading" spans: the spaces at the start of the text and after each line break."""
    out = []
    start = 0
    while True:
        end = start
        while end < len(text) and text[end] == " ":
            end += 1
        if end > start:
            out.append(_Span(start, end, text[start:end]))
        at = text.find("\n", end)
        if at < 0:
            return out
        start = at + 1


def _space_runs(text: str) -> list[_Span]:
    """The "run" spans: two spaces or more."""
    out = []
    start = text.find("  ")
    while start >= 0:
        end = start + 2
        while end < len(text) and text[end] == " ":
            end += 1
        out.append(_Span(start, end, text[start:end]))
        start = text.find("  ", end)
    return out


def _gated(pattern, *needles: str):
    """``pattern.finditer``, skipped when none of ``needles`` is in the text."""
    def find(text: str):
        return pattern.finditer(text) if any(n in text for n in needles) else ()
    return find


def _domains(text: str):
    return _DOMAIN.finditer(text) if _TLD_DOT.search(text) else ()


_FAST_SPACING = {
    _URL: _gated(_URL, "://", "www."),
    _EMAIL: _gated(_EMAIL, "@"),
    _DOMAIN: _domains,
    _INNER_CLOSE: _spaces_before_closers,
    _TRAILING: _trailing_spaces,
    _LEADING: _leading_spaces,
    _RUN: _space_runs,
}


def _spacing_spans(text: str):
    """(kind, match) for the spans of ``text`` the spacing rule looks at, left to right."""
    found = []
    for priority, (kind, pattern) in enumerate(_SPACING_PARTS):
        if kind == "punct":
            found.extend(_punct_spans(text, pattern, priority))
            continue
        find = _glued_tokens if pattern is None else _FAST_SPACING.get(pattern, pattern.finditer)
        for m in find(text):
            if m.end() > m.start():
                found.append((m.start(), priority, m.end(), kind, m))
    found.sort(key=lambda item: (item[0], item[1]))
    taken = 0
    for start, _priority, end, kind, m in found:
        if start >= taken:
            taken = end
            yield kind, m


def _punct_spans(text: str, pattern, priority: int) -> list:
    """The "punct" spans less those spaced as they should be (a mark, one space, then neither a
    line break nor a closing bracket or quote), the most common by far: spacing_edits leaves them
    as they are, and no span of a later kind can start inside one (a space before ")" or "”"
    could, so that one is kept).

    Only the marks that may head such a span are looked at (``_UNSETTLED_MARK``: a space before
    it, or not one space and an ordinary character after it), and ``pattern`` is matched where
    its span starts: at the spaces before the mark unless the mark before them took them as its
    own spaces after, else at the mark. That is where ``pattern.finditer`` finds it.
    """
    out = []
    for c in _UNSETTLED_MARK.finditer(text):
        start = at = c.start()
        if text[at - 1 : at] == " ":
            run = at - 1
            while run and text[run - 1] == " ":
                run -= 1
            if not (run and _PUNCT_MARK.match(text, run - 1)):
                start = run
        m = pattern.match(text, start)
        if m is None:
            continue  # a full stop before "." or "/": not a mark of the rule
        start, end = m.span()
        if end - start == 2 and text[end - 1] == " " and text[end : end + 1] not in _NOT_SETTLED_AFTER:
            continue  # "việc, Tổ": no pre spaces (the span would be longer), post exactly " "
        out.append((start, priority, end, "punct", m))
    return out


_PUNCT_MARK = re.compile(r"[,;:!?]|\.(?![./])")  # the marks of the "punct" pattern
_UNSETTLED_MARK = re.compile(r"[,;:!?.](?:(?<=[ ].)|(?![ ][^ \n)”]))")
_NOT_SETTLED_AFTER = frozenset(("", "\n", ")", "”"))


# The letters (or else the digits) just before a full stop: "19Tổ." → "Tổ", as after unglueing.
_WORD_BEFORE = regex.compile(r"(?:[\p{L}\p{M}]+|\d+)\Z")  # \Z: "$" would also match before a final newline
_WORD_AFTER = regex.compile(r"^[\p{L}\p{M}]+")


@lru_cache(maxsize=1)
def attached_units() -> frozenset[str]:
    """Unit symbols (``resources/text/attached_units.txt``): never split from the number they are
    glued to ("10km"), and never corrected after one ("100 nm" is no "100 năm")."""
    return frozenset(line.strip().lower() for line in _resource_lines("attached_units.txt"))


def _sentence_word(word: str, *, capital: bool) -> bool:
    """A real Vietnamese syllable that can end (lowercase) or start (capitalised) a sentence."""
    if len(word) < 2 or not _valid(word):
        return False
    if capital:
        return word[0].isupper() and word[1:] == word[1:].lower()
    return word[-1].islower()


def _space_after(text: str, punct: str, at: int, after: int) -> bool:
    """Whether a space is missing after ``punct``; ``text[:at]`` ends with the word before it
    (any spaces in between excluded), ``text[after]`` is the character after it."""
    nxt = text[after : after + 1]
    if not nxt:
        return False
    prev = text[at - 1 : at] if at else ""
    if punct in ",;:":
        if not prev or not (prev.isalpha() if punct == ":" else prev.isalnum() or prev in _CLOSERS):
            return False
        if nxt in "“(":
            return True
        # The next word must be Vietnamese or an acronym ("cán bộ,quan chức", "UBND,HĐND"), not
        # code or an address written without spaces ("width=500,resizable=no", "p13,q10").
        following = _WORD_AFTER.match(text[after : after + 12])
        if not following:
            return False
        word = following.group()
        return _valid(word) or (len(word) > 1 and word.isupper())
    if punct in "!?":
        # "làm gì?Ngành nào" yes; "Thu?n" (a lost letter) and "if (!confirm" no.
        following = _WORD_AFTER.match(text[after : after + 12])
        return (prev.isalpha() or prev in _CLOSERS) and bool(following) and _sentence_word(following.group(), capital=True)
    # ".": only between a sentence's last word and the next sentence's capitalised first word,
    # so that TP.HCM, Q.1, v.v., Th.S, dongthap.gov.vn and 1.234,5 stay as written.
    following = _WORD_AFTER.match(text[after : after + 12])
    if not following or not _sentence_word(following.group(), capital=True):
        return False
    if prev in _CLOSERS:
        return True
    before = _WORD_BEFORE.search(text, max(0, at - 12), at)
    if not before:
        return False
    word = before.group()
    return word.isdigit() or _sentence_word(word, capital=False)


def _drop_space_before(text: str, punct: str, start: int, at: int, after: int, inserting: bool) -> bool:
    """Whether the spaces in ``text[start:at]`` before ``punct`` should go ("xã hội ," → "xã hội,")."""
    prev = text[start - 1 : start] if start else ""
    if not prev or prev == "\n":
        return True  # leading spaces of a line
    if not (prev.isalnum() or prev in _CLOSERS):
        return False
    if punct == ":" and not prev.isalpha():
        return False  # a score "2 : 1"
    nxt = text[after : after + 1]
    return not nxt or nxt.isspace() or inserting


def spacing_edits(text: str) -> list[Edit]:
    """Spaces where Vietnamese typography puts them, without breaking numbers, codes or links.

    Articles typed in a hurry or pasted from Word lose the space after a comma ("làm việc,Tổ")
    or between sentences ("địa bàn.Phấn đấu"), gain one before a comma ("xã hội ,"), glue a
    number to the next word ("01của"), put spaces inside brackets and quotes ("( tăng 20% )"), and
    carry runs of spaces, trailing spaces and stacks of blank lines. Paragraph breaks ("\\n\\n")
    stay.

    >>> def fix(t): return _apply(t, spacing_edits(t))
    >>> fix("làm việc,Tổ khảo sát"), fix("trên địa bàn.Phấn đấu"), fix("xã hội , Nhà nước")
    ('làm việc, Tổ khảo sát', 'trên địa bàn. Phấn đấu', 'xã hội, Nhà nước')
    >>> fix("Nghị quyết số 01của Ban"), fix("Ban  Dân vận   Tỉnh ủy  \\n\\n\\n\\nBT: Nguyễn Thu")
    ('Nghị quyết số 01 của Ban', 'Ban Dân vận Tỉnh ủy\\n\\nBT: Nguyễn Thu')
    >>> fix("120 tỉ đồng ( tăng 20% ), cho biết: “ Tết mà ”.")
    '120 tỉ đồng (tăng 20%), cho biết: “Tết mà”.'

    What it leaves alone:

    >>> keep = ("19/8/2022, 19-8-2022, 1.234,5 tỷ, 3,5%, 10:30, 01-NQ/TU, 45/2019/QH14, "
    ...         "123/QĐ-UBND, www.dongthap.gov.vn, https://thapmuoi.dongthap.gov.vn/tin?id=1, "
    ...         "TP.HCM, TP. Cao Lãnh, Q.1, v.v. QH14, TW4, F0, 5G, COVID-19, H5N1, 3D, 120 m2, "
    ...         "5ha, “Dân vận khéo” (*) hết./.")
    >>> spacing_edits(keep)
    []
    """
    edits: list[Edit] = []
    for kind, m in _spacing_spans(text):
        if kind == "keep":
            continue
        if kind == "punct":
            pre, post = m.group("pre"), m.group("post")
            nxt = text[m.end() : m.end() + 1]
            if not pre and post == " " and nxt and nxt != "\n":
                continue  # "việc, Tổ": spaced as it should be (the common case, decided early)
            punct = m.group("punct")
            at, after = m.start("punct"), m.end("punct")
            if post:
                new_post = "" if (not nxt or nxt == "\n") else " "
            else:
                new_post = " " if _space_after(text, punct, m.start(), after) else ""
            new_pre = pre
            if pre and _drop_space_before(text, punct, m.start(), at, m.end(), bool(new_post) or bool(post)):
                new_pre = ""
            elif len(pre) > 1:
                new_pre = " "
            replacement = new_pre + punct + new_post
            if replacement != m.group():
                edits.append(Edit(m.start(), m.end(), replacement, "spacing", note=_spacing_note(pre, new_pre, post, new_post)))
        elif kind == "glue":
            fixed = _unglue(m.group())
            if fixed:
                edits.append(Edit(m.start(), m.end(), fixed, "spacing", note="number glued to a word"))
        elif kind in ("inner_open", "inner_close"):
            if _bracket_pair_on_line(text, m, kind):
                kept = m.group().strip(" ")
                edits.append(Edit(m.start(), m.end(), kept, "spacing", note="space inside brackets or quotes"))
        elif kind == "blank":
            if m.group() != "\n\n":
                edits.append(Edit(m.start(), m.end(), "\n\n", "spacing", note="blank lines"))
        elif kind in ("trailing", "leading"):
            edits.append(Edit(m.start(), m.end(), "", "spacing", note=f"{kind} spaces"))
        else:
            edits.append(Edit(m.start(), m.end(), " ", "spacing", note="repeated spaces"))
    return edits


def _bracket_pair_on_line(text: str, m, kind: str) -> bool:
    """Whether the bracket or curly quote of ``m`` has its partner on the same line, so the space
    is really inside a pair ("( tăng 20%)"), and a closing quote is not a misused opening one
    ("phim ”Tây Du ký”")."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    if kind == "inner_open":
        partner = ")" if m.group()[0] == "(" else "”"
        return text.find(partner, m.end(), line_end) >= 0
    closer = m.group()[-1]
    if closer == ")":
        return text.rfind("(", line_start, m.start()) >= 0
    after = text[m.end() : m.end() + 1]
    if after and (after.isalnum() or after in "“("):
        return False
    before = text[line_start : m.start()]
    return before.rfind("“") > before.rfind("”")


def _spacing_note(pre: str, new_pre: str, post: str, new_post: str) -> str:
    if new_post and not post:
        return "missing space after punctuation"
    if pre and not new_pre:
        return "space before punctuation"
    if post and not new_post:
        return "trailing spaces"
    return "repeated spaces"


def _unglue(token: str) -> str | None:
    """"01của" → "01 của", "năm2022" → "năm 2022"; None for codes and units (QH14, 5G, 10km, Ri6)."""
    m = regex.fullmatch(r"(\d+)(\p{L}+)|(\p{L}+)(\d+)", token)
    if m is None:
        return None
    word = m.group(2) or m.group(3)
    if len(word) < 2 or word.lower() in attached_units() or not _valid(word):
        return None
    if word != word.lower() and (word[1:] != word[1:].lower() or word.isascii()):
        return None  # capitalised: only a word with Vietnamese letters ("2004Việc"), not "Ri6", "Lux2"
    return f"{m.group(1)} {word}" if m.group(1) else f"{word} {m.group(4)}"


# ---------------------------------------------------------------------------------------------
# symbol_spacing: dashes, slashes, per cent signs, brackets and colons before numbers

# One space or none on each side; the decision is made in Python from the words around.
_DASH = re.compile(r"(?<=[^\W_])(?P<pre> ?)-(?P<post> ?)(?=[^\W_])")
_SLASH = re.compile(r"(?<=[^\W_]|%)(?P<pre> ?)/(?P<post> ?)(?=[^\W_])")
_PERCENT = re.compile(r"(?<=\d) +%")
_PERCENT_GLUED = re.compile(r"(?<=\d)%(?=[^\W\d_])")  # "92,4%dân số"
_OPEN_GLUED = re.compile(r"(?<=[^\W_])\((?=[^\W\d_])")
_CLOSE_GLUED = re.compile(r"\)(?=[^\W\d_])")
_COLON_DIGIT = regex.compile(r"(?<=\p{L}\p{L}):(?=\d)")
_TOKEN_BEFORE = re.compile(r"[\w.,/%]{1,40}$")
_TOKEN_AFTER = re.compile(r"[\w.,/%]{1,40}")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*%?")
_CODE_NUMBER = re.compile(r"\d+(?:/\d+)*/[^\W\d_a-zđ]+")  # "2970/QĐ", "45/2019/QH"


def _dash_replacement(text: str, m) -> tuple[str, str] | None:
    """The dash spacing ``m`` should have, and why; None to leave it.

    Numbers and ranges close up ("2017- 2019" → "2017-2019", "22- 7" → "22-7"), as do acronym
    pairs ("GD- ĐT") and a document number's parts ("2970/QĐ - BVHTTDL"); a dash between words
    gets a space on both sides ("kinh tế- xã hội" → "kinh tế - xã hội"). A name glued to its
    number keeps it ("Covid -19" → "Covid-19").
    """
    pre, post = m.group("pre"), m.group("post")
    before = _TOKEN_BEFORE.search(text, max(0, m.start() - 40), m.start())
    after = _TOKEN_AFTER.match(text, m.end())
    if before is None or after is None:
        return None
    left, right = before.group().rstrip(".,"), after.group().rstrip(".,")
    if not left or not right:
        return None
    if pre and post:  # both spaced: only a document number's parts are closed up
        code_right = right.isalnum() and right.isupper()
        if _CODE_NUMBER.fullmatch(left) and code_right:
            return "-", "document number written with spaces around its dash"
        return None
    if not pre and not post:
        return None
    if _NUMBER.fullmatch(left) and _NUMBER.fullmatch(right):
        return "-", "range or date written with a space on one side of its dash"
    if left.isalpha() and left.isupper() and right.isalnum() and right.isupper() and not right.isdigit():
        return "-", "acronyms joined by a dash"
    if pre and right[0].isdigit() and left.isalpha() and not _valid(left):
        return "-", "name and number joined by a dash"
    if left.isdigit() and right.isdigit():
        return None
    return " - ", "dash between words needs a space on both sides"


def symbol_spacing_edits(text: str) -> list[Edit]:
    """Spaces around dashes, slashes, "%" (before it, and after it before a word), brackets and a colon before a number.

    Portal writers type "kinh tế- xã hội", "2017- 2019", "0,52%/ năm", "22 /7", "70 %",
    "11(kỳ họp)", "Cập nhật:12/01/2016". Numbers, dates, ranges and document numbers are closed
    up; words joined by a dash get a space on both sides; a bracket glued to a word gets one.
    Only one-sided spacing is judged (except a document number's dash): "A - B" and "A-B"
    are both written on purpose.

    >>> def fix(t): return _apply(t, symbol_spacing_edits(t))
    >>> fix("giai đoạn 2017- 2019, phát triển kinh tế- xã hội, lãi 0,52%/ năm, ngày 22 /7")
    'giai đoạn 2017-2019, phát triển kinh tế - xã hội, lãi 0,52%/năm, ngày 22/7'
    >>> fix("đạt 70 % kế hoạch, kỳ 11(kỳ họp thứ 5), Covid -19, Cập nhật:12/01/2016, số 2970/QĐ - BVHTTDL")
    'đạt 70% kế hoạch, kỳ 11 (kỳ họp thứ 5), Covid-19, Cập nhật: 12/01/2016, số 2970/QĐ-BVHTTDL'
    >>> fix("tỷ lệ bao phủ 92,4%dân số")
    'tỷ lệ bao phủ 92,4% dân số'
    >>> symbol_spacing_edits("COVID-19, 01-NQ/TU, 123/QĐ-UBND, Hà Nội - Huế, 19-8-2022, f(x), 10:30, https://a.vn/b?q=5%C3")
    []
    """
    edits: list[Edit] = []
    for m in _matches(_DASH, text, '-', 1):
        got = _dash_replacement(text, m)
        if got and got[0] != m.group():
            edits.append(Edit(m.start(), m.end(), got[0], "spacing", note=got[1]))
    for m in _matches(_SLASH, text, '/', 1):
        if bool(m.group("pre")) != bool(m.group("post")) and not _in_link(text, m.start()):
            edits.append(Edit(m.start(), m.end(), "/", "spacing", note="space on one side of a slash"))
    for m in _matches(_PERCENT, text, '%', None):
        edits.append(Edit(m.start(), m.end(), "%", "spacing", note="space before a per cent sign"))
    for m in _matches(_PERCENT_GLUED, text, '%'):
        following = _WORD_AFTER.match(text[m.end() : m.end() + 12])
        if following and _sentence_word(following.group(), capital=False) and not _in_link(text, m.start()):
            edits.append(Edit(m.start(), m.end(), "% ", "spacing", note="missing space after a per cent sign"))
    for m in _matches(_OPEN_GLUED, text, '('):
        word = _TOKEN_BEFORE.search(text, max(0, m.start() - 40), m.start())
        close = text.find(")", m.end(), m.end() + 80)
        if (word and (len(word.group()) > 1 or word.group().isdigit()) and close - m.end() > 1
                and "\n" not in text[m.end() : close] and not _in_link(text, m.start())):
            edits.append(Edit(m.start(), m.end(), " (", "spacing", note="missing space before a bracket"))
    for m in _matches(_CLOSE_GLUED, text, ')'):
        opened = text.rfind("(", max(0, m.start() - 120), m.start())
        following = _WORD_AFTER.match(text[m.end() : m.end() + 12])
        if (opened >= 0 and "\n" not in text[opened : m.start()] and following
                and _sentence_word(following.group(), capital=False) and not _in_link(text, m.start())):
            edits.append(Edit(m.start(), m.end(), ") ", "spacing", note="missing space after a bracket"))
    for m in _matches(_COLON_DIGIT, text, ':'):
        if not _in_link(text, m.start()):
            edits.append(Edit(m.start(), m.end(), ": ", "spacing", note="missing space after a colon"))
    return _without_overlaps(edits)


def _matches(pattern, text: str, literal: str, spaces: int | None = 0):
    """``pattern.finditer(text)`` for a pattern whose every match holds ``literal``, after at most
    ``spaces`` spaces (None: any number) from its start: the pattern is tried only there.

    The patterns start with a look-behind, so the regex engine cannot skip ahead to the literal
    by itself and tries them at every character; from the literal's places (a few per article)
    they are tried where a match can start, in order, each start after the last match's end.
    """
    found = []
    end = 0
    at = text.find(literal)
    while at >= 0:
        first = at
        while first > end and text[first - 1] == " " and (spaces is None or at - first < spaces):
            first -= 1
        for start in range(max(first, end), at + 1):
            m = pattern.match(text, start)
            if m:
                found.append(m)
                end = m.end()
                break
        at = text.find(literal, max(at + 1, end))
    return found


def _in_link(text: str, at: int) -> bool:
    """Whether ``at`` sits inside a URL, e-mail address or domain name."""
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    token = text[start : at + 1]
    return "://" in token or "www." in token or "@" in token or bool(regex.search(rf"\.(?:{TLD})\b", token))


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    end = -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start >= end:
            kept.append(e)
            end = max(e.end, e.start + 1)
    return kept


# ---------------------------------------------------------------------------------------------
# tone_style

_STYLE_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_@./])\p{L}*(?i:[oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])(?![\p{L}\p{M}\p{N}_@]|\.\w)"
)


def tone_style_edits(text: str, style: str = DEFAULT_TONE_STYLE) -> list[Edit]:
    """Put the tone mark of the open oa, oe and uy syllables where ``style`` puts it.

    Both placements are correct Vietnamese and both are common, often in one article ("Thanh
    Hóa" in the title, "Thanh Hoá" in the body), which splits counts and searches in two.
    ``"old"`` (hòa, thủy, khỏe) is the default; ``"new"`` gives hoà, thuỷ, khoẻ. Syllables with a
    coda (hoạch, Hoàng, quyết) and words that are not Vietnamese syllables are left alone.

    >>> [e.replacement for e in tone_style_edits("Thanh Hoá, sức khoẻ, Uỷ ban")]
    ['Hóa', 'khỏe', 'Ủy']
    >>> [e.replacement for e in tone_style_edits("hòa bình, thủy lợi", "new")]
    ['hoà', 'thuỷ']
    >>> tone_style_edits("Hoàng, hoạch, quý, quỳ, khuya, thuở, hòa, COVID, Hoà.vn", "old")
    []
    """
    edits = []
    for start, end in _style_candidates(text):
        word = text[start:end]
        fixed = _restyled(word, style)
        if fixed != word:
            edits.append(Edit(start, end, fixed, "tone_style", note=f"{style}-style tone mark"))
    return edits


@lru_cache(maxsize=2)
def spelling_variants(style: str) -> tuple[dict[str, tuple[str, frozenset[str]]], re.Pattern | None, re.Pattern | None]:
    """The rows of ``spelling_variants.tsv`` that ``style`` rewrites (variant → standard, the
    syllables after which it stays), a pattern for their lowercase whole words, and a quicker
    one for the variants anywhere (a text without one is skipped before the boundaries are tried)."""
    rows = {r["variant"]: (r["standard"], frozenset(r["keep_before"].split()))
            for r in read_table("text", "spelling_variants.tsv") if style in r["styles"].split()}
    if not rows:
        return rows, None, None
    words = sorted(rows, key=len, reverse=True)
    # Each word not after a word character, "@", ".", "/" or "-", checked once its first letter is
    # taken (over it and the one before): the matches of "(?<![\w@./-])(?:qui|…)", but ``re`` skips
    # ahead to the first letters (a look-behind first had it try every character of the text).
    whole = "|".join(re.escape(w[0]) + r"(?<![\w@./-].)" + re.escape(w[1:]) for w in words)
    return rows, re.compile(rf"(?:{whole})(?![\w@]|\.\w|-\w)"), re.compile("|".join(words))


def spelling_style_edits(text: str, style: str = DEFAULT_TONE_STYLE) -> list[Edit]:
    """Write the i/y spelling variants as ``style`` writes them (``resources/text/spelling_variants.tsv``).

    "lí do" and "lý do", "kì họp" and "kỳ họp" are the same words, and a count or a search that
    keeps both misses half. The old style (the default, as the news writes) puts y in the
    Sino-Vietnamese syllables (lý, kỳ, mỹ, kỹ); both styles write quy, quý and sĩ. Lowercase words
    only (a capitalised one may be a name), and not where the variant starts another word ("lí nhí").

    >>> [e.replacement for e in spelling_style_edits("lí do, kì họp, bác sỹ, qui định, mĩ thuật")]
    ['lý', 'kỳ', 'sĩ', 'quy', 'mỹ']
    >>> [e.replacement for e in spelling_style_edits("kì họp, bác sỹ", "new")]
    ['sĩ']
    >>> spelling_style_edits("nói lí nhí, ông Lí, Kì Anh, tỉ lệ, li ti")
    []
    """
    rows, pattern, anywhere = spelling_variants(style)
    if pattern is None or anywhere is None or not anywhere.search(text):
        return []
    edits = []
    for m in pattern.finditer(text):
        word = m.group(0)
        standard, keep_before = rows[word]
        after = _NEXT_WORD.match(text, m.end())
        if after and after.group(1) in keep_before:
            continue
        edits.append(Edit(m.start(), m.end(), standard, "spelling_style",
                          note=f"{style}-style spelling ({word} → {standard}: the same word, written one way)"))
    return edits


_NEXT_WORD = re.compile(r" (\w+)")


def apply_styles(trace: TextTrace, style: str) -> None:
    """The tone-mark style, then the i/y spelling style: the two passes that write one word one
    way, run after normalization and again after typo fixes."""
    trace.apply(tone_style_edits(trace.text, style))
    trace.apply(spelling_style_edits(trace.text, style))


# What _STYLE_CANDIDATE matches, found from its rare end (the vowel pair) rather than tried from
# every letter of the text: the pair ends a run of letters, the match is that whole run, and the
# character before the run must not be a mark, digit, "_", "@", "." or "/".
_STYLE_PAIR = regex.compile(r"(?i:[oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])(?![\p{L}\p{M}\p{N}_@]|\.\w)")
_LETTER = regex.compile(r"\p{L}")
_STYLE_BLOCKED = regex.compile(r"[\p{M}\p{N}_@./]")


# The letters _STYLE_PAIR's case-insensitive classes take, each class as ``re`` spells it (a test
# checks them against regex over all of Unicode): ``re`` finds the pairs, several times faster
# than ``regex`` steps through the text, and _STYLE_PAIR checks what follows each. The classes of
# a pair's first letter (o, u) and of its second (a, e, y) share no letter, so no two pairs overlap
# and every place _STYLE_PAIR matches is one of these pairs.
_STYLE_PAIR_LETTERS = (("OoÒÓÕòóõỌọỎỏ", "AEaeÀÁÃÈÉàáãèéẠạẢảẸẹẺẻẼẽ"), ("UuÙÚùúŨũỤụỦủ", "YyÝýỲỳỴỵỶỷỸỹ"))
_STYLE_PAIR_START = re.compile("|".join(f"[{first}][{second}]" for first, second in _STYLE_PAIR_LETTERS))


def _style_candidates(text: str) -> list[tuple[int, int]]:
    """The spans ``_STYLE_CANDIDATE.finditer(text)`` gives, in order (tests check they agree).

    Those of the last text asked about are kept: the entity step asks again about the text the
    normalize step's last tone-style pass read (a (text, spans) pair replaced whole)."""
    global _LAST_STYLE_CANDIDATES
    seen, found = _LAST_STYLE_CANDIDATES
    if seen == text:
        return list(found)
    spans = []
    match = _STYLE_PAIR.match
    for pair in _STYLE_PAIR_START.finditer(text):
        m = match(text, pair.start())
        if m is None:
            continue
        start = m.start()
        while start and _LETTER.match(text, start - 1):
            start -= 1
        if not (start and _STYLE_BLOCKED.match(text, start - 1)):
            spans.append((start, m.end()))
    _LAST_STYLE_CANDIDATES = (text, tuple(spans))
    return spans


_LAST_STYLE_CANDIDATES: tuple[str, tuple[tuple[int, int], ...]] = ("", ())


@lru_cache(maxsize=4096)
def _restyled(word: str, style: str) -> str:
    p = _parse(word, None)
    if p is None or p.tone == "ngang" or p.case == "mixed" or not p.style_sensitive:
        return word
    return restyle(word, style)


# ---------------------------------------------------------------------------------------------


def _apply(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied (for doctests and tests; the pipeline uses TextTrace)."""
    trace = TextTrace(text)
    trace.apply(edits)
    return trace.text


Rule = Callable[[str], list[Edit]]
RULES: tuple[tuple[str, Rule], ...] = (
    ("html_entities", html_entity_edits),
    ("invisible", invisible_edits),
    ("odd_characters", odd_character_edits),
    ("nfc", nfc_edits),
    ("spacing", spacing_edits),
    ("symbol_spacing", symbol_spacing_edits),
)


def apply_normalization(trace: TextTrace, *, tone_style: str = DEFAULT_TONE_STYLE) -> None:
    """Run every normalization rule, in the order of :data:`RULES`, then ``tone_style``.

    >>> t = TextTrace("Qua 01 năm,Tổ  khảo sát\\u200b ở Thanh Hoá")
    >>> apply_normalization(t)
    >>> t.text
    'Qua 01 năm, Tổ khảo sát ở Thanh Hóa'
    >>> [(c.start, c.end, c.original, c.replacement, c.rule) for c in t.corrections]
    [(23, 24, '\\u200b', '', 'invisible'), (10, 11, ',', ', ', 'spacing'), (13, 15, '  ', ' ', 'spacing'), (33, 36, 'Hoá', 'Hóa', 'tone_style')]
    """
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES}, got {tone_style!r}")
    for name, rule in RULES:
        if name == "nfc":
            apply_nfc_runs(trace)
        else:
            trace.apply(rule(trace.text))
        check("normalize")
    apply_styles(trace, tone_style)


def _has_composed_letter(text: str) -> bool:
    return any(ord(ch) > 0x7F and unicodedata.decomposition(ch) for ch in text)


def apply_nfc_runs(trace: TextTrace) -> None:
    """Compose decomposed text word by word (so later offsets stay exact), but record ONE
    ``nfc`` correction per run of decomposed text: a document typed with "Unicode tổ hợp" gets
    one entry, not one per word. A run ends where a precomposed letter shows the text switched
    back to NFC. The entry's ``original`` is the raw span of the run and its ``replacement`` that
    span composed, so ``raw[c.start:c.end] == c.original`` holds as for every correction.

    >>> t = TextTrace(unicodedata.normalize("NFD", "Ban Dân vận Tỉnh ủy") + " và Nghị quyết")
    >>> apply_nfc_runs(t)
    >>> t.text, [(c.start, c.end, c.replacement, c.rule) for c in t.corrections]
    ('Ban Dân vận Tỉnh ủy và Nghị quyết', [(4, 24, 'Dân vận Tỉnh ủy', 'nfc')])
    """
    edits = nfc_edits(trace.text)
    if not edits:
        return
    spans = [trace.raw_span(e.start, e.end) for e in edits]
    if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
        trace.apply(edits)  # raw spans out of order (an earlier rule merged text): one entry per word
        return
    runs: list[list[int]] = [[0]]
    for k in range(1, len(edits)):
        if _has_composed_letter(trace.text[edits[k - 1].end : edits[k].start]):
            runs.append([k])
        else:
            runs[-1].append(k)
    trace.apply(edits, record=False)
    raw = trace.raw
    placed, shift = [], 0  # where each composed word now sits in the text
    for e in edits:
        placed.append((e.start + shift, e.start + shift + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
    made = []
    for run in runs:
        start, end = spans[run[0]][0], spans[run[-1]][1]
        text_start, text_end = placed[run[0]][0], placed[run[-1]][1]
        moved = sum(edits[k].note != "decomposed letters composed" for k in run)
        note = f"decomposed letters composed in {len(run)} word{'s' if len(run) != 1 else ''}"
        if moved:
            note += f" ({moved} stray tone mark{'s' if moved != 1 else ''} moved onto the vowel)"
        made.append(Correction(start, end, raw[start:end], trace.text[text_start:text_end], "nfc", note=note,
                               text_start=text_start, text_end=text_end))
    trace.record(made)
