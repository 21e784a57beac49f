"""PER: people named in the text, with the role stated beside the name, and the byline credits.

A name is 2-4 capitalised syllables after an honorific or rank ("đồng chí", "ông", "bà",
"Đại tá"), or led by a Vietnamese family name (``resources/entities/surnames.txt``) when a
title stands right before it ("Bí thư Tỉnh ủy Lê Quốc Phong") or right after it ("Lê Văn
Hưởng, Bí thư Huyện ủy"). The byline at the end of a portal article ("BT: Nguyễn Thu – Hình:
Vũ Chiến") gives names with the reader's byline roles (editor, photo, "author+photo"…: the
same as ``Article.authors``, one table: ``resources/read/byline_roles.tsv``). The span is the
name only; the honorific and the title go to ``attrs["role"]`` (the body named in a title is
its own ORG).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import (
    CAP,
    alternation,
    cue_words,
    maybe_capital,
    ordered_alternation,
    tried_where_words_start,
    words,
    words_then,
)
from vnpolicy.entities.org import match_open_org, match_org
from vnpolicy.read.byline import role_markers

_E = r"(?![\p{L}\d])"
_BYNAME = rf"(?:\p{{Lu}}{{2,}}|{CAP})"  # "Nguyễn" or "NGUYỄN"
# The end of a sentence a byline may follow on the same line: a full stop after a lower-case word,
# a number or a closing quote or bracket ("TP. Hồ Chí Minh" is no sentence end), or "!", "?", "…".
# An abbreviation of three capitals or a Roman numeral may end one too ("… đến THPT. Y Liên",
# "… lên cấp IV. Hoài Thương"); two capitals may not ("TP. Hồ Chí Minh").
# A document's code ("… Công văn số 2345/UBND-KT. Khánh Ly", "178/2024/NĐ-CP."), a count and its unit
# letter ("thông điệp 5K."), and a one-letter term after "khóa" ("BCH khóa I. Minh Tâm") end one too.
_SENTENCE_END = (r"(?:[\p{Ll}\d)”\"]\.|/[\p{Lu}\d][\p{Lu}\d&-]*\.|\d\p{Lu}\.|\p{Lu}{3,}\.|(?<!\p{L})[IVX]{2,}\."
                 r"|(?<=(?:khóa|khoá|thứ) )[IVX]\.|[!?…])")  # "… Chỉ thị 05-CT/TW. Thái Hà"


def _last_line_start(text: str) -> int:
    """Where the last line of ``text`` starts (a final line break ends it, as ``$`` allows).

    Why: "trailing_byline" ends at ``$`` and none of its parts takes a line break, so its
    matches lie on the last line; tried from there (its look-behind still reads what is before)
    it finds the same ones, where tried at every place of an article it cost a tenth of the
    people rule."""
    end = len(text) - 1 if text.endswith("\n") else len(text)
    return text.rfind("\n", 0, end) + 1


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    triggers = alternation(words("person_triggers.txt") + words("person_professions.txt"))
    titles = alternation(words("titles.txt"))
    surnames = alternation(words("surnames.txt"))
    # Up to five syllables after an honorific: Ê Đê and other minority names are long ("Y Thanh Hà Niê Kđăm");
    # one is enough in general news ("ông Hữu", "HLV Riedl"), with the checks of _single_name_ok.
    name = rf"{CAP}(?: {CAP}){{0,4}}"
    surname_name = rf"(?:{surnames})(?: {CAP}){{1,3}}"
    leads = alternation(_byline_roles())
    return {
        "triggered": regex.compile(rf"(?<![\p{{L}}\d])(?P<trig>(?:(?:{triggers}) ){{1,3}})(?P<name>{name}){_E}"),
        "surname_then_title": regex.compile(rf"(?<![\p{{L}}\d])(?P<name>{surname_name})(?:, | [-–] )(?P<title>{titles}){_E}"),
        "title": regex.compile(rf"(?<![\p{{L}}\d])(?:{titles}){_E}"),
        "surname_name": regex.compile(rf"(?P<name>{surname_name}){_E}"),
        # Bylines are written "BT: Nguyễn Thu" or, on some portals, "TIN, ẢNH: THANH HƯƠNG".
        # ... on a line of its own, or after the last sentence of a paragraph ("… nguyên nhân. Tin: Hà Linh").
        "byline": regex.compile(rf"(?m)(?:^|(?<={_SENTENCE_END} ))(?:(?P<lead>(?i:{leads})) ?: ?[^\n]{{1,80}})$"),
        "credit": regex.compile(rf"(?P<lead>(?i:{leads})) ?: ?(?P<names>{_BYNAME}(?: {_BYNAME}){{0,3}}"
                                rf"(?:(?:, | và | [-–] )(?!(?i:{leads}) ?:){_BYNAME}(?: {_BYNAME}){{0,3}})*)(?![\p{{L}}])"),
        # "Giám đốc Sở Nguyễn Thị Hồng Thắm": a title, the generic body it heads, then the name.
        "generic_body": regex.compile(rf"(?:{ordered_alternation(cue_words('generic_body'))}) "),
        "after_title": regex.compile(rf"(?:, | [-–] )(?P<title>{titles}){_E}"),
        "taken": regex.compile(rf" (?:(?:{ordered_alternation(cue_words('appointment_adverb'))}) )*"
                               rf"(?:{ordered_alternation(cue_words('appointment_verb'))})"
                               rf"(?: (?:giữ|làm|lại))?(?: chức(?: vụ)?| làm)? (?P<title>{titles}){_E}"),
        # "Đỗ Thị Thu Thảo": a family name and two or three more capitalised syllables, nothing capitalised after.
        "bare_name": regex.compile(rf"(?<![\p{{L}}\d])(?:{surnames})(?: {CAP}){{2,3}}(?! ?\p{{Lu}})(?![\p{{L}}\d])"),
        # The closing line of an article that is only a name or two ("Thùy Trang", "Nam Anh - Xuân Vũ").
        # The same after the last sentence of a one-line paragraph ("… làm rõ nguyên nhân. Minh Quân").
        "trailing_byline": regex.compile(rf"(?<={_SENTENCE_END}) (?P<names>{CAP}(?: {CAP}){{1,3}}(?: ?[-–,] ?{CAP}(?: {CAP}){{1,3}})*)"
                                         rf"(?: ?\([^)\n]{{1,80}}\))?[ \t]*$"),  # "Bảo Anh (Huyện đoàn Thanh Chương)"
        "closing_byline": regex.compile(rf"\n[ \t]*(?P<names>{_BYNAME}(?: {_BYNAME}){{1,3}}(?: ?[-–,] ?{_BYNAME}(?: {_BYNAME}){{1,3}})*)"
                                        rf"(?: ?\([^)\n]{{1,80}}\))?[ \t.]*\s*$"),  # "Ngọc Lan (Ban Tuyên giáo Huyện ủy)"
    }


@lru_cache(maxsize=1)
def _scans() -> dict[str, Callable[[str], Iterator[regex.Match]]]:
    """``finditer`` of the patterns that start with a trigger word, a title or a family name, tried only
    where one starts (:func:`~vnpolicy.entities.lexicon.tried_where_words_start`): same matches."""
    p = _patterns()
    triggers = [w.split(" ")[0] for w in words("person_triggers.txt") + words("person_professions.txt")]
    surnames = [w.split(" ")[0] for w in words("surnames.txt")]
    titles = [w.split(" ")[0] for w in words("titles.txt")]
    # What each pattern needs at its start (:func:`~vnpolicy.entities.lexicon.words_then`): a name
    # starts with a capital after up to three triggers or a family name; a title is whole.
    full_triggers = words("person_triggers.txt") + words("person_professions.txt")
    named = words_then(full_triggers, maybe_capital(), most=3)
    surnamed = words_then(words("surnames.txt"), " " + maybe_capital())
    return {"triggered": tried_where_words_start(p["triggered"], triggers, named),
            "title": tried_where_words_start(p["title"], titles, words_then(words("titles.txt"))),
            **{name: tried_where_words_start(p[name], surnames, surnamed) for name in ("surname_then_title", "bare_name")}}


@lru_cache(maxsize=1)
def _name_stopwords() -> frozenset[str]:
    return frozenset(words("name_stopwords.txt"))


@lru_cache(maxsize=1)
def _byline_roles() -> dict[str, str]:
    """The reader's byline role words (``resources/read/byline_roles.tsv``), so that a byline's
    PER entities carry the roles of ``Article.authors``; "Nguồn:"/"Theo" name a source (an
    organisation, never a PER) and are left out."""
    return {marker: role for marker, role in role_markers().items() if role != "source"}


def is_generic_body(words: str) -> bool:
    """Is ``words`` one of the generic bodies a title may name before its holder ("Trung tâm",
    "Sở": ``cue_words.tsv``, generic_body), as the title rules read it?"""
    return _patterns()["generic_body"].fullmatch(words + " ") is not None


def is_byline_credit(e: Entity) -> bool:
    """Is ``e`` a name the byline rules found (its role one of the byline roles: author, photo …)?"""
    roles = set(_byline_roles().values()) | {"author"}
    return e.label == "PER" and e.attrs.get("role") in roles


def _byline_lead_role(lead: str) -> str:
    return _byline_roles().get(lead.lower(), "author")


def _role_after(text: str, pos: int) -> str | None:
    """", Bí thư Huyện ủy" right after a name -> "Bí thư Huyện ủy"."""
    m = _patterns()["after_title"].match(text, pos)
    if not m:
        return None
    roles = [_title_with_body(text, m.start("title"), m.end("title"))]
    pos = m.start("title") + len(roles[0])
    # "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy": every title in the chain.
    while (m := _patterns()["after_title"].match(text, pos)) and m.group(0).startswith(","):
        roles.append(_title_with_body(text, m.start("title"), m.end("title")))
        pos = m.start("title") + len(roles[-1])
    return ", ".join(roles)


def _title_with_body(text: str, start: int, end: int) -> str:
    # "Trưởng Ban Dân vận Tỉnh ủy": the title "Trưởng Ban" ends where a body's name begins.
    last_space = text.rfind(" ", start, end)
    if last_space > start:
        org = match_org(text, last_space + 1) or match_open_org(text, last_space + 1)
        if org and org.end > end:
            end = org.end
    while text.startswith(" ", end):
        org = match_org(text, end + 1)
        if org and org.start == end + 1:
            end = org.end
            continue
        more = _patterns()["title"].match(text, end + 1)
        if more:
            end = more.end()
            continue
        break
    return text[start:end]


@lru_cache(maxsize=1)
def _president_ho() -> regex.Pattern:
    """"Hồ Chí Minh" after a word that can only mean the man ([president_ho_context]: "phong cách",
    "tấm gương", "Di chúc" …): the portal gold marks him PER there 4 times in 4, and the name alone
    is also the city's."""
    words = ordered_alternation(sorted(cue_words("president_ho_context"), key=len, reverse=True))
    return regex.compile(rf"(?<=(?<![\p{{L}}])(?:{words}) )Hồ Chí Minh(?![\p{{L}}\d])")


