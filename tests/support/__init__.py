"""Helpers the test suites and the benchmarks share: plain functions and constants, imported by any test
module (no test module imports another). Fixtures stay in the conftest.py files; `tests/conftest.py` has
pytest rewrite the asserts here as it does in the tests."""
