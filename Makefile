# The single entry point for people and CI. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint check audit chromium packages node-packages bench-frontend worker serve serve-prod install messages clean-data stop-db bench search-node stop-search-node relevance bench-search bench-scale soak bench-monitors

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) messages

# The zh_Hans catalogues (django: templates and Python; djangojs: the admin's scripts) are
# compiled at install time; .mo files are not kept in git.
messages: $(STAMP)
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics
	$(VENV)/bin/pybabel compile --domain djangojs --directory locale --statistics

demo: install
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py build_demo
	$(PY) manage.py reindex
	infra/dev-serve 0.0.0.0:8000

serve: install
	infra/dev-serve 0.0.0.0:8000

# Production as it runs: nginx :8080 -> gunicorn (production settings), the worker, Redis.
serve-prod: install
	infra/serve-prod

# A real OpenSearch node for the demo (Java 17 and Maven, artifacts from Maven Central);
# prints the SEARCH_URL to export before make demo / make serve.
search-node:
	infra/search-node/run

stop-search-node:
	infra/search-node/stop

worker: install
	$(PY) manage.py run_worker

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Known vulnerabilities in the installed dependencies (pip-audit against PyPI's advisory
# data; `PIP_AUDIT_SERVICE=osv make audit` asks api.osv.dev). --strict: a package that
# could not be checked fails the audit instead of passing silently. Not part of make test:
# it needs pypi.org's JSON API, which a machine with only a package mirror cannot reach.
PIP_AUDIT_SERVICE ?= pypi
audit: $(STAMP)
	$(VENV)/bin/pip-audit --strict --local --vulnerability-service $(PIP_AUDIT_SERVICE) --progress-spinner off

check: $(STAMP)
	DJANGO_SETTINGS_MODULE=cluster.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cluster.settings.test $(PY) manage.py makemigrations --check --dry-run

# The browser tests need Debian's chromium: installed here when missing (as root),
# otherwise a one-line instruction and a failure; they never skip.
chromium:
	infra/ensure-chromium

# nginx (the serving stack's config is run by the tests) and its cache purge module (the
# first-level page cache is purged through it), redis-server (the page cache
# runs on a real Redis in the tests), a JDK and Maven (the OpenSearch test node is built from
# Maven Central artifacts): installed the same way as chromium.
packages:
	infra/ensure-package nginx nginx "make test"
	infra/ensure-package /usr/lib/nginx/modules/ngx_http_cache_purge_module.so libnginx-mod-http-cache-purge "make test"
	infra/ensure-package redis-server redis-server "make test"
	infra/ensure-package javac openjdk-17-jdk-headless "The search node (infra/search-node)"
	infra/ensure-package mvn maven "The search node (infra/search-node)"

# The browser tests' judges, npm packages pinned in package-lock.json: axe-core (injected
# into pages) and the Nu HTML Checker (vnu.jar, run on the JDK that `packages` installs).
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	infra/ensure-package npm npm "The browser tests (axe-core, vnu)"
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

node-packages: $(NODE_STAMP)

test: install lint check chromium packages node-packages
	$(VENV)/bin/pytest

bench: install chromium
	$(PY) infra/bench/provision
	$(PY) infra/bench/catalog
	$(PY) infra/bench/syndication
	$(PY) infra/bench/wording
	$(PY) infra/bench/serve
	$(PY) infra/bench/frontend
	$(PY) infra/bench/monitors

# First view of a home page and a policy document in Chromium: bytes, requests and
# render-blocking third parties against the 200 KB budget (issue 12).
bench-frontend: install chromium
	$(PY) infra/bench/frontend

# Every monitor over 200 sites with 2,000 pages each (issue 11): seconds per full pass and
# per site, target under 60 s a pass (MONITORS_ARGS="--sites 20 --pages 500" for a quick look).
bench-monitors: install
	$(PY) infra/bench/monitors $(MONITORS_ARGS)

# Search: nDCG@10 and zero-result rate on the judged queries (both backends), and latency
# at scale (long: see infra/bench/search --help for sizes).
relevance: install
	$(PY) infra/bench/relevance

bench-search: install
	$(PY) infra/bench/search

# 1,000 sites: onboarding, latency on site 1 vs site 1,000, worker RSS, a migration across
# every schema, size per site (the sites stay in the bench_scale database between runs).
bench-scale: install
	$(PY) infra/bench/scale

# Soak: 50 sites at 70% of the measured uncached capacity for 30 minutes (SOAK_ARGS, e.g.
# SOAK_ARGS="--minutes 3" or "--url http://127.0.0.1:8080" against a running serve-prod).
soak: install
	$(PY) infra/bench/soak $(SOAK_ARGS)

stop-db: $(STAMP)
	$(PY) -c "from cluster.embedded_db import embedded_server_stop; print(embedded_server_stop())"

clean-data: stop-db
	rm -rf .data
