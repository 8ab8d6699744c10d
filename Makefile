# The two commands that matter: `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DB ?= monazite.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench soak eval train install install-test system-deps clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall when the project's dependency list changes.
$(VENV)/.stamp-install: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e '.[semantic]'
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-install
	$(PIP) install --quiet -e '.[semantic,test]'
	touch $@

install: $(VENV)/.stamp-install

install-test: $(VENV)/.stamp-test system-deps

# Debian packages the tests need: Chromium for the browser tests, PostgreSQL for the
# store tests (the test setup starts the cluster when it is not answering).
system-deps:
	@bash scripts/system_deps.sh

run: install
	$(VENV)/bin/monazite --db $(DB) ingest --sample
	$(VENV)/bin/monazite --db $(DB) summary
	$(VENV)/bin/monazite --db $(DB) serve --host $(HOST) --port $(PORT)

test: install-test
	$(PY) -m pytest -q -n 2 --dist loadfile

# REVIEWS=DIR also scores against analysts' decisions (`monazite review export DIR`).
eval: install
	$(PY) bench/eval_extraction.py $(if $(REVIEWS),--reviews $(REVIEWS))

# Refit the shipped extraction models from the dev set's tuning part and our gold set, in
# dependency order (needs the dev-set texts: devset/README.md).
train: install
	$(PY) bench/train_event_sentences.py
	$(PY) bench/train_subjects.py
	$(PY) bench/train_confidence.py

# A bounded stress on loopback (not part of `make test`): ingest while 20 clients browse.
soak: install-test
	$(PY) bench/soak.py

# QUICK=1: each benchmark's small configuration (under 5 minutes in all). Figures go to
# bench/results/latest.json and a dated copy (bench/results.py).
bench: install-test
	$(PY) bench/run_all.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts .pytest_cache
