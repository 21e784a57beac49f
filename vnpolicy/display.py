"""HTML view of a Document for Jupyter: entities highlighted, corrections explained, topic bars.

``Document._repr_html_`` calls :func:`document_html`. The view only *reads* a Document; it never
runs a step, and it never trusts article text: every piece of it (title, byline, body, entity
attributes, corrections) goes through :func:`html.escape` with ``quote=True`` before it reaches
the page. The CSS is inline and scoped under ``.vnp-doc``; there is no JavaScript. Colours are
semi-transparent backgrounds with a border and inherited text colour, so the same markup reads
in JupyterLab's light and dark themes.

This module must not import pandas, models or any pipeline step.
"""

from __future__ import annotations

import html
import json
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vnpolicy.document import Correction, Document, Entity, Suspect

#: Label → (RGB of the highlight, what the label means). Order is the legend's order.
LABEL_STYLES: dict[str, tuple[str, str]] = {
    "LEGAL_DOC": ("230, 126, 34", "văn bản: nghị quyết, quyết định, luật…"),
    "ORG": ("52, 152, 219", "cơ quan, tổ chức"),
    "DATE": ("46, 204, 113", "ngày, giai đoạn"),
    "LOC": ("155, 89, 182", "địa danh, đơn vị hành chính"),
    "PER": ("231, 76, 60", "người"),
    "PROGRAM": ("241, 196, 15", "phong trào, chương trình"),
}
_OTHER_RGB = "127, 140, 141"
_CORRECTION_RGB = "231, 76, 60"
_SUSPECT_RGB = "41, 128, 185"  # review mode: suspected, not changed
TOP_TOPICS = 5

_CSS = f"""
<style>
.vnp-doc {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  line-height: 1.6; max-width: 60em; color: inherit; }}
.vnp-doc h3.vnp-title {{ margin: 0 0 .2em 0; font-size: 1.25em; line-height: 1.3; }}
.vnp-doc .vnp-meta {{ opacity: .75; font-size: .9em; margin-bottom: .6em; }}
.vnp-doc .vnp-meta span + span::before {{ content: " · "; }}
.vnp-doc .vnp-panel {{ display: flex; flex-wrap: wrap; gap: 1.5em; margin: .4em 0 .8em 0;
  font-size: .85em; }}
.vnp-doc .vnp-legend {{ display: flex; flex-wrap: wrap; gap: .35em; align-content: flex-start;
  max-width: 32em; }}
.vnp-doc .vnp-panel h4 {{ margin: 0 0 .3em 0; font-size: 1em; opacity: .8; width: 100%; }}
.vnp-doc mark.vnp-ent {{ color: inherit; padding: 0 .15em; border-radius: .25em;
  border: 1px solid; box-decoration-break: clone; -webkit-box-decoration-break: clone; }}
.vnp-doc .vnp-lbl {{ font-size: .62em; font-weight: 600; letter-spacing: .03em; opacity: .8;
  margin-left: .3em; vertical-align: middle; text-transform: uppercase; }}
.vnp-doc .vnp-key {{ border: 1px solid; border-radius: .25em; padding: 0 .4em; white-space: nowrap; }}
.vnp-doc .vnp-fix {{ text-decoration: underline wavy rgba({_CORRECTION_RGB}, .9);
  text-decoration-skip-ink: none; text-underline-offset: .2em; cursor: help; }}
.vnp-doc .vnp-fix-mark {{ color: rgb({_CORRECTION_RGB}); font-size: .7em; vertical-align: super;
  cursor: help; }}
.vnp-doc .vnp-suspect {{ text-decoration: underline dotted rgba({_SUSPECT_RGB}, .95);
  text-decoration-thickness: 2px; text-underline-offset: .25em; background: rgba({_SUSPECT_RGB}, .10); cursor: help; }}
.vnp-doc .vnp-suspect-mark {{ color: rgb({_SUSPECT_RGB}); font-size: .75em; vertical-align: super; cursor: help; }}
.vnp-doc .vnp-topics {{ min-width: 18em; }}
.vnp-doc .vnp-topic {{ display: grid; grid-template-columns: minmax(12em, 17em) 8em 3em; align-items: center;
  gap: .4em; }}
.vnp-doc .vnp-bar {{ height: .7em; border-radius: .2em; background: rgba(127, 127, 127, .18); }}
.vnp-doc .vnp-bar > div {{ height: 100%; border-radius: .2em; background: rgba(52, 152, 219, .75); }}
.vnp-doc .vnp-best {{ font-weight: 600; }}
.vnp-doc .vnp-body {{ white-space: pre-wrap; overflow-wrap: anywhere; margin: .4em 0; }}
.vnp-doc details {{ font-size: .85em; margin-top: .6em; }}
.vnp-doc table.vnp-fixes {{ border-collapse: collapse; margin-top: .3em; }}
.vnp-doc table.vnp-fixes td, .vnp-doc table.vnp-fixes th {{ text-align: left; padding: .1em .6em;
  border-bottom: 1px solid rgba(127, 127, 127, .3); color: inherit; background: transparent; }}
.vnp-doc table.vnp-fixes code {{ font-family: inherit; }}
.vnp-doc table.vnp-fixes td:nth-child(2), .vnp-doc table.vnp-fixes th {{ white-space: nowrap; }}
.vnp-doc code {{ background: rgba(127, 127, 127, .15); color: inherit; padding: 0 .2em;
  border-radius: .2em; }}
</style>
"""


