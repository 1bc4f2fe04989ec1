# The two commands of the README. uv is installed with pip when missing; `--frozen` uses uv.lock as committed.
PY ?= python3
UV = $(PY) -m uv

.PHONY: setup serve test lint schema

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PY) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

serve: setup
	$(UV) run --frozen fupin serve

test: setup
	$(UV) run --frozen pytest

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy

schema: setup
	$(UV) run --frozen fupin schema > schema.graphql
