"""The import graph of app/: no module imports itself back, and the packages named
below only ever point one way. Imports are read at any depth, so one tucked into a
function to dodge a cycle at import time still counts."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
# (importer, imported): the direction each pair is allowed; the reverse never.
ONE_WAY = (
    ("app.sync", "app.integrations"),  # the sync uses the connection, not back
    ("app.notifications", "app.web"),  # the bell uses the request plumbing
)
# Cycles not ours to break yet, each with the edge that closes it. The test fails
# when one is gone, so the entry goes with it.
KNOWN_CYCLES = set()  # none: a new one is a design question, not a line here


def module_name(path):
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in APP.rglob("*.py")}


def resolve(name):
    """The module a dotted name lives in: itself, else its nearest parent."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imported(name, path):
    """Every app module this one imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(resolve(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from ..sync import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(resolve(full) if full in MODULES else resolve(base))
    return found - {name, ""}  # "": not ours (flask, sqlalchemy...)


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def package(module):
    return ".".join(module.split(".")[:2])


def cycles(graph):
    """Each cycle of the graph, as a set of its modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read_at_every_depth():
    assert "app.integrations.clients" in GRAPH["app.sync.engine"]  # module level
    assert "app.sync.engine" in GRAPH["app.cli"]  # inside the command's function


def test_no_module_imports_itself_back():
    found = set(cycles(GRAPH))
    assert found - KNOWN_CYCLES == set(), "new import cycles"
    assert KNOWN_CYCLES - found == set(), "a known cycle is gone: drop its entry"


@pytest.mark.parametrize(("user", "used"), ONE_WAY)
def test_packages_point_one_way(user, used):
    back = sorted(
        (module, target)
        for module, targets in GRAPH.items()
        if package(module) == used
        for target in targets
        if package(target) == user
    )
    assert back == [], f"{used} must not import {user}"
