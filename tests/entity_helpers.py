"""What the shipped entity step finds in a sentence, as (label, text) pairs: the one helper of
the tests written for real failures of the portal sets (heldout9, 11, 12 and later fixes, and the
programme names), which read ``extract_entities`` as the pipeline does."""

from __future__ import annotations

from vnpolicy.entities import extract_entities


def found(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in extract_entities(text)]
