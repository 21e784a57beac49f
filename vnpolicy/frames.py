"""Documents as pandas tables: ``documents``, ``entities``, ``corrections``, ``topics``.

The tables join on ``doc_id``. This module only reads Documents; it never runs a step.
Batch runs (:mod:`vnpolicy.batch`) add an ``errors`` table of the inputs that gave no document
(``input``, ``kind``, ``error``), so the ``documents`` table only ever holds documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from vnpolicy.document import Correction, Document

if TYPE_CHECKING:  # pandas loads when a table is built, not when the column names are read
    import pandas as pd

#: Where each document came from (``Document.meta``, see :data:`vnpolicy.pipeline.SOURCE_META`).
SOURCE_COLUMNS = ["url", "canonical_url", "site", "category", "published", "updated", "path"]
#: Entity attributes also given a column of their own, so a spreadsheet can filter on them.
ENTITY_FLAT_ATTRS = ("kind", "level", "province", "district", "unit_type", "resolved_name",
                     "doc_type", "number", "code", "year", "issuer", "role")
#: Per-document facts from ``doc.meta`` (place resolution, near-duplicates) given columns.
DOCUMENT_META_COLUMNS = ("province", "district", "cluster_id", "is_canonical")
DOCUMENT_COLUMNS = ["doc_id", "source", "title", "date", "authors", *SOURCE_COLUMNS, "topic", "topic_score",
                    "n_chars", "n_sentences", "n_words", "n_corrections", "n_entities", "text",
                    "author_names", *DOCUMENT_META_COLUMNS]
ENTITY_COLUMNS = ["doc_id", "label", "text", "start", "end", "attrs", "parent", *ENTITY_FLAT_ATTRS]
#: ``start``/``end`` are offsets in the raw text, ``text_start``/``text_end`` in the normalized text;
#: ``field`` says which: the body (``"text"``: ``raw`` → ``text``) or the title (``"title"``).
CORRECTION_COLUMNS = ["doc_id", "start", "end", "original", "replacement", "rule", "confidence", "note",
                      "field", "text_start", "text_end"]
TOPIC_COLUMNS = ["doc_id", "topic", "score", "rank"]
ERROR_COLUMNS = ["input", "kind", "error"]
TABLE_COLUMNS = {"documents": DOCUMENT_COLUMNS, "entities": ENTITY_COLUMNS, "corrections": CORRECTION_COLUMNS,
                 "topics": TOPIC_COLUMNS, "errors": ERROR_COLUMNS}
#: Column types for writers that need a fixed schema (Parquet); every other column is a string.
COLUMN_TYPES = {"topic_score": "float", "score": "float", "confidence": "float",
                "n_chars": "int", "n_sentences": "int", "n_words": "int", "n_corrections": "int",
                "n_entities": "int", "start": "int", "end": "int", "rank": "int", "parent": "int",
                "text_start": "int", "text_end": "int",
                "is_canonical": "bool", "authors": "authors"}


def to_frames(docs: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """Four tables from analysed documents, joinable on ``doc_id`` (and ``errors``, one row per
    Document that ``pipe()`` could not finish, when there are any).

    ``attrs`` and ``authors`` are JSON strings so the tables write to CSV and Parquet unchanged.
    ``entities`` holds the flat entities (``parent`` -1, in text order) followed by the nested parts
    (a document's issuer and date, the place in a body's name) whose ``parent`` is the position of
    their holder among the document's flat rows: count with or without them as the question needs.
    The common attributes also have flat columns (``province``, ``level``, ``doc_type``,
    ``number``, ``code``, ``kind``… in ``entities``; ``author_names`` in ``documents``), empty
    when not set, for people who filter in a spreadsheet.
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
            "author_names": "; ".join(str(a.get("name")) for a in doc.authors if a.get("name")) or None,
            **{c: doc.meta.get(c) for c in DOCUMENT_META_COLUMNS},
        })
        entities += [{"doc_id": doc_id, "label": e.label, "text": e.text, "start": e.start, "end": e.end,
                      "attrs": json.dumps(e.attrs, ensure_ascii=False, sort_keys=True), "parent": -1,
                      **{k: _flat(e.attrs.get(k)) for k in ENTITY_FLAT_ATTRS}} for e in doc.entities]
        entities += [{"doc_id": doc_id, "label": e.label, "text": e.text, "start": e.start, "end": e.end,
                      "attrs": json.dumps({k: v for k, v in e.attrs.items() if k != "parent"}, ensure_ascii=False,
                                          sort_keys=True), "parent": e.attrs.get("parent", -1),
                      **{k: _flat(e.attrs.get(k)) for k in ENTITY_FLAT_ATTRS}} for e in doc.nested]
        corrections += [_correction_row(doc_id, doc, c) for c in doc.corrections]
        topics += [{"doc_id": doc_id, "topic": slug, "score": float(score), "rank": rank}
                   for rank, (slug, score) in enumerate(doc.topics, 1)]
    import pandas as pd

    tables = {
        "documents": pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        "entities": pd.DataFrame(entities, columns=ENTITY_COLUMNS),
        "corrections": pd.DataFrame(corrections, columns=CORRECTION_COLUMNS),
        "topics": pd.DataFrame(topics, columns=TOPIC_COLUMNS),
    }
    if errors:
        tables["errors"] = errors_frame(errors)
    return tables


def _correction_row(doc_id: str, doc: Document, c: Correction) -> dict[str, object]:
    """One correction, placed in the normalized text by the span stored with it, or for one
    read from output that predates stored spans, by the document's alignment (when it has one)."""
    row: dict[str, object] = {"doc_id": doc_id, **c.to_dict()}
    if c.text_start is None or c.text_end is None:
        try:
            row["text_start"], row["text_end"] = doc.text_span(c.start, c.end, field=c.field)
        except (TypeError, ValueError):
            pass
    return row


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _flat(value: object) -> str | None:
    """A spreadsheet cell for one attribute: strings as they are, numbers as text, else JSON."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def errors_frame(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """The ``errors`` table: one row per input that gave no document (``input``, ``kind``, ``error``)."""
    import pandas as pd

    return pd.DataFrame([{c: row.get(c) for c in ERROR_COLUMNS} for row in rows], columns=ERROR_COLUMNS)
