"""Charts in the house style (style.py): a title that states the finding, units, a source credit
line, the Okabe-Ito colour-blind-safe palette with hatching so that grey print still separates the
series, direct labels instead of legends where possible. Output is byte-identical from run to
run."""

from __future__ import annotations

import base64
import io
import math
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rc_context, rcParams
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import text_to_path
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox, blended_transform_factory, offset_copy

from helpers import formatting
from helpers.checks import effective
from helpers.checks.findings import LOOSE_WORDS
from helpers.data import periods
from helpers.data.load import Package
from helpers.present import display
from helpers.present.style import (
    GROUP_HATCHES,
    INTERPRETED_HATCH,
    STYLE,
    color,
    key_label,
    role_of_kind,
    styled,
    thousands,
)

CREDIT_PREFIX = "Source: "
# How a count given as a range ('between') is drawn, said under a bar chart and in a timeline's
# legend
RANGE_BARS = (
    " A bar with a line beyond it is a range: the bar ends at its low, the line at its high."
)
RANGE_LABEL = "range (a bar from its low to its high)"
MAKER = "Chart: civcas-notebooks"
# the resolution of a chart's PNG, in dots per inch
PNG_DPI = 150


@dataclass
class Chart:
    """A finished chart, the data behind it and a stable name for its files."""

    name: str
    title: str
    figure: Figure
    data: pd.DataFrame
    # drawn once: its layout is kept from then on (_settle)
    _settled: bool = field(default=False, init=False, repr=False, compare=False)

    @property
    def description(self) -> str:
        """The chart in words for readers who cannot see it (the page's alt text): title, subtitle
        and source."""
        # the title first, then the foot
        parts = [" ".join(t.get_text().split()) for t in self.figure.texts] or [self.title]
        return (
            " ".join(p if p[-1] in ".!?" else p + "." for p in parts if p)
            + f" Data: figures/{self.name}.csv."
        )

    def svg(self) -> str:
        """The chart as SVG text, the same bytes on every run (its name salts the SVG ids)."""
        with rc_context({**STYLE, "svg.hashsalt": self.name}):
            buf = io.StringIO()
            self.figure.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
        self._settle()
        return buf.getvalue()

    def png(self) -> bytes:
        """The chart as a PNG at PNG_DPI, the same bytes on every run."""
        with rc_context(STYLE):
            buf = io.BytesIO()
            self.figure.savefig(
                buf,
                format="png",
                dpi=PNG_DPI,
                bbox_inches=self._png_frame(),
                metadata={"Software": None},
            )
        self._settle()
        return buf.getvalue()

    def _png_frame(self) -> Bbox | str:
        """savefig's bbox_inches for the PNG: "tight" before the chart's first drawing (savefig
        then draws it once, unseen, to lay it out and measure it); once its layout is settled, the
        same tight box measured here as savefig measures it (an Agg renderer at PNG_DPI, padded by
        savefig.pad_inches), which spares that unseen drawing. The SVG keeps savefig's own:
        measured so, a chart drawn again after its PNG moved its clip box in the last bits of a
        float, and its SVG ids with it."""
        if not self._settled:
            return "tight"
        figure = self.figure
        dpi = figure.dpi
        try:
            figure.dpi = PNG_DPI
            width, height = (int(size) for size in figure.bbox.max)
            renderer = RendererAgg(width, height, PNG_DPI)
            pad = rcParams["savefig.pad_inches"]
            return figure.get_tightbbox(renderer).padded(pad, pad)
        finally:
            figure.dpi = dpi

    def _settle(self) -> None:
        """Keep the layout the first drawing worked out: constrained layout, run again at every
        drawing, moved a chart by up to 3.8 px from its first drawing to its second, and costs a
        sixth of each drawing after the first. Without a layout engine, savefig draws only once."""
        self.figure.set_layout_engine(None)
        self._settled = True

    def csv(self) -> str:
        """The data file published beside the chart: safe to open in a spreadsheet
        (display.csv_text)."""
        return display.csv_text(self.data)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        data = {
            "image/svg+xml": self.svg(),
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"Chart {self.name!r}: {self.title}",
        }
        meta = {
            "chart": self.name,
            "csv": self.csv(),
            "alt": self.description,
            "readable_width": readable_width(data["image/svg+xml"]),
        }
        return data, {"civcas": meta}


# the smallest size (CSS px) a page shows a chart's words at (site.chart_css)
CHART_TEXT_PX = 9
# the drawn width of a chart's SVG (matplotlib writes it in points)
SVG_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([0-9]+(?:\.[0-9]+)?)pt"')


def readable_width(svg: str) -> int:
    """The width (CSS px) below which a chart drawn as this SVG would show its body text (STYLE's
    font.size, in points) smaller than CHART_TEXT_PX: shown w px wide, a chart drawn W pt wide
    shows text of s pt at s * w / W px, so w = W * CHART_TEXT_PX / s, rounded up. 0 for an SVG
    whose width is not given in points."""
    drawn = SVG_WIDTH.search(svg)
    if drawn is None:
        return 0
    return math.ceil(float(drawn[1]) * CHART_TEXT_PX / STYLE["font.size"])


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def frame_chart(fig: Figure, title: str, subtitle: str, credit: str) -> None:
    """The frame of every chart: its title (the finding) at the top left, and under the chart its
    subtitle and the credit line (sources, then who made the chart)."""
    width = int(fig.get_figwidth() * 9)
    # "civcas-notebooks" and report ids stay whole on one line
    wrap = partial(textwrap.fill, break_on_hyphens=False)
    fig.suptitle(wrap(title, width), x=0.0, ha="left", fontsize=13, fontweight="bold")
    # the foot's smaller type takes 14 characters an inch (40 more than the title's line on a chart
    # 8 in wide)
    foot_width = min(width + 40, int(fig.get_figwidth() * 14))
    foot = (
        wrap(subtitle, foot_width) + "\n" + wrap(f"{CREDIT_PREFIX}{credit}. {MAKER}.", foot_width)
    )
    fig.text(0.0, -0.01, foot, ha="left", va="top", fontsize=8, color="#444444")


def short_name(issuer: str) -> str:
    """The issuer's short name: "Syrian Network for Human Rights (SNHR)" -> "SNHR" (as
    formatting.issuer_name writes it)."""
    return formatting.issuer_name(issuer)


def report_name(issuer: str, kind: str, published: Any) -> str:
    """A report as a chart label names it: effective.report_name without its article ("CJTF-OIR
    release of 27 September 2018", "Airwars estimate" when no date is known)."""
    known = published is not None and not pd.isna(published) and str(published) != ""
    name = effective.report_name(short_name(issuer), kind, published if known else None, None)
    return name.removeprefix("the ")


def figure_report_name(figure: pd.Series) -> str:
    """report_name of the report that issued this effective figure."""
    return report_name(figure["issuer"], figure["report_kind"], figure["report_published"])


def _bar_key(role: str, detail: str = "", hatch: str = "") -> Patch:
    """A key entry for bars of a role (and hatch), its label the role's words."""
    return Patch(
        facecolor=color(role),
        edgecolor="#222222",
        linewidth=0.6,
        hatch=hatch,
        label=key_label(role, detail),
    )


def _mark_key(
    role: str, detail: str, marker: str = "o", linestyle: str = "none", hollow: bool = False
) -> Line2D:
    """A key entry for marks (or a line) of a role, its label the role's words; hollow, a mark
    drawn in outline (_hollow)."""
    return Line2D(
        [],
        [],
        marker=marker,
        linestyle=linestyle,
        color=color(role),
        markersize=8 if marker else 0,
        label=key_label(role, detail),
        **{"markeredgecolor": "#222222", **(_hollow(role) if hollow else {})},
    )


def _hollow(role: str) -> dict[str, Any]:
    """How a mark is drawn in outline, white inside and its edge in the role's colour: another
    number whose words allow the first, told apart from the first at a glance."""
    return {"markerfacecolor": "#FFFFFF", "markeredgecolor": color(role), "markeredgewidth": 2}


# where a key stands against its axes: (its corner, the point of the axes it is anchored to)
KEY_PLACES = {
    "above": ("lower left", (0, 1.02)),
    "above right": ("lower right", (1, 1.02)),
    "below": ("upper left", (0, -0.02)),
}


def _key(ax: Axes, handles: list, ncols: int = 1, place: str = "above") -> None:
    """The chart's key, one entry per handle, placed by KEY_PLACES: above the axes (under the
    title; to the right where a panel's title stands at the left), or below them where the axes'
    labels stand on top."""
    loc, anchor = KEY_PLACES[place]
    ax.legend(
        handles=handles,
        loc=loc,
        bbox_to_anchor=anchor,
        ncols=ncols,
        frameon=False,
        fontsize=8.5,
        borderaxespad=0,
    )


# A narrow chart is shown whole on a phone 360 px wide, its words readable (readable_width: about
# 330 px of its 364 pt): a chart of few rows or bars, whose labels wrap (NARROW_LABEL_WIDTH
# characters a line) and whose key stands above it at its left edge, every entry wrapped
# (NARROW_KEY_WIDTH). A chart of many points in time, or a grid of many checks, stays wide and
# scrolls sideways on a phone.
NARROW = 4.9
NARROW_LABEL_WIDTH = 26
NARROW_KEY_WIDTH = 56


# A space a narrow chart's wrapped label keeps its words together at: before a number ("paragraph
# 3", "September 2017"), after one ("23 September") and after a word of three letters or fewer ("a
# shield", "the first"), so that no line ends in "paragraph" or "the".
GLUED_SPACE = re.compile(r" (?=\d)|(?<=\b\d) |(?<=\b\d\d) |(?<=\b\w) |(?<=\b\w\w) |(?<=\b\w\w\w) ")
NBSP = "\u00a0"


