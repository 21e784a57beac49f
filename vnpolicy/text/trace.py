"""Edits on a text that remember where every character came from.

Normalization rules and the typo corrector each see the *current* text and propose
:class:`Edit` objects in its offsets. :class:`TextTrace` applies them and keeps, for every
character of the current text, the span of the raw text it came from, so each edit becomes a
:class:`~vnpolicy.document.Correction` with offsets in the raw text, however many rules ran
before it. It also moves every correction's span in the current text as later edits land, so at
the end each correction says where it sits on both sides, and :meth:`TextTrace.alignment` gives
the compact map the Document keeps. This module knows nothing about Vietnamese; it only keeps
the books.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from vnpolicy.alignment import Alignment, Block, block_span, expand_blocks
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
        # The map from each current character to the raw span it stands for, kept as blocks that
        # cover the current text in order (see vnpolicy.alignment.Block): the whole text is one
        # copy block to start with, and an edit adds one block and cuts at most two. So the cost
        # of an edit, and of the alignment, goes with the number of changed places, not with the
        # length of the text (a per-character map was copied whole at every apply).
        self._blocks: list[Block] = [(0, len(raw), 0, len(raw), True)] if raw else []
        self._firsts: list[int] = [0] if raw else []  # each block's first offset, for bisect
        self.corrections: list[Correction] = []

    def _span_at(self, i: int) -> tuple[int, int]:
        """The raw span ``[start, end)`` that current character ``i`` stands for."""
        return block_span(self._blocks[bisect_right(self._firsts, i) - 1], i)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that the current span ``[start, end)`` came from."""
        if start < end:
            return self._span_at(start)[0], self._span_at(end - 1)[1]
        # An empty span (an insertion point) sits where the next character came from.
        if start < len(self.text):
            pos = self._span_at(start)[0]
        elif self.text:
            pos = self._span_at(len(self.text) - 1)[1]
        else:
            pos = len(self.raw)
        return pos, pos

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """The current span that the raw span ``[raw_start, raw_end)`` became."""
        return self.alignment().text_span(raw_start, raw_end)

    def alignment(self) -> Alignment:
        """The compact raw↔text map of the text as it is now (what a Document keeps)."""
        return Alignment.from_blocks(self.raw, self.text, self._blocks)

    def char_spans(self) -> tuple[list[int], list[int]]:
        """For every current character, the start and the end of the raw span it stands for
        (the map spelled out, as :meth:`Alignment.from_char_spans` takes it; for checks)."""
        return expand_blocks(self._blocks, 0, len(self.text))

    def record(self, corrections: list[Correction]) -> None:
        """Add corrections made outside :meth:`apply` (their edits applied with ``record=False``),
        placing each in the current text by its raw span."""
        alignment = self.alignment() if any(c.text_start is None or c.text_end is None for c in corrections) else None
        for c in corrections:
            if alignment is not None and (c.text_start is None or c.text_end is None):
                c.text_start, c.text_end = alignment.text_span(c.start, c.end)
            self.corrections.append(c)

    def apply(self, edits: list[Edit], *, record: bool = True) -> list[Correction]:
        """Apply non-overlapping edits (in current offsets); return the corrections made.

        ``record=False`` applies the edits silently: used for removing portal chrome, which is
        not a correction of the text but must still keep offsets traceable.
        """
        if not edits:
            return []
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        made: list[Correction] = []
        pieces: list[str] = []
        blocks: list[Block] = []
        moves: list[tuple[int, int, int, int, int, int]] = []  # changed places: old span, new span, raw span
        pos = k = length = 0  # k: the block holding ``pos``; length: of the new text so far
        for edit in edits:
            if edit.start < pos:
                raise ValueError(f"overlapping edits at offset {edit.start}: {edit}")
            if not 0 <= edit.start <= edit.end <= len(self.text):
                raise ValueError(f"edit outside the text (length {len(self.text)}): {edit}")
            pieces.append(self.text[pos : edit.start])
            k = self._copy_blocks(blocks, k, pos, edit.start, length)
            length += edit.start - pos
            raw_start, raw_end = self.raw_span(edit.start, edit.end)
            new_start = length
            pieces.append(edit.replacement)
            if edit.replacement:
                length += len(edit.replacement)
                blocks.append((new_start, length, raw_start, raw_end, False))
            pos = edit.end
            if self.text[edit.start : edit.end] != edit.replacement:
                moves.append((edit.start, edit.end, new_start, length, raw_start, raw_end))
                if record:
                    made.append(
                        Correction(
                            start=raw_start,
                            end=raw_end,
                            original=self.raw[raw_start:raw_end],
                            replacement=edit.replacement,
                            rule=edit.rule,
                            confidence=edit.confidence,
                            note=edit.note,
                            text_start=new_start,
                            text_end=length,
                        )
                    )
        pieces.append(self.text[pos:])
        self._copy_blocks(blocks, k, pos, len(self.text), length)
        self.text = "".join(pieces)
        self._blocks, self._firsts = blocks, [b[0] for b in blocks]
        if moves and self.corrections:
            places = _Places(moves)
            for c in self.corrections:
                self._move(c, places)
        self.corrections.extend(made)
        return made

    def _copy_blocks(self, out: list[Block], k: int, lo: int, hi: int, to: int) -> int:
        """Append to ``out`` the map of current characters ``[lo, hi)``, moved to start at
        ``to``; return the index of the block to resume from (edits come in order)."""
        blocks = self._blocks
        while k < len(blocks) and blocks[k][1] <= lo:
            k += 1
        shift = to - lo
        while lo < hi:
            a, b, rs, re_, copy = blocks[k]
            end = min(b, hi)
            if copy:
                first, last = rs + lo - a, rs + end - a
                if out and out[-1][4] and out[-1][1] == lo + shift and out[-1][3] == first:
                    out[-1] = (out[-1][0], end + shift, out[-1][2], last, True)  # one copy again
                else:
                    out.append((lo + shift, end + shift, first, last, True))
            else:
                out.append((lo + shift, end + shift, rs, re_, False))
            if end < b:
                break
            lo, k = end, k + 1
        return k

    def _move(self, c: Correction, places: _Places) -> None:
        """Carry correction ``c``'s text span through the changed places ``moves`` (old offsets).

        A place that overlaps what ``c`` wrote widens ``c`` to cover it, on both sides, and ``c``
        then reports what the text holds there now. An insertion at the very start of ``c`` goes
        before it, one at its very end after it.
        """
        if c.text_start is None or c.text_end is None:
            return
        cs, ce = c.text_start, c.text_end
        hit = places.touching(cs, ce)
        if not hit:
            c.text_start = cs + places.shift(cs, insertions=True)
            c.text_end = ce + places.shift(ce, insertions=cs == ce)
            return
        first, last = hit[0], hit[-1]
        c.text_start = first[2] if first[0] <= cs else cs + places.shift(cs, insertions=True)
        c.text_end = last[3] if last[1] >= ce else ce + last[3] - last[1]
        c.start, c.end = min([c.start] + [m[4] for m in hit]), max([c.end] + [m[5] for m in hit])
        c.original = self.raw[c.start : c.end]
        c.replacement = self.text[c.text_start : c.text_end]


