"""A generic main-text extractor: the story text of any news page, with no knowledge of the site.

It is the second source of every body (crawl/checks/rules.py compares the two by sentences), so it
must not share the layouts' knowledge: it reads no class, id or site selector, and none of
extraction/boilerplate.py's word lists. What it knows is HTML itself:

- the elements that never hold story text: scripts, styles, forms, and the page's own
  ``nav``/``header``/``footer``/``aside`` (HTML5 sectioning, not the site's naming);
- a paragraph is a block's own text (its text and that of its inline children); one shorter than
  ``MIN_CHARS`` or mostly link text (a teaser, a menu) is not story text;
- the story is the block whose paragraphs hold the most text (a paragraph scores for its parent,
  half for its grandparent: readability's rule), and its text is every paragraph under that block.

Decision: short paragraphs ("(جاری ہے)", bylines, "6 minutes ago") are left out by length alone,
which also drops one-line story paragraphs; the comparison is by shares of sentences, so a few of
those do not make a body disagree.
"""

from __future__ import annotations

from collections import defaultdict

from lxml.html import HtmlElement

# Never story text, whatever the site: code, styling, forms, embedded media, HTML5 page chrome.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed",
        "video", "audio", "canvas", "svg", "form", "button", "select", "textarea", "nav",
        "header", "footer", "aside", "menu", "figure", "figcaption",
    }
)  # fmt: skip
# Phrasing content: its text is part of the paragraph around it.
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins",
        "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
        "u", "var", "wbr", "br",
    }
)  # fmt: skip
# Paragraph-like elements score for the block around them.
PARAGRAPH_TAGS = frozenset({"p", "li", "blockquote", "pre", "dd", "td"})
MIN_CHARS = 30  # shorter own text is a label, a time, a marker: not a story paragraph
MAX_LINK_SHARE = 0.5  # more of its text in links: a teaser or a menu


def _words(text: str) -> str:
    return " ".join(text.split())


def _own_text(el: HtmlElement) -> tuple[str, int]:
    """(the text of ``el`` and its inline children, how much of it is link text)."""
    parts: list[str] = [el.text or ""]
    linked = 0
    for child in el:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            text = child.text_content()
            parts.append(text)
            if child.tag == "a":
                linked += len(_words(text))
            else:
                linked += sum(len(_words(a.text_content())) for a in child.iter("a"))
        parts.append(child.tail or "")
    return _words(" ".join(parts)), linked


def _paragraphs(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Every story-like paragraph under ``root``: (its element, its text), in document order."""
    found: list[tuple[HtmlElement, str]] = []

    def walk(el: HtmlElement) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP_TAGS:
                continue
            if tag not in INLINE_TAGS:
                text, linked = _own_text(child)
                if len(text) >= MIN_CHARS and linked < MAX_LINK_SHARE * len(text):
                    found.append((child, text))
                walk(child)

    walk(root)
    return found


def main_text(root: HtmlElement) -> list[str]:
    """The paragraphs of the page's main text (empty when the page has none)."""
    paragraphs = _paragraphs(root)
    if not paragraphs:
        return []
    scores: dict[HtmlElement, float] = defaultdict(float)
    for el, text in paragraphs:
        holder = el.getparent() if el.tag in PARAGRAPH_TAGS else el
        if holder is None:
            continue
        scores[holder] += len(text)
        grand = holder.getparent()
        if grand is not None:
            scores[grand] += len(text) / 2
    if not scores:
        return []
    best = max(scores, key=scores.__getitem__)
    inside = {id(el) for el in best.iter()}
    return [text for el, text in paragraphs if id(el) in inside]
