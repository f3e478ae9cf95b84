# Every target bootstraps .venv from plain python3; re-running is quick once it is set up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,distributed]'
	touch $(STAMP)

# The workbench on http://127.0.0.1:8000 over bargaining.db (every command's default database, docs/cli.md),
# with both bundled cases and the demo-* accounts.
WORKSPACE ?= bargaining.db
run: $(STAMP)
	$(BIN)/bargain init --db $(WORKSPACE)
	$(BIN)/bargain serve --demo --db $(WORKSPACE) --cases cases --host 127.0.0.1 --port 8000

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(STAMP)
	.ci/install-browser.sh
	$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

check: lint test

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
