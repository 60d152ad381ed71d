"""Sets and maps of URLs that cost about 8 bytes per URL, whatever the URL's length.

A crawl remembers every URL it asked for or stored in this run (to ask once, to count once).
Held as ``str`` in a ``set``, a site URL costs about 190 bytes; as an ``int`` digest in a
``set``, about 70 (the int object and the set's slot). A 100k-page crawl keeps several such
memories, so even digests in sets grew its peak memory by tens of megabytes (docs/performance.md,
"Memory of a long crawl").

``UrlSet`` and ``UrlMap`` keep a 64-bit BLAKE2b digest of each URL in a sorted ``array('Q')``
(8 bytes a URL; ``UrlMap`` a second array of the values beside it), searched with ``bisect``. New
URLs go to a small Python set (or dict) first, merged into the array once it holds ``MERGE_AT``
of them: the merge copies the array once per ``MERGE_AT`` additions, so adding stays cheap, and
the recent part costs under 100 KB however long the crawl. A URL removed from the array is
deleted from it (a move of the array's tail; removals are rare: a copy demoted in the archive).

Why 64 bits: two different URLs share a 64-bit digest with probability about n² / 2⁶⁵, 3·10⁻⁸
for a million URLs in one run, 3·10⁻⁶ for ten million. What a collision would cost is one story
taken as already asked for or stored in this run, so not fetched or counted again until the next
run. 96 bits (the size used before) would need a second array and a comparison of pairs on every
lookup for a risk that is already far below that of losing a page to the network. Only
membership is kept: the URLs cannot be listed back.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from hashlib import blake2b

DIGEST_BYTES = 8
# Recent additions kept in a Python set or dict before a merge into the sorted array: a few
# tens of KB, and one merge (one copy of the array, a bisect per recent key) per this many.
MERGE_AT = 1024


def url_key(url: str) -> int:
    """The digest a ``UrlSet`` or ``UrlMap`` keeps of ``url``: an int below 2**64."""
    return int.from_bytes(blake2b(url.encode("utf-8"), digest_size=DIGEST_BYTES).digest(), "big")


def _index(keys: array[int], key: int) -> int:
    """Where ``key`` is in the sorted ``keys``, or -1."""
    at = bisect_left(keys, key)
    return at if at < len(keys) and keys[at] == key else -1


def _spliced(old: array[int], positions: list[int], items: Iterable[int]) -> array[int]:
    """``old`` with each item inserted before ``old[position]`` (positions in ascending order),
    as a new array: one pass of slice copies, not a move of the tail per item."""
    new = array(old.typecode)
    start = 0
    for at, item in zip(positions, items, strict=True):
        new += old[start:at]
        new.append(item)
        start = at
    new += old[start:]
    return new


class _Digests:
    """What ``UrlSet`` and ``UrlMap`` share: sorted digests in ``_keys``, recent ones (a set or a
    dict keyed by digest) in ``_recent``."""

    __slots__ = ("_keys", "_recent")
    _keys: array[int]
    _recent: set[int] | dict[int, int]

    def __contains__(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        key = url_key(url)
        return key in self._recent or _index(self._keys, key) >= 0

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent)

    def __bool__(self) -> bool:
        return bool(self._keys) or bool(self._recent)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} urls)"


class UrlSet(_Digests):
    """``add``, ``discard``, ``in`` and ``len`` of a set of URLs (see the module notes)."""

    __slots__ = ()
    _recent: set[int]

    def __init__(self, urls: Iterable[str] = ()) -> None:
        self._keys = array("Q")  # sorted digests
        self._recent: set[int] = set()  # digests not in _keys yet
        self.update(urls)

    def add(self, url: str) -> None:
        key = url_key(url)
        if key in self._recent or _index(self._keys, key) >= 0:
            return
        self._recent.add(key)
        if len(self._recent) >= MERGE_AT:
            self._merge()

    def update(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.add(url)

    def discard(self, url: str) -> None:
        key = url_key(url)
        if key in self._recent:
            self._recent.remove(key)
        elif (at := _index(self._keys, key)) >= 0:
            del self._keys[at]

    def _merge(self) -> None:
        recent = sorted(self._recent)
        positions = [bisect_left(self._keys, key) for key in recent]
        self._keys = _spliced(self._keys, positions, recent)
        self._recent = set()


class UrlMap(_Digests):
    """URLs mapped to ints in 0 .. 2**64 - 1: set, get, pop, ``in``, ``len`` and the values
    (in no particular order). Kept as ``UrlSet`` keeps its URLs (see the module notes)."""

    __slots__ = ("_values",)
    _recent: dict[int, int]

    def __init__(self) -> None:
        self._keys = array("Q")  # sorted digests
        self._values = array("Q")  # the value of each of _keys, at the same index
        self._recent: dict[int, int] = {}  # digests not in _keys yet, with their values

    def __setitem__(self, url: str, value: int) -> None:
        key = url_key(url)
        if key not in self._recent and (at := _index(self._keys, key)) >= 0:
            self._values[at] = value
            return
        self._recent[key] = value
        if len(self._recent) >= MERGE_AT:
            self._merge()

    def get(self, url: str) -> int | None:
        key = url_key(url)
        if key in self._recent:
            return self._recent[key]
        at = _index(self._keys, key)
        return self._values[at] if at >= 0 else None

    def pop(self, url: str) -> int | None:
        """Remove the URL; its value, or None if it was not there."""
        key = url_key(url)
        if key in self._recent:
            return self._recent.pop(key)
        at = _index(self._keys, key)
        if at < 0:
            return None
        value = self._values[at]
        del self._keys[at]
        del self._values[at]
        return value

    def values(self) -> Iterator[int]:
        yield from self._values
        yield from self._recent.values()

    def _merge(self) -> None:
        recent = sorted(self._recent.items())
        positions = [bisect_left(self._keys, key) for key, _ in recent]
        self._keys = _spliced(self._keys, positions, (key for key, _ in recent))
        self._values = _spliced(self._values, positions, (value for _, value in recent))
        self._recent = {}
