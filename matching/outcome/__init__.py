"""Stage 5, the outcome: a merged solution as a `models.Plan` (``plan``), a checkable reason for every
unmet need (``reasons``) and, for an infeasible day, a minimal core of required needs and limits (``core``);
the sentences for people that both carry, in every language of ``models.messages`` (``sentences``).

May import: ``search``, ``model``, ``network``, ``matching.scaling``, ``models``. Above it, ``matching.solve`` drives
every stage in order.
"""
