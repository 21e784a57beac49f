"""Errors that users see: each names the input and the problem, never a bare traceback."""

from __future__ import annotations


class VnpolicyError(Exception):
    """Base class for every error vnpolicy raises on purpose."""


class ReadError(VnpolicyError):
    """An input that cannot be read as an article: names the file and what is wrong with it."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelError(VnpolicyError):
    """A model file that is missing, corrupt, from another version or not a model at all."""


class TextTimeout(VnpolicyError):
    """A text that used up its time budget (``Pipeline(timeout=…)``): names the step it was in."""

    def __init__(self, step: str, seconds: float) -> None:
        self.step = step
        self.seconds = seconds
        super().__init__(f"the {step} step went over the time budget of {seconds:g} s for one text")
