"""HTML view of a Document for Jupyter. Reads a Document; never runs a step.

PLACEHOLDER: plain escaped text until the rich view lands (issue 7).
"""

from __future__ import annotations

import html

from vnpolicy.document import Document


def document_html(doc: Document) -> str:
    """The document as an HTML fragment; every piece of article text is escaped."""
    title = html.escape(doc.title or "")
    body = html.escape(doc.text).replace("\n", "<br>")
    return f"<div class='vnpolicy-doc'><h3>{title}</h3><p>{body}</p></div>"
