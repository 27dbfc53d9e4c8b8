# Every target sets itself up: a fresh clone needs only `make serve` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The tests' own JavaScript tools (axe-core), pinned in package.json and package-lock.json.
NODE_STAMP := node_modules/.installed

export NO_MKDOCS_2_WARNING := 1
# Builds of one commit are byte-identical on any day: dates in the site (the
# sitemap's) come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build check test test-fast a11y screenshots bench urls clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat: the project folder on sys.path through a .pth file; setuptools' default
	# finder prints a warning box on every install.
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

# --dirty: a save renders again only the pages it changed (the guide's hook decides which).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/connecting check .

# The timing tests run last and alone: a browser test on the other core slows a long
# text more than a short one (caches), and they compare the two.
test: $(STAMP) $(NODE_STAMP)
	PYTHON=$(BIN)/python node --test tests/js/
	$(BIN)/python -m pytest -n 2 -m "not timing"
	$(BIN)/python -m pytest -m timing

# Everything but the browser tests and the slow ones (preview servers, repeated builds):
# the quick loop while working on the engine or the data. `make test` runs them all.
test-fast: $(STAMP) $(NODE_STAMP)
	PYTHON=$(BIN)/python node --test tests/js/
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow"

# axe-core on every page of the built site, light and dark (`make test` scans one page of
# each kind and the interactive states).
a11y: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 --every-page -m every_page tests/test_a11y.py

# Screenshots of the main pages at 390x844 and 1280x800, light and dark, for a reviewer
# to look at (screenshots/, which git ignores).
screenshots: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 --screenshots=screenshots -m screenshots tests/test_a11y.py

# Build into a scratch folder and add every URL it publishes to urls.txt (never removes one).
urls: $(STAMP)
	site=$$(mktemp -d) && trap 'rm -rf "$$site"' EXIT && \
	$(BIN)/mkdocs build --strict -d "$$site" && $(BIN)/connecting urls --site "$$site" .

# The speed benchmarks: each prints its figures (not part of the tests). QUICK=1: smaller runs.
bench: $(STAMP)
	$(BIN)/python benchmarks/check_speed.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/engine_speed.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/preview_reload.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/build_cpu.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/adversarial.py $(if $(QUICK),--quick)

# How well the rules tell collecting from connecting messages, on what they may be tuned on: the dev
# split and the test splits of earlier rounds (eval/rounds/). eval/test/ is sealed.
.PHONY: eval
eval: $(STAMP)
	$(BIN)/connecting eval eval/dev eval/rounds

clean:
	rm -rf site $(VENV) node_modules *.egg-info
