"""One flat, non-overlapping list of entities out of the families' candidates.

Nesting policy (documented in data/gold/entities/README.md): entities never overlap. The longer
span wins, so a LEGAL_DOC keeps its issuer and date inside it (as attrs here; as entities of their
own in ``doc.nested``, see :mod:`.nested`), an ORG keeps its place ("Huyện ủy Tháp Mười" is one
ORG, no flat LOC), and a PROGRAM keeps the words of its name. Equal lengths go to the more
specific family: the lower ``priority`` of the label registry (:mod:`vnpolicy.labels`); a label
it does not know is an error, not a guess. Must not look at the text itself.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from vnpolicy.document import Entity
from vnpolicy.labels import get_label


def resolve(candidates: list[Entity]) -> list[Entity]:
    """Keep the longest candidates that do not overlap an already kept one; return in text order.

    >>> a = Entity("ORG", "Huyện ủy Tháp Mười", 0, 18)
    >>> b = Entity("LOC", "Tháp Mười", 9, 18)
    >>> [e.label for e in resolve([b, a])]
    ['ORG']
    """
    priority = {label: get_label(label).priority for label in {e.label for e in candidates}}
    ordered = sorted(candidates, key=lambda e: (-(e.end - e.start), priority[e.label], e.start))
    starts: list[int] = []  # kept spans, sorted by start; they never overlap, so ends are sorted too
    ends: dict[int, int] = {}
    kept: list[Entity] = []
    for e in ordered:
        if e.end <= e.start:
            continue
        i = bisect_left(starts, e.end)  # kept spans starting before e ends: only the last can overlap
        if i and ends[starts[i - 1]] > e.start:
            continue
        insort(starts, e.start)
        ends[e.start] = e.end
        kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))
