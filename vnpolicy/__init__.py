"""vnpolicy: Vietnamese government and Party news articles into clean, analysable data.

>>> import vnpolicy
>>> doc = vnpolicy.analyze("Tại buổi làm việc,Tổ khảo sát đánh giá cao công tác dân vận.")
>>> doc.text
'Tại buổi làm việc, Tổ khảo sát đánh giá cao công tác dân vận.'
"""

from __future__ import annotations

from vnpolicy.batch import analyze_folder
from vnpolicy.document import Article, Correction, Document, Entity
from vnpolicy.entities import extract_entities
from vnpolicy.errors import ModelError, ReadError, TextTimeout, VnpolicyError
from vnpolicy.frames import to_frames
from vnpolicy.pipeline import Pipeline, analyze
from vnpolicy.read import read_articles
from vnpolicy.text import correct, normalize
from vnpolicy.tokenize import sent_tokenize, word_tokenize
from vnpolicy.topics import classify

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Correction",
    "Document",
    "Entity",
    "ModelError",
    "Pipeline",
    "ReadError",
    "TextTimeout",
    "VnpolicyError",
    "analyze",
    "analyze_folder",
    "classify",
    "correct",
    "extract_entities",
    "normalize",
    "read_articles",
    "sent_tokenize",
    "to_frames",
    "word_tokenize",
]
