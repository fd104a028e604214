"""What the tests share besides fixtures: the checkout's folders and small helpers for subprocesses.

Every test module imports these as `from helpers import …` (pyproject.toml puts tests/ on the path),
never from another test module or from conftest.py; the fixtures themselves live in tests/conftest.py.
`helpers.tmux` drives a real terminal, `helpers.capture_worker` is the process the crash tests kill.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digiworkshop.paths import database_url

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent  # the checkout
FIXTURES = TESTS / "fixtures"  # fixture databases and the import corpora, shared by every folder
BENCH = ROOT / "bench"

PG_ENV = "DIGIWORKSHOP_TEST_PG"


def pg_server_url() -> str:
    """The URL of the test PostgreSQL server's maintenance database; skips (fails under CI=true) without one."""
    url = os.environ.get(PG_ENV)
    if url:
        return database_url(url)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL cases must run in CI (see .ci/run)")
    pytest.skip(f"no PostgreSQL server: set {PG_ENV}=postgresql://user:password@host:port/db "
                "(or run: eval \"$(bash .ci/postgres-start)\")")


def cli_env(db: Path | str) -> dict[str, str]:
    """Environment for running the command line in a subprocess against a test database."""
    env = dict(os.environ)
    env["DIGIWORKSHOP_DB"] = str(db)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def screen_text(app) -> str:  # noqa: ANN001 - a running Textual app
    """What the terminal shows now, as plain lines (the compositor's own strips, every layer drawn)."""
    strips = app.screen._compositor.render_strips()  # what a real terminal would get, overlays included
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
