"""The report's charts, drawn with matplotlib (the ``report`` extra) and kept as inline SVG.

Text stays text (``svg.fonttype = 'none'``): the browser draws it with its own fonts, so Chinese
names show as Chinese wherever a CJK font is installed, and the page stays small and searchable.
The font list (``FONTS``) names common CJK fonts first. Each SVG is made fit for pasting into
HTML: no XML prolog, no namespace URLs, its ids prefixed with the chart's name (charts on one
page share no id), its size set by the page. Output is the same for the same input (fixed hash
salt, no dates). ``matplotlib`` is imported only when a chart is drawn, so ``import matching``
never loads it. Titles, axes and legends are entries of ``models.messages`` in the ``lang`` each chart is given.
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

from models import MissingExtra
from models.messages import label, message

__all__ = ["COVERED_COLOUR", "REASON_COLOURS", "FONTS", "require_matplotlib", "coverage_chart", "share_strip",
           "need_map", "use_chart", "MAX_ROWS", "RASTER_POINTS"]

COVERED_COLOUR = "#2e9e5b"
UNMET_COLOUR = "#e4a59d"
IDLE_COLOUR = "#d9dde3"
USED_COLOUR = "#3b6fb6"
REASON_COLOURS = {"no_skill_in_reach": "#d62728", "no_time_overlap": "#ff7f0e", "limit": "#9467bd",
                  "capacity_taken": "#1f5fbf", "unproven": "#7f7f7f", "infeasible": "#111111"}
"""One colour per reason code, the same on the map and beside the headline numbers."""
FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
         "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans", "Arial")
"""Fonts named in the charts' text, CJK first; the browser takes the first it has."""
MAX_ROWS = 40
"""The most bars (streets) one chart draws; a larger day charts the lowest covered shares."""
RASTER_POINTS = 5_000
"""Above this many needs the map's dots are embedded PNG images, one per colour (its text stays text): a metro
day's 60,000 dots as SVG shapes would make the page several megabytes."""
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "sanhu-report", "font.family": ["sans-serif"],
          "font.sans-serif": list(FONTS), "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}


def require_matplotlib() -> Any:
    """The ``matplotlib`` module, or a clear error naming the extra to install."""
    try:
        import matplotlib
    except ImportError:
        raise MissingExtra("the report's charts need matplotlib: pip install 'sanhu[report]'") from None
    return matplotlib


@contextmanager
def _drawing() -> Iterator[Any]:
    """matplotlib's ``Figure`` class under the report's style, quiet about fonts the machine lacks."""
    matplotlib = require_matplotlib()
    from matplotlib.figure import Figure

    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    fonts.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(_STYLE), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Glyph missing": the browser, not matplotlib, draws text
            yield Figure
    finally:
        fonts.setLevel(level)


def plain(text: str) -> str:
    """``text`` as matplotlib should show it: a ``$`` is a dollar sign, never the start of mathematics."""
    return text.replace("$", r"\$")


