"""The layers import one way: files -> models -> scheduler -> app -> reports -> CLI, as data flows.

Every module of the layer folders is parsed (ast, imports inside functions included) and each
import of `shuangsui.<layer>` is checked against the layer's allowed set below. The application
layer (`app/`) solves and writes its outputs through `reports/`; so `reports/` renders what it is
handed and never imports `app/`, the CLI, or the scheduler's solving code (only its records:
`scheduler.result`, the apportionment arithmetic, and record classes of other modules).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# layer -> folder in the repository (installed as shuangsui.<layer>).
FOLDERS = {
    "models": ROOT / "models",
    "scheduler": ROOT / "scheduler",
    "checker": ROOT / "checker",
    "ledger": ROOT / "ledger",
    "scenarios": ROOT / "scenarios",
    "reports": ROOT / "reports",
    "app": ROOT / "app",
    "commands": ROOT / "src" / "shuangsui" / "commands",
}
CLI = {"commands", "cli", "outputs", "interrupts", ""}  # src/shuangsui: the CLI and its plumbing
# What each layer may import (besides itself and the standard library / third parties).
ALLOWED: dict[str, frozenset[str]] = {
    "models": frozenset(),
    "scheduler": frozenset({"models"}),
    "checker": frozenset({"models"}),  # and none of the models' rule helpers: test_checker_imports.py
    "ledger": frozenset({"models"}),
    "scenarios": frozenset({"models"}),
    "reports": frozenset({"models", "scheduler", "checker"}),  # scheduler: records only, see below
    "app": frozenset({"models", "scheduler", "checker", "ledger", "scenarios", "reports"}),
    "commands": frozenset({"models", "scheduler", "checker", "ledger", "scenarios", "reports", "app"} | CLI),
}
# reports/ may import these scheduler modules whole (records and display arithmetic, no solve) ...
REPORTS_SCHEDULER_MODULES = frozenset({"shuangsui.scheduler.result", "shuangsui.scheduler.apportion"})


@dataclass(frozen=True)
class Import:
    module: str  # absolute, e.g. shuangsui.scheduler.result
    names: tuple[str, ...]  # the names of `from module import names` (empty for `import module`)
    line: int


def package_of(path: Path) -> str:
    """The dotted package a file belongs to (shuangsui.<layer>.<sub...>)."""
    for layer, folder in FOLDERS.items():
        if path.is_relative_to(folder):
            parts = path.relative_to(folder).with_suffix("").parts[:-1]
            return ".".join(["shuangsui", layer, *parts])
    raise AssertionError(path)


def imports_of(path: Path, source: str | None = None) -> list[Import]:
    """The imports of the module at `path` (its text, or `source` in its place)."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, (), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the file's package
                base = package_of(path).split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            found.append(Import(module, tuple(alias.name for alias in node.names), node.lineno))
    return found


def layer_of(module: str) -> str | None:
    """The layer of an imported module (None: not this project)."""
    parts = module.split(".")
    if parts[0] != "shuangsui":
        return None
    return parts[1] if len(parts) > 1 else ""


def violations(layer: str, path: Path, source: str | None = None) -> list[str]:
    found = []
    for imp in imports_of(path, source):
        target = layer_of(imp.module)
        if target is None or target == layer:
            continue
        where = f"{path.relative_to(ROOT)}:{imp.line} imports {imp.module}"
        if target not in ALLOWED[layer]:
            found.append(f"{where}: {layer} may not import {target}")
        elif layer == "reports" and target == "scheduler" and imp.module not in REPORTS_SCHEDULER_MODULES:
            # ... and from any other scheduler module only its record classes (capitalised), never a
            # function that builds or solves a model.
            functions = [n for n in imp.names if not n[:1].isupper()]
            if not imp.names or functions:
                found.append(f"{where}: reports may take records from the scheduler, not {functions or 'the module'}")
    return found


def modules(layer: str) -> list[Path]:
    return sorted(FOLDERS[layer].rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FOLDERS))
def test_layer_imports_only_layers_below(layer: str) -> None:
    paths = modules(layer)
    assert paths, f"no module in {FOLDERS[layer]}"
    found = [v for path in paths for v in violations(layer, path)]
    assert not found, "\n".join(found)


def test_cli_plumbing_is_imported_by_no_layer_but_the_cli() -> None:
    """src/shuangsui/*.py (cli, outputs, interrupts) sits with the commands, above every layer."""
    found = []
    for layer in FOLDERS:
        if layer == "commands":
            continue
        for path in modules(layer):
            found += [
                f"{path.relative_to(ROOT)}:{imp.line} imports {imp.module}"
                for imp in imports_of(path)
                if layer_of(imp.module) in CLI
            ]
    assert not found, "\n".join(found)


# The checks themselves must catch what they are for (each case: a layer and one import line).
@pytest.mark.parametrize(
    ("layer", "source", "caught"),
    [
        ("scheduler", "from shuangsui.app.plan import plan_period\n", True),
        ("scheduler", "from shuangsui.reports import labels\n", True),
        ("models", "from shuangsui.scheduler.problem import Problem\n", True),
        ("reports", "from shuangsui.app.compare import Run\n", True),
        ("reports", "from shuangsui.commands.common import load\n", True),
        ("reports", "def f():\n    from shuangsui.scheduler import solve\n", True),
        ("reports", "from shuangsui.scheduler.recusal import recuse\n", True),
        ("reports", "from ..scheduler.pipeline import solve\n", True),
        ("ledger", "from shuangsui.reports import govdoc\n", True),
        ("app", "from shuangsui.commands.common import load\n", True),
        ("reports", "from shuangsui.scheduler.result import Plan\n", False),
        ("reports", "from shuangsui.scheduler.recusal import RecusalResult\n", False),
        ("app", "from shuangsui.reports import write_plan_outputs\n", False),
        ("scheduler", "from shuangsui.models.domain import Scenario\n", False),
    ],
)
def test_the_rule_catches_backward_imports(layer: str, source: str, caught: bool) -> None:
    probe = FOLDERS[layer] / "probe.py"  # never written: placed in the layer so relative imports resolve there
    assert bool(violations(layer, probe, source)) is caught


# Layers whose modules must not import each other in a circle (a late import inside a function
# that only hides a cycle counts too).
ACYCLIC = ("models", "scheduler", "ledger", "reports", "app", "commands")


def import_graph(layers: tuple[str, ...]) -> dict[str, set[str]]:
    """module -> the project modules it imports (a `from package import module` names the module)."""
    paths = {}
    for layer in layers:
        for path in modules(layer):
            package = package_of(path)
            paths[package if path.name == "__init__.py" else f"{package}.{path.stem}"] = path
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        for imp in imports_of(path):
            targets = [f"{imp.module}.{n}" for n in imp.names if f"{imp.module}.{n}" in paths]
            if not targets and imp.module in paths:
                targets = [imp.module]
            graph[name] |= {t for t in targets if t != name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """The modules `start` imports, directly or not."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other in a circle (each group sorted, groups by their
    first module)."""
    reach = {name: reachable(graph, name) for name in graph}
    found: list[list[str]] = []
    placed: set[str] = set()
    for name in sorted(graph):
        if name in placed or name not in reach[name]:
            continue
        group = sorted(other for other in reach[name] if name in reach[other])
        placed.update(group)
        found.append(group)
    return found


def test_no_import_cycles() -> None:
    found = cycles(import_graph(ACYCLIC))
    assert not found, found


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
