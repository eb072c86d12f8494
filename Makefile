# riskportal: `make run` to try it, `make test` to check it. See README.md.
PORT ?= 8000
UV = scripts/uv
export UV_PYTHON_DOWNLOADS = never

.PHONY: help install run serve test mutate lint fmt demo clean

help:
	@echo "make run    install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)/ with a task worker"
	@echo "make test   lint, migration and system checks, the whole suite on SQLite and PostgreSQL"
	@echo "make serve  the production configuration (gunicorn, DEBUG off) on this machine"
	@echo "make mutate mutation testing of the core modules (slow; not part of make test)"
	@echo "make lint / make fmt   ruff check / ruff format"

install:
	@scripts/bootstrap
	@$(UV) sync --frozen --no-dev

run: install
	@PORT=$(PORT) scripts/run

serve: install
	@scripts/serve

test:
	@scripts/bootstrap --with-browser
	@$(UV) sync --frozen
	@scripts/test

mutate:
	@$(UV) sync --frozen
	@scripts/mutate

lint:
	@$(UV) run ruff check .
	@$(UV) run ruff format --check .

fmt:
	@$(UV) run ruff check --fix .
	@$(UV) run ruff format .

clean:
	rm -rf .venv staticfiles .pytest_cache .ruff_cache db.sqlite3*
