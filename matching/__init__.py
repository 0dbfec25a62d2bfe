"""sanhu's solver: match a day's needs to the resources that can serve them.

``solve(problem)`` returns a ``models.Plan``: the assignments that cover the most
weight today (then at the least cost), every unmet need with its reason, the
use of every resource and the coverage of every area.
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

from matching.network import Network, build_network  # noqa: E402
from matching.solve import solve  # noqa: E402

__all__ = ["solve", "build_network", "Network"]