def _svg(figure: Any, name: str, title: str) -> str:
    """The figure as an ``<svg>`` element to paste into HTML, its ids prefixed with ``name``."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", text)
    opening = f'<svg class="chart" role="img" aria-label="{escape(title, quote=True)}"'
    text = re.sub(r'<svg width="[^"]*" height="[^"]*"', opening, text, count=1)
    return re.sub(r'(\bid="|href="#|url\(#)', lambda match: f"{match.group(1)}{name}-", text)


def coverage_chart(names: Sequence[str], weights: Sequence[float], covered: Sequence[float], lang: str,
                   level: str) -> str:
    """Horizontal bars, one per area: covered weight, then unmet weight, with the covered share at the end."""
    title = message("report.cover.chart_streets", lang, level=level)
    with _drawing() as Figure:
        figure = Figure(figsize=(9, 0.32 * len(names) + 1.3), layout="constrained")
        axes = figure.add_subplot()
        rows = range(len(names))
        unmet = [total - part for total, part in zip(weights, covered)]
        axes.barh(rows, covered, color=COVERED_COLOUR, label=message("report.cover.covered", lang))
        axes.barh(rows, unmet, left=covered, color=UNMET_COLOUR, label=message("report.cover.unmet", lang))
        for row, total, part in zip(rows, weights, covered):
            share = f"{100 * part / total:.1f}%" if total else "-"
            axes.annotate(share, (total, row), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        axes.set_yticks(list(rows), [plain(name) for name in names])
        axes.invert_yaxis()
        axes.set_xlabel(message("report.cover.weight_axis", lang))
        axes.set_xlim(0, max(weights, default=1) * 1.12 or 1)
        axes.legend(loc="lower right", frameon=False, ncols=2, bbox_to_anchor=(1, 1))
        axes.set_title(plain(title), loc="left", fontsize=10)
        return _svg(figure, "streets", title)


def share_strip(groups: Sequence[str], points: Sequence[tuple[int, float, float]], lang: str, level: str,
                parent: str) -> str:
    """A dot per area (``(group row, covered share, weight)``) on the row of the group it lies in."""
    title = message("report.cover.chart_communities", lang, level=level, parent=parent)
    with _drawing() as Figure:
        figure = Figure(figsize=(9, 0.32 * len(groups) + 1.3), layout="constrained")
        axes = figure.add_subplot()
        heaviest = max((weight for _, _, weight in points), default=1) or 1
        colours = [COVERED_COLOUR if share >= 0.8 else "#e39b2d" if share >= 0.5 else "#d62728"
                   for _, share, _ in points]
        axes.scatter([100 * share for _, share, _ in points], [row for row, _, _ in points],
                     s=[12 + 110 * weight / heaviest for _, _, weight in points], c=colours, alpha=0.7,
                     edgecolors="white", linewidths=0.5)
        axes.set_yticks(range(len(groups)), [plain(name) for name in groups])
        axes.set_ylim(len(groups) - 0.5, -0.5)
        axes.set_xlim(-3, 103)
        axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0f}%")
        axes.set_xlabel(message("report.cover.share_axis", lang))
        axes.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.set_title(plain(title), loc="left", fontsize=10)
        return _svg(figure, "communities", title)


def need_map(places: Sequence[tuple[float, float]], codes: Sequence[str | None],
             names: Sequence[tuple[str, float, float]], lang: str) -> str:
    """Needs as dots at ``places`` (``codes[i]`` None when covered, else the reason code), spread where several
    share a place, with ``names`` (text, x, y) written on the map."""
    title = message("report.map.title", lang)
    spread = _spread(places)
    with _drawing() as Figure:
        figure = Figure(figsize=(9, _map_height(spread)), layout="constrained")
        axes = figure.add_subplot()
        raster = len(places) > RASTER_POINTS
        groups: list[tuple[str | None, str, str]] = [(None, COVERED_COLOUR, message("report.cover.covered", lang))]
        groups += [(code, colour, label("code", code, lang)) for code, colour in REASON_COLOURS.items()]
        for code, colour, text in groups:
            chosen = [point for point, need_code in zip(spread, codes) if need_code == code]
            if chosen:
                count = f"{len(chosen):,}"
                axes.scatter([x for x, _ in chosen], [y for _, y in chosen], s=10 if code is None else 16,
                             c=colour, alpha=0.55 if code is None else 0.9, linewidths=0, rasterized=raster,
                             label=plain(f"{text} ({count})"), zorder=1 if code is None else 2)
        for text, x, y in names:
            axes.annotate(plain(text), (x, y), ha="center", va="center", fontsize=8, zorder=3,
                          bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.75})
        axes.set_aspect("equal", adjustable="box")
        axes.set_xlabel(message("report.map.km", lang))
        axes.set_ylabel(message("report.map.km", lang))
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, markerscale=1.5)
        return _svg(figure, "map", title)


def _map_height(points: Sequence[tuple[float, float]]) -> float:
    """Inches of map height that fit the points' extent at equal scale beside the legend (a 6.3-inch wide map)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    wide, high = max(xs) - min(xs), max(ys) - min(ys)
    return min(9.0, max(3.5, 6.3 * high / wide + 0.9)) if wide > 0 else 6.0


