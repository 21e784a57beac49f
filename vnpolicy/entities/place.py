"""LOC: administrative units (tỉnh, huyện, xã, ấp…) linked to the real units before and after 2025.

The gazetteer is built once per process from the ``vietnamadminunits`` package (MIT), which ships
the 63-province units (before the 2025 merger), the 34-province units (after it) and the mapping
between them. A place written inside an organization's name ("Huyện ủy Tháp Mười", "UBND xã Mỹ
Hòa") belongs to that ORG and is not a LOC of its own; this module still offers the helper that
lets org.py read such a place. It must not decide anything about organizations.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import (
    CAP,
    alternation,
    apostrophe_spellings,
    maybe_capital,
    table,
    tried_where_words_start,
    with_capital,
    words,
    words_then,
)

# Unit words as written before a place name, with the unit type and the level they stand for.
PLACE_TYPES: dict[str, tuple[str, str]] = {row["word"]: (row["unit_type"], row["level"])
                                           for row in table("place_types.tsv")}


def place_type(word: str) -> tuple[str, str]:
    """(unit_type, level) of a unit word as written: "Huyện", "huyện", "TP"."""
    return PLACE_TYPES.get(word) or PLACE_TYPES[word[0].lower() + word[1:]]


PLACE_WORD = alternation(with_capital(PLACE_TYPES))
# A run of capitalised syllables (a name), or a number ("ấp 3", "Phường 5").
CAP_RUN = rf"{CAP}(?:(?: | - | – ){CAP}){{0,5}}"  # "Bà Rịa - Vũng Tàu", "Phan Rang - Tháp Chàm"
_NUMBER = r"\d{1,3}[A-Z]?(?![\d/-])"
_AFTER_NAME = r"(?![\p{L}\d])"
# A number that ends a village's or commune's name ("ấp Thuận Phú 2", "xã Sơn Kim 1"), not a count
# after it ("xã Tân Phú 2 năm liền", "thôn Đông 3 hộ"): VNTC gold keeps it in the name 4 times of 4.
_NAME_NUMBER = regex.compile(r" \d{1,2}(?![\p{L}\d/.,:-]\S| ?%| (?:năm|tháng|ngày|tuần|giờ|hộ|người|ha|km|m|tỷ|triệu|nghìn|lần"
                             r"|căn|con|cây|tấn|xã|thôn|ấp|bản|lượt|em|học|đội|đoàn|tổ|điểm)(?![\p{L}]))")
_PLACE_RE = regex.compile(rf"(?<![\p{{L}}\d])(?P<word>{PLACE_WORD})(?: (?P<name>{CAP_RUN}|{_NUMBER}{_AFTER_NAME}))?{_AFTER_NAME}")
_CAP_RUN_RE = regex.compile(rf"{CAP_RUN}{_AFTER_NAME}")


def _strip_type(full: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Thị trấn ", "Xã ", "Phường ", "Đặc khu "):
        if full.startswith(prefix):
            return full[len(prefix):]
    return full


_TYPE_OF = {"Tỉnh": "tinh", "Thành phố": "thanh_pho", "Huyện": "huyen", "Quận": "quan", "Thị xã": "thi_xa",
            "Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}


def _type_of(full: str) -> str:
    for word, slug in _TYPE_OF.items():
        if full.startswith(word + " "):
            return slug
    return ""


@dataclass
class Gazetteer:
    """Look-up tables from a short name ("Tháp Mười") to the units that bear it."""

    provinces: dict[str, list[dict]] = field(default_factory=dict)  # legacy, short -> units
    districts: dict[str, list[dict]] = field(default_factory=dict)
    wards: dict[str, list[dict]] = field(default_factory=dict)
    new_provinces: dict[str, dict] = field(default_factory=dict)
    new_wards: dict[str, list[dict]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    max_words: int = 1

    def known(self, name: str) -> bool:
        return name in self.names

    def longest_known_prefix(self, run: str, unit_type: str | None = None) -> str | None:
        """The longest leading part of a run of capitalised syllables that is a unit's name
        (of the level ``unit_type`` names, when given: "tỉnh" + a province, "xã" + a commune)."""
        names = self.names_for(unit_type)
        parts = run.split(" ")
        for n in range(min(len(parts), self.max_words), 0, -1):
            candidate = " ".join(parts[:n])
            if candidate in names:
                return candidate
        return None

    def names_for(self, unit_type: str | None) -> set[str]:
        level = {"tinh": "p", "thanh_pho": "pd", "huyen": "d", "quan": "d", "thi_xa": "d",
                 "xa": "w", "phuong": "w", "thi_tran": "w", "dac_khu": "w"}.get(unit_type or "")
        if not level:
            return self.names
        key = f"_names_{level}"
        if not hasattr(self, key):
            names: set[str] = set()
            if "p" in level:
                names |= set(self.provinces) | set(self.new_provinces)
            if "d" in level:
                names |= set(self.districts)
            if "w" in level:
                names |= set(self.wards) | set(self.new_wards)
            setattr(self, key, names)
        return getattr(self, key)


def _data_dir() -> Path:
    """The package's data folder, found without importing it (its import parses 4 MB of JSON)."""
    from importlib.util import find_spec

    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        from vnpolicy.errors import ModelError

        raise ModelError("vietnamadminunits is not installed: place linking needs it (pip install vietnamadminunits)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the index once (about 13,000 units); later calls reuse it."""
    data = _data_dir()
    g = Gazetteer()
    conn = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    try:
        new_province_names: dict[str, str] = {}
        for province, short, key in conn.execute("SELECT DISTINCT province, provinceShort, provinceKey FROM admin_units"):
            g.new_provinces[short] = {"province": province, "key": key}
            new_province_names[key] = province
        new_ward_names: dict[tuple[str, str], str] = {}
        for province, ward, short, pkey, wkey in conn.execute(
            "SELECT province, ward, wardShort, provinceKey, wardKey FROM admin_units"
        ):
            short = short.split(" (")[0]
            g.new_wards.setdefault(short, []).append({"unit_type": _type_of(ward), "ward": ward, "province": province})
            new_ward_names[(pkey, wkey)] = ward
        conv = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
        old_to_new_province = {old: new_province_names.get(new) for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
        old_to_new_ward: dict[str, str] = {}
        for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_wkey, olds in wards.items():
                for old in olds:
                    old_to_new_ward[old] = new_ward_names.get((new_pkey, new_wkey), "")
        for new_pkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, options in divided.items():
                default = next((o["newWardKey"] for o in options if o.get("isDefaultNewWard")), None)
                if default and old not in old_to_new_ward:
                    old_to_new_ward[old] = new_ward_names.get((new_pkey, default), "")
        seen_p, seen_d = set(), set()
        for (province, district, ward, pshort, pkey, dkey, wkey) in conn.execute(
            "SELECT province, district, ward, provinceShort,"
            " provinceKey, districtKey, wardKey FROM admin_units_legacy"
        ):
            post = old_to_new_province.get(pkey)
            if pkey not in seen_p:
                seen_p.add(pkey)
                g.provinces.setdefault(pshort, []).append(
                    {"unit_type": _type_of(province), "province": province, "post_2025": {"province": post}})
            if (pkey, dkey) not in seen_d:
                seen_d.add((pkey, dkey))
                g.districts.setdefault(_strip_type(district), []).append(
                    {"unit_type": _type_of(district), "district": district, "province": province,
                     "post_2025": {"province": post}})
            if ward:
                new_ward = old_to_new_ward.get(f"{pkey}_{dkey}_{wkey}")
                g.wards.setdefault(_strip_type(ward), []).append(
                    {"unit_type": _type_of(ward), "ward": ward, "district": district, "province": province,
                     "post_2025": {"province": post, **({"ward": new_ward} if new_ward else {})}})
        # A district no longer exists after 2025: list the new communes/wards its territory went to.
        by_district: dict[tuple[str, str], set[str]] = {}
        for units in g.wards.values():
            for w in units:
                if w["post_2025"].get("ward"):
                    by_district.setdefault((w["district"], w["province"]), set()).add(w["post_2025"]["ward"])
        for units in g.districts.values():
            for unit in units:
                covering = by_district.get((unit["district"], unit["province"]))
                if covering:
                    unit["post_2025"]["wards"] = sorted(covering)
    finally:
        conn.close()
    for index in (g.provinces, g.districts, g.wards, g.new_wards):
        _add_capital_spellings(index)
        _add_apostrophe_spellings(index)
    g.names = set(g.provinces) | set(g.districts) | set(g.wards) | set(g.new_provinces) | set(g.new_wards)
    g.names = {n for n in g.names if n and not n[0].isdigit()}
    g.max_words = max(len(n.split(" ")) for n in g.names)
    return g


def _add_apostrophe_spellings(table: dict[str, list[dict]]) -> None:
    """The other spellings of the Central Highlands' names that the dataset writes with a straight
    apostrophe ("Đắk R'Lấp", "Ea H'leo"): portals write a typographic one ("Đắk R’Lấp") and either
    case after it ("Ea H’Leo"). Each spelling looks up the same units; the dataset's own case wins
    where it has both ("Ea H'Leo" and "Ea H'leo")."""
    spellings = {n: apostrophe_spellings(n) for n in table if "'" in n}
    for rank in range(6):
        for name, forms in spellings.items():
            table.setdefault(forms[rank], table[name])


# A syllable the dataset writes with two capitals ("KBang", "Ia RVê", "KRông Búk")
_TWO_CAPITALS = regex.compile(r"(?<![\p{L}'’])(\p{Lu})(\p{Lu})(?=\p{Ll})")


def _add_capital_spellings(table: dict[str, list[dict]]) -> None:
    """The spellings portals use for the Central Highlands' names that the dataset writes with two
    capitals: one capital ("huyện Kbang", "xã Ia Rvê", "Krông Búk") and an apostrophe between
    them ("K'Bang", "K’Bang"). Each looks up the same units; a name the dataset already has wins."""
    for name in [n for n in table if _TWO_CAPITALS.search(n)]:
        one = _TWO_CAPITALS.sub(lambda m: m.group(1) + m.group(2).lower(), name)
        marked = _TWO_CAPITALS.sub(lambda m: m.group(1) + "'" + m.group(2), name)
        for form in (one, marked, marked.replace("'", "’")):
            table.setdefault(form, table[name])


# Which index answers for which unit word.
_LEVEL_TABLES = {
    "tinh": ("provinces",), "thanh_pho": ("provinces", "districts"), "huyen": ("districts",),
    "quan": ("districts",), "thi_xa": ("districts",), "xa": ("wards",), "phuong": ("wards",),
    "thi_tran": ("wards",), "dac_khu": ("wards",),
}
_TYPE_MATCH = {"thanh_pho": {"thanh_pho"}, "tinh": {"tinh"}, "huyen": {"huyen"}, "quan": {"quan"},
               "thi_xa": {"thi_xa"}, "xa": {"xa"}, "phuong": {"phuong"}, "thi_tran": {"thi_tran"}}


def link(unit_type: str, name: str, provinces_hint: set[str], *, after_2025: bool = False) -> dict:
    """The administrative unit a mention names, as attrs: province, district, post-2025 unit.

    ``provinces_hint`` holds legacy province names ("Tỉnh Đồng Tháp") mentioned elsewhere in the
    article; they decide between homonyms (there are many "xã Tân Thành"). Nothing is guessed
    when the candidates stay ambiguous.
    """
    g = gazetteer()
    candidates: list[dict] = []
    if not after_2025:
        for tname in _LEVEL_TABLES.get(unit_type, ()):
            for unit in getattr(g, tname).get(name, []):
                if unit_type in _TYPE_MATCH and unit["unit_type"] not in _TYPE_MATCH[unit_type]:
                    continue
                candidates.append(unit)
    if not candidates:
        if unit_type in ("tinh", "thanh_pho") and name in g.new_provinces:
            p = g.new_provinces[name]["province"]
            return {"province": p, "post_2025": {"province": p}}
        if unit_type in ("xa", "phuong", "dac_khu"):
            news = [w for w in g.new_wards.get(name, []) if w["unit_type"] == unit_type]
            if provinces_hint:
                news = [w for w in news if w["province"] in provinces_hint] or news
            if len(news) == 1:
                return {"province": news[0]["province"], "post_2025": dict(news[0])}
        return {}
    if len(candidates) > 1 and provinces_hint:
        narrowed = [c for c in candidates if c["province"] in provinces_hint]
        if narrowed:
            candidates = narrowed
        in_district = [c for c in candidates if "ward" in c and f"{c['district']}|{c['province']}" in provinces_hint]
        if in_district:
            candidates = in_district
    if len(candidates) != 1:
        provinces = {c["province"] for c in candidates}
        return {"province": provinces.pop()} if len(provinces) == 1 else {"candidates": len(candidates)}
    unit = dict(candidates[0])
    unit.pop("unit_type", None)
    return unit


@dataclass
class PlaceMention:
    start: int
    end: int
    unit_type: str
    level: str
    name: str | None


# Units that are numbered ("ấp 3", "phường 1", "Quận 5"); a number after "tỉnh"/"huyện"/"xã" is a count.
# Village-level units (level "ap" in place_types.tsv: ấp, thôn, bản, buôn, bon, plei …) and the units
# whose name may be a number ("quận 8", "phường 5", "ấp 3", "thôn 2").
VILLAGE_TYPES = tuple(dict.fromkeys(unit for unit, level in PLACE_TYPES.values() if level == "ap"))
NUMBERED = frozenset({"quan", "phuong", *VILLAGE_TYPES})
# Capitalised village words mid-sentence usually begin a proper name ("thác Bản Giốc",
# "chùa Làng Mới"); "Huyện Tháp Mười", "Xã Mỹ Hòa" mid-sentence are still places.
_MID_SENTENCE_WEAK = frozenset({"Bản", "Làng", "Sóc", "Buôn", "Thôn", "Ấp", "Khóm"})


# Unit words that also end common compounds: "văn bản", "nông thôn", "chăm sóc", "dân làng".
_COMPOUND_BEFORE = {
    "bản": {"văn", "cơ", "căn", "phiên", "nguyên", "kịch", "tái", "xuất", "phát", "bài", "nhật", "hồ", "đĩa",
            "biên", "dự", "tài", "sách", "kí", "ký", "phó", "chính", "hai", "ba", "bốn", "nhiều", "các", "những"},
    "thôn": {"nông"}, "xã": {"tác"}, "đình": {"gia", "triều"}, "sóc": {"chăm", "săn"}, "làng": {"dân", "già"}, "buôn": {"đi", "nghề"}, "ấp": {"ôm"},
}
# The patterns anchored at the end of a window ("... $") are searched from the end ("(?r)"): a
# forward search tried every place of the window in turn. Both find the same match, its words
# fixed by the spaces and each taken whole (tests/test_scan_memos.py checks the two directions).
_WORD_BEFORE = regex.compile(r"(?r)(\p{L}+) $")
_PLURAL_BEFORE = regex.compile(r"(?<![\p{L}])(?:[Cc]ác|[Nn]hững|[Nn]hiều|[Mm]ọi|[Mm]ột số|[Cc]ả) $")
# A count before a unit word and a list after its first name ("hai phường Vĩnh Hải, Phước Long",
# "ba tỉnh Bến Tre, Trà Vinh và Vĩnh Long"): a class of units like "các xã …" (not "năm", a year).
_COUNT_BEFORE = regex.compile(r"(?<![\p{L}\d/.,-])(?:[Hh]ai|[Bb]a|[Bb]ốn|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Mm]ười|\d{1,3}) $")


def _compound(text: str, start: int, word: str) -> bool:
    before = _COMPOUND_BEFORE.get(word.lower())
    if not before:
        return False
    m = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return bool(m and m.group(1).lower() in before)


def _mid_sentence_capital(text: str, start: int, word: str, name: str, unit_type: str) -> bool:
    """True for "… thác Bản Giốc", "Chính trị - Xã Hội", "của TP. Đến nay": a unit word that does
    not introduce a place. A capitalised village word inside a sentence begins a proper name;
    other capitalised or dotted unit words ("Huyện", "TP.") count only before a known unit name
    (after "TP." the capital may just begin the next sentence)."""
    if name[0].isdigit() or not word[0].isupper():
        return False
    before = text[max(0, start - 3):start]
    sentence_start = (not before.strip() or before.endswith("\n") or before[-2:-1] in ".!?:;(“\"" or before[-1] in "(“\""
                      or before in ("\n- ", "\n– "))
    if word.endswith("."):
        return gazetteer().longest_known_prefix(name, unit_type) is None
    if sentence_start:
        return False
    if word in _MID_SENTENCE_WEAK:
        return True
    return gazetteer().longest_known_prefix(name, unit_type) is None


def place_after(text: str, pos: int, *, bare: bool) -> PlaceMention | None:
    """A place written right at ``pos`` (after a body's name): " huyện Tháp Mười", " tỉnh", " ấp 3".

    With ``bare`` a known unit name without a unit word also counts ("Huyện ủy Tháp Mười").
    The span starts after the space.
    """
    if not text.startswith(" ", pos):
        return None
    m = _PLACE_RE.match(text, pos + 1)
    if m:
        word = m.group("word")
        unit_type, level = place_type(word)
        name = m.group("name")
        end = m.end()
        if name and name[0].isdigit() and unit_type not in NUMBERED:
            name, end = None, m.end("word")
        if name and word.endswith(".") and gazetteer().longest_known_prefix(name, unit_type) is None:
            name, end = None, m.end("word")  # "UBND TP. Đến nay": the capital starts a sentence
        if name and not name[0].isdigit():
            name = trim_name(name, unit_type) or None
            end = m.start("name") + len(name) if name else m.end("word")
        if unit_type == "thanh_pho":
            short = None if name else _city_short_name(text, m.end("word"))
            if short:
                return PlaceMention(m.start(), short[0], unit_type, "tinh", short[1])
            level = "tinh" if name and name in gazetteer().provinces and name not in gazetteer().districts else "huyen"
        return PlaceMention(m.start(), end, unit_type, level, name)
    if bare:
        m = _CAP_RUN_RE.match(text, pos + 1)
        if m:
            known = gazetteer().longest_known_prefix(m.group(0))
            if known:
                g = gazetteer()
                level = "tinh" if known in g.provinces or known in g.new_provinces else "huyen" if known in g.districts else "xa"
                return PlaceMention(m.start(), m.start() + len(known), "", level, known)
    return None


@lru_cache(maxsize=1)
def _city_short_names() -> tuple[regex.Pattern, dict[str, str]]:
    names = {row["short"]: row["name"] for row in table("city_short_names.tsv")}
    return regex.compile(rf"(?:\. ?| )(?P<short>{alternation(names)})(?![\p{{L}}\d])"), names


def _city_short_name(text: str, pos: int) -> tuple[int, str] | None:
    """Where a city's short name written after its unit word ends, and the name it stands for:
    "TP HCM", "TP.HCM", "TP. HCM" (resources/entities/city_short_names.tsv)."""
    pattern, names = _city_short_names()
    m = pattern.match(text, pos)
    return (m.end(), names[m.group("short")]) if m else None


def trim_name(run: str, unit_type: str | None = None) -> str:
    """Cut a run of capitalised syllables to the place name it starts with ("" if it names no place).

    "Mỹ Hòa Nguyễn Văn Tâm" (a commune followed by its chairman's name) -> "Mỹ Hòa"; "Lê Thanh
    Hải" after "UBND TP" is the chairman himself, although a commune in Hà Nội is called Lê
    Thanh: a run that starts with a family name and is only partly a commune's name is a person.

    >>> trim_name("Đồng Tháp Nguyễn Văn A"), trim_name("Lê Thanh Hải"), trim_name("Hậu Mỹ Bắc A")
    ('Đồng Tháp', '', 'Hậu Mỹ Bắc A')
    """
    g = gazetteer()
    run = run.replace(" – ", " - ")
    known = g.longest_known_prefix(run, unit_type)
    if " - " in run and not (known and " - " in known):
        run = run.split(" - ")[0]  # a dash joins two names only in a unit's official name
        known = g.longest_known_prefix(run, unit_type)
    parts = run.split(" ")
    surname_first = parts[0] in _surnames()
    if known:
        n = len(known.split(" "))
        if n == len(parts):
            return known
        major = known in g.provinces or known in g.new_provinces or known in g.districts
        if surname_first and not major and 3 <= len(parts) <= 4:
            return ""
        if len(parts) - n == 1 and len(parts) <= 3:
            return run  # "xã Lâm Hà": one syllable more than a known name is still the name
        return known
    if surname_first and len(parts) >= 3:
        return ""  # "UBND tỉnh Trần Trí Quang": the run is the chairman's name, not the province's
    for i in range(1, len(parts)):
        if parts[i] in _surnames() and len(parts) - i >= 2:
            return " ".join(parts[:i])
    return " ".join(parts[:4])


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(words("surnames.txt"))


# Bare province names ("tại Đồng Tháp"), matched only as whole capitalised runs.
_NOT_BARE = {"Hồ Chí Minh", "Việt Nam"}
_CITY_BEFORE = regex.compile(r"(?:[Tt]hành phố|TP\.?) $")


@lru_cache(maxsize=1)
def _bare_province_re() -> regex.Pattern:
    g = gazetteer()
    names = [n for n in set(g.provinces) | set(g.new_provinces) if len(n.split(" ")) >= 2 and n != "Hồ Chí Minh"]
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(names + ['Việt Nam'])})(?! ?\p{{Lu}})(?![\p{{L}}\d])")


