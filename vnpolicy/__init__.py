"""vnpolicy: Vietnamese government and Party news articles into clean, analysable data.

>>> import vnpolicy
>>> doc = vnpolicy.analyze("Tại buổi làm việc,Tổ khảo sát đánh giá cao công tác dân vận.")
>>> doc.text
'Tại buổi làm việc, Tổ khảo sát đánh giá cao công tác dân vận.'

The public names load on first use (PEP 562), so ``import vnpolicy`` stays fast for the
command line and for every worker process: pandas, the models and the CLI are imported only
by the call that needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vnpolicy._version import __version__ as __version__

# public name -> the module that defines it
_EXPORTS = {
    "Article": "vnpolicy.document",
    "Correction": "vnpolicy.document",
    "Document": "vnpolicy.document",
    "Entity": "vnpolicy.document",
    "ModelError": "vnpolicy.errors",
    "Pipeline": "vnpolicy.pipeline",
    "ReadError": "vnpolicy.errors",
    "Suspect": "vnpolicy.document",
    "TextTimeout": "vnpolicy.errors",
    "VnpolicyError": "vnpolicy.errors",
    "analyze": "vnpolicy.pipeline",
    "analyze_folder": "vnpolicy.batch",
    "classify": "vnpolicy.topics",
    "correct": "vnpolicy.text",
    "extract_entities": "vnpolicy.entities",
    "normalize": "vnpolicy.text",
    "read_articles": "vnpolicy.read",
    "sent_tokenize": "vnpolicy.tokenize",
    "to_frames": "vnpolicy.frames",
    "word_tokenize": "vnpolicy.tokenize",
}

__all__ = [
    "Article", "Correction", "Document", "Entity", "ModelError", "Pipeline", "ReadError", "Suspect",
    "TextTimeout", "VnpolicyError", "analyze", "analyze_folder", "classify", "correct", "extract_entities",
    "normalize", "read_articles", "sent_tokenize", "to_frames", "word_tokenize",
]

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ provides them
    from vnpolicy.batch import analyze_folder
    from vnpolicy.document import Article, Correction, Document, Entity, Suspect
    from vnpolicy.entities import extract_entities
    from vnpolicy.errors import ModelError, ReadError, TextTimeout, VnpolicyError
    from vnpolicy.frames import to_frames
    from vnpolicy.pipeline import Pipeline, analyze
    from vnpolicy.read import read_articles
    from vnpolicy.text import correct, normalize
    from vnpolicy.tokenize import sent_tokenize, word_tokenize
    from vnpolicy.topics import classify


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vnpolicy' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