def wrap_label(text: str, width: int) -> str:
    """text in lines of about width characters, broken only at spaces GLUED_SPACE leaves free (a
    run of glued words longer than width stands on a line of its own, whole)."""
    glued = GLUED_SPACE.sub(NBSP, text)
    return textwrap.fill(glued, width, break_long_words=False, break_on_hyphens=False).replace(
        NBSP, " "
    )


def _narrow_figure() -> Figure:
    """A narrow chart's figure; its height is set once it is framed (_fit_height)."""
    return _figure(NARROW, 1.0)


def _top_key(
    ax: Axes, handles: list | None = None, title: str | None = None, over_title: bool = False
) -> None:
    """A narrow chart's key: above its axes and their labels from the chart's left edge (not the
    axes', which its labels push right), every entry wrapped to NARROW_KEY_WIDTH; the entries of
    handles, or else of what was drawn with a label. over_title: above the axes' own title too
    (a panel's: one line of its size, and its pad)."""
    fig = ax.get_figure()
    at = blended_transform_factory(fig.transFigure, ax.transAxes)
    if over_title:
        at = offset_copy(at, fig, y=1.4 * ax.title.get_fontsize() + 6, units="points")
    legend = ax.legend(
        **({} if handles is None else {"handles": handles}),
        title=title,
        loc="lower left",
        bbox_to_anchor=(0, 1.02),
        bbox_transform=at,
        alignment="left",
        frameon=False,
        fontsize=8.5,
        borderaxespad=0,
    )
    for text in legend.get_texts():
        text.set_text(wrap_label(text.get_text(), NARROW_KEY_WIDTH))


def _lines(text: str) -> int:
    return text.count("\n") + 1 if text else 0


def _fit_height(fig: Figure, body: float) -> None:
    """A framed narrow chart (frame_chart) as tall as its parts: body (in: its axes with their
    rows or bars and their labels), then 0.23 in a line of its title, 0.17 in a line of its key
    (and the key's title) and 0.15 in a line of its foot, and 0.3 in of margins."""
    keys = sum(
        sum(_lines(t.get_text()) for t in legend.get_texts())
        + _lines(legend.get_title().get_text())
        for legend in (ax.get_legend() for ax in fig.axes)
        if legend is not None
    )
    foot = _lines(fig.texts[-1].get_text()) if fig.texts else 0
    title = _lines(fig.get_suptitle())
    fig.set_figheight(body + 0.23 * title + 0.17 * keys + 0.15 * foot + 0.3)


def _count_axis(axis: Any, ticks: int | str = "auto") -> None:
    """An axis of counts: ticks at whole numbers only (at most ticks of them; or as many as fit,
    at matplotlib's own steps, AutoLocator's), written with thousands separators (style.thousands
    writes every tick as a whole number: one at 2.5 would read "2")."""
    steps = {"steps": [1, 2, 2.5, 5, 10]} if ticks == "auto" else {}
    axis.set_major_locator(MaxNLocator(ticks, integer=True, **steps))
    axis.set_major_formatter(thousands)


def found_wrong(figures: pd.DataFrame) -> pd.Series:
    """Which figures a chart draws as not matching: those whose column mismatch is True (the
    figures a failing check blames, as chartsets marks them); none where there is no such
    column. The one reading of it for every chart."""
    if "mismatch" not in figures:
        return pd.Series(False, index=figures.index)
    return figures["mismatch"].eq(True).fillna(False).astype(bool)


def _report_names(figures: pd.DataFrame) -> list[str]:
    """Each effective figure's report as a chart names it (figure_report_name), for its data."""
    return [figure_report_name(figure) for _, figure in figures.iterrows()]


def _ends(figures: pd.DataFrame) -> list[tuple[int, int]]:
    """(low, high) of each figure, as ints (equal for one number)."""
    low, high = effective.bounds(figures)
    return [(int(lo), int(hi)) for lo, hi in zip(low, high, strict=True)]


def _has_range(figures: pd.DataFrame) -> bool:
    """Is some figure a range (no single value)? Then the chart says how it draws one."""
    return bool(figures["value"].isna().any())


def _ranges_note(figures: pd.DataFrame) -> str:
    """RANGE_BARS when some figure drawn is a range, else nothing."""
    return RANGE_BARS if _has_range(figures) else ""


def _single_numbers(figures: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, str]:
    """The rows given as one number, and a sentence naming the others (ranges, each called by its
    entry in names) for the chart's foot: a chart that adds counts up, into a total or a share,
    cannot add a range, so it leaves it out and says so."""
    ranged = figures["value"].isna().to_numpy()
    if not ranged.any():
        return figures, ""
    named = [n for n, r in zip(names, ranged, strict=True) if r]
    amounts = effective.amount_of(figures[ranged])
    left_out = "; ".join(f"{n} ({a})" for n, a in zip(named, amounts, strict=True))
    if ranged.all():
        raise ValueError(
            f"every count is a range ({left_out}): a chart that adds counts up has nothing to draw"
        )
    return figures[~ranged], f" Not drawn nor counted, given as a range: {left_out}."


def _data(data: pd.DataFrame) -> pd.DataFrame:
    """A chart's data as published: a range's low and high only when some row is a range, so that
    a chart of single numbers keeps its plain columns."""
    if "low" in data and data["low"].isna().all() and data["high"].isna().all():
        data = data.drop(columns=["low", "high"])
    return data.reset_index(drop=True)


def credit_line(figures: pd.DataFrame) -> str:
    """Who issued the figures and who carried them, as a reader would cite them; locators when
    few."""
    parts = []
    few = figures["carried_by"].nunique() <= 2
    for issuer, issued in figures.groupby("issuer", sort=False):
        carriers = []
        for carrier, carried in issued.groupby("carrier_issuer", sort=False):
            locators = carried["locator"].str.replace(r" \(.*\)$", "", regex=True)
            loc = ", ".join(dict.fromkeys(locators))
            name = short_name(carrier)
            carriers.append(f"{name} ({loc})" if few else name)
        own = [c for c in carriers if c.split(" (")[0] == short_name(issuer)]
        # two carriers one short name stands for ("Air Force Times" twice) are named once
        others = list(dict.fromkeys(c for c in carriers if c not in own))
        parts.append(
            short_name(issuer)
            + (f" as carried by {', '.join(others)}" if others else "")
            + (f" ({own[0].split(' (', 1)[1]}" if own and few and not others else "")
        )
    return "; ".join(parts)


def _bar_words(figures: pd.DataFrame) -> list[str]:
    """Each figure's count in the source's own terms ("at least 1,410"), a range as its two ends
    ("8,106–12,980")."""
    return [
        formatting.value_words(value, qualifier, low, high)
        if pd.notna(value)
        else formatting.amount(low, high)
        for value, qualifier, low, high in zip(
            figures["value"], figures["qualifier"], figures["low"], figures["high"], strict=True
        )
    ]


# the size (pt) a bar's count is written at, beside its end
BAR_COUNT_SIZE = 9


def _text_points(text: str, size: float) -> float:
    """How wide text is drawn at size points in the house font, in points (its widest line)."""
    prop = FontProperties(family=STYLE["font.family"], size=size)
    return max(
        text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0]
        for line in str(text).split("\n")
    )


def _room_for_counts(
    ax: Axes, labels: list[str], ends: list[tuple[int, int]], words: list[str], top: int
) -> float:
    """The right end of a bar chart's count axis: 15% past the longest bar, or further where a
    count written beside its bar would run past the axes ("at least 2,286" beside the longest bar
    of a chart drawn narrow). The axes' width is the figure's less its bars' labels (at the
    house font's size) and 40 pt of ticks and margins."""
    size = STYLE["font.size"]
    axes = ax.get_figure().get_figwidth() * 72 - max(
        (_text_points(label, size) for label in labels), default=0
    )
    axes -= 40
    right = top * 1.15
    for (_, hi), said in zip(ends, words, strict=True):
        # the count starts at hi + 1% of the longest bar, and is 4 pt clear of the axes' end
        free = axes - _text_points(said, BAR_COUNT_SIZE) - 4
        if free > axes / 4:
            right = max(right, (hi + top * 0.01) * axes / free)
    return right


def _barh(
    ax: Axes,
    labels: list[str],
    figures: pd.DataFrame,
    colors: list[str],
    hatches: list[str],
    unit: str,
) -> None:
    """Horizontal bars, one per figure, each labelled with its count in the source's own terms
    ("at least 1,410", "more than 3,800"). A range is a bar to its low and a line with end caps
    on to its high (RANGE_BARS says so under the chart), labelled with its two ends."""
    ends = _ends(figures)
    words = _bar_words(figures)
    bars = ax.barh(labels, [lo for lo, _ in ends], color=colors, edgecolor="#222222", linewidth=0.6)
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    top = max(hi for _, hi in ends) if len(ends) else 1
    for bar, (lo, hi), said in zip(bars, ends, words, strict=True):
        y = bar.get_y() + bar.get_height() / 2
        if hi != lo:
            ax.errorbar(
                [lo],
                [y],
                xerr=[[0], [hi - lo]],
                fmt="none",
                color="#222222",  # the caps too, never the default cycle's blue
                ecolor="#222222",
                elinewidth=1.2,
                capsize=4,
            )
        ax.text(hi + top * 0.01, y, said, va="center", fontsize=BAR_COUNT_SIZE)
    ax.invert_yaxis()
    _count_axis(ax.xaxis, ticks=5)
    ax.set_xlabel(unit.capitalize())
    ax.set_xlim(0, _room_for_counts(ax, labels, ends, words, top))


