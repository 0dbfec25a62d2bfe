"""Stage 2, the model: one engine-neutral 0-1 model of a part, every limit a row family and every
objective tier a vector (``formulation``), with the rows of the fairness and balance tiers (``equity``).

May import: ``network``, ``matching.scaling``, ``models``.
"""
