"""Stage 3, the search: exact engines (``engines``), the lexicographic tiers (``tiers``), a race of two
engines (``portfolio``), starts (``greedy``, ``warmstart``), bounds (``relaxation``, ``bounds``) and
neighbourhood search (``neighbourhoods``).

May import: ``model``, ``network``, ``matching.scaling``, ``models``.
"""
