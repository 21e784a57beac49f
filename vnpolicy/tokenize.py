"""Sentences and words, with underthesea or pyvi underneath.

PLACEHOLDER: plain backend calls; protected spans (document numbers, dates, domain terms) are
being written (issue 2). Words are returned as underthesea does: syllables joined by a space.
"""

from __future__ import annotations

BACKENDS = ("underthesea", "pyvi")


def sent_tokenize(text: str) -> list[str]:
    """Split ``text`` into sentences."""
    from underthesea import sent_tokenize as _sent_tokenize

    return [s for s in _sent_tokenize(text) if s.strip()]


def word_tokenize(text: str, *, backend: str = "underthesea") -> list[str]:
    """Split ``text`` into words (syllables of one word joined by a space)."""
    if backend == "underthesea":
        from underthesea import word_tokenize as _word_tokenize

        return _word_tokenize(text)
    if backend == "pyvi":
        from pyvi import ViTokenizer

        return [w.replace("_", " ") for w in ViTokenizer.tokenize(text).split()]
    raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
