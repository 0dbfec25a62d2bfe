"""The report page (``sanhu report``): one self-contained HTML page of a day's plan, in Chinese or English.

``page`` lays out the page (``report_html``), ``numbers`` counts what it shows from the day and the
plan (nothing is solved again), ``charts`` draws the charts as inline SVG with matplotlib (the
``report`` extra, imported only when a chart is drawn) and ``labels`` holds every label of the page
in both languages, in one table.

May import: ``matching.solve`` and every stage below it, ``matching.analysis``, ``models``.
"""
