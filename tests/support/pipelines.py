"""The item pipelines in the order ITEM_PIPELINES gives them, run on a real SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlite_utils import Database

from urdupoint_news.archive.schema import open_database
from urdupoint_news.crawl.pipelines import (
    CleanPipeline,
    DedupPipeline,
    StorePipeline,
    ValidatePipeline,
)

# The run's archive connection is an extension (crawl/extensions/storage.py): enabled alone.
STORAGE = {"urdupoint_news.crawl.extensions.storage.Storage": 0}


class Chain:
    """clean -> validate -> dedup -> store, as ITEM_PIPELINES orders them."""

    def __init__(self, db_path: Path, **settings: Any) -> None:
        self.crawler = get_crawler(
            Spider, {"URDUPOINT_DB_PATH": str(db_path), "EXTENSIONS": STORAGE, **settings}
        )
        self.crawler.spider = Spider(name="test")
        self.crawler.stats.open_spider()
        self.stages = [
            CleanPipeline(),
            ValidatePipeline.from_crawler(self.crawler),
            DedupPipeline.from_crawler(self.crawler),
            StorePipeline.from_crawler(self.crawler),
        ]
        self.stages[2].open_spider()
        self.db_path = db_path

    def feed(self, item: Any) -> str:
        try:
            for stage in self.stages:
                item = stage.process_item(item)
        except DropItem as exc:
            return f"dropped: {exc}"
        return "stored"

    def close(self) -> Database:
        self.stages[3].close_spider()
        return open_database(str(self.db_path))

    def stat(self, name: str) -> int:
        return self.crawler.stats.get_value(f"urdupoint/{name}", 0)
