"""Topic classification over the fixed taxonomy of government work (see resources/topics).

PLACEHOLDER: no model yet (issue 5). Public names: ``classify``, ``load_model``.
"""

from __future__ import annotations

from typing import Any


def load_model(path: str | None = None) -> Any:
    """Load a topic model (``None``: the shipped default)."""
    return None


def classify(text: str, *, model: Any = None) -> list[tuple[str, float]]:
    """Topic slugs with scores, best first."""
    return []
