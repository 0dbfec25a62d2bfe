"""Stage 3, the search: exact engines (``engines``), the lexicographic tiers (``tiers``), starts (``greedy``,
``warmstart``), bounds (``relaxation``, ``bounds``) and neighbourhood search (``neighbourhoods``).

May import: ``model``, ``network``, ``matching.scaling``, ``models``.
"""
