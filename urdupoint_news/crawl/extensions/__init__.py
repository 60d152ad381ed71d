"""The project's Scrapy extensions, one per module (listed in ``EXTENSIONS``, settings.py)."""