def _overlaps(a: int, b: int, cs: int, ce: int) -> bool:
    """Does the changed place ``[a, b)`` touch the text ``[cs, ce)`` a correction wrote?"""
    if a < b and cs < ce:
        return a < ce and cs < b
    if a == b:
        return cs < a < ce
    return a < cs < b  # an empty correction (a deletion) inside a changed place


class _Places:
    """The places one :meth:`TextTrace.apply` changed: ``(old start, old end, new start, new end,
    raw start, raw end)``, in order, with lookups by old offset."""

    def __init__(self, moves: list[tuple[int, int, int, int, int, int]]) -> None:
        self.moves = moves
        self.ends = [m[1] for m in moves]

    def touching(self, cs: int, ce: int) -> list[tuple[int, int, int, int, int, int]]:
        found = []
        for m in self.moves[bisect_left(self.ends, cs) :]:
            if m[0] > ce:
                break
            if _overlaps(m[0], m[1], cs, ce):
                found.append(m)
        return found

    def shift(self, pos: int, *, insertions: bool) -> int:
        """How far the old offset ``pos`` (outside every changed place) moves: as far as the end
        of the last place before it; an insertion exactly at ``pos`` counts when ``insertions``."""
        k = bisect_right(self.ends, pos)
        while not insertions and k and self.moves[k - 1][0] == self.moves[k - 1][1] == pos:
            k -= 1
        return self.moves[k - 1][3] - self.moves[k - 1][1] if k else 0
