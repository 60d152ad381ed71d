"""Downloader middlewares, one per module (listed in ``DOWNLOADER_MIDDLEWARES``, settings.py)."""
