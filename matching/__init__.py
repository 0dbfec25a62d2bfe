"""sanhu's solver: match a day's needs to the resources that can serve them.

``solve(problem)`` returns a ``models.Plan``: the assignments that cover the most
weight today (then at the least cost), every unmet need with its reason, the
use of every resource and the coverage of every area.

The public names live here; the subpackages follow the data, each importing only
those below it:

``scaling``, ``events``
    hundredths and ratio units every stage counts in; the progress events a solve emits.
``network``
    the grid tree, eligibility, the eligible pairs, what a plan uses of every limit,
    and the independent components.
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
``analysis``
    ``explain``, ``recommend`` and ``shortages``, which call ``solve`` again.
``synthetic``
    the bundled example day and the seeded day generator.
``cli``
    the ``sanhu`` command and everything it prints.
"""

from __future__ import annotations


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

from matching.analysis.explain import explain  # noqa: E402
from matching.analysis.recommend import recommend  # noqa: E402
from matching.analysis.shortages import shortages  # noqa: E402
from matching.cli.text import format_advice, format_explanation, format_plan, format_shortages  # noqa: E402
from matching.events import ProgressEvent  # noqa: E402
from matching.network.pairs import Network, build_network  # noqa: E402
from matching.solve import SUPPORTED_TIERS, solve  # noqa: E402
from matching.synthetic.examples import example_day  # noqa: E402
from matching.synthetic.generate import generate_day  # noqa: E402

__all__ = [
    "solve",
    "explain",
    "recommend",
    "shortages",
    "generate_day",
    "example_day",
    "format_plan",
    "format_explanation",
    "format_advice",
    "format_shortages",
    "ProgressEvent",
    "Network",
    "build_network",
    "SUPPORTED_TIERS",
]
