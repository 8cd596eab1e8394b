"""Charts in the house style: a title that states the finding, units, a source credit line, the
Okabe-Ito colour-blind-safe palette with hatching so that grey print still separates the series,
direct labels instead of legends where possible. Output is byte-identical from run to run."""

from __future__ import annotations

import base64
import io
import re
import textwrap
from dataclasses import dataclass
from functools import partial, wraps

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from helpers import formatting
from helpers.checks import effective
from helpers.data import periods
from helpers.present import display

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
    "text.parse_math": False,  # a label is shown as written: "US$5 and $6" is not typeset as mathematics
}
CREDIT_PREFIX = "Source: "
# How a count given as a range ('between') is drawn, said under a bar chart and in a timeline's legend
RANGE_BARS = (
    " A bar with a line beyond it is a range: the bar ends at its low, the line at its high."
)
RANGE_LABEL = "range (a bar from its low to its high)"
MAKER = "Chart: civcas-notebooks"
thousands = FuncFormatter(lambda x, _: f"{x:,.0f}")


@dataclass
class Chart:
    """A finished chart, the data behind it and a stable name for its files."""

    name: str
    title: str
    figure: Figure
    data: pd.DataFrame

    @property
    def description(self) -> str:
        """The chart in words for readers who cannot see it (the page's alt text): title, subtitle and source."""
        parts = [" ".join(t.get_text().split()) for t in self.figure.texts] or [
            self.title
        ]  # the title first, then the foot
        return (
            " ".join(p if p[-1] in ".!?" else p + "." for p in parts if p)
            + f" Data: figures/{self.name}.csv."
        )

    def svg(self) -> str:
        with rc_context({**STYLE, "svg.hashsalt": self.name}):
            buf = io.StringIO()
            self.figure.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
        return buf.getvalue()

    def png(self) -> bytes:
        with rc_context(STYLE):
            buf = io.BytesIO()
            self.figure.savefig(
                buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None}
            )
        return buf.getvalue()

    def csv(self) -> str:
        """The data file published beside the chart: safe to open in a spreadsheet (display.csv_text)."""
        return display.csv_text(self.data)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "image/svg+xml": self.svg(),
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"Chart {self.name!r}: {self.title}",
        }
        return data, {"civcas": {"chart": self.name, "csv": self.csv(), "alt": self.description}}


def _styled(build):
    """A chart builder run inside the house style. matplotlib reads most settings when an axis, text or
    legend is made, not when it is drawn, so the style must be in force while the chart is built."""

    @wraps(build)
    def run(*args, **kwargs):
        with rc_context(STYLE):
            return build(*args, **kwargs)

    return run


def _figure(width=8.0, height=4.5) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _frame(fig: Figure, title: str, subtitle: str, credit: str) -> None:
    width = int(fig.get_figwidth() * 9)
    wrap = partial(
        textwrap.fill, break_on_hyphens=False
    )  # "civcas-notebooks" and report ids stay whole on one line
    fig.suptitle(wrap(title, width), x=0.0, ha="left", fontsize=13, fontweight="bold")
    foot = (
        wrap(subtitle, width + 40) + "\n" + wrap(f"{CREDIT_PREFIX}{credit}. {MAKER}.", width + 40)
    )
    fig.text(0.0, -0.01, foot, ha="left", va="top", fontsize=8, color="#444444")


def short_name(issuer: str) -> str:
    """ "Syrian Network for Human Rights (SNHR)" -> "SNHR"; "Airwars" -> "Airwars"."""
    m = re.search(r"\(([A-Z][A-Z0-9-]+)\)", issuer)
    return m.group(1) if m else issuer.split(" (")[0].split(",")[0]


def _ends(fx: pd.DataFrame) -> list[tuple[int, int]]:
    """(low, high) of each figure, as ints (equal for one number)."""
    low, high = effective.bounds(fx)
    return [(int(lo), int(hi)) for lo, hi in zip(low, high)]


def _has_range(fx: pd.DataFrame) -> bool:
    """Is some figure a range (no single value)? Then the chart says how it draws one."""
    return bool(fx["value"].isna().any())


def _ranges_note(fx: pd.DataFrame) -> str:
    """RANGE_BARS when some figure drawn is a range, else nothing."""
    return RANGE_BARS if _has_range(fx) else ""


