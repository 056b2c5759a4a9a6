# qcompare — every target sets itself up: on a fresh clone `make report` and `make test`
# work as the very first command.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := qcompare

# data/raw/drafts/ holds `qcompare extract`'s proposals, not curated input
RAW := $(shell find data/raw -path data/raw/drafts -prune -o -type f -print 2>/dev/null | LC_ALL=C sort)
LIB := $(shell find src/qcompare -type f -not -path '*/__pycache__/*' 2>/dev/null | LC_ALL=C sort)
# `qcompare build` rewrites only the processed files whose content changed (so briefings
# depend on PROCESSED and re-render only on real changes) and make's own stamp, .built.
PROCESSED_STAMP := data/processed/.built
PROCESSED = $(wildcard data/processed/*.csv) data/processed/datapackage.json

.PHONY: help setup data validate report pdf test lint lab bench clean distclean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: $(STAMP)  ## create .venv, install qcompare[dev], register the Jupyter kernel

$(STAMP): pyproject.toml
	@echo "==> setting up $(VENV) (python: $$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (qcompare)"
	touch $@

validate: $(STAMP)  ## check the curated data in data/raw (and that every number is accounted for)
	$(BIN)/qcompare validate
	$(BIN)/qcompare coverage

data: $(PROCESSED_STAMP)  ## derive data/processed from data/raw

$(PROCESSED_STAMP): $(STAMP) $(RAW) $(LIB)
	$(BIN)/qcompare build
	touch $@

# --- briefings -------------------------------------------------------------------------------
# reports/NAME.html depends on params/NAME.yaml, the processed data, the library and its
# notebook; the notebook of each briefing comes from the generated reports/.deps.mk
# (`qcompare list --make-deps`), read only when a report is asked for. An out-of-date
# briefing's rule only appends its params file to $(RENDER_QUEUE) (make's own `file` function:
# no shell sees the name); the `report` recipe then hands the whole list to ONE
# `qcompare render`, which warms up once (imports, data, font) and renders them with as many
# workers as make's -j (read from MAKEFLAGS) on the warm engine. `qcompare render` also
# compares a content fingerprint of each briefing's inputs, so a file touched without a change
# costs no run. One progress line per briefing ("[7/21] …") and a summary line; a failing
# briefing keeps its previous pages, the others finish, and make stops with the failure named.
RENDER_QUEUE := reports/.render-queue

# The recipe is expanded after every briefing rule ran (its prerequisites, $(REPORTS), are
# added below, once reports/.deps.mk is read): it renders only when one of them queued a
# params file (or the index is missing), so a no-op starts no process at all.
report: | $(STAMP)  ## render every briefing in params/ into reports/ (incremental)
	$(if $(or $(wildcard $(RENDER_QUEUE)),$(if $(wildcard reports/index.html),,no-index)),@$(BIN)/qcompare render --from-file $(RENDER_QUEUE) --index)

#
# File names and params content are input, never code. The briefings make knows of come from
# reports/.deps.mk, which `qcompare list --make-deps` writes from names that passed the
# library's safe-name checks only (PARAMS_FILES, REPORTS and one rule per briefing); when a
# params file's name or notebook is unsafe it refuses with one line and make stops (the deps
# file is an order-only prerequisite of every report). The deps file is rewritten when a file
# is added to, removed from or renamed in params/ (the folder's time stamp) or a listed params
# file changes; it goes to a unique temporary file renamed into place (two makes at once
# cannot race). No name reaches a shell: the briefing rule queues its params file with make's
# `file` function and `qcompare render --from-file` reads the list; `qcompare render` itself
# refuses unsafe names.
REPORT_DEPS := reports/.deps.mk
shell-quote = '$(subst ','\'',$(1))'


# Every page brought up to date first, then printed in one headless Chromium session
# (`qcompare render --pdf` re-renders nothing that is current: only the printing runs).
# PARAMS_FILES comes from reports/.deps.mk (safe names only), quoted all the same.
pdf: report | $(REPORT_DEPS)  ## print every briefing to reports/NAME.pdf (A4, headless Chromium)
	@$(BIN)/qcompare render --pdf $(foreach p,$(PARAMS_FILES),$(call shell-quote,$(p)))

ifneq ($(filter report pdf reports/%,$(MAKECMDGOALS)),)
-include $(REPORT_DEPS)
endif

$(REPORT_DEPS): params $(wildcard $(PARAMS_FILES)) | $(STAMP)
	@$(BIN)/qcompare list --make-deps --out $@

reports/%.html: params/%.yaml $(PROCESSED_STAMP) $(STAMP) $(LIB) | $(REPORT_DEPS)
	$(file >>$(RENDER_QUEUE),$<)
	$(if $(filter $@,$(MAKECMDGOALS)),@$(BIN)/qcompare render --from-file $(RENDER_QUEUE))

report: $(REPORTS) | $(REPORT_DEPS)

reports/index.html: $(REPORTS) $(STAMP) $(LIB) | $(REPORT_DEPS)
	@$(BIN)/qcompare index

test: lint  ## run the lint checks, then the whole test suite (library, data, notebooks, browser)
	$(BIN)/python -m pytest

# The hooks of .pre-commit-config.yaml over every tracked file: ruff (lint and format),
# nbstripout (notebooks without outputs) and import-linter (the layers contract).
lint: $(STAMP)  ## ruff, ruff format --check, nbstripout --verify, import-linter
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

lab: $(STAMP) $(PROCESSED_STAMP)  ## JupyterLab on the qcompare kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks --MappingKernelManager.default_kernel_name=$(KERNEL) \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: $(STAMP) $(PROCESSED_STAMP)  ## run the benchmarks in bench/ (not part of test)
	$(BIN)/python bench/run_all.py

clean:  ## remove built briefings, figures and caches (keeps .venv and the committed data/processed)
	rm -rf reports figures/*/ data/processed/.built .pytest_cache .ruff_cache
	# temporary outputs a killed render or build left behind (figures/.NAME.*, data/processed/.x.tmp)
	for d in figures data/processed; do \
		[ ! -d "$$d" ] || find "$$d" -mindepth 1 -maxdepth 1 -name '.*' ! -name .gitkeep -exec rm -rf {} +; \
	done
	find . -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
