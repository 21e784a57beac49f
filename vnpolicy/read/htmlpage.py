"""Portal HTML pages → the article's visible text, title and date, without menus and sidebars.

A portal page is mostly furniture: a navigation menu, a banner, sidebars of links, "Tin liên
quan" lists, a footer with the address and visitor counter. The article is the block holding
most running text. This module (standard library ``html.parser`` only) builds a small tree,
drops furniture (``<nav>``, ``<aside>``, ``<footer>``, ``<form>``, scripts; elements whose
class/id says menu, sidebar, share, related…, see ``resources/read/html_boilerplate.txt``),
scores the remaining blocks by their paragraphs' text (a bonus for ``<article>`` and
class/id words such as "content", "detail", "chitiet") and returns that block's paragraphs.
The title comes from ``<h1>`` (else ``og:title``, else ``<title>`` without the portal name),
the date from ``article:published_time``-style meta tags, ``<time datetime>`` or a short
date element. It must not judge chrome *inside* the text (that is :mod:`vnpolicy.read.chrome`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any

from vnpolicy.read import resources
from vnpolicy.read.chrome import _key, is_site_name, similar_title
from vnpolicy.read.dates import parse_date

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head", "select", "button"}
_FURNITURE_TAGS = {"nav", "aside", "footer", "form", "menu", "dialog"}
_BLOCK = {
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table",
    "tbody", "td", "th", "tr", "ul", "caption", "center",
}
_CLOSES = {"p": {"p"}, "li": {"li"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"},
           "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}}
_META_DATE_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "date",
    "dc.date.issued", "dc.date", "dcterms.created", "article:modified_time", "og:updated_time",
)
_WS = re.compile(r"[ \t\n\r\f]+")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def marker(self) -> str:
        return f"{self.attrs.get('class', '')} {self.attrs.get('id', '')}".lower()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        # How many of each tag are open: an end tag with none open is ignored at once, not
        # looked for down the whole stack (20,000 stray "</b>" under deep nesting took minutes).
        self.open: Counter[str] = Counter()

    def _pop(self, depth: int) -> None:
        for node in self.stack[depth:]:
            self.open[node.tag] -= 1
        del self.stack[depth:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # HTML's implied end tags: "<p>a<p>b", "<li>a<li>b", and a block start ends an open <p>
        closes = _CLOSES.get(tag, set()) | ({"p"} if tag in _BLOCK and tag != "br" else set())
        while len(self.stack) > 1 and self.stack[-1].tag in closes:
            self._pop(len(self.stack) - 1)
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)
            self.open[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        if not self.open[tag]:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                self._pop(depth)
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class HtmlArticle:
    """What a page gave: its article paragraphs, title, date (ISO), author, and source metadata.

    ``date`` comes from the page's machine-readable metadata (meta tags, JSON-LD, ``<time>``);
    ``shown_date`` from a visible date element, a weaker hint. ``source`` holds ``url``,
    ``canonical_url``, ``site``, ``category``, ``published`` and ``updated`` when the page says.
    ``title_confidence``: "high" when two of the page's title sources agree, "medium" for one.
    """

    paragraphs: list[str]
    title: str | None
    date: str | None
    author: str | None
    shown_date: str | None = None
    source: dict[str, str] = field(default_factory=dict)
    title_confidence: str | None = None
    #: ``<title>`` without the portal's name: checks the title found in the text, or stands in
    #: (low confidence) when the text offers none.
    page_title: str | None = None


@cache
def _word_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return resources.lines("html_boilerplate.txt"), resources.lines("html_content.txt")


def _is_content_marker(marker: str) -> bool:
    _, content = _word_lists()
    return any(word in marker for word in content)


def _is_furniture(node: Node) -> bool:
    if node.tag in _FURNITURE_TAGS or node.tag in _INVISIBLE:
        return True
    if node.attrs.get("role") in {"navigation", "banner", "contentinfo", "complementary", "search"}:
        return True
    if node.attrs.get("hidden") is not None and "hidden" in node.attrs:
        return True
    if "display:none" in node.attrs.get("style", "").replace(" ", "").lower():
        return True
    boiler, _ = _word_lists()
    # "post-share", "tin-lien-quan", "sidebar": any class/id token holding a furniture word
    return any(word in token for token in node.marker().split() for word in boiler)


def _text_blocks(node: Node) -> list[str]:
    """The visible paragraphs under ``node`` (furniture excluded), whitespace collapsed as a
    browser shows it (non-breaking spaces kept). Walked with a stack, not recursion: pages
    nested thousands of levels deep exist."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _WS.sub(" ", "".join(current)).strip(" \t\n\r\f")
        if text:
            blocks.append(text)
        current.clear()

    stack: list[tuple[Iterator[Node | str], bool]] = [(iter(node.children), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush()
        elif isinstance(child, str):
            current.append(child)
        elif _is_furniture(child):
            continue
        else:
            if child.tag in _BLOCK:
                flush()
            stack.append((iter(child.children), child.tag in _BLOCK))
    flush()
    return blocks


def _inline_text(node: Node, limit: int | None = None) -> str:
    """The visible text under ``node``, whitespace collapsed. With ``limit``, a text longer than
    that is cut short (the caller only wants short texts), and so is a walk over more than
    ``8 * limit`` elements."""
    parts: list[str] = []
    seen = visited = 0
    stack: list[Iterator[Node | str]] = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, str):
            parts.append(child)
            if limit is not None:
                seen += len(child) - sum(child.count(c) for c in " \t\n\r\f")
                if seen > limit:
                    break
        elif child.tag not in _INVISIBLE:
            visited += 1
            if limit is not None and visited > 8 * limit:
                parts.append("\u2026" * (limit + 1))
                break
            stack.append(iter(child.children))
    return _WS.sub(" ", "".join(parts)).strip(" \t\n\r\f")


def _iter(node: Node) -> Iterator[Node]:
    """Every element under ``node``, in document order (a stack, not recursion)."""
    stack: list[Iterator[Node | str]] = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Node):
            yield child
            stack.append(iter(child.children))


