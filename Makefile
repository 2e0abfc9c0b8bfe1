# Workshop Claims — every command a developer or CI needs. `make run` and `make test` set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test unit integration e2e contract infra synth bench fuzz lint openapi lock clean

$(STAMP): requirements-dev.in constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.in -c constraints.txt
	touch $(STAMP)

run: $(STAMP) ## the local runner with demo data on http://127.0.0.1:3000
	$(PY) -m infra.local.runner

test: $(STAMP) ## everything CI runs
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

unit: $(STAMP)
	$(PY) -m pytest tests/unit

integration: $(STAMP)
	$(PY) -m pytest tests/integration

e2e: $(STAMP)
	$(PY) -m pytest tests/e2e

contract: $(STAMP) ## the black-box suite in ../shared/contract against a fresh local runner
	$(PY) -m tests.e2e.contract_run

infra: $(STAMP)
	$(PY) -m pytest tests/infra

synth: $(STAMP) ## synthesize the CloudFormation template offline into cdk.out/
	$(PY) -m infra.app

bench: $(STAMP) ## what a request costs, vs docs/bench-baseline.json (ARGS="--quick", "--check", "--save-baseline")
	$(PY) -m tests.bench $(ARGS)

fuzz: $(STAMP)
	FUZZ_EXAMPLES=500 $(PY) -m pytest tests/e2e -k fuzz

lint: $(STAMP)
	$(PY) -m ruff check .

openapi: $(STAMP)
	$(PY) -c "import json; from shared.openapi import openapi_document as d; print(json.dumps(d(), indent=2))" > docs/openapi.json

lock: ## re-resolve requirements-dev.in and pin every version in constraints.txt
	rm -rf /tmp/lockenv && $(PYTHON) -m venv /tmp/lockenv && /tmp/lockenv/bin/pip install -q -r requirements-dev.in
	(echo "# Exact versions for every install (pip install -c constraints.txt). Regenerate: make lock"; \
	  /tmp/lockenv/bin/pip freeze) > constraints.txt

clean:
	rm -rf $(VENV) cdk.out .pytest_cache
