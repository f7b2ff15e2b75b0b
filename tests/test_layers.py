"""The house has no circles: imports among pipeline/ modules follow the layers.

Every ``import``/``from`` statement is read from the source (also those inside
functions and under ``TYPE_CHECKING``), so an import moved into a function to
dodge a cycle is still a cycle here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports() -> dict[str, list[tuple[str, list[str]]]]:
    """module -> [(imported pipeline module, names taken from it)]."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    modules = {module_name(p) for p in PIPELINE.rglob("*.py")}
    for path in PIPELINE.rglob("*.py"):
        name = module_name(path)
        edges: list[tuple[str, list[str]]] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if not node.module.startswith("pipeline"):
                    continue
                names = [a.name for a in node.names]
                # "from pipeline import components" imports the module pipeline.components
                subs = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in modules]
                if subs:
                    edges.extend((s, []) for s in subs)
                else:
                    edges.append((node.module, names))
            elif isinstance(node, ast.Import):
                edges.extend((a.name, []) for a in node.names if a.name.startswith("pipeline."))
        out[name] = edges
    return out


def test_no_import_cycle() -> None:
    graph = {m: {t for t, _ in edges if t != m} for m, edges in imports().items()}
    # a package's __init__ re-exporting its children is not a cycle through them
    for m, targets in graph.items():
        graph[m] = {t for t in targets if not t.startswith(m + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt in graph and not state.get(nxt):
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [m])
    assert cycles == []


def test_components_never_import_one_another() -> None:
    shared = {"pipeline.components", "pipeline.components.base", "pipeline.components.shapes"}
    bad = [
        (m, t)
        for m, edges in imports().items()
        if m.startswith("pipeline.components.") and m not in shared
        for t, _ in edges
        if t.startswith("pipeline.components.") and t not in shared and t != m
    ]
    assert bad == []


def test_no_private_name_crosses_a_module() -> None:
    bad = [
        (m, t, n)
        for m, edges in imports().items()
        for t, names in edges
        for n in names
        if n.startswith("_") and not n.startswith("__") and t != m
    ]
    assert bad == []


def test_light_commands_import_no_spacy() -> None:
    code = (
        "import sys; import pipeline.record, pipeline.score, pipeline.tables, "
        "pipeline.show, pipeline.report; print(sorted(m for m in sys.modules "
        "if m == 'spacy' or m.startswith('spacy.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