def _esc(value: Any) -> str:
    """Escape any value for use in element text *and* in quoted attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


_SHOW_SPACE = str.maketrans({" ": "␣", "\n": "↵", "\t": "⇥", "\u00a0": "⍽", "\u200b": "⍿"})


def shown_pair(original: str, replacement: str) -> tuple[str, str]:
    """Before and after, readable: when only whitespace changes, the whitespace is made visible.

    >>> shown_pair("", " ")
    ('∅', '␣')
    >>> shown_pair("01của", "01 của")
    ('01của', '01␣của')
    >>> shown_pair("Tồ quốc", "Tổ quốc")
    ('Tồ quốc', 'Tổ quốc')
    """
    original, replacement = original or "", replacement or ""
    if "".join(original.split()) == "".join(replacement.split()):
        original, replacement = original.translate(_SHOW_SPACE), replacement.translate(_SHOW_SPACE)
    return original or "∅", replacement or "∅"


def correction_label(c: Correction) -> str:
    """The hover text of a correction: ``before → after (rule, confidence)``.

    >>> correction_label(Correction(0, 6, "Tồ quốc", "Tổ quốc", "typo", 0.97))
    'Tồ quốc → Tổ quốc (typo, 0.97)'
    >>> correction_label(Correction(9, 9, "", " ", "spacing"))
    '∅ → ␣ (spacing)'
    """
    extra = c.rule if _confidence(c) in ("", "1.00") else f"{c.rule}, {_confidence(c)}"
    before, after = shown_pair(c.original, c.replacement)
    label = f"{before} → {after} ({extra})"
    if c.note:
        label += f": {c.note}"
    return label


def _topic_name(slug: str) -> str:
    try:
        from vnpolicy.topics.taxonomy import topic_name

        return topic_name(slug)
    except Exception:  # the view must render even without the taxonomy
        return slug


# -- where corrections sit in doc.text ----------------------------------------------------


def locate_corrections(doc: Document) -> list[tuple[Correction, int | None, int | None]]:
    """Each correction with the span of ``doc.text`` that shows its replacement, or ``None``.

    Corrections point into ``doc.raw`` and entities into ``doc.text``; the Document does not
    keep the map between them (portal chrome was dropped in between). So each replacement is
    found again in the text: the replacement with as much of its raw context as still matches,
    searched forwards from the previous correction and nearest to where the offset shift
    predicts. A correction that cannot be placed is still listed in the table, never guessed.

    >>> d = Document(raw="Chi tiết\\nlàm việc,Tổ khảo sát", text="làm việc, Tổ khảo sát",
    ...              corrections=[Correction(18, 18, "", " ", "spacing")])
    >>> [(s, e) for _, s, e in locate_corrections(d)]
    [(9, 10)]
    """
    text, raw = doc.text or "", doc.raw or ""
    placed: list[tuple[Correction, int | None, int | None]] = []
    cursor = 0
    shift: int | None = None  # text offset minus raw offset, learnt from the last placement
    for c in sorted(doc.corrections, key=lambda c: (c.start, c.end)):
        span = _find_replacement(text, raw, c, cursor, shift)
        if span is None:
            placed.append((c, None, None))
            continue
        start, end = span
        placed.append((c, start, end))
        cursor = end
        shift = end - c.end
    return placed


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _find_replacement(text: str, raw: str, c: Correction, cursor: int, shift: int | None) -> tuple[int, int] | None:
    if not (0 <= c.start <= c.end <= len(raw)):
        return None
    replacement = _nfc(c.replacement)
    for width in (24, 12, 6, 3, 1, 0):
        left = _nfc(raw[max(0, c.start - width) : c.start]) if width else ""
        right = _nfc(raw[c.end : c.end + width]) if width else ""
        probe = left + replacement + right
        if not probe.strip() or (width == 0 and len(replacement.strip()) < 2):
            continue  # a bare space or letter matches anywhere: not evidence enough
        hits = _all_hits(text, probe, cursor)
        if not hits:
            continue
        expected = c.start + shift + len(left) if shift is not None else None
        if expected is None and len(hits) > 1 and width < 6:
            continue  # several equally good places and no idea where we are
        best = min(hits, key=lambda h: abs(h - expected)) if expected is not None else hits[0]
        start = best + len(left)
        return start, start + len(replacement)
    return None


def _all_hits(text: str, probe: str, start: int, limit: int = 50) -> list[int]:
    hits: list[int] = []
    pos = text.find(probe, max(0, start - len(probe)))
    while pos != -1 and len(hits) < limit:
        hits.append(pos)
        pos = text.find(probe, pos + 1)
    return hits


# -- the body with its marks ---------------------------------------------------------------


@dataclass
class _Mark:
    start: int
    end: int
    open_tag: str
    close_tag: str
    rank: int  # ties at one start: lower rank opens first (outside)


def _entity_title(e: Entity) -> str:
    attrs = ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
                      for k, v in sorted((e.attrs or {}).items()) if v not in (None, "", [], {}))
    return f"{e.label}: {attrs}" if attrs else e.label


def _entity_marks(doc: Document) -> list[_Mark]:
    marks = []
    for e in doc.entities:
        if not (isinstance(e.start, int) and isinstance(e.end, int) and 0 <= e.start < e.end <= len(doc.text)):
            continue  # offsets that do not fit the text are skipped, not trusted
        rgb = LABEL_STYLES.get(e.label, (_OTHER_RGB, ""))[0]
        style = f"background: rgba({rgb}, .22); border-color: rgba({rgb}, .75);"
        open_tag = f'<mark class="vnp-ent" data-label="{_esc(e.label)}" style="{style}" title="{_esc(_entity_title(e))}">'
        close_tag = f'<span class="vnp-lbl" style="color: rgb({rgb});">{_esc(e.label)}</span></mark>'
        marks.append(_Mark(e.start, e.end, open_tag, close_tag, 0))
    return marks


def _correction_marks(located: Iterable[tuple[Correction, int | None, int | None]]) -> list[_Mark]:
    marks = []
    for c, start, end in located:
        if start is None or end is None:
            continue
        tip = _esc(correction_label(c))
        if end > start and (c.replacement or "").strip():
            marks.append(_Mark(start, end, f'<span class="vnp-fix" title="{tip}">', "</span>", 1))
        else:  # a space or an empty replacement: a small marker at the spot
            marks.append(_Mark(start, start, f'<span class="vnp-fix-mark" title="{tip}">✎</span>', "", 2))
    return marks


def _nested(marks: list[_Mark]) -> list[_Mark]:
    """Keep the marks that nest properly; a mark crossing a kept one becomes a point marker or goes.

    Entities come first, so an overlapping entity never breaks the HTML, and a correction that
    straddles an entity edge is shown as a marker at its start instead.
    """
    kept: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.rank > 0, m.start, -m.end, m.rank)):
        if m.start == m.end or all(m.end <= k.start or k.end <= m.start or k.start == k.end
                                   or (k.start <= m.start and m.end <= k.end)
                                   or (m.start <= k.start and k.end <= m.end) for k in kept):
            kept.append(m)
        elif m.rank == 1:
            tip = m.open_tag.split('title="', 1)[1].split('"', 1)[0]
            kept.append(_Mark(m.start, m.start, f'<span class="vnp-fix-mark" title="{tip}">✎</span>', "", 2))
    return kept


def _body_html(text: str, marks: list[_Mark]) -> str:
    """The escaped text with the marks' tags put in, nesting preserved."""
    opens: dict[int, list[_Mark]] = {}
    closes: dict[int, list[_Mark]] = {}
    points: dict[int, list[_Mark]] = {}
    for m in marks:
        if m.start == m.end:
            points.setdefault(m.start, []).append(m)
        else:
            opens.setdefault(m.start, []).append(m)
            closes.setdefault(m.end, []).append(m)
    cuts = sorted({0, len(text), *opens, *closes, *points})
    out: list[str] = []
    for i, pos in enumerate(cuts):
        # Inner marks close first: among marks ending here, the one that started last.
        for m in sorted(closes.get(pos, []), key=lambda m: (-m.start, m.rank)):
            out.append(m.close_tag)
        out.extend(m.open_tag for m in points.get(pos, []))
        for m in sorted(opens.get(pos, []), key=lambda m: (-m.end, m.rank)):
            out.append(m.open_tag)
        if i + 1 < len(cuts):
            out.append(_esc(text[pos : cuts[i + 1]]))
    return "".join(out)


