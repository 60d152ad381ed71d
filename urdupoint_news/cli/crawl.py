"""``urdupoint-news crawl``: placeholder until the crawl command lands."""
