"""Bylines: who wrote, edited and photographed an article, from its closing line(s).

Portal articles end with a byline in one of a handful of shapes: "BT: Nguyễn Thu – Hình: Vũ
Chiến", "Tin, ảnh: Thanh Hà", "Bài và ảnh: Minh Tuấn", "Tin: X - Ảnh: Y", "PV", "Hữu Nghĩa
(Trung tâm VH-TT)", "Nguồn: Báo Đồng Tháp", "Theo baonghean.vn". Role words live in
``resources/read/byline_roles.tsv``. Each author is a dict with ``name``, ``role`` (author,
editor, photo, video, graphics, translator, source; two jobs joined by "+", e.g. "author+photo"),
``kind`` ("person", "collective" for PV/CTV, "organisation" for sources) and, when the byline
names one in parentheses, ``org``. This module only reads one line; it does not decide which
line is the byline (see :mod:`vnpolicy.read.article`).

>>> parse_byline("BT: Nguyễn Thu – Hình: Vũ Chiến")
[{'name': 'Nguyễn Thu', 'role': 'editor', 'kind': 'person'}, {'name': 'Vũ Chiến', 'role': 'photo', 'kind': 'person'}]
>>> parse_byline("Tin, ảnh: Thanh Hà")
[{'name': 'Thanh Hà', 'role': 'author+photo', 'kind': 'person'}]
>>> parse_byline("Hữu Nghĩa (Trung tâm VH-TT)")
[{'name': 'Hữu Nghĩa', 'role': 'author', 'kind': 'person', 'org': 'Trung tâm VH-TT'}]
>>> parse_byline("Nguồn: Báo Đồng Tháp")
[{'name': 'Báo Đồng Tháp', 'role': 'source', 'kind': 'organisation'}]
>>> parse_byline("Hội nghị đã thống nhất các nội dung đề ra.")
[]
"""

from __future__ import annotations

import re
from functools import cache

from vnpolicy.read import resources
from vnpolicy.read.chrome import starts_with_org_word
from vnpolicy.read.dates import is_meta_line
from vnpolicy.read.vietnamese import is_syllable

MAX_BYLINE_CHARS = 140
_ORG = re.compile(r"^(?P<name>.*?)\s*\((?P<org>[^()]{2,80})\)\s*$")


@cache
def role_markers() -> dict[str, str]:
    """Byline role words, lower-cased, and the role each gives ("tin, ảnh" -> "author+photo").

    The one role vocabulary of the project: :mod:`vnpolicy.entities.person` gives a byline's
    PER entities the same roles as ``Article.authors``.

    >>> role_markers()["tin, ảnh"], role_markers()["bt"], role_markers()["nguồn"]
    ('author+photo', 'editor', 'source')
    """
    return {row["marker"].lower(): row["role"] for row in resources.table("byline_roles.tsv")}


@cache
def _roles() -> tuple[dict[str, str], re.Pattern[str]]:
    roles = role_markers()
    markers = sorted(roles, key=len, reverse=True)
    alternation = "|".join(re.escape(m).replace(r"\ ", r"\s*") for m in markers)
    # A marker starts the line or follows a separator, and is followed by ":" (or is "Theo").
    pattern = re.compile(
        rf"(?:^|(?<=[\s–—\-|;/,(]))(?P<marker>{alternation})\s*(?::|(?<=[Tt]heo)\s)",
        re.IGNORECASE,
    )
    return roles, pattern


@cache
def _collectives() -> frozenset[str]:
    return frozenset(resources.lines("byline_collectives.txt"))


def _role_of(marker: str) -> str:
    roles, _ = _roles()
    return roles[re.sub(r"\s+", " ", marker.lower()).replace(" ,", ",")]


def _is_name_word(word: str) -> bool:
    """"Thu", "THU", "Đ.", "PV" or "H'Linh": a capitalised (or all-capital) word of letters."""
    core = word[:-1] if word.endswith(".") else word
    if _APOSTROPHE_NAME.fullmatch(core):
        return True
    return bool(core) and core.isalpha() and core[0].isupper() and (core[1:].islower() or core.isupper() or len(core) == 1)


# Ê Đê, Gia Rai… personal names: "H'Linh", "Y'Sơn", "Ksor H'Mai"
_APOSTROPHE_NAME = re.compile(r"[A-ZĐ][’']\w+", re.UNICODE)


