"""The outside: the ``sanhu`` command (``commands``), where it writes (``outputs``), plans, explanations and
advice as text (``text``), aligned tables (``tables``) and the terminal progress line (``progress``).

May import: every stage, ``models``.
"""
