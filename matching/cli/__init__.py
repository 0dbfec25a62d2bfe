"""The outside: the ``sanhu`` command (``commands``), plans, explanations and advice as text
(``text``), aligned tables (``tables``) and the terminal progress line (``progress``).

May import: every stage, ``models``.
"""
