"""The README's layer rules, read from the code itself: a layer that reaches where it may
not fails here, before a reviewer has to notice it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kaart_tui"

UI_LIBRARIES = ("textual", "rich")
OTHER_LIBRARIES = ("tinydb", "docx", "aiohttp", "segno", "fpdf", "reportlab")
APP_LAYERS = ("kaart_tui.store", "kaart_tui.screens", "kaart_tui.widgets", "kaart_tui.export",
              "kaart_tui.app", "kaart_tui.cli", "kaart_tui.workshop", "kaart_tui.safe_files",
              "kaart_tui.template_files", "kaart_tui.bundle", "kaart_tui.codec")
FILE_MODULES = ("os", "pathlib", "shutil", "tempfile", "glob")
FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "unlink", "mkdir",
                "rmdir", "iterdir", "glob", "rglob", "touch"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """Every module ``path`` imports (relative imports resolved), anywhere in the file, or
    only at module level (what runs when the module is imported)."""
    tree = ast.parse(path.read_text("utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else \
        module_name(path)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                base = ".".join(anchor[:len(anchor) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def reaches(found: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in found if any(m == p or m.startswith(p + ".") for p in prefixes))


def files(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(PACKAGE)) for p in paths]


DOMAIN = files("domain")


@pytest.mark.parametrize("path", DOMAIN, ids=ids(DOMAIN))
def test_the_domain_imports_no_ui_storage_or_export(path: Path) -> None:
    found = imports(path)
    assert not reaches(found, UI_LIBRARIES + OTHER_LIBRARIES + APP_LAYERS + FILE_MODULES)


@pytest.mark.parametrize("path", DOMAIN, ids=ids(DOMAIN))
def test_the_domain_reads_and_writes_no_files(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
    opens = [c.lineno for c in calls if isinstance(c, ast.Name) and c.id == "open"]
    methods = [c.attr for c in calls if isinstance(c, ast.Attribute) and c.attr in FILE_METHODS]
    assert not opens and not methods


@pytest.mark.parametrize("path", [p for p in files() if "store" not in p.parts],
                         ids=ids([p for p in files() if "store" not in p.parts]))
def test_only_the_store_imports_tinydb(path: Path) -> None:
    assert not reaches(imports(path), ("tinydb",))


EXPORT = files("export")


@pytest.mark.parametrize("path", EXPORT, ids=ids(EXPORT))
def test_the_exporter_gets_cards_and_knows_no_ui_or_store(path: Path) -> None:
    assert not reaches(imports(path), UI_LIBRARIES + ("kaart_tui.store", "kaart_tui.screens",
                                                      "kaart_tui.widgets", "kaart_tui.app",
                                                      "kaart_tui.workshop", "tinydb"))


UI = files("screens") + files("widgets")


@pytest.mark.parametrize("path", UI, ids=ids(UI))
def test_screens_use_the_store_only_through_its_interface(path: Path) -> None:
    """The UI may hold a DataFolder and a SessionStore; the files, the tables and the
    labels file are the store's own business."""
    internals = ("kaart_tui.store.tinydb_store", "kaart_tui.store.tables",
                 "kaart_tui.store.labels_file", "kaart_tui.store.migrations", "tinydb")
    assert not reaches(imports(path), internals)
    assert "labels.json" not in path.read_text("utf-8")


def test_no_module_imports_one_that_imports_it_back() -> None:
    """Import cycles at module level (what runs on import) make the order of imports
    matter and hide which module owns what."""
    graph = {module_name(p): {m for m in imports(p, top_level_only=True)
                              if m.startswith("kaart_tui")} for p in files()}
    known = set(graph)
    graph = {name: {m if m in known else m.rsplit(".", 1)[0] for m in deps} & known - {name}
             for name, deps in graph.items()}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        for dep in sorted(graph[name]):
            if dep in path:
                cycle = path[path.index(dep):] + [dep]
                cycles.append(" -> ".join(cycle))
            elif dep not in done:
                visit(dep, path + [dep])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    # A package's __init__ re-exporting its own modules is not a cycle worth breaking.
    packages = {module_name(p) for p in files() if p.name == "__init__.py"}

    def through_own_package(cycle: str) -> bool:
        members = set(cycle.split(" -> "))
        return any(package in members and all(m == package or m.startswith(package + ".")
                                               for m in members) for package in packages)

    real = [c for c in cycles if not through_own_package(c)]
    assert not real


def test_no_module_is_longer_than_a_newcomer_reads_in_one_go() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in files()
            if (n := len(p.read_text("utf-8").splitlines())) > 420}
    assert not long
