# Two entry points for a fresh machine: `make demo` and `make test`.
# Both build a private virtual environment from this project's own files first.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: demo test lint install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/vnpolicy analyze data/articles -o out/articles.jsonl

test: $(VENV)/.installed
	$(PY) -m pytest -q -n 2

# What CI enforces besides the tests: ruff, mypy and the one-way import layers.
lint: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[lint]'
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy vnpolicy
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) out
