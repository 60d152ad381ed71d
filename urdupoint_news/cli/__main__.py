from urdupoint_news.cli import cli

cli(prog_name="urdupoint-news")
