"""The site's chart rules, over every chart the reports publish (each report page's, the overview's
and each timeline's), built from the real data: no internal id in any text a reader sees; every
hatch explained in a key; no two labels of a panel overlapping; colours only from the semantic
roles, each meaning the same everywhere and named in a key where a chart uses more than one; no
chart of a single bar or of one value; the same SVG bytes from two builds. Expected ids and
colours are read from the data and from style.py, never written out here."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from helpers.build import runner
from helpers.present import chartsets, views
from helpers.present.charts import Chart
from helpers.present.style import NEUTRALS, ROLES

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
CODES = re.compile(r"\b[A-Z]{3}\+[A-Z]{3}\b|\b[A-Z]-[A-Z-]+/\d+\b")
ROLE_OF_COLOR = {role.color.lower(): name for name, role in ROLES.items()}
NEUTRAL = {c.lower() for c in NEUTRALS}


def charts_by_report(pkg) -> dict[str, list[Chart]]:
    """Each report's charts, as its page shows them, by report id."""
    return {rid: views.report_charts(pkg, rid) for rid in pkg.reports["report_id"]}


def collection_charts(pkg) -> list[Chart]:
    """The charts of the collection's own pages: the overview, the cross-check, each timeline."""
    tolls_and_grid = [views.latest_tolls(pkg), chartsets.check_grid(pkg)]
    return tolls_and_grid + [views.timeline(pkg, s) for s in views.series_list(pkg)]


@pytest.fixture(scope="module")
def report_charts(pkg) -> dict[str, list[Chart]]:
    """Each report's charts (charts_by_report), made once for the module."""
    return charts_by_report(pkg)


@pytest.fixture(scope="module")
def collection(pkg) -> list[Chart]:
    """The collection pages' charts (collection_charts), made once for the module."""
    return collection_charts(pkg)


@pytest.fixture(scope="module")
def charts(report_charts, collection) -> list[Chart]:
    """Every chart the site shows."""
    built = [c for made in report_charts.values() for c in made] + collection
    assert len(built) >= 8
    return built


@pytest.fixture(scope="module")
def pkg():
    from helpers.data import load

    return load.load_package()


def legends(chart: Chart) -> list:
    return [*chart.figure.legends] + [
        ax.get_legend() for ax in chart.figure.axes if ax.get_legend() is not None
    ]


def key_entries(chart: Chart) -> list[tuple[str, object]]:
    """(text, handle) of every entry of every key of the chart."""
    return [
        (text.get_text(), handle)
        for legend in legends(chart)
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
    ]


