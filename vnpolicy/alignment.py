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


def _gap_segments(starts: list[int], ends: list[int], t0: int, t1: int, r0: int, r1: int) -> list[Segment]:
    """The segments between two copied characters: text ``[t0, t1)`` and raw ``[r0, r1)``.

    Characters with the same raw span form one unit; a unit whose raw side overlaps the one
    before joins it, so the segments stay apart and in order on both sides.
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
    return [Segment(*s) for s in out]


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
