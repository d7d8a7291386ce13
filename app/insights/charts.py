"""Charts as PNG bytes: one renderer for the insights page, the digest page, its PDF and email.

Matplotlib's object-oriented API on the Agg canvas: no pyplot, no global figure state, no
display needed, safe in several threads. The same data gives the same bytes (no timestamps
in the PNG), and renders are cached, so a page, its PDF and its email share one image.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # before anything else of matplotlib: never look for a display

from matplotlib.figure import Figure

SEVERITY_COLOURS = {"SEV1": "#c92a2a", "SEV2": "#e8590c", "SEV3": "#f0b429", "SEV4": "#9aa5b1"}
PALETTE = ("#3b5bdb", "#0c8599", "#2b8a3e", "#e8590c", "#ae3ec9", "#f0b429", "#9aa5b1")
INK, MUTED, LINE = "#1f2933", "#627d98", "#e4e7eb"
DPI = 144  # sharp on high-density screens and in print; shown at half the pixel width
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.edgecolor": LINE,
    "axes.labelcolor": MUTED,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlecolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "hindsight",
}


# Set once, process-wide: nothing else in Hindsight draws with matplotlib, and a per-render
# rc_context would mutate the same global settings from several threads.
matplotlib.rcParams.update(STYLE)


def new_figure(width: float = 7.0, height: float = 3.0) -> Figure:
    """Return an empty figure in the house style (inches at DPI)."""
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def to_png(figure: Figure) -> bytes:
    """Render a figure as PNG without metadata that would change between runs."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def empty(message: str, width: float = 7.0, height: float = 1.0) -> bytes:
    """Return a small image that says there is nothing to draw yet."""
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=10)
    return to_png(figure)


@lru_cache(maxsize=256)
def stacked_bars(
    title: str,
    labels: tuple[str, ...],
    series: tuple[tuple[str, tuple[float, ...]], ...],
    highlight: int | None = None,
    percent: bool = False,
) -> bytes:
    """Draw one bar per label, stacked by series (name, values); mark bar `highlight`."""
    if not labels or not any(any(values) for _, values in series):
        return empty(f"{title}: nothing to show yet")
    figure = new_figure(7.0, 2.8)
    axes = figure.add_subplot()
    bottoms = [0.0] * len(labels)
    for index, (name, values) in enumerate(series):
        colour = SEVERITY_COLOURS.get(name, PALETTE[index % len(PALETTE)])
        axes.bar(range(len(labels)), values, bottom=bottoms, color=colour, label=name, width=0.7)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if highlight is not None:
        axes.bar(highlight, bottoms[highlight], width=0.9, fill=False, edgecolor=INK, lw=1.2)
    step = math.ceil(len(labels) / 13)  # at most 13 labels, however many bars
    axes.set_xticks(range(0, len(labels), step), labels[::step])
    if percent:
        axes.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    else:
        axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="y", color=LINE, lw=0.6)
    axes.set_axisbelow(True)
    axes.set_title(title, loc="left")
    # A legend wider than the plot would squeeze the plot: long names take more rows.
    widest = max(len(name) for name, _ in series)
    columns = max(1, min(len(series), 60 // (widest + 4)))
    axes.legend(ncols=columns, loc="upper left", bbox_to_anchor=(0, -0.1), fontsize=8)
    return to_png(figure)


@lru_cache(maxsize=64)
def heatmap(
    title: str, rows: tuple[str, ...], columns: tuple[str, ...], cells: tuple[tuple[int, ...], ...]
) -> bytes:
    """Draw counts as a grid of shades, e.g. weekdays by hour of day."""
    if not any(any(row) for row in cells):
        return empty(f"{title}: nothing to show yet")
    figure = new_figure(7.0, 2.6)
    axes = figure.add_subplot()
    image = axes.imshow(cells, aspect="auto", cmap="Blues", interpolation="nearest")
    axes.set_yticks(range(len(rows)), rows)
    axes.set_xticks(range(0, len(columns), 2), columns[::2])
    axes.set_title(title, loc="left")
    figure.colorbar(image, ax=axes, shrink=0.8, label="incidents")
    return to_png(figure)


def series_of(names: Sequence[str], table: dict[str, list[float]]) -> tuple:
    """Turn {name: values} into the hashable series tuple the cached renderers take."""
    return tuple((name, tuple(table[name])) for name in names if name in table)
