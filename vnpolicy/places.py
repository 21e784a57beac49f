"""The article's own place, and the generic bodies it names resolved to it.

Portal news says "UBND huyện", "Ban Thường vụ Huyện ủy" or "Đảng ủy xã" and leaves the unit to
the reader: the article is about one district and commune. This module finds that place from
what the article says (the province, district and commune of its LOC entities and of the
bodies named with a place, its byline, and ``meta["url"]``/``meta["site"]`` when the reader
kept them) and writes it on the Document (``meta["province"]``, ``meta["district"]``,
``meta["ward"]``) and on each generic body: ``resolved_name`` ("UBND huyện Tháp Mười"),
``province``, ``district`` (``ward`` for a commune body), ``post_2025`` (the unit after the 2025
merger, from ``vietnamadminunits`` via :mod:`vnpolicy.entities.place`) and a corrected
``level`` ("UBND thành phố" in Cần Thơ is the city, level tinh). Nothing is guessed when the
article names two districts equally often. It reads entities; it finds none.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from vnpolicy.document import Document, Entity
from vnpolicy.orthography import remove_diacritics

_TYPE_WORDS = ("Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Thị trấn ", "Xã ", "Phường ", "Đặc khu ")


@lru_cache(maxsize=1)
def generic_endings() -> tuple[tuple[str, str], ...]:
    """``(ending, level)`` of body names that leave their unit unsaid, longest first."""
    from vnpolicy.resources import read_table

    rows = [(row["ending"], row["level"]) for row in read_table("places", "generic_bodies.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def short_name(unit: str) -> str:
    """A unit without its type word: "Huyện Tháp Mười" → "Tháp Mười".

    >>> short_name("Huyện Tháp Mười"), short_name("Thành phố Cần Thơ"), short_name("Xã Mỹ An")
    ('Tháp Mười', 'Cần Thơ', 'Mỹ An')
    """
    for word in _TYPE_WORDS:
        if unit.startswith(word):
            return unit[len(word):]
    return unit


def _generic_level(name: str) -> tuple[str, str] | None:
    """``(ending, level)`` when ``name`` ends with a unit left unsaid ("UBND huyện")."""
    for ending, level in generic_endings():
        if name.endswith(ending) and (len(name) == len(ending) or name[-len(ending) - 1] == " "):
            return ending, level
    return None


def _fold(text: str) -> str:
    """Lower case without diacritics or spaces, for matching url host names: "Tháp Mười" → "thapmuoi"."""
    return re.sub(r"[^a-z0-9]", "", remove_diacritics(text).lower())


def _url_votes(meta: dict[str, Any], provinces: Counter, districts: Counter) -> None:
    """A portal's host names its unit: thapmuoi.dongthap.gov.vn. Only known names count."""
    host = " ".join(str(meta.get(k) or "") for k in ("url", "site")).lower()
    labels = set(re.findall(r"[a-z0-9]+", re.sub(r"^[a-z]+://", "", host).split("/")[0]))
    if not labels:
        return
    from vnpolicy.entities.place import gazetteer

    g = gazetteer()
    for name, units in g.provinces.items():
        if _fold(name) in labels:
            for unit in units:
                provinces[unit["province"]] += 2
    for name, units in g.districts.items():
        if _fold(name) in labels:
            for unit in units:
                if _fold(short_name(unit["province"])) in labels:  # both in the host: no homonym doubt
                    districts[(unit["province"], unit["district"])] += 2


def _names_its_unit(e: Entity) -> bool:
    """Whether a body's name carries its unit's name ("Huyện ủy Tháp Mười", not "UBND thành phố")."""
    place = e.attrs.get("place")
    if not isinstance(place, str) or not place.strip():
        return False
    bare = place.strip().lower()
    return not any(bare == ending.lower() for ending, _ in generic_endings())


def _org_place(e: Entity, hint: set[str]) -> dict[str, Any]:
    """The unit named inside a body's name ("Huyện ủy Tháp Mười", "UBND xã Mỹ An")."""
    place = e.attrs.get("place")
    if not isinstance(place, str) or not _names_its_unit(e):
        return {}
    from vnpolicy.entities.place import link, place_type

    parts = place.split(" ")
    for n_words in (2, 1):  # "thị xã Sa Đéc", "thành phố Cao Lãnh" before "huyện Tháp Mười"
        word, name = " ".join(parts[:n_words]), " ".join(parts[n_words:])
        try:
            unit_type, _ = place_type(word)
        except KeyError:
            continue
        return link(unit_type, name, hint) if name else {}
    # No unit word: the body's own level says it ("Huyện ủy Quỳnh Lưu", "Tỉnh ủy Nghệ An").
    level_type = {"tinh": "tinh", "huyen": "huyen", "xa": "xa"}.get(str(e.attrs.get("level")))
    return link(level_type, place, hint) if level_type else {}


