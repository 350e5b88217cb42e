# leakmap — every target installs what it needs on a fresh Debian machine with Python 3.11.
# Two environments, both installed from hash-locked files (requirements/*.lock, made by `make lock`):
# .venv runs leakmap and holds nothing else; .venv-dev adds the test, lint and audit tools.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEV     := .venv-dev
DEV_BIN := $(DEV)/bin
DEV_STAMP := $(DEV)/.installed
# Locks hold for CPython 3.11 on Linux x86_64 (glibc 2.28+: Debian 10 and later).
LOCK_FLAGS := --generate-hashes --no-strip-extras --python-version 3.11 --python-platform x86_64-manylinux_2_28 --quiet
# Debian packages: OCR engine + French/English data, PDF tools for checking reports,
# Chromium for the review app's browser tests, libarchive (through libarchive-tools, the
# same name on Debian 12 and 13) for reading RAR archives.
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng poppler-utils chromium libarchive-tools

.PHONY: install install-dev system demo test bench lint audit lock clean messages

install: system $(STAMP)

install-dev: system $(DEV_STAMP)

system:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Every package comes from the lock with its hash checked; leakmap itself is installed without
# dependencies and without build isolation (its build backend, setuptools, is in the lock too).
$(STAMP): requirements/runtime.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements/runtime.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(DEV_STAMP): requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(DEV)
	$(DEV_BIN)/python -m pip install -q --require-hashes -r requirements/dev.lock
	$(DEV_BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(DEV_STAMP)

demo: install
	$(BIN)/leakmap demo --out demo

test: install-dev
	$(DEV_BIN)/ruff check src tests benchmarks
	$(DEV_BIN)/lint-imports
	$(DEV_BIN)/pytest -q

bench: install-dev
	$(DEV_BIN)/python benchmarks/run.py

lint: install-dev
	$(DEV_BIN)/ruff check src tests benchmarks
	$(DEV_BIN)/ruff format --check src tests benchmarks

# Fuzz every parser a worker runs (tests/fuzz) for longer than the normal suite does:
# FUZZ_EXAMPLES mutated files per format, drawn anew each run (`make fuzz FUZZ_EXAMPLES=5000`).
FUZZ_EXAMPLES ?= 500
.PHONY: fuzz
fuzz: install-dev
	LEAKMAP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(DEV_BIN)/pytest -q tests/fuzz -p no:cacheprovider

# The runtime lock against the advisories pip-audit reads; offline it says "not audited".
audit: install-dev
	$(DEV_BIN)/python requirements/audit.py requirements/runtime.lock

# Re-resolve both locks from pyproject.toml, keeping current pins where they still fit
# (`make lock UPGRADE=--upgrade` moves everything to the newest allowed releases).
lock: install-dev
	$(DEV_BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(UPGRADE) -o requirements/runtime.lock
	$(DEV_BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(UPGRADE) \
	  -c requirements/runtime.lock -o requirements/dev.lock

# The message catalogs from the code (babel.cfg says where): extract every _() into a
# template outside the tree, merge it into each src/leakmap/locale/<lang>/LC_MESSAGES/leakmap.po,
# then translate what is new in fr (tests/i18n fails on an empty French msgstr).
POT := $(or $(TMPDIR),/tmp)/leakmap.pot
messages:
	$(DEV_BIN)/pybabel --quiet extract -F babel.cfg --no-location --sort-output \
	  --project leakmap --version "" -o $(POT) .
	$(DEV_BIN)/pybabel --quiet update -i $(POT) -d src/leakmap/locale -D leakmap \
	  --no-fuzzy-matching --ignore-obsolete --no-wrap --init-missing -l fr && \
	$(DEV_BIN)/pybabel --quiet update -i $(POT) -d src/leakmap/locale -D leakmap \
	  --no-fuzzy-matching --ignore-obsolete --no-wrap --init-missing -l en
	rm -f $(POT)

clean:
	rm -rf $(VENV) $(DEV) demo .pytest_cache .ruff_cache
