"""Above the solver, the analyses that call ``matching.solve`` again: why a need has its outcome
(``explain``), which capacity additions would cover the most weight (``recommend``) and which skills are short
day after day (``shortages``). They return typed models; ``matching.cli.text`` lays them out for terminals.

May import: ``matching.solve`` and every stage below it, ``models``.
"""