@styled
def governorate_bars(figures: pd.DataFrame, pkg: Package, name: str) -> Chart:
    """Deaths by governorate, largest first; a bar whose place was read by interpretation is
    hatched and labelled with the source's own words. A governorate given as a range is left out,
    and named."""
    from helpers.checks.places import read_by_interpretation

    names = pkg.governorates.set_index("pcode")["name_en"]
    places = effective.one_per_statement(figures)
    places, left_out = _single_numbers(places, [names[p] for p in places["governorate_pcode"]])
    places = places.sort_values("value", ascending=False)
    interpreted = [
        read_by_interpretation(pkg, written, pcode)
        for written, pcode in zip(
            places["geography_as_written"], places["governorate_pcode"], strict=True
        )
    ]
    labels = [
        wrap_label(
            f"{names[pcode]} (source: “{written}”)" if read else names[pcode], NARROW_LABEL_WIDTH
        )
        for pcode, written, read in zip(
            places["governorate_pcode"], places["geography_as_written"], interpreted, strict=True
        )
    ]
    total = int(places["value"].sum())
    lead = places.iloc[0]
    fig = _narrow_figure()
    ax = fig.add_subplot()
    role = role_of_kind(lead["report_kind"])
    _barh(
        ax,
        labels,
        places,
        [color(role)] * len(places),
        [INTERPRETED_HATCH if read else "" for read in interpreted],
        places["unit"].iloc[0],
    )
    if any(interpreted):
        whose = formatting.possessive(short_name(lead["issuer"]))
        issued = f"{whose} count, place as the source names it"
        read_into = "Hatched: the source's place name read by interpretation"
        hatched = _bar_key(role, hatch=INTERPRETED_HATCH)
        hatched.set_label(read_into)
        _top_key(ax, [_bar_key(role, issued), hatched])
    share = lead["value"] / total
    title = (
        f"{names[lead['governorate_pcode']]} accounts for {share:.0%} of the "
        f"{formatting.num(total)} "
        f"{lead['metric_label'].lower()} counted by governorate"
    )
    sub = (
        f"{lead['metric_label']} by governorate, "
        f"{lead['eff_place']}, "
        f"{periods.label(lead['eff_period_start'])} to {periods.label(lead['eff_period_end'])}."
        f"{left_out}"
    )
    frame_chart(fig, title, sub, credit_line(places))
    # each bar 0.4 in, and 0.13 in a line of its label beyond the first; 0.6 in for the axis
    extra = sum(_lines(label) - 1 for label in labels)
    _fit_height(fig, 0.4 * len(places) + 0.13 * extra + 0.6)
    data = pd.DataFrame(
        {
            "governorate_pcode": places["governorate_pcode"],
            "governorate": [names[p] for p in places["governorate_pcode"]],
            "as_written": places["geography_as_written"],
            "value": places["value"],
            "interpreted": interpreted,
            "figure_id": places["figure_id"],
        }
    )
    return Chart(name, title, fig, _data(data))


