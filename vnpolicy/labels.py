"""The entity-label registry: every label the project knows, with what each part needs of it.

One table (``resources/entities/labels.tsv``) names each label with its resolver ``priority``,
its highlight ``colour`` and a ``description``; the resolver, the HTML view, the gold loader and
builders, the tagger and the evaluation all read it here instead of keeping lists of their own.
A label that is not registered is an error wherever a part would otherwise have to guess (a
default priority, a fallback colour). A user adds one with :func:`register_label`.

It sits with the data model (beside :class:`~vnpolicy.document.Entity`), below both the
entity step and the view, and imports nothing heavy.

>>> [label.name for label in entity_labels()]
['LEGAL_DOC', 'ORG', 'DATE', 'LOC', 'PER', 'PROGRAM']
>>> get_label("ORG").priority < get_label("LOC").priority  # "Huyện ủy Tháp Mười" is an ORG
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnpolicy.errors import VnpolicyError

__all__ = ["Label", "UnknownLabelError", "entity_labels", "get_label", "label_names", "register_label",
           "unregister_label"]

_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_RGB = re.compile(r"(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3})")
_HEX = re.compile(r"#([0-9a-fA-F]{6})")


class UnknownLabelError(VnpolicyError, ValueError):
    """A label that is not in the registry (nor added with :func:`register_label`)."""


@dataclass(frozen=True)
class Label:
    """One entity label: ``priority`` breaks ties between candidates of equal length (lower
    wins); ``colour`` is the view's highlight as "R, G, B"; ``description`` is what it means."""

    name: str
    priority: int
    colour: str
    description: str


_registry: dict[str, Label] | None = None
_BUILT_IN: frozenset[str] = frozenset()


def _labels() -> dict[str, Label]:
    global _registry, _BUILT_IN
    if _registry is None:
        from vnpolicy.resources import read_table

        _registry = {}
        for row in read_table("entities", "labels.tsv"):
            label = _checked(row["label"], int(row["priority"]), row["colour"], row["description"], _registry)
            _registry[label.name] = label
        _BUILT_IN = frozenset(_registry)
    return _registry


def entity_labels() -> tuple[Label, ...]:
    """Every registered label, the shipped ones in the table's order, then the added ones."""
    return tuple(_labels().values())


def label_names() -> tuple[str, ...]:
    """The names of :func:`entity_labels`, in the same order."""
    return tuple(_labels())


def get_label(name: str) -> Label:
    """The registered label ``name``; :class:`UnknownLabelError` (naming the known ones) if none."""
    try:
        return _labels()[name]
    except (KeyError, TypeError):
        raise UnknownLabelError(f"unknown entity label {name!r}: labels are {', '.join(_labels())} "
                                "(add one with vnpolicy.labels.register_label)") from None


def register_label(name: str, *, priority: int, colour: str, description: str, replace: bool = False) -> Label:
    """Add an entity label to every part at once (resolver, view, gold loader, evaluation).

    ``priority`` must differ from every other label's (the shipped ones use 10…60, so 25 sits
    between PROGRAM and ORG); ``colour`` is "R, G, B" or "#rrggbb". A name already registered
    is refused unless ``replace=True`` (a shipped label's entry can be replaced, not removed).

    >>> register_label("EVENT", priority=70, colour="#1abc9c", description="sự kiện, hội nghị").colour
    '26, 188, 156'
    >>> unregister_label("EVENT")
    """
    labels = _labels()
    if name in labels and not replace:
        raise ValueError(f"entity label {name!r} is already registered (pass replace=True to change it)")
    others = {k: v for k, v in labels.items() if k != name}
    label = _checked(name, priority, colour, description, others)
    labels[name] = label
    return label


def unregister_label(name: str) -> None:
    """Remove a label added with :func:`register_label` (the shipped labels stay)."""
    labels = _labels()
    if name in _BUILT_IN:
        raise ValueError(f"entity label {name!r} ships with vnpolicy and cannot be removed")
    get_label(name)
    del labels[name]


def _checked(name: object, priority: object, colour: object, description: object,
             others: dict[str, Label]) -> Label:
    """A :class:`Label` from its parts, or a ValueError that says which part is wrong."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"entity label name {name!r}: must be upper-case letters, digits and '_' (like 'LEGAL_DOC')")
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise ValueError(f"entity label {name}: priority must be an int, got {priority!r}")
    taken = [k for k, v in others.items() if v.priority == priority]
    if taken:
        raise ValueError(f"entity label {name}: priority {priority} is {taken[0]}'s; priorities are "
                         + ", ".join(f"{k}={v.priority}" for k, v in others.items()))
    rgb = _rgb(colour)
    if rgb is None:
        raise ValueError(f"entity label {name}: colour must be 'R, G, B' (0-255) or '#rrggbb', got {colour!r}")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"entity label {name}: a description is needed (what the label marks)")
    return Label(name, priority, rgb, description.strip())


def _rgb(colour: object) -> str | None:
    """``colour`` as "R, G, B", or None when it is neither that nor "#rrggbb"."""
    if not isinstance(colour, str):
        return None
    m = _HEX.fullmatch(colour.strip())
    if m:
        value = int(m.group(1), 16)
        return f"{value >> 16}, {(value >> 8) & 255}, {value & 255}"
    m = _RGB.fullmatch(colour.strip())
    if m and all(int(part) <= 255 for part in m.groups()):
        return ", ".join(str(int(part)) for part in m.groups())
    return None
