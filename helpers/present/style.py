"""The house style of every chart: the Okabe-Ito colour-blind-safe palette, hatches so that grey
print still separates the series, matplotlib settings (fonts, spines, deterministic SVG text) and
the thousands formatter of the axes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from matplotlib import rc_context
from matplotlib.ticker import FuncFormatter

# Okabe & Ito (2008): distinguishable with any common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#767676",
}
HATCHES = ["", "///", "...", "xx", "\\\\", "++"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#333333",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "svg.fonttype": "path",
    "hatch.linewidth": 0.8,
    "figure.dpi": 100,
    # a label is shown as written: "US$5 and $6" is not typeset as mathematics
    "text.parse_math": False,
}
# an axis's counts with thousands separators: 28,562
thousands = FuncFormatter(lambda x, _: f"{x:,.0f}")

Built = TypeVar("Built")


def styled(build: Callable[..., Built]) -> Callable[..., Built]:
    """build, run inside the house style. matplotlib reads most settings when an axis, text or
    legend is made, not when it is drawn, so the style must be in force while the chart is built."""

    @wraps(build)
    def run(*args: Any, **kwargs: Any) -> Built:
        with rc_context(STYLE):
            return build(*args, **kwargs)

    return run
