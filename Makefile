# Two commands on a fresh machine: `make run` and `make test`. Both create .venv here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= crosswire.db
SHARED ?= ../shared
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q

.PHONY: run test demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[web,fetch]'
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	touch $@

# Ingest the bundled demo corpus (and ../shared/seeds when present) into ./crosswire.db,
# print what crosswire found, then serve the web UI on http://127.0.0.1:8000.
run: $(VENV)/.run-deps
	$(BIN)/crosswire demo --db $(DB) $(if $(wildcard $(SHARED)/seeds),--seeds $(SHARED)/seeds,) --serve $(if $(PORT),--port $(PORT),)

# The whole suite, offline. Browser tests install Debian's chromium when it is missing.
test: $(VENV)/.test-deps
	$(BIN)/python -m pytest -q

bench: $(VENV)/.run-deps
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