@lru_cache(maxsize=1)
def _place_scans():
    """``finditer`` of _PLACE_RE and of the bare province names, tried only where a unit word or
    a province's first syllable starts (:func:`~vnpolicy.entities.lexicon.tried_where_words_start`):
    the same matches, cheaper than regex's scan of the alternations from every character."""
    g = gazetteer()
    provinces = [n for n in set(g.provinces) | set(g.new_provinces) if len(n.split(" ")) >= 2] + ["Việt Nam"]
    return (tried_where_words_start(_PLACE_RE, [w.split(" ")[0] for w in with_capital(PLACE_TYPES)]),
            tried_where_words_start(_bare_province_re(), [n.split(" ")[0] for n in provinces]))


def find_places(text: str, reference_date: str | None = None, provinces_hint: set[str] | None = None) -> list[Entity]:
    """LOC candidates: a unit word with its name ("huyện Tháp Mười", "ấp 3"), or a bare province.

    A unit word alone ("toàn huyện", "các xã") is not a place; "thành phố" needs a name.
    """
    after_2025 = bool(reference_date and reference_date[:10] >= "2025-07-01")
    hint = provinces_hint if provinces_hint is not None else provinces_in(text)
    out: list[Entity] = []
    place_words, bare_provinces = _place_scans()
    introduced: list[Entity] = []  # the first unit of each list introduced after a class
    for m in place_words(text):
        if introduced and m.start() < introduced[-1].start:
            continue  # "các huyện miền núi | Mường Lát": "núi" describes the class, it names no mountain
        name = m.group("name")
        if not name:
            units = _introduced_list(text, m.end("word"), m.start(), m.group("word"), hint, after_2025)
            if units:
                out += units
                introduced.append(units[0])
            continue
        word = m.group("word")
        unit_type, level = place_type(word)
        end = m.end()
        if not name[0].isdigit():
            name = trim_name(name, unit_type)
            if not name:
                continue
            end = m.start("name") + len(name)
            numbered = _NAME_NUMBER.match(text, end) if unit_type in NUMBERED or unit_type == "xa" else None
            if numbered and end == m.end():  # "ấp Thuận Phú 2", "xã Sơn Kim 1": the number is part of the name
                name += numbered.group(0)
                end = numbered.end()
        elif unit_type not in NUMBERED:
            continue  # "xã 3", "tỉnh 2": a count, not a name
        if _mid_sentence_capital(text, m.start(), word, name, unit_type):
            continue
        if _compound(text, m.start(), word) and not (
                _PLURAL_BEFORE.search(text, max(0, m.start() - 12), m.start()) and _LIST_NEXT.match(text, end)):
            continue  # "các bản kế hoạch" are copies, but "các bản Nà Ka, Pa Khen" are villages
        if _PLURAL_BEFORE.search(text, max(0, m.start() - 12), m.start()) or (
                _COUNT_BEFORE.search(text, max(0, m.start() - 8), m.start()) and _LIST_NEXT.match(text, end)):
            # "các xã Kỳ Sơn, An Sơn và Phù Ninh": a class of units; each named unit is a place of its own.
            known = unit_type not in VILLAGE_TYPES and gazetteer().longest_known_prefix(name, unit_type) == name
            listed = _LIST_NEXT.match(text, end) is not None  # "các thôn Pạc Bo, Sả Chải": a list of units
            if not name[0].isdigit() and (known or (listed and _unit_like(name, unit_type))):
                start = m.start("name")
                out.append(_unit(text, start, end, unit_type, name, hint, after_2025))
                out += _listed_units(text, end, unit_type, hint, after_2025, plural=True)
            continue
        out.append(_unit(text, m.start(), end, unit_type, name, hint, after_2025))
        if not name[0].isdigit():
            out += _listed_units(text, end, unit_type, hint, after_2025)
    for m in bare_provinces(text):
        name = m.group(0)
        before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if before and before.group(1)[0].isupper() and before.group(1) not in _prepositions():
            continue  # "Thủ đô Hà Nội", "Mặt trận Tổ quốc Việt Nam": the end of a longer name
        if name in _NOT_BARE and not (before and before.group(1) in _prepositions()):
            continue  # "nông thôn Việt Nam" describes; "của Việt Nam", "tại Việt Nam" place
        if name == "Việt Nam":
            out.append(Entity("LOC", name, m.start(), m.end(), {"unit_type": "quoc_gia", "name": name}))
            continue
        attrs = {"unit_type": "tinh", "name": name, **link("tinh", name, hint, after_2025=after_2025)}
        out.append(Entity("LOC", name, m.start(), m.end(), attrs))
    out += [site for site in find_sites(text)
            if not any(site.start < e.start and site.end == e.end for e in introduced)]  # "miền | núi Mường Lát"
    out += find_world_places(text)
    out += _short_units(text, hint, after_2025)
    if "(" in text:
        out += find_units_before_their_district(text)
    return out