@styled
def breakdown_bars(figures: pd.DataFrame, pkg: Package, dimension: str, name: str) -> Chart:
    """Each metric split by a breakdown (e.g. US administration), side by side, one hatch per
    group; the dimension named as dimensions.csv says text writes it, each group as groups.csv
    does (its label in the legend and the data, its phrase in the title). A count given as a range
    is left out, and named."""
    words = effective.dimension_words(pkg, dimension)
    parts = effective.one_per_statement(figures)
    parts = parts.assign(
        group=parts["breakdown"].map(lambda b: effective.group_words(pkg, b)),
        phrase=parts["breakdown"].map(lambda b: effective.group_words(pkg, b, phrase=True)),
    )
    parts, left_out = _single_numbers(
        parts,
        [
            f"{group}, {metric.lower()}"
            for group, metric in zip(parts["group"], parts["metric_label"], strict=True)
        ],
    )
    groups = list(dict.fromkeys(parts["group"]))
    # a legend's entry starts a line
    legend = {
        group: effective.group_words(pkg, breakdown, first_capital=True)
        for group, breakdown in zip(parts["group"], parts["breakdown"], strict=True)
    }
    metrics = list(dict.fromkeys(parts["metric_label"]))
    fig = _narrow_figure()
    ax = fig.add_subplot()
    width = 0.8 / len(groups)
    # one colour, the issuer's role; the groups told apart by hatching, named in the key
    bar_color = color(role_of_kind(parts["report_kind"].iloc[0]))
    for k, group in enumerate(groups):
        in_group = parts[parts["group"] == group]
        # only the metrics the group has a number for: a part left out is no bar, not a 0
        given = [i for i, m in enumerate(metrics) if (in_group["metric_label"] == m).any()]
        values = [
            int(in_group.loc[in_group["metric_label"] == metrics[i], "value"].sum()) for i in given
        ]
        xs = [i + (k - (len(groups) - 1) / 2) * width for i in given]
        bars = ax.bar(
            xs,
            values,
            width=width * 0.95,
            color=bar_color,
            hatch=GROUP_HATCHES[k % len(GROUP_HATCHES)],
            edgecolor="#222222",
            linewidth=0.6,
            label=legend[group],
        )
        for bar, value in zip(bars, values, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height(),
                formatting.num(value),
                ha="center",
                va="bottom",
                fontsize=9,
            )
    # the metrics' names share the axis: about 40 characters of it in all, 10 at least each
    per_metric = max(10, 40 // len(metrics))
    ticks = [wrap_label(metric, per_metric) for metric in metrics]
    ax.set_xticks(range(len(metrics)), ticks)
    _count_axis(ax.yaxis, ticks=5)
    ax.set_ylabel(parts["unit"].iloc[0].capitalize())
    _top_key(ax, title=effective.dimension_words(pkg, dimension, first_capital=True))
    # the title compares the groups in the first metric that two of them give a number for
    compared = parts.groupby("metric_label", sort=False)["group"].nunique()
    titled = next((m for m in metrics if compared[m] >= 2), metrics[0])
    first = parts[parts["metric_label"] == titled].set_index("phrase")["value"]
    hi, lo = first.idxmax(), first.idxmin()
    title = (
        f"More {titled.lower()} {hi} ({formatting.num(first[hi])}) than {lo} "
        f"({formatting.num(first[lo])})"
        if hi != lo
        else f"{titled} by {words}"
    )
    sub = f"By {words}, {parts['eff_place'].iloc[0]}. Periods as the report divides them.{left_out}"
    frame_chart(fig, title, sub, credit_line(parts))
    # the bars 2.6 in high; their names under them, 0.17 in a line
    _fit_height(fig, 2.6 + 0.17 * max(_lines(tick) for tick in ticks) + 0.35)
    data = parts[
        [
            "group",
            "metric",
            "metric_label",
            "value",
            "eff_period_start",
            "eff_period_end",
            "figure_id",
        ]
    ].rename(
        columns={
            "group": dimension,
            "eff_period_start": "period_start",
            "eff_period_end": "period_end",
        }
    )
    return Chart(name, title, fig, _data(data))


@styled
def statement_dots(figures: pd.DataFrame, name: str, disagreeing: set[str] | None = None) -> Chart:
    """Every statement of one figure, by carrier and place in the text: disagreement is visible at
    once. A statement given as a range is a line between two marks at its low and its high.
    disagreeing: the figures the check of these statements finds at odds (R-RESTATED, a fail or a
    caveat); another number not among them is one whose words allow the first ("about 1,250" of
    "more than 1,200"), drawn as agreeing (None: every other number is at odds)."""
    statements = figures.sort_values(["is_primary", "row"], ascending=[False, True])
    locators = statements["locator"].str.replace(r" \(.*\)$", "", regex=True)
    carriers = [short_name(c) for c in statements["carrier_issuer"]]
    # a long locator ("box 'MOST RECENT OIR CIVCAS REPORT (April 26)'") wraps, or the labels
    # would take the whole width from the axes
    labels = [
        wrap_label(f"{carrier}: {locator}", NARROW_LABEL_WIDTH)
        for carrier, locator in zip(carriers, locators, strict=True)
    ]
    ends = _ends(statements)
    ref = ends[0]
    # each number with the words that change how it reads ("up to 150", "about 210")
    words = [LOOSE_WORDS.get(q, "") if isinstance(q, str) else "" for q in statements["qualifier"]]
    said = [w + formatting.amount(*e) for w, e in zip(words, ends, strict=True)]
    role = role_of_kind(statements["report_kind"].iloc[0])
    credit = credit_line(statements)
    lines = sum(_lines(label) for label in labels)
    fig = _narrow_figure()
    ax = fig.add_subplot()
    ids = statements["figure_id"].tolist()
    at_odds = [
        (lo, hi) != ref and (disagreeing is None or figure_id in disagreeing)
        for (lo, hi), figure_id in zip(ends, ids, strict=True)
    ]
    for i, ((lo, hi), text) in enumerate(zip(ends, said, strict=True)):
        same, single = not at_odds[i], lo == hi
        xs = [lo] if single else [lo, hi]
        ax.plot(
            xs,
            [i] * len(xs),
            marker="o" if same else "D",
            markersize=9,
            linestyle="none" if single else "-",
            color=color(role if same else "mismatch"),
            # another number, its words allowing the first: in outline
            **{"markeredgecolor": "#222222", **(_hollow(role) if same and (lo, hi) != ref else {})},
        )
        # how far a plain number lies from the first; a number with words ("up to 150") may allow
        # it, which the check beside the chart reads
        plain = text == formatting.amount(lo, hi) and said[0] == formatting.amount(*ref)
        off = f"  ({lo - ref[0]:+,})" if not same and single and ref[0] == ref[1] and plain else ""
        # on a white box: the reference line runs under the labels of the numbers it marks
        ax.text(
            lo if single else (lo + hi) / 2,
            i - 0.32,
            text + off,
            ha="center",
            fontsize=9,
            bbox=LABEL_BOX,
        )
    ax.set_yticks(range(len(labels)), labels)
    # top to bottom, with room above the first mark for its label
    ax.set_ylim(len(labels) - 0.5, -0.9)
    if ref[0] == ref[1]:
        ax.axvline(ref[0], color=color("context"), linewidth=0.8, linestyle="--")
    else:
        ax.axvspan(*ref, color=color("context"), alpha=0.15, linewidth=0)
    lo, hi = min(e[0] for e in ends), max(e[1] for e in ends)
    pad = max(10, (hi - lo) * 0.6)
    ax.set_xlim(lo - pad, hi + pad)
    # a narrow axis: few ticks, each number written whole ("16,000") with room between them
    _count_axis(ax.xaxis, ticks=4)
    ax.set_xlabel(statements["unit"].iloc[0].capitalize())
    # the other numbers, each as first printed, in order of size
    first: dict[tuple[int, int], str] = {}
    allowing: dict[tuple[int, int], str] = {}
    for end, text, odds in zip(ends, said, at_odds, strict=True):
        if end != ref:
            (first if odds else allowing).setdefault(end, text)
    odd = sorted(first.items())
    title = (
        f"The same figure is printed as {said[0]} and as {', '.join(text for _, text in odd)}"
        if odd
        else f"{said[0]} and {', '.join(t for _, t in sorted(allowing.items()))}: the words of "
        "each allow the other"
        if allowing
        else f"Every statement gives {formatting.amount(*ref)}"
    )
    title = title[:1].upper() + title[1:]
    named = figure_report_name(statements.iloc[0])
    keys = [_mark_key(role, f"{named}, {said[0]} as first printed (top)")]
    if allowing:
        keys.append(_mark_key(role, "another number, its words allowing the first", hollow=True))
    if odd:
        keys.append(_mark_key("mismatch", "another number for the same figure", marker="D"))
    mark = "the line at" if ref[0] == ref[1] else "the band over"
    keys.append(_mark_key("context", f"{mark} {formatting.amount(*ref)}", "", "--"))
    _top_key(ax, keys)
    sub = f"{statements['metric_label'].iloc[0]} in the {named}, each statement as printed." + (
        " A line between two marks is a range, from its low to its high."
        if _has_range(statements)
        else ""
    )
    frame_chart(fig, title, sub, credit)
    # each row 0.25 in, and 0.13 in a line of its label; 0.6 in for the axis under them
    _fit_height(fig, 0.25 * len(statements) + 0.13 * lines + 0.6)
    data = statements[
        [
            "figure_id",
            "carried_by",
            "carrier_name",
            "locator",
            "value",
            "low",
            "high",
            "qualifier",
            "is_primary",
        ]
    ]
    return Chart(name, title, fig, _data(data))


def dates_words(labels: Iterable[str]) -> str:
    """A metric's dates in a title, each once: "data to 31 August 2018 and to August 2018" (the
    words the dates share said once: "data to 31 August 2018, data to August 2018" had read as a
    list of two things)."""
    said = list(dict.fromkeys(labels))
    first = said[0].split(" ")
    shared = first[0] if all(d.split(" ")[0] == first[0] for d in said) and len(first) > 1 else ""
    rest = [d.removeprefix(f"{shared} ") for d in said[1:]] if shared else said[1:]
    return formatting.and_list([said[0], *rest])


@styled
def metric_panels(figures: pd.DataFrame, name: str) -> Chart:
    """One panel per metric of a series (deaths, strikes), each bar labelled with its data-through
    date, so that figures from different releases cannot pass for one. A figure whose column
    mismatch is True (one a failing check blames: chartsets) is drawn as not matching."""
    releases = effective.one_per_statement(figures)
    metrics = list(dict.fromkeys(releases["metric"]))
    fig = _narrow_figure()
    # each panel as tall as its bars and their labels (_fit_height)
    heights = []
    used: dict[str, list[str]] = {}
    panels = [releases[releases["metric"] == metric] for metric in metrics]
    labels_of = [
        [
            wrap_label(figure_report_name(figure), NARROW_LABEL_WIDTH)
            + "\n"
            + wrap_label(figure["as_of_label"], NARROW_LABEL_WIDTH)
            for _, figure in panel.iterrows()
        ]
        for panel in panels
    ]
    for labels in labels_of:
        # each bar 0.45 in, and 0.13 in a line of its label beyond two; the panel's title and
        # axis 0.75 in
        heights.append(0.45 * len(labels) + 0.13 * sum(_lines(x) - 2 for x in labels) + 0.75)
    body = sum(heights)
    axes = fig.subplots(len(metrics), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, panel, labels in zip(axes, panels, labels_of, strict=True):
        # a death toll in the colour of who issued it; strikes and other measures in their own; a
        # figure a failing check blames in the colour of what does not match, as on the timelines
        roles = [
            "mismatch" if bad else role_of_kind(kind) if unit == "people" else "other_metric"
            for kind, unit, bad in zip(
                panel["report_kind"], panel["unit"], found_wrong(panel), strict=True
            )
        ]
        for role, label, unit in zip(roles, panel["metric_label"], panel["unit"], strict=True):
            # a colour's key names every measure drawn in it: other measures by their units
            # ("strikes and reports"), a toll by what it counts
            said = used.setdefault(role, [])
            word = (
                f"{label.lower()}, found wrong by a check"
                if role == "mismatch"
                else str(unit)
                if role == "other_metric"
                else label.lower()
            )
            if word not in said:
                said.append(word)
        _barh(
            ax,
            labels,
            panel,
            [color(r) for r in roles],
            [""] * len(panel),
            panel["unit"].iloc[0],
        )
        ax.set_title(panel["metric_label"].iloc[0], fontsize=10, loc="left")
    if len(used) > 1:
        _top_key(
            axes[0],
            [_bar_key(role, formatting.and_list(what)) for role, what in used.items()],
            over_title=True,
        )
    dates = releases.groupby("metric")["as_of_label"].agg(dates_words)
    # of different releases only when two data-through dates differ (as the side-by-side check
    # reads them): a date a figure was released or cited on does not say what its data run to
    through = pd.Series(
        effective.data_through_dates(releases["as_of"].tolist(), releases["as_of_basis"].tolist()),
        index=releases.index,
        dtype=object,
    )
    mixed = len(set(through.dropna())) > 1
    unstated = not mixed and through.isna().any()
    if mixed:
        title = "These figures are from different releases: " + "; ".join(
            f"{releases.loc[releases['metric'] == m, 'metric_label'].iloc[0].lower()} {d}"
            for m, d in dates.items()
        )
    else:
        metric_words = formatting.and_list(releases["metric_label"].str.lower())
        # the date each figure gives, each once: one shared data-through date, or that and the
        # days the others were released or cited on (never a data date a figure does not state)
        title = f"{metric_words.capitalize()}, {'; '.join(dict.fromkeys(releases['as_of_label']))}"
    sub = (
        f"{releases['eff_place'].iloc[0]}, cumulative from "
        f"{periods.label(releases['eff_period_start'].iloc[0])}."
        + (" A rate between them would pair different periods." if mixed else "")
        + (
            " Not every figure states the date its data run to: "
            + "; ".join(
                f"{row['metric_label'].lower()} {row['as_of_label']}"
                for _, row in releases[through.isna()].iterrows()
            )
            + "."
            if unstated
            else ""
        )
        + _ranges_note(releases)
    )
    frame_chart(fig, title, sub, credit_line(releases))
    _fit_height(fig, body)
    data = releases.assign(report_name=_report_names(releases))[
        [
            "figure_id",
            "report_id",
            "report_name",
            "metric",
            "metric_label",
            "value",
            "low",
            "high",
            "qualifier",
            "eff_period_start",
            "as_of",
            "as_of_label",
        ]
    ]
    return Chart(name, title, fig, _data(data))


# A timeline's panels: the primary metric's, then at most this many other metrics (those released
# most often); the rest are listed in the table beside the chart and named in its foot
TIMELINE_OTHER_METRICS = 2
# heights in inches of the primary metric's panel and of another metric's
PRIMARY_PANEL_HEIGHT = 3.2
OTHER_PANEL_HEIGHT = 2.0
MAX_PANEL_HEIGHT = 5.0
# how many of the biggest rises between two releases a panel labels, besides the first and last
TURNING_POINTS = 3
# what a series' count is in a headline, by series.csv's count_word: "CJTF-OIR's admitted toll",
# "SNHR's count of civilians killed", "Airwars' estimate of civilians killed"
COUNT_WORDS = {"admitted": "admitted count", "counted": "count", "estimated": "estimate"}
# the longest entry, in characters, of a timeline's key that still lets it run in two columns
KEY_COLUMN_CHARS = 58
# how many orders _lift_clear tries before it gives up a clear place for every label
PLACING_TRIES = 8
# label places tested at a time, nearest first (_spot)
SPOT_CHUNK = 512
# how far apart, in pixels, marks may be and still share a label: the nearest first, further only
# where some label finds no clear place
MARK_RADIUS = 6.0
MERGE_REACH = (MARK_RADIUS, 2 * MARK_RADIUS, 4 * MARK_RADIUS, 8 * MARK_RADIUS)
# how a label is drawn: a white box so a line under it does not cross its words, and a thin leader
# from the box to the mark it names
LABEL_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "#FFFFFF", "edgecolor": "none"}
LEADER = {"arrowstyle": "-", "color": "#444444", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3}


def _count_word(kind: str) -> str:
    """The count word of a series not in series.csv, from the kind of its issuer's reports."""
    if kind.startswith("official"):
        return "admitted"
    return "estimated" if kind == "monitor_estimate" else "counted"


def _timeline_metrics(releases: pd.DataFrame, primary: str | None) -> list[str]:
    """The series' metrics, the primary one first (series.csv; failing that the first counted in
    people, failing that the first found), then the others, most often released first."""
    found = list(dict.fromkeys(releases["metric"]))
    people = releases.loc[releases["unit"] == "people", "metric"]
    lead = primary if primary in found else (people.iloc[0] if len(people) else found[0])
    counts = releases["metric"].value_counts()
    rest = sorted((m for m in found if m != lead), key=lambda m: (-counts[m], found.index(m)))
    return [lead, *rest]


# a rise over a time this many times the median between a series' releases says since when
# ("+4,583 since March 2017"): releases the collection does not hold lie between; others are bare
# ("+43")
RISE_GAP = 1.5


def _turning_points(single: np.ndarray, most: int = TURNING_POINTS) -> list[int]:
    """Positions of the releases that end the `most` biggest rises from the release before, of
    those at least half as big again as the median rise (a range breaks the line: no rise is known
    across it), first and last release left out: they are labelled anyway."""
    rises = np.diff(single)
    known = rises[np.isfinite(rises) & (rises > 0)]
    # a rise like most is no turning point: it must stand out, half as much again as the median
    least = 1.5 * np.median(known) if len(known) else np.inf
    ranked = [
        k + 1
        for k in np.argsort(-np.nan_to_num(rises, nan=-np.inf), kind="stable")
        if np.isfinite(rises[k]) and rises[k] >= least and 0 < k + 1 < len(single) - 1
    ]
    return sorted(ranked[:most])


def _also_printed(release: pd.Series) -> str:
    """ "also printed as 3,037" for a release that pages print two ways, neither shown wrong (the
    release's printed_otherwise, where the frame has it); "" otherwise."""
    other = release.get("printed_otherwise")
    return f"also printed as {other}" if isinstance(other, str) and other else ""


def timeline_headline(
    releases: pd.DataFrame, count_word: str, metric_label: str | None = None
) -> str:
    """The headline of a timeline: how the issuer's own count of its primary metric (releases:
    that metric's releases, by date) went from its first release to its last, in the issuer's
    word for its count (series.csv count_word), each count with its qualifier's words:
    "CJTF-OIR's admitted toll rose from at least 188 (data to 31 October 2016) to at least 1,410
    (data to 31 August 2020)"; "SNHR's count of civilians killed …"; "Airwars' estimate of …".
    One release stands alone: "… stood at at least 188 (data to …)"."""
    who = formatting.possessive(short_name(releases["issuer"].iloc[0]))
    label = (metric_label or releases["metric_label"].iloc[0]).lower()
    if count_word == "admitted" and releases["metric"].iloc[0] == "civilians_killed":
        what = f"{who} admitted toll"
    else:
        what = f"{who} {COUNT_WORDS.get(count_word, 'count')} of {label}"
    # each count in its own words: "at least 1,410", "more than 3,000", "about 2,000"
    tolls = (
        releases["qualifier"].map(formatting.QUALIFIER_WORDS).fillna("")
        + effective.amount_of(releases)
        if "qualifier" in releases
        else effective.amount_of(releases)
    )
    # "3,035 (as released in September 2019; also printed as 3,037)"
    dates = pd.Series(
        [
            "; ".join(part for part in (row["as_of_label"], _also_printed(row)) if part)
            for _, row in releases.iterrows()
        ],
        index=releases.index,
    )
    first = f"{tolls.iloc[0]} ({dates.iloc[0]})"
    if len(releases) == 1:
        return f"{what} stood at {first}"
    low, high = effective.bounds(releases)
    if low.iloc[-1] > high.iloc[0]:
        verb = "rose from"
    elif high.iloc[-1] < low.iloc[0]:
        verb = "fell from"
    elif low.iloc[-1] == high.iloc[-1] == low.iloc[0] == high.iloc[0]:
        verb = "stayed at"
    else:
        verb = "went from"
    return f"{what} {verb} {first} to {tolls.iloc[-1]} ({dates.iloc[-1]})"


@styled
def _not_below_zero(ax: Axes) -> None:
    """A count's axis starts at zero when nothing drawn is negative: the margin above the largest
    value never takes the axis to -2,500."""
    low, high = ax.get_ylim()
    if low < 0 <= ax.dataLim.y0:
        ax.set_ylim(0, high)


def series_timeline(
    figures: pd.DataFrame,
    releases: pd.DataFrame,
    others: pd.DataFrame,
    name: str,
    primary_metric: str | None = None,
    count_word: str | None = None,
) -> Chart:
    """The issuer's running totals as steps by data-through date, monitors' estimates and news
    articles' claims on the same axes with their coverage marked. figures (every effective figure)
    is not read: the chart is drawn from releases and others.

    Built to stay readable at any number of releases:

    - The headline is about the primary metric (series.csv primary_metric; the first metric
      counted in people when not given) in the issuer's own word for its count (count_word:
      admitted, counted or estimated; from the kind of its reports when not given).
    - Panels: the primary metric's first (and, where monitors' estimates dwarf the releases, a
      second panel zoomed in on the releases and the claims about them), then at most
      TIMELINE_OTHER_METRICS other metrics, those released most often, in shorter panels; any
      further metric (a minor count of reports, say) gets no panel, is named in the foot and is
      listed with its every release in the chart's data and the table beside it
      (views.timeline_table). The figure is at most some 12 inches tall whatever the data.
    - Labels: of the releases, only the first, the last, the ends of the TURNING_POINTS biggest
      rises (with the rise) and any given as a range; every claim is labelled. Each label is
      placed clear of the others, of the marks and of the lines (_lift_clear), with a leader to
      its mark. Every point, labelled or not, is a row of the chart's data (its column labelled
      says which).

    A count given as a range is a vertical bar from its low to its high at its date, labelled
    with the range (the legend and the foot say so); the steps break there, as no single total is
    known."""
    from matplotlib.dates import DateFormatter, date2num

    # a figure with no date has no place on the axis: it is in the data and the table only
    undated = pd.concat([releases[releases["as_of"].isna()], others[others["as_of"].isna()]])
    released_ids = set(releases["figure_id"])
    releases, others = releases[releases["as_of"].notna()], others[others["as_of"].notna()]
    if releases.empty:
        raise ValueError("a timeline needs at least one release with a date; none was given")
    metrics = _timeline_metrics(releases, primary_metric)
    drawn = metrics[: 1 + TIMELINE_OTHER_METRICS]
    panels = []
    for metric in drawn:
        released = releases[releases["metric"] == metric]
        other = others[others["metric"] == metric]
        highest_release = effective.bounds(released)[1].max()
        far = other[(effective.bounds(other)[0] > 2 * highest_release).fillna(False)]
        # (metric, figures drawn, the title's note, the figures labelled, whether rises are)
        if len(far):
            panels.append((metric, other, "all figures", set(far["figure_id"]), False))
            near = other.drop(far.index)
            panels.append((metric, near, "zoomed in on the releases", set(near["figure_id"]), True))
        else:
            panels.append((metric, other, "", set(other["figure_id"]), True))
    # a panel with many claims to label grows a little, up to a limit
    heights = [
        min(
            (PRIMARY_PANEL_HEIGHT if metric == metrics[0] else OTHER_PANEL_HEIGHT)
            + 0.12 * max(len(named) - 8, 0),
            MAX_PANEL_HEIGHT,
        )
        for metric, _, _, named, _ in panels
    ]
    fig = _figure(9, sum(heights) + 1.6)
    axes = fig.subplots(
        len(panels), 1, squeeze=False, sharex=True, gridspec_kw={"height_ratios": heights}
    )[:, 0]
    # each role's mark and its entry in the key
    kinds = {
        "monitor": ("s", key_label("monitor", "an estimate or report")),
        "news": ("D", key_label("news", "a figure it gives for the series")),
        "mismatch": ("X", key_label("mismatch", "a news copy of a release, another number")),
        "official": ("^", key_label("official", "another issuer's release")),
    }
    rows: dict[str, dict] = {}
    labels: dict[Axes, tuple[list[dict], list[tuple]]] = {}
    seen: set[str] = set()
    for ax, (metric, other, label_extra, named, with_rises) in zip(axes, panels, strict=True):
        released = releases[releases["metric"] == metric].sort_values(["as_of", "row"])
        single = _single(*effective.bounds(released))
        # the issuer's toll in its role's colour; strikes and other measures in theirs
        own_role = (
            role_of_kind(released["report_kind"].iloc[0])
            if released["unit"].iloc[0] == "people"
            else "other_metric"
        )
        issuer = short_name(released["issuer"].iloc[0])
        # an official issuer's releases; a monitor's figures (its estimates and reports, as the
        # other timelines' key calls them), never its "releases"
        whose = (
            f"{issuer} releases"
            if role_of_kind(released["report_kind"].iloc[0]) == "official"
            else f"{formatting.possessive(issuer)} figures"
        )
        if own_role != "other_metric":
            line = f"{whose} of {released['metric_label'].iloc[0].lower()}"
        else:  # one key for every other measure, in one colour: each panel's title names its own
            line = None if "other measure" in seen else f"{whose} of the panel's measure"
            seen.add("other measure")
        ax.step(
            released["as_of"],
            single,
            where="post",
            color=color(own_role),
            linewidth=2,
            label=None if line is None else key_label(own_role, f"{line}, running total"),
        )
        exact = (released["as_of_basis"] == "data through").to_numpy(dtype=bool)
        # many releases: smaller marks, so that a month's mark does not cover the next
        size = 6 if len(released) <= 12 else 4
        ax.plot(
            released.loc[exact, "as_of"],
            single[exact],
            "o",
            color=color(own_role),
            markeredgecolor="#222222",
            markersize=size,
        )
        if (~exact).any():
            ax.plot(
                released.loc[~exact, "as_of"],
                single[~exact],
                "o",
                markerfacecolor="white",
                color=color(own_role),
                markersize=size,
                label="release month only (data-through date unknown)",
            )
        marks = [(date2num(d), v) for d, v in zip(released["as_of"], single, strict=True)]
        chosen = {0, len(released) - 1}
        rises = dict.fromkeys(_turning_points(single) if with_rises else [])
        long_gap = RISE_GAP * np.median(np.diff(date2num(released["as_of"]))) if rises else 0
        chosen |= set(rises)
        texts: list[dict] = []
        for k, ((_, point), (lo, hi)) in enumerate(
            zip(released.iterrows(), _ends(released), strict=True)
        ):
            if lo != hi:
                _range_bar(ax, point["as_of"], lo, hi, color(own_role))
                marks += [(date2num(point["as_of"]), lo), (date2num(point["as_of"]), hi)]
            if k in chosen or lo != hi:
                also = _also_printed(point)
                # in its own words, as the headline gives it: "more than 3,800", "at least 1,410"
                words = (
                    formatting.QUALIFIER_WORDS.get(point.get("qualifier"), "")
                    + formatting.amount(lo, hi)
                    + (f" ({also})" if also else "")
                )
                if k in rises:
                    words += f" (+{formatting.num(single[k] - single[k - 1])}"
                    # a rise over a longer time than the series' releases usually are apart:
                    # over releases the collection does not hold
                    before = released["as_of"].iloc[k - 1]
                    if (point["as_of"] - before).days > long_gap:
                        words += f" since {periods.label(before.strftime('%Y-%m'))}"
                    words += ")"
                # the first and last release, and a range, must be labelled; a rise may give way
                texts.append(
                    {
                        "text": words,
                        "at": (point["as_of"], hi),
                        "must": k not in rises,
                        "size": 8,
                        "ids": [point["figure_id"]],
                    }
                )
            rows[point["figure_id"]] = {
                "metric": metric,
                "kind": "release",
                **_point(point),
                "labelled": False,
            }
        for (_, point), (lo, hi), bad in zip(
            other.iterrows(), _ends(other), found_wrong(other), strict=True
        ):
            role = "mismatch" if bad else role_of_kind(point["report_kind"])
            marker, what = kinds[role]
            if lo != hi:
                _range_bar(ax, point["as_of"], lo, hi, color(role))
            points = [lo] if lo == hi else [lo, hi]
            ax.plot(
                [point["as_of"]] * len(points),
                points,
                marker,
                color=color(role),
                markeredgecolor="#222222",
                markersize=8,
                label=None if what in seen else what,
            )
            marks += [(date2num(point["as_of"]), p) for p in points]
            seen.add(what)
            rows[point["figure_id"]] = {
                "metric": metric,
                "kind": point["report_kind"],
                **_point(point),
                "labelled": False,
            }
            if point["figure_id"] not in named:
                continue
            words = formatting.QUALIFIER_WORDS.get(point["qualifier"], "")
            count = f"{words}{formatting.amount(lo, hi)}"
            carrier = short_name(point["carrier_issuer"])
            issuer = short_name(point["issuer"])
            monitor = str(point["report_kind"]).startswith("monitor_")
            if monitor and issuer != carrier:  # a monitor's estimate as a news page carries it
                carrier = f"{issuer} via {carrier}"
            place = point["eff_place"]
            spot = (point["as_of"], hi)
            # one count of one place at one point, carried by several: one label names them all
            same = [
                t
                for t in texts
                if t["at"] == spot and (t.get("count"), t.get("place")) == (count, place)
            ]
            if same:
                same[0]["ids"].append(point["figure_id"])
                if carrier not in same[0]["carriers"]:
                    same[0]["carriers"].append(carrier)
                    same[0]["text"] = f"{count} ({', '.join(same[0]['carriers'])}; {place})"
            else:
                texts.append(
                    {
                        "text": f"{count} ({carrier}; {place})",
                        "short": count,
                        "count": count,
                        "place": place,
                        "carriers": [carrier],
                        "at": spot,
                        "must": True,
                        "size": 7.5,
                        "ids": [point["figure_id"]],
                    }
                )
        labels[ax] = (texts, marks)
        ax.set_title(
            released["metric_label"].iloc[0] + (f" ({label_extra})" if label_extra else ""),
            fontsize=10,
            loc="left",
        )
        _count_axis(ax.yaxis)
        ax.set_ylabel(released["unit"].iloc[0].capitalize())
        ax.margins(y=0.25)
        _not_below_zero(ax)
    axes[-1].xaxis.set_major_formatter(DateFormatter("%b %Y"))
    # one legend for all panels, under the dates: inside a panel it covered points and their labels
    keys = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            keys.setdefault(label, handle)
    axes[-1].legend(
        list(keys.values()),
        list(keys),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 * PRIMARY_PANEL_HEIGHT / heights[-1]),
        # two columns only while two fit under the axes: a key wider than its axes makes the
        # layout move from one drawing to the next
        ncols=2 if max(map(len, keys)) <= KEY_COLUMN_CHARS else 1,
        frameon=False,
        fontsize=8,
    )
    # a metric with no panel: every release of it is still in the data and the table
    table_only = []
    for metric in metrics[len(drawn) :]:
        released = releases[releases["metric"] == metric].sort_values(["as_of", "row"])
        table_only.append(released["metric_label"].iloc[0].lower())
        for _, point in released.iterrows():
            rows[point["figure_id"]] = {
                "metric": metric,
                "kind": "release",
                **_point(point),
                "labelled": False,
            }
        for _, point in others[others["metric"] == metric].iterrows():
            rows[point["figure_id"]] = {
                "metric": metric,
                "kind": point["report_kind"],
                **_point(point),
                "labelled": False,
            }
    for _, point in undated.iterrows():
        rows[point["figure_id"]] = {
            "metric": point["metric"],
            "kind": "release" if point["figure_id"] in released_ids else point["report_kind"],
            **_point(point),
            "labelled": False,
        }
    primary = releases[releases["metric"] == metrics[0]].sort_values(["as_of", "row"])
    word = count_word or _count_word(primary["report_kind"].iloc[0])
    title = timeline_headline(primary, word)
    shown = pd.concat([releases, others])
    # what the series' publications are called: a monitor's are reports, not releases
    noun = effective.KIND_NOUNS.get(primary["report_kind"].iloc[0], "report")
    sub = (
        f"Running totals by data-through date (steps). Labelled: the first and last {noun}, the "
        f"biggest rises and every claim; the table beside the chart gives every {noun}. Other "
        "markers stand at the date the figure was stated or cited, labelled with who carried it "
        "and the places it covers."
        + (
            " A vertical bar is a count given as a range, from its low to its high."
            if _has_range(shown)
            else ""
        )
        + (
            f" Also {'released' if noun == 'release' else 'published'}, in the table only: "
            f"{', '.join(table_only)}."
            if table_only
            else ""
        )
        + (
            f" Undated, so in the table only: {len(undated)} "
            f"{'figure' if len(undated) == 1 else 'figures'}."
            if len(undated)
            else ""
        )
    )
    frame_chart(fig, title, sub, credit_line(shown))
    kept = _lift_clear(fig, labels)
    for figure_id, row in rows.items():
        row["labelled"] = figure_id in kept
    data = pd.DataFrame(list(rows.values()))
    # what each metric counts, in words, beside its token
    data.insert(1, "metric_label", data.pop("metric_label"))
    return Chart(name, title, fig, _data(data))


