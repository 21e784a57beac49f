"""ORG: Party, state, Front, mass and armed bodies, with the place they belong to.

A name is built from parts listed in ``resources/entities/orgs.tsv`` and ``sectors.txt``:
sub-bodies ("Ban Thường vụ", "Ban Dân vận", "Văn phòng") that need a parent after them, heads
("Huyện ủy", "UBND", "Sở Tài chính", "Hội Nông dân") that may take a place ("huyện Tháp Mười",
"tỉnh", or a bare unit name the gazetteer knows), and heads that are bodies only with a place or
a parent ("Đảng ủy xã", "Công an huyện", "Chi bộ ấp 3", "Đảng ủy Công an tỉnh").

Policy: the place inside a name is part of the ORG (no LOC of its own); an ad-hoc group
("Tổ khảo sát", "Đoàn công tác", "Đoàn kiểm tra") is not an ORG, the body it belongs to is;
a bare generic noun ("cấp ủy", "chính quyền", "Đảng", "Nhà nước", "Ban Chấp hành" alone) is not.
This module knows nothing about documents or people; legal.py and person.py call ``match_org``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import (
    CAP,
    alternation,
    cue_values,
    cue_words,
    expand_abbreviations,
    ordered_alternation,
    table,
    words,
)
from vnpolicy.entities.place import PLACE_TYPES, PlaceMention, gazetteer, place_after, place_type

# The cue words below are rows of resources/entities/cue_words.tsv (cue in brackets).
# Heads that take a sector of sectors.txt, with the level of such a body [sector_head].
_SECTOR_LEVEL = cue_values("sector_head")
_SECTOR_HEADS = tuple(_SECTOR_LEVEL)
_SCHOOLS = cue_words("school_type")  # after "Trường" [school_type]
_NAME = rf"{CAP}(?: {CAP}){{0,4}}(?: \d{{1,2}})?"
# Bodies known only by their proper name: a school's, a cooperative's, a company's [named_body].
_NAMED = ordered_alternation(cue_words("named_body"))
# Numbered military units: "Quân khu 9", "Sư đoàn 330" [numbered_unit].
_NUMBERED = rf"(?:{ordered_alternation(cue_words('numbered_unit'))}) \d{{1,3}}"
# Branches that are named after the body they sit in: "Đoàn Thanh niên Công an tỉnh", "Công đoàn Sở Y tế".
_BRANCH_PREFIXES = cue_words("branch_prefix")
_BRANCH_WORD = regex.compile(rf" (?:{ordered_alternation(cue_words('branch_word'))})(?= )")
# Titles after which "Thường trực" belongs to the title, not the body ("Phó Bí thư Thường trực Tỉnh ủy").
_TITLE_BEFORE_THUONG_TRUC = regex.compile(rf"(?:{ordered_alternation(cue_words('title_before_standing'))}) $")


@dataclass(frozen=True)
class OrgPart:
    name: str
    kind: str
    level: str
    cls: str


@lru_cache(maxsize=1)
def _parts() -> dict[str, OrgPart]:
    parts = {row["name"]: OrgPart(row["name"], row["kind"], row["level"], row["class"]) for row in table("orgs.tsv")}
    for head in _SECTOR_HEADS:
        for sector in words("sectors.txt"):
            name = f"{head} {sector}"
            if name not in parts:
                kind = "armed" if sector in ("Công an", "Quốc phòng") else "state"
                parts[name] = OrgPart(name, kind, _SECTOR_LEVEL[head], "head")
    return parts


def _case_key(name: str) -> str:
    """``name`` with every word after the first in lower case: the key a listed name is known by
    whatever the case of those words ("Ủy ban thường vụ Quốc hội", "Bộ Tư Lệnh")."""
    first, space, rest = name.partition(" ")
    return first + space + rest.lower()


def _any_case_alternation(names: list[str]) -> str:
    """A ``regex`` alternation of listed names, longest first, the first word as listed and the
    rest in any case. Why: news writes the words after a body's first one in any case ("Ban chỉ
    đạo", "Mặt trận tổ quốc Việt Nam", "Bộ Tư Lệnh": a hundred of the VNTC gold's organizations),
    while a lower-case first word is another matter (:func:`find_lower_case_orgs`)."""
    def one(name: str) -> str:
        first, space, rest = name.partition(" ")
        return regex.escape(first) + (f" (?i:{regex.escape(rest)})" if space else "")

    return "|".join(one(n) for n in sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def _parts_by_case_key() -> dict[str, OrgPart]:
    """:func:`_parts` by :func:`_case_key`; of two names with one key, the first listed."""
    out: dict[str, OrgPart] = {}
    for name, part in _parts().items():
        out.setdefault(_case_key(name), part)
    return out


def _part(name: str) -> OrgPart | None:
    """The listed part ``name`` matched: as listed, else by its :func:`_case_key`."""
    return _parts().get(name) or _parts_by_case_key().get(_case_key(name))


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern]:
    by_cls = _names_by_class()
    sub = _any_case_alternation(by_cls["sub"])
    head = _any_case_alternation(by_cls["head"] + by_cls["head_placed"] + by_cls["national"])
    after = _any_case_alternation(by_cls["after_sub"])
    # A one-syllable proper name followed by a lower-case word is a cut-off name
    # ("Công ty Cổ phần Đầu tư …"): such a body is left out rather than given a wrong span.
    proper = rf"(?:{CAP}(?: {CAP}){{1,4}}(?: \d{{1,2}})?|{CAP}(?: \d{{1,2}})?(?! \p{{Ll}}))"
    school = rf"Trường (?:{alternation(_SCHOOLS)}) {proper}|(?:{_NAMED}) {proper}|{_NUMBERED}"
    edge = r"(?![\p{L}\d])"
    core = (rf"(?<![\p{{L}}\d])(?P<subs>(?:(?:{sub}) ){{0,3}})(?:(?P<head>{school}|{head}){edge}"
            rf"|(?P<after>{after}){edge})")
    # The leading sub-bodies are optional in the regex; a lone sub never matches because a head must follow.
    return regex.compile(core), regex.compile(rf"(?:{sub}) ")


def _names_by_class() -> dict[str, list[str]]:
    """The names of :func:`_parts` by their class ("sub", "head", "after_sub", …), in order."""
    by_cls: dict[str, list[str]] = {}
    for p in _parts().values():
        by_cls.setdefault(p.cls, []).append(p.name)
    return by_cls


@lru_cache(maxsize=1)
def _core_finditer():
    """``finditer`` of the core pattern, tried only where one of its first words starts (a sub,
    a head, an after-sub, "Trường", a named body, a numbered unit: what the core can begin with;
    :func:`~vnpolicy.entities.lexicon.tried_where_words_start`). Same matches as searching for
    it from every character, several times cheaper. Keep in step with :func:`_patterns`."""
    from vnpolicy.entities.lexicon import tried_where_words_start

    firsts = [name for name in _parts()] + ["Trường"] + list(cue_words("named_body")) + list(cue_words("numbered_unit"))
    return tried_where_words_start(_patterns()[0], [name.split(" ")[0] for name in firsts], _core_needs())


@lru_cache(maxsize=1)
def _core_needs() -> str:
    """``re`` source of what the core pattern needs at its start: up to three subs, then the word a
    head, an after-sub, a school, a named body or a numbered unit starts with (most first words
    start no body). Keep in step with :func:`_patterns`."""
    from vnpolicy.entities.lexicon import trie_alternation

    by_cls = _names_by_class()
    ends = [*by_cls["head"], *by_cls["head_placed"], *by_cls["national"], *by_cls["after_sub"], "Trường",
            *cue_words("named_body"), *cue_words("numbered_unit")]
    # In any case (the pattern takes the words after a name's first in any case): looser is exact here.
    return rf"(?i:(?:{trie_alternation(by_cls['sub'])} ){{0,3}}{trie_alternation(ends)})"


@lru_cache(maxsize=1)
def _core_may_start() -> Callable[[str, int], re.Match[str] | None]:
    return re.compile(_core_needs()).match


def _core_match(text: str, pos: int) -> regex.Match[str] | None:
    """``_patterns()[0].match(text, pos)``, ruled out first by :func:`_core_needs` (``re``) where it
    cannot match: seven in ten of the places match_org and the open bodies ask about (a capital
    after a body's head, a word after "và"), where the core pattern took some five microseconds to fail."""
    return _patterns()[0].match(text, pos) if _core_may_start()(text, pos) else None


@lru_cache(maxsize=1)
def _head_only() -> regex.Pattern:
    """A head that itself starts like a sub ("Văn phòng Đoàn ĐBQH và HĐND"), tried beside the core."""
    parts = _parts()
    heads = [p.name for p in parts.values() if p.cls in ("head", "head_placed", "national")]
    return regex.compile(rf"(?P<subs>)(?P<head>{_any_case_alternation(heads)})(?![\p{{L}}\d])(?P<after>)")


def _best_match(text: str, m: regex.Match | None) -> regex.Match | None:
    if m is None or not m.group("subs"):
        return m
    alt = _head_only().match(text, m.start())
    return alt if alt and alt.end() > m.end() else m


@dataclass
class OrgMatch:
    start: int
    end: int
    kind: str
    level: str
    place: PlaceMention | None


def match_org(text: str, pos: int) -> OrgMatch | None:
    """The organization name that starts exactly at ``pos``, or None."""
    memo = _memo(text)
    if pos in memo:
        return memo[pos]
    m = _best_match(text, _core_match(text, pos))
    if not m:
        memo[pos] = None
        return None
    return _complete(text, m)


def joined_inside_its_name(text: str, start: int) -> bool:
    """Does the curated name of the body at ``start`` hold "và" or a comma ("Ban Tuyên giáo và Dân
    vận Tỉnh ủy", "Sở Văn hóa, Thể thao và Du lịch tỉnh")? Such a name is one body, though in
    news "và" and a comma mostly join two."""
    m = _core_match(text, start)
    return m is not None and (" và " in m.group(0) or ", " in m.group(0))


# The answers of match_org for the last text seen, by position: person titles and nested bodies
# ask about the same positions again, and a run of heads ("Đảng ủy Đảng ủy …") would otherwise be
# walked once per start. A (text, answers) pair, replaced whole, so threads never mix two texts.
_last: tuple[str, dict[int, OrgMatch | None]] = ("", {})


def _memo(text: str) -> dict[int, OrgMatch | None]:
    global _last
    seen, memo = _last
    if seen is not text:
        memo = {}
        _last = (text, memo)
    return memo


def _complete(text: str, m: regex.Match) -> OrgMatch | None:
    """The body matched by ``m`` with what completes it: a nested body or a place.

    A branch's nested body ("Đảng ủy Công an tỉnh") may itself have one, to any depth, so the
    chain is walked in a loop, not by recursion: a run of 700 "Đảng ủy" is one long chain.
    """
    memo = _memo(text)
    frames: list[tuple[regex.Match, str, str, OrgPart]] = []
    nested: OrgMatch | None = None
    while True:
        if m.start() in memo:
            nested = memo[m.start()]
            break
        frame = _frame(m)
        if frame is None:
            memo[m.start()] = None
            break
        frames.append(frame)
        head = frame[3]
        branch = head.cls == "head_placed" or (head.cls == "head" and frame[2].startswith(_BRANCH_PREFIXES))
        inner = None
        if branch and text.startswith(" ", m.end()):
            inner = _best_match(text, _core_match(text, m.end() + 1))
            if inner is None:
                memo[m.end() + 1] = None
        if inner is None:
            break
        m = inner
    for frame in reversed(frames):
        nested = _finish(text, frame, nested)
        memo[frame[0].start()] = nested
    return nested


def _frame(m: regex.Match) -> tuple[regex.Match, str, str, OrgPart] | None:
    """``(match, subs, head text, head part)``, or None when there is no head."""
    subs = m.group("subs")
    head_text = m.group("head") or m.group("after")
    if not m.group("head") and not subs:
        return None
    part = _part(head_text)
    if part is None:  # a school, cooperative or company by its proper name; a numbered unit
        kind = ("public_service" if head_text.startswith("Trường ") else
                "armed" if head_text.split(" ")[-1].isdigit() else "enterprise")
        head = OrgPart(head_text, kind, "", "head")
    else:
        head = part
    return m, subs, head_text, head


_CENTRAL_BEFORE = regex.compile(r"(?<![\p{L}\d])Trung ương $")


def _finish(text: str, frame: tuple[regex.Match, str, str, OrgPart], nested: OrgMatch | None) -> OrgMatch | None:
    """One body of the chain, given what ``match_org`` found right after it (``nested``)."""
    m, subs, head_text, head = frame
    first = _first_sub(subs) or head
    end = m.end()
    place = None
    level = head.level
    if head.cls in ("head", "head_placed"):
        branch = head.cls == "head_placed" or head_text.startswith(_BRANCH_PREFIXES)
        if not (branch and text.startswith(" ", end)):
            nested = None
        if nested:
            end, level, place = nested.end, nested.level or level, nested.place
        else:
            # "Ngân hàng Chính sách xã hội chi nhánh tỉnh Bến Tre": the branch word goes with the place.
            branch_word = _BRANCH_WORD.match(text, end)
            place = place_after(text, branch_word.end() if branch_word else end, bare=head.cls == "head" or bool(subs))
            if place:
                end = place.end
                level = place.level if place.level != "tinh_or_huyen" else level
    if head.cls == "head_placed" and end == m.end() and not subs:
        return None
    start = m.start()
    if not subs and head.kind in ("mass_org", "social_org") and _CENTRAL_BEFORE.search(text, max(0, start - 12), start):
        start -= len("Trung ương ")  # "Trung ương Hội Nông dân Việt Nam": the central body of a mass organization
    if subs.startswith("Thường trực ") and _TITLE_BEFORE_THUONG_TRUC.search(text, max(0, start - 20), start):
        start += len("Thường trực ")
        first = _first_sub(subs[len("Thường trực "):]) or head
    # "Ban Thường vụ Huyện đoàn": the Youth Union's standing committee, not a Party body.
    return OrgMatch(start, end, head.kind if head.kind == "mass_org" else first.kind, level, place)


def _first_sub(subs: str) -> OrgPart | None:
    if not subs:
        return None
    _, sub_re = _patterns()
    m = sub_re.match(subs)
    return _part(m.group(0)[:-1]) if m else None


def find_orgs(text: str) -> list[Entity]:
    """ORG candidates, left to right, longest at each start; overlaps are left to the resolver."""
    out: list[Entity] = []
    pos = 0
    scan = _core_finditer()
    while True:
        m = _best_match(text, next(scan(text, pos), None))  # the core's first match from pos on
        if not m:
            break
        org = _complete(text, m)
        if not org:
            pos = m.start() + 1
            continue
        if text.startswith(" viên", org.end) and text[org.end - 2:org.end] in ("ủy", "uỷ"):
            pos = org.end  # "Huyện ủy viên", "Đảng ủy viên": a committee's member, a title
            continue
        out.append(make_entity(text, org))
        pos = org.end
    # Bodies in lower case ("hội phụ nữ xã"), where no listed body holds them ("Ban Công tác Mặt trận ấp"),
    # and in place of a listed body they start before and hold ("uỷ ban | MTTQ xã").
    lower = find_lower_case_orgs(text)
    if lower:
        out = _with_lower_case(out, lower)
    return out + find_campaign_bodies(text) if "“" in text or '"' in text else out


def _with_lower_case(listed: list[Entity], lower: list[Entity]) -> list[Entity]:
    """``listed`` (left to right, never overlapping) with each of ``lower`` added where it
    overlaps nothing kept so far, or in place of what it overlaps when it holds all of that and
    starts before it; the kept ones in the order they came. What is kept never overlaps, so the
    ones over a body are a run of neighbours, found by bisection (a scan of all of them per body
    was quadratic: "ubnd xã " x 10,000 took 1.9 s)."""
    order = listed + lower  # the output's order: listed ones first, then added ones as they came
    keep = sorted(range(len(listed)), key=lambda k: listed[k].start)
    starts, ends = [listed[k].start for k in keep], [listed[k].end for k in keep]
    for n, e in enumerate(lower, len(listed)):
        i, j = bisect.bisect_right(ends, e.start), bisect.bisect_left(starts, e.end)
        if i < j and not all(e.start < order[keep[k]].start and order[keep[k]].end <= e.end for k in range(i, j)):
            continue
        keep[i:j], starts[i:j], ends[i:j] = [n], [e.start], [e.end]
    return [order[k] for k in sorted(keep)]


# -- bodies named for a campaign --------------------------------------------------------------
# "Ban Vận động Quỹ “Vì người nghèo” huyện Cao Lộc", "Ban Chỉ đạo “Toàn dân đoàn kết xây dựng đời
# sống văn hóa” (TDĐKXDĐSVH) TPHCM": a steering or fund-raising board carries the campaign's quoted
# name, then its place. The whole is one ORG (guidelines: a Ban Chỉ đạo with its whole name); the
# quoted name inside is no PROGRAM of its own (entities are flat). Only with a place after it:
# "Ban Chỉ đạo “…”" alone may be the campaign's board anywhere. Heads and the word between
# (Quỹ, phong trào …) are cue_words.tsv [campaign_body], [campaign_word].
@lru_cache(maxsize=1)
def _campaign_body() -> regex.Pattern:
    heads = ordered_alternation(sorted(cue_words("campaign_body"), key=len, reverse=True))
    between = ordered_alternation(sorted(cue_words("campaign_word"), key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{heads})(?: (?:{between}))? [“\"]\p{{L}}[^”\"\n]{{2,160}}[”\"]"
                         rf"(?: \([\p{{Lu}}\d&.-]{{2,20}}\))?")


def find_campaign_bodies(text: str) -> list[Entity]:
    """ORG candidates of a board named for a quoted campaign and followed by its place."""
    from vnpolicy.entities.place import world_place_names

    out = []
    for m in _campaign_body().finditer(text):
        place = place_after(text, m.end(), bare=True)
        if place is None:  # "… TPHCM": a city as the news writes it bare (world_places.tsv)
            name = next((n for n in sorted(world_place_names(), key=len, reverse=True)
                         if text.startswith(" " + n, m.end()) and not text[m.end() + 1 + len(n):][:1].isalpha()), None)
            if name is None or not name.startswith("TP"):
                continue
            place = PlaceMention(m.end() + 1, m.end() + 1 + len(name), "thanh_pho", "tinh", name)
        org = OrgMatch(m.start(), place.end, "state", place.level if place.level != "tinh_or_huyen" else "", place)
        e = make_entity(text, org)
        e.attrs["campaign_body"] = True
        out.append(e)
    return out


# -- bodies written in lower case -----------------------------------------------------------
# Running text often writes a mass organization, the Front or a Party committee in lower case:
# "hội phụ nữ xã", "mặt trận huyện", "hội CCB xã", "huyện đoàn Mộc Châu". By the guidelines a body
# type with its level word names one body in context (ORG); without a level word ("phối hợp đoàn
# thanh niên", "trên mặt trận kinh tế"), or for several ("hội nông dân các xã", "hội phụ nữ xã,
# phường", "04 chi bộ ấp"), it does not. The names are the rows of cue_words.tsv
# [lower_case_head]; one that starts with a unit word ("huyện đoàn", "tỉnh ủy") carries its
# level and needs none after it.
_LEVELS_LISTED = regex.compile(r"(?:, | và |/| hoặc | hay )(?P<word>\p{Ll}+(?: \p{Ll}+)?)(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _lower_case_heads() -> tuple[Callable[..., Iterator[regex.Match]], dict[str, str], frozenset[str]]:
    """The scan for the names of [lower_case_head] (tried where their first word starts), their
    kinds, and the words of [lower_case_not_body]."""
    kinds = cue_values("lower_case_head")
    # The first letter in either case ("Hội phụ nữ xã" starting a sentence); the rest as listed.
    names = "|".join(f"[{n[0]}{n[0].upper()}]{regex.escape(n[1:])}" for n in sorted(kinds, key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?<!(?:[Cc]ác|[Nn]hững|[Cc]ấp|\d) )(?P<name>{names})(?![\p{{L}}\d])")
    from vnpolicy.entities.lexicon import trie_alternation, tried_where_words_start, with_capital

    firsts = set(with_capital(n.split(" ")[0] for n in kinds))  # as written, and with a capital
    # What the pattern needs at its start, checked first by ``re``: a whole name (most of the
    # places are first words alone, "hội" of "hội nghị", "mặt" of "mặt hàng").
    needs = trie_alternation(set(with_capital(kinds)))
    return tried_where_words_start(pattern, sorted(firsts), needs), kinds, frozenset(cue_words("lower_case_not_body"))


def levels_listed(text: str, pos: int) -> bool:
    """A list of level words follows ("xã, phường", "huyện và xã"): bodies of several levels."""
    m = _LEVELS_LISTED.match(text, pos)
    return bool(m) and (m.group("word") in PLACE_TYPES or m.group("word").split(" ")[0] in PLACE_TYPES)


def find_lower_case_orgs(text: str) -> list[Entity]:
    """ORG candidates written in lower case with their level word ("hội phụ nữ xã", "huyện đoàn")."""
    scan, kinds, not_body = _lower_case_heads()
    listed = _parts()
    out = []
    for m in scan(text):
        name = m.group("name")
        if name in listed:
            continue  # as listed ("Hội CCB"): find_orgs' business
        end = m.end()
        nxt = text[end + 1:].split(" ", 2)
        if text.startswith(" ", end) and (nxt[0] in not_body or " ".join(nxt[:2]) in not_body):
            continue  # "huyện đoàn kết", "tỉnh ủy quyền", "đảng ủy viên"
        self_levelled = name.split(" ")[0].lower() in PLACE_TYPES
        place = place_after(text, end, bare=self_levelled)
        if place is None and not self_levelled:
            continue
        if place is not None:
            if place.name is None and _compound_after(text, place.end):
                place = None  # "mặt trận xã hội": the unit word starts another word
            elif place.name is None and levels_listed(text, place.end):
                continue
        if place is None and not self_levelled:
            continue
        level = (place.level if place and place.level != "tinh_or_huyen" else
                 place_type(name.split(" ")[0].lower())[1] if self_levelled else "")
        org = OrgMatch(m.start(), place.end if place else end, kinds[name[0].lower() + name[1:]], level, place)
        e = make_entity(text, org)
        e.attrs["lower_case"] = True
        out.append(e)
    return out


def _compound_after(text: str, pos: int) -> bool:
    """The unit word ending at ``pos`` and the lower-case syllable after it make one word ("xã hội",
    "bản thân", "làng nghề"): the segmenter's dictionary of two-syllable words."""
    from vnpolicy.tokenize.crf import fold, two_syllable_words

    m = _NEXT_LOWER.match(text, pos)
    if not m:
        return False
    unit = text[max(0, pos - 12):pos].rsplit(" ", 1)[-1]
    return f"{fold(unit)} {fold(m.group(1))}" in two_syllable_words()


_NEXT_LOWER = regex.compile(r" (\p{Ll}+)")


def make_entity(text: str, org: OrgMatch) -> Entity:
    name = text[org.start:org.end]
    attrs: dict = {"kind": org.kind}
    if org.level:
        attrs["level"] = org.level
    expanded = expand_abbreviations(name)
    if expanded != name:
        attrs["expanded"] = expanded
    if org.place is not None:
        attrs["place"] = text[org.place.start:org.place.end]
    return Entity("ORG", name, org.start, org.end, attrs)


# -- units of the police ----------------------------------------------------------------------
# "Phòng Cảnh sát hình sự Công an tỉnh Thái Bình", "Cơ quan CSĐT Công an huyện Quỳnh Lưu", "Đội
# CSGT – Trật tự Công an huyện Tân Phú": a unit named for its work, then the police body it
# belongs to, is one ORG (VNTC's gold, 30-odd times, and the portal sets'); the body after it is
# not one of its own. A numbered team stands alone ("Đội CSGT số 2"). Heads and first words are
# cue_words.tsv [police_unit_head], [police_unit_word]. A bracket ends the unit's name ("Phòng
# … (PC04) Công an tỉnh": the gold keeps three).
_POLICE_TOKEN = regex.compile(r"(?: | - | – | và |&)([\p{L}\d][\p{L}\p{M}\d]*)")
_POLICE_BODY = regex.compile(r" (?:Bộ )?Công an(?![\p{L}\d])")
_POLICE_NAME_ENDS = frozenset({"của", "thuộc", "tại", "ở", "cùng", "với"})
_TEAM_NUMBER = regex.compile(r" số \d+(?![\p{L}\d/])")


@lru_cache(maxsize=1)
def _police_units():
    """``finditer`` of a police unit's head and first word, tried where a head starts."""
    from vnpolicy.entities.lexicon import tried_where_words_start

    heads = ordered_alternation(sorted(cue_words("police_unit_head"), key=len, reverse=True))
    words = ordered_alternation(sorted(cue_words("police_unit_word"), key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?P<head>{heads}) (?:{words})(?![\p{{L}}\d])")
    return tried_where_words_start(pattern, sorted({h.split(" ")[0] for h in cue_words("police_unit_head")}))


def find_police_units(text: str) -> list[Entity]:
    """ORG candidates for police units with the body they belong to (see above)."""
    out = []
    for m in _police_units()(text):
        pos, org = m.end(), None
        for _ in range(14):
            if _POLICE_BODY.match(text, pos):
                body = match_org(text, pos + 1) or match_open_org(text, pos + 1)
                if body is not None and body.end > pos + len(" Công an"):
                    org = OrgMatch(m.start(), body.end, "armed", body.level, body.place)
                break
            t = _POLICE_TOKEN.match(text, pos)
            if t is None or t.group(1) in _POLICE_NAME_ENDS:
                break  # "Cơ quan An ninh điều tra … của Bộ Công an": the gold keeps two bodies
            pos = t.end()
        if org is None and m.group("head") == "Đội":
            number = _TEAM_NUMBER.match(text, m.end())
            org = OrgMatch(m.start(), number.end(), "armed", "", None) if number else None
        if org is not None:
            e = make_entity(text, org)
            e.attrs["police_unit"] = True
            out.append(e)
    return out


# -- bodies on an open head noun ------------------------------------------------------------
# "Trường tiểu học Quang Trung", "Hạt Kiểm lâm Hà Trung", "Trạm Y tế xã Vĩnh Lợi": the head is a
# common noun (resources/entities/open_org_heads.tsv) and the name is not in any list. The name
# runs over capitalised syllables (a lower-case one may sit between two capitals, or finish a
# word of org_name_words.txt: "Phát triển"), or, for a descriptive head ("Ban Chỉ đạo …"), over
# lower-case words up to the place that ends it ("… huyện Mỹ Tú"). A function word or a verb of
# org_name_stops.txt ends it. An enterprise needs one capital that is not a generic business word
# ("Công ty Cổ phần Đầu tư hạ tầng" is a cut-off name, left out).
_OPEN_TOKEN = regex.compile(r"(?P<sep> | - | – |, )(?P<tok>[\p{L}\d][\p{L}\p{M}\d]*(?:-\d+|-\p{Lu}+(?![\p{Ll}\p{M}])|&[\p{Lu}\d]+)*)")  # "COVID-19", "PCCC&CNCH", "VH-TT&TT"


@lru_cache(maxsize=1)
def _open_heads() -> tuple[dict[str, tuple[str, str]], regex.Pattern, frozenset[str], frozenset[str]]:
    heads = {row["head"]: (row["kind"], row["mode"]) for row in table("open_org_heads.tsv")}
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?P<head>{alternation(heads)})(?= [\p{{L}}\d])")
    pairs = frozenset(words("org_name_words.txt"))
    stops = frozenset(words("org_name_stops.txt"))
    return heads, pattern, pairs, stops


def name_words() -> frozenset[str]:
    """The two-syllable words that sit inside a body's name in lower case (``org_name_words.txt``)."""
    return _open_heads()[2]


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(words("surnames.txt"))


_TITLE_BEFORE = regex.compile(rf"(?:{ordered_alternation(cue_words('title_before_name'))}) $")


def _is_cap(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _open_org(text: str, m: regex.Match) -> OrgMatch | None:
    heads, _, pairs, stops = _open_heads()
    head = m.group("head")
    kind, mode = heads[head]
    toks: list[tuple[int, int, str]] = []
    pos = m.end()
    while len(toks) < 16:
        t = _OPEN_TOKEN.match(text, pos)
        if not t:
            break
        sep, w = t.group("sep"), t.group("tok")
        if sep == ", " and w != "chống":  # "phòng, chống" is one phrase; other commas end the name
            break
        if sep != " " and not (toks and (_is_cap(w) or w == "chống")):
            break
        low = w.lower()
        if toks and _is_cap(w) and (_core_match(text, t.start("tok")) or _open_heads()[1].match(text, t.start("tok"))):
            break  # another body begins: "Ban Thường vụ Huyện ủy …" is the listed names' business
        if not _is_cap(w):
            if (low in stops and not _completes(toks, w, pairs)) or (low == "các" and toks):
                break  # a stop ends the name, unless it finishes a word ("Trung tâm Đăng ký")
            if low == "ở" and not text.startswith(" cơ sở", t.end()):
                break
            if low == "và":
                nxt = _OPEN_TOKEN.match(text, t.end())
                if not (nxt and nxt.group("sep") == " " and _is_cap(nxt.group("tok"))):
                    break
                if _open_heads()[1].match(text, nxt.start("tok")) or _core_match(text, nxt.start("tok")):
                    break  # "Tập đoàn Vingroup và Quỹ Thiện Tâm": a second body
        toks.append((t.start("tok"), t.end("tok"), w))
        pos = t.end()
    if not toks:
        return None
    if gazetteer().known(f"{head} {toks[0][2]}"):
        return None  # "Hội An", "Phòng Điền": a place that starts like a body
    if _TITLE_BEFORE.search(text, max(0, m.start() - 30), m.start()) and toks[0][2] in _surnames():
        return None  # "Giám đốc Sở Nguyễn Thị Hồng Thắm": a title, its body, then the person
    school = next((s for s in sorted(_SCHOOLS, key=len, reverse=True) if head == "Trường"
                   and text.startswith((s, s.lower()), toks[0][0])), "")
    school_words = len(school.split(" ")) if school else 0  # "Trường trung học cơ sở Lê Lợi"
    starts_cap = _is_cap(toks[0][2]) or bool(school)
    # A place word among the tokens ends the name there ("Trạm Y tế xã Vĩnh Lợi").
    for i in range(0 if mode == "at_place" else 1, len(toks)):
        if i + 1 < len(toks) and toks[i + 1][2] in ("ủy", "đoàn", "Đoàn"):
            continue  # "Huyện ủy", "Tỉnh đoàn": a body's name, not a place
        if toks[i][2] in PLACE_TYPES or toks[i][2][0].lower() + toks[i][2][1:] in PLACE_TYPES:
            if not (starts_cap or mode in ("desc", "at_place")):
                break
            if not starts_cap and (i > 10 or toks[0][2] == "chống" or mode == "placed"):
                break
            place = place_after(text, toks[i][0] - 1, bare=False)
            if place:
                return OrgMatch(m.start(), place.end, kind, place.level if place.level != "tinh_or_huyen" else "", place)
            break
    if not starts_cap or mode in ("placed", "at_place"):
        return None
    # Without a place: the capitalised run, lower-case syllables only between capitals.
    last = None
    for i, (_, _, w) in enumerate(toks):
        if w[0].isdigit() and (last is None or i - last > 1):
            break  # "Công ty … Nam Định tuyển thêm 200 lao động": a count after lower-case words ends the name
        if _is_cap(w):
            last = i
        elif i < school_words:
            continue
        elif last is None or i - last > 2:
            break
    if last is None:
        return None
    end_i = last
    alone = end_i == 0 or not _is_cap(toks[end_i - 1][2])  # "Hội Nhà văn", not "Giày Thái Bình tuyển"
    if end_i + 1 < len(toks) and _one_word(toks[end_i][2], toks[end_i + 1][2], pairs, alone):
        end_i += 1
    if kind == "enterprise":
        proper = [w for i, (_, _, w) in enumerate(toks[:end_i + 1]) if _is_cap(w)
                  and not (i + 1 <= end_i and f"{w.lower()} {toks[i + 1][2]}" in pairs)]
        if not proper:
            return None
    return OrgMatch(m.start(), toks[end_i][1], kind, "", None)


def _completes(toks: list[tuple[int, int, str]], lower: str, pairs: frozenset[str]) -> bool:
    """``lower`` finishes a word begun by the last token, a capital standing alone."""
    if not toks or not _is_cap(toks[-1][2]) or (len(toks) > 1 and _is_cap(toks[-2][2])):
        return False
    return _one_word(toks[-1][2], lower, pairs, True)


def _one_word(capital: str, lower: str, pairs: frozenset[str], alone: bool) -> bool:
    """A capitalised syllable and the lower-case one after it make one word ("Nhà văn", "Điện ảnh",
    "Đăng ký"): org_name_words.txt, or, for a capital standing alone (not the end of a proper name
    like "Thái Bình"), a two-syllable word of the segmenter's dictionary."""
    if f"{capital.lower()} {lower}" in pairs:
        return True
    if not alone:
        return False
    from vnpolicy.tokenize.crf import fold, two_syllable_words

    return f"{fold(capital)} {fold(lower)}" in two_syllable_words()


def match_open_org(text: str, pos: int) -> OrgMatch | None:
    """The open-head body name that starts exactly at ``pos`` ("Ban Dân tộc tỉnh"), or None."""
    m = _open_heads()[1].match(text, pos)
    return _open_org(text, m) if m else None


@lru_cache(maxsize=1)
def _open_head_finditer():
    """``finditer`` of the open heads, tried only where one starts (same matches, cheaper)."""
    from vnpolicy.entities.lexicon import tried_where_words_start

    heads, pattern, _, _ = _open_heads()
    return tried_where_words_start(pattern, [head.split(" ")[0] for head in heads])


def find_open_orgs(text: str) -> list[Entity]:
    """ORG candidates on an open head noun; the resolver keeps the listed bodies where they are longer."""
    out = []
    for m in _open_head_finditer()(text):
        org = _open_org(text, m)
        if org:
            e = make_entity(text, org)
            e.attrs["open_head"] = True
            out.append(e)
    return out


# -- a news outlet's code before the dateline ---------------------------------------------------
# "BKG - Trong 9 tháng …", "(CT) - Vụ lúa …", "… ở Phú Thọ (NLĐ) - Bộ Tài chính …": the code of the
# paper that ran the story, at a line's start or in brackets before a dash. The gold marks it an
# ORG wherever it stands so (the portal sets 27 times in 27, VNTC 155 times in 159).
_OUTLET_CODE = regex.compile(r"(?:(?:^|(?<=\n))\(?(?P<code>[A-ZĐ]{2,5})\)?|\((?P<bracketed>[A-ZĐ]{2,5})\)) ?[-–] (?=\p{Lu})")


def find_outlet_codes(text: str) -> list[Entity]:
    """ORG candidates: a news outlet's code before the story's first words."""
    from vnpolicy.entities.place import is_place_name

    out = []
    for m in _OUTLET_CODE.finditer(text):
        part = "code" if m.group("code") else "bracketed"
        s, e = m.span(part)
        code = m.group(part)
        # not "PV - …" (a reporter: cue_words [byline_role]), nor a place in brackets ("Xuân Trường (TPHCM)- …")
        if code not in cue_words("byline_role") and not is_place_name(code):
            out.append(Entity("ORG", text[s:e], s, e, {"kind": "media", "outlet_code": True}))
    return out
