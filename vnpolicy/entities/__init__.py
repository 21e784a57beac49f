"""Entity extraction for government and Party news: LEGAL_DOC, ORG, DATE, LOC, PER, PROGRAM.

PLACEHOLDER: returns no entities until the extractors land (issue 4).
"""

from __future__ import annotations

from vnpolicy.document import Entity


def extract_entities(text: str, *, reference_date: str | None = None) -> list[Entity]:
    """Entities in ``text``, in text order, offsets into ``text``."""
    return []