@lru_cache(maxsize=256)
def _candidates(width: float, height: float, gap: float) -> np.ndarray:
    """Where a label's box may stand, as offsets (dx, dy) of its centre from its mark, in pixels: a
    grid around the mark, every place at least gap from it, nearest first (the leader's length);
    at one length, nearer straight above or below, then above before below, so that a rising
    line keeps its labels on its open side."""
    dx, dy = np.meshgrid(np.arange(-600.0, 601.0, 10.0), np.arange(-450.0, 451.0, 5.0))
    dx, dy = dx.ravel(), dy.ravel()
    length = np.hypot(np.maximum(np.abs(dx) - width / 2, 0), np.maximum(np.abs(dy) - height / 2, 0))
    keep = length >= gap
    dx, dy, length = dx[keep], dy[keep], length[keep]
    order = np.lexsort((dy < 0, np.abs(dx), length.round(-1)))
    offsets = np.column_stack([dx[order], dy[order]])
    offsets.flags.writeable = False  # kept for the next label of this size
    return offsets


def boxes_hit(boxes: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """For each box (x0, y0, x1, y1), does it overlap any obstacle (x0, y0, x1, y1)? A boolean
    array: the one overlap test of every label placer (the timelines here, the maps in maps.py).
    Obstacles clear of every box's span are left out before the pairwise test."""
    if not len(obstacles) or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    low, high = boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)
    near = (
        (obstacles[:, 0] < high[0])
        & (obstacles[:, 2] > low[0])
        & (obstacles[:, 1] < high[1])
        & (obstacles[:, 3] > low[1])
    )
    if not near.any():
        return np.zeros(len(boxes), dtype=bool)
    b, o = boxes[:, None, :], obstacles[near][None, :, :]
    return (
        (b[..., 0] < o[..., 2])
        & (o[..., 0] < b[..., 2])
        & (b[..., 1] < o[..., 3])
        & (o[..., 1] < b[..., 3])
    ).any(axis=1)


