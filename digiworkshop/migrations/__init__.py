"""Alembic migrations shipped inside the package, and the list of known schema revisions.

HEAD and REVISIONS let the app check a database's schema without importing Alembic (which is
slow to import); a test keeps them equal to what Alembic itself finds.
"""

from __future__ import annotations

REVISIONS = ["0001_initial", "0002_steps", "0003_drafts", "0004_room"]
HEAD = REVISIONS[-1]


def alembic_config(connection=None):  # noqa: ANN001, ANN201 - Alembic is imported lazily
    """An Alembic Config built in code (no ini file, so the app's logging is left alone)."""
    import sys

    from alembic.config import Config

    # Config's default stdout is the sys.stdout of when alembic was first imported, which may be a
    # stream that is closed by now (a test's capture, a UI's redirection): take today's.
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", "digiworkshop:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg
