# kansenwerk: `make run` serves the site with demo content; `make test` runs everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/kansenwerk

.PHONY: install run test lint format test-sqlite test-postgres test-browser bench-smoke system-deps postgres vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements/base.txt requirements/dev.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## install: virtualenv, dependencies and the `kansenwerk` command
install: system-deps $(STAMP)

## system-deps: Debian packages the project needs (Chromium for browser tests, the Dutch word list,
## LibreOffice Writer without GUI for the rendering corpus: ~100 s to install on a bookworm image)
system-deps:
	@missing=""; \
	for pkg in chromium wdutch poppler-utils fonts-dejavu-core libreoffice-writer-nogui; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  echo "Installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## run: migrate, load demo content and serve on http://127.0.0.1:8000 (SQLite)
run: install
	$(BIN)/kansenwerk migrate --noinput
	$(BIN)/kansenwerk loaddemo
	$(BIN)/kansenwerk runserver 127.0.0.1:8000

TYPED := $(wildcard kansenwerk/*/services.py kansenwerk/*/services/*.py kansenwerk/*/selectors.py) kansenwerk/kennisbank/evidence/services.py kansenwerk/kennisbank/evidence/selectors.py kansenwerk/kennisbank/evidence/extract.py kansenwerk/kennisbank/national/services.py kansenwerk/kennisbank/national/selectors.py kansenwerk/kennisbank/national/matching.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: $(STAMP) postgres
	env -u DATABASE_URL $(BIN)/pytest -q -m "not browser" -n 2

postgres:
	@bash scripts/ensure-postgres.sh

test-postgres: $(STAMP) postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not browser" -n 2

test-browser: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest -q -m browser -p no:xdist

BENCH_STAMP := $(VENV)/.bench-installed

# The load tool for bench/soak.py (not needed by the site or the tests).
$(BENCH_STAMP): $(STAMP) requirements/bench.txt
	$(BIN)/pip install --quiet -r requirements/bench.txt
	touch $(BENCH_STAMP)

## bench-smoke: every bench once at its smallest size (a broken bench fails CI)
bench-smoke: $(BENCH_STAMP) postgres
	env -u DATABASE_URL $(BIN)/python bench/smoke.py

## test: lint, the suite on SQLite and PostgreSQL, the browser tests, then the bench smoke runs
test: install lint test-sqlite test-postgres test-browser bench-smoke

vendor:
	cd /tmp && npm pack @utrecht/component-library-css@9.0.4 htmx.org@2.0.4

clean:
	rm -rf $(VENV) var
