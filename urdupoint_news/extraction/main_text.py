"""The story paragraphs of a container, by subtraction; and the generic "densest block" finder.

``paragraphs(container, rules)`` is the one body mechanism of every layout, both editions: all the
text inside the article's container is story unless it is known not to be. Subtracted:
- markup that is never story (``boilerplate.is_known_furniture``): scripts, styles, ``figure``,
  ``aside``..., the evidenced ad slots (``#gpt-*``, ``div[id^=div-gpt-ad]``, ``#teads``,
  ``#eng_mob_ad_wrap``), the related box ``div.list_box``, the date row ``p.art_info_bar``, the
  tag cloud, share bars;
- blocks whose class or id names ads, sharing, related stories... (``banner``, ``share``,
  ``related``...) **only when they hold no story paragraph**: the 2023 Urdu story starts inside
  ``div.txt_banner``, around the ad slot it floats, and a name is only a guess;
- a list heading ("Recent Stories", "مزید خبریں"...) and the teasers that follow it;
- paragraphs that are furniture by their text (ad labels, "6 minutes ago", "(جاری ہے)"...) or
  almost all link text.
Everything else is kept, whatever the tags (``p``, ``div``, bare text between ``<br>``s) and however
deep it is nested. The word lists are in ``wordlists.py``; what differs between the editions'
markup is a ``wordlists.EditionRules``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from lxml.html import HtmlElement

from urdupoint_news.extraction.boilerplate import (
    boilerplate_blocks,
    class_words,
    is_boilerplate_element,
    is_known_furniture,
    is_named_like_boilerplate,
)
from urdupoint_news.extraction.wordlists import (
    ENGLISH,
    EditionRules,
    is_furniture_paragraph,
    strip_markers,
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
LIST_TAGS = frozenset({"ul", "ol", "li"})
# A paragraph that is almost all link text is a link list item, not story text.
MAX_LINK_SHARE = 0.9
MIN_PARAGRAPH_CHARS = 25
# A story paragraph, for telling a wrapper of the story from a widget named like one: this long,
# mostly not link text, not a teaser cut with " ..". A short one counts when it ends a sentence.
STORY_MIN_CHARS = 80
STORY_SENTENCE_MIN_CHARS = 30
STORY_MAX_LINK_SHARE = 0.5
_SENTENCE_ENDS = ("۔", ".", "؟", "?", "!", '"', "\u201d")


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
        text = " ".join(strip_markers("".join(self._parts)).split())
        if text:
            self.paragraphs.append((text, self._linked))
        self._parts, self._linked = [], 0


def is_story_paragraph(text: str, linked: int) -> bool:
    """A paragraph that reads as story text, not a teaser, label or link line."""
    if len(text) < STORY_SENTENCE_MIN_CHARS or linked >= STORY_MAX_LINK_SHARE * len(text):
        return False
    if text.endswith("..") or is_furniture_paragraph(text):
        return False
    return len(text) >= STORY_MIN_CHARS or text.endswith(_SENTENCE_ENDS)


def paragraphs(
    container: HtmlElement,
    rules: EditionRules = ENGLISH,
    skip: Callable[[HtmlElement], bool] | None = None,
) -> list[str]:
    """The story paragraphs of ``container``, by subtraction (the module's docstring)."""
    return [
        text
        for text, linked in _blocks(container, rules, skip)
        if linked < MAX_LINK_SHARE * len(text) and not is_furniture_paragraph(text)
    ]


def holds_story(
    el: HtmlElement,
    rules: EditionRules = ENGLISH,
    skip: Callable[[HtmlElement], bool] | None = None,
) -> bool:
    """``el`` holds at least one story paragraph once what is known not to be story is gone."""
    return any(is_story_paragraph(text, linked) for text, linked in _blocks(el, rules, skip))


def _blocks(
    container: HtmlElement, rules: EditionRules, skip: Callable[[HtmlElement], bool] | None
) -> list[tuple[str, int]]:
    """(text, linked characters) of every paragraph of ``container`` left by the subtraction."""
    story: dict[HtmlElement, bool] = {}

    def keeps_story(el: HtmlElement) -> bool:
        found = story.get(el)
        if found is None:
            found = story[el] = holds_story(el, rules, skip)
        return found

    marked = boilerplate_blocks(container, keeps_story)
    out = _Collector()

    def dropped(el: HtmlElement) -> bool:
        if el in marked or el.tag in rules.drop_tags or is_known_furniture(el):
            return True
        if skip is not None and skip(el):
            return True
        if not rules.lists_are_story and el.tag in LIST_TAGS:
            return True
        return is_named_like_boilerplate(el) and not keeps_story(el)

    def walk(node: HtmlElement, in_link: bool, in_p: bool) -> None:
        if node.text:
            out.add(node.text, in_link)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:
                pass
            elif dropped(child):
                # A dropped ad or widget may float inside a paragraph (the 2023 Urdu banner):
                # the text around it is one paragraph. A list is never inside one.
                if tag in LIST_TAGS:
                    out.flush()
            elif tag == "br":
                if in_p and not rules.br_in_p_breaks:
                    out.add("\n", in_link)
                else:
                    out.flush()
            elif tag in BLOCK_TAGS:
                out.flush()
                walk(child, in_link, in_p or tag == "p")
                out.flush()
            else:
                walk(child, in_link or tag == "a", in_p)
            if child.tail:
                out.add(child.tail, in_link)

    walk(container, False, False)
    out.flush()
    return out.paragraphs


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
