# OneWindow: `make demo` and `make test` do all set-up on a fresh Debian machine.
VENV    ?= .venv
# The distribution's interpreter when there is one, built with PGO and LTO (README says why).
PYTHON  ?= $(firstword $(wildcard /usr/bin/python3) python3)
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
ASSETS  := node_modules/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000
# Where the demo's QR codes and printed links point: the server `make demo` starts.
SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_WORKERS ?= 2

.PHONY: demo test lint bench setup system assets clean serve

$(STAMP): pyproject.toml
	bash scripts/system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(ASSETS): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

setup: $(STAMP) $(ASSETS)

demo: setup
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py demo
	SITE_URL=$(SITE_URL) bash scripts/serve.sh $(HOST) $(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --durations=10

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles
