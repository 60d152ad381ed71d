from urdupoint_news.cli import main

main()
