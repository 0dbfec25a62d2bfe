"""The package layout: public names at the root, stages importing only the stages below them.

Imports are read from the source with ``ast`` (every import, also those inside functions and
``TYPE_CHECKING`` blocks), so the test sees what a reader sees, not only what runs at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent

STAGES = ("base", "network", "model", "search", "parts", "outcome", "solve", "replan", "analysis", "report",
          "synthetic", "cli", "top")
"""Bottom to top, the order the data walks (``matching/__init__.py`` names them in this order)."""

MODELS_ONLY = {"synthetic"}
"""Stages that may import no stage of the solver at all, only ``models``."""


def stage_of(module: str) -> str | None:
    """The stage of a ``matching`` module; None for anything outside ``matching``."""
    parts = module.split(".")
    if parts[0] != "matching":
        return None
    if len(parts) == 1 or parts[1] == "__main__":
        return "top"
    if parts[1] in ("scaling", "events", "interrupts"):
        return "base"
    if parts[1] in STAGES:
        return parts[1]
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES or move it into one")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, Path]:
    return {module_name(path): path for package in ("matching", "models")
            for path in sorted((ROOT / package).rglob("*.py"))}


MODULES = source_modules()


def imports(module: str) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import in ``module``'s source."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    found.append((submodule, None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return found


def test_every_matching_module_has_a_stage():
    for module in MODULES:
        if module.startswith("matching"):
            assert stage_of(module) in STAGES, module


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("matching")))
def test_stage_imports_only_stages_below_it(module):
    own = stage_of(module)
    for target, _, line in imports(module):
        other = stage_of(target)
        if other is None or other == own:
            continue
        where = f"{MODULES[module].relative_to(ROOT)}:{line} imports {target}"
        assert own not in MODELS_ONLY, f"{where}: the {own} stage may import models only"
        assert STAGES.index(other) < STAGES.index(own), (
            f"{where}: stage {own!r} may import only stages below it, not {other!r}")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_takes_another_stages_private_names(module):
    own = stage_of(module) if module.startswith("matching") else "models"
    for target, name, line in imports(module):
        if not target.startswith(("matching", "models")):
            continue
        other = stage_of(target) if target.startswith("matching") else "models"
        private = (name or "").startswith("_") or any(part.startswith("_") and part != "__main__"
                                                      for part in target.split("."))
        assert other == own or not private, (
            f"{MODULES[module].relative_to(ROOT)}:{line} takes the private {target}{'.' + name if name else ''}")


def test_models_never_import_matching():
    for module in MODULES:
        if module.startswith("models"):
            assert not [t for t, _, _ in imports(module) if t.startswith("matching")], module


def test_no_import_circles():
    graph = nx.DiGraph()
    for module in MODULES:
        graph.add_node(module)
        for target, _, _ in imports(module):
            if target in MODULES and target != module:
                graph.add_edge(module, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import circles: {cycles}"


def test_the_checks_see_a_reversed_import(tmp_path):
    """The walk finds an import inside a function and maps it to its stage (the checks cannot pass vacuously)."""
    found = {target for target, _, _ in imports("matching.analysis.explain")}
    assert "matching.solve" in found  # imported inside a function
    assert stage_of("matching.network.pairs") == "network" and stage_of("matching.solve") == "solve"
    assert STAGES.index(stage_of("matching.solve")) > STAGES.index(stage_of("matching.network.grid"))


def test_subpackages_say_what_they_own_and_may_import():
    for stage in STAGES:
        init = ROOT / "matching" / stage / "__init__.py"
        if stage in ("base", "solve", "top"):
            continue
        text = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import:" in text, f"{init.relative_to(ROOT)} does not say what it may import"
        own = {path.stem for path in init.parent.glob("*.py")} - {"__init__"}
        own |= {path.name for path in init.parent.iterdir() if (path / "__init__.py").exists()}
        missing = [name for name in own if f"``{name}``" not in text]
        assert not missing, f"{init.relative_to(ROOT)} does not name {missing}"


def test_public_names_import_from_the_root():
    from matching import example_day, explain, generate_day, recommend, shortages, solve  # noqa: F401
    import matching

    assert {"solve", "explain", "recommend", "shortages", "generate_day"} <= set(matching.__all__)
    for name in matching.__all__:
        assert getattr(matching, name) is not None, name
    namespace: dict = {}
    exec("from matching import *", namespace)
    assert set(matching.__all__) <= set(namespace)
