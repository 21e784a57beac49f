"""Edits on a text that remember where every character came from.

Normalization rules and the typo corrector each see the *current* text and propose
:class:`Edit` objects in its offsets. :class:`TextTrace` applies them and keeps, for every
character of the current text, the span of the raw text it came from, so each edit becomes a
:class:`~vnpolicy.document.Correction` with offsets in the raw text, however many rules ran
before it. This module knows nothing about Vietnamese; it only keeps the books.
"""

from __future__ import annotations

from dataclasses import dataclass

from vnpolicy.document import Correction


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the current text with ``replacement``."""

    start: int
    end: int
    replacement: str
    rule: str
    confidence: float = 1.0
    note: str = ""


class TextTrace:
    """The current text, plus a map from each of its characters back into ``raw``.

    >>> t = TextTrace("làm việc,Tổ")
    >>> [c.original for c in t.apply([Edit(9, 9, " ", "spacing")])]
    ['']
    >>> t.text
    'làm việc, Tổ'
    >>> c = t.apply([Edit(10, 12, "Tổ", "noop")])
    >>> c == []  # an edit that changes nothing is not a correction
    True
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        # For every current character: the raw span [starts[i], ends[i]) it stands for.
        self._starts = list(range(len(raw)))
        self._ends = list(range(1, len(raw) + 1))
        self.corrections: list[Correction] = []

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that the current span ``[start, end)`` came from."""
        if start < end:
            return self._starts[start], self._ends[end - 1]
        # An empty span (an insertion point) sits where the next character came from.
        if start < len(self._starts):
            pos = self._starts[start]
        elif self._ends:
            pos = self._ends[-1]
        else:
            pos = len(self.raw)
        return pos, pos

    def apply(self, edits: list[Edit], *, record: bool = True) -> list[Correction]:
        """Apply non-overlapping edits (in current offsets); return the corrections made.

        ``record=False`` applies the edits silently: used for removing portal chrome, which is
        not a correction of the text but must still keep offsets traceable.
        """
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        made: list[Correction] = []
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for edit in edits:
            if edit.start < pos:
                raise ValueError(f"overlapping edits at offset {edit.start}: {edit}")
            if not 0 <= edit.start <= edit.end <= len(self.text):
                raise ValueError(f"edit outside the text (length {len(self.text)}): {edit}")
            pieces.append(self.text[pos : edit.start])
            starts.extend(self._starts[pos : edit.start])
            ends.extend(self._ends[pos : edit.start])
            raw_start, raw_end = self.raw_span(edit.start, edit.end)
            pieces.append(edit.replacement)
            starts.extend([raw_start] * len(edit.replacement))
            ends.extend([raw_end] * len(edit.replacement))
            pos = edit.end
            if record and self.text[edit.start : edit.end] != edit.replacement:
                made.append(
                    Correction(
                        start=raw_start,
                        end=raw_end,
                        original=self.raw[raw_start:raw_end],
                        replacement=edit.replacement,
                        rule=edit.rule,
                        confidence=edit.confidence,
                        note=edit.note,
                    )
                )
        pieces.append(self.text[pos:])
        starts.extend(self._starts[pos:])
        ends.extend(self._ends[pos:])
        self.text = "".join(pieces)
        self._starts, self._ends = starts, ends
        self.corrections.extend(made)
        return made
