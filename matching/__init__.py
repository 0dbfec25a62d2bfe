"""sanhu's solver: match a day's needs to the resources that can serve them.

``solve(problem)`` returns a ``models.Plan``: the assignments that cover the most
weight today (then at the least cost), every unmet need with its reason, the
use of every resource and the coverage of every area.

The public names live here; the subpackages follow the data, each importing only
those below it:

``scaling``, ``events``, ``interrupts``
    hundredths and ratio units every stage counts in; the progress events a solve emits;
    SIGINT and SIGTERM turned into an orderly stop (engines stopped, the best plan kept).
``network``
    the grid tree, eligibility, the eligible pairs, what a plan uses of every limit,
    the independent components, and the day as one graph for graph tools.
``model``
    the engine-neutral 0-1 model of a part (every limit, every objective tier).
``search``
    exact engines, the lexicographic tiers, starts, bounds and neighbourhood search.
``parts``
    one task per part, the executors that run them, and the merge of their results.
``outcome``
    a merged solution as a ``models.Plan``: reasons for unmet needs, infeasibility cores.
``solve``
    the top of the solver, driving the stages above in order.
``replan``
    the ``Planner``: a day and its plan, re-planned as events come in during the day.
``analysis``
    ``explain``, ``recommend`` and ``shortages``, which call ``solve`` again.
``report``
    the report page: a day's plan as one self-contained HTML page (charts by matplotlib, the
    ``report`` extra, loaded only when a page is made).
``synthetic``
    the bundled example day and the seeded day generator.
``cli``
    the ``sanhu`` command and everything it prints.
"""

from __future__ import annotations

import importlib
import sys
import types


def _require_sanhu_models() -> None:
    """Fail clearly when ``import models`` finds some other package or module."""
    import models

    if getattr(models, "__sanhu__", False) is not True:
        where = getattr(models, "__file__", None) or "a namespace package"
        raise ImportError(
            "matching needs sanhu's own 'models' package, but 'import models' found "
            f"{where}. Another module named 'models' comes first on sys.path (often a "
            "service's own models.py): run from another directory, move that module, or "
            "put sanhu's install location first on sys.path."
        )


_require_sanhu_models()

_PUBLIC = {
    "solve": "matching.solve",
    "SUPPORTED_TIERS": "matching.solve",
    "explain": "matching.analysis.explain",
    "recommend": "matching.analysis.recommend",
    "shortages": "matching.analysis.shortages",
    "report_html": "matching.report.page",
    "generate_day": "matching.synthetic.generate",
    "Planner": "matching.replan.planner",
    "example_day": "matching.synthetic.examples",
    "format_plan": "matching.cli.text",
    "format_explanation": "matching.cli.text",
    "format_advice": "matching.cli.text",
    "format_shortages": "matching.cli.text",
    "ProgressEvent": "matching.events",
    "Network": "matching.network.pairs",
    "build_network": "matching.network.pairs",
    "day_graph": "matching.network.graph",
}
"""Where each public name lives; it is imported on first use, so that ``sanhu`` starts (and takes its
signal handlers, ``matching.interrupts``) before the solver's libraries load."""

__all__ = list(_PUBLIC)


class _Package(types.ModuleType):
    """``matching`` itself: public names imported on first use, ``matching.solve`` always the function."""

    def __getattr__(self, name: str):
        if name not in _PUBLIC:
            raise AttributeError(f"module 'matching' has no attribute {name!r}")
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        types.ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return  # the import system naming the submodule matching.solve: the public name is the function
        types.ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(_PUBLIC))


sys.modules[__name__].__class__ = _Package
