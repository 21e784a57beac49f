"""Toys for tests/test_registries.py, at module level so worker processes can import them by
reference: a label family (EVENT), a segmenter backend and two pipeline steps."""

from __future__ import annotations

import re

from vnpolicy.document import Document, Entity
from vnpolicy.entities import nested_entities
from vnpolicy.entities.resolve import resolve

# "Lễ kỷ niệm 90 năm Ngày truyền thống công tác Dân vận của Đảng": a commemoration, up to the
# next punctuation mark.
_EVENT = re.compile(r"Lễ kỷ niệm \d+ năm [^,.;:\n]+")


def find_events(text: str) -> list[Entity]:
    return [Entity("EVENT", m.group(), m.start(), m.end()) for m in _EVENT.finditer(text)]


def event_step(doc: Document, state: object) -> None:
    """The EVENT family as a step after "entities": its candidates go through the same resolver."""
    doc.entities = resolve(doc.entities + find_events(doc.text))
    doc.nested = nested_entities(doc.text, doc.entities, doc.date)  # their parents index doc.entities


def count_words(doc: Document, state: object) -> None:
    doc.meta["n_words"] = sum(len(sentence) for sentence in doc.tokens)


def shout_title(doc: Document, state: object) -> None:
    doc.title = (doc.title or "").upper()


_SYLLABLE = re.compile(r"\w+|[^\w\s]")


class Syllables:
    """A segmenter that makes every syllable a word of its own."""

    name = "syllables"

    def pretokenize(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return [m.span() for m in _SYLLABLE.finditer(text, start, end)]

    def word_starts(self, tokens: list[str], forced: list[bool]) -> list[bool]:
        return [True] * len(tokens)
