# citydip — the two commands are `make run` and `make test`.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint test-browser test-scaleout serve bench migrate seed clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Development server on the embedded SQLite database, whatever DATABASE_URL says.
run: export DJANGO_DEBUG = 1
run: $(VENV)/.runtime
	env -u DATABASE_URL $(PY) manage.py migrate --no-input
	env -u DATABASE_URL $(PY) manage.py seed
	env -u DATABASE_URL $(PY) manage.py build_datasets
	env -u DATABASE_URL $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: lint
	$(PY) -m pytest --ignore=tests/browser --ignore=tests/scaleout $(PYTEST_ARGS)

# The rules the machine keeps: ruff's (pyproject.toml), and the layers of the code (.importlinter).
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Playwright driving Debian's chromium (/usr/bin/chromium; never a browser download) against a live server.
test-browser: $(VENV)/.dev
	$(PY) -m pytest tests/browser -p no:cacheprovider $(PYTEST_ARGS)

# Two gunicorn servers over the machine's PostgreSQL and Redis (SCALEOUT_POSTGRES, SCALEOUT_REDIS_URL).
test-scaleout: $(VENV)/.dev
	$(PY) -m pytest tests/scaleout -p no:cacheprovider $(PYTEST_ARGS)

# Production-style: gunicorn, DJANGO_DEBUG=0, static files collected and served by whitenoise.
# Reads DATABASE_URL; set DJANGO_SECRET_KEY (a throwaway one is made for local runs when unset).
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
# Plain HTTP on this machine, as the README says; production behind TLS leaves these unset (on).
serve: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve: export DJANGO_SECURE_COOKIES ?= 0
serve: $(VENV)/.runtime
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then echo "DJANGO_SECRET_KEY unset: using a throwaway key for this local run."; fi
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} sh -c '\
	  $(PY) manage.py collectstatic --no-input --verbosity 0 && \
	  $(PY) manage.py migrate --no-input && \
	  $(PY) manage.py seed && \
	  $(PY) manage.py build_datasets && \
	  exec $(VENV)/bin/gunicorn citydip.wsgi --bind 127.0.0.1:$(PORT) --workers $${WORKERS:-4} --access-logfile -'

# Figures, not tests: PostgreSQL at scale 1, 100 and 1000 under gunicorn, measured with wrk (bench/run.py).
bench: $(VENV)/.runtime
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
