# One entry point for newcomers and CI. `make run` serves the site with the
# sample content; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
SOURCES ?= ../shared/sources
HOST    ?= 127.0.0.1
PORT    ?= 8000

# Django 6.1 needs Python 3.12 or newer, and the machine's python3 may be
# older: try the usual names, then every pyenv install, and keep the first
# interpreter that really is >= 3.12. Override with `make PYTHON=/path/to/python`.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; \
	done)

.PHONY: help run test lint pytest venv migrate clean lock upgrade

help:
	@echo "make run    set up .venv, migrate, import $(SOURCES), serve on http://$(HOST):$(PORT)/"
	@echo "make test   set up .venv and run the linter, migration check and the whole test suite"
	@echo "make lock   update requirements/*.txt after editing pyproject.toml (other pins kept)"
	@echo "make upgrade [PACKAGES='django pillow']  move the locked versions to PyPI's newest"

# The venv installs the lock file (exact versions, each file checked against its
# hash), then the project itself without resolving anything; `pip check` stops
# with a clear message when pyproject.toml names a package the lock lacks.
$(VENV)/.installed: pyproject.toml requirements/dev.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: Filmsite needs Python 3.12 or newer and none was found." >&2; \
	  echo "       Install one (e.g. 'pyenv install 3.13') or run 'make PYTHON=/path/to/python3.12 ...'." >&2; \
	  exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); fi
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	  echo "error: requirements/dev.txt does not match pyproject.toml: run 'make lock'." >&2; exit 1; }
	@touch $@

venv: $(VENV)/.installed

migrate: venv
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py migrate --no-input

run: migrate
	@export DJANGO_DEBUG=$${DJANGO_DEBUG-1}; \
	if [ -d "$(SOURCES)" ]; then $(PY) manage.py import_sources --publish "$(SOURCES)" || true; \
	else echo "No sample sources at $(SOURCES): set SOURCES=dir to import some."; fi; \
	$(PY) manage.py ensure_local_admin && \
	exec $(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(PY) manage.py check

# Browser tests run when Debian's chromium is on the PATH and say so when not;
# FILMSITE_REQUIRE_BROWSER=1 (set by .ci/run) makes a missing chromium an error.
pytest: venv
	@command -v chromium >/dev/null 2>&1 || echo "note: no chromium on PATH: browser tests will be skipped (apt-get install chromium)"
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PY) -m pytest $(PYTEST_ARGS)

test: lint pytest

# Lock files (requirements/*.txt, written by requirements/lock with uv):
# `make lock` after editing pyproject.toml keeps every other pin; `make upgrade`
# moves every pin to PyPI's newest release, `make upgrade PACKAGES="django"` those.
LOCK_VENV := $(VENV)-lock

$(LOCK_VENV)/bin/uv:
	$(PYTHON) -m venv $(LOCK_VENV)
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(LOCK_VENV)/bin/pip install --quiet \
	  --index-url https://pypi.org/simple "uv==0.13.9"

lock upgrade: $(LOCK_VENV)/bin/uv
	LOCK_UV=$(LOCK_VENV)/bin/uv requirements/lock $(if $(filter upgrade,$@),$(or $(PACKAGES),--upgrade))

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache test-artifacts