def find_people(text: str) -> list[Entity]:
    """PER candidates: honorific + name, title + surname-led name, name + ", title", bylines."""
    p = _patterns()
    out: dict[tuple[int, int], Entity] = {}

    def add(start: int, end: int, role: str | None) -> None:
        key = (start, end)
        if key in out and out[key].attrs.get("role"):
            return
        out[key] = Entity("PER", text[start:end], start, end, {"role": role} if role else {})

    stop = _name_stopwords()
    for m in _scans()["triggered"](text):
        name_start, name_end = m.span("name")
        if m.group("name").split(" ")[0] in stop:
            continue  # "học sinh Việt Nam", "hội viên Hội Nông dân": not a person
        trig = m.group("trig").strip()
        if not _trigger_name_ok(text, m, trig):
            continue
        # "Đồng chí Đại tá Nguyễn Văn Thành": ranks are triggers too; the regex took them.
        last = text[name_start:name_end].rsplit(" ", 1)[-1]
        if len(last) <= 3 and text.startswith(".", name_end) and not _VOWEL.search(unicodedata.normalize("NFD", last)):
            name_end += 1  # an initial, alone or ending a name: "ông Đ.", "chị Kh.", "đồng chí Nguyễn Văn Ph."
        role = _role_after(text, name_end) or _role_taken(text, name_end)
        add(name_start, name_end, role or (None if trig in _honorifics() else trig))
    for m in _scans()["surname_then_title"](text):
        add(m.start("name"), m.end("name"), _role_after(text, m.end("name")))
    covered = 0
    for m in _scans()["title"](text):
        if m.start() < covered:
            # Inside the previous title's chain ("Phó Bí thư Thường trực Tỉnh ủy"): the chain
            # ends at the same place, so the name after it was already looked for. Walking it
            # again from every title made a run of titles quadratic.
            continue
        role_text = _title_with_body(text, m.start(), m.end())
        after = m.start() + len(role_text)
        covered = after
        if text.startswith(" ", after):
            n = p["surname_name"].match(text, after + 1)
            generic = None if n else p["generic_body"].match(text, after + 1)
            if generic:
                role_text = text[m.start():generic.end() - 1]
                after = generic.end() - 1
                n = p["surname_name"].match(text, after + 1)
            if n:
                add(n.start("name"), n.end("name"), role_text)
    for line in p["byline"].finditer(text):
        for c in p["credit"].finditer(text, line.start(), line.end()):
            role = _byline_lead_role(c.group("lead"))
            pos = c.start("names")
            for part in regex.split(r", | và | [-–] ", c.group("names")):
                start = text.index(part, pos)
                add(start, start + len(part), role)
                pos = start + len(part)
    if "Hồ Chí Minh" in text:
        for m in _president_ho().finditer(text):
            add(m.start(), m.end(), None)  # "tư tưởng, đạo đức, phong cách Hồ Chí Minh": the man, not the city
    for m in _scans()["bare_name"](text):
        if (m.start(), m.end()) not in out and _bare_name_ok(text, m):
            add(m.start(), m.end(), _role_after(text, m.end()) or _role_taken(text, m.end()))
    for m in p["trailing_byline"].finditer(text, _last_line_start(text)):
        if not any(m.start("names") < e and s_ < m.end("names") for s_, e in out) and _trailing_names_ok(m.group("names")):
            for part in regex.finditer(rf"{CAP}(?: {CAP}){{1,3}}", m.group("names")):
                add(m.start("names") + part.start(), m.start("names") + part.end(), "author")
    for m in p["closing_byline"].finditer(text):
        for part in regex.finditer(rf"{_BYNAME}(?: {_BYNAME}){{1,3}}", m.group("names")):
            add(m.start("names") + part.start(), m.start("names") + part.end(), "author")
    taken = bytearray(len(text))  # characters inside a found name: a clash costs the span's length
    for s_, e_ in out:
        taken[s_:e_] = b"\x01" * (e_ - s_)
    for more in (_repeated_names, _listed_names):
        for start, end in more(text, list(out)):
            if any(taken[start:end]):
                continue
            add(start, end, None)
            taken[start:end] = b"\x01" * (end - start)
    return sorted(out.values(), key=lambda e: e.start)


