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

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from vnpolicy.read import resources
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
    parent: "Node | None" = None
    children: list["Node | str"] = field(default_factory=list)

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
    """What a page gave: its article paragraphs, title, date (ISO) and author meta tag."""

    paragraphs: list[str]
    title: str | None
    date: str | None
    author: str | None


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
        parent = id(node.parent)
        furniture[id(node)] = furniture[parent] or _is_furniture(node)
        covered[id(node)] = covered[parent]

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


def _clean_page_title(title: str) -> str:
    # "Tiếp và làm việc … - Cổng thông tin điện tử huyện Tháp Mười": drop the portal's name
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and re.search(r"(cổng|trang) thông tin|website|portal|báo |đài ", parts[-1], re.IGNORECASE):
        return " - ".join(parts[:-1]).strip()
    return title.strip()


def _page_date(root: Node, meta: dict[str, str]) -> str | None:
    for name in _META_DATE_NAMES:
        if meta.get(name):
            iso = parse_date(meta[name])
            if iso:
                return iso
    for node in _iter(root):
        if node.tag == "time" and node.attrs.get("datetime"):
            iso = parse_date(node.attrs["datetime"])
            if iso:
                return iso
    for node in _iter(root):
        marker = node.marker()
        if re.search(r"date|time|ngay|publish|post-info|meta", marker) and node.tag not in _INVISIBLE:
            text = _inline_text(node, limit=80)
            if len(text) <= 80:
                iso = parse_date(text)
                if iso:
                    return iso
    return None


def extract(html: str) -> HtmlArticle:
    """The article of a portal page: paragraphs of the main text block, title, date, author."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    root = builder.root
    meta = _meta(root)
    container = _best_container(root)
    title = _heading(container, ("h1",)) or meta.get("og:title") or _heading(root, ("h1",)) \
        or _heading(container, ("h2", "h3"))
    if not title:
        node = next((n for n in _iter(root) if n.tag == "title"), None)
        title = _clean_page_title(_inline_text(node)) if node is not None else None
    paragraphs = _text_blocks(container)
    return HtmlArticle(paragraphs=paragraphs, title=title or None, date=_page_date(root, meta),
                       author=meta.get("author") or None)
