"""Story paragraphs out of a container, and the generic "densest text block" finder."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from lxml.html import HtmlElement

from urdupoint_news.extraction.boilerplate import (
    boilerplate_blocks,
    class_words,
    is_boilerplate_element,
    is_boilerplate_paragraph,
)

BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2",
        "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table",
        "thead", "tbody", "tr", "td", "th", "figure", "hr", "center", "address", "details",
    }
)  # fmt: skip
# Phrasing elements: their text belongs to the paragraph around them (for block scoring).
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins",
        "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
        "u", "var", "wbr",
    }
)  # fmt: skip
# A paragraph that is almost all link text is a link list item, not story text.
MAX_LINK_SHARE = 0.9
MIN_PARAGRAPH_CHARS = 25


class _Collector:
    def __init__(self) -> None:
        self.paragraphs: list[tuple[str, int]] = []
        self._parts: list[str] = []
        self._linked = 0

    def add(self, text: str, in_link: bool) -> None:
        self._parts.append(text)
        if in_link:
            self._linked += len(" ".join(text.split()))

    def flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.paragraphs.append((text, self._linked))
        self._parts, self._linked = [], 0


def paragraphs(
    container: HtmlElement, skip: Callable[[HtmlElement], bool] | None = None
) -> list[str]:
    """The story paragraphs of ``container``: block elements and ``<br>`` end a paragraph (old
    pages write the body as bare text nodes and ``<br>``s); boilerplate blocks, ad labels, link
    lists, "Read more:" lines and the like are left out."""
    marked = boilerplate_blocks(container)
    out = _Collector()

    def dropped(el: HtmlElement) -> bool:
        return el in marked or is_boilerplate_element(el) or (skip is not None and skip(el))

    def walk(node: HtmlElement, in_link: bool) -> None:
        if node.text:
            out.add(node.text, in_link)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None or dropped(child):
                pass
            elif tag == "br":
                out.flush()
            elif tag in BLOCK_TAGS:
                out.flush()
                walk(child, in_link)
                out.flush()
            else:
                walk(child, in_link or tag == "a")
            if child.tail:
                out.add(child.tail, in_link)

    walk(container, False)
    out.flush()
    return [
        text
        for text, linked in out.paragraphs
        if linked < MAX_LINK_SHARE * len(text) and not is_boilerplate_paragraph(text)
    ]


def _inside_boilerplate(el: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """``el`` or an ancestor is boilerplate (or a header); ``known`` keeps the answers of the
    ancestors, so that each element of a page is looked at once."""
    unknown = []
    node: HtmlElement | None = el
    while node is not None and node not in known:
        unknown.append(node)
        node = node.getparent()
    found = known[node] if node is not None else False
    for node in reversed(unknown):
        found = found or is_boilerplate_element(node) or "header" in class_words(node)
        known[node] = found
    return found


def _own_text(el: HtmlElement) -> tuple[int, int]:
    """(characters, linked characters) of the text directly in ``el`` and its inline children."""
    total = linked = 0
    for node in _inline_nodes(el):
        text = node.text_content() if isinstance(node, HtmlElement) else node
        size = len(" ".join(text.split()))
        total += size
        if isinstance(node, HtmlElement) and node.tag == "a":
            linked += size
    return total, linked


def _inline_nodes(el: HtmlElement) -> Iterable[HtmlElement | str]:
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            yield child
        if child.tail:
            yield child.tail


def densest_block(root: HtmlElement) -> HtmlElement | None:
    """The element holding the most story-like text (after readability-style scoring): text
    directly in a paragraph scores for the paragraph's parent, half for the grandparent."""
    scores: dict[HtmlElement, float] = defaultdict(float)
    inside: dict[HtmlElement, bool] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "head", "title"):
            continue
        total, linked = _own_text(el)
        if total < MIN_PARAGRAPH_CHARS or linked >= MAX_LINK_SHARE * total:
            continue
        if _inside_boilerplate(el, inside):
            continue
        score = (total - linked) * (1 + el.text_content().count(",") / 10)
        # A <p>/<li> scores for its container; a div of bare text nodes is its own container.
        holder = el.getparent() if el.tag in ("p", "li", "blockquote") else el
        if holder is None:
            continue
        scores[holder] += score
        grand = holder.getparent()
        if grand is not None:
            scores[grand] += score / 2
    if not scores:
        return None
    return max(scores, key=scores.__getitem__)