def shown_text(chart: Chart) -> list[str]:
    """Every text a reader sees in the chart: titles, foot, ticks, labels, keys, annotations."""
    fig = chart.figure
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        texts += [ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    for legend in legends(chart):
        texts += [legend.get_title().get_text()] + [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def hexes(colors) -> set[str]:
    """Colours as #rrggbb (alpha dropped; fully transparent ones left out)."""
    import numpy as np

    arr = np.atleast_2d(np.asarray(colors, dtype=float)) if len(colors) else []
    return {to_hex(c, keep_alpha=False).lower() for c in arr if len(c) < 4 or c[3] > 0}


def data_colors(chart: Chart) -> set[str]:
    """The colours the chart draws its data in (bars, marks, lines, ranges, grid cells)."""
    from matplotlib.colors import to_rgba

    found: set[str] = set()
    for ax in chart.figure.axes:
        for patch in ax.patches:
            found |= hexes([patch.get_facecolor()])
        for line in ax.lines:
            found |= hexes([to_rgba(line.get_color()), to_rgba(line.get_markerfacecolor())])
        for collection in ax.collections:
            found |= hexes(collection.get_facecolor()) | hexes(collection.get_edgecolor())
    return found


def bars(chart: Chart) -> list[Rectangle]:
    return [p for ax in chart.figure.axes for p in ax.patches if isinstance(p, Rectangle)]


def test_no_internal_id_or_token_in_any_text_a_reader_sees(pkg, charts):
    ids = (
        set(pkg.reports["report_id"])
        | set(pkg.figures["figure_id"])
        | set(pkg.figures["series"].dropna())
        | set(pkg.checks["check_id"])
        | {c.name for c in charts}
    )
    for chart in charts:
        for text in shown_text(chart):
            assert not [i for i in ids if i in text], (chart.name, text)
            assert not SNAKE_CASE.search(text), (chart.name, text)
            assert not CODES.search(text), (chart.name, text)


def test_every_hatch_is_explained_in_a_key(charts):
    hatched = 0
    for chart in charts:
        explained = {h.get_hatch() for _, h in key_entries(chart) if hasattr(h, "get_hatch")}
        for bar in bars(chart):
            if bar.get_hatch():
                hatched += 1
                assert bar.get_hatch() in explained, (chart.name, bar.get_hatch())
    assert hatched  # the rule was exercised


def test_colours_are_only_the_semantic_roles_each_with_one_meaning(charts):
    for chart in charts:
        used = data_colors(chart) - NEUTRAL
        assert used <= set(ROLE_OF_COLOR), (chart.name, used - set(ROLE_OF_COLOR))
        roles = {ROLE_OF_COLOR[c] for c in used}
        entries = key_entries(chart)
        # a key entry that names a role is drawn in that role's colour, in every chart
        for text, handle in entries:
            named = [n for n, r in ROLES.items() if text.lower().startswith(r.label.lower())]
            if named:
                face = (
                    handle.get_facecolor() if hasattr(handle, "get_hatch") else handle.get_color()
                )
                assert to_hex(face, keep_alpha=False).lower() == ROLES[named[0]].color.lower(), (
                    chart.name,
                    text,
                )
        # two or more roles: the key names each
        if len(roles) > 1:
            for role in roles:
                label = ROLES[role].label.lower()
                assert any(t.lower().startswith(label) for t, _ in entries), (chart.name, role)


def test_no_label_is_drawn_over_another_in_any_published_chart(charts):
    """Every chart the reports publish (each report's, the overview's, the check grid and each
    timeline): within a panel, no two labels overlap. On the timeline's squeezed panel, the
    article's 1,069 was drawn over the release label 1,061 until claims' labels were lifted clear
    (charts._lift_clear)."""
    from test_charts import _overlapping_labels

    for chart in charts:
        assert _overlapping_labels(chart) == [], chart.name


def test_no_chart_of_a_single_bar_or_of_one_value(pkg, charts):
    for chart in charts:
        assert chartsets.compares(chart), chart.name
        drawn = bars(chart)
        assert len(drawn) != 1 or "low" in chart.data, chart.name  # a range beside a number
        if drawn and "value" in chart.data:
            assert chart.data["value"].nunique() >= 2 or "low" in chart.data, chart.name


def test_the_most_telling_chart_comes_first(report_charts):
    """A figure printed as two numbers, where a page has one, is the first chart it shows."""
    for made in report_charts.values():
        names = [c.name for c in made]
        statements = [n for n in names if "__statements-" in n]
        if statements:
            assert names[0] == statements[0], names


def test_a_png_measured_after_the_svg_is_the_png_savefig_frames_itself():
    """Once a chart is drawn, its PNG is framed by a tight box measured as savefig measures it
    (sparing savefig's unseen drawing); drawn first, savefig frames it. A chart whose layout
    cannot move between drawings (no layout engine, as the timelines and maps keep theirs) gives
    the same PNG bytes either way."""

    def made() -> Chart:
        figure = Figure(figsize=(4, 3))
        figure.set_layout_engine("none")
        axes = figure.add_subplot()
        axes.plot([2014, 2018], [1, 1114])
        axes.set_title("zz-fixture a title wider than the axes it stands above, clipped")
        axes.set_ylabel("zz-fixture deaths")
        return Chart("zz-fixture-frame", "zz-fixture", figure, pd.DataFrame())

    first = made().png()
    drawn = made()
    drawn.svg()
    assert drawn.png() == first


def test_a_chart_drawn_again_and_again_keeps_its_layout(pkg, report_charts, collection):
    """Drawn again and again (SVG, then PNG, then SVG, as a notebook shows a chart and a reader
    shows it again), the layout holds to the byte: a key wider than its axes once collapsed them
    on the second drawing, and constrained layout, run again at each drawing, moved a chart by up
    to 3.8 px (Chart keeps the layout of its first drawing). Drawn: the charts of the sample pages
    (runner.sample: a report of each kind) and every collection chart. That two builds give the
    same bytes is the regression test's: it compares every published chart with a fresh build's."""
    sampled = [job.params["report_id"] for job in runner.sample(pkg) if "report_id" in job.params]
    again = {c.name: c for rid in sampled for c in report_charts[rid]}
    again |= {c.name: c for c in collection}
    assert len(again) > len(collection)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, chart in sorted(again.items()):
            first = chart.svg()
            assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n", name
            assert chart.svg() == first, name


# the narrowest phone a chart of statements is shown whole on, words readable (CSS px)
NARROW_PHONE_PX = 360


# the charts of few rows or bars, drawn narrow (charts.NARROW), by the kind their names end in: a
# figure's statements; counts by governorate, by a breakdown's groups or by assessment; a report's
# metrics, panel by panel
NARROW_CHARTS = re.compile(r"__(?:(statements|by)-.*|.*-(metrics))$")


def test_a_chart_of_few_rows_or_bars_is_shown_whole_on_a_phone(report_charts, collection):
    """Drawn 8 in wide, a chart of one figure's statements was shown 529 px wide on a 390 px
    phone, its labels in view and its marks (522 and 524) off the screen until scrolled; the bars
    by governorate, the panels of a report's metrics and the overview's latest tolls showed their
    names and not the largest counts. Drawn narrow, each is shown
    whole on a phone 360 px wide at the size that keeps its words readable
    (charts.readable_width)."""
    from helpers.present import charts, site

    narrow = [c for made in report_charts.values() for c in made if NARROW_CHARTS.search(c.name)]
    kinds = {next(filter(None, NARROW_CHARTS.search(c.name).groups())) for c in narrow}
    assert kinds == {"statements", "by", "metrics"}
    # and the overview's latest toll of each issuer
    narrow += [c for c in collection if c.name.endswith("latest-tolls")]
    room = NARROW_PHONE_PX - 2 * site.NARROW_PADDING_PX
    for chart in narrow:
        assert 0 < charts.readable_width(chart.svg()) <= room, chart.name


def test_every_tick_of_a_count_axis_stands_at_a_whole_number(charts):
    """A count axis writes its ticks as whole numbers (style.thousands): a tick at 2.5 was written
    "2", and one at 7.5 "8", on a chart of 11 and 5 deaths drawn narrow."""
    from helpers.present.style import thousands

    for chart in charts:
        for ax in chart.figure.axes:
            for axis in (ax.xaxis, ax.yaxis):
                if axis.get_major_formatter() is not thousands:
                    continue
                low, high = sorted(axis.get_view_interval())
                shown = [t for t in axis.get_majorticklocs() if low <= t <= high]
                assert all(float(t).is_integer() for t in shown), (chart.name, shown)


def test_no_key_is_drawn_over_a_title_or_label(charts):
    """A key stands clear of every title, label and tick of the chart: drawn narrow, the key of a
    chart of metric panels once stood over the first panel's title ("Other measure: strikes" on
    "Civilians killed")."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for chart in charts:
        fig = chart.figure
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()
        words = [fig._suptitle] if fig._suptitle is not None else []
        for ax in fig.axes:
            words += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
            for axis, at in ((ax.xaxis, 0), (ax.yaxis, 1)):
                low, high = sorted(axis.get_view_interval())
                words += [t for t in axis.get_ticklabels() if low <= t.get_position()[at] <= high]
        boxes = [(w.get_text(), w.get_window_extent(renderer)) for w in words if w.get_text()]
        for legend in legends(chart):
            key = legend.get_window_extent(renderer)
            over = [text for text, box in boxes if key.overlaps(box)]
            assert not over, (chart.name, over)


def test_no_tick_label_runs_into_the_next(charts):
    """An axis's tick labels stand apart: drawn narrow, a chart of statements between 8,000 and
    16,000 wrote "10,00012,00014,00016,000"."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for chart in charts:
        fig = chart.figure
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()
        for ax in fig.axes:
            for axis, at in ((ax.xaxis, 0), (ax.yaxis, 1)):
                low, high = sorted(axis.get_view_interval())
                shown = [
                    t.get_window_extent(renderer)
                    for t in axis.get_ticklabels()
                    if t.get_text() and low <= t.get_position()[at] <= high
                ]
                touching = [k for k in range(len(shown) - 1) if shown[k].overlaps(shown[k + 1])]
                assert not touching, (chart.name, [t.get_text() for t in axis.get_ticklabels()])


def test_every_word_written_in_a_chart_s_axes_stays_inside_them(charts):
    """A count beside a bar, a label by a mark: inside its axes, never past their right edge into
    the margin (drawn narrow, "at least 2,286" ran past the end of its panel's axis)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for chart in charts:
        fig = chart.figure
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()
        for ax in fig.axes:
            right = ax.get_window_extent(renderer).x1
            past = [
                t.get_text()
                for t in ax.texts
                if t.get_text() and t.get_window_extent(renderer).x1 > right + 1
            ]
            assert not past, (chart.name, past)


# a column of ids or codes in a chart's data, and the column beside it that says it in words
NAMED_BESIDE = {
    "report_id": "report_name",
    "carried_by": "carrier_name",
    "geography": "place",
    "eff_geography": "eff_place",
    "metric": "metric_label",
    "governorate_pcode": "governorate",
    "pcode": "governorate",
}


def test_every_code_in_a_chart_s_data_is_named_beside_it(charts):
    """A chart's CSV is what a journalist opens in a spreadsheet: a report's id, a carrier's, a
    geography code (IRQ+SYR) or a metric's token comes with its name in the column after it (the
    ids stay, for tracing a row to the curated tables)."""
    for chart in charts:
        columns = list(chart.data.columns)
        for code, name in NAMED_BESIDE.items():
            if code in columns:
                assert name in columns, (chart.name, code, columns)
                named = chart.data[name]
                assert named.notna().all() or chart.data[code].isna().any(), (chart.name, name)
