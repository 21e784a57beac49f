"""Where each part of a normalized text came from in the raw text, kept compactly.

Normalization changes little of a text: a comma gets its space, a word its tone mark, portal
chrome is dropped. So the map from ``Document.text`` back to ``Document.raw`` is stored as the
few places that changed, as spaCy keeps ``Doc`` offsets rather than a copy per character: a sorted
list of :class:`Segment`\\ s, ``raw[raw_start:raw_end]`` became ``text[text_start:text_end]``.
Between two segments the text is a verbatim copy of the raw text, so an offset there maps by a
constant shift. Segments never overlap and are in the same order on both sides; an empty raw side
is an insertion (a space put after a comma), an empty text side a deletion (chrome, an invisible
character).

This module is part of the data model: it imports nothing from vnpolicy.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple


class Segment(NamedTuple):
    """``raw[raw_start:raw_end]`` became ``text[text_start:text_end]``."""

    raw_start: int
    raw_end: int
    text_start: int
    text_end: int


@dataclass
class Alignment:
    """The map between a raw text and its normalized text, both ways.

    >>> a = Alignment.from_char_spans("làm việc,Tổ", "làm việc, Tổ", [*range(9), 9, 9, 10], [*range(1, 10), 9, 10, 11])
    >>> a.segments
    [Segment(raw_start=9, raw_end=9, text_start=9, text_end=10)]
    >>> a.raw_span(10, 12), a.text_span(9, 11), a.text_span(9, 9)
    ((9, 11), (10, 12), (9, 10))
    """

    raw_length: int
    text_length: int
    segments: list[Segment] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.segments = [Segment(*map(int, s)) for s in self.segments]
        self._check()
        self._raw_side = [(s.raw_start, s.raw_end) for s in self.segments]
        self._text_side = [(s.text_start, s.text_end) for s in self.segments]

    # -- building ------------------------------------------------------------------------

    @classmethod
    def identity(cls, length: int) -> Alignment:
        """A text that is its raw text unchanged."""
        return cls(length, length, [])

    @classmethod
    def from_char_spans(cls, raw: str, text: str, starts: list[int], ends: list[int]) -> Alignment:
        """The alignment of ``text``, whose character ``i`` came from ``raw[starts[i]:ends[i]]``.

        This is what :class:`~vnpolicy.text.trace.TextTrace` keeps while it edits; starts never
        go down. A character is a plain copy when it alone stands for one raw character equal to it;
        everything else is gathered into segments, those whose raw sides overlap merged into one.
        Runs of copies are skipped by comparing slices, so the cost goes with the changed places.
        """
        if not len(starts) == len(ends) == len(text):
            raise ValueError(f"one raw span per text character: {len(starts)} spans for {len(text)} characters")
        n = len(text)
        segments: list[Segment] = []
        prev_text = prev_raw = 0  # the text and raw offsets just after the last copy
        for i, j in [*_copy_runs(raw, text, starts, ends), (n, n)]:
            next_raw = starts[i] if i < n else len(raw)
            if i > prev_text or next_raw > prev_raw:
                segments.extend(_gap_segments(starts, ends, prev_text, i, prev_raw, next_raw))
            if i < n:
                prev_text, prev_raw = j, ends[j - 1]
        return cls(len(raw), n, segments)

    @classmethod
    def from_blocks(cls, raw: str, text: str, blocks: list[Block]) -> Alignment:
        """The same alignment as :meth:`from_char_spans`, from the map kept as :data:`Block`\\ s.

        A copy block is known to copy its raw characters, so it is taken whole rather than
        compared character by character: the cost goes with the number of blocks. Only the
        characters between copies are spelled out, for :func:`_gap_segments`.

        >>> Alignment.from_blocks("làm việc,Tổ", "làm việc, Tổ", [(0, 9, 0, 9, True), (9, 10, 9, 9, False), (10, 12, 9, 11, True)]).segments
        [Segment(raw_start=9, raw_end=9, text_start=9, text_end=10)]
        """
        n = len(text)
        firsts = [b[0] for b in blocks]
        if (blocks[-1][1] if blocks else 0) != n or any(blocks[m][1] != firsts[m + 1] for m in range(len(blocks) - 1)):
            raise ValueError(f"blocks do not cover the text of {n} characters in order")

        def span(i: int) -> tuple[int, int]:
            return block_span(blocks[bisect_right(firsts, i) - 1], i)

        segments: list[Segment] = []
        prev_text = prev_raw = 0  # the text and raw offsets just after the last copy
        for i, j in [*_block_copy_runs(raw, text, blocks, span), (n, n)]:
            next_raw = span(i)[0] if i < n else len(raw)
            if i > prev_text or next_raw > prev_raw:
                starts, ends = expand_blocks(blocks, prev_text, i, firsts)
                segments.extend(_gap_segments(starts, ends, 0, i - prev_text, prev_raw, next_raw, at=prev_text))
            if i < n:
                prev_text, prev_raw = j, span(j - 1)[1]
        return cls(len(raw), n, segments)

    # -- mapping -------------------------------------------------------------------------

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that the text span ``[start, end)`` came from.

        A span that cuts into a changed place widens to all of it; an empty span (an insertion
        point) maps to the raw offset where the next character came from.
        """
        self._bounds(start, end, self.text_length, "text")
        return _map(start, end, self.segments, self._text_side, to_raw=True)

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """The text span that the raw span ``[raw_start, raw_end)`` became (the reverse of :meth:`raw_span`).

        A raw span that was deleted maps to the empty span where it stood; an empty raw span where
        text was inserted maps to the inserted text.
        """
        self._bounds(raw_start, raw_end, self.raw_length, "raw")
        return _map(raw_start, raw_end, self.segments, self._raw_side, to_raw=False)

    # -- serialising ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"raw_length": self.raw_length, "text_length": self.text_length,
                "segments": [list(s) for s in self.segments]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alignment:
        return cls(int(data["raw_length"]), int(data["text_length"]), [Segment(*s) for s in data.get("segments", [])])

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as its fields: the lookup lists are rebuilt
        return (Alignment, (self.raw_length, self.text_length, [tuple(s) for s in self.segments]))

    # -- checks --------------------------------------------------------------------------

    def _check(self) -> None:
        raw_pos = text_pos = 0
        for s in self.segments:
            if not (raw_pos <= s.raw_start <= s.raw_end and text_pos <= s.text_start <= s.text_end
                    and s.raw_start - raw_pos == s.text_start - text_pos):
                raise ValueError(f"alignment segments out of order or not separated by copied text: {s}")
            raw_pos, text_pos = s.raw_end, s.text_end
        if self.raw_length - raw_pos != self.text_length - text_pos or raw_pos > self.raw_length:
            raise ValueError(f"alignment does not fit a raw text of {self.raw_length} and a text of "
                             f"{self.text_length} characters")

    @staticmethod
    def _bounds(start: int, end: int, length: int, side: str) -> None:
        if not 0 <= start <= end <= length:
            raise ValueError(f"span [{start}, {end}) does not fit the {side} text of {length} characters")


