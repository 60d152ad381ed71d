"""Project commands for ``scrapy`` (``COMMANDS_MODULE``): ``crawl`` with an honest exit status."""