def _best_container(root: Node) -> Node:
    """The element whose paragraphs hold the most running text (readability-style scoring)."""
    scores: dict[int, float] = {}
    nodes: dict[int, Node] = {}
    elements = list(_iter(root))
    # Worked out once per page, children from parents (top down) or parents from children
    # (bottom up): asking each element about its whole subtree or all its ancestors was
    # quadratic on deeply nested pages.
    has_block: dict[int, bool] = {}
    for node in reversed(elements):
        has_block[id(node)] = node.tag in _BLOCK or any(has_block[id(c)] for c in node.children if isinstance(c, Node))
    furniture: dict[int, bool] = {id(root): False}
    covered: dict[int, bool] = {id(root): False}  # inside an element whose whole text was taken
    for node in elements:
        parent_id = id(node.parent)
        furniture[id(node)] = furniture[parent_id] or _is_furniture(node)
        covered[id(node)] = covered[parent_id]

    for node in elements:
        if node.tag not in {"p", "div", "td", "li", "blockquote", "pre", "section"}:
            continue
        if node.tag == "p" or not any(isinstance(c, Node) and has_block[id(c)] for c in node.children):
            if covered[id(node)]:
                continue  # "<p><span><p>…": the outer paragraph already counted this text
            for inner in _iter(node):
                covered[id(inner)] = True
            own = _inline_text(node)  # a paragraph, or a block holding only inline text
        else:
            own = _WS.sub(" ", "".join(c for c in node.children if isinstance(c, str))).strip()
        if len(own) < 25 or furniture[id(node)]:
            continue
        weight = min(len(own) / 100.0, 3.0) + own.count(",") * 0.3 + 1.0
        parent, share = node.parent, 1.0
        # the paragraph's own block counts too when text sits straight in a <div>/<td>
        targets = [(node, 0.5)] if node.tag != "p" else []
        for _ in range(3):
            if parent is None or parent.tag == "#root":
                break
            targets.append((parent, share))
            parent, share = parent.parent, share / 2
        for target, factor in targets:
            scores[id(target)] = scores.get(id(target), 0.0) + weight * factor
            nodes[id(target)] = target
    if not scores:
        body = next((n for n in _iter(root) if n.tag == "body"), root)
        return body
    for key, node in nodes.items():
        if node.tag in {"article", "main"} or _is_content_marker(node.marker()):
            scores[key] *= 1.25
    best = nodes[max(scores, key=lambda k: scores[k])]
    # The lead paragraph and the headline often sit beside the body's block inside an
    # "article"/"news-detail" wrapper: take the wrapper while it still says it is the article.
    while (best.parent is not None and best.parent.tag not in {"#root", "body", "html"}
           and (best.parent.tag in {"article", "main"} or _is_content_marker(best.parent.marker()))
           and not _is_furniture(best.parent)):
        best = best.parent
    return best


