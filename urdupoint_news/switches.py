"""On/off values as people write them: in ``-a refresh=yes`` and in ``-s NAME=off``."""

from __future__ import annotations

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def parse_switch(value: object, *, empty: bool | None = None) -> bool | None:
    """True or False for a bool or one of the words above (any case, spaces around), ``empty``
    for an empty value, None for anything else."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return empty if word == "" else None
