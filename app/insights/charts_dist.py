"""Distributions of durations as box plots that show the median and the 90th percentile."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from app.clock import humanise_duration
from app.insights.charts import INK, LINE, MUTED, PALETTE, empty, new_figure, to_png
from app.insights.stats import Spread

# Durations span seconds to weeks, so the axis is logarithmic with ticks people read.
TICKS = (60, 600, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400, 180 * 86400)
FLOOR = 30.0  # zero ("detected as it started") has no place on a log axis
CAPTION = "Box: middle half · line: median · whiskers: 10th to 90th percentile"

Groups = tuple[tuple[str, tuple[float, ...]], ...]


def _short(seconds: float | None) -> str:

    return "n/a" if seconds is None else humanise_duration(dt.timedelta(seconds=round(seconds)))


@lru_cache(maxsize=128)
def duration_boxes(title: str, panels: tuple[tuple[str, Groups], ...]) -> bytes:
    """Draw one panel per measure (e.g. detect, resolve) with a box per group (e.g. severity)."""
    if not any(values for _, groups in panels for _, values in groups):
        return empty(f"{title}: no durations recorded yet")
    rows = max(len(groups) for _, groups in panels)
    figure = new_figure(7.0, 0.6 + 0.42 * rows * len(panels) + 0.35 * len(panels))
    figure.suptitle(title, x=0.01, ha="left", fontweight="bold", color=INK, fontsize=10)
    axes_list = figure.subplots(len(panels), 1, squeeze=False)[:, 0]
    everything = [max(v, FLOOR) for _, groups in panels for _, values in groups for v in values]
    low, high = min(everything), max(everything)
    for axes, (name, groups) in zip(axes_list, panels, strict=True):
        _panel(axes, name, groups)
        axes.set_xscale("log")
        axes.set_xlim(low / 1.6, high * 1.6)
        ticks = [t for t in TICKS if low / 1.6 <= t <= high * 1.6] or [low]
        axes.set_xticks(ticks, [_short(t) for t in ticks])
        axes.minorticks_off()
        axes.grid(axis="x", color=LINE, lw=0.6)
        axes.set_axisbelow(True)
    figure.supxlabel(CAPTION, x=0.01, ha="left", color=MUTED, fontsize=7)
    return to_png(figure)


def _panel(axes, name: str, groups: Groups) -> None:
    labels = [label for label, _ in groups]
    data = [[max(v, FLOOR) for v in values] or [float("nan")] for _, values in groups]
    positions = list(range(len(groups), 0, -1))  # first group on top
    boxes = axes.boxplot(
        data,
        positions=positions,
        orientation="horizontal",
        whis=(10, 90),
        showfliers=False,
        widths=0.55,
        patch_artist=True,
        medianprops={"color": INK, "lw": 1.6},
        whiskerprops={"color": MUTED},
        capprops={"color": MUTED},
    )
    for index, patch in enumerate(boxes["boxes"]):
        patch.set(facecolor=PALETTE[index % len(PALETTE)], alpha=0.35, edgecolor=MUTED)
    axes.set_yticks(positions, labels)
    axes.set_title(name, loc="left", fontsize=9, color=MUTED, fontweight="normal")
    for position, (_, values) in zip(positions, groups, strict=True):
        spread = Spread.of(values)
        note = (
            f"median {_short(spread.median)} · p90 {_short(spread.p90)} · n={spread.count}"
            if spread.count
            else "no data"
        )
        axes.annotate(  # beside the panel, so it never covers a box or a whisker
            note,
            (1, position),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=7,
            color=INK,
        )
