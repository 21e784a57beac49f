"""Normalization rules: Unicode form, invisible characters, spacing, tone-mark placement.

Each rule is a small function ``rule(text) -> list[Edit]`` proposing edits in the offsets of the
text it is given; :func:`apply_normalization` runs them in a fixed order on a
:class:`~vnpolicy.text.trace.TextTrace`. Rules here never change a word into another word: that
is the typo corrector's job (``spelling.py``).

PLACEHOLDER: a first cut; the full rule set is being written (issue 2).
"""

from __future__ import annotations

import unicodedata

import regex

from vnpolicy.text.trace import Edit, TextTrace

DEFAULT_TONE_STYLE = "old"
TONE_STYLES = ("old", "new")


def nfc_edits(text: str) -> list[Edit]:
    """Compose decomposed characters (NFD input from Mac or Word) into NFC."""
    edits = []
    for m in regex.finditer(r"\X", text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits.append(Edit(m.start(), m.end(), composed, "nfc"))
    return edits


def spacing_edits(text: str) -> list[Edit]:
    """A space after a comma or semicolon glued to the next word; a digit glued to a word."""
    edits = [Edit(m.end() - 1, m.end() - 1, " ", "spacing") for m in regex.finditer(r"(?<=\p{L})[,;]\p{Lu}", text)]
    edits += [Edit(m.start() + 1, m.start() + 1, " ", "spacing") for m in regex.finditer(r"(?<=\b\d+)\d(?=\p{Ll}{2,})", text)]
    edits += [Edit(m.start(), m.end(), " ", "spacing") for m in regex.finditer(r"(?<=\S) {2,}(?=\S)", text)]
    return edits


def apply_normalization(trace: TextTrace, *, tone_style: str = DEFAULT_TONE_STYLE) -> None:
    """Run every normalization rule, in order, on ``trace``."""
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES}, got {tone_style!r}")
    for rule in (nfc_edits, spacing_edits):
        trace.apply(rule(trace.text))
