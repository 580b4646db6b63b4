# Two commands do all the set-up on a fresh machine (Python 3.11+ and make):
#   make up    run the whole system (embedded PostgreSQL, migrations, services, gateway, demo data)
#   make test  lint and run the whole test suite against a real PostgreSQL
# make test and make bench start the embedded test PostgreSQL (.state/pgdata-test) unless
# PMO_TEST_DATABASE_URL names a server, and stop it at the end; PMO_KEEP_TEST_DATABASE=1
# keeps it running for faster repeated runs (the run says so, the next run without it stops it).

SHELL := /bin/bash
PYTHON ?= python3
# uv from PATH, else a private copy installed from the package registry into .state/uv.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.state/uv/bin/uv)

.PHONY: up test lint fmt bench docs sync migrate token schema browser clean-state

$(CURDIR)/.state/uv/bin/uv:
	@echo "[make] uv not found: installing it into .state/uv"
	@$(PYTHON) -m venv $(CURDIR)/.state/uv
	@$(CURDIR)/.state/uv/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	@$(UV) sync --locked --quiet
	@touch $@

sync: .venv/.synced

up: sync
	@$(UV) run --no-sync pmo up

lint: sync
	@$(UV) run --no-sync ruff check .
	@$(UV) run --no-sync ruff format --check .
	@$(UV) run --no-sync mypy shared services pmo

test: lint browser
	@$(UV) run --no-sync pytest

# The browser tests and make docs drive Debian's chromium (headless, through Playwright);
# installed from the distribution's packages when missing (CI runs as root on such a machine).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser:
	@command -v chromium >/dev/null || { echo "[make] installing chromium (apt)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

fmt: sync
	@$(UV) run --no-sync ruff format .
	@$(UV) run --no-sync ruff check --fix .

bench: sync
	@$(UV) run --no-sync python -m tests.perf.run_all

# The README's pictures (docs/images): the demo's status report and Gantt chart, drawn by
# the services in-process on a temporary database (embedded unless PMO_TEST_DATABASE_URL).
docs: sync browser
	@$(UV) run --no-sync python tools/docs_images.py

# The gateway's SDL (services/gateway/schema.graphql), written from the code; commit it with
# the change. The breaking-change check over its history runs in make test.
schema: sync
	@$(UV) run --no-sync pmo schema

migrate: sync
	@$(UV) run --no-sync pmo migrate

token: sync
	@$(UV) run --no-sync pmo token

clean-state:
	rm -rf .state
