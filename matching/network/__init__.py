"""Stage 1, the network: the grid tree (``grid``), the eligibility rules (``eligibility``), every eligible
(need, requirement, resource) pair (``pairs``), what a plan uses of every limit (``usage``) and the needs that
cannot interact (``components``), and the day as one graph for graph tools (``graph``).

May import: ``matching.scaling``, ``models``.
"""