# "Tá Bạ (huyện Mường Tè)", "Xuân Thọ, Tà Nung (TP. Đà Lạt) và Tu Tra (huyện Đơn Dương)": communes
# named bare, then their district in brackets. Each name the gazetteer lists as a commune or ward
# of that district is a place (the portal sets' annotators mark them all; the model read some as
# people or bodies); a name it does not list there ends the run.
_DISTRICT_IN_BRACKETS = regex.compile(
    rf" \((?:huyện|thị xã|thành phố|TP\.?|quận|H\.) ?(?P<district>{CAP}(?: {CAP}){{0,3}})\)")
_BARE_NAME_BEFORE = regex.compile(rf"(?<![\p{{L}}\d])(?P<name>{CAP}(?: {CAP}){{0,3}})$")


def find_units_before_their_district(text: str) -> list[Entity]:
    """LOC candidates: the communes or wards named bare before their district in brackets."""
    g = gazetteer()
    out: list[Entity] = []
    for m in _DISTRICT_IN_BRACKETS.finditer(text):
        district = m.group("district")
        end = m.start()
        while (run := _BARE_NAME_BEFORE.search(text, max(0, end - 60), end)) is not None:
            words = run.group("name").split(" ")
            # the longest tail of the run the gazetteer lists in that district ("ở | Thu Lũm", "ông Lò | …")
            found = next(((" ".join(words[k:]), unit) for k in range(len(words))
                          for unit in g.wards.get(" ".join(words[k:]), []) if _strip_type(unit["district"]) == district),
                         None)
            if found is None:
                break
            name, unit = found
            start = end - len(name)
            attrs = {"unit_type": unit["unit_type"], "name": name, "before_its_district": True,
                     **{k: v for k, v in unit.items() if k != "unit_type"}}
            out.append(Entity("LOC", name, start, end, attrs))
            sep = next((x for x in (", ", " và ") if text.startswith(x, start - len(x))), None)
            if sep is None:
                break
            end = start - len(sep)
    return out


