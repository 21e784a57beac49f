"""Documents as pandas tables: ``documents``, ``entities``, ``corrections``, ``topics``.

The tables join on ``doc_id``. This module only reads Documents; it never runs a step.
Batch runs (:mod:`vnpolicy.batch`) add an ``errors`` table of the inputs that gave no document
(``input``, ``kind``, ``error``), so the ``documents`` table only ever holds documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from vnpolicy.document import Document

#: Where each document came from (``Document.meta``, see :data:`vnpolicy.pipeline.SOURCE_META`).
SOURCE_COLUMNS = ["url", "canonical_url", "site", "category", "published", "updated", "path"]
DOCUMENT_COLUMNS = ["doc_id", "source", "title", "date", "authors", *SOURCE_COLUMNS, "topic", "topic_score",
                    "n_chars", "n_sentences", "n_words", "n_corrections", "n_entities", "text"]
ENTITY_COLUMNS = ["doc_id", "label", "text", "start", "end", "attrs", "parent"]
CORRECTION_COLUMNS = ["doc_id", "start", "end", "original", "replacement", "rule", "confidence", "note"]
TOPIC_COLUMNS = ["doc_id", "topic", "score", "rank"]
ERROR_COLUMNS = ["input", "kind", "error"]
TABLE_COLUMNS = {"documents": DOCUMENT_COLUMNS, "entities": ENTITY_COLUMNS, "corrections": CORRECTION_COLUMNS,
                 "topics": TOPIC_COLUMNS, "errors": ERROR_COLUMNS}
#: Column types for writers that need a fixed schema (Parquet); every other column is a string.
COLUMN_TYPES = {"topic_score": "float", "score": "float", "confidence": "float",
                "n_chars": "int", "n_sentences": "int", "n_words": "int", "n_corrections": "int",
                "n_entities": "int", "start": "int", "end": "int", "rank": "int", "parent": "int"}


def to_frames(docs: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """Four tables from analysed documents, joinable on ``doc_id`` (and ``errors``, one row per
    Document that ``pipe()`` could not finish, when there are any).

    ``attrs`` and ``authors`` are JSON strings so the tables write to CSV and Parquet unchanged.
    ``entities`` holds the flat entities (``parent`` -1, in text order) followed by the nested parts
    (a document's issuer and date, the place in a body's name) whose ``parent`` is the position of
    their holder among the document's flat rows: count with or without them as the question needs.
    """
    documents, entities, corrections, topics, errors = [], [], [], [], []
    for doc in docs:
        doc_id = doc.id
        if doc.meta.get("error"):  # a text pipe() could not finish (over its time budget)
            errors.append({"input": doc_id, "kind": doc.meta.get("error_kind", "error"), "error": doc.meta["error"]})
            continue
        documents.append({
            "doc_id": doc_id, "source": doc.source, "title": doc.title, "date": doc.date,
            "authors": json.dumps(doc.authors, ensure_ascii=False),
            **{key: _text(doc.meta.get(key)) for key in SOURCE_COLUMNS},
            "topic": doc.topic, "topic_score": doc.topics[0][1] if doc.topics else None,
            "n_chars": len(doc.text), "n_sentences": len(doc.sentences), "n_words": len(doc.words),
            "n_corrections": len(doc.corrections), "n_entities": len(doc.entities), "text": doc.text,
        })
        entities += [{"doc_id": doc_id, "label": e.label, "text": e.text, "start": e.start, "end": e.end,
                      "attrs": json.dumps(e.attrs, ensure_ascii=False, sort_keys=True), "parent": -1} for e in doc.entities]
        entities += [{"doc_id": doc_id, "label": e.label, "text": e.text, "start": e.start, "end": e.end,
                      "attrs": json.dumps({k: v for k, v in e.attrs.items() if k != "parent"}, ensure_ascii=False,
                                          sort_keys=True), "parent": e.attrs.get("parent", -1)} for e in doc.nested]
        corrections += [{"doc_id": doc_id, **c.to_dict()} for c in doc.corrections]
        topics += [{"doc_id": doc_id, "topic": slug, "score": float(score), "rank": rank}
                   for rank, (slug, score) in enumerate(doc.topics, 1)]
    tables = {
        "documents": pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        "entities": pd.DataFrame(entities, columns=ENTITY_COLUMNS),
        "corrections": pd.DataFrame(corrections, columns=CORRECTION_COLUMNS),
        "topics": pd.DataFrame(topics, columns=TOPIC_COLUMNS),
    }
    if errors:
        tables["errors"] = errors_frame(errors)
    return tables


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def errors_frame(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """The ``errors`` table: one row per input that gave no document (``input``, ``kind``, ``error``)."""
    return pd.DataFrame([{c: row.get(c) for c in ERROR_COLUMNS} for row in rows], columns=ERROR_COLUMNS)
