"""Which stories are copies of which, decided the same way whatever order pages arrive in.

**Copies.** Two stories *match* when their normalised bodies are equal (``exact``), or when the
near-duplicate index finds them alike (Jaccard of word 3-shingles at or above the threshold,
with an LSH band in common: ``neardup.py``) and they do not differ in their figures
(``site/figures.py``: two days' gold rates are not copies of each other) (``near``).

**Originals.** Stories are taken in publication order (then by the site's id, then by URL). A
story is a copy of the earlier *original* it matches best (highest similarity; on a tie the
earliest); a story that matches no earlier original is an original itself, stored in
``articles``. Copies are stored in ``duplicates``, with all their own fields and text.

This is a definition over the set of stories, not over the order they were fetched in: in a
chain A~B, B~C where A and C do not match, B is a copy of A and C is an original, whether C was
fetched first, last or in between. To keep the archive equal to it, a new story is placed
together with every stored story it is connected to through matches (its *group*): the whole
group is placed again by the rule above, and stored stories whose place changed move between
``articles`` and ``duplicates`` (or point at another original). A story matches only stories of
its group, so nothing outside it can change. Earlier versions placed each story once, against
originals only, which made a chain's end an article or a copy depending on fetch order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from urdupoint_news.archive.neardup import NearDuplicateIndex, Signature
from urdupoint_news.site.figures import Figures, figures, figures_differ

# A group larger than this is not explored further (it would take quadratic time per story);
# it means thousands of stories share their text, which news does not do.
MAX_GROUP = 500


@dataclass(eq=False)
class Story:
    """What placing needs of a story: its order, its text's fingerprints, where it is now."""

    url: str
    article_id: int | None
    published_at: str
    content_hash: str | None
    signature: Signature
    body: str | None
    # Where it is stored: None (a new story), "articles" or "duplicates".
    table: str | None = None
    placement: Placement | None = None

    @property
    def order(self) -> tuple[datetime, int, str]:
        return (datetime.fromisoformat(self.published_at), self.article_id or 0, self.url)

    @cached_property
    def figures(self) -> Figures:
        return figures(self.body or "")


@dataclass(frozen=True)
class Placement:
    """A story's place: an original (``duplicate_of`` None) or a copy of ``duplicate_of``."""

    duplicate_of: str | None = None
    kind: str | None = None
    similarity: float | None = None

    @property
    def original(self) -> bool:
        return self.duplicate_of is None

    def same_as(self, other: Placement | None) -> bool:
        if other is None:
            return False
        return (self.duplicate_of, self.kind, _rounded(self.similarity)) == (
            other.duplicate_of,
            other.kind,
            _rounded(other.similarity),
        )


ORIGINAL = Placement()


def _rounded(similarity: float | None) -> float | None:
    return None if similarity is None else round(similarity, 4)


def match(one: Story, other: Story, threshold: float) -> tuple[str, float] | None:
    """``(kind, similarity)`` when the two stories are copies of each other, else None."""
    if one.content_hash is not None and one.content_hash == other.content_hash:
        return "exact", 1.0
    similarity = one.signature.similarity(other.signature)
    if similarity < threshold or not one.signature.shares_band(other.signature):
        return None
    if figures_differ(one.figures, other.figures):
        return None
    return "near", similarity


def place(stories: Iterable[Story], threshold: float) -> dict[str, Placement]:
    """Every story's place by the rule above (the stories of one group)."""
    originals: list[Story] = []
    placed: dict[str, Placement] = {}
    for story in sorted(stories, key=lambda s: s.order):
        best: tuple[float, str, str] | None = None
        for original in originals:  # in order: a tie keeps the earliest
            found = match(story, original, threshold)
            if found and (best is None or found[1] > best[0]):
                best = (found[1], found[0], original.url)
        if best is None:
            originals.append(story)
            placed[story.url] = ORIGINAL
        else:
            placed[story.url] = Placement(best[2], best[1], best[0])
    return placed


@dataclass
class Group:
    """A new story and the stored stories connected to it through matches."""

    stories: dict[str, Story] = field(default_factory=dict)
    complete: bool = True


def group_of(
    story: Story,
    index: NearDuplicateIndex,
    load: Callable[[str], Story | None],
    same_hash: Callable[[str], list[str]],
) -> Group:
    """The stored stories reachable from ``story`` through matches (``load`` reads a stored
    story by URL, ``same_hash`` lists the URLs stored with a content hash)."""
    group = Group({story.url: story})
    queue = [story]
    while queue:
        current = queue.pop()
        neighbours = [url for url, _ in index.candidates(current.signature)]
        if current.content_hash:
            neighbours += same_hash(current.content_hash)
        for url in neighbours:
            if url in group.stories:
                continue
            other = load(url)
            if other is None or not match(current, other, index.threshold):
                continue
            if len(group.stories) >= MAX_GROUP:
                group.complete = False
                return group
            group.stories[url] = other
            queue.append(other)
    return group


def story_from_row(row: dict[str, Any], table: str, signature: Signature) -> Story:
    """A stored story from its ``articles`` or ``duplicates`` row."""
    placement = ORIGINAL
    if table == "duplicates":
        placement = Placement(row["duplicate_of"], row["kind"], row["similarity"])
    return Story(
        url=row["url"],
        article_id=row["article_id"],
        published_at=row["published_at"],
        content_hash=row["content_hash"],
        signature=signature,
        body=row["body"],
        table=table,
        placement=placement,
    )
