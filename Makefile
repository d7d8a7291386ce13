# Hindsight: `make run` serves the demo, `make test` runs the whole suite. Nothing else needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint format bench clean help

help:
	@echo "make run    set up, migrate the SQLite database, load the demo and serve it on http://$(HOST):$(PORT)"
	@echo "make test   set up (Python packages, Chromium and friends) and run the whole suite"
	@echo "make lint   ruff check and ruff format --check"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# A local .env with a random secret key, so sessions survive restarts of the demo.
.env:
	@$(PYTHON) -c "import secrets; print('HINDSIGHT_ENV=development'); print('SECRET_KEY=' + secrets.token_urlsafe(32))" > .env
	@echo "Wrote .env (development settings with a fresh SECRET_KEY)."

run: $(VENV)/.runtime .env
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo ""
	@echo "  Hindsight is starting on http://$(HOST):$(PORT)"
	@echo "  Sign in as demo@larkspur.example / hindsight-demo (admin: admin@larkspur.example)"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.dev
	bash .ci/system-deps
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache .ruff_cache
