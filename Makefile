# The two commands (README): `make run` serves the demo portal; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint benchmark screenshots clean

run: $(VENV)/.installed .env
	scripts/install-run-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	scripts/serve

test:
	scripts/test

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The README's screenshots, from the demo, at desktop and phone width, into docs/.
screenshots: $(VENV)/.installed
	scripts/install-test-deps
	SCREENSHOTS=1 $(PY) -m pytest -q -m browser tests/browser/test_screenshots.py

benchmark: $(VENV)/.installed
	for b in benchmarks/[!_]*.py; do DEBUG=1 $(PY) $$b || exit 1; done

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $@

.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\nORGANISATION_NAME=Demo District Council\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

clean:
	rm -rf $(VENV) var db.sqlite3 .env
