# Two commands do all the set-up on a fresh machine (Python 3.11 with venv):
#   make demo   crawl the bundled offline mirror into output/
#   make test   lint, type-check and run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-fast lint mirror clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/insight-scraper demo

lint: $(STAMP)
	$(VENV)/bin/ruff check insight_scraper tests bench
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest

# The fast lane (~10 s): everything but end-to-end crawls, separate processes and slow fuzzing.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not crawl and not process and not slow and not wheel"

# Regenerate tests/fixtures/site/ from tests/mirror/ (the generated files are committed).
mirror: $(STAMP)
	$(PY) tests/mirror/build.py

# The wheel, installed with no extras into a fresh venv, runs demo and extract (CI runs this).
.PHONY: wheel-check
wheel-check: $(STAMP)
	$(PY) -m pytest -p no:cacheprovider -m wheel tests/test_wheel.py tests/test_api.py

clean:
	rm -rf $(VENV) output/*.jsonl output/*.sqlite* output/runs output/tables .pytest_cache .mypy_cache .ruff_cache

# Benchmarks (not part of `make test`; see README "Performance").
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

.PHONY: bench-extract bench-crawl bench-memory bench-incremental bench-faults bench-pathological bench-startup
.PHONY: bench-hostile bench-chaos
bench-extract: $(BENCH_STAMP)
	$(PY) bench/extract.py

bench-crawl: $(BENCH_STAMP)
	$(PY) bench/crawl.py --sizes 2000 --repeat 3

bench-memory: $(BENCH_STAMP)
	$(PY) bench/crawl.py --sizes 20000 50000 --no-floor --no-scrapy-bench

bench-incremental: $(STAMP)
	$(PY) bench/incremental.py

bench-faults: $(STAMP)
	$(PY) bench/faults.py

bench-pathological: $(STAMP)
	$(PY) bench/pathological.py

bench-startup: $(STAMP)
	$(PY) bench/startup.py

bench-hostile: $(STAMP)
	$(PY) bench/hostile.py

# Nothing lost across runs: 50 seeded sequences of faulted, killed, disk-full and read-only runs.
bench-chaos: $(STAMP)
	$(PY) bench/chaos.py