# -- the panels ----------------------------------------------------------------------------


def _author_text(author: Any) -> str:
    if isinstance(author, dict):
        name, role = author.get("name") or "", author.get("role") or ""
        return f"{name} ({role})" if name and role else name or role
    return str(author)


def _meta_html(doc: Document) -> str:
    parts = []
    if doc.date:
        parts.append(f"<span>{_esc(doc.date)}</span>")
    authors = [a for a in (_author_text(a) for a in doc.authors or []) if a]
    if authors:
        parts.append(f"<span>{_esc(', '.join(authors))}</span>")
    meta = doc.meta or {}
    for key in ("site", "category"):  # where the article was published, from reading
        if meta.get(key):
            parts.append(f"<span>{_esc(str(meta[key]))}</span>")
    url = str(meta.get("url") or meta.get("canonical_url") or "")
    if url.startswith(("http://", "https://")):
        parts.append(f'<span><a href="{_esc(url)}" target="_blank" rel="noopener">{_esc(url)}</a></span>')
    if doc.source:
        parts.append(f"<span><code>{_esc(doc.source)}</code></span>")
    return f'<div class="vnp-meta">{"".join(parts)}</div>' if parts else ""


def _legend_html(doc: Document) -> str:
    counts = Counter(e.label for e in doc.entities)
    labels = list(LABEL_STYLES) + sorted(set(counts) - set(LABEL_STYLES))
    keys = []
    for label in labels:
        rgb, meaning = LABEL_STYLES.get(label, (_OTHER_RGB, ""))
        style = f"background: rgba({rgb}, .22); border-color: rgba({rgb}, .75);"
        keys.append(f'<span class="vnp-key" style="{style}" title="{_esc(meaning)}">'
                    f"{_esc(label)} {counts.get(label, 0)}</span>")
    n_fix = len(doc.corrections)
    keys.append(f'<span class="vnp-key vnp-fix" style="border-color: rgba({_CORRECTION_RGB}, .5);" '
                f'title="hover a marked word to see the correction">sửa lỗi {n_fix}</span>')
    return f'<div class="vnp-legend"><h4>Entities</h4>{"".join(keys)}</div>'