def _single_numbers(g: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, str]:
    """The rows given as one number, and a sentence naming the others (ranges, each called by its entry
    in names) for the chart's foot: a chart that adds counts up, into a total or a share, cannot add a
    range, so it leaves it out and says so."""
    ranged = g["value"].isna().to_numpy()
    if not ranged.any():
        return g, ""
    named = [n for n, r in zip(names, ranged) if r]
    left_out = "; ".join(f"{n} ({a})" for n, a in zip(named, effective.amount_of(g[ranged])))
    if ranged.all():
        raise ValueError(
            f"every count is a range ({left_out}): a chart that adds counts up has nothing to draw"
        )
    return g[~ranged], f" Not drawn nor counted, given as a range: {left_out}."


def _data(df: pd.DataFrame) -> pd.DataFrame:
    """A chart's data as published: a range's low and high only when some row is a range, so that a
    chart of single numbers keeps its plain columns."""
    if "low" in df and df["low"].isna().all() and df["high"].isna().all():
        df = df.drop(columns=["low", "high"])
    return df.reset_index(drop=True)


def credit_line(fx: pd.DataFrame) -> str:
    """Who issued the figures and who carried them, as a reader would cite them; locators when few."""
    parts = []
    few = fx["carried_by"].nunique() <= 2
    for issuer, g in fx.groupby("issuer", sort=False):
        carriers = []
        for carrier, c in g.groupby("carrier_issuer", sort=False):
            loc = ", ".join(dict.fromkeys(c["locator"].str.replace(r" \(.*\)$", "", regex=True)))
            name = short_name(carrier)
            carriers.append(f"{name} ({loc})" if few else name)
        own = [c for c in carriers if c.split(" (")[0] == short_name(issuer)]
        others = [c for c in carriers if c not in own]
        parts.append(
            short_name(issuer)
            + (f" as carried by {', '.join(others)}" if others else "")
            + (f" ({own[0].split(' (', 1)[1]}" if own and few and not others else "")
        )
    return "; ".join(parts)


def _barh(ax, labels, ends, colors, hatches, unit):
    """Horizontal bars labelled with their counts; ends: (low, high) of each. A range is a bar to its low
    and a line with end caps on to its high (RANGE_BARS says so under the chart)."""
    bars = ax.barh(labels, [lo for lo, _ in ends], color=colors, edgecolor="#222222", linewidth=0.6)
    for bar, h in zip(bars, hatches):
        bar.set_hatch(h)
    top = max(hi for _, hi in ends) if len(ends) else 1
    for bar, (lo, hi) in zip(bars, ends):
        y = bar.get_y() + bar.get_height() / 2
        if hi != lo:
            ax.errorbar(
                [lo],
                [y],
                xerr=[[0], [hi - lo]],
                fmt="none",
                ecolor="#222222",
                elinewidth=1.2,
                capsize=4,
            )
        ax.text(hi + top * 0.01, y, formatting.amount(lo, hi), va="center", fontsize=9)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(thousands)
    ax.set_xlabel(unit.capitalize())
    ax.set_xlim(0, top * 1.15)


@_styled
def governorate_bars(fx: pd.DataFrame, pkg, name: str) -> Chart:
    """Deaths by governorate, largest first; a bar whose place was read by interpretation is hatched
    and labelled with the source's own words. A governorate given as a range is left out, and named."""
    from helpers.checks.places import spelling_of

    names = pkg.governorates.set_index("pcode")["name_en"]
    g = effective.one_per_statement(fx)
    g, left_out = _single_numbers(g, [names[p] for p in g["governorate_pcode"]])
    g = g.sort_values("value", ascending=False)
    interpreted = [
        not spelling_of(pkg, w, p)
        for w, p in zip(g["geography_as_written"], g["governorate_pcode"])
    ]
    labels = [
        f"{names[p]} (source: “{w}”)" if i else names[p]
        for p, w, i in zip(g["governorate_pcode"], g["geography_as_written"], interpreted)
    ]
    total = int(g["value"].sum())
    lead = g.iloc[0]
    fig = _figure(8, 0.45 * len(g) + 1.6)
    ax = fig.add_subplot()
    _barh(
        ax,
        labels,
        _ends(g),
        [PALETTE["sky"] if i else PALETTE["blue"] for i in interpreted],
        ["///" if i else "" for i in interpreted],
        g["unit"].iloc[0],
    )
    share = lead["value"] / total
    title = f"{names[lead['governorate_pcode']]} accounts for {share:.0%} of the {total:,} {lead['metric_label'].lower()} counted by governorate"
    sub = (
        f"{lead['metric_label']} by governorate, {formatting.geography_label(lead['eff_geography'])}, "
        f"{periods.label(lead['eff_period_start'])} to {periods.label(lead['eff_period_end'])}. Hatched: place name read by interpretation.{left_out}"
    )
    _frame(fig, title, sub, credit_line(g))
    data = pd.DataFrame(
        {
            "governorate_pcode": g["governorate_pcode"],
            "governorate": [names[p] for p in g["governorate_pcode"]],
            "as_written": g["geography_as_written"],
            "value": g["value"],
            "interpreted": interpreted,
            "figure_id": g["figure_id"],
        }
    )
    return Chart(name, title, fig, _data(data))


