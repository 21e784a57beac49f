"""Normalization and typo correction: the clean text, and every change explained.

``correct`` runs the normalization rules (``normalize.py``) and then the typo corrector
(``spelling.py``) on one :class:`~vnpolicy.text.trace.TextTrace`, so every change comes back as a
:class:`~vnpolicy.document.Correction` with offsets in the text that was passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vnpolicy.budget import check
from vnpolicy.document import Correction
from vnpolicy.text.normalize import DEFAULT_TONE_STYLE, apply_normalization
from vnpolicy.text.trace import Edit, TextTrace


@dataclass
class Corrected:
    """The clean text and the list of changes that made it."""

    text: str
    corrections: list[Correction] = field(default_factory=list)


def correct_trace(
    trace: TextTrace,
    *,
    tone_style: str = DEFAULT_TONE_STYLE,
    typos: bool = True,
    typo_threshold: float | None = None,
) -> None:
    """Normalize (and, with ``typos``, fix typing slips in) the text held by ``trace``."""
    apply_normalization(trace, tone_style=tone_style)
    if typos:
        from vnpolicy.text.spelling import typo_edits

        trace.apply(typo_edits(trace.text, threshold=typo_threshold, tone_style=tone_style))
        check("typos")


def correct(
    text: str,
    *,
    tone_style: str = DEFAULT_TONE_STYLE,
    typos: bool = True,
    typo_threshold: float | None = None,
) -> Corrected:
    """Normalize ``text`` and fix typos; return the clean text with every change explained.

    >>> result = correct("làm việc,Tổ khảo sát")
    >>> result.text
    'làm việc, Tổ khảo sát'
    >>> [(c.start, c.end, c.original, c.replacement, c.rule) for c in result.corrections]
    [(8, 9, ',', ', ', 'spacing')]
    """
    if not isinstance(text, str):
        raise TypeError(f"correct() needs a str, got {type(text).__name__}")
    trace = TextTrace(text)
    correct_trace(trace, tone_style=tone_style, typos=typos, typo_threshold=typo_threshold)
    return Corrected(trace.text, list(trace.corrections))


def normalize(
    text: str,
    *,
    tone_style: str = DEFAULT_TONE_STYLE,
    typos: bool = True,
    typo_threshold: float | None = None,
) -> str:
    """The clean text: Unicode, tone style, spacing and typo fixes.

    >>> normalize("Qua 01 năm thực hiện Nghị quyết số 01của Ban Chấp hành")
    'Qua 01 năm thực hiện Nghị quyết số 01 của Ban Chấp hành'
    """
    return correct(text, tone_style=tone_style, typos=typos, typo_threshold=typo_threshold).text


__all__ = ["Corrected", "Edit", "TextTrace", "correct", "correct_trace", "normalize"]