def _lines_of(ax: Axes) -> np.ndarray:
    """The segments of the lines drawn on the axes (steps as drawn, range bars), as thin boxes in
    pixels; marks alone (a line style of none) are not lines."""
    from matplotlib.cbook import STEP_LOOKUP_MAP

    paths = []
    for line in ax.lines:
        if line.get_linestyle() in ("None", "none", "", " "):
            continue
        x, y = line.get_xydata().T
        x, y = STEP_LOOKUP_MAP[line.get_drawstyle()](x, y)
        paths.append(ax.transData.transform(np.column_stack([x, y])))
    paths += [
        path.transformed(collection.get_transform()).vertices
        for collection in ax.collections
        for path in collection.get_paths()
    ]
    out = [
        (min(x0, x1) - 1, min(y0, y1) - 1, max(x0, x1) + 1, max(y0, y1) + 1)
        for vertices in paths
        for (x0, y0), (x1, y1) in zip(vertices[:-1], vertices[1:], strict=True)
        if np.isfinite([x0, y0, x1, y1]).all()
    ]
    return np.array(out).reshape(-1, 4)


def _lift_clear(
    fig: Figure, labels: dict[Axes, tuple[list[dict], list[tuple]]], pad: float = 3.0
) -> set[str]:
    """Place each label of each axes where its box, and the leader from it to its mark, overlap no
    other label (nor its leader), stay inside the axes and, where there is room, cover no mark and
    no line (_placed). Marks a few pixels apart share one label, a line each (_merged); where some
    label still finds no clear place, marks further apart are merged, up to MERGE_REACH pixels.
    labels: per axes, the labels (text, short text, the point it names, whether it must be shown,
    font size, the ids of the figures it stands for) and the marks drawn (x as a date number, y).
    Measured on the laid-out figure, in pixels; the labels take no part in the layout, so that
    placing them moves nothing. Returns the ids of the figures labelled."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    # sizes in pixels at the figure's dpi: overlaps are the same in SVG and at other resolutions
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    # the layout as laid out once, kept: the constrained layout's solver moves the axes by a few
    # units in the last place from one drawing (or one run) to the next, which changes the SVG's
    # ids and could move a mark under a label placed against the first layout
    for ax in fig.axes:
        ax.set_position([round(float(v), 6) for v in ax.get_position().bounds])
    fig.set_layout_engine("none")
    fig.draw_without_rendering()
    to_pixels = fig.dpi / 72
    kept: set[str] = set()
    for ax, (items, points) in labels.items():
        # the limits as laid out, kept: the labels must not rescale the axes they were placed in
        ax.set_xlim(ax.get_xlim())
        ax.set_ylim(ax.get_ylim())
        frame = ax.get_window_extent(renderer)
        spots = np.array(
            [ax.transData.transform((x, y)) for x, y in points if np.isfinite(y)]
        ).reshape(-1, 2)
        scene = {
            "inside": np.array([frame.x0, frame.y0, frame.x1, frame.y1]),
            "marks": np.hstack([spots - MARK_RADIUS, spots + MARK_RADIUS]),
            "lines": _lines_of(ax),
            "pad": pad,
            "stop": LEADER["shrinkB"] * to_pixels,
        }
        best = None
        for reach in MERGE_REACH:
            groups = _merged(ax, items, near=reach)
            texts, sizes = [], []
            for item in groups:
                text = ax.annotate(
                    item["text"],
                    item["at"],
                    xytext=(0, 0),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=item["size"],
                    color="#333333",
                    bbox=LABEL_BOX,
                    arrowprops=LEADER,
                    annotation_clip=False,
                )
                text.set_in_layout(False)
                measured = {}
                for words in dict.fromkeys([item["text"], item["short"]]):
                    text.set_text(words)
                    measured[words] = text.get_window_extent(renderer)
                texts.append(text)
                sizes.append(measured)
            stuck, chosen = _placed(groups, sizes, scene)
            if best is None or stuck < best[0]:
                if best is not None:
                    for text in best[3]:
                        text.remove()
                best = (stuck, chosen, groups, texts)
            else:
                for text in texts:
                    text.remove()
            if not stuck:
                break
        if best is None:
            continue
        _, chosen, groups, texts = best
        for k, text in enumerate(texts):
            if k not in chosen:
                text.remove()
                continue
            words, offset = chosen[k]
            text.set_text(words)
            text.xyann = (offset[0] / to_pixels, offset[1] / to_pixels)
            kept.update(groups[k]["ids"])
            if len(groups[k]["marks"]) > 1:
                _split(ax, text, groups[k], offset, renderer)
    return kept


def _split(ax: Axes, text: Any, group: dict, offset: np.ndarray, renderer: Any) -> None:
    """A label shared by several marks (_merged), placed as one block, drawn as a label per line
    in that block, each with a leader of its own from its line to its mark (under the lines'
    boxes): each claim keeps a label of its own words that points to its own mark."""
    to_pixels = ax.figure.dpi / 72
    lines = text.get_text().split("\n")
    step = text.get_window_extent(renderer).height / len(lines)
    centre = group["anchor"] + offset
    size = text.get_fontsize()
    text.remove()
    for n, (words, (at, anchor)) in enumerate(zip(lines, group["marks"], strict=True)):
        middle = centre + (0, (len(lines) - 1) / 2 * step - n * step)
        line = ax.annotate(
            words,
            at,
            xytext=tuple((middle - anchor) / to_pixels),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=size,
            color="#333333",
            bbox=LABEL_BOX,
            annotation_clip=False,
        )
        line.set_in_layout(False)
        leader = ax.annotate(
            "",
            at,
            xytext=tuple((middle - anchor) / to_pixels),
            textcoords="offset points",
            arrowprops=LEADER,
            annotation_clip=False,
            zorder=line.get_zorder() - 0.1,
        )
        leader.set_in_layout(False)


def _placed(groups: list[dict], sizes: list[dict], scene: dict) -> tuple[int, dict]:
    """Each label's place (_spot), labels that must be shown first, each in date order: the
    nearest clear place for its text, else for its short text (its count alone: who carried it is
    in the table); a label that need not be shown (a rise) and has no clear place is left out, the
    table beside the chart has it. A label that must be shown and finds no clear place goes first
    on the next try (at most PLACING_TRIES), so that the most hemmed-in marks choose before their
    neighbours. Returns how many labels found no clear place on the best try, and its choice: the
    label's position in groups -> (its words, the offset of its box's centre from its mark, in
    pixels)."""
    order = list(range(len(groups)))
    anchors = np.array([g["anchor"] for g in groups]).reshape(-1, 2)
    anchors = np.hstack([anchors - MARK_RADIUS / 2, anchors + MARK_RADIUS / 2])
    place = partial(_spot, inside=scene["inside"], pad=scene["pad"], stop=scene["stop"])
    best: tuple[int, dict] | None = None
    for _ in range(PLACING_TRIES):
        placed = np.zeros((0, 4))
        chosen, stuck = {}, []
        for k in order:
            obstacles = {
                "marks": scene["marks"],
                "lines": scene["lines"],
                "placed": placed,
                # the other labels' marks: a leader over one would hem its label in
                "anchors": np.delete(anchors, k, axis=0),
            }
            tried = [
                (words, place(groups[k]["anchor"], extent, obstacles=obstacles))
                for words, extent in sizes[k].items()
            ]
            clear = [(words, spot) for words, spot in tried if spot is not None]
            if not clear and not groups[k]["must"]:
                continue
            if not clear:
                # nowhere clear: the nearest place inside the axes, over whatever is there
                stuck.append(k)
                words, extent = list(sizes[k].items())[-1]
                clear = [(words, place(groups[k]["anchor"], extent, obstacles=None))]
            words, spot = clear[0]
            chosen[k] = (words, spot[0])
            placed = np.vstack([placed, spot[1]])
        if best is None or len(stuck) < best[0]:
            best = (len(stuck), chosen)
        if not stuck:
            break
        order = stuck + [k for k in order if k not in stuck]
    return best if best else (0, {})


def _merged(ax: Axes, items: list[dict], near: float) -> list[dict]:
    """The labels of marks that stand within `near` pixels of each other as one label, a line each
    (two claims of 396 and 400 on one day: no two leaders could reach one spot from clear
    places), pointing to the first mark (the others get leaders of their own once it is placed);
    those that must be shown first, each in date order."""
    from matplotlib.dates import date2num

    ordered = sorted(
        items, key=lambda item: (not item["must"], date2num(item["at"][0]), item["at"][1])
    )
    groups: list[dict] = []
    for item in ordered:
        anchor = ax.transData.transform((date2num(item["at"][0]), item["at"][1]))
        group = next((g for g in groups if np.hypot(*(g["anchor"] - anchor)) < near), None)
        if group is None:
            groups.append(
                {
                    **item,
                    "anchor": anchor,
                    "ids": list(item["ids"]),
                    "lines": [item],
                    "marks": [(item["at"], anchor)],
                }
            )
            continue
        group["lines"].append(item)
        group["marks"].append((item["at"], anchor))
        group["must"] = group["must"] or item["must"]
        group["ids"] += item["ids"]
        group["size"] = min(group["size"], item["size"])
    for group in groups:
        lines = group.pop("lines")
        group["text"] = "\n".join(line["text"] for line in lines)
        group["short"] = "\n".join(line.get("short", line["text"]) for line in lines)
    return groups


def _spot(
    anchor: np.ndarray,
    extent: Any,
    inside: np.ndarray,
    obstacles: dict[str, np.ndarray] | None,
    pad: float,
    stop: float,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The nearest place (_candidates) for a label of this extent whose box and leader stay inside
    the axes and clear of the labels placed; of those, one that covers no mark and no line, and
    whose leader passes over no other label's mark, if there is one; then one that covers no
    mark, and so on down to any: (offset of the box's centre from the mark, the box and
    leader's span), in pixels. None when nothing is clear; without obstacles, the nearest place
    inside."""
    width, height = extent.width + 2 * pad, extent.height + 2 * pad
    offsets = _candidates(width, height, gap=1.5 * stop)
    centres = anchor + offsets
    boxes = np.hstack([centres - (width / 2, height / 2), centres + (width / 2, height / 2)])
    # the leader runs from the box's centre towards the mark, clipped by the box and stopping
    # short of the mark (LEADER's shrinkB): the box and the leader are kept clear
    ends = anchor + offsets / np.hypot(*offsets.T)[:, None] * (stop - 0.5)
    spans = np.hstack([np.minimum(boxes[:, :2], ends - 1), np.maximum(boxes[:, 2:], ends + 1)])
    fits = (
        (boxes[:, 0] >= inside[0])
        & (boxes[:, 1] >= inside[1])
        & (boxes[:, 2] <= inside[2])
        & (boxes[:, 3] <= inside[3])
    )
    inside_at = np.flatnonzero(fits)
    if obstacles is None:
        k = inside_at[0] if len(inside_at) else 0
        return offsets[k], spans[k]
    # Nearest first, in chunks: most labels find a place of the first kind among the nearest few
    # hundred candidates, and the rest are not tested; the choice is the one a test of every
    # candidate would make.
    later: list[list[np.ndarray]] = [[], [], [], []]
    for start in range(0, len(inside_at), SPOT_CHUNK):
        at = inside_at[start : start + SPOT_CHUNK]
        fit = ~boxes_hit(spans[at], obstacles["placed"])
        clear = fit & ~boxes_hit(boxes[at], obstacles["marks"])
        tidy = clear & ~boxes_hit(boxes[at], obstacles["lines"])
        free = ~boxes_hit(spans[at], obstacles["anchors"])
        best = at[tidy & free]
        if len(best):
            return offsets[best[0]], spans[best[0]]
        for kept, choice in zip(later, (clear & free, tidy, clear, fit), strict=True):
            kept.append(at[choice])
    for kept in later:
        best = np.concatenate(kept) if kept else np.zeros(0, dtype=int)
        if len(best):
            return offsets[best[0]], spans[best[0]]
    return None


