# Athar: the two commands a fresh machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DEMO_DIR ?= demo-data
DEMO_PERSONS ?= 2000

.PHONY: install demo test lint typecheck unit lock bench clean chromium messages

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
	ATHAR_DATA_DIR=$(DEMO_DIR) $(BIN)/athar serve

lint: install
	$(BIN)/ruff check athar tests bench
	$(BIN)/ruff format --check athar tests bench

typecheck: install
	$(BIN)/mypy

# Test files run in TEST_WORKERS processes (pytest-xdist), each file whole in one of them: its
# fixtures (a synthetic registry, linked) are built once.
TEST_WORKERS ?= 2
unit: install chromium
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# The browser tests drive Debian's chromium; install it once when missing (needs root or sudo).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@[ -x $(CHROMIUM) ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# New msgids from the web app's code and templates into both catalogues (then translate ar).
messages: install
	$(BIN)/pybabel extract -F athar/web/babel.cfg -k N_ -k say --no-location --sort-output \
	  --project=Athar -o athar/web/i18n/messages.pot .
	$(BIN)/pybabel update -D messages -i athar/web/i18n/messages.pot -d athar/web/i18n --width=100

test: lint typecheck unit

bench: install
	$(BIN)/python bench/names.py
	$(BIN)/python bench/anchor.py
	$(BIN)/python bench/synth.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
