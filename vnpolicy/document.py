"""The one data model every step exchanges: Article, Document, Correction, Suspect, Entity.

Steps read and enrich a :class:`Document`; nothing else travels between them. Every class is a
plain dataclass that turns into JSON-ready dicts with ``to_dict()``. This module must not import
any step (reading, normalization, models): it is the bottom of the dependency graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from vnpolicy.alignment import Alignment


@dataclass
class Correction:
    """One change made to the raw text, and why, with where it sits on both sides.

    ``start``/``end`` are offsets in the text as read, so that ``raw[c.start:c.end] == c.original``;
    ``text_start``/``text_end`` are offsets in the normalized text, so that
    ``text[c.text_start:c.text_end] == c.replacement``. ``field`` says which text: ``"text"`` (the
    body: ``Document.raw`` → ``Document.text``) or ``"title"`` (``Document.raw_title`` →
    ``Document.title``). The text offsets are None only for a correction made by hand or read
    from output written before they existed.

    When a later rule edits inside what an earlier one wrote (a typo fixed inside a run of
    decomposed letters that was composed), the earlier correction follows: its spans widen to the
    whole changed place and ``replacement`` is what the text holds there now, so both equalities
    hold for every correction.
    """

    start: int
    end: int
    original: str
    replacement: str
    rule: str  # "nfc", "spacing", "tone_style", "invisible", "typo", ...
    confidence: float = 1.0
    note: str = ""
    text_start: int | None = None
    text_end: int | None = None
    field: str = "text"  # "text" or "title"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Suspect:
    """A suspected typo that review mode lists and nothing changed (``vnpolicy.correct(mode="review")``).

    ``start``/``end`` are offsets in the text as passed in (``start == end``: a word seems to be
    missing there); ``suggestions`` are ordered, best first; ``note`` is the evidence.
    """

    start: int
    end: int
    original: str
    suggestions: list[str]
    confidence: float
    rule: str  # "typo", "spacing", "missing_word", "no_diacritics", ...
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Entity:
    """A labelled span of ``Document.text``: ``doc.text[e.start:e.end] == e.text``."""

    label: str  # a registered label (vnpolicy.labels): LEGAL_DOC, ORG, DATE, LOC, PER, PROGRAM…
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # What asdict() gives, without its generic walk: an article has ~80 entities, and this
        # was a third of writing a document out.
        return {"label": self.label, "text": self.text, "start": self.start, "end": self.end,
                "attrs": _copied(self.attrs)}


@dataclass
class Article:
    """An article as read from a portal page or file, before normalization.

    ``raw`` is the plain text as decoded (for HTML, the visible text of the page); ``body_spans``
    are the ``(start, end)`` ranges of ``raw`` that make up the body, so later offsets can be
    traced back into ``raw``. ``authors`` are ``{"name": ..., "role": ...}`` dicts from the byline.
    """

    path: str | None
    title: str | None
    date: str | None
    authors: list[dict[str, str]]
    body: str
    raw: str
    body_spans: list[tuple[int, int]] = field(default_factory=list)
    encoding: str | None = None
    format: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """A stable id: the path when there is one, else a hash of the raw text."""
        if self.path:
            return self.path
        return hashlib.sha1(self.raw.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = self.id
        data["body_spans"] = [list(span) for span in self.body_spans]
        return data


@dataclass
class Document:
    """An analysed article: normalized text plus everything the steps found in it.

    ``raw`` is the text as given (chrome included); ``text`` is the normalized body, and entity
    offsets point into it. ``corrections`` point into both (see :class:`Correction`).
    ``sentences`` are strings of ``text``; ``tokens`` holds one list of words per sentence
    (syllables joined by a space).

    ``alignment`` keeps where every part of ``text`` came from in ``raw`` (and
    ``title_alignment`` the same from ``raw_title``, the title as read, to ``title``), so any
    span maps both ways: :meth:`raw_span` and :meth:`text_span`.
    """

    raw: str
    text: str = ""
    title: str | None = None
    date: str | None = None
    authors: list[dict[str, str]] = field(default_factory=list)
    source: str | None = None
    corrections: list[Correction] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    tokens: list[list[str]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    topics: list[tuple[str, float]] = field(default_factory=list)
    topic: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Parts inside a flat entity (a document's issuer and date, the place in a body's name), each
    # with ``attrs["parent"]``: the index of its holder in ``entities``. ``entities`` never overlaps.
    nested: list[Entity] = field(default_factory=list)
    raw_title: str | None = None
    alignment: Alignment | None = None
    title_alignment: Alignment | None = None

    @property
    def id(self) -> str:
        """A stable id: the source path when there is one, else a hash of the raw text."""
        if self.source:
            return self.source
        return hashlib.sha1(self.raw.encode("utf-8")).hexdigest()[:16]

    @property
    def words(self) -> list[str]:
        """All words of the document in order, sentence boundaries dropped."""
        return [word for sentence in self.tokens for word in sentence]

    def raw_span(self, start: int, end: int, *, field: str = "text") -> tuple[int, int]:
        """The span of ``raw`` (``raw_title`` with ``field="title"``) that ``text[start:end]``
        (``title[start:end]``) came from. A span cutting into a changed place widens to all of it.

        >>> from vnpolicy.alignment import Segment
        >>> doc = Document(raw="Tổ  khảo sát,Ban", text="Tổ khảo sát, Ban",
        ...                alignment=Alignment(16, 16, [Segment(2, 4, 2, 3), Segment(13, 13, 12, 13)]))
        >>> doc.raw_span(13, 16), doc.text_span(4, 8), doc.text[3:7]
        ((13, 16), (3, 7), 'khảo')
        >>> doc.raw_span(12, 13), doc.raw_span(2, 3)  # the space put after the comma; the one kept of two
        ((13, 13), (2, 4))
        """
        return self._alignment(field).raw_span(start, end)

    def text_span(self, raw_start: int, raw_end: int, *, field: str = "text") -> tuple[int, int]:
        """The span of ``text`` (``title`` with ``field="title"``) that ``raw[raw_start:raw_end]``
        became; the reverse of :meth:`raw_span`. Deleted raw text maps to the empty span where it was."""
        return self._alignment(field).text_span(raw_start, raw_end)

    def _alignment(self, field: str) -> Alignment:
        if field not in ("text", "title"):
            raise ValueError(f"field must be 'text' or 'title', got {field!r}")
        kept = self.alignment if field == "text" else self.title_alignment
        if kept is not None:
            return kept
        raw = self.raw if field == "text" else self.raw_title
        text = self.text if field == "text" else self.title
        if raw is not None and raw == text:
            return Alignment.identity(len(raw))
        raise ValueError(f"document {self.id}: no alignment kept for its {field} (made by hand, or read from "
                         "output written before alignments were kept)")

    def ents(self, label: str) -> list[Entity]:
        """Entities with one label, in text order."""
        return [e for e in self.entities if e.label == label]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "authors": [dict(a) for a in self.authors],
            "raw": self.raw,
            "text": self.text,
            "corrections": [c.to_dict() for c in self.corrections],
            "sentences": list(self.sentences),
            "tokens": [list(s) for s in self.tokens],
            "entities": [e.to_dict() for e in self.entities],
            "nested": [e.to_dict() for e in self.nested],
            "topics": [[slug, float(score)] for slug, score in self.topics],
            "topic": self.topic,
            "meta": dict(self.meta),
            "raw_title": self.raw_title,
            "alignment": None if self.alignment is None else self.alignment.to_dict(),
            "title_alignment": None if self.title_alignment is None else self.title_alignment.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a Document from ``to_dict()`` output (e.g. one JSONL line)."""
        return cls(
            raw=data["raw"],
            text=data.get("text", ""),
            title=data.get("title"),
            date=data.get("date"),
            authors=[dict(a) for a in data.get("authors", [])],
            source=data.get("source"),
            corrections=[Correction(**c) for c in data.get("corrections", [])],
            sentences=list(data.get("sentences", [])),
            tokens=[list(s) for s in data.get("tokens", [])],
            entities=[Entity(**e) for e in data.get("entities", [])],
            nested=[Entity(**e) for e in data.get("nested", [])],
            topics=[(slug, float(score)) for slug, score in data.get("topics", [])],
            topic=data.get("topic"),
            meta=dict(data.get("meta", {})),
            raw_title=data.get("raw_title"),
            alignment=_alignment_from(data.get("alignment")),
            title_alignment=_alignment_from(data.get("title_alignment")),
        )

    def _repr_html_(self) -> str:
        from vnpolicy.display import document_html

        return document_html(self)


def _copied(value: Any) -> Any:
    """``value`` copied as :func:`dataclasses.asdict` copies a field: containers rebuilt, plain
    scalars shared, a dataclass made a dict, anything else deep-copied."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if kind is dict:
        return {_copied(k): _copied(v) for k, v in value.items()}
    if kind is list:
        return [_copied(v) for v in value]
    return asdict(_Field(value))["value"]  # anything rarer: asdict's own rules


_ATOMIC = frozenset({str, int, float, bool, type(None)})


@dataclass
class _Field:
    value: Any


def _alignment_from(data: dict[str, Any] | None) -> Alignment | None:
    return None if data is None else Alignment.from_dict(data)