def _trailing_names_ok(names: str) -> bool:
    """A paragraph's last words after its last sentence are a byline when each name is a person's:
    two to four syllables, the first no name stopword, not a province or a world place ("… tại thủ
    đô. Hà Nội"). A district's name is no objection: the portal gold has four such bylines ("…
    đường link lạ. Đông Hà", "Thanh Bình", "Thái Hòa") and no district standing alone there."""
    from vnpolicy.entities.place import gazetteer, world_place_names

    stop = _name_stopwords()
    g = gazetteer()
    for part in regex.split(r" ?[-–,] ?", names):
        if part in world_place_names() or part in g.provinces:
            return False
        if part.split(" ")[0] in stop and (match_org(part, 0) or match_open_org(part, 0) or not _all_capitalised(part)):
            return False  # "Ngân" may end a name ("Kim Ngân"), not start a body ("Ngân hàng"); "Công Bính" is a name
    return True


def _all_capitalised(name: str) -> bool:
    return all(w[:1].isupper() for w in name.split(" "))


_RUN = regex.compile(rf"(?<![\p{{L}}\d.])(?:{CAP}|\p{{Lu}}\.(?=\p{{Lu}}))(?:[ -]?{CAP}){{0,3}}(?! ?\p{{Lu}})(?![\p{{L}}\d])")
_NEXT_ITEM = regex.compile(r"(?:, | và | cùng | - | – )")
_PREV_ITEM = regex.compile(r"(?:, | và | cùng | - | – )$")


