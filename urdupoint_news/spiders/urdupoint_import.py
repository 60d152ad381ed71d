"""``urdupoint_import``: UrduPoint article pages out of WARC files made elsewhere; fetches nothing.

``urdupoint-news import`` runs it under the database lock; as a bare spider:

    scrapy crawl urdupoint_import -a files=CC-NEWS-20250910.warc.gz,site.warc.gz
"""

from __future__ import annotations

from urdupoint_news.pagearchive.importing import ImportSpider


class UrduPointImportSpider(ImportSpider):
    name = "urdupoint_import"
