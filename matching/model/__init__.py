"""Stage 2, the model: one engine-neutral 0-1 model of a part (``linear``), built with every limit a row
family and every objective tier a vector (``formulation``), the rows of the fairness and balance tiers
included (``equity``).

May import: ``network``, ``matching.scaling``, ``models``.
"""
