"""The project's spiders (``SPIDER_MODULES = ["urdupoint_news.spiders"]``)."""
