"""What never belongs in a story body, recognised by tag, by class/id words, and by text.

Site quirks: the "Recent Stories" list sometimes sits inside the body container itself (with no
telling class), "More Stories From <Category>" lists carry "6 minutes ago" times, ad slots
are labelled "Advertisement", and "Read more:" paragraphs link to other stories.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio",
        "canvas", "svg", "form", "button", "input", "select", "textarea", "ins", "figure",
        "figcaption", "nav", "aside", "header", "footer", "menu",
    }
)  # fmt: skip

# Words in a class or id (split on "-", "_" and camelCase) that mark a non-story block.
_CLASS_WORDS = frozenset(
    {
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "adsbygoogle", "adslot",
        "banner", "dfp", "sponsor", "sponsored", "promo", "outbrain", "taboola",
        "share", "sharer", "sharing", "social", "sharethis", "addthis",
        "related", "recent", "trending", "popular", "latest", "morenews", "morestories",
        "tag", "tags", "topics", "caption", "captions", "credit", "comments", "comment",
        "newsletter", "subscribe", "breadcrumb", "breadcrumbs", "sidebar", "widget", "print",
    }
)  # fmt: skip
_CLASS_SPLIT = re.compile(r"[\s\-_]+|(?<=[a-z])(?=[A-Z])")
_MORE_CLASS = re.compile(r"^more[-_]?(news|stories|story|articles)", re.IGNORECASE)

_HEADING = re.compile(
    r"^(recent stories|more stories from\b.*|more from\b.*"
    r"|related (news|stories|articles|topics|tags)|also read|read also|read more"
    r"|you may also like|trending( news| stories)?|latest news"
    r"|latest stories|most read|most popular|popular (news|stories)|tags?|topics?)\s*:?$",
    re.IGNORECASE,
)
_AGO_TIME = r"\d+\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
_AGO = re.compile(rf"^{_AGO_TIME}$", re.IGNORECASE)
_ENDS_AGO = re.compile(rf"\b{_AGO_TIME}$", re.IGNORECASE)
_PARAGRAPH = re.compile(
    r"^(advertisement|advertisements|sponsored|ad)$"
    r"|^(read more|also read|read also|see also|related( news| story)?|tags|related tags|topics"
    r"|related topics)\s*[:\-\u2013\u2014|]"
    r"|^(share|share this( story| article)?|share on|tweet|facebook|twitter|x|whatsapp|linkedin"
    r"|email|e-mail|print|copy link)(\s*[:|/,\u00b7]?\s*(facebook|twitter|x|whatsapp|linkedin"
    r"|email|e-mail|print|copy link|telegram|pinterest|reddit))*\s*:?$",
    re.IGNORECASE,
)
HEADING_MAX_CHARS = 60


def norm_text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _names(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def class_words(el: HtmlElement) -> set[str]:
    names = _names(el)
    if names == " ":  # most elements have neither
        return set()
    return {word.lower() for word in _CLASS_SPLIT.split(names) if word}


def is_boilerplate_element(el: HtmlElement) -> bool:
    """An element to skip whole: a dropped tag, or a class/id naming ads, sharing, related..."""
    if el.tag in DROP_TAGS:
        return True
    names = _names(el)
    if names == " ":
        return False
    if {word.lower() for word in _CLASS_SPLIT.split(names) if word} & _CLASS_WORDS:
        return True
    return any(_MORE_CLASS.match(name) for name in names.split())


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
    return len(text) <= HEADING_MAX_CHARS and bool(_HEADING.match(text))


def is_boilerplate_paragraph(text: str) -> bool:
    """A paragraph that is an ad label, a "Read more:" link, a share line, a "6 minutes ago"..."""
    return is_boilerplate_heading(text) or bool(_AGO.match(text) or _PARAGRAPH.match(text))


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
    if not text or el.tag in ("ul", "ol", "br") or _AGO.match(text):
        return True
    if link_density(el) >= 0.5:
        return True
    return bool(_ENDS_AGO.search(text)) and next(el.iter("a"), None) is not None


def _opens_story_list(wrapper: HtmlElement, heading: str, heading_el: HtmlElement) -> bool:
    if not norm_text(wrapper).startswith(heading):
        return False
    others = [
        child
        for child in wrapper
        if isinstance(child.tag, str) and child is not heading_el and heading_el not in child.iter()
    ]
    return all(is_story_list_item(child) for child in others)


def boilerplate_blocks(container: HtmlElement) -> set[HtmlElement]:
    """Blocks inside ``container`` introduced by a boilerplate heading ("Recent Stories",
    "More Stories From Business"...): the heading (or the wrapper it opens) and the
    link lists that follow it."""
    marked: set[HtmlElement] = set()
    for el in container.iterdescendants():
        if not isinstance(el.tag, str) or el in marked:
            continue
        heading = _heading_text(el)
        if not heading or not is_boilerplate_heading(heading):
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
            if not is_story_list_item(sibling):
                break
            marked.add(sibling)
    return marked
