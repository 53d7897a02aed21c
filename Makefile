# Athar: the two commands a fresh machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DEMO_DIR ?= demo-data
DEMO_PERSONS ?= 2000

.PHONY: install demo test lint typecheck unit lock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip uv

# Installs exactly what requirements.lock pins, then Athar itself (editable).
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

install: $(VENV)/.installed

lock: | $(BIN)/python
	$(UV) pip compile --quiet --extra dev --extra postgres --universal --python-version 3.11 pyproject.toml -o requirements.lock

demo: install
	$(BIN)/athar demo --out $(DEMO_DIR) --persons $(DEMO_PERSONS)

lint: install
	$(BIN)/ruff check athar tests bench
	$(BIN)/ruff format --check athar tests bench

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

test: lint typecheck unit

bench: install
	$(BIN)/python bench/names.py
	$(BIN)/python bench/anchor.py
	$(BIN)/python bench/synth.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
