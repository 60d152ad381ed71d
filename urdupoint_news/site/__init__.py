"""Floor 1: what the site's pages mean, with no Scrapy and no database.

URLs, dates, datelines, Urdu text, display cleanup, matching normalisation, and the item that
extraction fills. Everything above imports from here; nothing here imports from above.
"""
