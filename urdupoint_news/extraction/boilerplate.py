"""What never belongs in a story body, recognised by tag, id, class words and text.

The word lists live in ``wordlists.py``; this module applies them to elements. Site quirks: the
"Recent Stories" list sometimes sits inside the body container itself (with no telling class),
"More Stories From <Category>" lists carry "6 minutes ago" times, ad slots are labelled
"Advertisement", "Read more:" paragraphs link to other stories, and Urdu related-story headings
("مزید اہم خبریں") open lists of teasers anywhere in the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from urdupoint_news.extraction.wordlists import (
    AD_SLOT_ID,
    CAPTION_WORDS,
    CLASS_WORDS,
    DROP_TAGS,
    EN_AGO,
    EN_ENDS_AGO,
    FURNITURE_CLASSES,
    HEADING_MAX_CHARS,
    MORE_CLASS,
    is_en_list_heading,
    is_furniture_paragraph,
    is_ur_list_heading,
)

__all__ = [
    "DROP_TAGS",
    "boilerplate_blocks",
    "class_words",
    "is_ad_slot",
    "is_boilerplate_element",
    "is_boilerplate_heading",
    "is_boilerplate_paragraph",
    "is_known_furniture",
    "is_named_like_boilerplate",
    "norm_text",
]

_CLASS_SPLIT = re.compile(r"[\s\-_]+|(?<=[a-z])(?=[A-Z])")


def norm_text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _names(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def class_words(el: HtmlElement) -> set[str]:
    names = _names(el)
    if names == " ":  # most elements have neither
        return set()
    return {word.lower() for word in _CLASS_SPLIT.split(names) if word}


def is_ad_slot(el: HtmlElement) -> bool:
    """An evidenced ad slot (``#gpt-center-banner``, ``div-gpt-ad-…``, ``#teads``…), by id."""
    ident = el.get("id")
    return bool(ident) and bool(AD_SLOT_ID.match(ident.strip()))


def is_known_furniture(el: HtmlElement) -> bool:
    """Markup that is never story, whatever it holds: a dropped tag, an ad slot, an evidenced
    furniture class (``div.list_box``, ``p.art_info_bar``, ``div.tagcloud``...)."""
    if el.tag in DROP_TAGS or is_ad_slot(el):
        return True
    classes = el.get("class")
    if classes and not FURNITURE_CLASSES.isdisjoint(classes.split()):
        return True
    return not CAPTION_WORDS.isdisjoint(class_words(el))


def is_named_like_boilerplate(el: HtmlElement) -> bool:
    """A class or id naming ads, sharing, related stories... A guess from the name: the body
    rules drop such a block only when it holds no story paragraph."""
    names = _names(el)
    if names == " ":
        return False
    if {word.lower() for word in _CLASS_SPLIT.split(names) if word} & CLASS_WORDS:
        return True
    return any(MORE_CLASS.match(name) for name in names.split())


def is_boilerplate_element(el: HtmlElement) -> bool:
    """Known furniture or named like it: what the generic densest-block finder skips whole."""
    return is_known_furniture(el) or is_named_like_boilerplate(el)


# More words than this make a text longer than any heading (n words and their n - 1 spaces).
_HEADING_MAX_WORDS = (HEADING_MAX_CHARS + 1) // 2


def _heading_text(el: HtmlElement) -> str | None:
    """``norm_text(el)``, or None when it is too long for a heading: a long block's words are
    not split out and joined again only to be measured."""
    words = el.text_content().split(maxsplit=_HEADING_MAX_WORDS)
    if len(words) > _HEADING_MAX_WORDS:
        return None
    return " ".join(words)


def is_boilerplate_heading(text: str) -> bool:
    return is_en_list_heading(text)


def is_boilerplate_paragraph(text: str) -> bool:
    """A paragraph that is an ad label, a "Read more:" link, a share line, a "6 minutes ago"..."""
    return is_furniture_paragraph(text)


def _is_list_heading(el: HtmlElement) -> str | None:
    """The heading text when ``el`` is a heading opening a list of other stories."""
    heading = _heading_text(el)
    if not heading:
        return None
    if is_en_list_heading(heading):
        return heading
    # An Urdu heading is a heading element's text, not a link or list item that says it.
    if el.tag not in ("li", "ul", "ol", "a") and is_ur_list_heading(heading):
        return heading
    return None


def link_density(el: HtmlElement) -> float:
    total = len(norm_text(el))
    if not total:
        return 0.0
    linked = sum(len(norm_text(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def is_story_list_item(el: HtmlElement) -> bool:
    """An entry of a list of other stories: a list, mostly links, or a linked teaser ending
    with a "6 minutes ago" time."""
    text = norm_text(el)
    if not text or el.tag in ("ul", "ol", "br") or EN_AGO.match(text):
        return True
    if link_density(el) >= 0.5:
        return True
    return bool(EN_ENDS_AGO.search(text)) and next(el.iter("a"), None) is not None


def _opens_story_list(wrapper: HtmlElement, heading: str, heading_el: HtmlElement) -> bool:
    if not norm_text(wrapper).startswith(heading):
        return False
    others = [
        child
        for child in wrapper
        if isinstance(child.tag, str) and child is not heading_el and heading_el not in child.iter()
    ]
    return all(is_story_list_item(child) for child in others)


def boilerplate_blocks(
    container: HtmlElement, holds_story: Callable[[HtmlElement], bool]
) -> set[HtmlElement]:
    """Blocks inside ``container`` introduced by a list heading ("Recent Stories", "More Stories
    From Business", "مزید خبریں"...): the heading (or the wrapper it opens) and what follows it
    up to the next story paragraph: link lists, teasers, blocks holding no story text."""
    marked: set[HtmlElement] = set()
    for el in container.iterdescendants():
        if not isinstance(el.tag, str) or el in marked:
            continue
        heading = _is_list_heading(el)
        if heading is None:
            continue
        node = el
        # Climb to the wrapper the heading opens, as long as the rest of it is a story list.
        while (parent := node.getparent()) is not None and parent is not container:
            if not _opens_story_list(parent, heading, node):
                break
            node = parent
        marked.add(node)
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if is_story_list_item(sibling) or (sibling.tag != "p" and not holds_story(sibling)):
                marked.add(sibling)
                continue
            break
    return marked
