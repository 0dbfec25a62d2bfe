"""Above the solver, re-planning during the day: the ``Planner`` (``planner``) that holds a day and its plan,
takes events and re-solves what they touched (``local``) on the day's network kept up to date as events
come (``tracked``), says what that gives the whole day (``whole``: tiers,
bound, reasons), says how the plan changed (``diff``), prices a
walk-in need on each resource that could take it (``candidates``), checks what an event may do given
the work dispatched (``rules``) and journals every accepted event
(``journal``).

May import: ``matching.solve`` and every stage below it, ``models``.
"""
