"""The sample archive the query tests read.

``build_sample_archive`` is the one place that decides how it is built: today rows written
directly with sqlite-utils in the shape the pipelines store, later the real pipelines over saved
pages. The rows are realistic stories of both editions, a duplicate, a reject and two runs.
"""

from __future__ import annotations

import os

from urdupoint_news.archive.schema import open_database
from urdupoint_news.site.normalize import content_hash

SITE = "https://www.urdupoint.com"

SEED_URL = f"{SITE}/en/business/pakistan-japan-renew-resolve-to-enhance-bila-2193301.html"
SAUDI_URL = f"{SITE}/en/pakistan/saudi-interior-ministry-showcases-ai-no-h-2193266.html"
HOCKEY_URL = f"{SITE}/en/sports/pakistan-beat-japan-in-asia-cup-hockey-thril-2193400.html"
UN_URL = f"{SITE}/en/world/un-chief-urges-restraint-as-us-envoy-arrives-2192950.html"
UR_TAAWUN_URL = f"{SITE}/daily/livenews/2025-09-10/news-4512345.html"
UR_HOCKEY_URL = f"{SITE}/daily/livenews/2025-09-09/news-4512400.html"
UR_COUNCIL_URL = f"{SITE}/daily/livenews/2025-09-08/news-4512500.html"
DUPLICATE_URL = f"{SITE}/en/business/pak-japan-resolve-to-boost-cooperation-2193310.html"
REJECT_URL = f"{SITE}/en/pakistan/minister-visits-quetta-2193350.html"

ARTICLES = [
    {
        "url": SEED_URL,
        "article_id": 2193301,
        "edition": "en",
        "category": "business",
        "title": "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation",
        "summary": None,
        "author": "Muhammad Irfan",
        "published_at": "2025-09-10T15:10:00+05:00",
        "modified_at": None,
        "dateline": "ISLAMABAD",
        "source": "UrduPoint / Pakistan Point News",
        "body": (
            "Pakistan and Japan on Wednesday renewed their resolve to further enhance bilateral "
            "ties in trade, investment and human resource development.\n\n"
            "This was discussed in a meeting between the Federal Minister for Economic Affairs "
            "and the Ambassador of Japan, who called on him in Islamabad.\n\n"
            "Both sides agreed to hold the next round of talks in Tokyo later this year."
        ),
        "image_url": f"{SITE}/images/news/2025/09/10/pak-japan.jpg",
        "extractor": "urdupoint_en.V2",
    },
    {
        "url": SAUDI_URL,
        "article_id": 2193266,
        "edition": "en",
        "category": "pakistan",
        "title": "Saudi Interior Ministry Showcases AI, No-Hajj-Without-Permit Campaign",
        "summary": "Pilgrims from Pakistan briefed on new digital services",
        "author": None,
        "published_at": "2025-09-10T11:45:00+05:00",
        "modified_at": "2025-09-10T12:30:00+05:00",
        "dateline": "ISLAMABAD",
        "source": "UrduPoint / Pakistan Point News / APP",
        "body": (
            "The Saudi Ministry of Interior showcased artificial intelligence tools and its "
            "No Hajj Without Permit campaign at an exhibition in Islamabad.\n\n"
            "Officials said cooperation with Pakistan on pilgrim services would continue, "
            "and that cooperation on data sharing and cooperation in training were priorities."
        ),
        "image_url": None,
        "extractor": "urdupoint_en.V2",
    },
    {
        "url": HOCKEY_URL,
        "article_id": 2193400,
        "edition": "en",
        "category": "sports",
        "title": "Pakistan Beat Japan In Asia Cup Hockey Thriller",
        "summary": None,
        "author": "Sports Desk",
        "published_at": "2025-09-09T20:30:00+05:00",
        "modified_at": None,
        "dateline": "LAHORE",
        "source": "UrduPoint / Pakistan Point News / APP",
        "body": (
            "Pakistan beat Japan 3-2 in a thrilling Asia Cup hockey match on Tuesday.\n\n"
            "The winning goal came from a penalty corner in the last minute."
        ),
        "image_url": None,
        "extractor": "urdupoint_en.V1",
    },
    {
        "url": UN_URL,
        "article_id": 2192950,
        "edition": "en",
        "category": "world",
        "title": "UN Chief Urges Restraint As U.S. Envoy Arrives",
        "summary": None,
        "author": "Ali Raza",
        "published_at": "2025-09-08T09:05:00+05:00",
        "modified_at": None,
        "dateline": "NEW YORK",
        "source": "UrduPoint / Pakistan Point News / Online",
        "body": (
            "The UN Secretary-General urged all parties to show restraint as the U.S. envoy "
            "arrived for talks.\n\nHe said dialogue was the only way forward."
        ),
        "image_url": None,
        "extractor": "fallback.jsonld",
    },
    {
        "url": UR_TAAWUN_URL,
        "article_id": 4512345,
        "edition": "ur",
        "category": "pakistan",
        "title": "پاکستان اور جاپان کا دوطرفہ تعاون بڑھانے پر اتفاق",
        "summary": None,
        "author": None,
        "published_at": "2025-09-10T16:20:00+05:00",
        "modified_at": None,
        "dateline": "اسلام آباد",
        "source": "اردوپوائنٹ اخبارتازہ ترین",
        "body": (
            "پاکستان اور جاپان نے تجارت اور سرمایہ کاری میں دوطرفہ تعاون مزید بڑھانے پر اتفاق "
            "کیا ہے۔\n\nوفاقی وزیر نے جاپانی سفیر سے ملاقات میں کہا کہ دونوں ممالک کے تعلقات "
            "مضبوط ہیں۔"
        ),
        "image_url": None,
        "extractor": "urdupoint_ur.V1",
    },
    {
        "url": UR_HOCKEY_URL,
        "article_id": 4512400,
        "edition": "ur",
        "category": "sports",
        "title": "پاکستان ہاکی ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا",
        "summary": None,
        "author": None,
        "published_at": "2025-09-09T21:00:00+05:00",
        "modified_at": None,
        "dateline": "لاہور",
        "source": "اردوپوائنٹ اخبارتازہ ترین",
        "body": "قومی ہاکی ٹیم نے سنسنی خیز مقابلے کے بعد جاپان کو شکست دے دی۔",
        "image_url": None,
        "extractor": "urdupoint_ur.V1",
    },
    {
        # Wire copy kept the Arabic code points: KAF U+0643 and YEH U+064A.
        "url": UR_COUNCIL_URL,
        "article_id": 4512500,
        "edition": "ur",
        "category": "world",
        "title": "اقوام متحدہ \u0643\u064a سلامتی \u0643ونسل \u0643ا اجلاس",
        "summary": None,
        "author": None,
        "published_at": "2025-09-08T10:00:00+05:00",
        "modified_at": None,
        "dateline": "نیویارک",
        "source": "اردوپوائنٹ اخبارتازہ ترین",
        "body": "سلامتی \u0643ونسل نے خطے \u0645\u064a\u06ba \u0643شیدگی پر غور \u0643یا۔",
        "image_url": None,
        "extractor": "urdupoint_ur.V1",
    },
]

