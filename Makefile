# 大模型面试题解 — `make serve` / `make test` / `make build` bootstrap everything they need.
# Set-up is stamp-driven (.stamps/): re-running a target re-installs nothing unless
# requirements.txt, pyproject.toml or package-lock.json changed.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
STAMPS := .stamps
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# GitHub Actions shows `make check` problems as annotations on the diff
CHECK_FORMAT := $(if $(GITHUB_ACTIONS),--format github,)

# node_modules/.bin first: markdown-katex must find the pinned katex CLI, never `npx`.
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# nbconvert's own switch: importing it (mkdocs-jupyter does, at every build) otherwise instantiates
# every installed exporter twice to list their names in its command-line help (≈ 0.6 s a build)
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1

.PHONY: setup setup-parts build export serve test lint test-site check structure import bench clean

# the three at once: Python packages, npm packages and system tools do not depend on each other
setup:
	@$(MAKE) --no-print-directory -j3 --output-sync=target setup-parts
setup-parts: $(STAMPS)/venv $(STAMPS)/node $(STAMPS)/system
	@:

# torch first, CPU build only: PyTorch's torch-only page is a find-links page, so it can serve
# nothing but torch; --no-deps because torch's dependencies are pinned in requirements.txt and come
# from PyPI with everything else. The pin itself lives in requirements.txt (torch==…+cpu).
# The rest with uv, pinned in the same file: the same versions, downloaded and installed in
# parallel (≈ 25 s here, pip took ≈ 77 s), torch already satisfied. uv reads PyPI, or the mirror
# in UV_DEFAULT_INDEX (it does not read pip.conf).
TORCH_WHEELS := https://download.pytorch.org/whl/cpu/torch/

$(STAMPS)/venv: requirements.txt pyproject.toml
	@mkdir -p $(STAMPS)
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-deps --find-links $(TORCH_WHEELS) "$$(grep -E '^torch==' requirements.txt)"
	$(PY) -m pip install --quiet "$$(grep -E '^uv==' requirements.txt)"
	$(VENV)/bin/uv pip install --quiet --python $(PY) --compile-bytecode -r requirements.txt
	$(PY) -m pip install --quiet --no-build-isolation --no-deps -e .
	@touch $@

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# System tools, from apt only when missing, in one apt-get: Debian's chromium-headless-shell (browser
# tests, diagrams and PDFs: chromium's engine without its windows, 3x less CPU per page) and chromium
# (Lighthouse in `make bench`; never `playwright install`), a CJK font (or every screenshot shows
# Chinese as empty boxes) and poppler-utils (the PDF tests read the exports with pdftotext, pdffonts,
# pdftoppm).
$(STAMPS)/system:
	@mkdir -p $(STAMPS)
	@missing=""; \
	command -v chromium-headless-shell >/dev/null || missing="$$missing chromium-headless-shell"; \
	[ -x /usr/bin/chromium ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
	    || command -v google-chrome >/dev/null || missing="$$missing chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	{ command -v pdftotext && command -v pdffonts; } >/dev/null || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then echo "system tools: found"; \
	else echo "installing:$$missing" && $(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing; fi
	@touch $@

build: setup
	$(MKDOCS) build --strict

# the downloads (Anki deck and TSV, PDF book, 答题卡, offline zip) into site/downloads/
export: build
	$(PY) -m mianjing export

serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(MKDOCS) serve -a 127.0.0.1:8000 --livereload

# content rules of docs/about/format.md (file:line, rule code and link)
check: $(STAMPS)/venv
	$(PY) -m mianjing check $(CHECK_FORMAT)

# regenerate nav, section indexes, home table, notebooks index and the id register
structure: $(STAMPS)/venv
	$(PY) -m mianjing structure

# make import NOTE=notes/005_xxx.txt — add a new 面经 note; never overwrites edited questions.
import: $(STAMPS)/venv
	@[ -n "$(NOTE)" ] || { echo "usage: make import NOTE=path/to/note.txt"; exit 2; }
	$(PY) -m mianjing import $(NOTE)

# content check, generated-structure check, unit tests: no site build, no browser
lint: $(STAMPS)/venv $(STAMPS)/node
	@echo "== content check" && $(PY) -m mianjing check $(CHECK_FORMAT)
	@echo "== structure check" && $(PY) -m mianjing structure --check
	@echo "== unit tests" && $(PY) -m pytest -m "not site" -n auto tests   # pytest-xdist: one worker per core
	@echo "== JavaScript unit tests" && node --test tests/js/

# the built site and its downloads: mkdocs build --strict; the exports (chromium printing) while the
# browser and search tests run, one pytest worker per core; then the link check and the export
# tests, which read the downloads
test-site: setup
	@echo "== mkdocs build --strict" && $(MKDOCS) build --strict
	@echo "== exports, and meanwhile the site tests that do not read them"
	@mkdir -p test-artifacts
	@$(PY) -m mianjing export > test-artifacts/export.log 2>&1 & exporting=$$!; \
	SITE_DIR=$(CURDIR)/site $(PY) -m pytest -m "site and not exports" -n auto tests; tested=$$?; \
	wait $$exporting; exported=$$?; echo "== exports"; cat test-artifacts/export.log; \
	[ $$tested = 0 ] && [ $$exported = 0 ]
	@echo "== link check and export tests" && SITE_DIR=$(CURDIR)/site $(PY) -m pytest -m "site and exports" -n auto tests

test: setup
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-site

bench: setup
	$(PY) tests/bench.py

clean:
	rm -rf site test-artifacts .cache $(STAMPS)