def is_name(text: str, *, strict: bool = True) -> bool:
    """True when ``text`` looks like a person's name as bylines print it ("Vũ Chiến", "Thu").

    ``strict`` (no role word in front) asks for two to five capitalised words.
    """
    if text in _collectives():
        return True
    words = text.split()
    low = 2 if strict else 1
    if not (low <= len(words) <= 5 and all(_is_name_word(w) for w in words)):
        return False
    # Without a role word, only Vietnamese names ("Serena Williams" ending a sports report is
    # a result, not a byline); initials such as "P. D" pass, and so does one word of a highland
    # name beside an "H'Linh" ("H'Linh Niê").
    if not strict:
        return True
    odd = [w for w in words if not (is_syllable(w.rstrip(".")) or len(w.rstrip(".")) == 1)]
    if not odd:
        return True
    return any(_APOSTROPHE_NAME.fullmatch(w) for w in words) and len([w for w in odd if not _APOSTROPHE_NAME.fullmatch(w)]) <= 1


def parse_org_byline(line: str) -> list[dict[str, str]]:
    """An office signing an article's last line: "Ban Văn hóa xã", "Phòng VH-TT huyện" (an
    organisation word first, at most eight words, no digits, no sentence punctuation).

    >>> parse_org_byline("Ban Văn hóa xã")
    [{'name': 'Ban Văn hóa xã', 'role': 'author', 'kind': 'organisation'}]
    >>> parse_org_byline("Ban Tổ chức cảm ơn quý đại biểu đã tới dự.")
    []
    """
    text = line.strip()
    words = text.split()
    if not (2 <= len(words) <= 8) or any(ch.isdigit() for ch in text) or text[-1] in ".,;:!?":
        return []
    if not starts_with_org_word(text) or not words[1][:1].isupper():
        return []
    return [{"name": text, "role": "author", "kind": "organisation"}]


def _person(name: str, role: str, *, strict: bool) -> dict[str, str] | None:
    name = name.strip(" \t–—-|;,.:/")
    org = None
    m = _ORG.match(name)
    if m:
        name, org = m.group("name").strip(" –—-,"), m.group("org").strip()
    if role == "source":
        # a newspaper, agency or site: "Báo Đồng Tháp", "TTXVN", "baonghean.vn";
        # not a clause ("Theo dự kiến, hội nghị sẽ bế mạc…")
        if not name or len(name) > 80 or len(name.split()) > 10 or "," in name:
            return None
        if not (name[0].isupper() or re.fullmatch(r"[\w.-]+\.[a-z]{2,}(/\S*)?", name)):
            return None
        return {"name": name, "role": role, "kind": "organisation"}
    if not is_name(name, strict=strict):
        return None
    entry = {"name": name, "role": role, "kind": "collective" if name in _collectives() else "person"}
    if org:
        entry["org"] = org
    return entry


def _names(segment: str) -> list[str]:
    # "Thu Hà, Minh Tuấn" / "Thu Hà - Minh Tuấn" / "Thu Hà và Minh Tuấn"; parentheses kept whole.
    parts = re.split(r"\s*(?:,|;|\s[–—-]\s|\svà\s)\s*(?![^()]*\))", segment)
    return [p for p in parts if p.strip(" –—-|;,.")]


def has_role_marker(line: str) -> bool:
    """True when the line names a job ("Tin:", "Ảnh:", "Nguồn:", "Theo …")."""
    _, pattern = _roles()
    return bool(pattern.search(line.strip()))


def parse_byline(line: str) -> list[dict[str, str]]:
    """The authors named by one byline line, or ``[]`` when the line is not a byline."""
    text = line.strip()
    if not text or len(text) > MAX_BYLINE_CHARS:
        return []
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    text = text.rstrip(".").strip()
    _, pattern = _roles()
    marks = list(pattern.finditer(text))
    authors: list[dict[str, str]] = []
    if marks:
        lead = text[: marks[0].start()].strip(" –—-|;,/")
        if lead and is_meta_line(lead):
            lead = ""  # "23/03/2024 Tác giả: Ngọc Minh": the post date printed beside the byline
        if lead:  # "Hồng Gấm - Ảnh: Thanh Tâm": the writer needs no role word
            for name in _names(lead):
                entry = _person(name, "author", strict=False)
                if entry is None:
                    return []  # words before the first role marker: a sentence, not a byline
                authors.append(entry)
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            segment = text[m.end():end].strip(" \t–—-|;,/")
            role = _role_of(m.group("marker"))
            names = [segment] if role == "source" else _names(segment)
            if not names:
                return []
            for name in names:
                entry = _person(name, role, strict=False)
                if entry is None:
                    return []
                authors.append(entry)
        return authors
    names = _names(text)
    if len(names) > 3:
        return []  # a list of people (delegates, athletes), not a byline
    if len(names) == 2 and starts_with_org_word(names[1]) and not starts_with_org_word(names[0]):
        # "Văn Tuấn - Trung tâm VH-TT&TT": the writer and the office they write for
        entry = _person(f"{names[0]} ({names[1]})", "author", strict=True)
        return [entry] if entry else []
    for name in names:
        entry = _person(name, "author", strict=True)
        if entry is None:
            return []
        authors.append(entry)
    return authors
