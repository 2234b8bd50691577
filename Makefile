# Two entry points for people: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test quick lint build check new import diff clean

serve: $(STAMP) ## Set up and serve the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty

test: $(STAMP) ## Set up and run all tests (what CI runs)
	$(BIN)/python -m pytest

quick: $(STAMP) ## Run the tests except the browser and slow ones, in about a minute
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP) ## Check the formatting and lint the code with Ruff
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# The editors' commands, as the site's pages show them (finsam in .venv/bin/ does the work; each
# value is passed as one argument, and val="…" adds options, e.g. val=--help):
#   make check                     make check fil=content/forbund/varend/2025.md
#   make new forbund=varend ar=2025
#   make new forbund=exempel ar=2025 namn="Samordningsförbundet Exempel" kortnamn=Exempel \
#            lan="Exempels län" medlemmar="Region Exempel; Exempels kommun"
#            (also bildat=, orgnr=, webbplats=)
#   make import fil=budget.pdf plan=content/forbund/varend/2025.md
#   make diff                      make diff bas=HEAD
check: $(STAMP) ## Check the content as the strict build does, without building
	@$(BIN)/finsam check $(call arg,$(fil)) $(val)

new: $(STAMP) ## Draft a förbund's plan for a year (forbund=… ar=…), or its profile (forbund=…)
	@$(BIN)/finsam new $(call arg,$(forbund)) $(call arg,$(ar)) $(call opt,--namn,$(namn)) \
	  $(call opt,--kortnamn,$(kortnamn)) $(call opt,--lan,$(lan)) \
	  $(call opt,--medlem,$(medlemmar)) $(call opt,--bildat,$(bildat)) \
	  $(call opt,--orgnr,$(orgnr)) $(call opt,--webbplats,$(webbplats)) $(val)

import: $(STAMP) ## Draft a budget from a PDF or a pasted table (fil=…), into a plan (plan=…)
	@$(BIN)/finsam import $(call arg,$(fil)) $(call opt,--into,$(plan)) $(val)

diff: $(STAMP) ## Show what the change does to the budgets, against main (or bas=…)
	@$(BIN)/finsam diff $(call arg,$(bas)) $(val)

# A value as one shell argument, in single quotes (nothing when it is empty); an option and its value.
arg = $(if $(1),'$(subst ','\'',$(1))')
opt = $(if $(2),$(1) $(call arg,$(2)))

build: $(STAMP) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $(STAMP)

clean:
	rm -rf $(VENV) site .pytest_cache
