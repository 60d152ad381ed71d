# The two commands a newcomer needs are `make crawl` and `make test`; both bootstrap .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: crawl test test-fast lint demo serve-sample bench clean

$(VENV): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)

# Arguments for the crawl command. The default keeps a first crawl short (three listing pages per
# category); make crawl ARGS="" reads every category's whole history.
ARGS ?= -a max_pages=3

crawl: $(VENV)
	$(BIN)/urdupoint-news crawl $(ARGS)

# Everything, in parallel: what CI runs.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadscope

# The unit tests only: a few seconds.
test-fast: $(VENV)
	$(BIN)/python -m pytest -m "not e2e" -q

lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

demo: $(VENV)
	$(BIN)/python -m urdupoint_news.demo

# The sample site on http://127.0.0.1:8000 until Ctrl-C (urdupoint-news serve-sample --help).
serve-sample: $(VENV)
	$(BIN)/urdupoint-news serve-sample

# Every benchmark at a size that runs in a few minutes; benchmarks/README.md has the 1M runs.
# (make test runs each at its smoke size, --smoke: tests/e2e/test_benchmarks_smoke.py.)
bench: $(VENV)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/extraction_speed.py --repeat 10
	$(BIN)/python benchmarks/dedup_scale.py --sizes 10000,100000
	$(BIN)/python benchmarks/query_scale.py --articles 100000
	$(BIN)/python benchmarks/reparse_speed.py --pages 3000
	$(BIN)/python benchmarks/reparse_speed.py --pages 3000 --page-kb 80
	$(BIN)/python benchmarks/large_page_memory.py
	$(BIN)/python benchmarks/kill_and_resume.py
	$(BIN)/python benchmarks/politeness_nodes.py
	$(BIN)/python benchmarks/process_cost.py
	$(BIN)/python benchmarks/crawl_throughput.py --stories 1000 --page-kb 80
	$(BIN)/python benchmarks/crawl_throughput.py --pipelines 1000
	$(BIN)/python benchmarks/crawl_throughput.py --memory 1000,5000

clean:
	rm -rf $(VENV) data/*.db data/*.db-* data/*.db.partial* data/*.lock data/*.warc data/warc
