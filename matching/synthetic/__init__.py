"""Days to try the solver on: the bundled example day (``examples``), the seeded generator of the demo,
city and metro tiers (``generate``, with its name ``catalogue``) and a day's counts (``day_counts``).

May import: ``models`` only (no stage of the solver).
"""
