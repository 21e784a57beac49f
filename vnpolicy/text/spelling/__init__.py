"""Typo correction: real Vietnamese typing slips, fixed only when the statistics are sure.

``typo_edits(text)`` returns one :class:`~vnpolicy.text.trace.Edit` (rule ``"typo"``, with a
confidence and a note saying why) per syllable it fixes; ``vnpolicy.correct`` turns them into
:class:`~vnpolicy.document.Correction` objects with offsets in the raw text.

* ``model.py`` — the shipped statistics (``vnpolicy/resources/spelling/``) and their lookups;
* ``corrector.py`` — candidates, scoring and the decision to fix or leave alone;
* ``tone_judge.py`` — a learned judge (logistic regression, plain JSON) for the tone slips the
  corrector's hand rules leave alone;
* ``slips.py`` — slips that change the number of words (glued syllables, a word typed twice),
  and words left out (review mode);
* ``phrases.py`` — a slip inside a set phrase ("Phí Bí thư" → "Phó Bí thư"), decided on the
  whole phrase, before the corrector reads it;
* ``domain_words.py`` — a slip of a two-syllable domain word that the news writes only across a
  word boundary ("Bà con đồng bảo các dân tộc" → "đồng bào"), where nothing around binds it;
* ``known_slips.py`` — a well-known misspelling of a two-syllable word whose typed syllables are
  real words ("tranh dành" → "tranh giành", "xử dụng" → "sử dụng"), where nothing around binds it;
* ``diacritics.py`` — text typed without diacritics: recognised, left alone or restored.

The statistics are rebuilt by ``python scripts/build_spelling_model.py``; the measurements are
made by ``python benchmarks/typos.py``.
"""

from __future__ import annotations

from vnpolicy.text.spelling.corrector import DEFAULT_THRESHOLD, typo_edits
from vnpolicy.text.spelling.model import load_model

__all__ = ["DEFAULT_THRESHOLD", "load_model", "typo_edits"]
