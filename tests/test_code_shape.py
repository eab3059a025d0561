"""The plugin's shape, checked: one-way imports, no import inside a function, no module named
like the standard library's, no function too complex to read (radon grade D or worse)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

from support import ROOT

PLUGIN = ROOT / "plugins" / "briefing"
MODULES = sorted(PLUGIN.rglob("*.py"))


def module_name(path: Path) -> str:
    """A module's dotted name inside the plugin: "build.pipeline", "__init__", "model.__init__"."""
    return ".".join(path.relative_to(PLUGIN).with_suffix("").parts)


def plugin_imports(path: Path) -> set[str]:
    """The plugin modules a module imports (relative imports), by dotted name."""
    package = list(path.relative_to(PLUGIN).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            found.add(".".join([*base, node.module]) if node.module else ".".join([*base, "__init__"]))
    return found


def cycle_in(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, as the names along it, or [] when there is none."""
    done, path = set(), []
    found: list[str] = []

    def visit(name):
        if found or name in done:
            return
        if name in path:
            found.extend([*path[path.index(name):], name])
            return
        path.append(name)
        for other in sorted(graph.get(name, ())):
            visit(other)
        path.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    return found


def test_no_import_cycle():
    graph = {module_name(p): plugin_imports(p) for p in MODULES}
    assert cycle_in(graph) == []


# The subpackages are layers, lowest first (docs/design.md, "The folders").
LAYERS = ["model", "names", "text", "read", "output", "story", "build", "dev", "cli"]


def test_each_folder_imports_only_from_the_folders_below_it():
    assert sorted(p.name for p in PLUGIN.iterdir() if (p / "__init__.py").exists()) == sorted(LAYERS)
    found = []
    for p in MODULES:
        name = module_name(p)
        folder = name.split(".")[0]
        if folder not in LAYERS:
            continue
        for imported in plugin_imports(p):
            other = imported.split(".")[0]
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(folder):
                found.append(f"{name} imports {imported}")
    assert found == []


def test_no_import_inside_a_function():
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found += [f"{module_name(path)}:{inner.lineno}" for inner in ast.walk(node) if isinstance(inner, (ast.Import, ast.ImportFrom))]
    assert found == []


def test_no_module_named_like_the_standard_library():
    assert [module_name(p) for p in MODULES if p.stem in sys.stdlib_module_names] == []
    assert [p.name for p in PLUGIN.iterdir() if p.is_dir() and p.name in sys.stdlib_module_names] == []


def test_no_function_of_complexity_grade_d_or_worse():
    found = [f"{module_name(path)}:{block.lineno} {block.name} {cc_rank(block.complexity)} ({block.complexity})"
             for path in MODULES for block in cc_visit(path.read_text(encoding="utf-8"))
             if cc_rank(block.complexity) >= "D"]
    assert found == []


def test_the_pelican_edge_is_the_only_module_that_knows_pelican_objects():
    # Pelican's own helpers (slugify, the reader base class) may be used; its content objects,
    # generators and writers only at the edge.
    edge = {"build.generator", "build.reader", "__init__", "cli.commands", "build.incremental", "dev.devserver"}
    found = []
    for path in MODULES:
        if module_name(path) in edge:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{module_name(path)}: from {node.module} import ..." for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom)
                  and (node.module or "").startswith(("pelican.contents", "pelican.generators", "pelican.writers", "pelican.readers"))]
    assert found == []
