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

from dataclasses import dataclass
from functools import lru_cache

import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import CAP, alternation, expand_abbreviations, table, words
from vnpolicy.entities.place import PlaceMention, place_after

_SECTOR_HEADS = ("Bộ", "Sở", "Phòng", "Cục", "Chi cục", "Tổng cục", "Vụ", "Ban")
_SECTOR_LEVEL = {"Bộ": "trung_uong", "Tổng cục": "trung_uong", "Vụ": "trung_uong", "Cục": "tinh", "Sở": "tinh",
                 "Chi cục": "huyen", "Phòng": "huyen", "Ban": ""}
_SCHOOLS = ("Tiểu học", "Trung học cơ sở", "Trung học phổ thông", "THCS", "THPT", "Mầm non", "Mẫu giáo",
            "Tiểu học và Trung học cơ sở", "Trung học cơ sở và Trung học phổ thông", "Phổ thông Dân tộc nội trú",
            "Phổ thông dân tộc nội trú", "Phổ thông Dân tộc bán trú", "Cao đẳng", "Đại học", "Trung cấp")
_NAME = rf"{CAP}(?: {CAP}){{0,4}}(?: \d{{1,2}})?"
# Bodies known only by their proper name: a school's, a cooperative's, a company's.
_NAMED = (r"Hợp tác xã(?: Nông nghiệp| Dịch vụ nông nghiệp| Thủy sản)?|Công ty(?: TNHH| Cổ phần| cổ phần| TNHH MTV)?"
          r"|Tổ hợp tác|Quỹ Tín dụng nhân dân")
# Numbered military units: "Quân khu 9", "Sư đoàn 330".
_NUMBERED = r"(?:Quân khu|Quân đoàn|Sư đoàn|Trung đoàn|Lữ đoàn|Hải đoàn|Tiểu đoàn) \d{1,3}"
# Branches that are named after the body they sit in: "Đoàn Thanh niên Công an tỉnh", "Công đoàn Sở Y tế".
_BRANCH_PREFIXES = ("Đoàn Thanh niên", "Đoàn TNCS", "Công đoàn", "Chi đoàn", "Hội Cựu chiến binh", "Hội Phụ nữ",
                    "Hội Liên hiệp Phụ nữ", "Chi hội", "Đảng ủy", "Đảng bộ", "Chi bộ")
_BRANCH_WORD = regex.compile(r" (?:chi nhánh|Chi nhánh|Phòng giao dịch)(?= )")
# Titles after which "Thường trực" belongs to the title, not the body ("Phó Bí thư Thường trực Tỉnh ủy").
_TITLE_BEFORE_THUONG_TRUC = regex.compile(r"(?:Bí thư|Chủ tịch|Ủy viên|Trưởng ban|Phó Trưởng ban) $")


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


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern]:
    parts = _parts()
    by_cls: dict[str, list[str]] = {}
    for p in parts.values():
        by_cls.setdefault(p.cls, []).append(p.name)
    sub = alternation(by_cls["sub"])
    head = alternation(by_cls["head"] + by_cls["head_placed"] + by_cls["national"])
    after = alternation(by_cls["after_sub"])
    # A one-syllable proper name followed by a lower-case word is a cut-off name
    # ("Công ty Cổ phần Đầu tư …"): such a body is left out rather than given a wrong span.
    proper = rf"(?:{CAP}(?: {CAP}){{1,4}}(?: \d{{1,2}})?|{CAP}(?: \d{{1,2}})?(?! \p{{Ll}}))"
    school = rf"Trường (?:{alternation(_SCHOOLS)}) {proper}|(?:{_NAMED}) {proper}|{_NUMBERED}"
    edge = r"(?![\p{L}\d])"
    core = (rf"(?<![\p{{L}}\d])(?P<subs>(?:(?:{sub}) ){{0,3}})(?:(?P<head>{school}|{head}){edge}"
            rf"|(?P<after>{after}){edge})")
    # The leading sub-bodies are optional in the regex; a lone sub never matches because a head must follow.
    return regex.compile(core), regex.compile(rf"(?:{sub}) ")


@lru_cache(maxsize=1)
def _head_only() -> regex.Pattern:
    """A head that itself starts like a sub ("Văn phòng Đoàn ĐBQH và HĐND"), tried beside the core."""
    parts = _parts()
    heads = [p.name for p in parts.values() if p.cls in ("head", "head_placed", "national")]
    return regex.compile(rf"(?P<subs>)(?P<head>{alternation(heads)})(?![\p{{L}}\d])(?P<after>)")


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
    core, _ = _patterns()
    m = _best_match(text, core.match(text, pos))
    if not m:
        return None
    return _complete(text, m)


def _complete(text: str, m: regex.Match) -> OrgMatch | None:
    parts = _parts()
    subs = m.group("subs")
    head_text = m.group("head") or m.group("after")
    if not m.group("head") and not subs:
        return None
    if head_text not in parts:  # a school, cooperative or company by its proper name; a numbered unit
        kind = ("public_service" if head_text.startswith("Trường ") else
                "armed" if head_text.split(" ")[-1].isdigit() else "enterprise")
        head = OrgPart(head_text, kind, "", "head")
    else:
        head = parts[head_text]
    first = _first_sub(subs) or head
    end = m.end()
    place = None
    level = head.level
    if head.cls in ("head", "head_placed"):
        branch = head.cls == "head_placed" or head_text.startswith(_BRANCH_PREFIXES)
        nested = match_org(text, end + 1) if branch and text.startswith(" ", end) else None
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
    if subs.startswith("Thường trực ") and _TITLE_BEFORE_THUONG_TRUC.search(text, max(0, start - 20), start):
        start += len("Thường trực ")
        first = _first_sub(subs[len("Thường trực "):]) or head
    return OrgMatch(start, end, first.kind, level, place)


def _first_sub(subs: str) -> OrgPart | None:
    if not subs:
        return None
    _, sub_re = _patterns()
    m = sub_re.match(subs)
    return _parts().get(m.group(0)[:-1]) if m else None


def find_orgs(text: str) -> list[Entity]:
    """ORG candidates, left to right, longest at each start; overlaps are left to the resolver."""
    core, _ = _patterns()
    out: list[Entity] = []
    pos = 0
    while True:
        m = _best_match(text, core.search(text, pos))
        if not m:
            break
        org = _complete(text, m)
        if not org:
            pos = m.start() + 1
            continue
        out.append(make_entity(text, org))
        pos = org.end
    return out


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
