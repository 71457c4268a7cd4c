# Every target sets up what it needs: a .venv filled from pyproject.toml, once.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup site serve test lint typecheck docs bench clean chromium

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/sellerkb validate
	$(BIN)/mkdocs build --strict --site-dir site

serve: site
	$(BIN)/mkdocs serve --dev-addr localhost:8000 --livereload

lint: $(STAMP)
	$(BIN)/ruff check tools tests benchmarks
	$(BIN)/ruff format --check tools tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck chromium
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium; install it where we can (root with apt).
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium is missing and could not be installed: the browser tests will fail"

docs: $(STAMP)
	$(BIN)/sellerkb docs

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_relevance.py
	$(BIN)/python benchmarks/bench_site.py
	$(BIN)/python benchmarks/bench_cjk.py

clean:
	rm -rf $(VENV) site .sellerkb .pytest_cache .mypy_cache .ruff_cache