DUPLICATE_BODY = (
    "Pakistan and Japan on Wednesday renewed their resolve to further enhance bilateral "
    "ties in trade, investment and human resource development.\n\n"
    "This was discussed in a meeting between the Federal Minister for Economic Affairs "
    "and the Ambassador of Japan, who called on him in Islamabad.\n\n"
    "The ambassador said Japanese companies were keen to invest in special economic zones."
)
DUPLICATES = [
    {
        # A near copy, with its own text (copies keep it since m007).
        "url": DUPLICATE_URL,
        "duplicate_of": SEED_URL,
        "kind": "near",
        "similarity": 0.78,
        "article_id": 2193310,
        "edition": "en",
        "category": "business",
        "title": "Pak, Japan Resolve To Boost Cooperation",
        "summary": None,
        "author": "APP",
        "published_at": "2025-09-10T17:40:00+05:00",
        "modified_at": None,
        "dateline": "ISLAMABAD",
        "source": "UrduPoint / Pakistan Point News / APP",
        "body": DUPLICATE_BODY,
        "word_count": len(DUPLICATE_BODY.split()),
        "image_url": None,
        "content_hash": content_hash(DUPLICATE_BODY),
        "extractor": "en_current",
        "first_seen_at": "2025-09-10T13:05:00+00:00",
        "last_seen_at": "2025-09-10T13:05:00+00:00",
    },
]

REJECTS = [
    {
        "url": REJECT_URL,
        "reason": "empty_body",
        "detail": "no paragraphs in div.detail_txt",
        "seen_at": "2025-09-10T13:05:10+00:00",
    }
]

CRAWL_RUNS = [
    {
        "id": 1,
        "spider": "urdupoint_en",
        "arguments": '{"max_pages": "2"}',
        "started_at": "2025-09-09T18:00:00+00:00",
        "finished_at": "2025-09-09T18:04:12+00:00",
        "finish_reason": "finished",
        "status": "ok",
        "pages": 41,
        "articles_new": 3,
        "articles_updated": 0,
        "articles_unchanged": 0,
        "duplicates": 0,
        "rejects": 0,
        "errors": 0,
        "extractors": '{"urdupoint_en.V1": 1, "urdupoint_en.V2": 1, "fallback.jsonld": 1}',
        "problems": None,
    },
    {
        "id": 2,
        "spider": "urdupoint_en",
        "arguments": '{"since": "2025-09-10"}',
        "started_at": "2025-09-10T13:00:00+00:00",
        "finished_at": "2025-09-10T13:06:30+00:00",
        "finish_reason": "finished",
        "status": "degraded",
        "pages": 38,
        "articles_new": 1,
        "articles_updated": 1,
        "articles_unchanged": 2,
        "duplicates": 1,
        "rejects": 1,
        "errors": 2,
        "extractors": '{"urdupoint_en.V2": 2}',
        "problems": "2 responses with HTTP 503",
    },
]


def build_sample_archive(path: str | os.PathLike[str]) -> None:
    """Create the sample archive at ``path`` (a new file)."""
    db = open_database(os.fspath(path))
    rows = []
    for article in ARTICLES:
        seen = "2025-09-10T13:05:00+00:00"
        rows.append(
            {
                **article,
                "word_count": len(article["body"].split()),
                "content_hash": content_hash(article["body"]),
                "first_seen_at": seen,
                "last_seen_at": seen,
            }
        )
    db["articles"].insert_all(rows)
    db["duplicates"].insert_all(DUPLICATES)
    db["rejects"].insert_all(REJECTS)
    db["crawl_runs"].insert_all(CRAWL_RUNS)
    db.close()