@_styled
def breakdown_bars(fx: pd.DataFrame, pkg, dimension: str, name: str) -> Chart:
    """Each metric split by a breakdown (e.g. US administration), side by side, one hatch per group; the
    dimension named as dimensions.csv says text writes it. A count given as a range is left out, and named."""
    words = effective.dimension_words(pkg, dimension)
    g = effective.one_per_statement(fx)
    g = g.assign(group=g["breakdown"].map(formatting.group_label))
    g, left_out = _single_numbers(
        g, [f"{grp}, {m.lower()}" for grp, m in zip(g["group"], g["metric_label"])]
    )
    groups = list(dict.fromkeys(g["group"]))
    metrics = list(dict.fromkeys(g["metric_label"]))
    fig = _figure(8, 4.2)
    ax = fig.add_subplot()
    width = 0.8 / len(groups)
    colors = [PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"]]
    for k, grp in enumerate(groups):
        vals = [
            int(g[(g["group"] == grp) & (g["metric_label"] == m)]["value"].sum()) for m in metrics
        ]
        xs = [i + (k - (len(groups) - 1) / 2) * width for i in range(len(metrics))]
        bars = ax.bar(
            xs,
            vals,
            width=width * 0.95,
            color=colors[k % len(colors)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor="#222222",
            linewidth=0.6,
            label=grp,
        )
        for b, v in zip(bars, vals):
            ax.text(
                b.get_x() + b.get_width() / 2,
                b.get_height(),
                f"{v:,}",
                ha="center",
                va="bottom",
                fontsize=9,
            )
    ax.set_xticks(range(len(metrics)), metrics)
    ax.yaxis.set_major_formatter(thousands)
    ax.set_ylabel(g["unit"].iloc[0].capitalize())
    ax.legend(frameon=False, title=effective.dimension_words(pkg, dimension, first_capital=True))
    first = g[g["metric"] == g["metric"].iloc[0]].set_index("group")["value"]
    hi, lo = first.idxmax(), first.idxmin()
    title = (
        f"More {metrics[0].lower()} under {hi} ({first[hi]:,}) than under {lo} ({first[lo]:,})"
        if hi != lo
        else f"{metrics[0]} by {words}"
    )
    sub = f"By {words}, {formatting.geography_label(g['eff_geography'].iloc[0])}. Periods as the report divides them.{left_out}"
    _frame(fig, title, sub, credit_line(g))
    data = g[
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


@_styled
def statement_dots(fx: pd.DataFrame, name: str) -> Chart:
    """Every statement of one figure, by carrier and place in the text: disagreement is visible at once.
    A statement given as a range is a line between two marks at its low and its high."""
    g = fx.sort_values(["is_primary", "row"], ascending=[False, True])
    labels = [
        f"{c}: {l}"
        for c, l in zip(g["carried_by"], g["locator"].str.replace(r" \(.*\)$", "", regex=True))
    ]
    ends = _ends(g)
    ref = ends[0]
    fig = _figure(8, 0.42 * len(g) + 1.6)
    ax = fig.add_subplot()
    for i, (lo, hi) in enumerate(ends):
        same, single = (lo, hi) == ref, lo == hi
        xs = [lo] if single else [lo, hi]
        ax.plot(
            xs,
            [i] * len(xs),
            marker="o" if same else "D",
            markersize=9,
            linestyle="none" if single else "-",
            color=PALETTE["blue"] if same else PALETTE["vermillion"],
            markeredgecolor="#222222",
        )
        off = f"  ({lo - ref[0]:+,})" if not same and single and ref[0] == ref[1] else ""
        ax.text(
            lo if single else (lo + hi) / 2,
            i - 0.32,
            formatting.amount(lo, hi) + off,
            ha="center",
            fontsize=9,
        )
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    if ref[0] == ref[1]:
        ax.axvline(ref[0], color=PALETTE["grey"], linewidth=0.8, linestyle="--")
    else:
        ax.axvspan(*ref, color=PALETTE["grey"], alpha=0.15, linewidth=0)
    lo, hi = min(e[0] for e in ends), max(e[1] for e in ends)
    pad = max(10, (hi - lo) * 0.6)
    ax.set_xlim(lo - pad, hi + pad)
    ax.xaxis.set_major_formatter(thousands)
    ax.set_xlabel(g["unit"].iloc[0].capitalize())
    odd = sorted({e for e in ends if e != ref})
    title = (
        f"The same figure is printed as {formatting.amount(*ref)} and as {', '.join(formatting.amount(*e) for e in odd)}"
        if odd
        else f"Every statement gives {formatting.amount(*ref)}"
    )
    sub = (
        f"{g['metric_label'].iloc[0]} in {g['report_id'].iloc[0]}, each statement as printed. Circles agree with the report's own carrier (top); diamonds do not."
        + (
            " A line between two marks is a range, from its low to its high."
            if _has_range(g)
            else ""
        )
    )
    _frame(fig, title, sub, credit_line(g))
    data = g[
        ["figure_id", "carried_by", "locator", "value", "low", "high", "qualifier", "is_primary"]
    ]
    return Chart(name, title, fig, _data(data))


@_styled
def metric_panels(fx: pd.DataFrame, name: str) -> Chart:
    """One panel per metric of a series (deaths, strikes), each bar labelled with its data-through
    date, so that figures from different releases cannot pass for one."""
    g = effective.one_per_statement(fx)
    metrics = list(dict.fromkeys(g["metric"]))
    fig = _figure(8, 1.2 + 0.9 * len(g))
    axes = fig.subplots(len(metrics), 1, squeeze=False)[:, 0]
    for ax, m, color in zip(
        axes, metrics, [PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"]]
    ):
        sub = g[g["metric"] == m]
        labels = [f"{r} ({d})" for r, d in zip(sub["report_id"], sub["as_of_label"])]
        _barh(ax, labels, _ends(sub), [color] * len(sub), [""] * len(sub), sub["unit"].iloc[0])
        ax.set_title(sub["metric_label"].iloc[0], fontsize=10, loc="left")
    dates = g.groupby("metric")["as_of_label"].agg(lambda x: ", ".join(dict.fromkeys(x)))
    mixed = g["as_of"].nunique() > 1
    title = (
        (
            "These figures are from different releases: "
            + "; ".join(
                f"{g.loc[g['metric'] == m, 'metric_label'].iloc[0].lower()} {d}"
                for m, d in dates.items()
            )
        )
        if mixed
        else f"{' and '.join(g['metric_label'].str.lower().unique()).capitalize()}, {g['as_of_label'].iloc[0]}"
    )
    sub = (
        f"{formatting.geography_label(g['eff_geography'].iloc[0])}, cumulative from {periods.label(g['eff_period_start'].iloc[0])}."
        + (" A rate between them would pair different periods." if mixed else "")
        + _ranges_note(g)
    )
    _frame(fig, title, sub, credit_line(g))
    data = g[
        [
            "figure_id",
            "report_id",
            "metric",
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


@_styled
def series_timeline(
    fx: pd.DataFrame, releases: pd.DataFrame, others: pd.DataFrame, name: str
) -> Chart:
    """The issuer's running totals as steps by data-through date, monitors' estimates and news
    articles' claims on the same axes with their coverage marked. Where monitors' estimates dwarf the
    series, a second panel zooms in on the releases and the claims made about them. A count given as a
    range is a vertical bar from its low to its high at its date, labelled with the range (the legend and
    the foot say so); the steps break there, as no single total is known."""
    from matplotlib.dates import DateFormatter

    metrics = list(dict.fromkeys(releases["metric"]))
    panels = []
    for m in metrics:
        r, o = releases[releases["metric"] == m], others[others["metric"] == m]
        far = o[(effective.bounds(o)[0] > 2 * effective.bounds(r)[1].max()).fillna(False)]
        if len(far):
            panels.append((m, o, "all figures"))
            panels.append((m, o.drop(far.index), "zoomed in on the releases"))
        else:
            panels.append((m, o, ""))
    fig = _figure(9, 3.0 * len(panels) + 1.2)
    axes = fig.subplots(len(panels), 1, squeeze=False, sharex=True)[:, 0]
    kinds = {
        "monitor_estimate": ("s", PALETTE["green"], "monitor's estimate"),
        "monitor_report": ("s", PALETTE["green"], "monitor's report"),
        "news_article": ("D", PALETTE["vermillion"], "news article's claim"),
    }
    rows, fixed = {}, {}
    for ax, (m, o, label_extra) in zip(axes, panels):
        r = releases[releases["metric"] == m].sort_values(["as_of", "row"])
        single = _single(*effective.bounds(r))
        ax.step(
            r["as_of"],
            single,
            where="post",
            color=PALETTE["blue"],
            linewidth=2,
            label=f"{short_name(r['issuer'].iloc[0])} release (official, 'at least')",
        )
        exact = (r["as_of_basis"] == "data through").to_numpy(dtype=bool)
        ax.plot(
            r.loc[exact, "as_of"],
            single[exact],
            "o",
            color=PALETTE["blue"],
            markeredgecolor="#222222",
        )
        if (~exact).any():
            ax.plot(
                r.loc[~exact, "as_of"],
                single[~exact],
                "o",
                markerfacecolor="white",
                color=PALETTE["blue"],
                label="release month only (data-through date unknown)",
            )
        for k, ((_, p), (lo, hi)) in enumerate(zip(r.iterrows(), _ends(r))):
            if lo != hi:
                _range_bar(ax, p["as_of"], lo, hi, PALETTE["blue"])
            ax.annotate(
                formatting.amount(lo, hi),
                (p["as_of"], hi),
                textcoords="offset points",
                xytext=(4, -12 if k % 2 == 0 else 6),
                fontsize=8,
            )
            rows[p["figure_id"]] = {"metric": m, "kind": "release", **_point(p)}
        fixed[ax] = list(
            ax.texts
        )  # the releases' labels stay where they are; the claims' labels move clear of them
        seen = set()
        for (_, p), (lo, hi) in zip(o.iterrows(), _ends(o)):
            marker, color, what = kinds.get(
                p["report_kind"], ("^", PALETTE["purple"], str(p["report_kind"]))
            )
            if lo != hi:
                _range_bar(ax, p["as_of"], lo, hi, color)
            marks = [lo] if lo == hi else [lo, hi]
            ax.plot(
                [p["as_of"]] * len(marks),
                marks,
                marker,
                color=color,
                markeredgecolor="#222222",
                markersize=8,
                label=None if what in seen else what,
            )
            seen.add(what)
            q = {"at_least": "at least ", "about": "about "}.get(p["qualifier"], "")
            ax.annotate(
                f"{q}{formatting.amount(lo, hi)} ({p['carried_by']}; {formatting.geography_label(p['eff_geography'])})",
                (p["as_of"], hi),
                textcoords="offset points",
                xytext=(-8, 8),
                ha="right",
                fontsize=7.5,
                color="#333333",
            )  # see _lift_clear
            rows[p["figure_id"]] = {"metric": m, "kind": p["report_kind"], **_point(p)}
        ax.set_title(
            r["metric_label"].iloc[0] + (f" ({label_extra})" if label_extra else ""),
            fontsize=10,
            loc="left",
        )
        ax.yaxis.set_major_formatter(thousands)
        ax.set_ylabel(r["unit"].iloc[0].capitalize())
        ax.margins(y=0.25)
    axes[-1].xaxis.set_major_formatter(DateFormatter("%b %Y"))
    keys = {}  # one legend for all panels, under the dates: inside a panel it covered points and their labels
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            keys.setdefault(label, handle)
    axes[-1].legend(
        list(keys.values()),
        list(keys),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncols=2,
        frameon=False,
        fontsize=8,
    )
    first = releases[releases["metric"] == metrics[0]].sort_values("as_of")
    tolls = effective.amount_of(first)
    title = (
        f"{short_name(first['issuer'].iloc[0])}'s admitted toll rose from {tolls.iloc[0]} to {tolls.iloc[-1]} "
        f"({first['as_of_label'].iloc[0]} to {first['as_of_label'].iloc[-1].replace('data to ', '')})"
    )
    shown = pd.concat([releases, others])
    sub = (
        "Running totals by data-through date (steps). Other markers stand at the date the figure was stated or cited, "
        "labelled with who carried it and the places it covers."
        + (
            " A vertical bar is a count given as a range, from its low to its high."
            if _has_range(shown)
            else ""
        )
    )
    _frame(fig, title, sub, credit_line(shown))
    _lift_clear(fig, fixed)
    return Chart(name, title, fig, _data(pd.DataFrame(list(rows.values()))))


def _lift_clear(fig: Figure, fixed: dict, step: float = 11, tries: int = 20) -> None:
    """Move each movable label of each axes (every annotation not in fixed[ax]; lowest point first) up in
    steps of `step` points until it overlaps no label placed before it. Where a panel squeezes close values
    together, a claim's label would otherwise be drawn over a release's or another claim's; taken lowest
    first, the labels keep the order of their values. Measured on the laid-out figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(
        fig
    ).get_renderer()  # sizes in pixels at the figure's dpi: overlaps are the same in SVG
    fig.draw_without_rendering()
    for ax, keep in fixed.items():
        placed = [t.get_window_extent(renderer) for t in keep]
        for t in sorted(
            (t for t in ax.texts if t not in keep), key=lambda t: t.xy[1]
        ):  # stable: equal values keep their order
            for _ in range(tries):
                box = t.get_window_extent(renderer)
                if not any(box.overlaps(b) for b in placed):
                    break
                t.xyann = (t.xyann[0], t.xyann[1] + step)
            placed.append(t.get_window_extent(renderer))


def _single(low: pd.Series, high: pd.Series) -> np.ndarray:
    """Each count as a float where it is one number; NaN for a range, where a line through the counts breaks."""
    same = (low == high).fillna(False).to_numpy(dtype=bool)
    return np.where(same, low.to_numpy(dtype=float, na_value=np.nan), np.nan)


def _range_bar(ax, x, low: int, high: int, color: str) -> None:
    """A count given as a range on a timeline: a vertical bar from its low to its high, with end caps."""
    ax.errorbar(
        [x],
        [low],
        yerr=[[0], [high - low]],
        fmt="none",
        ecolor=color,
        elinewidth=2.5,
        capsize=5,
        label=RANGE_LABEL,
    )


def _point(p: pd.Series) -> dict:
    """A figure drawn on the timeline, as a row of the chart's data (low and high: a range's ends)."""
    return {
        "report_id": p["report_id"],
        "carried_by": p["carried_by"],
        "as_of": p["as_of"].strftime("%Y-%m-%d"),
        "as_of_label": p["as_of_label"],
        "value": int(p["value"]) if pd.notna(p["value"]) else pd.NA,
        "low": p["low"],
        "high": p["high"],
        "qualifier": p["qualifier"],
        "geography": p["eff_geography"],
        "figure_id": p["figure_id"],
    }


@_styled
def totals_by_report(fx: pd.DataFrame, name: str) -> Chart:
    """The latest civilian toll of each issuer side by side, each labelled with where and when it covers;
    a range is a bar to its low with a line on to its high, and the title's ratio is the largest it can be."""
    g = effective.one_per_statement(fx)
    g = (
        g.assign(_high=effective.bounds(g)[1])
        .sort_values("_high", ascending=False)
        .drop(columns="_high")
    )
    labels = [
        f"{r}\n{formatting.geography_label(geo)}; {periods.label(s)} to {d}"
        for r, geo, s, d in zip(
            g["report_id"], g["eff_geography"], g["eff_period_start"], g["as_of_label"]
        )
    ]
    colors = [
        PALETTE["blue"] if k.startswith("official") else PALETTE["green"] for k in g["report_kind"]
    ]
    hatches = ["" if k.startswith("official") else "///" for k in g["report_kind"]]
    fig = _figure(8, 0.7 * len(g) + 1.6)
    ax = fig.add_subplot()
    ends = _ends(g)
    _barh(ax, labels, ends, colors, hatches, "people")
    ratio = effective.ratio_bounds(ends[0], ends[-1])
    most = ratio[1] if ratio else None
    title = (
        f"Monitors count up to {most:.1f} times the deaths the coalition admits, over differing places and periods"
        if most is not None
        else "Monitors' and the coalition's counts side by side, over differing places and periods"
    )
    sub = (
        "Civilians killed, the latest figure of each report. Solid: official figure; hatched: monitor. Places and periods differ, as labelled."
        + _ranges_note(g)
    )
    _frame(fig, title, sub, credit_line(g))
    data = g[
        [
            "report_id",
            "report_kind",
            "value",
            "low",
            "high",
            "qualifier",
            "eff_geography",
            "eff_period_start",
            "as_of",
            "as_of_label",
            "figure_id",
        ]
    ]
    return Chart(name, title, fig, _data(data))
