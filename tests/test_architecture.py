"""The package's layering: every import (also those inside functions) points to the same
layer or a lower one, and no modules or packages import each other in a circle.

The layers are written once, here, from the bottom up. A newcomer reads them as the
map of the code: ``core`` knows nothing of rules or of MkDocs; the rules know the domain
but not the engine that runs them; only ``publish`` (the build's decisions, called by
the MkDocs hooks), ``ops`` and the commands sit above the engine.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "govsite"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "data"),                    # project, pages, units, columns, settings, schema, yaml, git, findings
    ("text",),                           # normalise, Markdown document, word lists, personal numbers, typos
    ("review", "regulation", "links"),   # signatures; policies, workdays, freshness; links and sitemaps
    ("newmedia",),                       # accounts' approval chain, posts, export, cadence, menus, messages
    ("site",),                           # generated pages, navigation, HTML sanitising (no engine)
    ("rules",),                          # one problem per module, the registry
    ("engine",),                         # runs the rules, caches, suppressions
    ("publish", "ops", "report"),        # build decisions for the hooks; deploy, changed, scaffold
    ("commands",),                       # one verb per module
    ("cli", "__main__"),                 # dispatch only
)
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = ["govsite", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path) -> set[str]:
    """Every govsite module that ``name`` imports, wherever the import statement is."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "govsite")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "govsite":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_layer():
    unplaced = sorted({top(m) for m in MODULES if top(m) and top(m) not in LAYER_OF})
    assert not unplaced, f"packages without a layer in LAYERS: {unplaced}"


def test_no_import_climbs_a_layer():
    climbing = [f"{src} -> {dst}" for src, dsts in GRAPH.items() for dst in dsts
                if top(src) and top(dst) and LAYER_OF[top(src)] < LAYER_OF[top(dst)]]
    assert not climbing, "imports from a lower layer to a higher one:\n" + "\n".join(sorted(climbing))


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; the components with more than one member are the cycles."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_cycles():
    assert strongly_connected(GRAPH) == []


def test_no_package_cycles():
    packages: dict[str, set[str]] = defaultdict(set)
    for src, dsts in GRAPH.items():
        for dst in dsts:
            if top(src) != top(dst) and top(src) and top(dst):
                packages[top(src)].add(top(dst))
    assert strongly_connected(packages) == []


def test_the_checker_sees_imports_inside_functions():
    # the cycle the layout replaced was hidden inside function bodies
    assert "govsite.core.project" in GRAPH["govsite.commands.check"] | {
        d for m in GRAPH["govsite.commands.check"] for d in GRAPH[m]}
    assert strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