# "Q.3", "Q. 10", "P.14", "Q.Phú Nhuận", "H. Củ Chi": the abbreviated unit words of city news,
# glued to a number or to a known district's name.
_SHORT_UNIT = regex.compile(rf"(?<![\p{{L}}\d.])(?P<word>[QPH])\. ?(?:(?P<num>\d{{1,2}})(?![\d/.,:-]?\d)|(?P<name>{CAP}(?: {CAP}){{0,2}}))(?![\p{{L}}\d])")
_SHORT_TYPES = {"Q": ("quan", True), "P": ("phuong", False), "H": ("huyen", False)}


@lru_cache(maxsize=1)
def _district_after() -> regex.Pattern:
    """A place word ("ngụ", "tại", "ở") and a run of two or three capitalised syllables after it."""
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alternation(_prepositions())}) (?P<name>{CAP}(?: {CAP}){{1,2}})(?! ?\p{{Lu}})(?![\p{{L}}\d])")


@lru_cache(maxsize=1)
def _district_after_finditer():
    """``_district_after().finditer``, tried only where a place word starts (same matches, cheaper)."""
    return tried_where_words_start(_district_after(), [w.split(" ")[0] for w in _prepositions()],
                                   words_then(_prepositions(), " " + maybe_capital()))


def _short_units(text: str, hint: set[str], after_2025: bool) -> list[Entity]:
    """Abbreviated units ("Q.3", "P.14", "H. Củ Chi") and districts named bare after a place word
    ("ngụ Bình Thạnh", "tại Hóc Môn"): only numbers for Q./P. and names the gazetteer knows as districts."""
    g = gazetteer()
    out = []
    for m in _SHORT_UNIT.finditer(text):
        unit_type, names_ok = _SHORT_TYPES[m.group("word")]
        name = m.group("num") or m.group("name")
        if m.group("name") and (unit_type == "phuong" or name not in g.districts):
            continue  # "P. Rauhofer", "H. Nguyễn": initials
        if m.group("num") and unit_type == "huyen":
            continue
        out.append(_unit(text, m.start(), m.end(), unit_type, name, hint, after_2025))
    for m in _district_after_finditer()(text):
        name = m.group("name")
        if name in g.districts and name not in g.provinces:
            out.append(_unit(text, m.start("name"), m.end(), g.districts[name][0]["unit_type"] or "huyen", name, hint, after_2025))
    return out


