"""A set of URLs that costs a fixed few bytes per URL, whatever the URL's length.

A crawl remembers every URL it asked for or stored in this run (to ask once, to count once).
Held as ``str`` in a ``set``, a site URL costs about 190 bytes; a 100k-page crawl would keep
tens of megabytes in several such sets. ``UrlSet`` keeps a 96-bit BLAKE2b digest of each URL
instead (a 40-byte ``int``, about 70 bytes with the set's slot). Two different URLs share a digest
with probability about n² / 2⁹⁷: 6·10⁻¹⁸ for a million URLs, so membership answers as a ``set``
of the URLs would. It only answers membership: the URLs cannot be listed back.
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import blake2b

DIGEST_BYTES = 12


def url_key(url: str) -> int:
    """The digest a ``UrlSet`` keeps of ``url``."""
    return int.from_bytes(blake2b(url.encode("utf-8"), digest_size=DIGEST_BYTES).digest(), "big")


class UrlSet:
    """``add``, ``discard``, ``in`` and ``len`` of a set of URLs (see the module notes)."""

    __slots__ = ("_keys",)

    def __init__(self, urls: Iterable[str] = ()) -> None:
        self._keys: set[int] = {url_key(url) for url in urls}

    def add(self, url: str) -> None:
        self._keys.add(url_key(url))

    def update(self, urls: Iterable[str]) -> None:
        self._keys.update(url_key(url) for url in urls)

    def discard(self, url: str) -> None:
        self._keys.discard(url_key(url))

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and url_key(url) in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def __repr__(self) -> str:
        return f"UrlSet({len(self._keys)} urls)"
