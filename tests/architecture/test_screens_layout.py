"""The UI's layout holds its design: no import cycle in screens/, no widget walking up to its step, steps
sharing parts only through widgets/ and dialogs/, and Textual's internals reached from one module only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpers import ROOT

SCREENS = ROOT / "screens"
PACKAGE = "digiworkshop.screens"


def module_name(path: Path) -> str:
    parts = path.relative_to(SCREENS).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def imports_of(path: Path) -> set[str]:
    """Every screens module `path` imports, at module level or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {c for c in candidates if c.startswith(PACKAGE) and c in MODULES}
    return found


MODULES = {module_name(p): p for p in SCREENS.rglob("*.py")}


def test_no_import_cycle_in_screens() -> None:
    graph = {name: imports_of(path) - {name} for name, path in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import cycle: " + " → ".join(path[path.index(name):] + [name]))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_no_widget_walks_up_to_its_step() -> None:
    walking = [str(p.relative_to(SCREENS)) for p in SCREENS.rglob("*.py") if ".ancestors" in p.read_text(encoding="utf-8")]
    assert walking == []


def test_steps_share_parts_through_widgets_and_dialogs_only() -> None:
    steps = {name for name in MODULES if name.startswith(f"{PACKAGE}.steps.")}
    for name in steps - {f"{PACKAGE}.steps.registry"}:
        others = imports_of(MODULES[name]) & (steps - {f"{PACKAGE}.steps.base"})
        assert not others, f"{name} imports {others}"
    assert not imports_of(MODULES[f"{PACKAGE}.steps.base"]) & steps


PRIVATE = re.compile(r"from (textual|rich)(\.\w+)*\._\w+ import|\._line_cache|\._bindings_ready|super\(\)\._on_\w+")


def test_textual_internals_are_reached_from_one_module() -> None:
    reaching = [str(p.relative_to(SCREENS)) for p in SCREENS.rglob("*.py")
                if p.name != "textual_internals.py" and PRIVATE.search(p.read_text(encoding="utf-8"))]
    assert reaching == []
