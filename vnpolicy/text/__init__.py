"""Normalization and typo correction: the clean text, and every change explained.

``correct`` runs the normalization rules (``normalize.py``) and then the typo corrector
(``spelling.py``) on one :class:`~vnpolicy.text.trace.TextTrace`, so every change comes back as a
:class:`~vnpolicy.document.Correction` with offsets in the text that was passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnpolicy.budget import check
from vnpolicy.document import Correction, Suspect
from vnpolicy.text.normalize import (
    DEFAULT_TONE_STYLE,
    apply_normalization,
    apply_styles,
    spacing_edits,
    symbol_spacing_edits,
)
from vnpolicy.text.trace import Edit, TextTrace

if TYPE_CHECKING:
    from vnpolicy.text.spelling.diacritics import PlainSpan

MODES = ("auto", "review")
_NOT_TYPOS = frozenset({"nfc", "tone_style", "spelling_style", "invisible"})  # style and encoding, not an editor's concern


@dataclass
class Corrected:
    """The clean text, the list of changes that made it, and what review mode suspects.

    In ``mode="review"`` the text is the text as passed in and ``corrections`` is empty: every
    change auto mode would make, every slip below its threshold and every likely missing word
    is a :class:`~vnpolicy.document.Suspect` instead. Sentences typed without diacritics are
    listed as suspects (rule ``"no_diacritics"``) in both modes when they are left alone.
    """

    text: str
    corrections: list[Correction] = field(default_factory=list)
    suspects: list[Suspect] = field(default_factory=list)
    raw: str = ""  # the text as passed in

    def _repr_html_(self) -> str:
        from vnpolicy.display import corrected_html

        return corrected_html(self)


def correct_trace(
    trace: TextTrace,
    *,
    tone_style: str = DEFAULT_TONE_STYLE,
    typos: bool = True,
    typo_threshold: float | None = None,
    restore_diacritics: bool = False,
    suspects: bool = True,
) -> list[Suspect]:
    """Normalize (and, with ``typos``, fix typing slips in) the text held by ``trace``.

    Returns the sentences typed without diacritics that were left alone, as suspects (raw
    offsets); with ``restore_diacritics`` they are restored instead. ``suspects=False`` returns
    none and builds none, for a caller that does not read them (the pipeline): each carries its
    sentence restored, and on a text typed without marks that restoring cost over ten times the
    rest of the step. The text and its corrections are the same either way.
    """
    apply_normalization(trace, tone_style=tone_style)
    if not typos:
        return []
    from vnpolicy.text.spelling import typo_edits
    from vnpolicy.text.spelling.diacritics import inside, no_diacritics_spans, restore_edits
    from vnpolicy.text.spelling.domain_words import domain_word_edits
    from vnpolicy.text.spelling.known_slips import known_misspelling_edits
    from vnpolicy.text.spelling.phrases import CONFIDENCE as PHRASE_CONFIDENCE
    from vnpolicy.text.spelling.phrases import phrase_edits
    from vnpolicy.text.spelling.slips import slip_edits

    spans = no_diacritics_spans(trace.text)
    if spans and restore_diacritics:
        trace.apply(restore_edits(trace.text, spans, style=tone_style))
        spans = no_diacritics_spans(trace.text)
    found = _no_diacritics_suspects(trace, spans, tone_style) if suspects else []
    split = [e for e in slip_edits(trace.text) if not inside(spans, e.start, e.end)]
    trace.apply(split)
    check("typos")
    spans = no_diacritics_spans(trace.text) if split else spans
    # Phrase rules before the corrector, each reading the text the one before it mended: set
    # phrases, whose wider window decides slips the corrector's two neighbours cannot ("đại đoàn
    # hết toàn dân tộc"); a domain word whose slip the news writes only across a word boundary
    # ("đồng bảo"); a well-known misspelling of a two-syllable word whose typed syllables are real
    # words ("tranh dành"). The corrector then reads the mended text.
    phrased: list[Edit] = []
    if (typo_threshold or 0.0) <= PHRASE_CONFIDENCE:
        for rule in (phrase_edits, domain_word_edits, known_misspelling_edits):
            mended = [e for e in rule(trace.text) if not inside(spans, e.start, e.end)]
            if mended:
                trace.apply(mended)
                spans = no_diacritics_spans(trace.text)
                phrased += mended
    edits = [e for e in typo_edits(trace.text, threshold=typo_threshold, tone_style=tone_style) if not inside(spans, e.start, e.end)]
    trace.apply(edits)
    check("typos")
    if split or phrased or edits:  # fixed words get the spacing and tone-mark style of the rest ("0,xq" → "0, xa")
        trace.apply(spacing_edits(trace.text))
        trace.apply(symbol_spacing_edits(trace.text))
        apply_styles(trace, tone_style)
    _forget_token_streams()
    return found


def _forget_token_streams() -> None:
    """Drop the token streams the typo rules kept for this text's versions (``token_list``,
    ``token_keys``): nothing reads them after the correction, and the next text has its own.

    Why: kept, an article's few thousand tokens outlived it, and the collector (paused during
    the article, see :mod:`vnpolicy.resident`) walked them once it was done."""
    from vnpolicy.text.spelling.model import token_list
    from vnpolicy.text.spelling.phrases import token_keys

    token_list.cache_clear()
    token_keys.cache_clear()


def _no_diacritics_suspects(trace: TextTrace, spans: list[PlainSpan], tone_style: str) -> list[Suspect]:
    """The sentences typed without diacritics (``spans``, offsets in ``trace.text``) as suspects
    with raw offsets, each suggesting its sentence restored."""
    found = []
    for span in spans:
        restored = _restored(trace.text, span, tone_style)
        start, end = trace.raw_span(span.start, span.end)
        found.append(
            Suspect(
                start,
                end,
                trace.raw[start:end],
                [restored],
                0.9,
                "no_diacritics",
                f"typed without diacritics ({span.stripped} of {span.syllables} syllables are nearly always "
                "written with marks): left as written; restore_diacritics=True restores the whole sentence",
            )
        )
    return found


def _restored(text: str, span, tone_style: str) -> str:
    from vnpolicy.text.spelling.diacritics import restore_edits

    piece = text[span.start : span.end]
    trace = TextTrace(piece)
    moved = [Edit(e.start - span.start, e.end - span.start, e.replacement, e.rule) for e in restore_edits(text, [span], style=tone_style)]
    trace.apply(moved)
    return trace.text


def _review(text: str, *, tone_style: str, typo_threshold: float | None, restore_diacritics: bool) -> list[Suspect]:
    """Everything auto mode would change, plus the slips below its threshold and likely missing
    words, as suspects with raw offsets, best suggestion first."""
    from vnpolicy.text.spelling.corrector import typo_suspects
    from vnpolicy.text.spelling.diacritics import inside, no_diacritics_spans
    from vnpolicy.text.spelling.slips import missing_word_suspects

    trace = TextTrace(text)
    suspects = correct_trace(
        trace, tone_style=tone_style, typo_threshold=typo_threshold, restore_diacritics=restore_diacritics
    )
    for c in trace.corrections:
        if c.rule not in _NOT_TYPOS:
            suspects.append(Suspect(c.start, c.end, c.original, [c.replacement], c.confidence, c.rule, c.note))
    taken = [(s.start, s.end) for s in suspects]

    def free(start: int, end: int) -> bool:
        return not any(a < max(end, start + 1) and start < max(b, a + 1) for a, b in taken)

    spans = no_diacritics_spans(trace.text)
    for edit, others in typo_suspects(trace.text, tone_style=tone_style):
        if inside(spans, edit.start, edit.end):
            continue
        start, end = trace.raw_span(edit.start, edit.end)
        if free(start, end):
            suspects.append(Suspect(start, end, text[start:end], [edit.replacement, *others], edit.confidence, "typo", edit.note))
            taken.append((start, end))
    for at, word, confidence, note in missing_word_suspects(trace.text):
        if inside(spans, at, at):
            continue
        start, _ = trace.raw_span(at, at)
        suspects.append(Suspect(start, start, "", [word], confidence, "missing_word", note))
    suspects.sort(key=lambda s: (s.start, s.end))
    return suspects


def correct(
    text: str,
    *,
    mode: str = "auto",
    restore_diacritics: bool = False,
    tone_style: str = DEFAULT_TONE_STYLE,
    typos: bool = True,
    typo_threshold: float | None = None,
) -> Corrected:
    """Normalize ``text`` and fix typos; return the clean text with every change explained.

    ``mode="review"`` changes nothing and lists suspects instead (``.suspects``): what auto mode
    would fix, slips below its threshold and likely missing words, each with suggestions,
    confidence and evidence. ``restore_diacritics=True`` restores sentences typed without
    diacritics (left alone, and listed as suspects, by default).

    >>> result = correct("làm việc,Tổ khảo sát")
    >>> result.text
    'làm việc, Tổ khảo sát'
    >>> [(c.start, c.end, c.original, c.replacement, c.rule) for c in result.corrections]
    [(8, 9, ',', ', ', 'spacing')]
    >>> review = correct("công tác kiểm tại cơ sở", mode="review")
    >>> review.text, [(s.start, s.suggestions[0], s.rule) for s in review.suspects]
    ('công tác kiểm tại cơ sở', [(13, 'tra', 'missing_word')])
    """
    if not isinstance(text, str):
        raise TypeError(f"correct() needs a str, got {type(text).__name__}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if mode == "review":
        suspects = _review(text, tone_style=tone_style, typo_threshold=typo_threshold, restore_diacritics=restore_diacritics)
        return Corrected(text, [], suspects, text)
    trace = TextTrace(text)
    suspects = correct_trace(
        trace, tone_style=tone_style, typos=typos, typo_threshold=typo_threshold, restore_diacritics=restore_diacritics
    )
    return Corrected(trace.text, list(trace.corrections), suspects, text)


def normalize(
    text: str,
    *,
    tone_style: str = DEFAULT_TONE_STYLE,
    typos: bool = True,
    typo_threshold: float | None = None,
    restore_diacritics: bool = False,
) -> str:
    """The clean text: Unicode, tone style, spacing and typo fixes.

    >>> normalize("Qua 01 năm thực hiện Nghị quyết số 01của Ban Chấp hành")
    'Qua 01 năm thực hiện Nghị quyết số 01 của Ban Chấp hành'
    """
    return correct(
        text, tone_style=tone_style, typos=typos, typo_threshold=typo_threshold, restore_diacritics=restore_diacritics
    ).text


__all__ = ["MODES", "Corrected", "Edit", "TextTrace", "correct", "correct_trace", "normalize"]
