"""The report page (``sanhu report``): one self-contained HTML page of a day's plan, in Chinese or English.

``page`` lays out the page (``report_html``), ``numbers`` counts what it shows from the day and the
plan (nothing is solved again) and ``charts`` draws the charts as inline SVG with matplotlib (the
``report`` extra, imported only when a chart is drawn). Every word of the page is an entry of the one
message catalogue, ``models.messages`` (its own headings and columns under ``report.``).

May import: ``matching.solve`` and every stage below it, ``matching.analysis``, ``models``.
"""
