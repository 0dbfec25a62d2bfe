"""Stage 4, the parts: one task per part (a component, or a bundle of small ones) from its model to its
solution (``tasks``), where the tasks run (``executors``: this process, a process pool, Dask) and how their
solutions add up to the day's (``merge``).

May import: ``search``, ``model``, ``network``, ``matching.events``, ``matching.scaling``, ``models``.
"""
