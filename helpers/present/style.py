"""The house style of every chart: the Okabe-Ito colour-blind-safe palette, one meaning per colour
across the whole site (ROLES), hatches so that grey print still separates what colour separates,
matplotlib settings (fonts, spines, deterministic SVG text) and the thousands formatter of the
axes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
from matplotlib import font_manager, rc_context
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


@dataclass(frozen=True)
class Role:
    """What a colour means on every chart of the site: its colour and the words a key begins with
    when it names it."""

    color: str
    label: str


# One meaning per colour, site-wide: a chart draws data only in these colours, and a chart that
# uses two or more of them names each in its key with the role's label.
ROLES = {
    "official": Role(PALETTE["blue"], "Official figure"),
    "monitor": Role(PALETTE["green"], "Monitor's figure"),
    "news": Role(PALETTE["orange"], "News article's own claim"),
    "mismatch": Role(PALETTE["vermillion"], "Does not match"),
    "other_metric": Role(PALETTE["purple"], "Other measure"),
    "warning": Role(PALETTE["yellow"], "Warning"),
    "checks_out": Role(PALETTE["sky"], "Checks out"),
    "context": Role(PALETTE["grey"], "For reference"),
}
# ink, paper and outlines: not data colours, so no key names them
NEUTRALS = ("#000000", "#222222", "#333333", "#444444", "#FFFFFF")
# Hatches, each said in the key of the chart that draws it: a place read by interpretation, and
# the groups of a breakdown after the first (drawn solid)
INTERPRETED_HATCH = "///"
GROUP_HATCHES = ["", "...", "xx", "++", "\\\\"]


def role_of_kind(kind: str) -> str:
    """The role (a key of ROLES) of a figure issued by a report of this kind (reports.csv): an
    official release, a monitor's estimate or report, or anything else as a news claim."""
    if kind.startswith("official"):
        return "official"
    return "monitor" if kind.startswith("monitor") else "news"


def color(role: str) -> str:
    """The colour of a role of ROLES."""
    return ROLES[role].color


def key_label(role: str, detail: str = "") -> str:
    """A key's entry for a role: its label, then detail after a colon when given."""
    return ROLES[role].label + (f": {detail}" if detail else "")


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
# the fonts matplotlib ships, pinned with it (requirements.txt)
BUNDLED_FONTS = Path(matplotlib.get_data_path(), "fonts", "ttf").resolve()


def bundled_fonts_only(family: str = "DejaVu") -> None:
    """The house font drawn from matplotlib's own copy, never a system copy of the same family:
    Debian's fonts-dejavu (which installing a browser brings) numbers its glyphs otherwise, and
    matplotlib's font cache picks whichever copy it lists first, so the same chart would have
    other bytes on a machine that has it, or once the cache is rebuilt. Fonts of other families
    stay as they are. Run when this module is imported, before any chart is built in the house
    style (whose lookups are therefore never cached with a system copy)."""
    manager = font_manager.fontManager
    # matplotlib matches family names whatever their case: "Dejavu Sans" would stand for the house
    # font too
    manager.ttflist = [
        font for font in manager.ttflist if not font.name.lower().startswith(family.lower())
    ]
    # added from this matplotlib's own folder: the font cache is shared by every environment of
    # the user and may list another environment's copy
    for path in sorted(BUNDLED_FONTS.glob(f"{family}*.ttf")):
        manager.addfont(path)


bundled_fonts_only()

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