def _plain_name(text: str, start: int, end: int) -> bool:
    """A capitalised run that may be a person: not a place, not a body's first word, not a street's name."""
    from vnpolicy.entities.place import gazetteer, world_place_names

    name = text[start:end]
    g = gazetteer()
    first = name.split(" ")[0]
    if first in _name_stopwords() or name in world_place_names() or name in g.provinces or name in g.districts:
        return False  # commune names are not checked: many are also given names ("Minh Châu", "Thanh Tùng")
    if _patterns()["title"].match(text, start) or match_org(text, start) or match_open_org(text, start):
        return False  # ", Giám đốc Sở …", ", Bệnh viện …": a title or a body, not the next name
    street = text[max(0, start - 8):start].lower()
    return not street.endswith(("đường ", "phố ", "trường ", "cầu ", "chợ ", "giải ", "quỹ ", "số "))


def _listed_names(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The other names of a list that holds a found person: "Quang Thanh, Minh Thiện, Văn Pho và Trọng Bình".

    Walks both ways from each found name over ", " / " và " to whole capitalised runs of two to
    four syllables that are no place or body; a run that is not such a name ends the walk. Each
    list is walked once each way (a walk stops at a name an earlier walk reached), so a long list
    costs its length, not its square.
    """
    out: list[tuple[int, int]] = []
    forward: set[int] = set()
    for start, end in sorted(found):
        if start in forward:
            continue
        forward.add(start)
        pos = end
        while (sep := _NEXT_ITEM.match(text, pos)) and (m := _RUN.match(text, sep.end())):
            if m.start() in forward or " " not in m.group(0) or not _plain_name(text, m.start(), m.end()):
                break
            forward.add(m.start())
            out.append(m.span())
            pos = m.end()
    backward: set[int] = set()
    for start, _ in sorted(found, reverse=True):
        if start in backward:
            continue
        backward.add(start)
        pos = start
        while (sep := _PREV_ITEM.search(text, max(0, pos - 6), pos)):
            runs = list(_RUN.finditer(text, max(0, sep.start() - 40), sep.start()))
            m = runs[-1] if runs else None  # the run right before the separator, whole
            if m is None or m.end() != sep.start() or m.start() in backward or " " not in m.group(0) \
                    or not _plain_name(text, m.start(), m.end()):
                break
            backward.add(m.start())
            out.append(m.span())
            pos = m.start()
    return out


def _repeated_names(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Later or earlier mentions of a name already found as a person, written the same way and alone."""
    names = {text[s:e] for s, e in found if " " in text[s:e] and "\n" not in text[s:e]}
    out = []
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if _ALONE.match(text, end) and not _GLUED_BEFORE.search(text, max(0, pos - 12), pos) \
                    and _plain_name(text, pos, end):
                out.append((pos, end))
            pos = text.find(name, end)
    return out


_ALONE = regex.compile(r"(?! ?\p{Lu})(?![\p{L}\d])")  # nothing capitalised or glued after the name
_GLUED_BEFORE = regex.compile(r"(?:[\p{L}\d]|\p{Lu}[\p{Ll}\p{M}]* )$")  # a letter, or a capitalised word, right before


# A vowel, with or without marks (matched on the decomposed letters): an initial ("Đ.", "Kh.") has
# none, a one-syllable name ("Lý.") has one.
_VOWEL = regex.compile(r"(?i)[aeiouy]")


def _trigger_name_ok(text: str, m: regex.Match, trig: str) -> bool:
    """A name after a trigger that is not a place ("chuyên gia Hàn Quốc", "cử tri Hà Nội", "Bà Rịa")
    and, when it is one syllable, not a word that begins something else ("Thủ tướng Chính phủ")."""
    from vnpolicy.entities.place import gazetteer, world_place_names

    name = m.group("name")
    last = trig.split(" ")[-1]
    g = gazetteer()
    if name in world_place_names() and last not in _honorifics():
        return False  # "ông Mỹ" may be a man called Mỹ; "tỷ phú Mỹ" is an American
    if name in g.provinces or name in g.new_provinces or name in g.districts or g.known(f"{last} {name}"):
        return False  # "cử tri Hà Nội", "Bà Rịa", "cầu Ông Lãnh"
    if " " in name:
        return True
    # One syllable: a capitalised trigger inside a sentence is no form of address ("ở Anh Quốc").
    before = text[max(0, m.start() - 2):m.start()]
    if trig[0].isupper() and before.strip(" ") and before.rstrip(" ")[-1:] not in ".!?:;(\"“-–\n":
        return trig.isupper()  # "HLV Riedl", "NSƯT Lan" are written in capitals anywhere
    return not text.startswith(("-", "/"), m.end("name"))  # "cầu thủ U-23", not a name


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Middle and given syllables seen in names (resources/entities/given_names.txt, scripts/build_given_names.py)."""
    return frozenset(words("given_names.txt"))


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(words("honorifics.txt"))


def _role_taken(text: str, pos: int) -> str | None:
    """"… được bầu giữ chức Bí thư Huyện ủy": the office a person is elected or appointed to."""
    m = _patterns()["taken"].match(text, pos)
    return _title_with_body(text, m.start("title"), m.end("title")) if m else None


def _bare_name_ok(text: str, m: regex.Match) -> bool:
    """A surname-led name with no title: not the tail of a longer capitalised name, not a place."""
    from vnpolicy.entities.place import gazetteer

    before = text[max(0, m.start() - 2):m.start()]
    if before.endswith(" ") and regex.search(r"\p{Lu}[\p{Ll}\p{M}]*\s$", text[max(0, m.start() - 12):m.start()]):
        word = regex.search(r"(\p{L}+)\s$", text[max(0, m.start() - 12):m.start()]).group(1)
        if word not in _honorifics() and word not in ("Và", "Của", "Tại", "Theo", "Với", "Cùng"):
            return False  # "Trường Lê Văn Tám", "đường Nguyễn Văn Cừ" start earlier or are not people
    name = m.group(0)
    second = name.split(" ")[1]
    if gazetteer().known(name) or (second in _name_stopwords() and second not in _given_names()):
        return False  # "Nguyễn Hội …" is no name; "Trần Trường Giang", "Nguyễn Việt Phú" are
    street = text[max(0, m.start() - 8):m.start()].lower()
    return not street.endswith(("đường ", "phố ", "trường ", "cầu ", "chợ ", "giải ", "quỹ "))