@lru_cache(maxsize=1)
def _world() -> tuple[dict[str, tuple[str, bool]], dict[str, tuple[str, ...]], frozenset[str], frozenset[str]]:
    """world_places.tsv as name -> (unit_type, guarded); the names by their first letter run (longest
    first), so a text is scanned word by word rather than against one long alternation; the cue
    and the block words."""
    rows = {r["name"]: (r["unit_type"], r["guard"] == "cue") for r in table("world_places.tsv")}
    by_first: dict[str, list[str]] = {}
    for name in sorted(rows, key=len, reverse=True):
        by_first.setdefault(_LETTERS.match(name).group(0), []).append(name)
    cues = (_prepositions() - {"và", "với", "cho", "toàn", "khắp"}) | frozenset(words("world_place_cues.txt"))
    blocks = (frozenset(words("world_place_blocks.txt")) | frozenset(words("person_triggers.txt"))
              | frozenset(words("person_professions.txt")))
    return rows, {k: tuple(v) for k, v in by_first.items()}, cues, blocks


_LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_WORD_START = regex.compile(r"(?<![\p{L}\p{M}\d.])[\p{L}\p{M}]+")
_WORLD_END = regex.compile(r"(?! ?\p{Lu})(?![\p{L}\d]|\.\p{L})")