def _topics_html(doc: Document) -> str:
    if not doc.topics:
        return ""
    rows = []
    top = doc.topics[:TOP_TOPICS]
    for slug, score in top:
        try:
            value = float(score)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(value):
            continue
        width = max(0.0, min(1.0, value)) * 100
        best = " vnp-best" if slug == doc.topic else ""
        rows.append(f'<div class="vnp-topic{best}" title="{_esc(slug)}"><span>{_esc(_topic_name(str(slug)))}</span>'
                    f'<div class="vnp-bar"><div style="width: {width:.0f}%;"></div></div>'
                    f"<span>{value:.2f}</span></div>")
    return f'<div class="vnp-topics"><h4>Topics</h4>{"".join(rows)}</div>'


def _confidence(c: Correction) -> str:
    try:
        return f"{float(c.confidence):.2f}"
    except (TypeError, ValueError):
        return ""


def _corrections_table(located: list[tuple[Correction, int | None, int | None]]) -> str:
    if not located:
        return ""
    rows = "".join(
        f"<tr><td>{_esc(c.rule)}</td><td><code>{_esc(shown_pair(c.original, c.replacement)[0])}</code> → "
        f"<code>{_esc(shown_pair(c.original, c.replacement)[1])}</code></td><td>{_confidence(c)}</td>"
        f"<td>{'' if start is None else start}</td><td>{_esc(c.note)}</td></tr>"
        for c, start, _ in located
    )
    is_open = " open" if len(located) <= 8 else ""
    return (f"<details{is_open}><summary>{len(located)} corrections (raw → text)</summary>"
            '<table class="vnp-fixes"><tr><th>rule</th><th>before → after</th><th>confidence</th>'
            f"<th>at (text)</th><th>note</th></tr>{rows}</table></details>")


