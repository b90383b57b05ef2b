# Entrepairs — the two commands of the README: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install demo run test lint test-sqlite test-postgres browser bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of PyTorch (on this kind of machine pip takes it from the local disk).
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[test]"
	touch $@

## Install, load the demo into the SQLite default database, and serve the site.
demo: install
	$(VENV)/bin/entrepairs demo
	$(VENV)/bin/entrepairs run --host $(HOST) --port $(PORT)

run: install
	$(VENV)/bin/entrepairs run --host $(HOST) --port $(PORT)

## Install and run the whole test suite: SQLite, then PostgreSQL when TEST_DATABASE_URL is set.
test: install browser lint
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; \
	else echo "TEST_DATABASE_URL absent : tests PostgreSQL non lancés (voir .ci/run)."; fi

## The conventions the build checks: ruff (configured in pyproject.toml); the import contract is tests/test_layers.py.
lint: install
	$(VENV)/bin/ruff check .

test-sqlite:
	env -u TEST_DATABASE_URL $(PY) -m pytest

test-postgres:
	$(PY) -m pytest -m "not browser"

## Debian's Chromium for the end-to-end tests (no browser download from elsewhere).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Installez le paquet Debian chromium pour les tests navigateur."; fi; }

bench: install
	for script in bench/bench_*.py; do name=$$(basename $$script .py); echo "== $$name"; $(PY) -m bench.$$name || exit 1; done