@lru_cache(maxsize=1)
def _world_words():
    """``_WORD_START.finditer``, tried only where a first letter run of a world place starts (same
    words wherever one can be a key of ``by_first``, several times cheaper)."""
    return tried_where_words_start(_WORD_START, _world()[1])


def _world_matches(text: str) -> list[tuple[int, int]]:
    """Spans of world_places.tsv names standing alone: not glued to letters, nothing capitalised after."""
    _, by_first, _, _ = _world()
    out = []
    for w in _world_words()(text):
        for name in by_first.get(w.group(0), ()):
            end = w.start() + len(name)
            if text.startswith(name, w.start()) and _WORLD_END.match(text, end):
                out.append((w.start(), end))
                break
    return out


@lru_cache(maxsize=1)
def _body_head_re() -> regex.Pattern:
    """A head of a body or team: the world-place blocks, the names of orgs.tsv, the heads of open_org_heads.tsv."""
    heads = {w for w in words("world_place_blocks.txt") if w.lower() not in ("tiếng", "môn")}
    heads |= {r["name"] for r in table("orgs.tsv")} | {r["head"] for r in table("open_org_heads.tsv")}
    return regex.compile(rf"(?:^| )(?:{alternation(heads)}) ")


_WINDOW = regex.compile(r"(?r)(?:[\p{L}\d][\p{L}\d.-]* ){1,4}$")  # from the end, as _WORD_BEFORE


@lru_cache(maxsize=1)
def world_place_names() -> frozenset[str]:
    """The names of world_places.tsv ("Mỹ", "Hàn Quốc", "châu Âu"): person.py keeps them out of names."""
    return frozenset(_world()[0])


def is_place_name(name: str) -> bool:
    """Is ``name`` a unit of the gazetteer, before or after 2025, or a world place ("TPHCM", "VN",
    "Mỹ")? An acronym after a dash or before a dateline that is one is a place, no body's code."""
    return name in gazetteer().names or name in world_place_names()


