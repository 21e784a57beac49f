"""The one data model every step exchanges: Article, Document, Correction, Suspect, Entity.

Steps read and enrich a :class:`Document`; nothing else travels between them. Every class is a
plain dataclass that turns into JSON-ready dicts with ``to_dict()``. This module must not import
any step (reading, normalization, models): it is the bottom of the dependency graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Correction:
    """One change made to the raw text, and why.

    ``start``/``end`` are offsets in ``Document.raw`` (the text as read), so that
    ``doc.raw[c.start:c.end] == c.original`` always holds.
    """

    start: int
    end: int
    original: str
    replacement: str
    rule: str  # "nfc", "spacing", "tone_style", "invisible", "typo", ...
    confidence: float = 1.0
    note: str = ""

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

    label: str  # LEGAL_DOC, ORG, DATE, LOC, PER, PROGRAM
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    offsets point into it. ``corrections`` point into ``raw``. ``sentences`` are strings of
    ``text``; ``tokens`` holds one list of words per sentence (syllables joined by a space).
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
        )

    def _repr_html_(self) -> str:
        from vnpolicy.display import document_html

        return document_html(self)
