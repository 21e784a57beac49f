"""``vnpolicy report``: an analysed corpus as one self-contained HTML file an analyst can e-mail.

One file, no server, no network: the CSS and the one script are inline (the script pinned by a
Content-Security-Policy hash, so nothing else on the page can run), and every piece of article
text is escaped. It holds the corpus at a glance (articles, stories, date range, provinces),
topics over time, the most-cited documents with the articles citing them, the most active
organizations with their places, a searchable sortable article list, each article's highlighted
view (:func:`vnpolicy.display.document_html`, kept in ``<template>`` elements and shown on
click) and the corrections made. Counts are of stories (near-duplicates counted once).

The page reads ``#q=words`` (search) and ``#doc=N`` (an article's view) from its address, so a
filtered view can be shared as a link. This module reads Documents; it runs no pipeline step.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from vnpolicy.document import Document
from vnpolicy.errors import VnpolicyError

if TYPE_CHECKING:  # pandas loads when a report is built, not when `vnpolicy --help` lists the command
    import pandas as pd

#: Articles whose highlighted view is embedded (the list always holds them all): views are
#: about 10 kB each, so 2,000 keep the file near 25 MB.
MAX_VIEWS = 2000
#: Rows of the article list laid out at a time (the rest wait, hidden, for a search or a sort).
LIST_LIMIT = 500


def _esc(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def _asset(name: str) -> str:
    from vnpolicy.resources import read_text

    return read_text("report", name)


def load_documents(path: str | Path) -> tuple[list[Document], int]:
    """Documents (and the number of failed inputs) of a ``vnpolicy analyze`` output: a JSON Lines
    file, or a folder of csv/parquet tables (views then lack the corrections, which need ``raw``)."""
    path = Path(path)
    if path.is_file():
        from vnpolicy.batch import read_jsonl

        try:
            items = list(read_jsonl(path))
        except (ValueError, KeyError, TypeError) as error:
            raise VnpolicyError(f"{path}: not a vnpolicy analyze JSON Lines output ({error})") from None
        docs = [d for d in items if isinstance(d, Document)]
        return docs, len(items) - len(docs)
    if path.is_dir():
        return _documents_from_tables(path)
    raise VnpolicyError(f"{path}: no such file or folder (give the output of vnpolicy analyze)")


def _documents_from_tables(folder: Path) -> tuple[list[Document], int]:
    import pandas as pd

    from vnpolicy.document import Entity

    def table(name: str) -> pd.DataFrame | None:
        if (folder / f"{name}.parquet").exists():
            return pd.read_parquet(folder / f"{name}.parquet")
        if (folder / f"{name}.csv").exists():
            return pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        return None

    docs_table = table("documents")
    if docs_table is None:
        raise VnpolicyError(f"{folder}: no documents.csv or documents.parquet (give the output of vnpolicy analyze)")
    entities = table("entities")
    topics = table("topics")
    by_doc: dict[str, list[Entity]] = {}
    if entities is not None:
        columns = ["doc_id", "label", "text", "start", "end", "attrs"]
        for doc_id, label, text, start, end, attrs in entities[columns].itertuples(index=False, name=None):
            attrs = json.loads(attrs) if isinstance(attrs, str) and attrs else {}
            by_doc.setdefault(doc_id, []).append(Entity(label, text, int(start), int(end), attrs))
    scores: dict[str, list[tuple[str, float]]] = {}
    if topics is not None:
        for doc_id, topic, score in topics[["doc_id", "topic", "score"]].itertuples(index=False, name=None):
            scores.setdefault(doc_id, []).append((topic, float(score)))
    docs = []
    for r in docs_table.to_dict("records"):
        meta = {k: r.get(k) for k in ("province", "district", "cluster_id") if r.get(k) not in (None, "")}
        if r.get("is_canonical") not in (None, ""):
            meta["is_canonical"] = str(r["is_canonical"]).lower() == "true"
        docs.append(Document(raw="", text=r.get("text") or "", title=r.get("title") or None, date=r.get("date") or None,
                             source=r.get("source") or r.get("doc_id"), entities=by_doc.get(r["doc_id"], []),
                             topics=scores.get(r["doc_id"], []), topic=r.get("topic") or None, meta=meta))
    failed = 0
    if (folder / "errors.jsonl").exists():
        failed = sum(1 for line in (folder / "errors.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    return docs, failed


# -- sections --------------------------------------------------------------------------------

def _table(frame: pd.DataFrame, columns: list[tuple[str, str]], *, numeric: Iterable[str] = ()) -> str:
    numeric = set(numeric)
    head = "".join(f"<th>{_esc(label)}</th>" for _, label in columns)
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for key, _ in columns:
            value = record.get(key)
            if isinstance(value, (list, tuple)):
                value = ", ".join(str(v) for v in value)
            cls = ' class="n"' if key in numeric else ""
            cells.append(f"<td{cls}>{value if key.startswith('_html') else _esc(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _glance(docs: list[Document], frames: dict[str, pd.DataFrame], failed: int) -> str:
    import pandas as pd

    from vnpolicy.analysis import stories

    story_docs = stories(frames)["documents"]
    dates = sorted(d.date[:10] for d in docs if d.date)
    provinces = pd.Series([d.meta.get("province") for d in docs if d.meta.get("is_canonical", True)]).dropna()
    top = provinces.value_counts().head(8)
    listed = ", ".join(f"{_esc(p)} ({n})" for p, n in top.items()) or "—"
    span = f"{dates[0]} → {dates[-1]}" if dates else "—"
    boxes = [("bài viết — articles", len(docs)), ("câu chuyện — stories", len(story_docs)),
             ("tỉnh/thành — provinces", provinces.nunique()), ("lỗi đọc — failed inputs", failed)]
    cards = "".join(f"<div><b>{n:,}</b>{_esc(label)}</div>" for label, n in boxes)
    return (f'<section id="glance"><h2>Tổng quan — corpus at a glance</h2><div class="glance">{cards}'
            f"<div><b>{_esc(span)}</b>thời gian — date range</div></div>"
            f'<p class="small">Tỉnh/thành nhiều bài nhất: {listed}</p></section>')


def _topics(frames: dict[str, pd.DataFrame]) -> str:
    from vnpolicy.analysis import _topic_name, topic_counts, topics_by_month

    counts = topic_counts(frames)
    by_month = topics_by_month(frames)
    period = "tháng"
    if len(by_month) > 24:  # years of articles: quarters keep the table readable
        by_month, period = topics_by_month(frames, freq="Q"), "quý"
    parts = ['<section id="topics"><h2>Chủ đề theo thời gian — topics over time</h2>']
    if by_month.empty:
        parts.append('<p class="small">No dated, topical article.</p>')
    else:
        peak = max(1, int(by_month.to_numpy().max()))
        head = "".join(f"<th>{_esc(_topic_name(c))}</th>" for c in by_month.columns)
        rows = []
        for when, row in by_month.iterrows():
            cells = "".join(f'<td class="n" style="background: rgba(139, 26, 26, {0.08 + 0.6 * v / peak:.2f})">{int(v)}</td>'
                            if v else '<td class="n"></td>' for v in row)
            rows.append(f"<tr><th>{_esc(when)}</th>{cells}</tr>")
        parts.append(f'<div class="scroll"><table class="heat"><thead><tr><th>{period}</th>{head}</tr></thead>'
                     f"<tbody>{''.join(rows)}</tbody></table></div>")
    counts = counts.assign(share=[f"{v:.0%}" for v in counts["share"]])
    parts.append("<h2>Tổng số — totals (stories)</h2>")
    parts.append(_table(counts, [("name", "chủ đề"), ("topic", "slug"), ("documents", "stories"), ("share", "share")],
                        numeric=("documents", "share")))
    parts.append("</section>")
    return "".join(parts)


def _legal(frames: dict[str, pd.DataFrame], number: dict[str, int], titles: dict[str, str]) -> str:
    from vnpolicy.analysis import _legal_groups, stories, top_legal_documents

    table = top_legal_documents(frames, n=15)
    mentions, groups = _legal_groups(stories(frames))
    citing: dict[str, list[str]] = {}
    for g, group in mentions.groupby("group"):
        citing[groups[cast(int, g)]["document"]] = list(dict.fromkeys(group["doc_id"]))
    links = []
    for name in table["document"]:
        items = "".join(f'<li><a href="#doc={number[d]}" data-view="{number[d]}">{_esc(titles.get(d) or d)}</a></li>'
                        for d in citing.get(name, [])[:8] if d in number)
        links.append(f'<ul class="cites">{items}</ul>')
    table = table.assign(_html_cites=links)
    body = _table(table, [("document", "văn bản — document"), ("articles", "articles"), ("mentions", "mentions"),
                          ("_html_cites", "cited by")], numeric=("articles", "mentions"))
    return f'<section id="documents"><h2>Văn bản được trích dẫn nhiều nhất — most cited documents</h2>{body}</section>'


def _organizations(frames: dict[str, pd.DataFrame]) -> str:
    from vnpolicy.analysis import top_organizations

    table = top_organizations(frames, n=20)
    body = _table(table, [("organization", "cơ quan — organization"), ("level", "level"), ("provinces", "place"),
                          ("articles", "articles"), ("mentions", "mentions")], numeric=("articles", "mentions"))
    return f'<section id="organizations"><h2>Cơ quan hoạt động nhiều nhất — most active organizations</h2>{body}</section>'


def _corrections(frames: dict[str, pd.DataFrame]) -> str:
    from vnpolicy.analysis import corrections_summary

    table = corrections_summary(frames)
    body = _table(table, [("rule", "rule"), ("corrections", "corrections"), ("articles", "articles"),
                          ("examples", "examples")], numeric=("corrections", "articles"))
    return f'<section id="corrections"><h2>Sửa lỗi — corrections made</h2>{body}</section>'


def _article_list(docs: list[Document], number: dict[str, int], views: int) -> str:
    from vnpolicy.analysis import _topic_name

    rows = []
    for d in docs:
        i = number[d.id]
        hidden = ' hidden=""' if i >= LIST_LIMIT else ""  # beyond the first rows: no layout until searched
        topic = _topic_name(d.topic) if d.topic else ("Khác" if d.topics else "")
        place = " · ".join(p for p in (d.meta.get("district"), d.meta.get("province")) if p)
        canonical = d.meta.get("is_canonical", True)
        story = "" if canonical else f'<span class="copy">bản sao — copy of {_esc(d.meta.get("cluster_id"))}</span>'
        search = " ".join(str(x) for x in (d.title, d.source, topic, place, d.date) if x)
        title = _esc(d.title or d.source or d.id)
        rows.append(
            f'<tr data-s="{_esc(search.lower())}"{hidden}><td data-k="{_esc(d.date or "")}">{_esc((d.date or "")[:10])}</td>'
            f'<td><a href="#doc={i}" data-view="{i}">{title}</a> {story}</td><td>{_esc(place)}</td>'
            f"<td>{_esc(topic)}</td><td>{_esc(d.source)}</td></tr>")
    note = (f'<p class="small">Highlighted views are kept for the first {views:,} articles of {len(docs):,} '
            f"(vnpolicy report --views N).</p>" if views < len(docs) else "")
    return ('<section id="list"><h2>Danh sách bài — articles</h2>'
            '<input id="q" type="search" placeholder="Tìm: tiêu đề, nơi, chủ đề… (search)" aria-label="search">'
            f' <span class="small"><span id="shown">{len(docs)}</span> found<span id="more"></span></span>{note}'
            f'<div class="scroll"><table id="articles" data-limit="{LIST_LIMIT}"><thead><tr><th>ngày</th><th>tiêu đề — title</th>'
            f"<th>nơi — place</th><th>chủ đề — topic</th><th>nguồn — source</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def _views(docs: list[Document], number: dict[str, int], views: int) -> str:
    from vnpolicy.display import _CSS, document_html

    parts = [_CSS]  # once for the page, not once per article
    for d in docs[:views]:
        fragment = document_html(d).replace(_CSS, "", 1)
        parts.append(f'<template id="view-{number[d.id]}">{fragment}</template>')
    return ('<section id="view"><h2>Bài viết — article</h2><div id="viewer"></div></section>' + "".join(parts))


def build_report(docs: list[Document], *, failed: int = 0, title: str = "vnpolicy report",
                 views: int = MAX_VIEWS) -> str:
    """The report page for analysed documents (near-duplicates are marked first if they were not)."""
    from vnpolicy.frames import to_frames

    if docs and not any("is_canonical" in d.meta for d in docs):
        from vnpolicy.dedup import mark_duplicates

        mark_duplicates(docs)
    docs = sorted(docs, key=lambda d: (d.date or "9999", d.id))
    number = {d.id: i for i, d in enumerate(docs)}
    titles = {d.id: d.title or d.source or d.id for d in docs}
    frames = to_frames(docs)
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    body = "".join([
        _glance(docs, frames, failed),
        _topics(frames),
        '<div class="cols">', _legal(frames, number, titles), _organizations(frames), "</div>",
        _article_list(docs, number, views),
        _views(docs, number, views),
        _corrections(frames),
    ])
    from vnpolicy import __version__

    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(title)}</title><style>{_asset('report.css')}</style></head><body>"
            f"<header><h1>{_esc(title)}</h1><p>{len(docs):,} articles · made by vnpolicy {__version__} · "
            "one file, no network: safe to e-mail</p></header>"
            f"<main>{body}</main><script>{script}</script></body></html>")


def write_report(source: str | Path, output: str | Path, *, views: int = MAX_VIEWS, title: str | None = None) -> Path:
    """Read a ``vnpolicy analyze`` output and write the report to ``output`` (atomically)."""
    import os

    docs, failed = load_documents(source)
    if not docs:
        raise VnpolicyError(f"{source}: no analysed document in it")
    page = build_report(docs, failed=failed, views=views, title=title or f"vnpolicy report — {Path(source).name}")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    temp = output.with_name(f".{output.name}.tmp")
    try:
        temp.write_text(page, encoding="utf-8")
        os.replace(temp, output)
    finally:
        temp.unlink(missing_ok=True)
    return output
