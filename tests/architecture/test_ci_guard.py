"""The PostgreSQL cases never pass by being left out: under CI=true a missing server fails the run."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT

PG_CASE = "tests/store/test_postgres.py::test_db_option_and_environment_run_on_postgresql"


def pytest_without_server(ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DIGIWORKSHOP_TEST_PG", "CI")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", PG_CASE],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_ci_fails_without_postgresql() -> None:
    result = pytest_without_server("true")
    assert result.returncode != 0
    assert "1 error" in result.stdout and "must run in CI" in result.stdout  # fails in set-up


def test_a_developer_without_postgresql_sees_a_skip_with_the_reason() -> None:
    result = pytest_without_server(None)
    assert result.returncode == 0
    assert "1 skipped" in result.stdout and "DIGIWORKSHOP_TEST_PG" in result.stdout
