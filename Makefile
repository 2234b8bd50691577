# Two entry points for people: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test quick lint build check clean

serve: $(STAMP) ## Set up and serve the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty

test: $(STAMP) ## Set up and run all tests (what CI runs)
	$(BIN)/python -m pytest

quick: $(STAMP) ## Run the tests except the browser and slow ones, in about a minute
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP) ## Check the formatting and lint the code with Ruff
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

check: $(STAMP) ## Check the content without building
	$(BIN)/finsam check

build: $(STAMP) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $(STAMP)

clean:
	rm -rf $(VENV) site .pytest_cache
