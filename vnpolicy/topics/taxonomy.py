"""The 13 fixed topics of government work: slugs, Vietnamese names, descriptions, key phrases.

The knowledge lives in ``resources/topics/taxonomy.json``; this module only reads it. It must not
hold topic words itself, nor know anything about models.

>>> TOPIC_SLUGS[0], topic_name("dan_van")
('dan_van', 'Dân vận')
>>> len(TOPIC_SLUGS)
13
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from vnpolicy.resources import read_text


@dataclass(frozen=True)
class Topic:
    """One topic: its fixed slug, display name, description and typical phrases."""

    slug: str
    name: str
    description: str
    key_phrases: tuple[str, ...]


@lru_cache(maxsize=1)
def load_taxonomy() -> tuple[Topic, ...]:
    """The shipped taxonomy, in DESIGN.md order."""
    data = json.loads(read_text("topics", "taxonomy.json"))
    return tuple(
        Topic(t["slug"], t["name"], t["description"], tuple(t.get("key_phrases", ()))) for t in data["topics"]
    )


TOPIC_SLUGS: tuple[str, ...] = tuple(t.slug for t in load_taxonomy())


def topic_name(slug: str) -> str:
    """Vietnamese display name of a slug; the slug itself for labels outside the taxonomy."""
    for t in load_taxonomy():
        if t.slug == slug:
            return t.name
    return slug
