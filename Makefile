# newsdw: `make demo` runs the daily pipeline once on the bundled samples; `make test` runs
# every test; `make check` is the fast tier for every change (lint, unit tests, the DAG import).
# All install what they need into .venv first (pinned by constraints.txt).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATE ?= 2024-04-20
export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False

.PHONY: install demo test check lint unit bench clean

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/newsdw run --date $(DATE)

lint: install
	$(BIN)/ruff check newsdw extract expectations dags tests bench
	$(BIN)/sqlfluff lint dbt/models

# The unit tier (tests/unit, tests/gold; includes the DagBag import test): a few minutes.
unit: install
	$(BIN)/pytest -q -m unit

check: lint unit

test: lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf warehouse .airflow dbt/target dbt/logs .pytest_cache