def document_html(doc: Document) -> str:
    """The document as a self-contained HTML fragment (inline CSS, no script).

    Entities are highlighted by label with a legend, corrections are underlined with
    ``before → after`` on hover (and listed in a table), topic scores are bars. Every piece of
    article text is escaped:

    >>> from vnpolicy.document import Document, Entity
    >>> d = Document(raw="", text="Ban Dân vận Tỉnh ủy <b>", title="<script>alert(1)</script>",
    ...              entities=[Entity("ORG", "Ban Dân vận Tỉnh ủy", 0, 19)])
    >>> h = document_html(d)
    >>> "<script>" in h, "&lt;script&gt;alert(1)&lt;/script&gt;" in h, "&lt;b&gt;" in h
    (False, True, True)
    >>> 'data-label="ORG"' in h
    True
    """
    located = locate_corrections(doc)
    body = _body_html(doc.text or "", _nested(_entity_marks(doc) + _correction_marks(located)))
    title = f'<h3 class="vnp-title">{_esc(doc.title)}</h3>' if doc.title else ""
    panel = f'<div class="vnp-panel">{_legend_html(doc)}{_topics_html(doc)}</div>'
    return (f'<div class="vnp-doc">{_CSS}{title}{_meta_html(doc)}{panel}'
            f'<div class="vnp-body" style="white-space: pre-wrap;">{body}</div>{_corrections_table(located)}</div>')


def suspect_label(s: Suspect) -> str:
    """Hover text of a suspect: what might be meant, how sure, and why.

    >>> suspect_label(Suspect(9, 9, "", ["tra"], 0.6, "missing_word", "'kiểm tại' seen 2×"))
    "missing_word: + 'tra'? (0.60) — 'kiểm tại' seen 2×"
    """
    options = " / ".join(repr(x) for x in s.suggestions[:3])
    head = f"+ {options}?" if s.start == s.end else f"{s.original!r} → {options}?"
    return f"{s.rule}: {head} ({float(s.confidence):.2f})" + (f" — {s.note}" if s.note else "")


def _suspect_marks(suspects: Iterable[Suspect], length: int) -> list[_Mark]:
    marks = []
    for s in suspects:
        if not (0 <= s.start <= s.end <= length):
            continue
        tip = _esc(suspect_label(s))
        if s.end > s.start:
            marks.append(_Mark(s.start, s.end, f'<span class="vnp-suspect" title="{tip}">', "</span>", 1))
        else:
            marks.append(_Mark(s.start, s.start, f'<span class="vnp-suspect-mark" title="{tip}">‸?</span>', "", 2))
    return marks


def _suspects_table(suspects: list[Suspect]) -> str:
    if not suspects:
        return ""
    rows = "".join(
        f"<tr><td>{_esc(s.rule)}</td><td><code>{_esc(s.original)}</code> → "
        f"{' / '.join(f'<code>{_esc(x)}</code>' for x in s.suggestions[:3])}</td>"
        f"<td>{float(s.confidence):.2f}</td><td>{s.start}</td><td>{_esc(s.note)}</td></tr>"
        for s in suspects
    )
    is_open = " open" if len(suspects) <= 8 else ""
    return (f"<details{is_open}><summary>{len(suspects)} suspects (not changed)</summary>"
            '<table class="vnp-fixes"><tr><th>rule</th><th>text → suggestions</th><th>confidence</th>'
            f"<th>at</th><th>evidence</th></tr>{rows}</table></details>")


def corrected_html(result: Any) -> str:
    """The result of ``vnpolicy.correct`` for a notebook: fixes underlined in red (wavy),
    suspects in blue (dotted, review mode), each explained on hover and in a table.

    >>> from vnpolicy.text import correct
    >>> h = corrected_html(correct("công tác kiểm tại <cơ sở>", mode="review"))
    >>> 'class="vnp-suspect-mark"' in h, "&lt;cơ sở&gt;" in h, 'class="vnp-fix"' in h
    (True, True, False)
    """
    text = result.text or ""
    raw = getattr(result, "raw", "") or text
    located = locate_corrections(Document(raw=raw, text=text, corrections=list(result.corrections)))
    marks = _correction_marks(located)
    if not result.corrections:  # review mode: suspects are in the offsets of the text shown
        marks += _suspect_marks(result.suspects, len(text))
    body = _body_html(text, _nested(marks))
    return (f'<div class="vnp-doc">{_CSS}<div class="vnp-body" style="white-space: pre-wrap;">{body}</div>'
            f"{_corrections_table(located)}{_suspects_table(list(result.suspects))}</div>")


def page_html(doc: Document, *, dark: bool = False) -> str:
    """A whole HTML page around :func:`document_html`, for saving or screenshots."""
    colours = "background: #111; color: #ddd;" if dark else "background: #fff; color: #222;"
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{_esc(doc.title or doc.id)}</title></head>"
            f'<body style="{colours} margin: 1.5em;">{document_html(doc)}</body></html>')