def _single(low: pd.Series, high: pd.Series) -> np.ndarray:
    """Each count as a float where it is one number; NaN for a range, where a line through the
    counts breaks."""
    same = (low == high).fillna(False).to_numpy(dtype=bool)
    return np.where(same, low.to_numpy(dtype=float, na_value=np.nan), np.nan)


def _range_bar(ax: Axes, x: Any, low: int, high: int, color: str) -> None:
    """A count given as a range on a timeline: a vertical bar from its low to its high, with end
    caps."""
    bar = ax.errorbar(
        [x],
        [low],
        yerr=[[0], [high - low]],
        fmt="none",
        ecolor=color,
        elinewidth=2.5,
        capsize=5,
        label=RANGE_LABEL,
    )
    # the caps are marks: in the bar's colour throughout, not matplotlib's first colour
    for cap in bar.lines[1]:
        cap.set_color(color)
        cap.set_markerfacecolor(color)


def _point(figure: pd.Series) -> dict:
    """A figure drawn on the timeline, as a row of the chart's data (low and high: a range's
    ends)."""
    return {
        "metric_label": figure["metric_label"],
        "report_id": figure["report_id"],
        "report_name": figure_report_name(figure),
        "carried_by": figure["carried_by"],
        "carrier_name": figure["carrier_name"],
        "as_of": figure["as_of"].strftime("%Y-%m-%d") if pd.notna(figure["as_of"]) else "",
        "as_of_label": figure["as_of_label"],
        "value": int(figure["value"]) if pd.notna(figure["value"]) else pd.NA,
        "low": figure["low"],
        "high": figure["high"],
        "qualifier": figure["qualifier"],
        "geography": figure["eff_geography"],
        "place": figure["eff_place"],
        "figure_id": figure["figure_id"],
    }