def _heading(node: Node, tags: tuple[str, ...]) -> str | None:
    stack: list[Iterator[Node | str]] = [iter(node.children)]
    while stack:
        n = next(stack[-1], None)
        if n is None:
            stack.pop()
            continue
        if not isinstance(n, Node):
            continue
        if n.tag in tags and not _is_furniture(n):
            text = _inline_text(n)
            if text:
                return text
            continue  # no text under it: none under its headings either
        stack.append(iter(n.children))
    return None


def _meta(root: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in _iter(root):
        if node.tag == "meta":
            key = (node.attrs.get("property") or node.attrs.get("name") or node.attrs.get("itemprop") or "").lower()
            if key and "content" in node.attrs and key not in out:
                out[key] = node.attrs["content"].strip()
    return out


def _clean_page_title(title: str, site: str | None = None) -> str:
    # "Tiếp và làm việc … - Cổng thông tin điện tử huyện Tháp Mười": drop the portal's name
    title = _WS.sub(" ", title).strip()
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1:
        tail = parts[-1]
        if (re.search(r"(cổng|trang) (thông tin|ttđt|tt)|website|portal|^báo |^đài ", tail, re.IGNORECASE)
                or (site and _same_text(tail, site)) or is_site_name(tail)):
            return " - ".join(parts[:-1]).strip()
    return title


def _same_text(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip().casefold() == _WS.sub(" ", b).strip().casefold()


def _page_date(root: Node, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    """The publication date the page states for machines: meta tags, JSON-LD."""
    for name in _META_DATE_NAMES:
        if meta.get(name):
            iso = parse_date(meta[name])
            if iso:
                return iso
    if ld.get("datePublished"):
        iso = parse_date(str(ld["datePublished"]))
        if iso:
            return iso
    return None


def _time_date(root: Node, container: Node, title_node: Node | None) -> str | None:
    """A ``<time datetime>``: the article block's own, else the first after the title, else
    the first on the page (a "latest news" sidebar before the article has its own)."""
    def first(nodes) -> str | None:
        for node in nodes:
            if node.tag == "time" and node.attrs.get("datetime"):
                iso = parse_date(node.attrs["datetime"])
                if iso:
                    return iso
        return None

    after: list[Node] = []
    if title_node is not None:
        seen = False
        for node in _iter(root):
            seen = seen or node is title_node
            if seen:
                after.append(node)
    return first(_iter(container)) or first(after) or first(_iter(root))


_TODAY_MARKER = re.compile(r"hien-?tai|today|current|clock|weather|header|top-?bar")


def _shown_date(root: Node, title_node: Node | None) -> str | None:
    """A short visible element marked as a date ("post-date", "ngay-dang"), preferring the first
    one after the title (a header's "today" date comes before it)."""
    seen_title = title_node is None
    fallback = None
    for node in _iter(root):
        if node is title_node:
            seen_title = True
            continue
        marker = node.marker()
        if (not re.search(r"date|time|ngay|publish|post-info|meta", marker) or node.tag in _INVISIBLE
                or _TODAY_MARKER.search(marker)):
            continue
        text = _inline_text(node, limit=80)  # bounded: only short texts can be a date line
        iso = parse_date(text) if len(text) <= 80 else None
        if iso:
            if seen_title:
                return iso
            fallback = fallback or iso
    return fallback


def _json_ld(root: Node) -> dict[str, Any]:
    """The page's JSON-LD article object (NewsArticle, Article, BlogPosting…), or {}."""
    for node in _iter(root):
        if node.tag != "script" or "ld+json" not in node.attrs.get("type", "").lower():
            continue
        raw = "".join(c for c in node.children if isinstance(c, str)).strip()
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and k.endswith(("Article", "BlogPosting", "Report")) for k in kinds):
                    return item
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
    return {}


def _ld_names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def _with_header(container: Node) -> Node:
    """The article block together with the few lines printed above it (title, dateline) when
    they sit in a sibling element, as in table layouts (a title row above the text cell)."""
    first = _text_blocks(container)[:1]
    node = container
    for _ in range(3):
        parent = node.parent
        if not first or parent is None or parent.tag in {"#root", "body", "html"} or _is_furniture(parent):
            break
        blocks = _text_blocks(parent)
        if first[0] in blocks and 1 <= blocks.index(first[0]) <= 8:
            return parent
        node = parent
    return container


def _links(root: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in _iter(root):
        if node.tag == "link" and node.attrs.get("href"):
            for rel in node.attrs.get("rel", "").lower().split():
                out.setdefault(rel, node.attrs["href"].strip())
    return out


def _first_node(node: Node, tags: tuple[str, ...]) -> Node | None:
    for n in _iter(node):
        if n.tag in tags and not _is_furniture(n) and _inline_text(n):
            return n
    return None


def _choose_title(container: Node, root: Node, meta: dict[str, str], ld: dict[str, Any],
                  site: str | None) -> tuple[str | None, str | None, Node | None]:
    """The headline, how sure (high: two sources agree; medium: one), and its element.

    Sources: ``<h1>`` (not when it is the site's name, as on pages whose logo is the h1),
    ``og:title`` / JSON-LD ``headline`` (portal name taken off), a heading inside the article
    block, and ``<title>`` only to confirm one of those. None when nothing but ``<title>`` names
    the article: the text finder decides (see :attr:`HtmlArticle.page_title`)."""
    page_title = next((n for n in _iter(root) if n.tag == "title"), None)
    tag_title = _clean_page_title(_inline_text(page_title), site) if page_title is not None else None
    stated = [_clean_page_title(t, site) for t in (meta.get("og:title"), ld.get("headline"), meta.get("twitter:title"))
              if isinstance(t, str) and t.strip()]
    confirm = stated + ([tag_title] if tag_title and not is_site_name(tag_title) else [])
    h1 = _first_node(container, ("h1",)) or _first_node(root, ("h1",))
    heading = None
    if h1 is not None and not is_site_name(_inline_text(h1)) and not (site and _same_text(_inline_text(h1), site)):
        heading = h1
    else:
        heading = _first_node(container, ("h1", "h2", "h3", "h4"))
        if heading is not None and stated and not any(similar_title(_inline_text(heading), t) for t in stated):
            heading = None
    if heading is not None:
        text = _inline_text(heading)
        agree = any(similar_title(text, t) for t in confirm)
        return text, "high" if agree else "medium", heading
    if stated:
        agree = len({_key(t) for t in confirm}) < len(confirm)
        return stated[0], "high" if agree else "medium", None
    return None, None, None


def extract(html: str) -> HtmlArticle:
    """The article of a portal page: paragraphs of the main text block, title, date, author,
    and what the page says about its source (url, canonical url, site, category, times)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    root = builder.root
    meta = _meta(root)
    ld = _json_ld(root)
    links = _links(root)
    container = _best_container(root)
    publisher = ld.get("publisher")
    site = meta.get("og:site_name") or meta.get("application-name") \
        or (_ld_names(publisher)[0] if publisher and _ld_names(publisher) else None)
    title, confidence, title_node = _choose_title(container, root, meta, ld, site)
    tag = next((n for n in _iter(root) if n.tag == "title"), None)
    page_title = _clean_page_title(_inline_text(tag), site) if tag is not None else None
    source: dict[str, str] = {}
    page = ld.get("mainEntityOfPage")
    ld_url = ld.get("url") or (page.get("@id") if isinstance(page, dict) else page)
    url = meta.get("og:url") or links.get("canonical") or (ld_url if isinstance(ld_url, str) else None)
    if url:
        source["url"] = url
    if links.get("canonical"):
        source["canonical_url"] = links["canonical"]
    if site:
        source["site"] = _WS.sub(" ", site).strip()
    section = meta.get("article:section") or ld.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    if isinstance(section, str) and section.strip():
        source["category"] = section.strip()
    date = _page_date(root, meta, ld) or _time_date(root, container, title_node)
    if date:
        source["published"] = date
    modified = meta.get("article:modified_time") or meta.get("og:updated_time") or ld.get("dateModified")
    if isinstance(modified, str) and parse_date(modified):
        source["updated"] = parse_date(modified)  # type: ignore[assignment]
    author = meta.get("author") or ", ".join(_ld_names(ld.get("author"))) or None
    if title is None:
        container = _with_header(container)
    paragraphs = _text_blocks(container)
    return HtmlArticle(paragraphs=paragraphs, title=title or None, date=date, author=author,
                       shown_date=_shown_date(root, title_node), source=source, title_confidence=confidence,
                       page_title=page_title or None)