def article_place(doc: Document) -> dict[str, Any]:
    """The article's province, district and commune (``ward``), by votes of what it names."""
    provinces: Counter = Counter()
    districts: Counter = Counter()
    wards: Counter = Counter()
    units: dict[str, dict[str, Any]] = {}
    hint = {str(e.attrs["province"]) for e in doc.entities if e.label == "LOC" and e.attrs.get("province")}
    for e in doc.entities:
        if e.label == "LOC":
            unit = e.attrs
        elif e.label == "ORG":
            unit = _org_place(e, hint) or ({"province": e.attrs["province"]} if e.attrs.get("province") else {})
        else:
            continue
        province = unit.get("province")
        if not isinstance(province, str) or not province:
            continue
        provinces[province] += 1
        if isinstance(unit.get("district"), str):
            districts[(province, unit["district"])] += 1
            units.setdefault(unit["district"], dict(unit) if "ward" not in unit else {})
        if isinstance(unit.get("ward"), str):
            wards[(province, unit.get("district"), unit["ward"])] += 1
            units.setdefault(unit["ward"], dict(unit))
    _byline_votes(doc, provinces, districts)
    _url_votes(doc.meta, provinces, districts)
    place: dict[str, Any] = {}
    province = _winner(provinces)
    if province is None:
        return place
    place["province"] = province
    district = _winner(Counter({d: n for (p, d), n in districts.items() if p == province}))
    if district is not None:
        place["district"] = district
        ward = _winner(Counter({w: n for (p, d, w), n in wards.items() if p == province and d == district}))
        if ward is not None:
            place["ward"] = ward
    place["_units"] = units
    return place


def _byline_votes(doc: Document, provinces: Counter, districts: Counter) -> None:
    """A byline such as "Thanh Hà (Trung tâm Chính trị huyện Tháp Mười)" names the unit."""
    from vnpolicy.entities.place import find_places

    words = " ".join(f"{a.get('name', '')} {a.get('role', '')} {a.get('source', '')}" for a in doc.authors)
    if not re.search(r"(?i)\b(huyện|quận|thị xã|thành phố|tỉnh)\b", words):
        return
    hint = set(provinces)
    for e in find_places(words, doc.date, hint):
        if e.attrs.get("province"):
            provinces[e.attrs["province"]] += 1
            if e.attrs.get("district"):
                districts[(e.attrs["province"], e.attrs["district"])] += 1


def _winner(votes: Counter) -> Any:
    """The most named, unless two tie for first place (then nothing is guessed)."""
    if not votes:
        return None
    (first, n), *rest = votes.most_common(2)
    return None if rest and rest[0][1] == n else first


def resolve_places(doc: Document) -> Document:
    """Write the article's place on ``doc.meta`` and resolve its generic bodies (see module doc).

    >>> from vnpolicy.document import Entity
    >>> text = "Ủy ban nhân dân huyện Tháp Mười họp với xã Mỹ An. UBND huyện chỉ đạo."
    >>> doc = Document(raw=text, text=text, entities=[
    ...     Entity("LOC", "xã Mỹ An", 41, 49, {"unit_type": "xa", "ward": "Xã Mỹ An", "district": "Huyện Tháp Mười",
    ...                                       "province": "Tỉnh Đồng Tháp"}),
    ...     Entity("ORG", "UBND huyện", 51, 61, {"kind": "state", "level": "huyen", "place": "huyện"})])
    >>> resolve_places(doc).entities[1].attrs["resolved_name"], doc.meta["district"]
    ('UBND huyện Tháp Mười', 'Huyện Tháp Mười')
    """
    place = article_place(doc)
    units = place.pop("_units", {})
    for key in ("province", "district", "ward"):
        if key in place:
            doc.meta[key] = place[key]
    if "province" not in place:
        return doc
    for e in doc.entities:
        if e.label == "ORG":
            _resolve_body(e, place, units)
    return doc


def _resolve_body(e: Entity, place: dict[str, Any], units: dict[str, dict[str, Any]]) -> None:
    if _names_its_unit(e):
        return
    found = _generic_level(e.text.rstrip())
    if found is None:
        return
    ending, level = found
    province, district, ward = place["province"], place.get("district"), place.get("ward")  # a province is known
    if level == "tinh_or_huyen":  # "thành phố": a district-level city, or the centrally-run city itself
        if district and district.startswith("Thành phố "):
            level = "huyen"
        elif province.startswith("Thành phố "):
            level = "tinh"
        else:
            return
    unit = {"tinh": province, "huyen": district, "xa": ward}[level]
    if not unit:
        e.attrs.setdefault("province", province)
        return
    e.attrs["resolved_name"] = f"{e.text.rstrip()} {short_name(unit)}"
    e.attrs["level"] = level
    e.attrs["province"] = province
    if level in ("huyen", "xa") and district:
        e.attrs["district"] = district
    if level == "xa":
        e.attrs["ward"] = ward
    post = (units.get(unit) or {}).get("post_2025")
    if level == "tinh" and not post:
        post = {"province": province}
    if post:
        e.attrs["post_2025"] = post
