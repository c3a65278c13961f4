# Developer entry points: `make run` (demo server) and `make test` (the whole suite).
# The virtualenv lives in .venv; stamp files make pip rerun only when pyproject.toml changes.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
PYTEST_ARGS ?=

# Playwright must never download its own browser: we drive Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.DEFAULT_GOAL := help
.PHONY: help run test lint check browser load messages

help:
	@echo "make run    install, migrate, load the demo data, start the worker and serve http://127.0.0.1:8000/"
	@echo "make test   install the test extras (and Chromium if root) and run pytest"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make check  fail if a model change lacks its migration"
	@echo "make messages  refresh locale/en (makemessages) and compile the committed django.mo"
	@echo "make load   50 users against gunicorn + PostgreSQL on loopback, then a PostgreSQL restart"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@# The background worker (register imports) runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker --no-reload & WORKER=$$!; \
		trap 'kill $$WORKER 2>/dev/null' EXIT; \
		$(BIN)/python manage.py runserver 127.0.0.1:8000

# Install Debian's Chromium and CJK fonts when we can (root with apt-get); otherwise say
# plainly that the browser tests will be skipped (under CI=true they fail instead).
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."; \
		export DEBIAN_FRONTEND=noninteractive; \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends \
			chromium fonts-noto-cjk >/dev/null; } \
			|| echo "apt-get could not install chromium."; \
	fi
	@if [ ! -x $(CHROMIUM) ] && [ "$${CI:-}" != "true" ]; then \
		echo "*** $(CHROMIUM) not found: the browser tests (tests/browser) will be SKIPPED. ***"; \
		echo "*** Install it with: sudo apt-get install chromium fonts-noto-cjk            ***"; \
	fi

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run

# The English translation: collect new msgids into locale/en/.../django.po, then compile the
# django.mo that is committed beside it (a fresh machine may lack GNU gettext's msgfmt).
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules \
		--ignore=staticfiles --ignore="tests/*/reference" --no-obsolete
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

# Load and fault run (ops/load): gunicorn + PostgreSQL on 127.0.0.1 only, in the lbc_load
# database (LOAD_DATABASE_URL), 30 s of load, then 45 s with PostgreSQL stopped for 2 s at 20 s.
# LOAD_ARGS passes options through, e.g. LOAD_ARGS="--users 20 --no-fault".
LOAD_ARGS ?=
load: $(VENV)/.installed-test
	$(BIN)/python -m ops.load $(LOAD_ARGS)

# Benchmark (ops/bench): generates a county (BENCH_ARGS="--province" adds 100 counties and
# 1,000,000 children) in its own PostgreSQL database lbc_bench_*, times the main pages,
# import and export against their floors, prints the table and writes docs/benchmarks.md.
# The server is DATABASE_URL's if it is PostgreSQL, else postgres://postgres@127.0.0.1:5432.
.PHONY: bench
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python manage.py bench $(BENCH_ARGS)