def _spread(places: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The places with the needs that share one laid out on a small sunflower around it (the same every time)."""
    if not places:
        return []
    xs, ys = [x for x, _ in places], [y for _, y in places]
    distinct = len(set(places))
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    radius = 0.35 * extent / math.sqrt(distinct) if distinct > 1 else 0.3
    sharing: dict[tuple[float, float], int] = {}
    for place in places:
        sharing[place] = sharing.get(place, 0) + 1
    seen: dict[tuple[float, float], int] = {}
    spread = []
    golden = math.pi * (3 - math.sqrt(5))
    for place in places:
        index, count = seen.get(place, 0), sharing[place]
        seen[place] = index + 1
        distance = radius * math.sqrt((index + 0.5) / count) if count > 1 else 0.0
        spread.append((place[0] + distance * math.cos(index * golden), place[1] + distance * math.sin(index * golden)))
    return spread


def use_chart(kinds: Sequence[tuple[str, float, float]], shares: Sequence[float], lang: str) -> str:
    """Left: per kind (``(name, used, capacity)``) the share of capacity used; right: resources by share used."""
    title = message("report.use.chart", lang)
    with _drawing() as Figure:
        figure = Figure(figsize=(9, 0.32 * len(kinds) + 1.9), layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=(4, 3))
        rows = range(len(kinds))
        used = [100 * part / total if total else 0.0 for _, part, total in kinds]
        left.barh(rows, used, color=USED_COLOUR)
        left.barh(rows, [100 - share for share in used], left=used, color=IDLE_COLOUR)
        for row, share in zip(rows, used):
            left.annotate(f"{share:.0f}%", (share, row), xytext=(3, 0), textcoords="offset points", va="center",
                          fontsize=8)
        left.set_yticks(list(rows), [plain(name) for name, _, _ in kinds])
        left.invert_yaxis()
        left.set_xlim(0, 100)
        left.xaxis.set_major_formatter(lambda value, _: f"{value:.0f}%")
        left.set_xlabel(message("report.use.share_axis", lang))
        left.set_title(plain(title), loc="left", fontsize=10)
        bands = _bands(shares)
        right.bar(range(len(bands)), [count for _, count in bands], color=USED_COLOUR)
        for column, (_, count) in enumerate(bands):
            right.annotate(f"{count:,}", (column, count), xytext=(0, 2), textcoords="offset points", ha="center",
                           fontsize=8)
        right.set_xticks(range(len(bands)), [band for band, _ in bands], fontsize=8)
        right.set_ylim(0, max(1, *(count for _, count in bands)) * 1.12)
        right.set_xlabel(message("report.use.share_axis", lang))
        right.set_ylabel(message("report.use.resources_axis", lang))
        right.set_title(plain(message("report.use.histogram", lang)), loc="left", fontsize=10)
        return _svg(figure, "use", title)


BANDS = ((0.0, 0.0, "0%"), (0.0, 0.25, "1–25%"), (0.25, 0.5, "25–50%"), (0.5, 0.75, "50–75%"),
         (0.75, 1.0, "75–99%"), (1.0, math.inf, "100%"))
"""Shares of capacity used, as the bands the histogram counts: (above, up to, text); used up is its own band."""


def _bands(shares: Sequence[float]) -> list[tuple[str, int]]:
    """How many resources use a share of their capacity in each of ``BANDS``."""
    counts = [0] * len(BANDS)
    for share in shares:
        if share <= 0:
            counts[0] += 1
        elif share >= 1 - 1e-9:
            counts[-1] += 1
        else:
            counts[next(i for i, (low, high, _) in enumerate(BANDS) if i and low < share <= high)] += 1
    return [(text, count) for (_, _, text), count in zip(BANDS, counts)]
