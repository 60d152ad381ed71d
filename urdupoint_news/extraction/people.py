"""Who wrote a story: a person's name, or nobody when the byline is an organisation.

The site credits many stories to itself or to a news agency ("UrduPoint", "APP", "Online",
"News Desk"...). Those are not authors: ``author`` stays null and an agency goes to ``source``.
"""

from __future__ import annotations

import re

from urdupoint_news.site.text import clean_text

# News agencies whose name may stand in for the credit when the story has no dateline.
AGENCIES = {
    name.casefold(): name
    for name in (
        "APP", "Online", "AFP", "Reuters", "AP", "NNI", "INP", "PPI", "Sana", "Xinhua", "WAM",
        "IRNA", "Anadolu", "Sputnik", "TASS", "Bernama", "KUNA", "SPA", "DPA", "ANI", "IANS",
        "Associated Press of Pakistan", "Associated Press", "Agence France-Presse",
    )
}  # fmt: skip
ORGANISATIONS = {
    "urdupoint", "urdupoint.com", "urdu point", "pakistan point news", "pakistanpoint",
    "news desk", "web desk", "staff", "staff reporter", "our staff reporter", "correspondent",
    "our correspondent", "agencies", "news agencies", "monitoring desk", "editor", "admin",
}  # fmt: skip
_DESK = re.compile(r"\b(desk|bureau|report(?:er|s)? team|news service)$", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by|reported by)\s*:?\s+", re.IGNORECASE)
# Bylines can carry the writer's social handle: "Fahad Shabbir (@FahadShabbir)".
_HANDLE = re.compile(r"\s*\(\s*@[\w.]+\s*\)")


def _clean_name(name: str | None) -> str | None:
    text = clean_text(name)
    if not text:
        return None
    return _HANDLE.sub("", _BY.sub("", text)).strip(" ,;|-") or None


def agency(name: str | None) -> str | None:
    """The agency's usual spelling when ``name`` is a news agency, else None."""
    text = _clean_name(name)
    return AGENCIES.get(text.casefold()) if text else None


def is_organisation(name: str) -> bool:
    folded = name.casefold()
    return (
        folded in ORGANISATIONS
        or folded in AGENCIES
        or "urdupoint" in folded.replace(" ", "")
        or bool(_DESK.search(name))
    )


def person_name(name: str | None) -> str | None:
    """A cleaned person's name, or None for an empty or organisational byline."""
    text = _clean_name(name)
    if not text or is_organisation(text) or len(text) > 80:
        return None
    return text
