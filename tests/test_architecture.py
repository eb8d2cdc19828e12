"""The layout's rules: dependencies run one way, events → venues → quinzaine."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    """Return every module a file imports, at any depth (function-level imports included)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def reaching_up(app, above):
    return sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / app).rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in above
    )


def test_no_venues_module_imports_events():
    assert reaching_up("venues", {"events"}) == []


def test_no_quinzaine_module_imports_an_app():
    # Settings name the apps as strings; urls.py is where the project wires them in.
    allowed = {"quinzaine/urls.py"}
    found = reaching_up("quinzaine", {"events", "venues"})
    assert [line for line in found if line.split(":")[0] not in allowed] == []


def test_no_module_passes_about_400_lines():
    long = sorted(
        f"{path.relative_to(ROOT)}: {len(path.read_text().splitlines())}"
        for app in ("events", "venues", "quinzaine")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and len(path.read_text().splitlines()) > 420
    )
    assert long == []
