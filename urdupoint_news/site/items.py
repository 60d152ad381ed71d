"""The items of a crawl: a draft as extraction finds it, a validated article, a reject.

The boundary is typed: extraction returns an ``ArticleItem`` (a draft, any field may be missing);
the validate pipeline turns a complete draft into an ``Article`` (the required columns set) or
records a reject. Deduplication and storage only ever see an ``Article``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# A draft without one of these is rejected as ``missing_<field>`` (``article_id`` as
# ``not_article``); ``word_count`` and ``content_hash`` are derived from the body.
REQUIRED_FIELDS = ("title", "published_at", "body")


@dataclass
class ArticleItem:
    """A draft: what extraction found on the page. Every field maps to a column of ``articles``
    (docs/schema.md); the clean pipeline normalises the text and derives ``word_count`` and
    ``content_hash``."""

    url: str | None = None
    article_id: int | None = None
    edition: str | None = None
    category: str | None = None
    title: str | None = None
    summary: str | None = None
    author: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    dateline: str | None = None
    source: str | None = None
    body: str | None = None
    word_count: int | None = None
    image_url: str | None = None
    content_hash: str | None = None
    extractor: str | None = None


@dataclass
class RedirectedArticleItem(ArticleItem):
    """The draft of a page a redirect led to. ``followed`` (not a column) is the link the crawl
    followed: a reject is recorded under it, so later runs know the link and do not ask again."""

    followed: str = ""

    @classmethod
    def of(cls, draft: ArticleItem, followed: str) -> RedirectedArticleItem:
        return cls(**{f.name: getattr(draft, f.name) for f in fields(draft)}, followed=followed)


@dataclass
class Article:
    """A validated article, ready to deduplicate and store: the required columns are set."""

    url: str
    article_id: int
    title: str
    published_at: str
    body: str
    word_count: int
    content_hash: str
    extractor: str
    edition: str | None = None
    category: str | None = None
    summary: str | None = None
    author: str | None = None
    modified_at: str | None = None
    dateline: str | None = None
    source: str | None = None
    image_url: str | None = None

    @classmethod
    def from_draft(cls, draft: ArticleItem) -> Article:
        """The article of a complete, cleaned draft; ValueError names what is missing."""
        # A shallow copy: every field is a scalar, and asdict's deep copy shows in reparse's
        # profile (thousands of items a second).
        values = {f.name: getattr(draft, f.name) for f in fields(cls)}
        missing = [
            name
            for name in ("url", "article_id", *REQUIRED_FIELDS, "word_count", "content_hash")
            if values[name] in (None, "")
        ]
        if missing:
            raise ValueError(f"incomplete draft {draft.url}: no {', '.join(missing)}")
        values["extractor"] = values["extractor"] or "unknown"
        return cls(**values)


@dataclass
class RejectItem:
    """A page that looked like an article but cannot become one; stored in ``rejects``."""

    url: str
    reason: str
    detail: str = ""


@dataclass
class FetchFailure:
    """An article page this run could not fetch (a server or network error, after Scrapy's
    retries): remembered in ``rejects`` as ``fetch_failed`` so later runs ask for it again."""

    url: str  # the link followed
    detail: str


# Pages read back from the page archive or an imported WARC (docs/page-archive.md) carry when they
# were fetched, so the store dates the article by the page rather than by the run. These two
# fields are not columns.


@dataclass
class ArchivedPageArticle(ArticleItem):
    """A draft extracted from a page fetched earlier (``reparse``, ``import``)."""

    fetched_at: str | None = None  # when the page was fetched (its WARC-Date), ISO 8601 UTC
    reextracted: bool = False  # the same stored page read again (reparse), not a new sighting


@dataclass
class ArchivedArticle(Article):
    """The validated article of an ``ArchivedPageArticle``."""

    fetched_at: str | None = None
    reextracted: bool = False
