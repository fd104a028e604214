"""Boundaries: the core never imports Textual, no module imports itself round a circle, and the built
wheel runs from anywhere."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT


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
                     "digiworkshop/screens/app.tcss", "digiworkshop/migrations/versions/0001_initial.py",
                     "digiworkshop/room/templates/page.html", "digiworkshop/room/static/page.js",
                     "digiworkshop/room/static/page.css"):
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


# --- no import cycle ------------------------------------------------------------------------------
#
# The graph is read from the source with `ast`, so it sees every import: at module level and inside
# functions (a lazy import hides a cycle from start-up, not from the reader). How an import becomes an
# edge between the project's modules:
# - `import a.b.c` and `from a.b import c` point at the most specific project module named: a.b.c when
#   that is a module, else a.b (the name c is then defined in a.b's `__init__`).
# - Relative imports are resolved against the importing module's package: `from .x import y` inside
#   package P is an edge to P.x (or P.x.y when y is a submodule), `from . import x` to P.x when x is a
#   submodule and to P itself otherwise.
# - Importing a.b.c also runs the `__init__` of a and a.b, but that is not counted as an edge: a package
#   `__init__` importing its submodules and a submodule importing a sibling is no cycle. A submodule
#   that takes a name from its own package's `__init__` (`from . import name`, name not a submodule)
#   is an edge to the package, and a cycle if that `__init__` imports the submodule: that one is real.
# - Imports under `if TYPE_CHECKING:` are left out: they never run, so they cannot make a cycle (that
#   is how a screen names `Store` in a type without importing the store at run time).

# Where the package's modules live: `digiworkshop.screens` is installed from screens/ (pyproject.toml).
PACKAGE_DIRS = {"digiworkshop": ROOT / "digiworkshop", "digiworkshop.screens": ROOT / "screens"}


def project_modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name, for its `__init__`)."""
    modules: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in sorted(folder.rglob("*.py")):
            parts = [*path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: module level, in functions and classes, not under TYPE_CHECKING."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            for other in node.orelse:
                yield from _imports(ast.Module(body=[other], type_ignores=[]))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _imports(node)


def import_graph() -> dict[str, set[str]]:
    """module → the project modules it imports (see the rules above)."""
    modules = project_modules()

    def most_specific(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name if is_package else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                    base = f"{base}.{node.module}" if node.module else base
                else:
                    base = node.module or ""
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                found = most_specific(target)
                if found is not None and found != name:
                    graph[name].add(found)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_import_graph_sees_lazy_relative_and_package_imports() -> None:
    """The reader itself: a function-level import counts, `from . import x` reaches the submodule."""
    graph = import_graph()
    assert "digiworkshop.store" in graph["digiworkshop.cli"]  # imported inside a function
    assert "digiworkshop.store.base" in graph["digiworkshop.store"]  # `from .base import …`
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("scope", ["digiworkshop", "digiworkshop.screens"])
def test_no_import_cycle(scope: str) -> None:
    """No module imports itself round a circle (module-level or function-level imports alike).

    "digiworkshop" is the core (every module but the screens); "digiworkshop.screens" is the whole
    package with the UI included."""
    graph = import_graph()
    if scope == "digiworkshop":
        graph = {name: {t for t in targets if not t.startswith("digiworkshop.screens")}
                 for name, targets in graph.items() if not name.startswith("digiworkshop.screens")}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
