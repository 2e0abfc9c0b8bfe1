# Workshop Claims — every command a developer or CI needs. `make run` and `make test` set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install -q --disable-pip-version-check
# Two installs into .venv, both pinned by constraints.txt: what running needs (requirements.in: `make run`), then
# the test, CDK and lint tools on top of it (requirements-dev.in: `make test` and every other target).
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONDONTWRITEBYTECODE := 1

# The web app (web/): its packages come from web/package-lock.json (npm ci); its build is web/dist.
NPM ?= npm
WEB := web
WEB_MODULES := $(WEB)/node_modules/.installed
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/scripts -type f 2>/dev/null) \
               $(wildcard $(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json $(WEB)/package.json $(WEB)/public/*)
WEB_BUILD := $(WEB)/dist/index.html
OPENAPI := docs/openapi.json
OPENAPI_PRINT := $(PY) -c "import json; from shared.api.openapi import openapi_document as d; print(json.dumps(d(), indent=2))"
API_SOURCES := $(shell find shared functions -name '*.py' -not -path '*/__pycache__/*' 2>/dev/null)

# The Lambda runtime is Python 3.14, newer than .venv's; the newest Python this machine has (pyenv's, or one
# named: make test-newest NEWEST_PYTHON=python3.14) runs the Lambda code's suites again in a venv of its own.
NEWEST_PYTHON ?= $(lastword $(shell ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V))
NEWEST_VENV := .venv-newest
NEWEST_STAMP := $(NEWEST_VENV)/.installed

.PHONY: run test test-newest unit integration e2e contract infra synth bench fuzz lint format hooks typecheck openapi openapi-check openapi-breaking lock clean \
        web web-install web-lint web-test web-size web-lighthouse

$(RUNTIME_STAMP): requirements.in constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Python >= 3.11 is needed and '$(PYTHON)' is not (name one: make run PYTHON=python3.12)." >&2; exit 1; }
	@echo "Installing the runtime Python packages into $(VENV) (first run only, ~30 s)…"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) -r requirements.in -c constraints.txt
	@touch $@

$(STAMP): $(RUNTIME_STAMP) requirements-dev.in constraints.txt
	@echo "Installing the development tools into $(VENV): pytest, Schemathesis, Playwright, CDK, ruff (first time only, ~1.5 min)…"
	@$(PIP_INSTALL) -r requirements-dev.in -c constraints.txt
	@touch $@

# npm ci: exactly the locked versions, from a clean node_modules, whenever the lock file changes.
$(WEB_MODULES): $(WEB)/package.json $(WEB)/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "The web app needs Node.js >= 20.19 and npm on the PATH." >&2; exit 1; }
	@echo "Installing the web app's packages (npm ci, first run only, ~1 min)…"
	@cd $(WEB) && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

# The API's OpenAPI document, regenerated when the route table, models or handlers are newer.
$(OPENAPI): $(STAMP) $(API_SOURCES)
	$(OPENAPI_PRINT) > $@.tmp && mv $@.tmp $@

# The built app, rebuilt when missing or older than any of its sources (typecheck + vite build).
$(WEB_BUILD): $(WEB_MODULES) $(WEB_SOURCES) $(WEB)/package-lock.json
	@echo "Building the web app into $(WEB)/dist (typecheck and vite build, whenever its sources change, ~30 s)…"
	@cd $(WEB) && $(NPM) run --silent build
	@touch $@

# Only what running needs: the runtime packages and the web app's build (not the development tools).
run: $(RUNTIME_STAMP) $(WEB_BUILD) ## the local runner with demo data and the web app on http://127.0.0.1:3000
	@echo "Starting the local runner (moto, the stack's resources, the demo data: ~10 s)…"
	@$(PY) -m infra.local.runner

# Everything CI runs. The web checks and the build come first (the browser tests need web/dist); the output
# ends with the coverage of shared/ and functions/ (below the floor in pyproject.toml fails) and pytest's summary.
test: $(STAMP) $(WEB_MODULES) ## everything CI runs
	$(MAKE) --no-print-directory openapi-check
	$(MAKE) --no-print-directory openapi-breaking
	cd $(WEB) && $(NPM) run --silent check:i18n
	$(MAKE) --no-print-directory web-lint
	cd $(WEB) && $(NPM) test --silent
	$(MAKE) --no-print-directory $(WEB_BUILD)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory typecheck
	$(PY) -m pytest -n 2 --dist loadgroup --cov --cov-report=term:skip-covered

# The handlers and the domain (unit and integration suites, the IAM-enforced tier included) on the newest
# Python here; .ci/run calls it after `make test`. Skipped, saying so, where no Python newer than .venv's is found.
test-newest: $(WEB_BUILD)
	@if [ -z "$(NEWEST_PYTHON)" ]; then echo "test-newest: no Python >= 3.12 found (NEWEST_PYTHON=…): skipped"; \
	  else $(MAKE) --no-print-directory $(NEWEST_STAMP) && \
	  echo "Running the unit and integration suites on $$($(NEWEST_VENV)/bin/python --version)…" && \
	  $(NEWEST_VENV)/bin/python -m pytest -n 2 --dist loadgroup tests/unit tests/integration; fi

$(NEWEST_STAMP): requirements.in requirements-dev.in constraints.txt
	@echo "Installing the Python packages into $(NEWEST_VENV) for $(NEWEST_PYTHON) (first time only, ~2 min)…"
	@test -x $(NEWEST_VENV)/bin/python || $(NEWEST_PYTHON) -m venv $(NEWEST_VENV)
	@$(NEWEST_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.in -c constraints.txt
	@touch $@

# docs/openapi.json is committed: it must be what the API describes now, and web/src/api must be generated
# from it (a stale generated client fails here).
openapi-check: $(STAMP) $(WEB_MODULES)
	@$(OPENAPI_PRINT) > $(OPENAPI).check
	@if ! cmp -s $(OPENAPI).check $(OPENAPI); then rm -f $(OPENAPI).check; \
	  echo "docs/openapi.json is stale: the API changed. Run 'make openapi' and commit docs/openapi.json and web/src/api."; \
	  exit 1; fi
	@rm -f $(OPENAPI).check
	@echo "openapi-check: docs/openapi.json matches the API"
	@cd $(WEB) && $(NPM) run --silent check:gen

# A change to docs/openapi.json must not break a client of the last committed one (tests/openapi_breaking.py):
# removed paths, operations or response fields, newly required inputs, changed types; unless info.version's major moves.
openapi-breaking: $(STAMP) ## the API document against the last committed one (OPENAPI_BASE=<git revision> for another)
	$(PY) -m tests.openapi_breaking $(OPENAPI_BASE)

web-install: $(WEB_MODULES)

web-lint: $(WEB_MODULES) ## the web app's format (Prettier), lint (ESLint) and type (tsc) checks; cd web && npm run format applies Prettier
	cd $(WEB) && $(NPM) run --silent check:format && $(NPM) run --silent lint && $(NPM) run --silent typecheck

web: $(WEB_BUILD) ## build the web app into web/dist (when stale)

web-test: web-lint ## the web app's checks and component tests only
	cd $(WEB) && $(NPM) run --silent check:i18n && $(NPM) run --silent check:gen && $(NPM) test --silent

web-size: $(WEB_BUILD) ## gzip sizes of the build; fails when a first page is over 200 KB
	cd $(WEB) && $(NPM) run --silent size

unit: $(STAMP)
	$(PY) -m pytest tests/unit

integration: $(STAMP) $(WEB_BUILD)  # the IAM-enforced tier synthesizes the stack, which deploys the build
	$(PY) -m pytest tests/integration

e2e: $(STAMP) $(WEB_BUILD)
	$(PY) -m pytest tests/e2e

contract: $(STAMP) ## optional: the black-box contract suite (CONTRACT_DIR, default shared/contract beside the clone) against a fresh local runner
	$(PY) -m tests.e2e.contract_run

infra: $(STAMP) $(WEB_BUILD)
	$(PY) -m pytest tests/infra

synth: $(STAMP) $(WEB_BUILD) ## synthesize the CloudFormation template offline into cdk.out/ (with the web app's build)
	$(PY) -m infra.app

bench: $(STAMP) $(WEB_BUILD) ## what a request costs, vs docs/bench-baseline.json (ARGS="--quick", "--check", "--save-baseline"); the web app's bundle sizes and Lighthouse
	$(PY) -m tests.bench $(ARGS)
	$(MAKE) --no-print-directory web-size web-lighthouse

# Lighthouse (desktop preset, Debian's chromium) on a claim page of a fresh local runner with its demo seed.
# LIGHTHOUSE_ARGS=--check fails below the bars (performance 90, accessibility 100, best practices 95).
web-lighthouse: $(STAMP) $(WEB_BUILD)
	@port=$$($(PY) -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"); \
	log=$$(mktemp); $(PY) -m infra.local.runner --port $$port --schedule-seconds 0 > $$log 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; rm -f $$log' EXIT; \
	cd $(WEB) && $(NPM) run --silent lighthouse -- http://127.0.0.1:$$port --wait $(LIGHTHOUSE_ARGS)

fuzz: $(STAMP)
	FUZZ_EXAMPLES=500 $(PY) -m pytest tests/e2e -k fuzz

lint: $(STAMP) ## ruff's lint and format checks (make format applies the formatter)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP) ## format the Python code (ruff format)
	$(PY) -m ruff format .

hooks: $(STAMP) ## run the checks of .pre-commit-config.yaml before every commit
	$(PY) -m pre_commit install

# mypy with pydantic's plugin and the boto3 stubs (pyproject.toml [tool.mypy]): 0 errors, or make test fails.
typecheck: $(STAMP) ## the type gate: mypy over shared/, functions/, infra/ and tests/
	$(PY) -m mypy shared functions infra tests

# Regenerate docs/openapi.json from the API and the web app's typed client from it (commit both).
openapi: $(STAMP) $(WEB_MODULES)
	$(OPENAPI_PRINT) > $(OPENAPI)
	cd $(WEB) && $(NPM) run --silent gen

# requirements-dev.in includes requirements.in: one resolution pins both (make run installs a subset of it).
lock: ## re-resolve requirements.in and requirements-dev.in and pin every version in constraints.txt
	rm -rf /tmp/lockenv && $(PYTHON) -m venv /tmp/lockenv && /tmp/lockenv/bin/pip install -q -r requirements-dev.in
	(echo "# Exact versions for every install (pip install -c constraints.txt). Regenerate: make lock"; \
	  /tmp/lockenv/bin/pip freeze) > constraints.txt

clean:
	rm -rf $(VENV) $(NEWEST_VENV) cdk.out .pytest_cache .mypy_cache $(WEB)/node_modules $(WEB)/dist
