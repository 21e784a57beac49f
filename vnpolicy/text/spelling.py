"""Typo correction: real Vietnamese typing slips, fixed only when the statistics are sure.

PLACEHOLDER: returns no edits until the corrector lands (issue 3).
"""

from __future__ import annotations

from vnpolicy.text.trace import Edit


def typo_edits(text: str, *, threshold: float | None = None) -> list[Edit]:
    """Edits (rule ``"typo"``) for the typing slips found in ``text``."""
    return []
