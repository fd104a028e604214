"""Boundaries: the core never imports Textual, and the built wheel runs from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def printed_by(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (so no module is imported before it)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.strip()


def test_core_never_imports_textual() -> None:
    code = (
        "import sys, importlib, pkgutil, digiworkshop\n"
        "for m in pkgutil.walk_packages(digiworkshop.__path__, 'digiworkshop.'):\n"
        "    if m.name.startswith(('digiworkshop.screens', 'digiworkshop.migrations.env', 'digiworkshop.__main__')): continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    assert printed_by(code) == ""


def test_screens_talk_to_the_core_only() -> None:
    """The UI imports the core's public modules, never SQL machinery directly."""
    for path in (ROOT / "screens").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for forbidden in ("import sqlalchemy", "from sqlalchemy", "import sqlmodel", "from sqlmodel", "import sqlite3"):
            assert forbidden not in source, f"{path.name} uses {forbidden}"


def test_the_first_screen_does_not_wait_for_the_store_modules() -> None:
    """What `digiworkshop` imports before painting the workshop list leaves out the heavy modules (they
    load in the background): SQLAlchemy, SQLModel, pydantic, Alembic, python-docx and the models."""
    code = (
        "import sys\n"
        "import digiworkshop.cli, digiworkshop.screens.app, digiworkshop.quick_list\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic', 'docx', 'digiworkshop.models',\n"
        "         'digiworkshop.store', 'digiworkshop.guide')\n"
        "print(','.join(sorted(n for n in sys.modules if n.startswith(heavy))))\n"
    )
    assert printed_by(code) == ""


def test_every_screen_module_imports_on_its_own() -> None:
    """No import-order trap: each UI module can be the first one imported (as a test or a bench does)."""
    for path in sorted((ROOT / "screens").glob("*.py")):
        name = f"digiworkshop.screens.{path.stem}".removesuffix(".__init__")
        result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, (name, result.stderr[-800:])


def test_wheel_ships_ui_and_data_inside_the_package_and_runs_from_anywhere(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("digiworkshop-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"digiworkshop"}  # no generic top-level `screens` or `data`
    for required in ("digiworkshop/data/guide.toml", "digiworkshop/data/demo_workshop.toml",
                     "digiworkshop/screens/app.tcss", "digiworkshop/migrations/versions/0001_initial.py"):
        assert required in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), DIGIWORKSHOP_DB=str(tmp_path / "w.db"))
    code = (
        "import digiworkshop, digiworkshop.screens.app as a, sys;"
        "assert digiworkshop.__file__.startswith(sys.argv[1]), digiworkshop.__file__;"
        "from digiworkshop.cli import main; sys.exit(main(['demo', '--load-only']))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(site)], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