@styled
def totals_by_report(figures: pd.DataFrame, name: str) -> Chart:
    """The latest civilian toll of each issuer side by side, each labelled with where and when it
    covers; a range is a bar to its low with a line on to its high, and the title's ratio is the
    largest it can be."""
    tolls = effective.one_per_statement(figures)
    tolls = (
        tolls.assign(_high=effective.bounds(tolls)[1])
        .sort_values("_high", ascending=False)
        .drop(columns="_high")
    )
    # drawn narrow, each line wrapped (a long report name or several countries take more lines,
    # and the chart grows to hold them, rather than wider)
    labels = [
        "\n".join(
            wrap_label(line, NARROW_LABEL_WIDTH)
            for line in (
                figure_report_name(figure),
                f"{figure['eff_place']}, from {periods.label(figure['eff_period_start'])}; "
                f"{figure['as_of_label']}",
            )
        )
        for _, figure in tolls.iterrows()
    ]
    roles = [role_of_kind(kind) for kind in tolls["report_kind"]]
    fig = _narrow_figure()
    ax = fig.add_subplot()
    ends = _ends(tolls)
    _barh(ax, labels, tolls, [color(r) for r in roles], [""] * len(tolls), "people")
    whose = {"official": "the coalition's admitted count", "monitor": "an independent count"}
    used = list(dict.fromkeys(roles))
    if len(used) > 1:
        _top_key(ax, [_bar_key(r, whose.get(r, "")) for r in used])
    # the highest monitor's count against the official one (never two monitors set against
    # each other)
    official = [k for k, role in enumerate(roles) if role == "official"]
    monitors = [k for k, role in enumerate(roles) if role == "monitor"]
    ratio = (
        effective.ratio_bounds(ends[monitors[0]], ends[official[0]])
        if official and monitors
        else None
    )
    most = ratio[1] if ratio else None
    title = (
        f"Monitors count up to {most:.1f} times the deaths the coalition admits, "
        "over differing places and periods"
        if most is not None
        else "Monitors' and the coalition's counts side by side, over differing places and periods"
    )
    # which two figures the ratio sets against each other, and of what dates
    compared = (
        " The ratio sets "
        + " against ".join(
            f"{formatting.possessive(short_name(tolls.iloc[k]['issuer']))} "
            f"{_bar_words(tolls.iloc[[k]])[0]} ({tolls.iloc[k]['as_of_label']})"
            for k in (monitors[0], official[0])
        )
        + "."
        if most is not None
        else ""
    )
    sub = (
        "Civilians killed, the latest figure of each issuer. Places and periods differ, as "
        "labelled." + compared + _ranges_note(tolls)
    )
    frame_chart(fig, title, sub, credit_line(tolls))
    # each bar 0.45 in, and 0.13 in a line of its label beyond two; 0.6 in for the axis
    extra = sum(_lines(label) - 2 for label in labels)
    _fit_height(fig, 0.45 * len(tolls) + 0.13 * extra + 0.6)
    data = tolls.assign(report_name=_report_names(tolls))[
        [
            "report_id",
            "report_name",
            "report_kind",
            "value",
            "low",
            "high",
            "qualifier",
            "eff_geography",
            "eff_place",
            "eff_period_start",
            "as_of",
            "as_of_label",
            "figure_id",
        ]
    ]
    return Chart(name, title, fig, _data(data))


# a check's status, in the order of the grid's colours, with its role and the word in its cell
STATUS_CELLS = {
    "none": ("#FFFFFF", "", "No check of this kind"),
    "unchecked": ("context", "n/c", "not checkable: what it needs is not held"),
    "pass": ("checks_out", "pass", "the check passes"),
    "warning": ("warning", "warn", "a difference to state, not an error"),
    "fail": ("mismatch", "FAIL", "the check fails"),
}


@styled
def check_grid(statuses: pd.DataFrame, name: str, passing: int = 0) -> Chart:
    """A grid of check results drawn with seaborn's heatmap: one row per document (its human name,
    as the frame's index), one column per check (its human name), each cell the worst status of
    the check's results on the figures the document prints ("fail", "warning", "pass" or "none"),
    coloured by role and written in the cell. The title counts the documents with a failure;
    passing: how many more documents were checked and left out, every result a pass (the foot
    says so)."""
    import seaborn as sns
    from matplotlib.colors import ListedColormap

    order = list(STATUS_CELLS)
    codes = statuses.apply(lambda column: column.map(order.index)).astype(int)
    words = statuses.apply(lambda column: column.map(lambda s: STATUS_CELLS[s][1]))
    cell_colors = [
        role if role.startswith("#") else color(role) for role, _, _ in STATUS_CELLS.values()
    ]
    fig = _figure(9, 0.42 * len(statuses) + 3.2)
    ax = fig.add_subplot()
    sns.heatmap(
        codes,
        ax=ax,
        cmap=ListedColormap(cell_colors),
        vmin=-0.5,
        vmax=len(order) - 0.5,
        cbar=False,
        annot=words,
        fmt="",
        annot_kws={"fontsize": 7.5, "color": "#222222"},
        linewidths=0.8,
        linecolor="#FFFFFF",
        # every label shown: seaborn's own test for overlapping labels draws the figure per label
        xticklabels=True,
        yticklabels=True,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelrotation=90, length=0, labelsize=9)
    ax.tick_params(axis="y", length=0)
    shown = set(statuses.to_numpy().ravel())
    keys = [
        _bar_key(role, what)
        for status, (role, _, what) in STATUS_CELLS.items()
        if status in shown and not role.startswith("#")
    ]
    _key(ax, keys, place="below")
    failing = statuses.index[(statuses == "fail").any(axis=1)].tolist()
    total = len(statuses) + passing
    if failing:
        prints = "prints" if len(failing) == 1 else "print"
        title = (
            f"{len(failing)} of the {total} documents with a checked figure {prints} one that "
            "fails a check"
        ) + (": " + ", ".join(failing) if len(failing) <= 3 else "")
    else:
        title = f"No figure printed in the {formatting.counted(total, 'document')} fails a check"
    sub = (
        "Each cell: the worst result of a check on the figures the document prints. A failure "
        "is shown against whoever printed the figure, not the issuer it quotes. Blank: the check "
        "does not apply. A document none of whose figures a check reads is not counted."
        + (
            f" Not shown: the {passing} documents whose every checked figure checks out."
            if passing
            else ""
        )
    )
    frame_chart(fig, title, sub, "civcas-notebooks' checks of the documents named")
    data = statuses.rename_axis("document").reset_index()
    return Chart(name, title, fig, data)