#: A piece of the map from a text's characters to the raw spans they stand for, as
#: :class:`~vnpolicy.text.trace.TextTrace` keeps it: ``(a, b, raw_start, raw_end, copy)`` covers
#: text ``[a, b)``. A copy block copies ``raw[raw_start:raw_end]`` character for character
#: (character ``i`` stands for raw ``[raw_start + i - a, raw_start + i - a + 1)`` and equals it);
#: otherwise every character of the block stands for the whole raw span (an edit's replacement).
Block = tuple[int, int, int, int, bool]


def block_span(block: Block, i: int) -> tuple[int, int]:
    """The raw span that character ``i`` of ``block`` stands for."""
    a, _, raw_start, raw_end, copy = block
    return (raw_start + i - a, raw_start + i - a + 1) if copy else (raw_start, raw_end)


def expand_blocks(blocks: list[Block], lo: int, hi: int, firsts: list[int] | None = None) -> tuple[list[int], list[int]]:
    """The raw span starts and ends of characters ``[lo, hi)``, one per character (``firsts``,
    each block's first offset, finds the first block by bisection)."""
    starts: list[int] = []
    ends: list[int] = []
    k = max(0, bisect_right(firsts, lo) - 1) if firsts is not None else 0
    for a, b, raw_start, raw_end, copy in islice(blocks, k, None):
        if a >= hi:
            break
        if b <= lo:
            continue
        first, last = max(a, lo), min(b, hi)
        if copy:
            starts.extend(range(raw_start + first - a, raw_start + last - a))
            ends.extend(range(raw_start + first - a + 1, raw_start + last - a + 1))
        else:
            starts.extend([raw_start] * (last - first))
            ends.extend([raw_end] * (last - first))
    return starts, ends


def _block_copy_runs(raw: str, text: str, blocks: list[Block], span) -> list[tuple[int, int]]:
    """What :func:`_copy_runs` gives for the characters the blocks map, block by block.

    A character starts a run when it stands alone for one raw character equal to it, beyond
    the raw text claimed before it; the run goes on while the characters keep copying at the
    same shift. In a copy block every character does, so a run takes the block whole and then
    the next ones that go on at the same shift (a one-character replacement that restored the
    raw character included). ``span(i)`` is the raw span of character ``i``.
    """
    n = len(text)
    runs: list[tuple[int, int]] = []
    reach = i = k = 0  # reach: the furthest raw offset claimed by the characters before i
    while i < n:
        while blocks[k][1] <= i:
            k += 1
        a, b, raw_start, raw_end, copy = blocks[k]
        if copy:
            start = raw_start + i - a
            if start < reach:
                # Claimed before: not a run start, and (ending at most at reach) moves reach
                # nowhere; skip to the first character of the block beyond reach.
                i = min(b, max(i + 1, reach - raw_start + a))
                continue
            j = b
        else:
            start = raw_start
            if not (raw_end == start + 1 and start >= reach and text[i] == raw[start]):
                reach = max(reach, raw_end)  # the block's other characters stand for the same span
                i = b
                continue
            j = i + 1
        shift = start - i
        m = k + 1
        while j == (blocks[m - 1][1]) and m < len(blocks):  # at a block's end: go on into the next
            a2, b2, rs2, re2, copy2 = blocks[m]
            if copy2 and rs2 - a2 == shift:
                j = b2
            elif not copy2 and re2 == rs2 + 1 and rs2 == j + shift and text[j] == raw[rs2]:
                j += 1
            else:
                break
            m += 1
        last = j if j == n or span(j)[0] >= j + shift else j - 1  # the next character may claim the last one
        if last > i:
            runs.append((i, last))
        reach = max(reach, j + shift)
        i = j
    return runs


