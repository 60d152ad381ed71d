"""Every word list the body rules use, per edition, in one place.

``main_text.paragraphs`` keeps the story text of a container and subtracts what these lists name
as not story. The English and Urdu lists do not collide (different scripts), so every body is read
with all of them; what differs between the editions' markup is in ``EditionRules``.

The words come from the site's pages (docs/extraction.md, "What is left out of bodies"):
- English: "Recent Stories" with teasers cut with " .." and "N minutes ago" times, "More Stories
  From <Section>", "Related Topics", "Read more:" links, ad labels.
- Urdu: the related-story headings (مزید اہم خبریں، تازہ ترین خبریں، مزید خبریں، متعلقہ خبریں، and
  in the 2023 markup "مزید متعلقہ خبریں پڑھئیے" over ``div.list_box``), the "(جاری ہے)"
  ("continued") marker printed where an ad cuts the story, "N منٹ پہلے" times, اشتہار labels,
  "شیئر کریں" share lines, "مزید پڑھیں" links, topic links (متعلقہ عنوان).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from urdupoint_news.site.dateline import split_dateline
from urdupoint_news.site.normalize import fold_for_lookup
from urdupoint_news.site.urdu import split_urdu_dateline

# --- markup known not to be story, by tag, id and class -----------------------------------------
# Tags never holding story text. Dropped whole, whatever they hold.
DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio",
        "canvas", "svg", "form", "button", "input", "select", "textarea", "ins", "figure",
        "figcaption", "nav", "aside", "header", "footer", "menu",
    }
)  # fmt: skip

# Ad slots (docs/extraction.md, 2023 Urdu markup): `div#gpt-center-banner` inside `div.txt_banner`,
# `#gpt-middle-banner`, `div[id^=div-gpt-ad]`, `#teads`, `#eng_mob_ad_wrap`. Matched on the id.
AD_SLOT_ID = re.compile(r"^(gpt[-_]|div-gpt-ad|teads$|eng_mob_ad_wrap$|google_ads)", re.IGNORECASE)

# Evidenced furniture, by class: dropped whole (none of them ever wraps the story).
#   list_box / box_item: the 2023 Urdu related-story box "مزید متعلقہ خبریں پڑھئیے";
#   art_info_bar: the 2023 Urdu date row (author, weekday, date, time), read as fields;
#   txt_gray: the second "وقت اشاعت :" date under the 2023 Urdu story;
#   tagcloud / social_sharer / item_shadow: tags, share buttons, another story's teaser.
FURNITURE_CLASSES = frozenset(
    {"list_box", "box_item", "art_info_bar", "txt_gray", "tagcloud", "social_sharer", "item_shadow"}
)

# Words in a class or id (split on "-", "_" and camelCase) that usually mark a non-story block.
# A block named so is dropped only when it holds no story paragraph (main_text.holds_story): the
# 2023 Urdu story sits inside `div.txt_banner`, and a class name alone is a guess.
CLASS_WORDS = frozenset(
    {
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "adsbygoogle", "adslot",
        "banner", "dfp", "sponsor", "sponsored", "promo", "outbrain", "taboola",
        "share", "sharer", "sharing", "social", "sharethis", "addthis",
        "related", "recent", "trending", "popular", "latest", "morenews", "morestories",
        "tag", "tags", "topics", "comments", "comment",
        "newsletter", "subscribe", "breadcrumb", "breadcrumbs", "sidebar", "widget", "print",
        # Urdu pages: another story's teaser (li.item_shadow), the tag cloud, the stamp and
        # byline (read as fields, not story).
        "shadow", "date", "time", "author", "byline", "tagcloud",
    }
)  # fmt: skip
# Words naming a caption: a caption is one line under a picture, never a wrapper of the story,
# and reads like a sentence of it; dropped whatever it holds.
CAPTION_WORDS = frozenset({"caption", "captions", "credit"})
MORE_CLASS = re.compile(r"^more[-_]?(news|stories|story|articles)", re.IGNORECASE)

# --- English text ---------------------------------------------------------------------------
EN_LIST_HEADING = re.compile(
    r"^(recent stories|more stories from\b.*|more from\b.*"
    r"|related (news|stories|articles|topics|tags)|also read|read also|read more"
    r"|you may also like|trending( news| stories)?|latest news"
    r"|latest stories|most read|most popular|popular (news|stories)|tags?|topics?)\s*:?$",
    re.IGNORECASE,
)
AGO_TIME = r"\d+\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
EN_AGO = re.compile(rf"^{AGO_TIME}$", re.IGNORECASE)
EN_ENDS_AGO = re.compile(rf"\b{AGO_TIME}$", re.IGNORECASE)
EN_FURNITURE = re.compile(
    r"^(advertisement|advertisements|sponsored|ad)$"
    r"|^(read more|also read|read also|see also|related( news| story)?|tags|related tags|topics"
    r"|related topics)\s*[:\-\u2013\u2014|]"
    r"|^(share|share this( story| article)?|share on|tweet|facebook|twitter|x|whatsapp|linkedin"
    r"|email|e-mail|print|copy link)(\s*[:|/,\u00b7]?\s*(facebook|twitter|x|whatsapp|linkedin"
    r"|email|e-mail|print|copy link|telegram|pinterest|reddit))*\s*:?$",
    re.IGNORECASE,
)
HEADING_MAX_CHARS = 60

# --- Urdu text ------------------------------------------------------------------------------
UR_LIST_HEADINGS = (
    "مزید اہم خبریں",
    "تازہ ترین خبریں",
    "مزید خبریں",
    "متعلقہ خبریں",
    "مزید متعلقہ خبریں پڑھئیے",  # the 2023 div.list_box
)
# Matched on fold_for_lookup(text), so the Urdu words are folded the same way.
UR_FURNITURE = re.compile(
    fold_for_lookup(
        r"^(?:اشتہار|advertisement"
        r"|[\d۰-۹٠-٩]+\s*(?:سیکنڈ|منٹ|گھنٹہ|گھنٹے|گھنٹوں|دن|ہفتے|ہفتہ|ماہ|مہینے|سال)\s*(?:پہلے|قبل)"
        r"|متعلقہ عنوان.*|شیئر کریں|مزید پڑھیں.*|وقت اشاعت\s*:?.*)$"
    ),
    re.IGNORECASE,
)
# "(جاری ہے)", "continued": printed where an ad cuts the story; never story text. Arabic-keyboard
# spellings (ي, ه) included. Since 2023 it is also a sibling `p.hide_desk` (phones only).
CONTINUED = re.compile(r"\(\s*جار[یي]\s*[ہهھ][ےي]\s*\)")
UR_LIST_HEADING_KEYS = frozenset(map(fold_for_lookup, UR_LIST_HEADINGS))
HEADING_EDGES = " :۔"  # around a heading's words: "مزید خبریں:"
_LONGEST_UR_HEADING = max(map(len, UR_LIST_HEADING_KEYS))
# fold_for_lookup works character by character on the NFC text: it drops these characters
# (joiners, direction marks, tatweel...) and maps every other one to one character, never to or
# from HEADING_EDGES (tests/unit/test_extraction_fast_paths.py checks every code point). So the
# length of a block's folded text is known before folding it, and a block longer than any heading
# is not folded: str.translate looks each of a paragraph's letters up in a dict.
FOLD_DROPS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad\u0640]")


def is_ur_list_heading(text: str) -> bool:
    text = unicodedata.normalize("NFC", text)
    if len(FOLD_DROPS.sub("", text).strip(HEADING_EDGES)) > _LONGEST_UR_HEADING:
        return False  # a paragraph: folding it would only show it is none
    return fold_for_lookup(text).strip(HEADING_EDGES) in UR_LIST_HEADING_KEYS


def is_en_list_heading(text: str) -> bool:
    return len(text) <= HEADING_MAX_CHARS and bool(EN_LIST_HEADING.match(text))


def is_list_heading(text: str) -> bool:
    """A heading that opens a list of other stories, in either edition."""
    return is_en_list_heading(text) or is_ur_list_heading(text)


def is_furniture_paragraph(text: str) -> bool:
    """A paragraph that is page furniture in either edition: an ad label, a "Read more:" link, a
    share line, a "6 minutes ago" / "6 منٹ پہلے" time, a list heading..."""
    if is_en_list_heading(text) or EN_AGO.match(text) or EN_FURNITURE.match(text):
        return True
    return bool(UR_FURNITURE.match(fold_for_lookup(text))) or is_ur_list_heading(text)


def strip_markers(text: str) -> str:
    """The text without markers printed inside story paragraphs ("(جاری ہے)")."""
    return CONTINUED.sub(" ", text) if "(" in text else text


# --- what differs between the editions ------------------------------------------------------
@dataclass(frozen=True)
class EditionRules:
    """What differs between the editions' markup and text (the word lists above are shared).

    ``split_dateline``: (place, credit, rest) of a body opening with the edition's dateline.

    ``br_in_p_breaks``: a ``<br>`` inside a ``p`` ends a paragraph (English: old pages write
    paragraphs as text between ``<br>``s, also inside a ``p``) or is a line break inside it (Urdu).
    ``lists_are_story``: ``ul``/``ol`` items are story text (English bullet lists) or are lists of
    other stories, skipped whole (Urdu: no story list is evidenced, every list seen is teasers).
    ``drop_tags``: headings repeated inside the body container."""

    split_dateline: Callable[[str], tuple[str | None, str | None, str]]
    br_in_p_breaks: bool
    lists_are_story: bool
    drop_tags: frozenset[str] = frozenset()


ENGLISH = EditionRules(split_dateline, br_in_p_breaks=True, lists_are_story=True)
URDU = EditionRules(
    split_urdu_dateline,
    br_in_p_breaks=False,
    lists_are_story=False,
    drop_tags=frozenset({"h1", "h2"}),
)
RULES = {"en": ENGLISH, "ur": URDU}


def rules_for(edition: str | None) -> EditionRules:
    """The rules of ``edition``; English for a page whose edition is unknown."""
    return RULES.get(edition or "", ENGLISH)
