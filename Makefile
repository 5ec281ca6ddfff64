# Rotative: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-postgres lint format lock audit bench bench-wire bench-live bench-ads bench-newsletter bench-night bench-agenda bench-jobs bench-pronostics bench-api bench-wordpress clean

$(VENV)/.installed-base: requirements/base.txt pyproject.toml
	@scripts/ensure-venv.sh $(PYTHON) $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/base.txt
	touch $@

# --no-deps: the lock already names every dependency with its hash. Resolving again lets an
# old pip (a fresh venv's 23.2) reach for a newer release than the lock's to satisfy an extra
# (pip-audit's CacheControl[filecache]), which --require-hashes then refuses.
$(VENV)/.installed-dev: requirements/dev.txt $(VENV)/.installed-base
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/dev.txt
	touch $@

## Serve the demo site on SQLite at http://$(HOST):$(PORT)/ with the background worker.
run: $(VENV)/.installed-base
	$(PY) manage.py serve

## Install what the tests need (Debian's chromium and varnish when absent) and run the whole suite.
test: $(VENV)/.installed-dev
	@scripts/ensure-chromium.sh
	@scripts/ensure-varnish.sh
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## The same suite against PostgreSQL (DATABASE_URL, default: the local server).
test-postgres: $(VENV)/.installed-dev
	@scripts/ensure-varnish.sh
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rotative} $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=rotative.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=rotative.settings.test $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Re-lock dependencies after editing pyproject.toml.
lock: $(VENV)/.installed-dev
	$(PIP) install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/base.txt
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --python-version 3.11 --generate-hashes -q -o requirements/dev.txt

## Known vulnerabilities in the locked production dependencies (needs PyPI's JSON API or OSV;
## PIP_AUDIT_SERVICE=osv to use OSV). Fails too when a package could not be checked.
audit: $(VENV)/.installed-dev
	$(VENV)/bin/pip-audit -r requirements/base.txt --require-hashes --disable-pip --strict \
		--vulnerability-service $${PIP_AUDIT_SERVICE:-pypi}

## Fill PostgreSQL with 100,000 articles and measure (see docs/performance.md).
bench: $(VENV)/.installed-dev
	$(PY) bench/news_pages.py

## Rotative against WordPress in one run: pages, search, Varnish vs nginx, memory (docs/performance.md).
## Needs the WordPress peer set up first (as root): N=100000 BENCH=0 bash /work/shared/peers/wordpress.sh
bench-wordpress: $(VENV)/.installed-dev
	$(PY) bench/versus_wordpress.py --reuse $(BENCH_ARGS)

## Ingest 10,000 generated agency items into PostgreSQL and measure (docs/performance.md).
bench-wire: $(VENV)/.installed-dev
	$(PY) bench/wire_ingest.py

## Hold up to 10,000 En direct push streams on one server process and measure (docs/performance.md).
bench-live: $(VENV)/.installed-dev
	$(PY) bench/live_push.py

## Fill PostgreSQL with 1,000,000 classified ads and time their searches (docs/performance.md).
bench-ads: $(VENV)/.installed-dev
	$(PY) bench/classifieds_search.py

## Send the morning letter to 100,000 subscribers into a local SMTP sink (docs/performance.md).
bench-newsletter: $(VENV)/.installed-dev
	$(PY) bench/newsletter_send.py

## Fill PostgreSQL with 200,000 events (4 million dates) and time « ce week-end à moins de 30 km » (docs/performance.md).
bench-agenda: $(VENV)/.installed-dev
	$(PY) bench/agenda_search.py

## Fill PostgreSQL with 300,000 job offers and time a search by words within 30 km (docs/performance.md).
bench-jobs: $(VENV)/.installed-dev
	$(PY) bench/jobs_search.py

## Fill PostgreSQL with 100,000 players and 10 seasons of predictions; time the leaderboards and the re-scoring of a match day (docs/performance.md).
bench-pronostics: $(VENV)/.installed-dev
	$(PY) bench/pronostics_leaderboards.py

## Fill PostgreSQL with 20,000 articles; time the app's API endpoints uncached, revalidated (304) and through Varnish (docs/performance.md).
bench-api: $(VENV)/.installed-dev
	@scripts/ensure-varnish.sh
	$(PY) bench/api_endpoints.py

## A news night: production processes behind Varnish under load, faults injected (docs/performance.md).
bench-night: $(VENV)/.installed-dev
	@scripts/ensure-varnish.sh
	$(PY) bench/news_night.py

clean:
	rm -rf $(VENV) var