def _copy_runs(raw: str, text: str, starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """The runs ``[i, j)`` of ``text`` that are plain copies of ``raw`` at one shift each."""
    n = len(text)
    offsets = list(range(len(raw) + 2))

    def plain(i: int, k: int, shift: int) -> bool:  # text[i:k] copies raw[i + shift : k + shift] one to one
        return (k + shift <= len(raw) and text[i:k] == raw[i + shift : k + shift]
                and starts[i:k] == offsets[i + shift : k + shift] and ends[i:k] == offsets[i + shift + 1 : k + shift + 1])

    runs: list[tuple[int, int]] = []
    reach = i = 0  # reach: the furthest raw offset claimed by the characters before i
    while i < n:
        start = starts[i]
        if not (ends[i] == start + 1 and start >= reach and text[i] == raw[start]):
            reach = max(reach, ends[i])
            i += 1
            continue
        shift, j, step = start - i, i + 1, 16
        while j < n:  # gallop, then halve, to the end of the run
            k = min(n, j + step)
            if plain(j, k, shift):
                j, step = k, step * 2
            elif step > 1:
                step //= 2
            else:
                break
        last = j if j == n or starts[j] >= ends[j - 1] else j - 1  # the next character may claim the last one
        if last > i:
            runs.append((i, last))
        reach = max(reach, ends[j - 1])
        i = j
    return runs


def _gap_segments(starts: list[int], ends: list[int], t0: int, t1: int, r0: int, r1: int, *, at: int = 0) -> list[Segment]:
    """The segments between two copied characters: text ``[t0, t1)`` and raw ``[r0, r1)``.

    Characters with the same raw span form one unit; a unit whose raw side overlaps the one
    before joins it, so the segments stay apart and in order on both sides. ``at`` is added to
    the text offsets (``starts`` and ``ends`` spelled out from there on).
    """
    out: list[list[int]] = []
    raw_pos = r0
    i = t0
    while i < t1:
        j = i
        while j < t1 and starts[j] == starts[i] and ends[j] == ends[i]:
            j += 1
        start, end = max(starts[i], r0), min(max(ends[i], starts[i]), r1)
        if out and start < raw_pos:
            out[-1][1], out[-1][3] = max(out[-1][1], end), j
        else:
            if start > raw_pos:
                out.append([raw_pos, start, i, i])
            out.append([start, end, i, j])
        raw_pos = max(raw_pos, end)
        i = j
    if raw_pos < r1:
        out.append([raw_pos, r1, t1, t1])
    return [Segment(a, b, c + at, d + at) for a, b, c, d in out]


def _map(start: int, end: int, segments: list[Segment], src: list[tuple[int, int]], *,
         to_raw: bool) -> tuple[int, int]:
    """Map ``[start, end)`` to the other side; ``src`` holds each segment's span on the source side."""

    def dst(k: int) -> tuple[int, int]:
        s = segments[k]
        return (s.raw_start, s.raw_end) if to_raw else (s.text_start, s.text_end)

    def copied(pos: int) -> int:  # a copied character: shifted as by the last segment before it
        k = bisect_right(src, (pos, _END)) - 1
        while k >= 0 and src[k][1] > pos:
            k -= 1
        return pos if k < 0 else pos + dst(k)[1] - src[k][1]

    def holder(pos: int) -> int | None:  # the segment whose source side holds the character at ``pos``
        k = bisect_right(src, (pos, _END)) - 1
        return k if k >= 0 and src[k][0] <= pos < src[k][1] else None

    if start == end:
        # An empty span: what was inserted (or deleted) exactly here, else the point it lies in.
        k = bisect_right(src, (start, _END)) - 1
        for j in (k, k - 1):
            if 0 <= j and (src[j][0] == src[j][1] == start or src[j][0] < start < src[j][1]):
                return dst(j)
        pos = copied(start)
        return pos, pos
    first, last = holder(start), holder(end - 1)
    return (dst(first)[0] if first is not None else copied(start),
            dst(last)[1] if last is not None else copied(end - 1) + 1)


_END = 1 << 62  # sorts after any end offset: bisect by start alone
