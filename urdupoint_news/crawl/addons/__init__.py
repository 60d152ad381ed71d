"""Scrapy add-ons (listed in ``ADDONS``, settings.py): the local-mirror handler and the identity."""
