"""Entity extraction for government and Party news: LEGAL_DOC, ORG, DATE, LOC, PER, PROGRAM
(the labels, with their priorities, colours and meanings, are registered in :mod:`vnpolicy.labels`).

One module per label family (legal, org, date, place, person, program) proposes candidates on
the normalized body text; ``resolve`` keeps a flat, non-overlapping list (longest span wins):
:func:`rule_entities`. :func:`extract_entities` gives what the default pipeline gives: the shipped
tagger deciding over those proposals (:mod:`.tagger`), or the rules alone when it is not the
default or ``model="rules"``.
Knowledge lives in ``vnpolicy/resources/entities/``. This package must not normalize or
tokenize: offsets point into exactly the text it is given.

>>> [(e.label, e.text) for e in extract_entities("Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười làm việc.")]
[('DATE', 'Ngày 19/8/2022'), ('ORG', 'Ban Thường vụ Huyện ủy Tháp Mười')]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vnpolicy.document import Entity
from vnpolicy.entities.date import find_dates
from vnpolicy.entities.legal import find_legal_docs
from vnpolicy.entities.org import find_open_orgs, find_orgs, find_outlet_codes, find_police_units
from vnpolicy.entities.person import find_people
from vnpolicy.entities.place import VILLAGE_TYPES, find_places, provinces_in
from vnpolicy.entities.program import find_programs
from vnpolicy.entities.resolve import resolve
from vnpolicy.labels import label_names, register_label
from vnpolicy.text.normalize import ODD_SPACES, tone_style_edits

if TYPE_CHECKING:
    from vnpolicy.entities.tagger import EntityTagger

# The shipped tagger (scripts/build_entity_tagger.py); used by default only when its model.json
# records that it beat the rules on every label of the dev split.
SHIPPED_TAGGER = "tagger.zip"

__all__ = ["LABELS", "default_entity_model", "entities_by", "entity_tagger", "extract_entities", "nested_entities",
           "register_label", "rule_entities"]


def __getattr__(name: str) -> tuple[str, ...]:
    """``LABELS``: the names in the label registry now, shipped and added ones."""
    if name == "LABELS":
        return label_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_entity_model() -> str:
    """The path of the shipped tagger when it is the default, else "rules"."""
    from importlib import resources

    path = resources.files("vnpolicy.resources").joinpath(f"entities/{SHIPPED_TAGGER}")
    if not path.is_file():
        return "rules"
    from vnpolicy.entities.tagger import load_tagger

    return str(path) if load_tagger(str(path)).info.get("default") else "rules"


def entity_tagger(model: str | None) -> EntityTagger | None:
    """The tagger a Pipeline's ``entity_model`` option names (None: the default), or None for the rules."""
    from vnpolicy.entities.tagger import load_tagger

    model = default_entity_model() if model is None else model
    return None if model == "rules" else load_tagger(model)


def nested_entities(text: str, entities: list[Entity], reference_date: str | None = None) -> list[Entity]:
    """The parts inside flat entities (issuer and date of a document, place of a body); see :mod:`.nested`."""
    from vnpolicy.entities.nested import nested_entities as _nested

    return _nested(text, entities, reference_date)


def extract_entities(text: str, *, reference_date: str | None = None, model: str | None = None) -> list[Entity]:
    """Entities in ``text``, in text order, offsets into ``text`` (``text[e.start:e.end] == e.text``):
    the same as the pipeline's entity step with the same ``model`` (``entity_model``).

    ``reference_date`` (ISO, usually the article's date) dates relative expressions such as
    "6 tháng đầu năm" and picks pre- or post-2025 administrative units. ``model``: None for
    the default (the shipped tagger, which decides over the rules' proposals), a tagger file
    from ``vnpolicy entities train``, or "rules" for :func:`rule_entities` alone. Until
    2026-12-03 this function was the rules alone while the pipeline used the tagger, so a user
    calling it got 0.61 exact F1 on the sealed VNTC test where the pipeline got 0.85.
    """
    return entities_by(entity_tagger(model), text, reference_date=reference_date)


def entities_by(tagger: EntityTagger | None, text: str, *, reference_date: str | None = None) -> list[Entity]:
    """The entities ``tagger`` gives (an :func:`entity_tagger`), or the rules' where it is None:
    the one entity step of :func:`extract_entities` and the pipeline, which loads its tagger once."""
    if tagger is None:
        return rule_entities(text, reference_date=reference_date)
    return tagger.entities(text, reference_date=reference_date)


def rule_entities(text: str, *, reference_date: str | None = None) -> list[Entity]:
    """The rules' entities alone (patterns and gazetteers; every attribute is read here): the
    tagger's proposals, and what ``extract_entities(text, model="rules")`` returns."""
    if not text:
        return []
    view, back = _single_spaced(_old_tone_style(text))
    entities = _extract(view, reference_date)
    if back is None:
        for e in entities:
            e.text = text[e.start:e.end]
        return entities
    for e in entities:
        e.start, e.end = back[e.start], back[e.end - 1] + 1
        e.text = text[e.start:e.end]
    return entities


