# Two commands on a fresh machine: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The interpreter behind .venv: the distribution's own python3 when it is 3.11 or newer (Debian
# and Ubuntu build theirs with profile-guided optimisation, which runs the analysis about 12%
# faster than a plain source build such as pyenv's default), otherwise the first python3 on PATH.
PYTHON ?= $(shell for p in /usr/bin/python3 python3; do \
	if $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
# PORT overrides both: the development server's default is 5000, gunicorn's (make serve) 8000.
RUN_PORT := $(or $(PORT),5000)
SERVE_PORT := $(or $(PORT),8000)
export FLASK_APP := wsgi.py
export PYTHONPATH := $(CURDIR)
PG_TEST_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test
ASSETS := participation/static/govuk/manifest.json

.PHONY: help run test install install-dev assets translations translations-update migrate \
        demo serve chromium pdf-libs lint bench bench-summary bench-workspace bench-export page-weight bench-load bench-faults clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(BIN)/activate:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer (with venv) is needed" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate pdf-libs
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the app's packages

install-dev: $(VENV)/.installed-dev ## Install what the tests need too

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): node_modules/.installed build-assets.mjs $(wildcard assets/scss/*.scss assets/js/*.mjs assets/images/*)
	npm run --silent build

assets: $(ASSETS) ## Build the used parts of GOV.UK Frontend: fingerprinted, pre-compressed CSS and JavaScript

page-weight: install assets translations ## Weigh each page of a child's journey on the wire against the 15 KB / 5 KB budgets
	$(BIN)/python bench/page_weight.py

translations: $(VENV)/.installed ## Compile the gettext catalogs
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | tail -n 3

translations-update: $(VENV)/.installed ## Extract interface and survey wording, update every catalog
	$(BIN)/pybabel extract -F babel.cfg -o translations/messages.pot --no-wrap --sort-by-file \
		--project participation .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-wrap

migrate: $(VENV)/.installed ## Bring the database to the latest migration
	$(BIN)/flask db upgrade

demo: migrate ## Load the demo inspection once and print its survey links
	$(BIN)/flask demo-data --base-url http://$(HOST):$(RUN_PORT)

run: install assets translations demo ## Set everything up and serve at http://127.0.0.1:5000
	@echo "Serving at http://$(HOST):$(RUN_PORT)  (Ctrl+C to stop)"
	$(BIN)/flask run --host $(HOST) --port $(RUN_PORT)

# Settings in gunicorn.conf.py; APP_ENV=production (behind TLS) reads its secrets from the environment.
serve: install assets translations migrate ## Serve with gunicorn at http://127.0.0.1:8000 (PORT overrides)
	@echo "Serving with gunicorn at http://$(HOST):$(SERVE_PORT)  (Ctrl+C to stop)"
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(SERVE_PORT) wsgi:app

# WeasyPrint (the printed report's PDF) draws text with Pango; install it when missing and root.
pdf-libs: ## Install the system libraries WeasyPrint needs (Pango, fonts) when missing and we are root
	@if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' && fc-list 2>/dev/null | grep -qi dejavu; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Pango and fonts for the report's PDF"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
			fonts-dejavu-core >/dev/null; \
	else echo "Pango is missing and cannot be installed here: the report's PDF download will fail" >&2; fi

chromium: ## Install Debian's chromium for the browser tests (when missing and we are root)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing and cannot be installed here: browser tests will fail" >&2; fi

# pytest exits 5 when it collected nothing: that is a broken setup, not a pass.
define run_pytest
	status=0; $(BIN)/python -m pytest $(1) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: the test setup is broken" >&2; exit 1; fi; \
	exit $$status
endef

test: install-dev assets translations chromium ## Run the whole suite (SQLite, and PostgreSQL when it answers)
	@echo "Running the whole suite on SQLite"
	@export TEST_DATABASE_URL=; $(call run_pytest,-q --durations=15)
	@url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import psycopg,sys; psycopg.connect('postgresql://postgres@127.0.0.1:5432/test', connect_timeout=3).close()" 2>/dev/null; then \
		url="$(PG_TEST_URL)"; fi; \
	if [ -n "$$url" ]; then \
		echo "Running the database tests against PostgreSQL"; \
		export TEST_DATABASE_URL="$$url"; \
		$(call run_pytest,-q -m "not browser" --ignore=tests/analysis); \
	else echo "PostgreSQL not reachable: database tests ran on SQLite only"; fi

lint: install-dev ## Check the code with ruff
	$(BIN)/ruff check .

bench: install ## Time the analysis on 1,000,000 answers beside a naive baseline
	$(BIN)/python bench/run.py

bench-summary: install ## Time summarise on 10,000 responses beside a plain pandas groupby
	$(BIN)/python bench/summary_bench.py

bench-load: install-dev assets translations ## Load the survey under gunicorn: 200 respondents at once, then saturation beside a bare insert (SQLite, PostgreSQL)
	$(BIN)/python bench/load.py

# Creates and removes a throwaway PostgreSQL cluster on port 5440 (pg_createcluster); 5432 is left alone.
bench-faults: install-dev assets translations ## Kill workers, restart PostgreSQL, make the database read-only or full while respondents answer
	$(BIN)/python bench/faults.py

bench-workspace: install ## Time the live responses page and the findings pages of a 10,000-response inspection beside their baselines
	$(BIN)/python bench/workspace_dashboard.py
	$(BIN)/python bench/workspace_findings.py

bench-export: install ## Export 100,000 responses as CSV and XLSX beside pandas to_csv: seconds and peak memory
	$(BIN)/python bench/export_bench.py

clean: ## Remove the virtualenv, node_modules and built assets (keeps the database)
	rm -rf $(VENV) node_modules participation/static/govuk translations/*/LC_MESSAGES/*.mo
