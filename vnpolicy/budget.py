"""A time budget for the work on one text: ``Pipeline(timeout=…)``.

The pipeline opens a budget around each text (:func:`time_budget`); the steps call
:func:`check` between their pieces (each normalization rule, the typo pass, each sentence's
words, each entity finder, the topic model). Once the deadline has passed, the next check raises
:class:`~vnpolicy.errors.TextTimeout` naming the step. The budget is cooperative: a piece that has
started runs to its end, so every pattern and loop must be linear in its text (issue 16; the
doubling tests in ``tests/test_adversarial.py`` hold them to it). Outside a budget, :func:`check`
costs one context-variable lookup. This room must not know what the steps do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from vnpolicy.errors import TextTimeout

# (deadline on the monotonic clock, the budget in seconds), or None outside a budget.
_deadline: ContextVar[tuple[float, float] | None] = ContextVar("vnpolicy_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Give the work inside the block ``seconds`` of wall time (None: no limit)."""
    if seconds is None:
        yield
        return
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check(step: str) -> None:
    """Raise :class:`TextTimeout` if the current budget is spent; ``step`` names the work under way."""
    budget = _deadline.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise TextTimeout(step, budget[1])
