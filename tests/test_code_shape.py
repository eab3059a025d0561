"""The plugin's shape, checked: one-way imports, no import inside a function, no module named
like the standard library's, no function too complex to read (radon grade D or worse)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

from support import ROOT

PLUGIN = ROOT / "plugins" / "briefing"
MODULES = sorted(PLUGIN.glob("*.py"))


def plugin_imports(path: Path) -> set[str]:
    """The plugin modules a module imports (relative imports)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(node.module or "__init__")
    return found


def test_no_import_cycle():
    graph = {p.stem: plugin_imports(p) for p in MODULES}
    done, path = set(), []

    def visit(name):
        if name in path:
            raise AssertionError(f"import cycle: {' -> '.join([*path[path.index(name):], name])}")
        if name in done:
            return
        path.append(name)
        for other in graph.get(name, ()):
            visit(other)
        path.pop()
        done.add(name)

    for name in graph:
        visit(name)


def test_no_import_inside_a_function():
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found += [f"{path.name}:{inner.lineno}" for inner in ast.walk(node) if isinstance(inner, (ast.Import, ast.ImportFrom))]
    assert found == []


def test_no_module_named_like_the_standard_library():
    assert [p.name for p in MODULES if p.stem in sys.stdlib_module_names] == []


def test_no_function_of_complexity_grade_d_or_worse():
    found = [f"{path.name}:{block.lineno} {block.name} {cc_rank(block.complexity)} ({block.complexity})"
             for path in MODULES for block in cc_visit(path.read_text(encoding="utf-8"))
             if cc_rank(block.complexity) >= "D"]
    assert found == []


def test_the_pelican_edge_is_the_only_module_that_knows_pelican_objects():
    # Pelican's own helpers (slugify, the reader base class) may be used; its content objects,
    # generators and writers only at the edge.
    edge = {"generator.py", "reader.py", "__init__.py", "cli.py", "incremental.py", "devserver.py"}
    found = []
    for path in MODULES:
        if path.name in edge:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.name}: from {node.module} import ..." for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom)
                  and (node.module or "").startswith(("pelican.contents", "pelican.generators", "pelican.writers", "pelican.readers"))]
    assert found == []
