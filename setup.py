"""Only for ``scrapyd-deploy``, which builds the project's egg with ``python setup.py bdist_egg``
(and writes a setup.py of its own where there is none). Everything about the package, the
``scrapy`` entry point Scrapyd needs included, is in pyproject.toml."""

from setuptools import setup

setup()
