# Both targets do their own set-up: a fresh clone needs only Python >= 3.10.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# reinstalled when pyproject.toml or the version changes (pip install -e writes the
# version, which __init__.py says, into the installed metadata)
STAMP := $(VENV)/.installed-$(shell (cat pyproject.toml; grep '^__version__' autograd_mini/__init__.py) | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck pytest bench docs clean notebooks

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test,bench]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# make demo DEMO_ARGS="--data mnist": any option of autograd-mini-demo (python -m nn --help)
DEMO_ARGS ?=
demo: $(STAMP)
	$(PY) -m nn $(DEMO_ARGS)

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check autograd_mini nn tests benchmarks notebooks docs
	$(VENV)/bin/ruff format --check autograd_mini nn tests benchmarks notebooks docs

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest -q

# After editing a notebook's source (notebooks/NN_slug.py) or its .ipynb: pair (the newer
# file wins), format the sources, pair again.
notebooks: $(STAMP)
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.py
	$(VENV)/bin/ruff format notebooks
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.py

# The course website (Sphinx + myst-nb), executed notebooks included: site/index.html.
docs: $(STAMP)
	$(PY) -m docs.build

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) demo-output site build/docs-src build/docs-doctrees-* build/docs-html-* build/jupyter_execute .pytest_cache .mypy_cache .ruff_cache .hypothesis
