# make build: install what the build needs (Pango and HarfBuzz's subsetter from Debian, the
#             package), then build every release in source/ into dist/ (offline voice).
# make test:  install everything the tests need (Debian packages, pinned npm validators,
#             the package with its dev extras), then run the test suite.
# make lint:  ruff check, ruff format --check, mypy --strict (configured in pyproject.toml).
# Installs are idempotent; pip installs are remembered in .cache/stamps/ until pyproject.toml
# changes or the package disappears from the environment.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python
PYTEST_ARGS ?=
STAMPS := .cache/stamps
PIP := PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 $(PYTHON) -m pip

# A stamp is only trusted while the package is still installed in this Python.
ifneq ($(shell $(PYTHON) -c "import importlib.metadata as m; m.version('publisher')" 2>/dev/null && echo ok),ok)
$(shell rm -f $(STAMPS)/install $(STAMPS)/install-dev)
endif

.PHONY: help build test lint setup setup-test system-deps-build system-deps validators clean

help:
	@echo "make build   install the package and build source/ into dist/"
	@echo "make test    install system packages, validators and dev tools, run the tests"
	@echo "make lint    ruff check, ruff format --check, mypy"

build: setup
	$(PYTHON) -m publisher build source -o dist

test: setup-test
	@status=0; $(PYTHON) -m pytest -n 2 $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

lint: $(STAMPS)/install-dev
	@status=0; \
	$(PYTHON) -m ruff check . || status=1; \
	$(PYTHON) -m ruff format --check . || status=1; \
	$(PYTHON) -m mypy || status=1; \
	exit $$status

setup: system-deps-build $(STAMPS)/install

setup-test: system-deps $(STAMPS)/install-dev validators

system-deps-build:
	@bash scripts/install-system-deps.sh build

system-deps:
	@bash scripts/install-system-deps.sh test

validators:
	@bash scripts/install-validators.sh

$(STAMPS)/install: pyproject.toml
	@mkdir -p $(STAMPS)
	$(PIP) install --quiet -e .
	@touch $@

$(STAMPS)/install-dev: pyproject.toml
	@mkdir -p $(STAMPS)
	$(PIP) install --quiet -e '.[dev]'
	@touch $@ $(STAMPS)/install

clean:
	rm -rf $(STAMPS) dist