# Runs of spaces, tabs and the normalizer's odd spaces (no-break, thin…), and a number glued to
# "của" ("Nghị quyết số 01của"):
# normalized text has none, but a caller may pass raw text.
_SPACES = re.compile(rf"[ \t{ODD_SPACES}]{{2,}}|[\t{ODD_SPACES}]|(?<=\d)(?=của )")
# What :data:`_SPACES` can find, each by a search that skips ahead to its first character:
# a tab or odd space, two plain spaces, a digit before "của ".
_ODD_SPACE = re.compile(rf"[\t{ODD_SPACES}]")
_GLUED_CUA = re.compile(r"của (?<=\dcủa )")  # "\dcủa ", found from its words: re skips ahead to "của "


def _spaced_as_is(text: str) -> bool:
    """No :data:`_SPACES` match in ``text``. Its alternation, with a look-behind first, is tried
    at every character; these searches skip to the characters that can start a match."""
    return "  " not in text and not _ODD_SPACE.search(text) and not _GLUED_CUA.search(text)


def _old_tone_style(text: str) -> str:
    """Tone marks of open "oa", "oe", "uy" moved to the first vowel (old style), length kept.

    The word lists are written in the old style, the pipeline's default; which syllables move
    and where the mark goes is :func:`vnpolicy.text.normalize.tone_style_edits`' knowledge (the
    same rule the normalizer applies). A same-length rewrite keeps every offset.

    >>> _old_tone_style("Uỷ ban khoá XII, hoà giải, thuỷ lợi, quý, hoàn thành")
    'Ủy ban khóa XII, hòa giải, thủy lợi, quý, hoàn thành'
    """
    parts, pos = [], 0
    for edit in tone_style_edits(text, "old"):
        if len(edit.replacement) == edit.end - edit.start:
            parts += [text[pos:edit.start], edit.replacement]
            pos = edit.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _single_spaced(text: str) -> tuple[str, list[int] | None]:
    """The text with every space run made one plain space, and the map back to ``text`` offsets.

    Matching runs on this view; offsets are mapped back, and entity texts are cut from ``text``.
    """
    if _spaced_as_is(text):
        return text, None
    parts: list[str] = []
    back: list[int] = []
    pos = 0
    for m in _SPACES.finditer(text):
        parts.append(text[pos:m.start()])
        back.extend(range(pos, m.start()))
        parts.append(" ")
        back.append(m.start())  # an inserted space maps to the character after it
        pos = m.end()
    parts.append(text[pos:])
    back.extend(range(pos, len(text)))
    return "".join(parts), back


def _extract(text: str, reference_date: str | None) -> list[Entity]:
    hint = provinces_in(text)
    candidates: list[Entity] = []
    candidates += find_legal_docs(text)
    candidates += find_programs(text)
    candidates += find_orgs(text)
    candidates += find_open_orgs(text)
    candidates += find_police_units(text)
    candidates += find_outlet_codes(text)
    places = find_places(text, reference_date, hint)
    # A village named bare in a list after its plural unit word ("các bản Nậm Ngập, Hồ Sì Pan") is
    # no person, though a family name may start it: the place finder takes such a name only there.
    listed = {(p.start, p.end) for p in places if p.attrs.get("unit_type") in VILLAGE_TYPES}
    candidates += [p for p in find_people(text) if (p.start, p.end) not in listed]
    candidates += places
    candidates += find_dates(text, reference_date)
    entities = resolve(candidates)
    _link_repeated_documents(entities)
    _locate_bodies(entities, hint)
    return entities


_CARRIED = ("code", "issuer", "term", "date", "year")


def _link_repeated_documents(entities: list[Entity]) -> None:
    """A later short mention ("Nghị quyết 01") takes the issuer/term of the full one before it.

    Only a bare type + number (no code, no issuer of its own) is completed, from the latest full
    mention with the same type and number; carried attributes are marked with ``same_as`` (the
    full mention's text) so that a reader can tell what was written from what was inferred.
    """
    latest_full: dict[tuple[str, str], Entity] = {}
    for e in entities:
        if e.label != "LEGAL_DOC" or "number" not in e.attrs:
            continue
        key = (e.attrs.get("doc_type", ""), e.attrs["number"].lstrip("0"))
        if "code" in e.attrs or "issuer" in e.attrs:
            latest_full[key] = e
            continue
        full = latest_full.get(key)
        if full is not None:
            e.attrs.update({k: full.attrs[k] for k in _CARRIED if k in full.attrs})
            e.attrs["same_as"] = full.text


def _locate_bodies(entities: list[Entity], hint: set[str]) -> None:
    """Give local bodies the province the article is about, when it names exactly one.

    "Ban Dân vận Tỉnh ủy" in an article about huyện Tháp Mười belongs to Đồng Tháp; a body whose
    own place names another unit, or an article naming several provinces, gets nothing.
    """
    provinces = {p for p in hint if "|" not in p}
    if len(provinces) != 1:
        return
    (province,) = provinces
    for e in entities:
        if e.label == "ORG" and e.attrs.get("level") in ("tinh", "huyen", "xa", "co_so") and "province" not in e.attrs:
            e.attrs["province"] = province
