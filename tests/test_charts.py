"""Chart wording: what a reader sees in a legend, title and subtitle, checked on the chart objects
(the SVG files draw text as paths, so their words cannot be searched)."""

from __future__ import annotations

import matplotlib.text
import pytest

from helpers import formatting
from helpers.checks import effective
from helpers.data import load
from helpers.errors import DataError
from helpers.present import charts


def test_a_group_is_labelled_the_same_in_charts_and_findings(pkg):
    """formatting.group_label names a breakdown's group for both the chart's bars and
    S-ADMINISTRATIONS' terms."""
    assert formatting.group_label("us_administration:obama") == "Obama"
    assert formatting.group_label("age_group:older_adults") == "Older Adults"
    assert formatting.group_label("month:2017-03") == "2017-03"
    from helpers.checks import crosscheck as checks

    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    bars = set(
        charts.breakdown_bars(part, pkg, "us_administration", "test").data["us_administration"]
    )
    res = checks.run_checks(pkg)
    evidence = " ".join(res.loc[res["check_id"] == "S-ADMINISTRATIONS", "evidence"])
    assert bars == {"Obama", "Trump"} and all(f"{b} " in evidence for b in bars), (bars, evidence)


def test_dimension_words_come_from_the_data(pkg, data_copy):
    """How a dimension is written is data (dimensions.csv), abbreviations included: a new dimension
    needs a row there, never code; a breakdown whose dimension is not declared is refused."""
    assert (
        effective.dimension_words(pkg, "us_administration", first_capital=True)
        == "US administration"
    )
    assert effective.dimension_words(pkg, "us_administration") == "US administration"
    assert effective.dimension_words(pkg, "governorate", first_capital=True) == "Governorate"
    data_copy.append(
        "dimensions",
        dimension="un_agency",
        label="UN agency",
        description="Which UN agency counted.",
    )
    data_copy.edit("figures", "figure_id", "vop-p11-obama-women", breakdown="un_agency:ohchr")
    other = load.load_package(data_copy.root)
    assert effective.dimension_words(other, "un_agency", first_capital=True) == "UN agency"
    data_copy.edit("figures", "figure_id", "vop-p11-obama-women", breakdown="age_group:adults")
    with pytest.raises(DataError) as err:
        load.load_package(data_copy.root)
    assert (
        "column \"breakdown\": the dimension 'age_group' is not in data/curated/dimensions.csv"
        in str(err.value)
    )


def test_the_administration_chart_names_the_us_administration_correctly():
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    chart = charts.breakdown_bars(part, pkg, "us_administration", "test")
    ax = chart.figure.axes[0]
    assert ax.get_legend().get_title().get_text() == "US administration"
    texts = [t.get_text() for t in chart.figure.texts]
    assert any(t.startswith("By US administration, Syria.") for t in texts), texts
    assert not any(
        "Us administration" in t or "us administration" in t for t in [*texts, ax.get_title()]
    )


def test_the_administration_check_names_the_us_administration_correctly():
    from helpers.checks import crosscheck as checks

    res = checks.run_checks(load.load_package())
    subjects = res.loc[res["check_id"] == "S-ADMINISTRATIONS", "subject"].tolist()
    assert subjects and all(s.endswith("by US administration") for s in subjects), subjects


def test_dollar_signs_in_labels_are_shown_as_written_not_as_mathematics():
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ].copy()
    part["metric_label"] = part["metric_label"] + " (cost US$5 and $6)"
    chart = charts.breakdown_bars(part, pkg, "us_administration", "test")
    labels = [t for t in chart.figure.findobj(matplotlib.text.Text) if "$" in t.get_text()]
    assert labels
    assert all(
        t._preprocess_math(t.get_text()) == (t.get_text(), False) for t in labels
    )  # False: not mathtext
    chart.svg()  # drawing (inside the style) keeps them plain
    ticks = [t for t in chart.figure.axes[0].get_xticklabels() if "$" in t.get_text()]
    assert ticks and all(t._preprocess_math(t.get_text())[1] is False for t in ticks)


def test_a_chart_describes_itself_in_words_for_its_alt_text():
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    chart = charts.breakdown_bars(
        part, pkg, "us_administration", "snhr-2018-09__by-us-administration"
    )
    assert chart.description == (
        "More civilians killed under Trump (1,856) than under Obama (976). "
        "By US administration, Syria. Periods as the report divides them. "
        "Source: SNHR as carried by VOP Today News (paragraph 11). Chart: civcas-notebooks. "
        "Data: figures/snhr-2018-09__by-us-administration.csv."
    )
    _, meta = chart._repr_mimebundle_()
    assert meta["civcas"]["alt"] == chart.description


def test_the_house_style_is_in_force_while_a_chart_is_built():
    """matplotlib takes most settings when an axis or text is made: a chart built outside the style
    kept a full box and default colours although STYLE said otherwise."""
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    chart = charts.breakdown_bars(part, pkg, "us_administration", "test")
    ax = chart.figure.axes[0]
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.spines["left"].get_edgecolor()[:3] == (0.2, 0.2, 0.2)  # #333333
    chart.svg()  # and every text that shows anything, once drawn, is plain text (no mathtext)
    shown = [t for t in chart.figure.findobj(matplotlib.text.Text) if t.get_text()]
    assert len(shown) > 10 and not [t.get_text() for t in shown if t.get_parse_math()]


def _overlapping_labels(chart) -> list[tuple[str, str]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = chart.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    out = []
    for ax in fig.axes:
        boxes = [
            (t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text().strip()
        ]
        out += [
            (a, b)
            for k, (a, box) in enumerate(boxes)
            for b, other in boxes[k + 1 :]
            if box.overlaps(other)
        ]
    return out


def test_no_label_is_drawn_over_another_in_any_published_chart(pkg):
    """Every chart the reports publish (each report's, the overview's, each timeline's): within a
    panel, no two labels overlap. On the timeline's squeezed panel, the article's 1,069 was drawn
    over the release label 1,061 until claims' labels were lifted clear (charts._lift_clear)."""
    from helpers.present import chartsets, views

    published = [c for rid in pkg.reports["report_id"] for c in views.report_charts(pkg, rid)]
    published += [views.latest_tolls(pkg), chartsets.check_grid(pkg)] + [
        views.timeline(pkg, s) for s in views.series_list(pkg)
    ]
    # charts of a single bar or one value are not drawn (chartsets.compares)
    assert len(published) >= 6
    for chart in published:
        assert _overlapping_labels(chart) == [], chart.name
