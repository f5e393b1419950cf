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

.PHONY: setup setup-parts build export serve test lint test-site test-built check structure import bench clean

# the three at once: Python packages, npm packages and system tools do not depend on each other
# (inside a parallel make, as in `make test`, its job slots are used instead of three more)
setup:
	@$(MAKE) --no-print-directory $(if $(findstring jobserver,$(MAKEFLAGS)),,-j3) --output-sync=target setup-parts
setup-parts: $(STAMPS)/venv $(STAMPS)/node $(STAMPS)/system
	@:

# torch, CPU build only, with pip: PyTorch's torch-only page is a find-links page, so it can serve
# nothing but torch (one retry: when the page is unreachable and torch comes from a local mirror,
# pip's default five cost 8 s of back-off). The pin itself lives in requirements.txt (torch==…+cpu).
# Everything else at the same time with uv (it reads PyPI, or the mirror in UV_DEFAULT_INDEX; not
# pip.conf): requirements.txt is a complete freeze, so --no-deps installs exactly its pins and
# never pulls PyPI's CUDA torch in as a dependency; the two installers write different packages.
# `uv pip check` then fails the set-up if the freeze misses a dependency.
TORCH_WHEELS := https://download.pytorch.org/whl/cpu/torch/

$(STAMPS)/venv: requirements.txt pyproject.toml
	@mkdir -p $(STAMPS)
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$$(grep -E '^uv==' requirements.txt)"
	$(PY) -m pip install --quiet --retries 1 --no-deps --find-links $(TORCH_WHEELS) "$$(grep -E '^torch==' requirements.txt)" & torch=$$!; \
	$(VENV)/bin/uv pip install --quiet --python $(PY) --compile-bytecode --no-deps -r <(grep -vE '^torch==' requirements.txt); rest=$$?; \
	wait $$torch && [ $$rest = 0 ]
	$(PY) -m pip install --quiet --no-build-isolation --no-deps -e .
	$(VENV)/bin/uv pip check --python $(PY)
	@touch $@

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# System tools, from apt only when missing: Debian's chromium (Lighthouse in `make bench`, and the
# browser for the rest if the shell is not to be had; never `playwright install`), a CJK font (or
# every screenshot shows Chinese as empty boxes) and poppler-utils (the PDF tests read the exports
# with pdftotext, pdffonts, pdftoppm). Wanted, not needed: Debian's chromium-headless-shell (browser
# tests, diagrams and PDFs: chromium's engine without its windows, a third of the CPU per page);
# Ubuntu has no such package, and there the full browser does the work.
$(STAMPS)/system:
	@mkdir -p $(STAMPS)
	@need=""; want=""; \
	[ -x /usr/bin/chromium ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
	    || command -v google-chrome >/dev/null || need="$$need chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || need="$$need fonts-noto-cjk"; \
	{ command -v pdftotext && command -v pdffonts; } >/dev/null || need="$$need poppler-utils"; \
	command -v chromium-headless-shell >/dev/null || want="chromium-headless-shell"; \
	if [ -z "$$need$$want" ]; then echo "system tools: found"; exit 0; fi; \
	$(SUDO) apt-get update || exit 1; \
	if [ -n "$$need" ]; then $(SUDO) apt-get install -y $$need || exit 1; fi; \
	if [ -n "$$want" ]; then $(SUDO) apt-get install -y $$want || echo "no $$want from apt:" \
	    "tests, diagrams and PDFs use the full browser (3x the CPU per page)"; fi
	@touch $@

build: setup
	@echo "== mkdocs build --strict" && $(MKDOCS) build --strict

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

# the site (mkdocs build --strict) and its tests
test-site: build
	@$(MAKE) --no-print-directory test-built

# the tests of the site that `make build` wrote and of its downloads: the exports (chromium printing)
# while the browser and search tests run, one pytest worker per core; then the link check and the
# export tests, which read the downloads
test-built: setup
	@echo "== exports, and meanwhile the site tests that do not read them"
	@mkdir -p test-artifacts
	@$(PY) -m mianjing export > test-artifacts/export.log 2>&1 & exporting=$$!; \
	SITE_DIR=$(CURDIR)/site $(PY) -m pytest -m "site and not exports" -n auto tests; tested=$$?; \
	wait $$exporting; exported=$$?; echo "== exports"; cat test-artifacts/export.log; \
	[ $$tested = 0 ] && [ $$exported = 0 ]
	@echo "== link check and export tests" && SITE_DIR=$(CURDIR)/site $(PY) -m pytest -m "site and exports" -n auto tests

# lint and the site build side by side (a cold build keeps 1.5 of 2 cores busy: 111 CPU-s in 73 s;
# the unit tests take the rest; each prints when it is done), then the built site's tests
test: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint build
	@$(MAKE) --no-print-directory test-built

bench: setup
	$(PY) tests/bench.py

clean:
	rm -rf site test-artifacts .cache $(STAMPS)
