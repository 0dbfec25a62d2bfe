"""Stage 1, the network: the grid tree (``grid``), the eligibility rules (``eligibility``), every eligible
(need, requirement, resource) pair (``pairs``), what a plan uses of every limit (``usage``) and the needs that
cannot interact (``components``), the day as one graph for graph tools (``graph``), and a day's network after
events patched from the one before (``patch``).

May import: ``matching.scaling``, ``models``.
"""
