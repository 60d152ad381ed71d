"""Floor 3: Scrapy plumbing: spider bases, pipelines, extensions, run health and the run lock.

Spiders (the top-level ``spiders`` package) build on ``base``; the pipelines write through the
archive (floor 2) and extraction (floor 2) turns pages into items.
"""