def _inside_body_name(text: str, start: int) -> bool:
    """"Đại sứ quán Mỹ", "Ủy ban châu Âu", "đội tuyển U23 VN": a body's or team's head in the four
    words before, after the last preposition ("Trung Quốc và Ấn Độ" is a list, not a name)."""
    m = _WINDOW.search(text, max(0, start - 48), start)
    if not m:
        return False
    parts = m.group(0).split()
    stops = _prepositions() | _world()[2]
    cut = max((i + 1 for i, w in enumerate(parts) if w in stops), default=0)
    return bool(_body_head_re().search(" ".join(parts[cut:]) + " "))


_TWO_WORDS_BEFORE = regex.compile(r"(?r)(\p{L}+) (\p{L}+) $")  # from the end, as _WORD_BEFORE
_LIST_GAP = regex.compile(r"(?:, | và | hay | hoặc | với | - | – )")


def find_world_places(text: str) -> list[Entity]:
    """Countries, continents, regions and big cities named bare in running text ("Mỹ", "châu Âu", "TP.HCM").

    A whole capitalised run only: "Mỹ Tho" and "Thủ đô Hà Nội" are not matched here; a name after a
    capitalised word that is not a preposition ends a longer name. A guarded name ("Anh", "Đức")
    needs a place cue before it ("nước Đức", "tại Anh") or a listed neighbour ("Mỹ, Anh và Pháp");
    after a form of address or "tiếng" it is never a place ("anh Đức", "tiếng Anh").
    """
    rows, _, cues, blocks = _world()
    found: list[tuple[tuple[int, int], bool]] = []
    for start, end in _world_matches(text):
        name = text[start:end]
        before = _WORD_BEFORE.search(text, max(0, start - 14), start)
        word = before.group(1) if before else ""
        two = _TWO_WORDS_BEFORE.search(text, max(0, start - 24), start)
        if word in blocks or (two and f"{two.group(1)} {two.group(2)}" in blocks):
            continue
        if word and word[0].isupper() and word not in _prepositions() and word not in cues:
            continue  # "Hội Nông dân Việt Nam", "Ngọc Anh": the end of a longer name
        if _inside_body_name(text, start):
            continue
        guarded = rows[name][1]
        ok = not guarded or word in cues or (two is not None and f"{two.group(1)} {two.group(2)}" in cues)
        found.append(((start, end), ok))
    # A guarded name beside an accepted one in a list counts too ("Mỹ, Anh, Pháp"), both ways: one
    # sweep to the right and one to the left carry the acceptance along a whole list.
    for order in (range(1, len(found)), range(len(found) - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            if found[i][1] or not found[j][1]:
                continue
            a, b = (found[j][0], found[i][0]) if j < i else (found[i][0], found[j][0])
            if _LIST_GAP.fullmatch(text, a[1], b[0]):
                found[i] = (found[i][0], True)
    out = []
    for (start, end), ok in found:
        if ok and (start == 0 or text[start - 1] != "-"):
            name = text[start:end]
            out.append(Entity("LOC", name, start, end, {"unit_type": rows[name][0], "name": name}))
    return out


_LIST_NEXT = regex.compile(rf"(?:, | và | - )(?P<name>{CAP_RUN}){_AFTER_NAME}")


def _unit(text: str, start: int, end: int, unit_type: str, name: str, hint: set[str], after_2025: bool) -> Entity:
    attrs: dict = {"unit_type": unit_type, "name": name}
    if unit_type not in VILLAGE_TYPES:
        attrs.update(link(unit_type, name, hint, after_2025=after_2025))
    return Entity("LOC", text[start:end], start, end, attrs)


def _listed_units(text: str, pos: int, unit_type: str, hint: set[str], after_2025: bool, *,
                  plural: bool = False) -> list[Entity]:
    """The names listed after a unit without repeating its word: "xã Kỳ Sơn, An Sơn và Phù Ninh".

    Only whole runs that the gazetteer knows at that level count, so "xã Mỹ Hòa, Nguyễn Văn A" stops.
    After a plural unit word ("các xã Hải Đông, Hải Lý", "các thôn Pạc Bo, Sả Chải") the text
    itself says a list of units follows: any short capitalised run counts there, villages too (the
    gazetteer lists no villages and misses many merged communes), unless it reads as a person.
    """
    out = []
    g = gazetteer()
    while (m := _LIST_NEXT.match(text, pos)) and (plural or unit_type not in VILLAGE_TYPES):
        name, end = m.group("name"), m.end("name")
        known = unit_type not in VILLAGE_TYPES and g.longest_known_prefix(name, unit_type) == name
        if not known and not (plural and _unit_like(name, unit_type, listed=True)):
            break
        numbered = _NAME_NUMBER.match(text, end) if unit_type in NUMBERED or unit_type == "xa" else None
        if numbered:  # "các xã Sơn Kim 1, Sơn Kim 2"
            name, end = name + numbered.group(0), numbered.end()
        out.append(_unit(text, m.start("name"), end, unit_type, name, hint, after_2025))
        pos = end
    return out


# A counted class of units and the list it introduces: "tại 8 xã như Pú Nhung, Ta Ma, Phình Sáng".
_COUNTED_BEFORE = regex.compile(r"(?<![\p{L}])(?:[Cc]ác|[Nn]hững|[Nn]hiều|[Mm]ột số|\d+|hai|ba|bốn|sáu|bảy|tám|chín|mười) $")


@lru_cache(maxsize=1)
def _introduced() -> regex.Pattern:
    """What introduces the list after a counted unit word: "như", "gồm", a colon, or a word that
    describes the class ("các xã biên giới Lìa, Tân Lập", "các huyện miền núi Mường Lát, Quan
    Sơn": ``place_list_descriptors.txt``), or both."""
    described = alternation(words("place_list_descriptors.txt"))
    return regex.compile(rf"(?:(?: (?:{described}))(?: như| là| gồm| gồm có|:)?|(?: như| là| gồm| gồm có|:))"
                         rf" (?P<name>{CAP_RUN}){_AFTER_NAME}")


def _introduced_list(text: str, pos: int, word_start: int, word: str, hint: set[str], after_2025: bool) -> list[Entity]:
    """The units a counted unit word introduces ("8 xã như Pú Nhung, Ta Ma, Phình Sáng", "các thôn
    gồm Nà Lừa, Bản Mới"): each is a place, as after "các xã A, B"; two names at least, so a
    single capitalised word after "như" is not taken on trust."""
    if not _COUNTED_BEFORE.search(text, max(0, word_start - 8), word_start):
        return []
    m = _introduced().match(text, pos)
    unit_type = place_type(word)[0]
    if not m or not _unit_like(m.group("name"), unit_type):
        return []
    first = _unit(text, m.start("name"), m.end("name"), unit_type, m.group("name"), hint, after_2025)
    rest = _listed_units(text, m.end("name"), unit_type, hint, after_2025, plural=True)
    return [first, *rest] if rest else []


def _unit_like(name: str, unit_type: str, *, listed: bool = False) -> bool:
    """May a capitalised run listed after a plural unit word be one of those units? Below the
    province (the gazetteer knows every province, so "các tỉnh Tây Nguyên" names a region), one to
    three syllables, not a family name followed by two more (a person: "Nguyễn Văn An"), not a
    body's head ("UBND", "Hội"). ``listed``: a later item of a list of villages, where a
    family-name start is a village's ("các bản Nậm Ngập, Hồ Sì Pan, Tả Phìn")."""
    from vnpolicy.entities.org import match_open_org, match_org

    if unit_type in ("tinh", "thanh_pho", "quoc_gia", "vung"):
        return False
    parts = name.split(" ")
    if len(parts) > 3 or any(p.isupper() and len(p) > 1 for p in parts):
        return False
    if len(parts) == 3 and parts[0] in _surnames() and not (listed and unit_type in VILLAGE_TYPES):
        return False
    return not match_org(name, 0) and not match_open_org(name, 0)


@lru_cache(maxsize=1)
def _prepositions() -> frozenset[str]:
    return frozenset(words("place_prepositions.txt"))


@lru_cache(maxsize=1)
def _sites() -> tuple[dict[str, str], regex.Pattern]:
    kinds = {row["word"]: row["site_type"] for row in table("site_words.tsv")}
    described = alternation(words("site_descriptors.txt"))  # "Khu di tích | lịch sử | Kim Liên"
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?P<word>{alternation(kinds)})(?: (?:{described}))? (?P<name>(?:(?:ông|bà|Ông|Bà) )?{CAP_RUN}"
                            rf"(?: \d{{1,3}})?|\d{{1,3}}[A-Z]?){_AFTER_NAME}")
    return kinds, pattern


@lru_cache(maxsize=1)
def site_types() -> frozenset[str]:
    """The ``unit_type`` values of named sites (:func:`find_sites`): "den", "chua", "khu_cong_nghiep" …"""
    return frozenset(_sites()[0].values())


@lru_cache(maxsize=1)
def _site_matches():
    """The site pattern's ``finditer``, tried only where a site word starts: same matches, cheaper."""
    kinds, pattern = _sites()
    return tried_where_words_start(pattern, [w.split(" ")[0] for w in kinds])


def find_sites(text: str) -> list[Entity]:
    """Named places that are not units: "Khu công nghiệp Phú Đa", "Đền ông Hoàng Mười", "Quốc lộ 1A"."""
    kinds, _ = _sites()
    out = []
    for m in _site_matches()(text):
        kind = kinds[m.group("word")]
        if m.group("name")[0].isdigit() and kind not in ("quoc_lo", "tinh_lo"):
            continue
        if _compound(text, m.start(), m.group("word")):
            continue  # "Hộ gia đình Lò Văn Pọm": a family, not a communal house
        out.append(Entity("LOC", m.group(0), m.start(), m.end(), {"unit_type": kind, "name": m.group("name")}))
    return out


@lru_cache(maxsize=1)
def _name_firsts() -> frozenset[str]:
    """The first words of the gazetteer's province and district names of two words or more: only
    where one of them starts can :func:`provinces_in` find a name in a run of capitals (its other
    words' places try every length down to two and match none), so it looks only there."""
    g = gazetteer()
    return frozenset(name.split(" ")[0] for name in (*g.provinces, *g.districts) if " " in name)


def provinces_in(text: str) -> set[str]:
    """Legacy provinces the article names ("tỉnh Đồng Tháp", "Tỉnh ủy Đồng Tháp", "Tháp Mười" when unique),
    plus its districts as "Huyện X|Tỉnh Y".

    Used to pick between homonymous units. Cheap: one regex pass plus dictionary look-ups.
    """
    g = gazetteer()
    firsts = _name_firsts()
    found: set[str] = set()
    districts: list[list[dict]] = []
    for m in _CAP_RUN_RE.finditer(text):
        run = m.group(0)
        parts = run.split(" ")
        for i in range(len(parts) - 1):
            if parts[i] not in firsts:
                continue  # no province or district of two words or more starts here
            for n in range(min(len(parts) - i, g.max_words), 1, -1):
                name = " ".join(parts[i:i + n])
                if name in _NOT_BARE and not (i == 0 and _CITY_BEFORE.search(text, max(0, m.start() - 10), m.start())):
                    continue  # "phong cách Hồ Chí Minh" names no city
                if name in g.provinces:
                    found.update(u["province"] for u in g.provinces[name])
                    break
                units = g.districts.get(name)
                if units:
                    districts.append(units)
                    if len({u["province"] for u in units}) == 1:
                        found.add(units[0]["province"])
                    break
    # Districts named in the article, as "Huyện X|Tỉnh Y", where their province is known.
    for units in districts:
        for u in units:
            if u["province"] in found or len(units) == 1:
                found.add(f"{u['district']}|{u['province']}")
    return found
