"""Nested parts: the issuer and date inside a LEGAL_DOC, the place inside an ORG's name.

The flat list (``doc.entities``) never overlaps: "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ
tướng Chính phủ" is one LEGAL_DOC. A reader counting organizations or dates still wants "Chính
phủ" and "03/6/2020" there (the office "Thủ tướng Chính phủ" is the issuer), so this module finds them inside their holder and returns them as
entities of their own (``doc.nested``), each with ``attrs["parent"]``: the index of its holder in
the flat list. One level only: a part's own parts are not listed. Offsets point into the same text.
"""

from __future__ import annotations

from vnpolicy.document import Entity
from vnpolicy.entities.date import find_dates
from vnpolicy.entities.legal import _OFFICES
from vnpolicy.entities.org import find_open_orgs, find_orgs
from vnpolicy.entities.place import find_places
from vnpolicy.entities.resolve import resolve


def nested_entities(text: str, entities: list[Entity], reference_date: str | None = None) -> list[Entity]:
    """The parts of each flat entity, as entities linked to it by ``attrs["parent"]``.

    >>> from vnpolicy.entities import extract_entities
    >>> t = "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ"
    >>> [(e.label, e.text, e.attrs["parent"]) for e in nested_entities(t, extract_entities(t))]
    [('DATE', 'ngày 03/6/2020', 0), ('ORG', 'Thủ tướng Chính phủ', 0)]
    """
    out: list[Entity] = []
    for i, e in enumerate(entities):
        if e.label == "LEGAL_DOC":
            parts = _legal_parts(text, e, reference_date)
        elif e.label == "ORG":
            parts = _org_places(text, e, reference_date)
        else:
            continue
        for p in parts:
            p.attrs["parent"] = i
            out.append(p)
    return out


def _inside(holder: Entity, found: list[Entity], offset: int) -> list[Entity]:
    out = []
    for f in found:
        start, end = f.start + offset, f.end + offset
        if holder.start <= start and end <= holder.end and (start, end) != (holder.start, holder.end):
            out.append(Entity(f.label, holder.text[start - holder.start:end - holder.start], start, end, dict(f.attrs)))
    return out


def _legal_parts(text: str, e: Entity, reference_date: str | None) -> list[Entity]:
    span = text[e.start:e.end]
    parts = [d for d in find_dates(span, reference_date) if span[:d.start].rstrip().endswith((",", "ngày")) or
             span[d.start:].startswith("ngày")]
    of = span.find(" của ")
    if of >= 0:
        tail = span[of + 5:]
        office = _OFFICES.match(tail)  # "của Thủ tướng Chính phủ": the office is the issuer
        orgs = ([Entity("ORG", office.group(0), 0, office.end(), {"kind": "state", "office": True})] if office
                else resolve(find_orgs(tail) + find_open_orgs(tail)))
        for o in orgs:
            o.start, o.end = o.start + of + 5, o.end + of + 5
        parts += orgs
    return sorted(_inside(e, parts, e.start), key=lambda p: p.start)


def _org_places(text: str, e: Entity, reference_date: str | None) -> list[Entity]:
    place = e.attrs.get("place")
    if not place:
        return []
    at = e.text.rfind(place)
    if at <= 0:
        return []
    span = e.text[at:]
    found = [p for p in find_places(span, reference_date) if p.start == 0]
    if found:
        return _inside(e, found[:1], e.start + at)
    name = place.split(" ", 1)[-1] if " " in place else place
    if place[:1].islower() or not name[:1].isupper():
        return []  # "Sở Y tế tỉnh": a unit word alone names no place
    # "Huyện ủy Tháp Mười": a bare unit name the gazetteer knows.
    return [Entity("LOC", place, e.start + at, e.start + at + len(place), {"name": place})]
